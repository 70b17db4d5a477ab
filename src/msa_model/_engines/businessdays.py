"""Business days of a calendar: which days count, counting them, and rolling dates onto them.

A day is a business day when the calendar has an opening window on its
weekday and it is not a holiday: an explicit one, or a public holiday of
the calendar's country from the optional `holidays` package. Holiday data
is materialised into frozen sets of dates per year, because the package's
objects change as they are used (PITFALLS 20).
"""

from __future__ import annotations

import array
import datetime as dt
import functools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Final

import pendulum

from msa_model._engines.schedule import add_days
from msa_model._engines.schedule import date_of as _to_date
from msa_model._values.calendar import CalendarRules, PublicHolidays, RollConvention, Weekday
from msa_model.errors import HolidayDataError, MissingDependencyError, MsaError, OutOfRangeError

__all__ = ["DayCalendar", "day_calendar", "public_holidays"]

_MAX_SEARCH: Final = 366 * 30
"""Most days searched for a business day before giving up (a calendar closed for decades)."""

_from_ordinal = dt.date.fromordinal
_to_ordinal = dt.date.toordinal

_Listed = tuple[Sequence[int], int, int, int, int]
"""Business days of years `first` to `last`, in order, with the first and last days of those years:
(days, first, last, low, high)."""

_MOST_YEARS: Final = 200
"""Most years of business days listed at once; a question further away starts a new list."""

# The conventions, read once: on Python 3.11 reading a member from its enum class, or
# hashing it (for a set), runs Python code, and rolling is on the notice deadline's path.
_NONE: Final = RollConvention.NONE
_FOLLOWING: Final = RollConvention.FOLLOWING
_PRECEDING: Final = RollConvention.PRECEDING
_MODIFIED_FOLLOWING: Final = RollConvention.MODIFIED_FOLLOWING
_MODIFIED_PRECEDING: Final = RollConvention.MODIFIED_PRECEDING
_ISO_NUMBERS: Final = {day: day.iso_number for day in Weekday}
"""ISO numbers of the weekdays, read once (`iso_number` searches the enum each time)."""


@functools.lru_cache(maxsize=4096)
def public_holidays(rule: PublicHolidays, year: int) -> frozenset[pendulum.Date]:
    """Return the public holidays of `rule`'s country (and subdivision) in `year`.

    Raises:
        MissingDependencyError: The `holidays` package is not installed.
        HolidayDataError: It has no data for that country or subdivision.
    """
    try:
        import holidays  # noqa: PLC0415 # an optional extra, imported only when needed
    except ImportError:
        region = rule.country + (f"-{rule.subdivision}" if rule.subdivision else "")
        msg = (
            f"public holidays of {region} need the 'holidays' package: "
            "pip install 'msa-model[holidays]'"
        )
        raise MissingDependencyError(msg) from None
    try:
        found = holidays.country_holidays(
            rule.country, subdiv=rule.subdivision, years=year, expand=False
        )
    except NotImplementedError as error:
        region = f"country {rule.country!r}"
        if rule.subdivision is not None:
            region += f" with subdivision {rule.subdivision!r}"
        msg = f"the holidays package has no data for {region} ({error})"
        raise HolidayDataError(msg) from None
    except ValueError as error:  # an unknown subdivision
        raise HolidayDataError(str(error)) from None
    return frozenset(pendulum.Date(day.year, day.month, day.day) for day in found)


