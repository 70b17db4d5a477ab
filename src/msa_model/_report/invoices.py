"""`msa invoices` and `msa charges`: billing periods, and the charges of one period.

`msa invoices FILE --through YYYY-MM` lists the billing periods with their
invoice and due days. `msa charges FILE --period YYYY-MM` itemises the
billing period containing the first day of that month (or the day given as
YYYY-MM-DD), with unit counts from `--quantity KEY=N` (a count from a day
within the period: `KEY=N@YYYY-MM-DD`) and index values from
`--index NAME=FILE.csv`, and time worked under hourly lines and blocks of hours
from `--usage FILE.csv` (docs/cli.md).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Final, TextIO

import attrs
import pendulum

from msa_model._model.agreement import Agreement
from msa_model._model.calendar import BusinessCalendar
from msa_model._model.invoicing import BillingPeriod, Charges, MissingInputError, Quantity, Work
from msa_model._report.files import UnreadableError, read_file
from msa_model._report.spans import SpanFileError, read_spans
from msa_model._values.money import Money
from msa_model.errors import MsaError

__all__ = [
    "CHARGES_USAGE",
    "INVOICES_USAGE",
    "ChargeOptions",
    "parse_day_or_month",
    "parse_index",
    "parse_month_end",
    "parse_quantity",
    "run_charges",
    "run_invoices",
]

INVOICES_USAGE: Final = "msa invoices [-h] --through YYYY-MM [--format {table,json}] FILE"
CHARGES_USAGE: Final = (
    "msa charges [-h] --period YYYY-MM [--quantity KEY=N[@DATE] ...] [--index NAME=FILE.csv ...] "
    "[--usage FILE.csv] [--locale LOCALE] [--format {table,json}] FILE"
)
OK, INVALID, USAGE = 0, 1, 2
MAX_INDEX_ROWS: Final = 10_000
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_QUANTITY = re.compile(
    r"([A-Za-z0-9][A-Za-z0-9_.\-]*)=([0-9]{1,9})(?:@([0-9]{4}-[0-9]{2}-[0-9]{2}))?"
)


def _day(text: str) -> pendulum.Date:
    try:
        return pendulum.Date.fromisoformat(text)
    except ValueError:
        msg = f"must be a day YYYY-MM-DD (got {text!r})"
        raise argparse.ArgumentTypeError(msg) from None


def _month_or_day(text: str) -> tuple[pendulum.Date, bool]:
    """Read `YYYY-MM` (its first day, True) or `YYYY-MM-DD` (the day, False)."""
    if _DAY.fullmatch(text):
        return _day(text), False
    match = _MONTH.fullmatch(text)
    if match is None:
        msg = f"must be a month YYYY-MM or a day YYYY-MM-DD (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return pendulum.Date(int(match.group(1)), int(match.group(2)), 1), True


def parse_month_end(text: str) -> pendulum.Date:
    """Read `--through YYYY-MM` (its last day) or `YYYY-MM-DD` (an argparse type)."""
    day, is_month = _month_or_day(text)
    return day.end_of("month") if is_month else day


def parse_day_or_month(text: str) -> pendulum.Date:
    """Read `--period YYYY-MM` (its first day) or `YYYY-MM-DD` (an argparse type)."""
    return _month_or_day(text)[0]


def parse_quantity(text: str) -> tuple[str, int, pendulum.Date | None]:
    """Read `--quantity KEY=N` or `KEY=N@YYYY-MM-DD` (an argparse type)."""
    match = _QUANTITY.fullmatch(text)
    if match is None:
        msg = f"must be KEY=N or KEY=N@YYYY-MM-DD, e.g. devices=42 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    day = None if match.group(3) is None else _day(match.group(3))
    return match.group(1), int(match.group(2)), day


def parse_index(text: str) -> tuple[str, str]:
    """Read `--index NAME=FILE.csv` (an argparse type); the name may contain spaces."""
    name, sep, path = text.rpartition("=")
    if not sep or not name.strip() or not path:
        msg = f"must be NAME=FILE.csv, e.g. 'US CPI-U=cpi.csv' (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return name.strip(), path


def run_invoices(agreement: Agreement, through: pendulum.Date, output: str, out: TextIO) -> int:
    """Write the billing periods up to the one containing `through`."""
    periods = agreement.billing_periods(through)
    if output == "json":
        out.write(json.dumps([_period_json(p) for p in periods], indent=2) + "\n")
        return OK
    header = ("#", "First day", "Last day", "Days", "Invoice", "Due")
    rows = [header] + [
        (
            str(p.index),
            str(p.start),
            str(p.end),
            f"{p.days}/{p.period_days}" if p.is_partial else str(p.days),
            str(p.invoice_day),
            str(p.due_day),
        )
        for p in periods
    ]
    _table(rows, out, right=(0, 3))
    return OK


@attrs.frozen
class ChargeOptions:
    """What `msa charges` was asked."""

    day: pendulum.Date
    quantities: tuple[tuple[str, int, pendulum.Date | None], ...]
    indexes: tuple[tuple[str, str], ...]
    locale: str
    output: str
    work: str | None = None


def run_charges(agreement: Agreement, options: ChargeOptions, out: TextIO, err: TextIO) -> int:
    """Write the charges of the billing period containing `options.day`."""
    periods = agreement.billing_periods(options.day)
    period = next((p for p in periods if p.start <= options.day <= p.end), None)
    if period is None:
        start = agreement.term.start
        return _usage(err, f"no billing period contains {options.day}: service runs from {start}")
    try:
        quantities = _quantities(options.quantities, period)
        indexes = {name: _index(path) for name, path in options.indexes}
        work = () if options.work is None else _work(options.work, agreement)
    except (ValueError, UnreadableError) as error:
        err.write(f"msa charges: {error}\n")
        return INVALID
    try:
        found = agreement.charges(period, quantities=quantities, indexes=indexes, work=work)
    except MissingInputError as error:
        return _usage(err, str(error))
    except (MsaError, ValueError) as error:
        err.write(f"msa charges: {error}\n")
        return INVALID
    if options.output == "json":
        out.write(json.dumps(_charges_json(found), indent=2) + "\n")
        return OK
    _charges_table(found, options.locale, out)
    return OK


def _work(path: str, agreement: Agreement) -> tuple[Work, ...]:
    """Read a work file: CSV `line,start,end[,description]`; naive times in the SLA's zone."""

    def work(line: str, start: dt.datetime, end: dt.datetime, text: str | None) -> Work:
        return Work(line=line, start=start, end=end, description=text)

    zone = BusinessCalendar.always_open(agreement.sla.zone)
    try:
        return read_spans(path, "line", zone, work)
    except SpanFileError as error:
        raise ValueError(f"{path}: {error}") from None


