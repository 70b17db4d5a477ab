"""`msa sla`: when a ticket's first response and resolution are due.

The opening time is read as ISO 8601. With an offset (`-05:00`, `Z`) it
is one instant; without one it is local time on the priority's calendar,
refused when the clocks change over it (docs/cli.md).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Final, TextIO

import attrs
import pendulum

from msa_model._model.agreement import Agreement
from msa_model._model.calendar import BusinessCalendar
from msa_model._model.tickets import DueTimes
from msa_model._values.period import BusinessDays, BusinessTime
from msa_model.errors import LocalTimeError, NotInAgreementError

__all__ = ["SLA_USAGE", "SlaOptions", "run_sla"]

SLA_USAGE: Final = "msa sla [-h] --priority ID --opened DATETIME [--format {table,json}] FILE"
OK, INVALID, USAGE = 0, 1, 2


@attrs.frozen
class SlaOptions:
    """What `msa sla` was asked: the priority, the opening time as written, the output."""

    priority: str
    opened: str
    output: str


def run_sla(agreement: Agreement, options: SlaOptions, out: TextIO, err: TextIO) -> int:
    """Write the due times of a ticket opened under `options.priority` at `options.opened`."""
    sla = agreement.sla
    try:
        target = sla.priority(options.priority)
    except KeyError:
        known = ", ".join(p.id for p in sla.priorities)
        return _usage(err, f"the SLA has no priority {options.priority!r} (it has {known})")
    try:
        opened = _opened(options.opened, sla.calendar(target.calendar))
        # The targets are those in force on the day the ticket was opened.
        sla = agreement.as_of(opened.in_timezone(sla.zone).date()).sla
        target = sla.priority(options.priority)
        calendar = sla.calendar(target.calendar)
        due = sla.due(options.priority, opened)
    except (ValueError, LocalTimeError, NotInAgreementError, KeyError) as error:
        return _usage(err, str(error))
    if options.output == "json":
        out.write(json.dumps(_json(due, target.name, calendar.id, calendar.zone), indent=2) + "\n")
        return OK
    out.write(
        f"Priority {due.priority} ({target.name}), calendar {calendar.id} ({calendar.zone})\n"
    )
    rows = [("Opened", "", due.opened_at)]
    rows.append(("Response", _target(target.response), due.response))
    if due.resolution is not None and target.resolution is not None:
        rows.append(("Resolution", _target(target.resolution), due.resolution))
    for label, length, moment in rows:
        local = moment.format("ddd YYYY-MM-DD HH:mm ZZ", locale="en")
        utc = moment.in_timezone("UTC").format("YYYY-MM-DD HH:mm[Z]")
        out.write(f"{label:<11} {length:<16} {local}  {utc}\n")
    if due.resolution is None:
        out.write("Resolution  no target\n")
    return OK


def _opened(text: str, calendar: BusinessCalendar) -> pendulum.DateTime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        example = "2026-11-20T16:30:00-05:00"
        msg = f"--opened must be an ISO 8601 date and time such as {example} (got {text!r})"
        raise ValueError(msg) from None
    if moment.tzinfo is None:
        return calendar.localize(moment)
    return pendulum.instance(moment)


def _target(length: BusinessTime | BusinessDays) -> str:
    return str(length)


def _json(due: DueTimes, name: str, calendar: str, zone: str) -> dict[str, object]:
    def stage(moment: pendulum.DateTime | None) -> dict[str, str] | None:
        if moment is None:
            return None
        return {"due": moment.isoformat(), "due_utc": moment.in_timezone("UTC").isoformat()}

    return {
        "priority": due.priority,
        "name": name,
        "calendar": calendar,
        "zone": zone,
        "opened_at": due.opened_at.isoformat(),
        "response": stage(due.response),
        "resolution": stage(due.resolution),
    }


def _usage(err: TextIO, message: str) -> int:
    err.write(f"usage: {SLA_USAGE}\nmsa sla: error: {message}\n")
    return USAGE
