"""`msa dates`: an agreement's key dates, and the renewal radar over many agreements.

One file gives its key dates (`Agreement.key_dates`). Several files or a
directory give the radar: every notice deadline, renewal and expiry that
falls in the window, one row per agreement and event, sorted by date and
file. The window is the one `Agreement.key_dates` looks at: from `as_of`
up to, but not including, `as_of + within` (docs/cli.md).

Large scans load files in a pool of processes, in chunks, and put the
results back in scan order, so the output never depends on the pool.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gc
import json
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Final, TextIO

import attrs
import pendulum

from msa_model._engines.schedule import add_days, date_of
from msa_model._engines.termdates import to_length
from msa_model._json.codec import loads
from msa_model._model.agreement import Agreement
from msa_model._model.dates import KeyDate, KeyDateKind
from msa_model._model.timeline import key_dates
from msa_model._report.files import UnreadableError, read_file
from msa_model._report.ics import Entry, calendar_bytes, require_icalendar
from msa_model._values.period import Period
from msa_model.errors import MsaError, ParseError, Problem, ValidationError

__all__ = [
    "DATES_USAGE",
    "FileResult",
    "Options",
    "RadarEvent",
    "parse_as_of",
    "parse_within",
    "radar_events",
    "run",
    "scan",
]

DATES_USAGE: Final = (
    "msa dates [-h] [--as-of DATE] [--within PERIOD] [--format {table,json}] [--ics FILE] "
    "FILE|DIR [FILE|DIR ...]"
)
OK, INVALID, USAGE = 0, 1, 2

POOL_THRESHOLD: Final = 200
"""Scans of more files than this load them in a pool of processes."""
PROGRESS_THRESHOLD: Final = 50
"""Scans of more files than this show a progress count on a terminal."""
MAX_CHUNK: Final = 100
"""Most files one pool task loads: small enough that no worker waits long for the last."""
MAX_PERIODS: Final = 10_000
"""Most term periods the radar walks through for one agreement."""

_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ORDER: Final = {kind: index for index, kind in enumerate(KeyDateKind)}

Progress = Callable[[int, int], None]


def parse_as_of(text: str) -> pendulum.Date:
    """Read `--as-of`: a calendar day written exactly `YYYY-MM-DD`.

    Raises:
        argparse.ArgumentTypeError: The text is not such a day.

    Example:
        >>> parse_as_of("2024-02-29")
        Date(2024, 2, 29)
    """
    if _DATE.fullmatch(text):
        try:
            return pendulum.Date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"must be a day written YYYY-MM-DD (got {text!r})")


def parse_within(text: str) -> Period:
    """Read `--within`: a non-zero ISO 8601 period such as `P90D` or `P6M`.

    Raises:
        argparse.ArgumentTypeError: The text is not such a period.
    """
    try:
        period = Period.parse(text)
    except (ParseError, ValidationError) as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if period.is_zero:
        raise argparse.ArgumentTypeError(f"must not be zero (got {text!r})")
    return period


@attrs.frozen
class RadarEvent:
    """A notice deadline, renewal or expiry of one agreement, found in the window.

    Attributes:
        day: The date.
        kind: `notice_deadline`, `renewal` or `expiry`.
        description: In words, as in `Agreement.key_dates`.
        agreement_id: Id of the agreement.
        client: Legal name of the client.
        file: The file the agreement was read from, as named on the command line.
    """

    day: pendulum.Date
    kind: KeyDateKind
    description: str
    agreement_id: str
    client: str
    file: str


@attrs.frozen
class FileResult:
    """What scanning one file found.

    Attributes:
        file: The file, as named on the command line.
        events: The radar events of a valid agreement.
        problems: Every problem of an invalid document.
        error: Why the file could not be read or its dates computed.
    """

    file: str
    events: tuple[RadarEvent, ...] = ()
    problems: tuple[Problem, ...] = ()
    error: str | None = None

    @property
    def failed(self) -> bool:
        """Tell whether the file is invalid or could not be used."""
        return bool(self.problems) or self.error is not None


def _load(name: str, text: str | None) -> Agreement:
    """Load `name`, or `text` when the caller has read it already (standard input)."""
    return loads(read_file(name) if text is None else text)


def window_end(as_of: pendulum.Date, within: Period) -> pendulum.Date:
    """Return the last day of the window: `as_of + within` less one day.

    Raises:
        OutOfRangeError: The window ends after 9999-12-31.
    """
    return add_days(to_length(within).after(as_of), -1)


_RADAR_KINDS: Final = frozenset(
    {KeyDateKind.NOTICE_DEADLINE, KeyDateKind.RENEWAL, KeyDateKind.EXPIRY}
)


def radar_events(
    agreement: Agreement, as_of: pendulum.Date, end: pendulum.Date, file: str
) -> tuple[RadarEvent, ...]:
    """Return the agreement's notice deadlines, renewals and expiry from `as_of` to `end`.

    These are the key dates of those kinds that fall in the window
    (`Agreement.key_dates`), so one file and the radar always agree.
    """
    client = agreement.client.legal_name
    return tuple(
        RadarEvent(item.day, item.kind, item.description, agreement.id, client, file)
        for item in key_dates(agreement, as_of, end, _RADAR_KINDS)
        if as_of <= item.day <= end
    )


def scan_file(name: str, text: str | None, as_of: pendulum.Date, end: pendulum.Date) -> FileResult:
    """Load one file and find its radar events; never raises for a bad file."""
    try:
        agreement = _load(name, text)
        return FileResult(name, events=radar_events(agreement, as_of, end, name))
    except ValidationError as error:
        return FileResult(name, problems=error.problems)
    except (UnreadableError, MsaError) as error:
        return FileResult(name, error=str(error))


_Packed = tuple[str, tuple[tuple[int, str, str, str, str], ...], tuple[Problem, ...], str | None]
"""A `FileResult` as a worker sends it back: days as ordinals, kinds as their values."""
_KINDS: Final = {kind.value: kind for kind in KeyDateKind}


def _pack(result: FileResult) -> _Packed:
    """Flatten a result into plain values, which pickle several times faster than objects."""
    events = tuple(
        (
            event.day.toordinal(),
            event.kind.value,
            event.description,
            event.agreement_id,
            event.client,
        )
        for event in result.events
    )
    return result.file, events, result.problems, result.error


def _unpack(packed: _Packed) -> FileResult:
    file, events, problems, error = packed
    return FileResult(
        file,
        tuple(
            RadarEvent(date_of(day), _KINDS[kind], description, agreement_id, client, file)
            for day, kind, description, agreement_id, client in events
        ),
        problems,
        error,
    )


def _scan_chunk(
    items: Sequence[tuple[str, str | None]], as_of: pendulum.Date, end: pendulum.Date
) -> list[_Packed]:
    """Scan a chunk of files in a worker, without cyclic garbage collection until its end.

    Reading an agreement makes many objects and almost no cycles, so the
    collector's passes during a chunk cost time and find little; one
    collection after the chunk frees what cycles there are. With the
    collector off, every object made during the chunk stays in the youngest
    generation, so collecting that one is enough: a full collection would
    also walk every module and class of the process, chunk after chunk. The
    results travel back packed (`_pack`).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [_pack(scan_file(name, text, as_of, end)) for name, text in items]
    finally:
        if enabled:
            gc.collect(0)
            gc.enable()


