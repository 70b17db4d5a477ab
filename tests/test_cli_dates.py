"""Tests of `msa dates`: key dates, the renewal radar and the iCalendar export, through `main`."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import icalendar
import pendulum
import pytest

from msa_model._report import dates
from msa_model.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbor-point-managed-it.json"
MONTHLY = ROOT / "examples" / "month-to-month-hourly.json"

# The bundled example: term start 2025-02-01, P36M, yearly renewals, P90D notice. The initial
# term ends 2028-01-31; 90 days before it is 2027-11-02. From 2027-11-01 a P60D window runs to
# 2027-12-30 (2027-11-01 + 60 days = 2027-12-31, not included): the monthly reports of 11-05
# and 12-05 fall in it, the restore test of 2027-12-31 does not.
EXAMPLE_TABLE = """\
date        kind             description                                                                     ref
2025-01-15  effective        The agreement takes effect
2025-02-01  service_start    Services start
2025-02-01  period_start     The initial term starts
2027-11-02  notice_deadline  Last day to give notice of non-renewal (P90D) for the period ending 2028-01-31
2027-11-05  obligation       Due: Monthly service report                                                     monthly-report
2027-12-05  obligation       Due: Monthly service report                                                     monthly-report
2028-01-31  period_end       The initial term ends
2028-02-01  renewal          The term renews for renewal period 1
"""  # noqa: E501 # the table as printed

DEADLINE_TEXT = "Last day to give notice of non-renewal (P90D) for the period ending 2028-01-31"


class _Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _variant(
    path: Path,
    *,
    start: str,
    ident: str,
    client: str,
    mode: str = "automatic",
    source: Path = EXAMPLE,
    notice: str | None = None,
) -> Path:
    """Write the example with another start, id, client and renewal mode to `path`."""
    document: dict[str, Any] = json.loads(source.read_text())
    document["id"] = ident
    document["signed_on"] = document["effective_on"] = document["service_start_on"] = start
    document["term"]["start"] = start
    if mode == "none":
        document["term"]["renewal"] = {"mode": "none"}
    else:
        document["term"]["renewal"]["mode"] = mode
    if notice is not None:
        document["term"]["notice"]["length"] = notice
    next(p for p in document["parties"] if p["role"] == "client")["legal_name"] = client
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    return path


def _invalid(path: Path) -> Path:
    document = json.loads(EXAMPLE.read_text())
    document["fees"]["lines"][2]["unit_price"]["amount"] = "-5.00"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    return path


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder `agreements` of variants of the example, one invalid; the working directory.

    From 2026-01-01 a P90D window runs to 2026-03-31:
    - a.json starts 2023-03-01: the initial term ends 2026-02-28 and renews on 2026-03-01
      (its deadline, 2025-11-30, lies before the window);
    - b.json starts 2023-05-01: the initial term ends 2026-04-30, 90 days before is 2026-01-30
      (the renewal on 2026-05-01 lies after the window);
    - c.json starts 2024-01-01: deadline 2026-10-02, renewal 2027-01-01, nothing in the window;
    - later/d.json has no renewal and starts 2023-02-01: it expires on 2026-01-31;
    - later/e.json renews manually from 2023-06-01: notice to renew by 2026-03-02 (90 days
      before 2026-05-31), expiry 2026-05-31 after the window;
    - later/zz-bad.json is invalid.
    """
    folder = tmp_path / "agreements"
    _variant(folder / "a.json", start="2023-03-01", ident="MSA-A", client="Client-A")
    _variant(folder / "b.json", start="2023-05-01", ident="MSA-B", client="Client-B")
    _variant(folder / "c.json", start="2024-01-01", ident="MSA-C", client="Client-C")
    _variant(
        folder / "later" / "d.json",
        start="2023-02-01",
        ident="MSA-D",
        client="Client-D",
        mode="none",
    )
    _variant(
        folder / "later" / "e.json",
        start="2023-06-01",
        ident="MSA-E",
        client="Client-E",
        mode="manual",
    )
    _invalid(folder / "later" / "zz-bad.json")
    (folder / "notes.txt").write_text("not an agreement")
    monkeypatch.chdir(tmp_path)
    return folder


