"""Business days of a calendar: which days count, counting them, and rolling dates onto them.

A day is a business day when the calendar has an opening window on its
weekday and it is not a holiday: an explicit one, or a public holiday of
the calendar's country from the optional `holidays` package. Holiday data
is materialised into frozen sets of dates per year, because the package's
objects change as they are used (PITFALLS 20).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Final

import pendulum

from msa_model._engines.schedule import add_days
from msa_model._values.calendar import BusinessCalendar, PublicHolidays, RollConvention
from msa_model.errors import HolidayDataError, MissingDependencyError, MsaError

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
    """The business days of one `BusinessCalendar`."""

    __slots__ = ("_calendar", "_explicit", "_open", "_years")

    def __init__(self, calendar: BusinessCalendar) -> None:
        """Compile `calendar`'s open weekdays and holidays."""
        self._calendar = calendar
        self._open = frozenset(day.iso_number for window in calendar.windows for day in window.days)
        self._explicit = frozenset(calendar.holidays)
        self._years: dict[int, frozenset[pendulum.Date]] = {}

    def _holidays(self, year: int) -> frozenset[pendulum.Date]:
        found = self._years.get(year)
        if found is None:
            rule = self._calendar.public_holidays
            public = public_holidays(rule, year) if rule is not None else frozenset()
            found = self._years[year] = self._explicit | public
        return found

    def is_business_day(self, day: pendulum.Date) -> bool:
        """Tell whether `day` has an opening window and is not a holiday."""
        return day.isoweekday() in self._open and day not in self._holidays(day.year)

    def _walk(self, day: pendulum.Date, step: int) -> Iterator[pendulum.Date]:
        """Yield the business days after (step 1) or before (step -1) `day`, excluding it."""
        for _ in range(_MAX_SEARCH):
            day = add_days(day, step)
            if self.is_business_day(day):
                yield day
        msg = f"calendar {self._calendar.id!r} has no business day within 30 years of {day}"
        raise MsaError(msg)

    def add(self, day: pendulum.Date, count: int) -> pendulum.Date:
        """Return the `count`-th business day after `day` (`day` itself for 0).

        Example:
            >>> from msa_model._values.calendar import OpeningWindow, TimeOfDay, Weekday
            >>> weekdays = OpeningWindow(
            ...     days=tuple(Weekday)[:5], start=TimeOfDay(540), end=TimeOfDay(1020)
            ... )
            >>> office = DayCalendar(BusinessCalendar(id="o", zone="UTC", windows=(weekdays,)))
            >>> office.add(pendulum.Date(2024, 11, 29), 1)  # a Friday
            Date(2024, 12, 2)
        """
        result = day
        if count > 0:
            for result in self._walk(day, 1):  # noqa: B007 # the loop keeps the last day reached
                count -= 1
                if count == 0:
                    break
        return result

    def nth_back(self, last_day: pendulum.Date, count: int) -> pendulum.Date:
        """Return the `count`-th business day counting back from `last_day` (inclusive).

        For `count` 0 the answer is the day after `last_day`: no business day is needed.
        """
        if count == 0:
            return add_days(last_day, 1)
        if self.is_business_day(last_day):
            count -= 1
            if count == 0:
                return last_day
        for day in self._walk(last_day, -1):
            count -= 1
            if count == 0:
                return day
        raise AssertionError  # pragma: no cover - _walk raises before running out

    def following(self, day: pendulum.Date) -> pendulum.Date:
        """Return `day` if it is a business day, else the next one."""
        return day if self.is_business_day(day) else next(self._walk(day, 1))

    def preceding(self, day: pendulum.Date) -> pendulum.Date:
        """Return `day` if it is a business day, else the previous one."""
        return day if self.is_business_day(day) else next(self._walk(day, -1))

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


_CACHE: dict[int, tuple[BusinessCalendar, DayCalendar]] = {}
_CACHE_SIZE: Final = 256


def day_calendar(calendar: BusinessCalendar) -> DayCalendar:
    """Return the compiled business days of `calendar`, cached per calendar object."""
    cached = _CACHE.get(id(calendar))
    if cached is not None and cached[0] is calendar:
        return cached[1]
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    compiled = DayCalendar(calendar)
    _CACHE[id(calendar)] = (calendar, compiled)
    return compiled
