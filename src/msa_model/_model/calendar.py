"""The business calendar: when a party is open, and its business clock.

The parts of a calendar (windows, times of day, holidays) are values in
`msa_model._values.calendar`; the arithmetic is the clock engine
(`msa_model._engines.clock`). The methods here check their inputs, turn
times into instants and back, and leave the work to the engine
(docs/calendars.md).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Final

import attrs
import pendulum

from msa_model._engines.businessdays import DayCalendar
from msa_model._engines.clock import US, Clock, ZoneRules, clock_for, to_instant, zone_rules
from msa_model._values.calendar import (
    MAX_HOLIDAYS,
    MAX_WINDOWS,
    OpeningWindow,
    PublicHolidays,
    RollConvention,
    TimeOfDay,
    Weekday,
    is_known_zone,
    overlaps,
)
from msa_model._values.invariants import (
    MAX_NAME,
    Checked,
    describe,
    identifier,
    problem,
    text,
    unique_values,
)
from msa_model._values.period import BusinessDays, BusinessTime
from msa_model.errors import LocalTimeError, Problem

__all__ = ["BusinessCalendar", "Pause", "checked_instant", "local_time"]

Pause = tuple[dt.datetime, dt.datetime]
"""A stretch of time the clock is stopped, e.g. waiting on the client: `(start, end)`."""


@attrs.frozen(kw_only=True)
class BusinessCalendar(Checked):
    """When a party is open for business: an IANA zone, weekly windows, holidays.

    A day is a business day when it has an opening window and is not a
    holiday. A round-the-clock (24x7) service is a calendar too; see
    `always_open`.

    Attributes:
        id: How priorities, services and terms refer to this calendar.
        zone: IANA time zone of the windows, e.g. `America/New_York`.
        windows: Weekly opening windows; windows of one day must not overlap.
        holidays: Explicit closed days.
        public_holidays: A country's public holidays, closed as well.
        name: Optional name for people, e.g. `Business hours (ET)`.

    Example:
        >>> always = BusinessCalendar.always_open("UTC")
        >>> [str(w.start) + "-" + str(w.end) for w in always.windows]
        ['00:00-24:00']
    """

    id: str
    zone: str
    windows: tuple[OpeningWindow, ...]
    holidays: tuple[pendulum.Date, ...] = ()
    public_holidays: PublicHolidays | None = None
    name: str | None = None

    @classmethod
    def always_open(cls, zone: str, *, id: str = "24x7") -> BusinessCalendar:  # noqa: A002 # the field is called id
        """Return a calendar open around the clock every day, without holidays."""
        window = OpeningWindow(days=tuple(Weekday), start=TimeOfDay(0), end=TimeOfDay(1440))
        return cls(id=id, zone=zone, windows=(window,), name="24x7")

    @functools.cached_property
    def _clock(self) -> Clock:
        return clock_for(self)

    @property
    def business_days(self) -> DayCalendar:
        """The calendar's business days (the term engine counts notice on them)."""
        return self._clock.days

    def add(
        self,
        start: dt.datetime,
        length: BusinessTime | BusinessDays,
        *,
        pauses: Iterable[Pause] = (),
    ) -> pendulum.DateTime:
        """Return the due instant: `length` of business time or business days after `start`.

        Business time is open time: the earliest instant at which `length`
        has elapsed inside the windows, the clock starting at the next
        opening when `start` is outside hours. A length that uses up a
        window exactly ends at its closing time. Business days give the
        same local time on the `count`-th business day after the start day
        (or the day's last closing time when that time is outside its
        windows); see docs/calendars.md. `pauses` stop the clock.

        Raises:
            LocalTimeError: `start` has no offset, or is a skipped or
                repeated local time of a named zone.

        Example:
            >>> office = BusinessCalendar(
            ...     id="office",
            ...     zone="America/New_York",
            ...     windows=(
            ...         OpeningWindow(
            ...             days=tuple(Weekday)[:5],
            ...             start=TimeOfDay.parse("09:00"),
            ...             end=TimeOfDay.parse("17:00"),
            ...         ),
            ...     ),
            ... )
            >>> friday = pendulum.datetime(2024, 11, 15, 13, tz="America/New_York")
            >>> office.add(friday, BusinessTime.parse("PT4H")).isoformat()
            '2024-11-15T17:00:00-05:00'
            >>> office.add(friday, BusinessTime.parse("PT5H")).isoformat()
            '2024-11-18T10:00:00-05:00'
            >>> office.add(friday, BusinessDays(1)).isoformat()
            '2024-11-18T13:00:00-05:00'
        """
        if type(length) is BusinessTime and not pauses:  # the common case, in short
            return self._out(self._clock.add(checked_instant(start, "start"), length.seconds * US))
        instant = checked_instant(start, "start")
        stops = _pauses(pauses) if pauses else ()
        if type(length) is BusinessTime:
            if stops:
                return self._out(self._clock.add_paused(instant, length.seconds * US, stops))
            return self._out(self._clock.add(instant, length.seconds * US))
        if not isinstance(length, BusinessDays):
            msg = f"length must be BusinessTime or BusinessDays (got {describe(length)})"
            raise TypeError(msg)
        if stops:
            msg = "pauses apply to business time; a business-day target is a calendar date"
            raise ValueError(msg)
        return self._out(self._clock.add_days(instant, length.count))

    def elapsed(
        self, start: dt.datetime, end: dt.datetime, pauses: Iterable[Pause] = ()
    ) -> dt.timedelta:
        """Return the business time between `start` and `end`, less the (merged) `pauses`.

        Zero when `end` is not after `start`.

        Example:
            >>> office = BusinessCalendar(
            ...     id="office",
            ...     zone="UTC",
            ...     windows=(
            ...         OpeningWindow(
            ...             days=tuple(Weekday)[:5],
            ...             start=TimeOfDay.parse("09:00"),
            ...             end=TimeOfDay.parse("17:00"),
            ...         ),
            ...     ),
            ... )
            >>> office.elapsed(
            ...     pendulum.datetime(2024, 11, 15, 16), pendulum.datetime(2024, 11, 18, 10)
            ... )
            datetime.timedelta(seconds=7200)
        """
        first, last = checked_instant(start, "start"), checked_instant(end, "end")
        spent = self._clock.elapsed(first, last, _pauses(pauses))
        return dt.timedelta(microseconds=spent)

    def is_open(self, moment: dt.datetime) -> bool:
        """Tell whether the calendar is open at `moment` (a window's closing time is not)."""
        return self._clock.is_open(checked_instant(moment, "moment"))

    def next_opening(self, moment: dt.datetime) -> pendulum.DateTime:
        """Return `moment` when the calendar is open then, else the next time it opens."""
        return self._out(self._clock.next_opening(checked_instant(moment, "moment")))

    def open_intervals(
        self, start: dt.datetime, end: dt.datetime
    ) -> Iterator[tuple[pendulum.DateTime, pendulum.DateTime]]:
        """Yield the open stretches between `start` and `end`, clipped to them, in order."""
        first, last = checked_instant(start, "start"), checked_instant(end, "end")
        for low, high in self._clock.intervals_between(first, last):
            yield self._out(low), self._out(high)

    def is_business_day(self, day: pendulum.Date) -> bool:
        """Tell whether `day` has an opening window and is not a holiday."""
        return self._clock.days.is_business_day(day)

    def add_business_days(self, day: pendulum.Date, count: int) -> pendulum.Date:
        """Return the `count`-th business day after `day` (`day` itself for 0)."""
        return self._clock.days.add(day, count)

    def roll(self, day: pendulum.Date, convention: RollConvention) -> pendulum.Date:
        """Move `day` onto a business day as `convention` says (`none` keeps it)."""
        return self._clock.days.roll(day, convention)

    def localize(self, wall: dt.datetime) -> pendulum.DateTime:
        """Read a naive local date and time in the calendar's zone as one instant.

        Raises:
            LocalTimeError: The time is skipped (in a DST gap) or repeated
                (in a DST overlap) in the zone: give it with an offset instead.

        Example:
            >>> utc = BusinessCalendar.always_open("America/New_York")
            >>> utc.localize(dt.datetime(2024, 11, 4, 9)).isoformat()
            '2024-11-04T09:00:00-05:00'
        """
        if not isinstance(wall, dt.datetime) or wall.tzinfo is not None:
            msg = f"must be a naive local date and time (got {describe(wall)})"
            raise TypeError(msg)
        local = wall.replace(tzinfo=self._tz)
        return self._out(checked_instant(local, "time", repeated=False))

    @functools.cached_property
    def _tz(self) -> pendulum.Timezone:
        return pendulum.timezone(self.zone)

    @functools.cached_property
    def _day_offset(self) -> Callable[[int], int | None]:
        return self._clock.rules.day_offset

    @functools.cached_property
    def _offsets(self) -> dict[int, int | None]:
        """The day offsets `_day_offset` has found, read directly on the hot path."""
        return self._clock.rules.offsets

    def _out(self, instant: int) -> pendulum.DateTime:
        """`instant` as a pendulum DateTime in the calendar's zone.

        On an ordinary day the wall time is the instant plus the day's one
        offset; near a change of offset the zone is asked.
        """
        seconds, micro = divmod(instant, US)
        ordinal = seconds // _DAY + _EPOCH_ORDINAL
        offset = self._offsets.get(ordinal)  # the zone's table, read without a call
        if offset is None:  # not looked up yet, or near a change
            offset = self._day_offset(ordinal)
            if offset is None:
                return _datetime_near_changes(instant, self._tz)
        day, clock = divmod(seconds + offset, _DAY)
        year, month, date = _DATES.get(day) or _date_of(day)
        hour, rest = divmod(clock, 3600)
        minute, second = divmod(rest, 60)
        # No wall time repeats on an ordinary day, so fold is 0.
        return pendulum.DateTime(year, month, date, hour, minute, second, micro, self._tz)

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        if type(self.zone) is not str or not is_known_zone(self.zone):
            yield problem("zone", f"must be an IANA time zone name (got {describe(self.zone)})")
        if not self.windows:
            yield problem("windows", "must list at least one opening window")
        if len(self.windows) > MAX_WINDOWS:
            count = len(self.windows)
            yield problem("windows", f"must have at most {MAX_WINDOWS} windows (got {count})")
        else:  # the overlap check is quadratic, so it runs only on a bounded list
            yield from overlaps(self.windows)
        if len(self.holidays) > MAX_HOLIDAYS:
            count = len(self.holidays)
            yield problem("holidays", f"must have at most {MAX_HOLIDAYS} days (got {count})")
        yield from unique_values(self.holidays, "holidays", "holiday")
        yield from text(self.name, "name", max_length=MAX_NAME, optional=True)