def expand(names: Sequence[str]) -> list[str]:
    """Return the files to scan: each name, directories replaced by their `*.json` files.

    A directory is searched recursively (without following links to other
    directories) and its files are sorted by path; a name given twice is
    scanned once.
    """
    found: dict[str, None] = {}
    for name in names:
        if name != "-" and Path(name).is_dir():
            folder = str(Path(name))
            found.update((path, None) for path in sorted(_json_files(folder), key=_path_key))
        else:
            found[name] = None
    return list(found)


def _path_key(path: str) -> list[str]:
    """Sort key of a path, part by part (as `Path` sorts), cheaper than building a `Path`."""
    return path.split(os.sep)  # noqa: PTH206 # a Path per file costs more than the scan of its entry


def _json_files(folder: str) -> Iterator[str]:
    """Yield the regular `*.json` files under `folder`, not following links to directories.

    `os.scandir` tells files from directories without a `stat` call per entry.
    A folder that cannot be listed is passed over, as `os.walk` does.
    """
    folders = [folder]
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.endswith(".json") and entry.is_file():
                    yield entry.path


def scan(
    files: Sequence[str],
    as_of: pendulum.Date,
    end: pendulum.Date,
    *,
    stdin: str | None = None,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Scan `files` in order; more than `POOL_THRESHOLD` of them in a pool of processes.

    Args:
        files: The files, `-` for standard input (whose text is `stdin`).
        as_of: First day of the window.
        end: Last day of the window.
        stdin: The text read from standard input, if `-` is among the files.
        progress: Called with (files done, files in all) as the scan goes.

    Returns:
        One result per file, in the order of `files`.
    """
    items = [(name, stdin if name == "-" else None) for name in files]
    total = len(items)
    if total <= POOL_THRESHOLD:
        results: list[FileResult] = []
        step = max(1, total // 100)
        for name, text in items:
            results.append(scan_file(name, text, as_of, end))
            if progress is not None and (len(results) % step == 0 or len(results) == total):
                progress(len(results), total)
        return results
    workers = os.cpu_count() or 1
    size = max(1, min(MAX_CHUNK, -(-total // (workers * 8))))
    chunks = [items[index : index + size] for index in range(0, total, size)]
    done: dict[int, list[_Packed]] = {}
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        futures = {
            pool.submit(_scan_chunk, chunk, as_of, end): index for index, chunk in enumerate(chunks)
        }
        count = 0
        for future in concurrent.futures.as_completed(futures):
            done[futures[future]] = future.result()
            count += len(done[futures[future]])
            if progress is not None:
                progress(count, total)
    return [_unpack(packed) for index in range(len(chunks)) for packed in done[index]]


def _context() -> multiprocessing.context.BaseContext:
    """Choose how workers start: forked when that is safe, else from a fork server.

    Forking is the fastest (the modules are loaded already) and does not run
    the caller's main module again, but it is safe only in a process with
    one thread: a lock another thread holds would stay locked in the child.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _terminal_progress(err: TextIO) -> Progress:
    def show(done: int, total: int) -> None:
        err.write(f"\r  {done}/{total} files")
        if done == total:
            err.write("\n")
        err.flush()

    return show


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Lay out rows in columns two spaces apart, with a header line."""
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        + "\n"
        for row in [header, *rows]
    )


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def key_dates_table(dates: Sequence[KeyDate]) -> str:
    """Render key dates as a table: date, kind, description, ref."""
    rows = [(str(item.day), item.kind.value, item.description, item.ref or "") for item in dates]
    return _table(("date", "kind", "description", "ref"), rows)


def key_dates_json(dates: Sequence[KeyDate]) -> str:
    """Render key dates as a JSON list of objects: date, kind, description, ref."""
    return _json(
        [
            {
                "date": str(item.day),
                "kind": item.kind.value,
                "description": item.description,
                "ref": item.ref,
            }
            for item in dates
        ]
    )


def radar_rows(results: Sequence[FileResult]) -> list[RadarEvent]:
    """Return every event of the scan, sorted by date, then file, then kind."""
    events = [event for result in results for event in result.events]
    parts = {result.file: Path(result.file).parts for result in results}
    return sorted(events, key=lambda event: (event.day, parts[event.file], _ORDER[event.kind]))


def radar_table(events: Sequence[RadarEvent], as_of: pendulum.Date, end: pendulum.Date) -> str:
    """Render the radar as a table: date, event, agreement, client, file."""
    if not events:
        return f"No notice deadline, renewal or expiry from {as_of} to {end}.\n"
    rows = [
        (str(event.day), event.kind.value, event.agreement_id, event.client, event.file)
        for event in events
    ]
    return _table(("date", "event", "agreement", "client", "file"), rows)


def radar_json(events: Sequence[RadarEvent], results: Sequence[FileResult]) -> str:
    """Render the radar as JSON: `{"events": [...], "invalid": [...]}`."""
    return _json(
        {
            "events": [
                {
                    "date": str(event.day),
                    "event": event.kind.value,
                    "description": event.description,
                    "agreement": event.agreement_id,
                    "client": event.client,
                    "file": event.file,
                }
                for event in events
            ],
            "invalid": [
                {
                    "file": result.file,
                    "problems": [
                        {"path": problem.location, "message": problem.message}
                        for problem in result.problems
                    ],
                    **({"error": result.error} if result.error is not None else {}),
                }
                for result in results
                if result.failed
            ],
        }
    )


def report_failure(result: FileResult, err: TextIO) -> None:
    """Write why a file failed as `msa validate` does: the file, then each problem."""
    if result.error is not None:
        err.write(f"{result.file}: ERROR {result.error}\n")
        return
    count = len(result.problems)
    err.write(f"{result.file}: INVALID ({count} problem{'s' if count > 1 else ''})\n")
    err.writelines(f"  {problem}\n" for problem in result.problems)


def _usage_error(message: str, err: TextIO) -> int:
    err.write(f"usage: {DATES_USAGE}\nmsa dates: error: {message}\n")
    return USAGE


@attrs.frozen(kw_only=True)
class Options:
    """The options of `msa dates`.

    Attributes:
        as_of: First day of the window.
        within: Length of the window.
        output: `table` or `json`.
        ics: Where to write an iCalendar file too, if anywhere.
    """

    as_of: pendulum.Date
    within: Period
    output: str = "table"
    ics: str | None = None


def run(names: Sequence[str], options: Options, out: TextIO, err: TextIO) -> int:
    """Run `msa dates`: key dates of one file, or the radar over several files and directories.

    Returns:
        The exit status: 0 success, 1 an invalid or unreadable file, 2 usage error.
    """
    try:
        end = window_end(options.as_of, options.within)
    except MsaError as error:
        return _usage_error(f"--within {options.within} from {options.as_of}: {error}", err)
    if options.ics is not None:
        try:
            require_icalendar()
        except MsaError as error:
            err.write(f"msa dates: {error}\n")
            return INVALID
    if len(names) == 1 and (names[0] == "-" or not Path(names[0]).is_dir()):
        return _single(names[0], options, out, err)
    return _radar(names, options, end, out, err)


def _single(name: str, options: Options, out: TextIO, err: TextIO) -> int:
    try:
        agreement = _load(name, None)
        dates = agreement.key_dates(options.as_of, options.within)
    except ValidationError as error:
        report_failure(FileResult(name, problems=error.problems), err)
        return INVALID
    except (UnreadableError, MsaError) as error:
        report_failure(FileResult(name, error=str(error)), err)
        return INVALID
    out.write(key_dates_json(dates) if options.output == "json" else key_dates_table(dates))
    if options.ics is None:
        return OK
    client = agreement.client.legal_name
    entries = [
        Entry(item.day, item.kind, item.description, agreement.id, client, item.ref)
        for item in dates
    ]
    return _write_ics(options.ics, entries, options.as_of, err)


def _radar(
    names: Sequence[str], options: Options, end: pendulum.Date, out: TextIO, err: TextIO
) -> int:
    files = expand(names)
    stdin = read_file("-") if "-" in files else None
    progress = _terminal_progress(err) if len(files) > PROGRESS_THRESHOLD and err.isatty() else None
    results = scan(files, options.as_of, end, stdin=stdin, progress=progress)
    events = radar_rows(results)
    failed = [result for result in results if result.failed]
    for result in failed:
        report_failure(result, err)
    if options.output == "json":
        out.write(radar_json(events, results))
    else:
        out.write(radar_table(events, options.as_of, end))
    status = INVALID if failed else OK
    if options.ics is None:
        return status
    entries = [
        Entry(event.day, event.kind, event.description, event.agreement_id, event.client)
        for event in events
    ]
    return max(status, _write_ics(options.ics, entries, options.as_of, err))


def _write_ics(name: str, entries: Sequence[Entry], as_of: pendulum.Date, err: TextIO) -> int:
    data = calendar_bytes(entries, as_of)
    try:
        Path(name).write_bytes(data)
    except OSError as error:
        err.write(f"msa dates: cannot write {name}: {error.strerror or error}\n")
        return INVALID
    return OK
