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

Cost does not grow with the length added or measured. Each month's open
intervals are computed once per calendar and kept with running totals of
open time, so adding a length or measuring between two instants is two
bisections and a sum over the whole months between, never a walk over
hours or days.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from msa_model._engines.businessdays import DayCalendar, day_calendar
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
_DAY_US: Final = _DAY * US
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_FIRST_ORDINAL: Final = dt.date(1, 1, 3).toordinal()
_LAST_ORDINAL: Final = dt.date(9999, 12, 29).toordinal()
_UNKNOWN: Final = 1 << 40
"""Stands for an offset not yet looked up (no zone is that far from UTC)."""
_DAYS_KEPT: Final = 100_000
"""Local days whose offset a zone remembers before starting afresh."""
_MAX_SEARCH_MONTHS: Final = 12 * 30
"""Most months searched for open time before giving up (a calendar closed for decades)."""
_MONTHS_KEPT: Final = 1200
"""Months of intervals one clock keeps before starting afresh (a century)."""
_MARGIN: Final = 2 * _DAY
"""How far around a day offset changes are looked for: more than any UTC offset."""

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

    __slots__ = ("_changes", "_offsets", "_special", "_years", "zone")

    def __init__(self, name: str) -> None:
        """Look up zone `name` (it must exist)."""
        self.zone = zoneinfo.ZoneInfo(name)
        self._years: dict[int, None] = {}
        self._changes: list[tuple[int, int, int]] = []  # (instant in s, offset before, after)
        self._special: set[int] = set()
        self._offsets: dict[int, int | None] = {}

    def _load(self, year: int) -> None:
        if year in self._years:
            return
        self._years[year] = None
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

    @property
    def offsets(self) -> dict[int, int | None]:
        """The day offsets found so far by `day_offset`, by ordinal (None near a change)."""
        return self._offsets

    def day_offset(self, ordinal: int) -> int | None:
        """The one UTC offset of local day `ordinal` and the days beside it; None near a change."""
        found = self._offsets.get(ordinal, _UNKNOWN)
        if found != _UNKNOWN:
            return found
        self._load(_year_of(ordinal))
        if ordinal in self._special:
            found = None
        else:
            found = _utc_offset(self.zone, (ordinal - _EPOCH_ORDINAL) * _DAY + _DAY // 2)
        if len(self._offsets) >= _DAYS_KEPT:
            self._offsets.clear()
        self._offsets[ordinal] = found
        return found

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

    __slots__ = ("_calendar", "_days", "_located", "_months", "_rules", "_spans")

    def __init__(self, calendar: CalendarRules) -> None:
        """Compile `calendar`'s windows, zone and holidays."""
        self._calendar = calendar
        self._days = day_calendar(calendar)  # shared with the term engine's
        self._rules = zone_rules(calendar.zone)
        self._spans = _day_windows(calendar.windows)
        self._months: dict[int, _Month] = {}
        self._located: dict[int, tuple[int, _Month]] = {}  # UTC day number: month key, table

    @property
    def zone(self) -> dt.tzinfo:
        """The calendar's time zone."""
        return self._rules.zone

    @property
    def days(self) -> DayCalendar:
        """The calendar's business days."""
        return self._days

    @property
    def rules(self) -> ZoneRules:
        """The UTC offsets of the calendar's zone."""
        return self._rules

    # -- days -------------------------------------------------------------

    def local_day(self, instant: int) -> int:
        """The ordinal of the local day `instant` falls on."""
        second = instant // US
        return (second + _utc_offset(self._rules.zone, second)) // _DAY + _EPOCH_ORDINAL

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
        offset = self._rules.day_offset(ordinal)
        if offset is not None:
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

    # -- instants ---------------------------------------------------------

    def _month(self, key: int) -> _Month:
        """The open intervals of month `key` (year × 12 + month − 1) with running totals."""
        found = self._months.get(key)
        if found is None:
            year, month = divmod(key, 12)
            if not 1 <= year <= 9999:  # the years of Python dates
                msg = f"business time past year {max(min(year, 9999), 1)} is out of range"
                raise OutOfRangeError(msg)
            first = dt.date(year, month + 1, 1).toordinal()
            after = (year, month + 2) if month < 11 else (year + 1, 1)  # December
            last = dt.date(*after, 1).toordinal() if after[0] <= 9999 else _LAST_ORDINAL + 1
            days = range(max(first, _FIRST_ORDINAL), min(last, _LAST_ORDINAL + 1))
            found = _Month(
                merge(interval for ordinal in days for interval in self.intervals(ordinal)),
                self._rules.to_utc((first - _EPOCH_ORDINAL) * _DAY) * US,
                self._rules.to_utc((last - _EPOCH_ORDINAL) * _DAY) * US,
            )
            if len(self._months) >= _MONTHS_KEPT:
                self._months.clear()
                self._located.clear()
            self._months[key] = found
        return found

    def _locate(self, instant: int) -> tuple[int, _Month]:
        """The month whose local days contain `instant`, and its key."""
        day = instant // _DAY_US
        located = self._located.get(day)
        if located is None:
            utc = dt.date.fromordinal(min(max(day + _EPOCH_ORDINAL, 1), 3_652_059))
            key = utc.year * 12 + utc.month - 1
            located = (key, self._month(key))
            if len(self._located) >= _DAYS_KEPT:
                self._located.clear()
            self._located[day] = located
        key, table = located
        if instant < table.start:  # a local time still in the month before
            key -= 1
            table = self._month(key)
        elif instant >= table.end:  # a local time already in the month after
            key += 1
            table = self._month(key)
        return key, table

    def add(self, start: int, length: int) -> int:
        """The earliest instant at which `length` of open time has passed since `start`.

        A length that uses up a window exactly ends at its closing time. The
        open time before each instant of a month is a running total, so the
        answer is found by bisection, whatever the length.
        """
        if length <= 0:
            return start
        located = self._located.get(start // _DAY_US)
        if located is None or not located[1].start <= start < located[1].end:
            key, table = self._locate(start)
        else:
            key, table = located
        # table.position(start) and table.instant(target), written out: this is the hot path.
        index = bisect.bisect_right(table.starts, start) - 1
        target = length
        if index >= 0:
            end = table.ends[index]
            target += table.done[index] - (end - start if end > start else 0)
        if target <= table.total:  # due in the month of the start, the usual case
            done = table.done
            index = bisect.bisect_left(done, target)
            return table.ends[index] - (done[index] - target)
        return self._add_across(key, table, target)

    def _add_across(self, key: int, table: _Month, target: int) -> int:
        """The instant with `target` of open time since month `key` (`table`) began.

        The months are searched in turn, as far as 30 years on; each table
        keeps a link to the next month's, so the search looks up no keys.
        """
        for _ in range(_MAX_SEARCH_MONTHS):
            total = table.total
            if target <= total:
                done = table.done  # table.instant(target), written out
                index = bisect.bisect_left(done, target)
                return table.ends[index] - (done[index] - target)
            target -= total
            key += 1
            following = table.following
            if following is None:
                following = table.following = self._month(key)
            table = following
        msg = f"calendar {self._calendar.id!r} has no open time within 30 years of the start"
        raise MsaError(msg)

    def open_between(self, start: int, end: int) -> int:
        """Open microseconds in `[start, end)`."""
        if end <= start:
            return 0
        first_key, first = self._locate(start)
        last_key, last = self._locate(end)
        if first_key == last_key:
            return last.position(end) - first.position(start)
        between = sum(self._month(key).total for key in range(first_key + 1, last_key))
        return first.total - first.position(start) + between + last.position(end)

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
        return self._locate(instant)[1].is_open(instant)

    def next_opening(self, instant: int) -> int:
        """`instant` if the calendar is open then, else the next instant it opens."""
        key, table = self._locate(instant)
        for _ in range(_MAX_SEARCH_MONTHS):
            found = table.next_opening(instant)
            if found is not None:
                return found
            key += 1
            table = self._month(key)
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
        offset = self._rules.day_offset(second // _DAY + _EPOCH_ORDINAL)
        if offset is None:  # near a change of offset: the zone says which
            offset = _utc_offset(self._rules.zone, second)
        day, time_of_day = divmod(second + offset, _DAY)
        target = self._days.add_ordinal(day + _EPOCH_ORDINAL, count)
        spans = self._spans[(target - 1) % 7]
        if any(low <= time_of_day <= high for low, high in spans):
            base = (target - _EPOCH_ORDINAL) * _DAY
            offset = self._rules.day_offset(target)
            if offset is None:
                return self._rules.to_utc(base + time_of_day) * US + micro
            return (base + time_of_day - offset) * US + micro  # what to_utc gives on such a day
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


class _Month:
    """One month's open intervals, in order, with the open time up to the end of each."""

    __slots__ = ("done", "end", "ends", "following", "start", "starts", "total")

    def __init__(self, intervals: list[Interval], start: int, end: int) -> None:
        self.start, self.end = start, end  # the month's first instant and the next month's
        self.following: _Month | None = None  # the next month's table, once looked up
        self.starts = [low for low, _ in intervals]
        self.ends = [high for _, high in intervals]
        self.done = list(itertools.accumulate(high - low for low, high in intervals))
        self.total = self.done[-1] if self.done else 0

    def position(self, instant: int) -> int:
        """Open time in the month before `instant`."""
        index = bisect.bisect_right(self.starts, instant) - 1
        if index < 0:
            return 0
        end = self.ends[index]
        return self.done[index] - (end - instant if end > instant else 0)

    def instant(self, position: int) -> int:
        """The earliest instant with `position` (0 < position ≤ total) of open time before it."""
        index = bisect.bisect_left(self.done, position)
        return self.ends[index] - (self.done[index] - position)

    def is_open(self, instant: int) -> bool:
        """Tell whether `instant` lies inside one of the intervals."""
        index = bisect.bisect_right(self.starts, instant) - 1
        return index >= 0 and instant < self.ends[index]

    def next_opening(self, instant: int) -> int | None:
        """The first open instant at or after `instant` in this month, if any."""
        index = bisect.bisect_right(self.ends, instant)
        return max(self.starts[index], instant) if index < len(self.starts) else None


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