class DayCalendar:
    """The business days of one `BusinessCalendar`.

    Days are handled as ordinals (plain integers), with the weekday read
    from the ordinal and holidays kept per year as sets of ordinals. The
    business days of a run of years are listed once, in order, in one
    array that grows as questions reach other years, so the n-th business
    day before or after a day is found by bisection, not by walking the
    days one at a time: 60 business days cost what one does.
    """

    __slots__ = (
        "_calendar",
        "_days",
        "_explicit",
        "_listed",
        "_open",
        "_years",
    )

    def __init__(self, calendar: CalendarRules) -> None:
        """Compile `calendar`'s open weekdays and holidays."""
        self._calendar = calendar
        iso = _ISO_NUMBERS
        opened = {iso[day] for window in calendar.windows for day in window.days}
        # Ordinal 1 (0001-01-01) is a Monday: the ISO weekday of ordinal o is (o - 1) % 7 + 1.
        self._open = tuple((number % 7 + 1) in opened for number in range(7))
        # The explicit holidays as ordinals in order; a year's are cut out when first needed.
        # A calendar read from a file lists a century of holidays, and a term just read
        # compiles its calendar on its first question: one pass here, in C, no more.
        self._explicit = sorted(map(_to_ordinal, calendar.holidays))
        self._years: dict[int, frozenset[int]] = {}
        # The business days of some years, as one value replaced whole, so that a thread
        # reading it never sees half of a change: none listed yet.
        self._listed: _Listed = (array.array("i"), 0, 0, 1, 0)

    def _holidays(self, year: int) -> frozenset[int]:
        """Ordinals of the holidays in `year`."""
        found = self._years.get(year)
        if found is None:
            rule = self._calendar.public_holidays
            public = public_holidays(rule, year) if rule is not None else frozenset()
            low, high = _year_span(year)
            explicit = self._explicit
            first, after = bisect_left(explicit, low), bisect_right(explicit, high)
            found = frozenset(explicit[first:after]).union(d.toordinal() for d in public)
            self._years[year] = found
        return found

    def _cover(self, year: int) -> _Listed:
        """List the business days of `year` too: extend the list to it, or start over if far.

        Raises:
            OutOfRangeError: The year is outside 1 to 9999.
        """
        _, first, last, _, _ = self._listed
        if first and last - _MOST_YEARS < year < first + _MOST_YEARS:
            return self._list(min(first, year), max(last, year))
        return self._list(year, year)

    def _list(self, first: int, last: int) -> _Listed:
        """List the business days of years `first` to `last`.

        Raises:
            OutOfRangeError: A year is outside 1 to 9999.
        """
        # The span first: there are no holidays to look up outside years 1 to 9999.
        low, high = _year_span(first)[0], _year_span(last)[1]
        days = array.array("i")
        for year in range(first, last + 1):
            days.extend(_business_ordinals(self._open, year, self._holidays(year)))
        listed = self._listed = (days, first, last, low, high)
        return listed

    def is_holiday_ordinal(self, ordinal: int) -> bool:
        """Tell whether the day with this ordinal is a holiday."""
        return ordinal in self._holidays(_year_of(ordinal))

    def add_ordinal(self, ordinal: int, count: int) -> int:
        """The ordinal of the `count`-th business day after the day `ordinal` (`count` ≥ 1)."""
        return self._ahead(ordinal, count, inclusive=False)

    def nth_back_ordinal(self, last: int, count: int) -> int:
        """Return the ordinal of the `count`-th business day counting back from `last` (inclusive).

        For `count` 0 the answer is the day after `last`: no business day is needed.
        """
        if count == 0:
            return last + 1
        # The usual case inline (a notice deadline's): the day and its answer already listed.
        days, _, _, low, high = self._listed
        if low <= last <= high:
            index = bisect_right(days, last) - count
            if index >= 0 and last - days[index] <= _MAX_SEARCH:
                return days[index]
        return self._back(last, count, inclusive=True)

    def notice_ordinal(self, last: int, count: int, convention: RollConvention) -> int:
        """Return the latest day with `count` business days after it up to `last`, then rolled.

        That day is the day before the `count`-th business day counting back
        from `last` (inclusive); then `roll_ordinal` moves it. When both
        are among the business days listed, the one bisection that finds
        the `count`-th business day also gives its neighbours, which are
        where the roll lands: the deadline is the day before a business
        day, so it is either the business day before that one, or no
        business day at all.

        Returns:
            The ordinal of the deadline; 0 when the `count`-th business day
            is 0001-01-01, which has no day before it (`count` ≥ 1).

        Raises:
            MsaError: A business day needed is more than 30 years away.
            OutOfRangeError: A day needed is outside years 1 to 9999.
        """
        days, _, _, low, high = self._listed
        if low <= last <= high:
            index = bisect_right(days, last) - count
            if index > 0 and last - days[index - 1] <= _MAX_SEARCH:
                after = days[index]  # the count-th business day back from `last`
                day, before = after - 1, days[index - 1]
                if convention is _NONE or before == day:  # no roll, or a business day
                    return day
                if convention is _FOLLOWING:
                    return after
                if convention is _PRECEDING:
                    return before
                month = _from_ordinal(day).month
                if convention is _MODIFIED_FOLLOWING:
                    return after if _from_ordinal(after).month == month else before
                return before if _from_ordinal(before).month == month else after
        found = self.nth_back_ordinal(last, count)
        return 0 if found == 1 else self.roll_ordinal(found - 1, convention)

    def roll_ordinal(self, ordinal: int, convention: RollConvention) -> int:
        """Move the day `ordinal` onto a business day as the convention says (`none` keeps it).

        The `modified_` conventions go the other way when the move would
        leave the month.
        """
        if convention is _NONE:
            return ordinal
        days, _, _, low, high = self._listed
        if low <= ordinal <= high:  # already listed: a business day stays where it is
            index = bisect_left(days, ordinal)
            if index < len(days) and days[index] == ordinal:
                return ordinal
        forward = convention is _FOLLOWING or convention is _MODIFIED_FOLLOWING
        moved = self._nearest(ordinal, forward=forward)
        modified = convention is _MODIFIED_FOLLOWING or convention is _MODIFIED_PRECEDING
        if not modified or moved == ordinal:
            return moved
        if _from_ordinal(moved).month == _from_ordinal(ordinal).month:
            return moved
        return self._nearest(ordinal, forward=not forward)

    def _nearest(self, ordinal: int, *, forward: bool) -> int:
        """The business day on or after (`forward`) or on or before the day `ordinal`."""
        if forward:
            return self._ahead(ordinal, 1, inclusive=True)
        return self._back(ordinal, 1, inclusive=True)

    def is_business_day(self, day: pendulum.Date) -> bool:
        """Tell whether `day` has an opening window and is not a holiday."""
        ordinal = day.toordinal()
        return self._open[(ordinal - 1) % 7] and ordinal not in self._holidays(day.year)

    def _ahead(self, ordinal: int, count: int, *, inclusive: bool) -> int:
        """The `count`-th business day from `ordinal` on (`inclusive`) or after it (`count` ≥ 1).

        The years searched, and the errors, are those of a walk one day at a time.

        Raises:
            MsaError: It is more than 30 years away.
            OutOfRangeError: It would be after year 9999.
        """
        days, first, last, low, high = self._listed
        if not low <= ordinal <= high:
            days, first, last, low, high = self._cover(_from_ordinal(ordinal).year)
        find = bisect_left if inclusive else bisect_right
        index = find(days, ordinal) + count
        while index > len(days):  # the listed years end first: list the next one
            if high + 1 - ordinal > _MAX_SEARCH:
                raise self._too_far(ordinal)
            days, first, last, low, high = self._list(first, last + 1)
            index = find(days, ordinal) + count
        found = days[index - 1]
        if found - ordinal > _MAX_SEARCH:
            raise self._too_far(ordinal)
        return found

    def _back(self, ordinal: int, count: int, *, inclusive: bool) -> int:
        """The `count`-th business day back from `ordinal` (`inclusive`) or before it (`count` ≥ 1).

        The years searched, and the errors, are those of a walk one day at a time.

        Raises:
            MsaError: It is more than 30 years away.
            OutOfRangeError: It would be before year 1.
        """
        days, first, last, low, high = self._listed
        if not low <= ordinal <= high:
            days, first, last, low, high = self._cover(_from_ordinal(ordinal).year)
        find = bisect_right if inclusive else bisect_left
        index = find(days, ordinal) - count
        while index < 0:  # the listed years start later: list the one before
            if ordinal + 1 - low > _MAX_SEARCH:
                raise self._too_far(ordinal)
            days, first, last, low, high = self._list(first - 1, last)
            index = find(days, ordinal) - count
        found = days[index]
        if ordinal - found > _MAX_SEARCH:
            raise self._too_far(ordinal)
        return found

    def _too_far(self, ordinal: int) -> MsaError:
        day = _from_ordinal(ordinal)
        msg = f"calendar {self._calendar.id!r} has no business day within 30 years of {day}"
        return MsaError(msg)

    def add(self, day: pendulum.Date, count: int) -> pendulum.Date:
        """Return the `count`-th business day after `day` (`day` itself for 0).

        Example:
            >>> from msa_model import BusinessCalendar, OpeningWindow, TimeOfDay, Weekday
            >>> weekdays = OpeningWindow(
            ...     days=tuple(Weekday)[:5], start=TimeOfDay(540), end=TimeOfDay(1020)
            ... )
            >>> office = DayCalendar(BusinessCalendar(id="o", zone="UTC", windows=(weekdays,)))
            >>> office.add(pendulum.Date(2024, 11, 29), 1)  # a Friday
            Date(2024, 12, 2)
        """
        if count <= 0:
            return day
        return _to_date(self._ahead(day.toordinal(), count, inclusive=False))

    def nth_back(self, last_day: pendulum.Date, count: int) -> pendulum.Date:
        """Return the `count`-th business day counting back from `last_day` (inclusive).

        For `count` 0 the answer is the day after `last_day`: no business day is needed.
        """
        if count == 0:
            return add_days(last_day, 1)
        return _to_date(self._back(last_day.toordinal(), count, inclusive=True))

    def following(self, day: pendulum.Date) -> pendulum.Date:
        """Return `day` if it is a business day, else the next one."""
        return self.roll(day, RollConvention.FOLLOWING)

    def preceding(self, day: pendulum.Date) -> pendulum.Date:
        """Return `day` if it is a business day, else the previous one."""
        return self.roll(day, RollConvention.PRECEDING)

    def roll(self, day: pendulum.Date, convention: RollConvention) -> pendulum.Date:
        """Move `day` onto a business day as the convention says (`none` keeps it).

        The `modified_` conventions go the other way when the move would
        leave the month.
        """
        ordinal = day.toordinal()
        moved = self.roll_ordinal(ordinal, convention)
        return day if moved == ordinal else _to_date(moved)