RADAR_TABLE = """\
date        event            agreement  client    file
2026-01-30  notice_deadline  MSA-B      Client-B  agreements/b.json
2026-01-31  expiry           MSA-D      Client-D  agreements/later/d.json
2026-03-01  renewal          MSA-A      Client-A  agreements/a.json
2026-03-02  notice_deadline  MSA-E      Client-E  agreements/later/e.json
"""

BAD_REPORT = (
    "agreements/later/zz-bad.json: INVALID (1 problem)\n"
    "  $.fees.lines[2].unit_price: must not be negative (got '-5.00')\n"
)


# --- one file: key dates ---------------------------------------------------------------------


def test_one_file_prints_its_key_dates_as_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """One file gives its key dates: date, kind, description, ref, in a P60D window."""
    status = main(["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--within", "P60D"])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.out == EXAMPLE_TABLE
    assert captured.err == ""


def test_one_file_json_lists_key_dates_with_iso_days(capsys: pytest.CaptureFixture[str]) -> None:
    """`--format json` gives a list of objects with date, kind, description and ref, in order."""
    status = main(
        ["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--within", "P60D", "--format", "json"]
    )

    out = capsys.readouterr().out
    report = json.loads(out)
    assert status == 0
    assert report[3] == {
        "date": "2027-11-02",
        "kind": "notice_deadline",
        "description": DEADLINE_TEXT,
        "ref": None,
    }
    assert report[4] == {
        "date": "2027-11-05",
        "kind": "obligation",
        "description": "Due: Monthly service report",
        "ref": "monthly-report",
    }
    assert [item["date"] for item in report] == [
        line[:10] for line in EXAMPLE_TABLE.splitlines()[1:]
    ]
    assert all(list(item) == ["date", "kind", "description", "ref"] for item in report)