def _quantities(
    given: Sequence[tuple[str, int, pendulum.Date | None]], period: BillingPeriod
) -> dict[str, Quantity]:
    """Counts by key: one number, or changes within the period."""
    changes: dict[str, list[tuple[pendulum.Date, int]]] = {}
    for key, count, day in given:
        start = period.start if day is None else day
        if not period.start <= start <= period.end:
            span = f"{period.start} to {period.end}"
            msg = f"--quantity {key}={count}@{day}: the day is outside the period {span}"
            raise ValueError(msg)
        if any(existing == start for existing, _ in changes.get(key, [])):
            msg = f"--quantity {key} is given twice for {start}"
            raise ValueError(msg)
        changes.setdefault(key, []).append((start, count))
    return {key: sorted(days) for key, days in changes.items()}


def _index(path: str) -> dict[pendulum.Date, Decimal]:
    """Read an index series: CSV rows `day,value` with a header row `day,value`."""
    reader = csv.reader(io.StringIO(read_file(path), newline=""))
    header = next(reader, None)
    if header is None or [cell.strip() for cell in header] != ["day", "value"]:
        msg = f"{path}: the first line must be the header day,value"
        raise ValueError(msg)
    series: dict[pendulum.Date, Decimal] = {}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        if len(series) >= MAX_INDEX_ROWS or len(row) != 2:  # day and value
            msg = (
                f"{path} line {line}: expected two cells, day and value, "
                f"and at most {MAX_INDEX_ROWS} rows"
            )
            raise ValueError(msg)
        try:
            day = pendulum.Date.fromisoformat(row[0].strip())
            value = Decimal(row[1].strip())
        except (ValueError, InvalidOperation):
            msg = f"{path} line {line}: expected a day YYYY-MM-DD and a decimal value (got {row!r})"
            raise ValueError(msg) from None
        if not value.is_finite() or value <= 0 or day in series:
            msg = f"{path} line {line}: the value must be positive and each day appear once"
            raise ValueError(msg)
        series[day] = value
    return series


def _charges_table(found: Charges, locale: str, out: TextIO) -> None:
    period = found.period
    out.write(
        f"Billing period {period.start} to {period.end}"
        f"{f' ({period.days} of {period.period_days} days)' if period.is_partial else ''}, "
        f"invoiced {period.invoice_day}, due {period.due_day}\n"
    )
    rows = [("Line", "Days", "Qty", "Price", "Amount")]
    rows.extend(
        (
            line.line,
            f"{line.start}..{line.end}",
            "" if line.quantity is None else str(line.quantity),
            "" if line.price is None else line.price.format(locale),
            line.amount.format(locale),
        )
        for line in found.lines
    )
    rows.append(("Total", "", "", "", found.total.format(locale)))
    _table(rows, out, right=(2, 3, 4))


def _table(rows: Sequence[Sequence[str]], out: TextIO, right: tuple[int, ...]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (
            cell.rjust(width) if index in right else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        out.write("  ".join(cells).rstrip() + "\n")


def _money(amount: Money | None) -> dict[str, str] | None:
    return None if amount is None else {"amount": str(amount.amount), "currency": amount.currency}


def _period_json(period: BillingPeriod) -> dict[str, object]:
    return {
        "index": period.index,
        "start": str(period.start),
        "end": str(period.end),
        "days": period.days,
        "period_days": period.period_days,
        "invoice_day": str(period.invoice_day),
        "due_day": str(period.due_day),
    }


def _charges_json(found: Charges) -> dict[str, object]:
    return {
        "period": _period_json(found.period),
        "lines": [
            {
                "line": line.line,
                "kind": line.kind.value,
                "description": line.description,
                "start": str(line.start),
                "end": str(line.end),
                "quantity": line.quantity,
                "price": _money(line.price),
                "amount": _money(line.amount),
                "service": line.service,
            }
            for line in found.lines
        ],
        "total": _money(found.total),
    }


def _usage(err: TextIO, message: str) -> int:
    err.write(f"usage: {CHARGES_USAGE}\nmsa charges: error: {message}\n")
    return USAGE