def checked_instant(moment: object, what: str, *, repeated: bool = True) -> int:
    """Return an aware datetime as microseconds since the epoch, refusing unclear times.

    A naive time names no instant, nor does a wall-clock time that a named
    zone skips (in a DST gap). A time that the zone repeats names one
    instant through its `fold` (pendulum and the standard library set it
    when they convert an instant to local time), so it is accepted unless
    `repeated` is False, as for naive local times read by `localize`.
    """
    if not isinstance(moment, dt.datetime):
        msg = f"{what} must be a date and time (got {describe(moment)})"
        raise TypeError(msg)
    zone = moment.tzinfo
    cached = _ZONES.get(id(zone))
    rules = cached[1] if cached is not None and cached[0] is zone else _rules_of(zone)
    if rules is not None:  # a named zone: an ordinary day has one offset
        ordinal = moment.toordinal()
        day = rules.day_offset(ordinal)
        if day is not None:
            seconds = moment.hour * 3600 + moment.minute * 60 + moment.second - day
            return ((ordinal - _EPOCH_ORDINAL) * _DAY + seconds) * US + moment.microsecond
    return _instant_near_changes(moment, what, repeated=repeated)


def _instant_near_changes(moment: dt.datetime, what: str, *, repeated: bool) -> int:
    """`checked_instant` the long way, for any datetime: the day's offsets are asked of its zone.

    It is what `checked_instant` does where the offset of the day is not
    known in advance: near an offset change of a named zone, and for other
    kinds of tzinfo.
    """
    zone = moment.tzinfo
    offset = moment.utcoffset()
    if zone is None or offset is None:
        msg = (
            f"{what} {moment.isoformat()} has no offset: give one, e.g. "
            f"{moment.isoformat()}+00:00, or read local times with calendar.localize()"
        )
        raise LocalTimeError(msg)
    instant = to_instant(moment)
    if type(zone) in _FIXED:
        return instant
    plain = dt.datetime(  # noqa: DTZ001 # the zone is passed (8th argument); the fold flips
        *moment.timetuple()[:6], moment.microsecond, zone, fold=1 - moment.fold
    )
    if plain.utcoffset() != offset:
        wall = moment.replace(tzinfo=None)
        back = dt.datetime.fromtimestamp(instant // US, zone).replace(tzinfo=None)
        skipped = back != wall.replace(microsecond=0)
        if skipped or not repeated:
            how = "does not exist" if skipped else "occurs twice"
            by_fold = (
                (offset, plain.utcoffset()) if moment.fold == 0 else (plain.utcoffset(), offset)
            )
            offsets = [_text(each) for each in by_fold]  # fold 0 first: the earlier reading
            msg = (
                f"{what} {wall.isoformat()} {how} in {zone} (the clocks change): "
                f"give it with an offset ({' or '.join(offsets)}) to say which instant is meant"
            )
            raise LocalTimeError(msg)
    return instant


def _datetime_near_changes(instant: int, tz: dt.tzinfo) -> pendulum.DateTime:
    """`instant` as a pendulum DateTime in `tz`, the long way: the zone gives offset and fold."""
    seconds, micro = divmod(instant, US)
    local = dt.datetime.fromtimestamp(seconds, tz)
    return pendulum.DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        micro,
        tzinfo=tz,
        fold=local.fold,
    )


