"""Business time: the open intervals of a calendar, adding business time, measuring it.

Instants are integers: microseconds since 1970-01-01T00:00:00Z. A local
day is an ordinal (`datetime.date.toordinal`), and local wall-clock time
is "local seconds": seconds since 1970-01-01T00:00 on the zone's clock.

Business time is real elapsed time inside open windows (docs/calendars.md).
On an ordinary day a window from `s` to `e` local time is open from
`day + s - offset` to `day + e - offset`. Days near a change of UTC offset
(DST, or a zone changing its rules) are computed exactly: the open instants
are those whose wall-clock time lies in a window, so a window spanning the
missing hour is shorter and one spanning the repeated hour is longer.

Cost does not grow with the length added or measured: between two
"special" days (holidays and days near an offset change) every week has
the same open time, so whole weeks are skipped by arithmetic.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from msa_model._engines.businessdays import DayCalendar
from msa_model._values.calendar import CalendarRules, OpeningWindow
from msa_model.errors import MsaError, OutOfRangeError

__all__ = [
    "US",
    "Clock",
    "Interval",
    "ZoneRules",
    "clock_for",
    "from_instant",
    "merge",
    "to_instant",
    "zone_rules",
]

US: Final = 1_000_000
"""Microseconds per second."""
_DAY: Final = 86_400
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_FIRST_ORDINAL: Final = dt.date(1, 1, 3).toordinal()
_LAST_ORDINAL: Final = dt.date(9999, 12, 29).toordinal()
_MAX_SEARCH_DAYS: Final = 366 * 30
"""Most days searched for open time before giving up (a calendar closed for decades)."""
_MARGIN: Final = 2 * _DAY
"""How far around a day offset changes are looked for: more than any UTC offset."""
_UTC: Final = dt.UTC

Interval = tuple[int, int]
"""A half-open interval of instants `[start, end)` in microseconds."""


def to_instant(moment: dt.datetime) -> int:
    """Return an aware datetime as microseconds since the Unix epoch, exactly."""
    offset = moment.utcoffset()
    if offset is None:
        msg = "the time needs an offset or a time zone"
        raise ValueError(msg)
    days = moment.toordinal() - _EPOCH_ORDINAL
    seconds = days * _DAY + moment.hour * 3600 + moment.minute * 60 + moment.second
    return (seconds - offset.days * _DAY - offset.seconds) * US + (
        moment.microsecond - offset.microseconds
    )


def from_instant(instant: int, zone: dt.tzinfo) -> dt.datetime:
    """Return the aware stdlib datetime of `instant` in `zone`."""
    seconds, micro = divmod(instant, US)
    return dt.datetime.fromtimestamp(seconds, zone).replace(microsecond=micro)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Return the union of `intervals`, sorted, with overlapping and touching ones joined.

    Example:
        >>> merge([(5, 9), (1, 3), (2, 4), (9, 10), (12, 12)])
        [(1, 4), (5, 10)]
    """
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class ZoneRules:
    """The UTC offsets of one IANA zone, with its offset changes found per year.

    Changes are found by sampling the offset at every UTC midnight and
    bisecting where two samples differ; the search assumes a zone changes
    its offset at most once in a day, which holds for the whole tz database.
    """

    __slots__ = ("_changes", "_special", "_years", "zone")

    def __init__(self, name: str) -> None:
        """Look up zone `name` (it must exist)."""
        self.zone = zoneinfo.ZoneInfo(name)
        self._years: set[int] = set()
        self._changes: list[tuple[int, int, int]] = []  # (instant in s, offset before, after)
        self._special: set[int] = set()

    def offset(self, second: int) -> int:
        """The UTC offset in seconds at the instant `second` (seconds since the epoch)."""
        return _utc_offset(self.zone, second)

    def _load(self, year: int) -> None:
        if year in self._years:
            return
        self._years.add(year)
        first = max(dt.date(year, 1, 1).toordinal() - 2, _FIRST_ORDINAL)
        last = min(dt.date(year, 12, 31).toordinal() + 2, _LAST_ORDINAL)
        base = (first - _EPOCH_ORDINAL) * _DAY
        before = _utc_offset(self.zone, base)
        for index in range(1, last - first + 1):
            second = base + index * _DAY
            after = _utc_offset(self.zone, second)
            if after != before:
                change = _bisect_change(self.zone, second - _DAY, second, before)
                if (change, before, after) not in self._changes:
                    bisect.insort(self._changes, (change, before, after))
                    for wall in (change + before, change + after):
                        for shift in (-1, 0):  # a change exactly at midnight touches both days
                            ordinal = (wall + shift) // _DAY + _EPOCH_ORDINAL
                            self._special.update((ordinal - 1, ordinal, ordinal + 1))
            before = after

    def changes_near(self, ordinal: int) -> list[tuple[int, int, int]]:
        """The offset changes within two days of local day `ordinal`."""
        start = (ordinal - _EPOCH_ORDINAL) * _DAY - _MARGIN
        end = start + _DAY + 2 * _MARGIN
        for year in {
            _year_of(start // _DAY + _EPOCH_ORDINAL),
            _year_of(end // _DAY + _EPOCH_ORDINAL),
        }:
            self._load(year)
        low = bisect.bisect_left(self._changes, (start, -(10**9), -(10**9)))
        high = bisect.bisect_right(self._changes, (end, 10**9, 10**9))
        return self._changes[low:high]

    def is_special(self, ordinal: int) -> bool:
        """Tell whether local day `ordinal` lies within a day of an offset change."""
        self._load(_year_of(ordinal))
        return ordinal in self._special

    def specials(self, year: int) -> set[int]:
        """The local days of `year` (and a few around it) near an offset change."""
        self._load(year)
        return self._special

    def to_utc(self, wall: int) -> int:
        """The instant (seconds) at which the clock first reads local seconds `wall`.

        A wall time that occurs twice gives its first occurrence; one that does
        not exist (in a gap) gives the first instant after the gap.
        """
        ordinal = wall // _DAY + _EPOCH_ORDINAL
        changes = self.changes_near(ordinal)
        if not changes:
            return wall - _utc_offset(self.zone, wall - _utc_offset(self.zone, wall))
        candidates = []
        for _, before, after in changes:
            for offset in (before, after):
                second = wall - offset
                if _utc_offset(self.zone, second) == offset:
                    candidates.append(second)
        if candidates:
            return min(candidates)
        for change, before, after in changes:  # the gap this wall time falls in
            if change + before <= wall < change + after:
                return change
        return wall - _utc_offset(self.zone, wall)  # pragma: no cover - every gap is a change


def _utc_offset(zone: dt.tzinfo, second: int) -> int:
    """UTC offset in whole seconds of `zone` at instant `second`."""
    offset = dt.datetime.fromtimestamp(second, zone).utcoffset()
    assert offset is not None  # noqa: S101 # a zone always has an offset
    return offset.days * _DAY + offset.seconds


def _bisect_change(zone: dt.tzinfo, low: int, high: int, before: int) -> int:
    """The first second in `(low, high]` whose offset differs from `before`."""
    while high - low > 1:
        middle = (low + high) // 2
        if _utc_offset(zone, middle) == before:
            low = middle
        else:
            high = middle
    return high


def _year_of(ordinal: int) -> int:
    return dt.date.fromordinal(min(max(ordinal, 1), _LAST_ORDINAL)).year


@functools.lru_cache(maxsize=512)
def zone_rules(name: str) -> ZoneRules:
    """The shared, lazily filled offset rules of zone `name`."""
    return ZoneRules(name)


def _day_windows(windows: Sequence[OpeningWindow]) -> tuple[tuple[Interval, ...], ...]:
    """Per weekday (0 = Monday), the open spans in local seconds of the day, joined."""
    spans: list[list[Interval]] = [[] for _ in range(7)]
    for window in windows:
        for day in window.days:
            spans[day.iso_number - 1].append((window.start.minutes * 60, window.end.minutes * 60))
    return tuple(tuple(merge(day)) for day in spans)


class Clock:
    """The business clock of one calendar: its open intervals as instants.

    Build it with `clock_for`, which caches it per calendar object.
    """

    __slots__ = ("_calendar", "_days", "_open", "_rules", "_spans", "_specials", "_week")

    def __init__(self, calendar: CalendarRules) -> None:
        """Compile `calendar`'s windows, zone and holidays."""
        self._calendar = calendar
        self._days = DayCalendar(calendar)
        self._rules = zone_rules(calendar.zone)
        self._spans = _day_windows(calendar.windows)
        self._open = tuple(sum(end - start for start, end in day) * US for day in self._spans)
        self._week = sum(self._open)
        self._specials: dict[int, list[int]] = {}

    @property
    def zone(self) -> dt.tzinfo:
        """The calendar's time zone."""
        return self._rules.zone

    @property
    def days(self) -> DayCalendar:
        """The calendar's business days."""
        return self._days

    # -- days -------------------------------------------------------------

    def local_day(self, instant: int) -> int:
        """The ordinal of the local day `instant` falls on."""
        second = instant // US
        return (second + _utc_offset(self._rules.zone, second)) // _DAY + _EPOCH_ORDINAL

    def _special_days(self, year: int) -> list[int]:
        """Sorted local days of `year` that need exact work: holidays, offset changes."""
        found = self._specials.get(year)
        if found is None:
            low, high = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
            zone = {day for day in self._rules.specials(year) if low <= day <= high}
            found = sorted(zone | self._days.holiday_ordinals(year))
            self._specials[year] = found
        return found

    def _next_special(self, ordinal: int) -> int:
        """The first special day on or after `ordinal`, or the next 1 January."""
        year = _year_of(ordinal)
        days = self._special_days(year)
        index = bisect.bisect_left(days, ordinal)
        if index < len(days):
            return days[index]
        return dt.date(year + 1, 1, 1).toordinal() if year < 9999 else _LAST_ORDINAL + 1

    def intervals(self, ordinal: int) -> list[Interval]:
        """The open intervals of local day `ordinal`, in order."""
        if not _FIRST_ORDINAL <= ordinal <= _LAST_ORDINAL:
            msg = (
                f"business time past year {9999 if ordinal > _LAST_ORDINAL else 1} is out of range"
            )
            raise OutOfRangeError(msg)
        spans = self._spans[(ordinal - 1) % 7]
        if not spans or self._days.is_holiday_ordinal(ordinal):
            return []
        base = (ordinal - _EPOCH_ORDINAL) * _DAY
        if not self._rules.is_special(ordinal):
            offset = _utc_offset(self._rules.zone, base + _DAY // 2)
            return [((base + s - offset) * US, (base + e - offset) * US) for s, e in spans]
        return self._exact(base, spans, self._rules.changes_near(ordinal))

    def _exact(
        self, base: int, spans: tuple[Interval, ...], changes: list[tuple[int, int, int]]
    ) -> list[Interval]:
        """Open intervals of a day near offset changes: instants whose wall time is in a span."""
        start, end = base - _MARGIN, base + _DAY + _MARGIN
        cuts = [start, *(change for change, _, _ in changes), end]
        offsets = [
            changes[0][1] if changes else _utc_offset(self._rules.zone, start),
            *(after for _, _, after in changes),
        ]
        found: list[Interval] = []
        for (low, high), offset in zip(itertools.pairwise(cuts), offsets, strict=True):
            for span_start, span_end in spans:
                first = max(base + span_start, low + offset)
                last = min(base + span_end, high + offset)
                if first < last:
                    found.append(((first - offset) * US, (last - offset) * US))
        return merge(found)

    def _open_time(self, ordinal: int) -> int:
        """Open microseconds of local day `ordinal`."""
        if self._days.is_holiday_ordinal(ordinal) or self._rules.is_special(ordinal):
            return sum(end - start for start, end in self.intervals(ordinal))
        return self._open[(ordinal - 1) % 7]

    def _regular_open(self, ordinal: int, count: int) -> int:
        """Open microseconds of `count` ordinary days from `ordinal`."""
        weeks, rest = divmod(count, 7)
        first = (ordinal - 1) % 7
        return weeks * self._week + sum(self._open[(first + i) % 7] for i in range(rest))

    # -- instants ---------------------------------------------------------

    def add(self, start: int, length: int) -> int:
        """The earliest instant at which `length` of open time has passed since `start`.

        A length that uses up a window exactly ends at its closing time.
        """
        if length <= 0:
            return start
        remaining = length
        ordinal = self.local_day(start)
        for low, high in _clip(self.intervals(ordinal), start, None):
            if high - low >= remaining:
                return low + remaining
            remaining -= high - low
        ordinal += 1
        limit = ordinal + _MAX_SEARCH_DAYS
        while ordinal < limit:
            special = self._next_special(ordinal)
            if special > ordinal and self._week:  # ordinary days: skip whole weeks first
                weeks = min((special - ordinal) // 7, (remaining - 1) // self._week)
                remaining -= weeks * self._week
                ordinal += weeks * 7
                while ordinal < special:
                    today = self._open[(ordinal - 1) % 7]
                    if today >= remaining:
                        return self._within(ordinal, remaining)
                    remaining -= today
                    ordinal += 1
                continue
            today = self._open_time(ordinal)
            if today >= remaining:
                return self._within(ordinal, remaining)
            remaining -= today
            ordinal += 1
        msg = f"calendar {self._calendar.id!r} has no open time within 30 years of the start"
        raise MsaError(msg)

    def _within(self, ordinal: int, remaining: int) -> int:
        """The instant on day `ordinal` when `remaining` (at most its open time) has passed."""
        for low, high in self.intervals(ordinal):
            if high - low >= remaining:
                return low + remaining
            remaining -= high - low
        raise AssertionError  # pragma: no cover - the caller checked the day's open time

    def open_between(self, start: int, end: int) -> int:
        """Open microseconds in `[start, end)`."""
        if end <= start:
            return 0
        first, last = self.local_day(start), self.local_day(end)
        total = 0
        for ordinal in (first, last) if last > first else (first,):
            total += sum(high - low for low, high in _clip(self.intervals(ordinal), start, end))
        ordinal = first + 1
        while ordinal < last:  # the whole days between
            special = min(self._next_special(ordinal), last)
            total += self._regular_open(ordinal, special - ordinal)
            ordinal = special
            if ordinal < last:
                total += self._open_time(ordinal)
                ordinal += 1
        return total

    def elapsed(self, start: int, end: int, pauses: Iterable[Interval] = ()) -> int:
        """Open microseconds in `[start, end)` outside the (merged) `pauses`."""
        total = self.open_between(start, end)
        for low, high in _clip(merge(pauses), start, end):
            total -= self.open_between(low, high)
        return total

    def add_paused(self, start: int, length: int, pauses: Iterable[Interval]) -> int:
        """Like `add`, with the clock stopped during `pauses`."""
        if length <= 0:  # no time to spend: due at the start, even inside a pause
            return start
        remaining = length
        moment = start
        for low, high in merge(pauses):
            if high <= moment:
                continue
            due = self.add(moment, remaining)
            if due <= low:
                return due
            remaining -= self.open_between(moment, max(low, moment))
            moment = max(moment, high)
        return self.add(moment, remaining)

    def is_open(self, instant: int) -> bool:
        """Tell whether `instant` lies inside an open window."""
        return any(low <= instant < high for low, high in self.intervals(self.local_day(instant)))

    def next_opening(self, instant: int) -> int:
        """`instant` if the calendar is open then, else the next instant it opens."""
        ordinal = self.local_day(instant)
        for offset in range(_MAX_SEARCH_DAYS):
            for low, high in self.intervals(ordinal + offset):
                if high > instant:
                    return max(low, instant)
        msg = f"calendar {self._calendar.id!r} does not open within 30 years"
        raise MsaError(msg)

    def add_days(self, start: int, count: int) -> int:
        """The due instant `count` business days after `start` (docs/calendars.md).

        The same local time on the `count`-th business day after the start
        day; a start outside hours counts from its next opening; a time
        outside that day's windows gives the day's last closing time.
        """
        start = self.next_opening(start)
        if count <= 0:
            return start
        second, micro = divmod(start, US)
        wall = second + _utc_offset(self._rules.zone, second)
        day, time_of_day = divmod(wall, _DAY)
        target = self._days.add_ordinal(day + _EPOCH_ORDINAL, count)
        spans = self._spans[(target - 1) % 7]
        if any(low <= time_of_day <= high for low, high in spans):
            base = (target - _EPOCH_ORDINAL) * _DAY
            return self._rules.to_utc(base + time_of_day) * US + micro
        intervals = self.intervals(target)
        if intervals:
            return intervals[-1][1]
        base = (target - _EPOCH_ORDINAL) * _DAY  # every window of the day fell in a DST gap
        return self._rules.to_utc(base + spans[-1][1]) * US

    def intervals_between(self, start: int, end: int) -> Iterator[Interval]:
        """The open intervals clipped to `[start, end)`, in order."""
        ordinal, last = self.local_day(start), self.local_day(end)
        while ordinal <= last:
            yield from _clip(self.intervals(ordinal), start, end)
            ordinal += 1


def _clip(intervals: Iterable[Interval], start: int, end: int | None) -> Iterator[Interval]:
    """The parts of `intervals` inside `[start, end)` (`end` None: no upper bound)."""
    for low, high in intervals:
        first, last = max(low, start), high if end is None else min(high, end)
        if first < last:
            yield first, last


_CACHE: dict[int, tuple[CalendarRules, Clock]] = {}
_CACHE_SIZE: Final = 256


def clock_for(calendar: CalendarRules) -> Clock:
    """Return the compiled clock of `calendar`, cached per calendar object."""
    cached = _CACHE.get(id(calendar))
    if cached is not None and cached[0] is calendar:
        return cached[1]
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    compiled = Clock(calendar)
    _CACHE[id(calendar)] = (calendar, compiled)
    return compiled