@functools.lru_cache(maxsize=1024)
def _business_ordinals(
    is_open: tuple[bool, ...], year: int, holidays: frozenset[int]
) -> Sequence[int]:
    """Ordinals of the business days of `year`, in order, as a compact array.

    Shared by calendars with the same weekdays and holidays, as the
    calendars of many agreements read from files are.
    """
    low, high = _year_span(year)
    return array.array(
        "i",
        (o for o in range(low, high + 1) if is_open[(o - 1) % 7] and o not in holidays),
    )


@functools.cache
def _year_span(year: int) -> tuple[int, int]:
    """First and last ordinal of `year`; a walk leaving years 1 to 9999 raises."""
    if not 1 <= year <= 9999:  # the range of Python dates
        msg = f"business days past year {year - 1 if year > 9999 else 1} are out of range"
        raise OutOfRangeError(msg)
    return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()


@functools.lru_cache(maxsize=4096)
def _year_of(ordinal: int) -> int:
    return dt.date.fromordinal(ordinal).year


_CACHE: dict[int, tuple[CalendarRules, DayCalendar]] = {}
_CACHE_SIZE: Final = 256


_EQUAL: dict[CalendarRules, DayCalendar] = {}
"""Compiled calendars by value: agreements read from files bring equal calendars of their own."""


def day_calendar(calendar: CalendarRules) -> DayCalendar:
    """Return the compiled business days of `calendar`, cached per calendar object.

    A calendar equal to one compiled before shares its compiled form: a
    folder of agreements from one provider repeats the same calendars, each
    read into an object of its own, and compiling one costs several times
    a notice deadline.
    """
    cached = _CACHE.get(id(calendar))
    if cached is not None and cached[0] is calendar:
        return cached[1]
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    compiled = _compiled_by_value(calendar)
    _CACHE[id(calendar)] = (calendar, compiled)
    return compiled


def _compiled_by_value(calendar: CalendarRules) -> DayCalendar:
    try:
        compiled = _EQUAL.get(calendar)
    except TypeError:  # a calendar of the caller's own that cannot be hashed
        return DayCalendar(calendar)
    if compiled is None:
        if len(_EQUAL) >= _CACHE_SIZE:
            _EQUAL.clear()
        compiled = _EQUAL[calendar] = DayCalendar(calendar)
    return compiled
