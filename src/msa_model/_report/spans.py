"""Reading CSV files of time spans: outages for `msa credits`, work for `msa charges`.

A file has a header row naming the columns: a key column (`service` or
`line`), `start`, `end` and optionally `description`, each once. Times are
ISO 8601; without an offset they are local to a given zone and refused when
the clocks skip or repeat them. Every error names the line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Final, TypeVar

from msa_model._model.calendar import BusinessCalendar
from msa_model._report.files import read_file
from msa_model.errors import LocalTimeError, MsaError, ValidationError

__all__ = ["MAX_ROWS", "SpanFileError", "read_spans"]

MAX_ROWS: Final = 100_000
"""Most rows read from one file."""

T = TypeVar("T")
Build = Callable[[str, dt.datetime, dt.datetime, str | None], T]


class SpanFileError(MsaError):
    """A file of spans that cannot be read; the message names the line."""


def read_spans(name: str, key: str, zone: BusinessCalendar, build: Build[T]) -> tuple[T, ...]:
    """Read the CSV file `name` into objects made by `build(key, start, end, description)`.

    Naive times are local to `zone`'s time zone.

    Raises:
        UnreadableError: The file cannot be read.
        SpanFileError: A row is not a span; the message names the line and column.
    """
    columns_allowed = (key, "start", "end", "description")
    reader = csv.reader(io.StringIO(read_file(name), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise SpanFileError(f"is empty: the first line must name the columns {key},start,end")
        columns = [column.strip() for column in header]
        extra = [c for c in columns if c not in columns_allowed]
        missing = [c for c in columns_allowed[:3] if c not in columns]
        if extra or missing or len(set(columns)) != len(columns):
            msg = (
                f"line 1: the columns must be {key}, start, end and optionally description, "
                f"each once (got {', '.join(columns) or 'none'})"
            )
            raise SpanFileError(msg)
        found: list[T] = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(found) >= MAX_ROWS:
                raise SpanFileError(f"has more than {MAX_ROWS} rows")
            if len(row) != len(columns):
                msg = f"line {reader.line_num}: expected {len(columns)} cells (got {len(row)})"
                raise SpanFileError(msg)
            cells = dict(zip(columns, row, strict=True))
            found.append(_span(cells, key, reader.line_num, zone, build))
    except csv.Error as error:
        raise SpanFileError(f"line {reader.line_num}: {error}") from None
    return tuple(found)


def _span(cells: dict[str, str], key: str, line: int, zone: BusinessCalendar, build: Build[T]) -> T:
    times = {name: _time(cells[name].strip(), name, line, zone) for name in ("start", "end")}
    description = cells.get("description", "").strip() or None
    try:
        return build(cells[key].strip(), times["start"], times["end"], description)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, p.path))}: {p.message}" for p in error.problems)
        raise SpanFileError(f"line {line}: {problems}") from None


def _time(text: str, column: str, line: int, zone: BusinessCalendar) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        msg = f"line {line}, {column}: must be an ISO 8601 date and time (got {text!r})"
        raise SpanFileError(msg) from None
    if moment.tzinfo is not None:
        return moment
    try:
        return zone.localize(moment)
    except LocalTimeError as error:
        raise SpanFileError(f"line {line}, {column}: {error}") from None
