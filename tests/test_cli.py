"""Tests of the `msa` command, run through `main(argv)`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pendulum
import pytest

import msa_model
from msa_model.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbor-point-managed-it.json"


def _bad_document(tmp_path: Path) -> Path:
    """_bad_document."""
    data = json.loads(EXAMPLE.read_text())
    data["fees"]["lines"][2]["unit_price"]["amount"] = "-5.00"
    data["sla"]["priorities"][0]["calendar"] = "office-hours"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    return path


def test_example_prints_the_bundled_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    """`msa example` prints the bundled agreement, byte for byte the file in examples/."""
    status = main(["example"])

    assert status == 0
    assert capsys.readouterr().out == EXAMPLE.read_text()


def test_example_output_is_a_valid_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    """What `msa example` prints loads as an agreement."""
    main(["example"])

    agreement = msa_model.loads(capsys.readouterr().out)

    assert agreement.id == "NWT-MSA-2025-014"


def test_validate_accepts_every_example(capsys: pytest.CaptureFixture[str]) -> None:
    """`msa validate` exits 0 and says OK for each valid file."""
    files = sorted(str(path) for path in (ROOT / "examples").glob("*.json"))

    status = main(["validate", *files])

    assert status == 0
    assert capsys.readouterr().out == "".join(f"{name}: OK\n" for name in files)


def test_validate_lists_every_problem_with_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad file exits 1 and lists each problem with its JSON path."""
    bad = _bad_document(tmp_path)

    status = main(["validate", str(bad)])

    assert status == 1
    assert capsys.readouterr().out == (
        f"{bad}: INVALID (2 problems)\n"
        "  $.sla.priorities[0].calendar: unknown calendar 'office-hours'\n"
        "  $.fees.lines[2].unit_price: must not be negative (got '-5.00')\n"
    )


def test_validate_reports_good_and_bad_files_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One bad file among good ones fails the run but every file is reported."""
    bad = _bad_document(tmp_path)

    status = main(["validate", str(EXAMPLE), str(bad)])

    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[0] == f"{EXAMPLE}: OK"
    assert lines[1] == f"{bad}: INVALID (2 problems)"


def test_validate_json_format_is_machine_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--format json` gives each file's validity and problems as path and message."""
    bad = _bad_document(tmp_path)

    status = main(["validate", "--format", "json", str(bad)])

    assert status == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "file": str(bad),
            "valid": False,
            "problems": [
                {
                    "path": "$.sla.priorities[0].calendar",
                    "message": "unknown calendar 'office-hours'",
                },
                {
                    "path": "$.fees.lines[2].unit_price",
                    "message": "must not be negative (got '-5.00')",
                },
            ],
        }
    ]


def test_validate_reports_an_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file is reported as an error, exit 1, without a traceback."""
    missing = tmp_path / "missing.json"

    status = main(["validate", str(missing)])

    assert status == 1
    assert capsys.readouterr().out == (
        f"{missing}: ERROR cannot read {missing}: No such file or directory\n"
    )


def test_validate_reports_a_file_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bytes that are not UTF-8 are an error naming the file."""
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{}")

    status = main(["validate", str(binary)])

    assert status == 1
    assert capsys.readouterr().out == f"{binary}: ERROR cannot read {binary}: not UTF-8 text\n"


