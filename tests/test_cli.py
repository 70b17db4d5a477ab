"""Tests of the `msa` command, run through `main(argv)`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

import msa_model
from msa_model.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbor-point-managed-it.json"


def _bad_document(tmp_path: Path) -> Path:
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