def local_time(calendar: BusinessCalendar, moment: object, what: str) -> pendulum.DateTime:
    """Return `moment`, checked as `checked_instant` does, as a DateTime in `calendar`'s zone.

    `what` names the time in errors.
    """
    return calendar._out(checked_instant(moment, what))  # noqa: SLF001 # the class's own module


_FIXED: Final = (dt.timezone, pendulum.FixedTimezone)
_ZONES: dict[int, tuple[object, ZoneRules | None]] = {}


def _rules_of(zone: dt.tzinfo | None) -> ZoneRules | None:
    """The offset rules of a named zone's tzinfo (cached per object); None for any other."""
    cached = _ZONES.get(id(zone))
    if cached is not None and cached[0] is zone:
        return cached[1]
    key = getattr(zone, "key", None)
    rules = zone_rules(key) if type(key) is str and is_known_zone(key) else None
    if len(_ZONES) >= 1024:  # a bound, not a rule
        _ZONES.clear()
    _ZONES[id(zone)] = (zone, rules)
    return rules


_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_DAY: Final = 86_400
_DATES: dict[int, tuple[int, int, int]] = {}
"""Year, month and day of the day numbers (days since 1970-01-01) met so far."""
_DATES_KEPT: Final = 100_000


def _date_of(day: int) -> tuple[int, int, int]:
    """Year, month and day of day number `day`, remembered in `_DATES`."""
    date = dt.date.fromordinal(day + _EPOCH_ORDINAL)
    if len(_DATES) >= _DATES_KEPT:  # a bound, not a rule
        _DATES.clear()
    found = _DATES[day] = (date.year, date.month, date.day)
    return found


def _text(offset: dt.timedelta | None) -> str:
    """An offset as `+HH:MM`."""
    minutes = int((offset or dt.timedelta()).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _pauses(pauses: Iterable[Pause]) -> list[tuple[int, int]]:
    found = []
    for index, pause in enumerate(pauses):
        start, end = pause
        found.append(
            (
                checked_instant(start, f"pauses[{index}] start"),
                checked_instant(end, f"pauses[{index}] end"),
            )
        )
    return found