@pytest.mark.parametrize(
    ("within", "last_obligation"),
    [
        pytest.param("P60D", "2027-12-05", id="P60D from 2027-11-01 ends 2027-12-30"),
        pytest.param("P61D", "2027-12-31", id="P61D from 2027-11-01 ends 2027-12-31"),
        pytest.param("P2M", "2027-12-31", id="P2M from 2027-11-01 ends 2027-12-31"),
        pytest.param("P3M", "2028-01-15", id="P3M from 2027-11-01 ends 2028-01-31"),
    ],
)
def test_within_sets_the_window(
    within: str, last_obligation: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--within` is the window's length: the last obligation listed moves with it."""
    main(["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--within", within, "--format", "json"])

    report = json.loads(capsys.readouterr().out)
    obligations = [item["date"] for item in report if item["kind"] == "obligation"]
    assert last_obligation == obligations[-1]


def test_within_defaults_to_ninety_days(capsys: pytest.CaptureFixture[str]) -> None:
    """Without `--within` the window is P90D."""
    main(["dates", str(EXAMPLE), "--as-of", "2027-11-01"])
    default = capsys.readouterr().out
    main(["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--within", "P90D"])

    assert capsys.readouterr().out == default
    assert "2028-01-15  obligation" in default


def test_as_of_defaults_to_today_in_utc(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without `--as-of` the window starts on today's date in UTC (read by the command line)."""
    zones: list[str] = []

    def now(zone: str) -> pendulum.DateTime:
        zones.append(zone)
        return pendulum.datetime(2027, 11, 1, 23, 30, tz=zone)

    monkeypatch.setattr(pendulum, "now", now)

    status = main(["dates", str(EXAMPLE), "--within", "P60D"])

    assert status == 0
    assert capsys.readouterr().out == EXAMPLE_TABLE
    assert zones == ["UTC"]


def test_one_file_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-` reads the agreement from standard input."""
    monkeypatch.setattr("sys.stdin", io.StringIO(EXAMPLE.read_text()))

    status = main(["dates", "-", "--as-of", "2027-11-01", "--within", "P60D"])

    assert status == 0
    assert capsys.readouterr().out == EXAMPLE_TABLE


def test_an_invalid_file_lists_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid file exits 1 with every problem and its path on standard error, as validate."""
    bad = _invalid(tmp_path / "bad.json")

    status = main(["dates", str(bad), "--as-of", "2027-11-01"])

    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert captured.err == (
        f"{bad}: INVALID (1 problem)\n"
        "  $.fees.lines[2].unit_price: must not be negative (got '-5.00')\n"
    )


def test_a_missing_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be read exits 1 with the reason, without a traceback."""
    missing = tmp_path / "missing.json"

    status = main(["dates", str(missing), "--as-of", "2027-11-01"])

    assert status == 1
    assert capsys.readouterr().err == (
        f"{missing}: ERROR cannot read {missing}: No such file or directory\n"
    )


# --- usage errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        pytest.param("--as-of", "2027-02-30", "must be a day written YYYY-MM-DD", id="no Feb 30"),
        pytest.param("--as-of", "2027-1-5", "must be a day written YYYY-MM-DD", id="no short"),
        pytest.param("--as-of", "20271105", "must be a day written YYYY-MM-DD", id="basic form"),
        pytest.param("--as-of", "2027-11-01T00:00", "must be a day written", id="no time"),
        pytest.param("--as-of", "２０２７-１１-０１", "must be a day written", id="ASCII only"),
        pytest.param("--within", "90D", "must be an ISO 8601 period", id="P required"),
        pytest.param("--within", "PT4H", "must be an ISO 8601 period", id="no hours"),
        pytest.param("--within", "-P1M", "must be an ISO 8601 period", id="no sign"),
        pytest.param("--within", "P0D", "must not be zero", id="not zero"),
    ],
)
def test_bad_option_values_are_usage_errors(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A day that is not YYYY-MM-DD or a window that is not a non-zero period exits 2."""
    status = main(["dates", str(EXAMPLE), f"{option}={value}"])

    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("usage: msa dates ")
    assert f"msa dates: error: argument {option}: {message}" in err


def test_a_window_past_year_9999_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A window that would end after 9999-12-31 exits 2 and says why."""
    status = main(["dates", str(EXAMPLE), "--as-of", "9999-12-01"])

    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines()[-1] == (
        "msa dates: error: --within P90D from 9999-12-01: "
        "9999-12-01 plus 90 days is outside years 1 to 9999"
    )


def test_an_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`--format` accepts table and json only."""
    status = main(["dates", str(EXAMPLE), "--format", "csv"])

    assert status == 2
    assert "invalid choice: 'csv'" in capsys.readouterr().err


# --- the renewal radar -----------------------------------------------------------------------


@pytest.mark.usefixtures("portfolio")
def test_radar_lists_events_in_the_window_by_date(capsys: pytest.CaptureFixture[str]) -> None:
    """Over a directory: each deadline, renewal and expiry in the window, sorted by date."""
    status = main(["dates", "agreements", "--as-of", "2026-01-01"])

    captured = capsys.readouterr()
    assert status == 1  # one file is invalid
    assert captured.out == RADAR_TABLE
    assert captured.err == BAD_REPORT


def test_radar_is_exit_0_when_every_file_is_valid(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without an invalid file the radar exits 0 and writes nothing on standard error."""
    (portfolio / "later" / "zz-bad.json").unlink()

    status = main(["dates", "agreements", "--as-of", "2026-01-01"])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.out == RADAR_TABLE
    assert captured.err == ""


@pytest.mark.usefixtures("portfolio")
def test_radar_json_gives_events_and_invalid_files(capsys: pytest.CaptureFixture[str]) -> None:
    """`--format json` gives {"events": [...], "invalid": [...]}, events in table order."""
    status = main(["dates", "agreements", "--as-of", "2026-01-01", "--format", "json"])

    report = json.loads(capsys.readouterr().out)
    assert status == 1
    assert list(report) == ["events", "invalid"]
    assert report["events"][0] == {
        "date": "2026-01-30",
        "event": "notice_deadline",
        "description": "Last day to give notice of non-renewal (P90D) for the period ending 2026-04-30",  # noqa: E501
        "agreement": "MSA-B",
        "client": "Client-B",
        "file": "agreements/b.json",
    }
    assert [(e["date"], e["event"], e["agreement"]) for e in report["events"]] == [
        ("2026-01-30", "notice_deadline", "MSA-B"),
        ("2026-01-31", "expiry", "MSA-D"),
        ("2026-03-01", "renewal", "MSA-A"),
        ("2026-03-02", "notice_deadline", "MSA-E"),
    ]
    assert report["invalid"] == [
        {
            "file": "agreements/later/zz-bad.json",
            "problems": [
                {
                    "path": "$.fees.lines[2].unit_price",
                    "message": "must not be negative (got '-5.00')",
                }
            ],
        }
    ]


def test_radar_sorts_one_day_by_file(portfolio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Events on the same day are sorted by file, whatever order the files were named in."""
    _variant(portfolio / "0-first.json", start="2023-05-01", ident="MSA-F", client="Client-F")
    _variant(portfolio / "later" / "b.json", start="2023-05-01", ident="MSA-G", client="Client-G")

    main(
        [
            "dates",
            "agreements/later/b.json",
            "agreements/b.json",
            "agreements",
            "--as-of",
            "2026-01-30",
            "--within",
            "P1D",
        ]
    )

    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert rows == [
        ["2026-01-30", "notice_deadline", "MSA-F", "Client-F", "agreements/0-first.json"],
        ["2026-01-30", "notice_deadline", "MSA-B", "Client-B", "agreements/b.json"],
        ["2026-01-30", "notice_deadline", "MSA-G", "Client-G", "agreements/later/b.json"],
    ]


@pytest.mark.usefixtures("portfolio")
def test_radar_scans_files_and_directories_together(capsys: pytest.CaptureFixture[str]) -> None:
    """Several names mix files and directories; a file named twice is scanned once."""
    status = main(
        [
            "dates",
            "agreements/b.json",
            "agreements/later",
            "agreements/b.json",
            "--as-of",
            "2026-01-01",
        ]
    )

    captured = capsys.readouterr()
    assert status == 1
    assert [line.split()[2] for line in captured.out.splitlines()[1:]] == [
        "MSA-B",
        "MSA-D",
        "MSA-E",
    ]
    assert captured.err == BAD_REPORT


@pytest.mark.usefixtures("portfolio")
def test_radar_reports_an_unreadable_file_and_goes_on(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is reported with the reason; the other files are still scanned."""
    status = main(
        ["dates", "missing.json", "agreements/b.json", "--as-of", "2026-01-01", "--format", "json"]
    )

    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert status == 1
    assert [event["agreement"] for event in report["events"]] == ["MSA-B"]
    assert report["invalid"] == [
        {
            "file": "missing.json",
            "problems": [],
            "error": "cannot read missing.json: No such file or directory",
        }
    ]
    assert (
        captured.err == "missing.json: ERROR cannot read missing.json: No such file or directory\n"
    )


@pytest.mark.usefixtures("portfolio")
def test_radar_says_when_nothing_falls_in_the_window(capsys: pytest.CaptureFixture[str]) -> None:
    """A window without events says so, naming its first and last day."""
    status = main(
        [
            "dates",
            "agreements/c.json",
            "agreements/a.json",
            "--as-of",
            "2026-04-01",
            "--within",
            "P1M",
        ]
    )

    assert status == 0
    assert capsys.readouterr().out == (
        "No notice deadline, renewal or expiry from 2026-04-01 to 2026-04-30.\n"
    )


@pytest.mark.usefixtures("portfolio")
def test_one_directory_is_a_radar(capsys: pytest.CaptureFixture[str]) -> None:
    """A single directory is scanned as a radar, not read as one agreement."""
    status = main(["dates", "agreements/later", "--as-of", "2026-01-01"])

    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[0].split() == ["date", "event", "agreement", "client", "file"]
    assert [line.split()[2] for line in lines[1:]] == ["MSA-D", "MSA-E"]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param("2025-11-01", [], id="deadline on as_of + P90D is out"),
        pytest.param(
            "2025-11-02", [("2026-01-30", "notice_deadline")], id="deadline on the last day is in"
        ),
        pytest.param(
            "2026-01-30", [("2026-01-30", "notice_deadline")], id="deadline on as_of is in"
        ),
        pytest.param("2026-01-31", [], id="deadline before as_of and renewal after the end"),
        pytest.param("2026-02-01", [("2026-05-01", "renewal")], id="renewal on the last day"),
    ],
)
def test_radar_window_bounds(
    tmp_path: Path, as_of: str, expected: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The window runs from as_of, included, to as_of + within, excluded."""
    # Start 2023-05-01: the initial term ends 2026-04-30, deadline 2026-01-30, renewal 05-01.
    _variant(tmp_path / "radar" / "b.json", start="2023-05-01", ident="MSA-B", client="Client-B")

    main(["dates", str(tmp_path / "radar"), "--as-of", as_of, "--format", "json"])

    events = json.loads(capsys.readouterr().out)["events"]
    assert expected == [(event["date"], event["event"]) for event in events]


def test_radar_finds_deadlines_of_periods_after_the_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Monthly renewals with 90 days' notice: deadlines of later periods fall in the window."""
    # Start 2025-04-01, P1M, monthly; from 2025-06-01 a P90D window runs to 2025-08-29. The
    # August period ends 08-31 (deadline 06-02), September 09-30 (07-02), October 10-31
    # (08-02); November's deadline 09-01 is outside. The June renewal starts on as_of itself.
    _variant(
        tmp_path / "radar" / "monthly.json",
        start="2025-04-01",
        ident="CBT-M",
        client="Client-M",
        source=MONTHLY,
        notice="P90D",
    )

    main(["dates", str(tmp_path / "radar"), "--as-of", "2025-06-01", "--format", "json"])

    events = json.loads(capsys.readouterr().out)["events"]
    assert [(event["date"], event["event"]) for event in events] == [
        ("2025-06-01", "renewal"),
        ("2025-06-02", "notice_deadline"),
        ("2025-07-01", "renewal"),
        ("2025-07-02", "notice_deadline"),
        ("2025-08-01", "renewal"),
        ("2025-08-02", "notice_deadline"),
    ]
    assert events[3]["description"] == (
        "Last day to give notice of non-renewal (P90D) for the period ending 2025-09-30"
    )


def test_radar_of_a_manual_term_shows_notice_to_renew_and_expiry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manual term shows its deadline to renew and its expiry: what happens if nobody acts."""
    radar = tmp_path / "radar"
    _variant(radar / "manual.json", start="2023-06-01", ident="M", client="C", mode="manual")

    main(["dates", str(radar), "--as-of", "2026-03-01", "--within", "P3M", "--format", "json"])

    events = json.loads(capsys.readouterr().out)["events"]
    assert [(event["date"], event["event"], event["description"]) for event in events] == [
        (
            "2026-03-02",
            "notice_deadline",
            "Last day to give notice to renew (P90D) for the period ending 2026-05-31",
        ),
        ("2026-05-31", "expiry", "The term expires at the end of this day unless renewed"),
    ]


def test_radar_before_the_start_looks_at_the_first_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before the term starts, the first period's deadline and renewal can fall in the window."""
    short = _variant(tmp_path / "radar" / "short.json", start="2026-03-01", ident="S", client="C")
    document = json.loads(short.read_text())
    document["term"]["initial"] = "P3M"
    document["term"]["termination"]["convenience"].pop("minimum_term")
    short.write_text(json.dumps(document))

    main(
        [
            "dates",
            str(tmp_path / "radar"),
            "--as-of",
            "2026-01-01",
            "--within",
            "P6M",
            "--format",
            "json",
        ]
    )

    events = json.loads(capsys.readouterr().out)["events"]
    assert [(event["date"], event["event"]) for event in events] == [
        ("2026-03-02", "notice_deadline"),  # 2026-05-31 less 90 days
        ("2026-06-01", "renewal"),
    ]


def test_the_pool_gives_the_same_output_as_one_process(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scan large enough for the process pool prints exactly what one process prints."""
    for index in range(12):
        _variant(
            portfolio / "many" / f"m{index:02d}.json",
            start=f"2023-{index % 12 + 1:02d}-01",
            ident=f"MSA-M{index:02d}",
            client=f"Client-M{index:02d}",
        )
    argv = ["dates", "agreements", "--as-of", "2026-01-01", "--within", "P6M"]
    main(argv)
    alone = capsys.readouterr()
    monkeypatch.setattr(dates, "POOL_THRESHOLD", 2)
    monkeypatch.setattr(dates, "MAX_CHUNK", 3)

    status = main(argv)

    pooled = capsys.readouterr()
    assert status == 1
    assert pooled.out == alone.out
    assert pooled.err == alone.err
    assert len(pooled.out.splitlines()) == 19  # with the manual term's renewal on 06-01


@pytest.mark.usefixtures("portfolio")
def test_the_pool_works_beside_other_threads(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With another thread running, workers start from a fork server and give the same output."""
    argv = ["dates", "agreements", "--as-of", "2026-01-01"]
    main(argv)
    alone = capsys.readouterr()
    monkeypatch.setattr(dates, "POOL_THRESHOLD", 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        context = dates._context()
        status = main(argv)
    finally:
        stop.set()
        other.join()

    pooled = capsys.readouterr()
    assert context.get_start_method() == "forkserver"
    assert status == 1
    assert pooled.out == alone.out == RADAR_TABLE
    assert pooled.err == alone.err


# --- progress --------------------------------------------------------------------------------


def _copies(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for index in range(count):
        shutil.copy(EXAMPLE, folder / f"a{index:03d}.json")


def test_no_progress_when_standard_error_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Standard error that is a pipe or a file gets no progress count, however many files."""
    _copies(tmp_path / "many", 60)

    status = main(["dates", str(tmp_path / "many"), "--as-of", "2027-11-01", "--format", "json"])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.err == ""
    assert len(json.loads(captured.out)["events"]) == 60


def test_progress_on_a_terminal_for_many_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal a scan of more than 50 files counts them on standard error."""
    _copies(tmp_path / "many", 60)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", io.StringIO())

    main(["dates", str(tmp_path / "many"), "--as-of", "2027-11-01"])

    assert terminal.getvalue().endswith("\r  60/60 files\n")
    assert "\r  30/60 files" in terminal.getvalue()


def test_no_progress_on_a_terminal_for_few_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fifty files or fewer are scanned without a progress count, even on a terminal."""
    _copies(tmp_path / "few", 50)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", io.StringIO())

    main(["dates", str(tmp_path / "few"), "--as-of", "2027-11-01"])

    assert terminal.getvalue() == ""


# --- iCalendar -------------------------------------------------------------------------------


def _calendar(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def _events(calendar: icalendar.Calendar) -> list[icalendar.cal.Component]:
    return calendar.walk("VEVENT")


def test_ics_of_one_file_has_one_all_day_event_per_key_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each key date becomes an all-day event: DTSTART a date, DTEND the next day."""
    ics = tmp_path / "dates.ics"

    status = main(
        ["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--within", "P60D", "--ics", str(ics)]
    )

    events = _events(_calendar(ics))
    assert status == 0
    assert capsys.readouterr().out == EXAMPLE_TABLE
    assert [event.decoded("dtstart") for event in events] == [
        dt.date.fromisoformat(line[:10]) for line in EXAMPLE_TABLE.splitlines()[1:]
    ]
    assert all(
        event.decoded("dtend") == event.decoded("dtstart") + dt.timedelta(days=1)
        for event in events
    )
    assert all(type(event.decoded("dtstart")) is dt.date for event in events)
    assert b"DTSTART;VALUE=DATE:20271102\r\n" in ics.read_bytes()
    assert str(events[3]["summary"]) == f"NWT-MSA-2025-014: {DEADLINE_TEXT}"


def test_ics_calendar_properties(tmp_path: Path) -> None:
    """The calendar names its product and version 2.0; DTSTAMP is as_of at 00:00 UTC."""
    ics = tmp_path / "dates.ics"

    main(["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--ics", str(ics)])

    calendar = _calendar(ics)
    assert str(calendar["prodid"]) == "-//msa_model//msa dates//EN"
    assert str(calendar["version"]) == "2.0"
    assert {event.decoded("dtstamp") for event in _events(calendar)} == {
        dt.datetime(2027, 11, 1, tzinfo=dt.UTC)
    }


def test_ics_alarms_seven_days_before_each_notice_deadline(tmp_path: Path) -> None:
    """Notice deadlines, and only they, carry a display alarm seven days before."""
    ics = tmp_path / "dates.ics"
    main(["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--ics", str(ics)])

    alarms = {
        str(event["summary"]): [alarm.decoded("trigger") for alarm in event.walk("VALARM")]
        for event in _events(_calendar(ics))
    }
    with_alarm = {summary: triggers for summary, triggers in alarms.items() if triggers}
    assert with_alarm == {f"NWT-MSA-2025-014: {DEADLINE_TEXT}": [dt.timedelta(days=-7)]}


@pytest.mark.usefixtures("portfolio")
def test_ics_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    """The same inputs give the same bytes: no current time, no random UIDs."""
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"

    main(["dates", "agreements", "--as-of", "2026-01-01", "--ics", str(first)])
    main(["dates", "agreements", "--as-of", "2026-01-01", "--ics", str(second)])

    assert first.read_bytes() == second.read_bytes()
    assert len(_events(_calendar(first))) == 4


def test_ics_uids_stay_when_the_export_is_redone_later(tmp_path: Path) -> None:
    """The same key date keeps its UID in an export made on another day: calendars update it."""
    early, late = tmp_path / "early.ics", tmp_path / "late.ics"

    main(["dates", str(EXAMPLE), "--as-of", "2027-10-01", "--ics", str(early)])
    main(["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--ics", str(late)])

    def uids(path: Path) -> dict[tuple[dt.date, str], str]:
        return {
            (event.decoded("dtstart"), str(event["summary"])): str(event["uid"])
            for event in _events(_calendar(path))
        }

    early_uids, late_uids = uids(early), uids(late)
    deadline = (dt.date(2027, 11, 2), f"NWT-MSA-2025-014: {DEADLINE_TEXT}")
    assert early_uids[deadline] == late_uids[deadline]
    assert len(set(late_uids.values())) == len(late_uids)
    assert _calendar(early).walk("VEVENT")[0].decoded("dtstamp") == dt.datetime(
        2027, 10, 1, tzinfo=dt.UTC
    )


@pytest.mark.usefixtures("portfolio")
def test_ics_uid_is_the_same_in_the_radar_and_for_one_file(tmp_path: Path) -> None:
    """A deadline has the same UID whether exported from the radar or from its own file."""
    radar, single = tmp_path / "radar.ics", tmp_path / "single.ics"

    main(["dates", "agreements", "--as-of", "2026-01-01", "--ics", str(radar)])
    main(["dates", "agreements/b.json", "--as-of", "2026-01-01", "--ics", str(single)])

    def deadline_uid(path: Path) -> str:
        return next(
            str(event["uid"])
            for event in _events(_calendar(path))
            if event.decoded("dtstart") == dt.date(2026, 1, 30)
        )

    assert deadline_uid(radar) == deadline_uid(single)


@pytest.mark.usefixtures("portfolio")
def test_ics_of_the_radar_has_its_events(tmp_path: Path) -> None:
    """The radar's iCalendar file holds the radar's events, an alarm on each deadline."""
    ics = tmp_path / "radar.ics"

    status = main(["dates", "agreements", "--as-of", "2026-01-01", "--ics", str(ics)])

    events = _events(_calendar(ics))
    assert status == 1  # the invalid file is still reported
    assert [(event.decoded("dtstart"), str(event["summary"])) for event in events] == [
        (
            dt.date(2026, 1, 30),
            "MSA-B: Last day to give notice of non-renewal (P90D) for the period ending 2026-04-30",
        ),
        (dt.date(2026, 1, 31), "MSA-D: The term expires at the end of this day"),
        (dt.date(2026, 3, 1), "MSA-A: The term renews for renewal period 1"),
        (
            dt.date(2026, 3, 2),
            "MSA-E: Last day to give notice to renew (P90D) for the period ending 2026-05-31",
        ),
    ]
    assert [len(event.walk("VALARM")) for event in events] == [1, 0, 0, 1]


def test_ics_without_icalendar_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the icalendar package `--ics` exits 1, naming the extra, and writes nothing."""
    monkeypatch.setitem(sys.modules, "icalendar", None)
    ics = tmp_path / "dates.ics"

    status = main(["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--ics", str(ics)])

    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert captured.err == (
        "msa dates: writing iCalendar files needs the icalendar package: "
        "pip install 'msa-model[ics]'\n"
    )
    assert not ics.exists()


def test_ics_into_a_missing_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An iCalendar file that cannot be written exits 1 with the reason."""
    ics = tmp_path / "no" / "dates.ics"

    status = main(["dates", str(EXAMPLE), "--as-of", "2027-11-01", "--ics", str(ics)])

    assert status == 1
    assert capsys.readouterr().err == f"msa dates: cannot write {ics}: No such file or directory\n"


def test_a_directory_expands_to_its_json_files_recursively_in_path_order(tmp_path: Path) -> None:
    """Files in subfolders are found, sorted part by part; links to folders are not followed."""
    for name in ("a/b.json", "a-x/c.json", "a/z/d.json", "top.json", "a/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "alias.json").symlink_to(tmp_path / "top.json")

    found = dates.expand([str(tmp_path), str(tmp_path / "top.json")])

    assert [str(Path(name).relative_to(tmp_path)) for name in found] == [
        "a/b.json",
        "a/z/d.json",
        "a-x/c.json",
        "alias.json",
        "top.json",
    ]
