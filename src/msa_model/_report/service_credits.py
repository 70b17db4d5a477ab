"""`msa credits`: availability and service credits for one measurement period.

Outages come from a CSV file with a header row naming the columns
`service`, `start` and `end` (and optionally `description`), one outage
per row. Times are ISO 8601; without an offset they are local to the SLA's
zone and refused when the clocks change over them. Each service with an
availability target gets a row: its availability, the credit tier reached,
and the credit as money when its fee for the period is given with
`--fee SERVICE=AMOUNT` (docs/cli.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from decimal import Decimal
from typing import Final, TextIO

import attrs
import pendulum

from msa_model._model.agreement import Agreement
from msa_model._model.calendar import BusinessCalendar
from msa_model._model.outages import AvailabilityReport, Outage, ServiceCredit
from msa_model._report.files import UnreadableError
from msa_model._report.spans import SpanFileError, read_spans
from msa_model._values.money import Money

__all__ = ["CREDITS_USAGE", "CreditOptions", "parse_fee", "parse_month", "run_credits"]

CREDITS_USAGE: Final = (
    "msa credits [-h] --outages FILE.csv --month YYYY-MM [--fee SERVICE=AMOUNT ...] "
    "[--format {table,json}] FILE"
)
OK, INVALID, USAGE = 0, 1, 2
_Row = tuple[AvailabilityReport, ServiceCredit | None]
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_FEE = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.\-]*)=([0-9]{1,18}(?:\.[0-9]{1,10})?)")


@attrs.frozen
class CreditOptions:
    """What `msa credits` was asked."""

    outages: str
    month: pendulum.Date
    fees: tuple[tuple[str, Decimal], ...]
    output: str


def parse_month(text: str) -> pendulum.Date:
    """Read `--month YYYY-MM` as the first day of that month (an argparse type)."""
    match = _MONTH.fullmatch(text)
    if match is None:
        msg = f"must be a month YYYY-MM, e.g. 2026-10 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return pendulum.Date(int(match.group(1)), int(match.group(2)), 1)


def parse_fee(text: str) -> tuple[str, Decimal]:
    """Read `--fee SERVICE=AMOUNT`, e.g. `rmm=1250.00` (an argparse type)."""
    match = _FEE.fullmatch(text)
    if match is None:
        msg = f"must be SERVICE=AMOUNT with a plain decimal amount, e.g. rmm=1250.00 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return match.group(1), Decimal(match.group(2))


def run_credits(agreement: Agreement, options: CreditOptions, out: TextIO, err: TextIO) -> int:
    """Measure every availability target over the month and write the credits."""
    sla = agreement.sla
    targets = {target.service: target for target in sla.availability}
    if not targets:
        err.write("msa credits: the SLA has no availability targets\n")
        return INVALID
    unknown = sorted({service for service, _ in options.fees} - targets.keys())
    if unknown:
        known = ", ".join(sorted(targets))
        return _usage(
            err, f"--fee names no availability target: {', '.join(unknown)} (known: {known})"
        )
    fees = dict(options.fees)
    try:
        outages = read_outages(options.outages, BusinessCalendar.always_open(sla.zone))
    except (UnreadableError, SpanFileError) as error:
        err.write(f"{options.outages}: {error}\n")
        return INVALID
    stray = sorted({o.service for o in outages} - targets.keys())
    results: list[_Row] = []
    for service in targets:
        if service in fees:
            fee = Money.of(fees[service], agreement.fees.currency)
            credit = sla.credit(service, options.month, outages, fee)
            results.append((credit.report, credit))
        else:
            results.append((sla.availability_of(service, options.month, outages), None))
    if options.output == "json":
        out.write(json.dumps(_json(results, stray, sla.zone), indent=2) + "\n")
    else:
        _table(results, stray, sla.zone, out)
    return OK


def read_outages(name: str, zone: BusinessCalendar) -> tuple[Outage, ...]:
    """Read the outages CSV file `name`; naive times are local to `zone`'s time zone.

    Raises:
        UnreadableError: The file cannot be read.
        SpanFileError: A row is not an outage; the message names the line and column.
    """

    def outage(service: str, start: dt.datetime, end: dt.datetime, text: str | None) -> Outage:
        return Outage(service=service, start=start, end=end, description=text)

    return read_spans(name, "service", zone, outage)


def _hours(span: dt.timedelta) -> str:
    """A length as hours, minutes and whole seconds, e.g. `1h03m12s`."""
    seconds = int(span.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{seconds:02d}s"


def _table(results: list[_Row], stray: list[str], zone: str, out: TextIO) -> None:
    first = results[0][0]
    out.write(f"Availability {first.first_day} to {first.last_day} ({zone})\n")
    header = ("Service", "Target", "Attained", "Downtime", "Allowed", "Tier", "Credit")
    rows = [header]
    for found, credit in results:
        amount = f"{found.credit_percent}%"
        if credit is not None:
            amount += f" = {credit.amount}"
        rows.append(
            (
                found.service,
                f"{found.target}%",
                f"{found.attainment_text()}%",
                _hours(found.downtime),
                _hours(found.allowed_downtime),
                f"below {found.tier.below}" if found.tier else "-",
                amount,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        out.write("  ".join(cells).rstrip() + "\n")
    if any(credit is None and found.credit_percent for found, credit in results):
        out.write("Give a service's fee for the period with --fee SERVICE=AMOUNT for its credit.\n")
    if stray:
        out.write(f"Ignored outages of services without a target: {', '.join(stray)}\n")


def _json(results: list[_Row], stray: list[str], zone: str) -> dict[str, object]:
    first = results[0][0]
    return {
        "zone": zone,
        "first_day": str(first.first_day),
        "last_day": str(first.last_day),
        "services": [
            {
                "service": found.service,
                "target": str(found.target),
                "attainment": str(found.attainment_text(6)),
                "met": found.met,
                "period_seconds": _seconds(found.period),
                "excluded_seconds": _seconds(found.excluded),
                "downtime_seconds": _seconds(found.downtime),
                "allowed_downtime_seconds": _seconds(found.allowed_downtime),
                "tier_below": None if found.tier is None else str(found.tier.below),
                "credit_percent": str(found.credit_percent),
                "fee": None if credit is None else _money(credit.fee),
                "credit": None if credit is None else _money(credit.amount),
            }
            for found, credit in results
        ],
        "ignored_services": stray,
    }


def _seconds(span: dt.timedelta) -> str:
    """Exact seconds as decimal text (microseconds kept)."""
    micro = span // dt.timedelta(microseconds=1)
    return (
        str(Decimal(micro).scaleb(-6).normalize()) if micro % 1_000_000 else str(micro // 1_000_000)
    )


def _money(amount: Money) -> dict[str, str]:
    return {"amount": str(amount.amount), "currency": amount.currency}


def _usage(err: TextIO, message: str) -> int:
    err.write(f"usage: {CREDITS_USAGE}\nmsa credits: error: {message}\n")
    return USAGE