def test_validate_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-` reads the document from standard input."""
    monkeypatch.setattr("sys.stdin", io.StringIO('{"schema_version": "1.0", "id": 7}'))

    status = main(["validate", "-"])

    out = capsys.readouterr().out
    assert status == 1
    assert "  $.id: must be a string (got number 7)\n" in out


def test_show_summarises_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    """`msa show` prints parties, term, services, SLA, fees and duties in en_US."""
    status = main(["show", str(EXAMPLE)])

    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("Managed IT Services Agreement (NWT-MSA-2025-014)\n")
    assert "  Initial term     36 months\n" in out
    assert "  Start            Feb 1, 2025\n" in out
    assert "  P1  Critical  response 30 minutes      resolution 4 hours          on 24x7\n" in out
    assert "Virtual CIO retainer: $1,500.00, monthly" in out
    assert "Onboarding: documentation, agent deployment and security baseline: $4,500.00" in out


def test_show_formats_for_the_given_locale(capsys: pytest.CaptureFixture[str]) -> None:
    """`--locale de_DE` formats dates, money and lengths the German way."""
    status = main(["show", str(EXAMPLE), "--locale", "de_DE"])

    out = capsys.readouterr().out
    assert status == 0
    assert "  Start            01.02.2025\n" in out
    assert "  Initial term     36 Monate\n" in out
    assert "Virtual CIO retainer: 1.500,00\xa0$, monthly" in out


def test_show_default_locale_ignores_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The default locale is en_US whatever LANG and LC_ALL say."""
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")

    main(["show", str(EXAMPLE)])

    assert "  Start            Feb 1, 2025\n" in capsys.readouterr().out


def test_show_rejects_an_unknown_locale(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown locale is a usage error, exit 2."""
    status = main(["show", str(EXAMPLE), "--locale", "xx_YY"])

    assert status == 2
    assert "unknown locale 'xx_YY'" in capsys.readouterr().err


def test_show_lists_problems_of_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`msa show` on a bad file exits 1 and lists the problems on stderr."""
    bad = _bad_document(tmp_path)

    status = main(["show", str(bad)])

    err = capsys.readouterr().err
    assert status == 1
    assert "  $.fees.lines[2].unit_price: must not be negative (got '-5.00')\n" in err


@pytest.mark.parametrize("name", ["month-to-month-hourly.json", "block-hours-gbp.json"])
def test_show_summarises_the_other_examples(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every example has a summary, whatever its shape."""
    status = main(["show", str(ROOT / "examples" / name)])

    assert status == 0
    assert "Responsibilities" in capsys.readouterr().out


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`msa schema` prints the same schema as `json_schema()`, and it is a valid schema."""
    status = main(["schema"])

    printed = json.loads(capsys.readouterr().out)
    assert status == 0
    assert printed == msa_model.json_schema()
    jsonschema.Draft202012Validator.check_schema(printed)


@pytest.mark.parametrize(
    "argv",
    [[], ["frobnicate"], ["validate"], ["show"], ["show", "a.json", "b.json"]],
    ids=["no command", "unknown command", "no files to validate", "nothing to show", "two files"],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Usage errors print usage to stderr and exit 2."""
    status = main(argv)

    assert status == 2
    assert "usage: msa" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` prints usage and succeeds."""
    status = main(["--help"])

    assert status == 0
    assert "validate" in capsys.readouterr().out


def test_sla_prints_both_due_times_in_the_calendar_zone_and_utc(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """P3 opened Fri 16:30 ET: 4 business hours end Mon 10:30, 3 business days Wed 16:30."""
    status = main(
        ["sla", str(EXAMPLE), "--priority", "P3", "--opened", "2026-11-20T16:30:00-05:00"]
    )
    assert status == 0
    assert capsys.readouterr().out == (
        "Priority P3 (Medium), calendar business-hours (America/New_York)\n"
        "Opened                       Fri 2026-11-20 16:30 -0500  2026-11-20 21:30Z\n"
        "Response    PT4H             Mon 2026-11-23 10:30 -0500  2026-11-23 15:30Z\n"
        "Resolution  3 business days  Wed 2026-11-25 16:30 -0500  2026-11-25 21:30Z\n"
    )


def test_sla_json_reads_a_local_time_on_the_priority_calendar(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Sla json reads a local time on the priority calendar."""
    status = main(
        [
            "sla",
            str(EXAMPLE),
            "--priority",
            "P1",
            "--opened",
            "2026-07-03T23:50",
            "--format",
            "json",
        ]
    )
    assert status == 0
    assert json.loads(capsys.readouterr().out) == {
        "priority": "P1",
        "name": "Critical",
        "calendar": "24x7",
        "zone": "America/New_York",
        "opened_at": "2026-07-03T23:50:00-04:00",
        "response": {"due": "2026-07-04T00:20:00-04:00", "due_utc": "2026-07-04T04:20:00+00:00"},
        "resolution": {"due": "2026-07-04T03:50:00-04:00", "due_utc": "2026-07-04T07:50:00+00:00"},
    }


