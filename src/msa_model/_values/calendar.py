"""The parts of business calendars: weekdays, times of day, opening windows, holidays.

The calendar itself (`BusinessCalendar`) is a model class in
`msa_model._model.calendar`, so that it can offer the clock of the engines
as methods; the engines read it through the `CalendarRules` protocol.
See docs/calendars.md.
"""

from __future__ import annotations

import enum
import functools
import re
import zoneinfo
from collections.abc import Iterator
from typing import Final, Protocol

import attrs
import pendulum

from msa_model._values.invariants import (
    Checked,
    describe,
    integer,
    problem,
    unique_values,
)
from msa_model.errors import ParseError, Problem

__all__ = [
    "MAX_HOLIDAYS",
    "MAX_WINDOWS",
    "CalendarRules",
    "OpeningWindow",
    "PublicHolidays",
    "RollConvention",
    "TimeOfDay",
    "Weekday",
    "is_known_zone",
    "overlaps",
]

MAX_HOLIDAYS: Final = 5000
"""Most explicit holidays one calendar may list (about a century of them)."""
MAX_WINDOWS: Final = 100
"""Most opening windows one calendar may list."""

_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")
_TIME = re.compile(r"(?:([01][0-9]|2[0-3]):([0-5][0-9]))|24:00")
_COUNTRY = re.compile(r"[A-Z]{2}")
_SUBDIVISION = re.compile(r"[A-Z0-9]{1,3}")


@functools.cache
def is_known_zone(name: str) -> bool:
    """Tell whether `name` is an IANA time zone in the tz database in use.

    Example:
        >>> is_known_zone("Europe/Berlin"), is_known_zone("CET+1"), is_known_zone("Mars/Base")
        (True, False, False)
    """
    if not _ZONE.fullmatch(name):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


class Weekday(enum.Enum):
    """A day of the week, Monday first (ISO 8601)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def iso_number(self) -> int:
        """1 for Monday through 7 for Sunday."""
        return _ISO_NUMBERS[self._value_]


_ISO_NUMBERS: Final = {day.value: number for number, day in enumerate(Weekday, start=1)}
"""The ISO number of each weekday, by its value (a member's hash runs Python code on 3.11)."""


class RollConvention(enum.Enum):
    """What happens to a date that falls on a non-business day.

    `none` keeps it (the default for notice deadlines, which protect the
    recipient); the others follow financial schedule conventions:
    `preceding` moves to the previous business day, `following` to the
    next, and the `modified_` forms do the same unless that crosses into
    another month, in which case they go the other way.
    """

    NONE = "none"
    PRECEDING = "preceding"
    FOLLOWING = "following"
    MODIFIED_FOLLOWING = "modified_following"
    MODIFIED_PRECEDING = "modified_preceding"


@attrs.frozen(order=True)
class TimeOfDay(Checked):
    """A local wall-clock time in whole minutes, from `00:00` to `24:00`.

    `24:00` is the end of the day, so a window can close at midnight.

    Attributes:
        minutes: Minutes since local midnight, 0 to 1440.

    Example:
        >>> str(TimeOfDay.parse("24:00")), TimeOfDay.parse("09:30").minutes
        ('24:00', 570)
    """

    minutes: int

    @classmethod
    def parse(cls, text: str) -> TimeOfDay:
        """Read `HH:MM` (24-hour clock; `24:00` allowed)."""
        match = _TIME.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            msg = f"must be a time of day 'HH:MM' from '00:00' to '24:00' (got {text!r})"
            raise ParseError(msg)
        if text == "24:00":
            return cls(1440)
        return cls(int(match.group(1)) * 60 + int(match.group(2)))

    def _problems(self) -> Iterator[Problem]:
        yield from integer(self.minutes, "minutes", minimum=0, maximum=1440)

    def __str__(self) -> str:
        """Return `HH:MM`."""
        hours, minutes = divmod(self.minutes, 60)
        return f"{hours:02d}:{minutes:02d}"


@attrs.frozen(kw_only=True)
class OpeningWindow(Checked):
    """Open from `start` to `end` local time on each of `days`.

    Overnight cover is two windows: 22:00–24:00 and 00:00–06:00 of the next day.

    Attributes:
        days: The weekdays the window applies to.
        start: Opening time.
        end: Closing time, after `start`; `24:00` closes at midnight.
    """

    days: tuple[Weekday, ...]
    start: TimeOfDay
    end: TimeOfDay

    def _problems(self) -> Iterator[Problem]:
        if not self.days:
            yield problem("days", "must list at least one weekday")
        yield from unique_values(self.days, "days", "weekday")
        if self.end <= self.start:
            yield problem("end", f"must be after start={self.start} (got {self.end})")


@attrs.frozen(kw_only=True)
class PublicHolidays(Checked):
    """A country's (and optionally a region's) public holidays, by ISO 3166 code.

    They are looked up with the optional `holidays` package by the clock.

    Attributes:
        country: ISO 3166-1 alpha-2 code, e.g. `US`, `GB`.
        subdivision: ISO 3166-2 subdivision code without the country, e.g.
            `ENG` for England or `NY` for New York.
    """

    country: str
    subdivision: str | None = None

    def _problems(self) -> Iterator[Problem]:
        if type(self.country) is not str or not _COUNTRY.fullmatch(self.country):
            yield problem(
                "country", f"must be an ISO 3166-1 alpha-2 code (got {describe(self.country)})"
            )
        if self.subdivision is not None and (
            type(self.subdivision) is not str or not _SUBDIVISION.fullmatch(self.subdivision)
        ):
            yield problem(
                "subdivision",
                f"must be an ISO 3166-2 subdivision code such as 'NY' "
                f"(got {describe(self.subdivision)})",
            )


class CalendarRules(Protocol):
    """What the engines read of a business calendar (the model's `BusinessCalendar`)."""

    @property
    def id(self) -> str:
        """How the agreement refers to the calendar; used in error messages."""

    @property
    def zone(self) -> str:
        """IANA time zone of the windows."""

    @property
    def windows(self) -> tuple[OpeningWindow, ...]:
        """Weekly opening windows in local wall-clock time."""

    @property
    def holidays(self) -> tuple[pendulum.Date, ...]:
        """Explicit closed days."""

    @property
    def public_holidays(self) -> PublicHolidays | None:
        """A country's public holidays, closed as well."""


def overlaps(windows: tuple[OpeningWindow, ...]) -> Iterator[Problem]:
    """Report each window that overlaps an earlier one on the same weekday."""
    taken: dict[Weekday, list[tuple[int, int, int]]] = {}
    for index, window in enumerate(windows):
        for day in window.days:
            clash = next(
                (
                    (start, end, other)
                    for start, end, other in taken.get(day, [])
                    if window.start.minutes < end and start < window.end.minutes
                ),
                None,
            )
            if clash is not None:  # one report per window and day is enough
                start, end, other = clash
                yield problem(
                    ("windows", index),
                    f"overlaps windows[{other}] on {day.value!r} "
                    f"({window.start}-{window.end} and "
                    f"{TimeOfDay(start)}-{TimeOfDay(end)})",
                )
            taken.setdefault(day, []).append((window.start.minutes, window.end.minutes, index))
