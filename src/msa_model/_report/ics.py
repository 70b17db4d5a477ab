"""Key dates as an iCalendar file (RFC 5545), for `msa dates --ics`.

The output depends only on its inputs: every event is all-day, its UID
is derived from the agreement id, the kind, the reference and the day
(so exporting again updates events instead of duplicating them), and
DTSTAMP is the `as_of` day at 00:00 UTC, never the current time. That is
why the components are built by hand: icalendar's `Event.new` and
`Calendar.new` stamp the current time and a random UID.

Needs the optional `icalendar` package: `pip install 'msa-model[ics]'`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Final

import attrs
import pendulum

from msa_model._model.dates import KeyDateKind
from msa_model.errors import MissingDependencyError

__all__ = ["PRODID", "UID_NAMESPACE", "Entry", "calendar_bytes", "require_icalendar", "uid"]

PRODID: Final = "-//msa_model//msa dates//EN"
UID_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "https://msa-model.invalid/msa-dates")
"""The fixed namespace of event UIDs (uuid5), so a UID never changes between releases."""
ALARM_BEFORE: Final = dt.timedelta(days=-7)
"""When the reminder of a notice deadline goes off, relative to the deadline."""


@attrs.frozen
class Entry:
    """One all-day event of the calendar.

    Attributes:
        day: The date.
        kind: What the date is.
        description: In words, e.g. "Last day to give notice of non-renewal".
        agreement_id: Id of the agreement.
        client: Legal name of the client.
        ref: Id of the clause or responsibility it comes from, if any.
    """

    day: pendulum.Date
    kind: KeyDateKind
    description: str
    agreement_id: str
    client: str
    ref: str | None = None


def require_icalendar() -> None:
    """Check that the optional `icalendar` package can be imported.

    Raises:
        MissingDependencyError: It cannot; the message says how to install it.
    """
    try:
        import icalendar  # noqa: F401, PLC0415 # optional: imported only when asked for
    except ImportError:
        raise MissingDependencyError(
            "writing iCalendar files needs the icalendar package: pip install 'msa-model[ics]'"
        ) from None


def uid(entry: Entry) -> str:
    """Return the event's UID: a uuid5 of the agreement id, kind, reference and day.

    Example:
        >>> entry = Entry(pendulum.Date(2027, 11, 2), KeyDateKind.EXPIRY, "", "A-1", "C")
        >>> uid(entry) == uid(attrs.evolve(entry, description="changed"))
        True
    """
    key = "\x1f".join((entry.agreement_id, entry.kind.value, entry.ref or "", str(entry.day)))
    return str(uuid.uuid5(UID_NAMESPACE, key))


def _date(day: pendulum.Date) -> dt.date:
    return dt.date(day.year, day.month, day.day)


def calendar_bytes(entries: Sequence[Entry], as_of: pendulum.Date) -> bytes:
    """Return the entries as an iCalendar file: all-day events, a reminder before deadlines.

    An entry whose UID repeats one before it (the same agreement, kind,
    reference and day) is left out. Notice deadlines carry a display alarm
    seven days before.

    Raises:
        MissingDependencyError: The `icalendar` package is not installed.
    """
    require_icalendar()
    import icalendar  # noqa: PLC0415 # optional: imported only when asked for

    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    seen: set[str] = set()
    for entry in entries:
        key = uid(entry)
        if key in seen:
            continue
        seen.add(key)
        event = icalendar.Event()
        event.add("uid", key)
        event.add("dtstamp", stamp)
        event.add("dtstart", _date(entry.day))
        event.add("dtend", _date(entry.day) + dt.timedelta(days=1))
        event.add("summary", f"{entry.agreement_id}: {entry.description}")
        details = [f"Agreement {entry.agreement_id} with {entry.client}"]
        details.append(f"Kind: {entry.kind.value}")
        if entry.ref is not None:
            details.append(f"Ref: {entry.ref}")
        event.add("description", "\n".join(details))
        event.add("categories", [entry.kind.value])
        event.add("transp", "TRANSPARENT")
        if entry.kind is KeyDateKind.NOTICE_DEADLINE:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"In 7 days: {entry.agreement_id}: {entry.description}")
            alarm.add("trigger", ALARM_BEFORE)
            event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