@pytest.mark.parametrize(
    ("opened", "priority", "message"),
    [
        ("2026-11-01T01:30", "P1", "2026-11-01T01:30:00 occurs twice in America/New_York"),
        ("2026-03-08T02:30", "P1", "2026-03-08T02:30:00 does not exist in America/New_York"),
        ("next friday", "P1", "--opened must be an ISO 8601 date and time"),
        ("2026-11-20T16:30:00Z", "P9", "the SLA has no priority 'P9' (it has P1, P2, P3, P4)"),
    ],
)
def test_sla_usage_errors_exit_2_and_say_why(
    opened: str, priority: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sla usage errors exit 2 and say why."""
    status = main(["sla", str(EXAMPLE), "--priority", priority, "--opened", opened])
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: msa sla")
    assert message in err


def test_sla_on_an_invalid_file_lists_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sla on an invalid file lists its problems."""
    status = main(
        ["sla", str(_bad_document(tmp_path)), "--priority", "P1", "--opened", "2026-11-20T16:30Z"]
    )
    assert status == 1
    assert "$.fees.lines[2].unit_price: must not be negative" in capsys.readouterr().err


OUTAGES = (
    "service,start,end,description\n"
    "rmm,2026-10-04T01:00:00-04:00,2026-10-04T03:00:00-04:00,INC-1\n"
    "rmm,2026-10-14T10:00,2026-10-14T10:30,INC-2 local time\n"
    "backup,2026-10-14T10:00:00-04:00,2026-10-14T20:30:00-04:00,\n"
    "email,2026-10-14T10:00:00Z,2026-10-14T20:30:00Z,\n"
)


def test_credits_table_for_a_month(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """October 2026: rmm 99.793% (5% of 1,250.00 = 62.50), backup 98.557% (10%, no fee given)."""
    csv_file = tmp_path / "outages.csv"
    csv_file.write_text(OUTAGES)
    argv = ["credits", str(EXAMPLE), "--outages", str(csv_file), "--month", "2026-10"]
    status = main([*argv, "--fee", "rmm=1250.00"])
    assert status == 0
    assert capsys.readouterr().out == (
        "Availability 2026-10-01 to 2026-10-31 (America/New_York)\n"
        "Service  Target  Attained  Downtime   Allowed   Tier        Credit\n"
        "rmm      99.9%   99.793%   1h30m00s   0h43m40s  below 99.9  5% = 62.50 USD\n"
        "backup   99.5%   98.557%   10h30m00s  3h38m24s  below 99.0  10%\n"
        "Give a service's fee for the period with --fee SERVICE=AMOUNT for its credit.\n"
        "Ignored outages of services without a target: email\n"
    )


def test_credits_json_keeps_exact_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seconds are exact decimals and money is a decimal string with its currency."""
    csv_file = tmp_path / "outages.csv"
    csv_file.write_text(OUTAGES)
    argv = ["credits", str(EXAMPLE), "--outages", str(csv_file), "--month", "2026-10"]
    assert main([*argv, "--fee", "backup=950", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    rmm, backup = report["services"]
    assert rmm["allowed_downtime_seconds"] == "2620.8"
    assert (rmm["credit_percent"], rmm["credit"]) == ("5", None)
    assert backup["credit"] == {"amount": "95.00", "currency": "USD"}
    assert report["ignored_services"] == ["email"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("service,begin,end\n", "line 1: the columns must be service, start, end"),
        (
            "service,start,end\nrmm,yesterday,2026-10-04T03:00Z\n",
            "line 2, start: must be an ISO 8601",
        ),
        (
            "service,start,end\nrmm,2026-10-04T03:00Z,2026-10-04T01:00Z\n",
            "line 2: end: must be after start",
        ),
        (
            "service,start,end\nrmm,2026-11-01T01:30,2026-11-01T03:00\n",
            "line 2, start: time 2026-11-01T01:30:00 occurs twice",
        ),
        ("service,start,end\nrmm,2026-10-04T01:00Z\n", "line 2: expected 3 cells (got 2)"),
    ],
)
def test_credits_reports_a_bad_outage_file_by_line(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad outage file exits 1 and names the line and column at fault."""
    csv_file = tmp_path / "outages.csv"
    csv_file.write_text(content)
    status = main(["credits", str(EXAMPLE), "--outages", str(csv_file), "--month", "2026-10"])
    assert status == 1
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--month", "2026-13"], "must be a month YYYY-MM"),
        (["--month", "2026-10", "--fee", "rmm=12,50"], "must be SERVICE=AMOUNT"),
        (["--month", "2026-10", "--fee", "edr=10"], "--fee names no availability target: edr"),
    ],
)
def test_credits_usage_errors_exit_2(
    extra: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad options exit 2 with the usage line and the reason."""
    csv_file = tmp_path / "outages.csv"
    csv_file.write_text(OUTAGES)
    status = main(["credits", str(EXAMPLE), "--outages", str(csv_file), *extra])
    assert status == 2
    assert message in capsys.readouterr().err


COUNTS = [
    "--quantity", "devices=42", "--quantity", "users=17", "--quantity", "mailboxes=20",
    "--quantity", "servers=3", "--quantity", "sites=2",
]  # fmt: skip


def test_invoices_json_lists_the_periods(capsys: pytest.CaptureFixture[str]) -> None:
    """The first period of the bundled agreement is February 2025, due net 30 on 3 March."""
    assert main(["invoices", str(EXAMPLE), "--through", "2025-03-15", "--format", "json"]) == 0
    periods = json.loads(capsys.readouterr().out)
    assert [p["start"] for p in periods] == ["2025-02-01", "2025-03-01"]
    assert periods[0] == {
        "index": 0,
        "start": "2025-02-01",
        "end": "2025-02-28",
        "days": 28,
        "period_days": 28,
        "invoice_day": "2025-02-01",
        "due_day": "2025-03-03",
    }


def test_charges_json_has_exact_amounts(capsys: pytest.CaptureFixture[str]) -> None:
    """February 2025 totals 11,051.25 USD, with onboarding as a one-time line."""
    argv = ["charges", str(EXAMPLE), "--period", "2025-02", *COUNTS, "--format", "json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == {"amount": "11051.25", "currency": "USD"}
    onboarding = report["lines"][-1]
    assert (onboarding["line"], onboarding["kind"]) == ("onboarding", "one_time")
    assert onboarding["amount"] == {"amount": "4500.00", "currency": "USD"}


def test_charges_reads_an_index_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CPI up 8.6% over the initial term is capped at 5%: the vCIO retainer is 1,575.00."""
    cpi = tmp_path / "cpi.csv"
    cpi.write_text("day,value\n2025-01-15,317.671\n2028-01-15,345.000\n")
    argv = ["charges", str(EXAMPLE), "--period", "2028-03", *COUNTS, "--format", "json"]
    assert main([*argv, "--index", f"US CPI-U={cpi}"]) == 0
    lines = {line["line"]: line for line in json.loads(capsys.readouterr().out)["lines"]}
    assert lines["vcio"]["amount"]["amount"] == "1575.00"


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [
        ([], 2, "give its quantity as devices=N or managed-devices=N"),
        ([*COUNTS, "--quantity", "devices=50@2026-12-05"], 1, "the day is outside the period"),
        (["--quantity", "devices=forty"], 2, "must be KEY=N or KEY=N@YYYY-MM-DD"),
        ([*COUNTS, "--locale", "xx_YY"], 2, "unknown locale 'xx_YY'"),
    ],
)
def test_charges_errors_say_what_to_give(
    extra: list[str], status: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing count or a bad option says which input to give."""
    assert main(["charges", str(EXAMPLE), "--period", "2026-11", *extra]) == status
    assert message in capsys.readouterr().err


def test_charges_without_index_values_after_the_first_renewal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """From February 2028 the prices follow US CPI-U, whose values must be given."""
    assert main(["charges", str(EXAMPLE), "--period", "2028-03", *COUNTS]) == 2
    assert "follows the index 'US CPI-U'" in capsys.readouterr().err


def test_charges_reads_a_work_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two engagements of project work bill 195 minutes, 716.83, in November 2026."""
    work = tmp_path / "work.csv"
    work.write_text(
        "line,start,end,description\n"
        "project-work,2026-11-17T16:30,2026-11-17T18:40,TKT-1001\n"
        "project-work,2026-11-21T10:00:00-05:00,2026-11-21T10:20:00-05:00,TKT-1002\n"
    )
    argv = ["charges", str(EXAMPLE), "--period", "2026-11", *COUNTS, "--format", "json"]
    assert main([*argv, "--usage", str(work)]) == 0
    lines = {line["line"]: line for line in json.loads(capsys.readouterr().out)["lines"]}
    assert (lines["project-work"]["kind"], lines["project-work"]["quantity"]) == ("hourly", 195)
    assert lines["project-work"]["amount"] == {"amount": "716.83", "currency": "USD"}


def test_charges_names_the_bad_line_of_a_work_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A work row ending before it starts stops the command with its file and line."""
    work = tmp_path / "work.csv"
    work.write_text("line,start,end\nproject-work,2026-11-17T18:00Z,2026-11-17T17:00Z\n")
    argv = ["charges", str(EXAMPLE), "--period", "2026-11", *COUNTS, "--usage", str(work)]
    assert main(argv) == 1
    assert f"{work}: line 2: end: must not be before start" in capsys.readouterr().err


AMENDED = ROOT / "examples" / "harbor-point-amended.json"
_SEATS = "Twenty more service desk seats for the new Trenton team"
_BAD_OBJECT = "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
ORDER = {
    "id": "CO-2026-03",
    "signed_on": "2026-08-20",
    "effective_on": "2026-09-01",
    "description": "Two more sites",
    "changes": [{"kind": "change_quantity", "line": "sites", "quantity": 4}],
}


def test_history_json_lists_changes_in_effective_order(capsys: pytest.CaptureFixture[str]) -> None:
    """`msa history --format json`: one object per amendment, its changes in words."""
    status = main(["history", str(AMENDED), "--format", "json"])

    entries = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [(e["effective_on"], e["id"], e["changes"]) for e in entries][:2] == [
        ("2026-03-16", "CO-2026-01", ["fee line 'helpdesk-users': quantity 40 -> 60"]),
        ("2026-07-01", "CO-2026-02", ["priority 'P1': response PT30M -> PT15M"]),
    ]


def test_history_of_an_agreement_without_amendments(capsys: pytest.CaptureFixture[str]) -> None:
    """The original example has none, and says so."""
    status = main(["history", str(EXAMPLE)])

    assert status == 0
    assert capsys.readouterr().out.endswith("\nNo amendments.\n")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (
            None,
            [
                "  P1  Critical  response 30 minutes      resolution 4 hours          on 24x7",
                "Amendments (4, as signed; --as-of DATE applies them)",
                f"  Mar 16, 2026  CO-2026-01  {_SEATS}",
            ],
        ),
        (
            "2026-03-16",
            [
                "  P1  Critical  response 30 minutes      resolution 4 hours          on 24x7",
                "Amendments (4, applied up to Mar 16, 2026)",
                f"  applied  Mar 16, 2026  CO-2026-01  {_SEATS}",
                "           Jul 1, 2026   CO-2026-02  Faster first response for critical tickets",
            ],
        ),
        (
            "2026-07-01",
            [
                "  P1  Critical  response 15 minutes      resolution 4 hours          on 24x7",
                "  applied  Jul 1, 2026   CO-2026-02  Faster first response for critical tickets",
            ],
        ),
    ],
)
def test_show_lists_the_amendments_and_applies_them_as_of_a_day(
    as_of: str | None, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`msa show --as-of` summarises the agreement in force and marks what is applied."""
    status = main(["show", str(AMENDED), *(["--as-of", as_of] if as_of else [])])

    lines = capsys.readouterr().out.splitlines()
    seats = "contracted 60" if as_of else "contracted 40"
    assert status == 0
    assert [line for line in expected if line not in lines] == []
    assert any(line.startswith("  helpdesk-users") and seats in line for line in lines)


def test_sla_uses_the_targets_in_force_when_opened(capsys: pytest.CaptureFixture[str]) -> None:
    """P1 response: 30 minutes on 30 June 2026, 15 from 1 July (CO-2026-02)."""
    results = []
    for opened in ("2026-06-30T10:00:00-04:00", "2026-07-01T10:00:00-04:00"):
        main(["sla", str(AMENDED), "--priority", "P1", "--opened", opened, "--format", "json"])
        results.append(json.loads(capsys.readouterr().out)["response"]["due"])

    assert results == ["2026-06-30T10:30:00-04:00", "2026-07-01T10:15:00-04:00"]


def test_charges_split_a_line_that_an_amendment_changes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """March 2026: 40 service desk seats to the 15th, 60 from the 16th (the contracted counts)."""
    counts = ["devices=60", "mailboxes=45", "servers=4", "sites=2"]
    argv = ["charges", str(AMENDED), "--period", "2026-03", "--format", "json"]
    status = main([*argv, *(arg for count in counts for arg in ("--quantity", count))])

    lines = json.loads(capsys.readouterr().out)["lines"]
    assert status == 0
    assert [
        (line["start"], line["end"], line["quantity"], line["amount"])
        for line in lines
        if line["line"] == "helpdesk-users"
    ] == [
        ("2026-03-01", "2026-03-15", 40, {"amount": "1258.06", "currency": "USD"}),
        ("2026-03-16", "2026-03-31", 60, {"amount": "2012.90", "currency": "USD"}),
    ]


def test_amend_appends_the_order_and_changes_nothing_else(tmp_path: Path) -> None:
    """The new file is the old one with one more amendment; it reads back with it applied."""
    order = tmp_path / "order.json"
    order.write_text(json.dumps(ORDER))
    new = tmp_path / "new.json"

    status = main(["amend", str(AMENDED), str(order), "-o", str(new)])

    before, after = json.loads(AMENDED.read_text()), json.loads(new.read_text())
    assert status == 0
    assert after["amendments"][:-1] == before["amendments"]
    assert after["amendments"][-1] == ORDER
    assert {k: v for k, v in after.items() if k != "amendments"} == {
        k: v for k, v in before.items() if k != "amendments"
    }
    assert list(after) == list(before)  # keys keep their order
    view = msa_model.loads(new.read_text()).as_of(pendulum.Date(2026, 9, 1))
    assert view.fees.line("sites").quantity == 4  # type: ignore[union-attr]


def test_amend_raises_a_1_0_document_to_1_1_and_takes_a_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Amendments are part of 1.1; a list of orders is appended in order; `-o -` is stdout."""
    orders = [
        ORDER,
        {**ORDER, "id": "CO-2026-04", "effective_on": "2026-10-01", "description": "Five sites"},
    ]
    orders[1]["changes"] = [{"kind": "change_quantity", "line": "sites", "quantity": 5}]
    order = tmp_path / "orders.json"
    order.write_text(json.dumps(orders))

    status = main(["amend", str(EXAMPLE), str(order), "-o", "-"])

    captured = capsys.readouterr()
    written = json.loads(captured.out)
    assert status == 0
    assert written["schema_version"] == "1.1"
    assert [a["id"] for a in written["amendments"]] == ["CO-2026-03", "CO-2026-04"]
    assert captured.err == "standard output: appended CO-2026-03, CO-2026-04\n"


def test_amend_refuses_an_order_that_does_not_apply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An order naming a line the agreement lacks is refused, and nothing is written."""
    order = tmp_path / "order.json"
    order.write_text(json.dumps({**ORDER, "changes": [{"kind": "remove_service", "service": "x"}]}))
    new = tmp_path / "new.json"

    status = main(["amend", str(AMENDED), str(order), "-o", str(new)])

    assert status == 1
    assert not new.exists()
    assert capsys.readouterr().err == (
        f"{order}: INVALID (its first amendment is amendments[4])\n"
        "  $.amendments[4].changes[0].service: unknown service 'x'\n"
    )


@pytest.mark.parametrize(
    ("agreement", "order", "expected"),
    [
        ("[]", "{}", ["{agreement}: INVALID", "  $: must be an object (got an array)"]),
        ("{", "{}", ["{agreement}: INVALID", f"  $: invalid JSON: {_BAD_OBJECT}"]),
        (None, "{", ["{order}: INVALID", f"  $: invalid JSON: {_BAD_OBJECT}"]),
    ],
)
def test_amend_reports_unreadable_inputs(
    agreement: str | None,
    order: str,
    expected: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Bad JSON in either file is reported with the file's name, and nothing is written."""
    agreement_path = tmp_path / "agreement.json"
    agreement_path.write_text(agreement if agreement is not None else AMENDED.read_text())
    order_path = tmp_path / "order.json"
    order_path.write_text(order)

    status = main(["amend", str(agreement_path), str(order_path), "-o", str(tmp_path / "new.json")])

    assert status == 1
    assert capsys.readouterr().err.splitlines() == [
        line.format(agreement=agreement_path, order=order_path) for line in expected
    ]
