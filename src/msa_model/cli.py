"""The `msa` command: validate, inspect and summarise agreement files, and list their dates.

Exit status: 0 on success, 1 when an input is invalid (every problem is
listed), 2 on usage errors. See docs/cli.md.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import pendulum

from msa_model._json.codec import loads
from msa_model._json.schema import json_schema
from msa_model._model.agreement import Agreement
from msa_model._report import amendments, dates, invoices, service_credits, sla
from msa_model._report.files import UnreadableError, load_agreement, read_file
from msa_model._report.summary import DEFAULT_LOCALE, summary
from msa_model._values.locale import checked_locale
from msa_model.errors import ParseError, Problem, ValidationError

__all__ = ["main"]

EXAMPLE = "harbor-point-managed-it.json"
"""File name of the bundled example agreement (package data)."""

OK, INVALID, USAGE = 0, 1, 2
SHOW_USAGE = "msa show [-h] [--locale LOCALE] [--as-of DATE] FILE"


def _example_text() -> str:
    return importlib.resources.files("msa_model").joinpath("data", EXAMPLE).read_text("utf-8")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="msa", description="Validate and inspect Managed Services Agreements."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("example", help="print the bundled example agreement (JSON)")
    validate = commands.add_parser("validate", help="check agreement files, listing every problem")
    validate.add_argument("files", nargs="+", metavar="FILE", help="JSON files; - for stdin")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    show = commands.add_parser(
        "show", help="print a readable summary of an agreement", usage=SHOW_USAGE
    )
    show.add_argument("file", metavar="FILE", help="a JSON file; - for stdin")
    show.add_argument(
        "--locale",
        default=DEFAULT_LOCALE,
        help=f"Babel locale for money, dates and lengths (default {DEFAULT_LOCALE})",
    )
    show.add_argument(
        "--as-of",
        type=dates.parse_as_of,
        metavar="DATE",
        help="show the agreement in force on this day, amendments applied (YYYY-MM-DD)",
    )
    commands.add_parser("schema", help="print the JSON Schema of an agreement document")
    _add_dates(commands)
    _add_sla(commands)
    _add_credits(commands)
    _add_billing(commands)
    _add_amendments(commands)
    return parser


def _add_amendments(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = commands.add_parser("history", help="what the amendments changed, and when")
    history.add_argument("file", metavar="FILE", help="a JSON file; - for stdin")
    history.add_argument("--format", choices=("table", "json"), default="table")
    amend = commands.add_parser(
        "amend",
        help="check a change order and append it to an agreement",
        usage=amendments.AMEND_USAGE,
    )
    amend.add_argument("file", metavar="FILE", help="the agreement, a JSON file; - for stdin")
    amend.add_argument(
        "changes", metavar="CHANGES.json", help="one amendment, or a list of them, as JSON"
    )
    amend.add_argument(
        "-o", "--output", required=True, metavar="NEW.json", help="where to write; - for stdout"
    )


def _add_billing(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = commands.add_parser(
        "invoices", help="billing periods with invoice and due days", usage=invoices.INVOICES_USAGE
    )
    listing.add_argument("file", metavar="FILE", help="a JSON file; - for stdin")
    listing.add_argument(
        "--through",
        required=True,
        type=invoices.parse_month_end,
        metavar="YYYY-MM",
        help="list periods up to the one containing the end of this month (or a day)",
    )
    listing.add_argument("--format", choices=("table", "json"), default="table")
    itemised = commands.add_parser(
        "charges", help="the itemised charges of one billing period", usage=invoices.CHARGES_USAGE
    )
    itemised.add_argument("file", metavar="FILE", help="a JSON file; - for stdin")
    itemised.add_argument(
        "--period",
        required=True,
        type=invoices.parse_day_or_month,
        metavar="YYYY-MM",
        help="the billing period containing the first day of this month (or a day)",
    )
    itemised.add_argument(
        "--quantity",
        action="append",
        default=[],
        type=invoices.parse_quantity,
        metavar="KEY=N[@DATE]",
        help="units by unit (devices, users, ...) or fee line id; @DATE: from that day",
    )
    itemised.add_argument(
        "--index",
        action="append",
        default=[],
        type=invoices.parse_index,
        metavar="NAME=FILE.csv",
        help="values of a price index (CSV day,value) for index-linked adjustments",
    )
    itemised.add_argument(
        "--usage",
        metavar="FILE.csv",
        help="time worked under hourly lines and blocks: CSV line,start,end[,description]",
    )
    itemised.add_argument(
        "--locale",
        default=DEFAULT_LOCALE,
        help=f"Babel locale for money (default {DEFAULT_LOCALE})",
    )
    itemised.add_argument("--format", choices=("table", "json"), default="table")


def _add_credits(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "credits",
        help="availability and service credits for one month",
        usage=service_credits.CREDITS_USAGE,
    )
    parser.add_argument("file", metavar="FILE", help="a JSON file; - for stdin")
    parser.add_argument(
        "--outages", required=True, metavar="FILE.csv", help="CSV with service,start,end columns"
    )
    parser.add_argument(
        "--month",
        required=True,
        type=service_credits.parse_month,
        metavar="YYYY-MM",
        help="the month measured (the period containing its first day)",
    )
    parser.add_argument(
        "--fee",
        action="append",
        default=[],
        type=service_credits.parse_fee,
        metavar="SERVICE=AMOUNT",
        help="a service's fee for the period, in the agreement's currency; repeatable",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")


def _add_sla(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "sla", help="when a ticket's response and resolution are due", usage=sla.SLA_USAGE
    )
    parser.add_argument("file", metavar="FILE", help="a JSON file; - for stdin")
    parser.add_argument("--priority", required=True, metavar="ID", help="the priority, e.g. P1")
    parser.add_argument(
        "--opened",
        required=True,
        metavar="DATETIME",
        help="when the ticket was opened, ISO 8601; without an offset, local to the calendar",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")


def _add_dates(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "dates",
        help="list an agreement's key dates, or the renewal radar over many",
        usage=dates.DATES_USAGE,
    )
    parser.add_argument(
        "names", nargs="+", metavar="FILE|DIR", help="JSON files or directories; - for stdin"
    )
    parser.add_argument(
        "--as-of",
        type=dates.parse_as_of,
        metavar="DATE",
        help="first day of the window, YYYY-MM-DD (default: today in UTC)",
    )
    parser.add_argument(
        "--within",
        type=dates.parse_within,
        default="P90D",
        metavar="PERIOD",
        help="length of the window, an ISO 8601 period (default P90D)",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--ics", metavar="FILE", help="also write the dates as an iCalendar file")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `msa` command with `argv` (default: the process arguments).

    Returns:
        The exit status: 0 success, 1 invalid input, 2 usage error.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits on --help and on usage errors
        return int(exit_.code or 0)
    command: Callable[[argparse.Namespace, TextIO], int] = _COMMANDS[args.command]
    return command(args, sys.stdout)


def _example(_: argparse.Namespace, out: TextIO) -> int:
    out.write(_example_text())
    return OK


def _schema(_: argparse.Namespace, out: TextIO) -> int:
    out.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return OK


def _dates(args: argparse.Namespace, out: TextIO) -> int:
    options = dates.Options(
        # The command line is the edge where the clock may be read.
        as_of=args.as_of or pendulum.now("UTC").date(),
        within=args.within,
        output=args.format,
        ics=args.ics,
    )
    return dates.run(args.names, options, out, sys.stderr)


def _invoices(args: argparse.Namespace, out: TextIO) -> int:
    agreement = load_agreement(args.file, sys.stderr)
    if agreement is None:
        return INVALID
    return invoices.run_invoices(agreement, args.through, args.format, out)


def _charges(args: argparse.Namespace, out: TextIO) -> int:
    try:
        checked_locale(args.locale)
    except ParseError:
        sys.stderr.write(
            f"usage: {invoices.CHARGES_USAGE}\nmsa charges: error: unknown locale {args.locale!r}\n"
        )
        return USAGE
    agreement = load_agreement(args.file, sys.stderr)
    if agreement is None:
        return INVALID
    options = invoices.ChargeOptions(
        day=args.period,
        quantities=tuple(args.quantity),
        indexes=tuple(args.index),
        locale=args.locale,
        output=args.format,
        work=args.usage,
    )
    return invoices.run_charges(agreement, options, out, sys.stderr)


def _credits(args: argparse.Namespace, out: TextIO) -> int:
    agreement = load_agreement(args.file, sys.stderr)
    if agreement is None:
        return INVALID
    options = service_credits.CreditOptions(
        outages=args.outages, month=args.month, fees=tuple(args.fee), output=args.format
    )
    return service_credits.run_credits(agreement, options, out, sys.stderr)


def _sla(args: argparse.Namespace, out: TextIO) -> int:
    agreement = load_agreement(args.file, sys.stderr)
    if agreement is None:
        return INVALID
    options = sla.SlaOptions(priority=args.priority, opened=args.opened, output=args.format)
    return sla.run_sla(agreement, options, out, sys.stderr)


def _load(name: str) -> Agreement:
    return loads(read_file(name))


def _validate(files: Sequence[str], output: str, out: TextIO) -> int:
    results: list[tuple[str, list[Problem] | None, str | None]] = []
    for name in files:
        try:
            _load(name)
        except ValidationError as error:
            results.append((name, list(error.problems), None))
        except UnreadableError as error:
            results.append((name, None, str(error)))
        else:
            results.append((name, [], None))
    if output == "json":
        report = [
            {
                "file": name,
                "valid": problems == [],
                "problems": [{"path": p.location, "message": p.message} for p in problems or []],
                **({"error": failure} if failure else {}),
            }
            for name, problems, failure in results
        ]
        out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        for name, problems, failure in results:
            if failure is not None:
                out.write(f"{name}: ERROR {failure}\n")
            elif problems:
                count = len(problems)
                out.write(f"{name}: INVALID ({count} problem{'s' if count > 1 else ''})\n")
                out.writelines(f"  {problem}\n" for problem in problems)
            else:
                out.write(f"{name}: OK\n")
    return OK if all(problems == [] for _, problems, _ in results) else INVALID


def _history(args: argparse.Namespace, out: TextIO) -> int:
    agreement = load_agreement(args.file, sys.stderr)
    if agreement is None:
        return INVALID
    return amendments.run_history(agreement, args.format, out)


def _show(name: str, locale: str, as_of: pendulum.Date | None, out: TextIO) -> int:
    try:
        checked_locale(locale)
    except ParseError:
        sys.stderr.write(f"usage: {SHOW_USAGE}\nmsa show: error: unknown locale {locale!r}\n")
        return USAGE
    agreement = load_agreement(name, sys.stderr)
    if agreement is None:
        return INVALID
    out.write(summary(agreement, locale=locale, as_of=as_of))
    return OK


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "example": _example,
    "schema": _schema,
    "validate": lambda args, out: _validate(args.files, args.format, out),
    "dates": _dates,
    "sla": _sla,
    "credits": _credits,
    "invoices": _invoices,
    "charges": _charges,
    "show": lambda args, out: _show(args.file, args.locale, args.as_of, out),
    "history": _history,
    "amend": lambda args, out: amendments.run_amend(
        args.file, args.changes, args.output, out, sys.stderr
    ),
}
