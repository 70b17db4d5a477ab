"""Business days of a calendar: which days count, counting them, and rolling dates onto them.

A day is a business day when the calendar has an opening window on its
weekday and it is not a holiday: an explicit one, or a public holiday of
the calendar's country from the optional `holidays` package. Holiday data
is materialised into frozen sets of dates per year, because the package's
objects change as they are used (PITFALLS 20).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Final

import pendulum

from msa_model._engines.schedule import add_days
from msa_model._values.calendar import CalendarRules, PublicHolidays, RollConvention
from msa_model.errors import HolidayDataError, MissingDependencyError, MsaError, OutOfRangeError

__all__ = ["DayCalendar", "day_calendar", "public_holidays"]

_MAX_SEARCH: Final = 366 * 30
"""Most days searched for a business day before giving up (a calendar closed for decades)."""


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

    Days are walked as ordinals (plain integers), with the weekday read from
    the ordinal and holidays kept per year as sets of ordinals, so counting
    30 business days costs microseconds.
    """

    __slots__ = ("_calendar", "_explicit", "_open", "_years")

    def __init__(self, calendar: CalendarRules) -> None:
        """Compile `calendar`'s open weekdays and holidays."""
        self._calendar = calendar
        opened = {day.iso_number for window in calendar.windows for day in window.days}
        # Ordinal 1 (0001-01-01) is a Monday: the ISO weekday of ordinal o is (o - 1) % 7 + 1.
        self._open = tuple((iso % 7 + 1) in opened for iso in range(7))
        self._explicit: dict[int, set[int]] = {}
        for day in calendar.holidays:
            self._explicit.setdefault(day.year, set()).add(day.toordinal())
        self._years: dict[int, frozenset[int]] = {}

    def _holidays(self, year: int) -> frozenset[int]:
        """Ordinals of the holidays in `year`."""
        found = self._years.get(year)
        if found is None:
            rule = self._calendar.public_holidays
            public = public_holidays(rule, year) if rule is not None else frozenset()
            explicit = self._explicit.get(year, set())
            found = self._years[year] = frozenset(explicit | {d.toordinal() for d in public})
        return found

    def is_holiday_ordinal(self, ordinal: int) -> bool:
        """Tell whether the day with this ordinal is a holiday."""
        return ordinal in self._holidays(_year_of(ordinal))

    def add_ordinal(self, ordinal: int, count: int) -> int:
        """The ordinal of the `count`-th business day after the day `ordinal` (`count` ≥ 1)."""
        return self._walk(_from_ordinal(ordinal), 1, count).toordinal()

    def is_business_day(self, day: pendulum.Date) -> bool:
        """Tell whether `day` has an opening window and is not a holiday."""
        ordinal = day.toordinal()
        return self._open[(ordinal - 1) % 7] and ordinal not in self._holidays(day.year)

    def _walk(self, day: pendulum.Date, step: int, count: int) -> pendulum.Date:
        """Return the `count`-th business day after (step 1) or before (step -1) `day`."""
        ordinal = day.toordinal()
        year = day.year
        low, high = _year_span(year)
        holidays = self._holidays(year)
        is_open = self._open
        for _ in range(_MAX_SEARCH):
            ordinal += step
            if not low <= ordinal <= high:
                year += step
                low, high = _year_span(year)
                holidays = self._holidays(year)
            if is_open[(ordinal - 1) % 7] and ordinal not in holidays:
                count -= 1
                if count == 0:
                    return _from_ordinal(ordinal)
        msg = f"calendar {self._calendar.id!r} has no business day within 30 years of {day}"
        raise MsaError(msg)

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
        return self._walk(day, 1, count) if count > 0 else day

    def nth_back(self, last_day: pendulum.Date, count: int) -> pendulum.Date:
        """Return the `count`-th business day counting back from `last_day` (inclusive).

        For `count` 0 the answer is the day after `last_day`: no business day is needed.
        """
        if count == 0:
            return add_days(last_day, 1)
        if self.is_business_day(last_day):
            if count == 1:
                return last_day
            count -= 1
        return self._walk(last_day, -1, count)

    def following(self, day: pendulum.Date) -> pendulum.Date:
        """Return `day` if it is a business day, else the next one."""
        return day if self.is_business_day(day) else self._walk(day, 1, 1)

    def preceding(self, day: pendulum.Date) -> pendulum.Date:
        """Return `day` if it is a business day, else the previous one."""
        return day if self.is_business_day(day) else self._walk(day, -1, 1)

    def roll(self, day: pendulum.Date, convention: RollConvention) -> pendulum.Date:
        """Move `day` onto a business day as the convention says (`none` keeps it).

        The `modified_` conventions go the other way when the move would
        leave the month.
        """
        if convention is RollConvention.NONE:
            return day
        if convention is RollConvention.FOLLOWING:
            return self.following(day)
        if convention is RollConvention.PRECEDING:
            return self.preceding(day)
        if convention is RollConvention.MODIFIED_FOLLOWING:
            moved = self.following(day)
            return moved if moved.month == day.month else self.preceding(day)
        moved = self.preceding(day)
        return moved if moved.month == day.month else self.following(day)


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


def _from_ordinal(ordinal: int) -> pendulum.Date:
    plain = dt.date.fromordinal(ordinal)
    return pendulum.Date(plain.year, plain.month, plain.day)


_CACHE: dict[int, tuple[CalendarRules, DayCalendar]] = {}
_CACHE_SIZE: Final = 256


def day_calendar(calendar: CalendarRules) -> DayCalendar:
    """Return the compiled business days of `calendar`, cached per calendar object."""
    cached = _CACHE.get(id(calendar))
    if cached is not None and cached[0] is calendar:
        return cached[1]
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    compiled = DayCalendar(calendar)
    _CACHE[id(calendar)] = (calendar, compiled)
    return compiled
