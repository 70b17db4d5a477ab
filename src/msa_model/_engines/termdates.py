"""The term's periods: the initial term and its renewals, anchored on the start (SEMANTICS §2).

Renewal period k (k ≥ 1) starts at `start + (initial + (k − 1) × renewal)`,
the lengths summed unit by unit before they are added to the start; when
one length counts months and the other only days, the renewals are
anchored on the first renewal day instead. The period containing a day is
found by arithmetic, whatever the agreement's age.

A term's shape is compiled once into day ordinals (plain integers), and its
notice deadlines are worked out on them: a `pendulum.Date` is built only
for the answer. Asking for a deadline is the busiest path of a scan over
many agreements, so that path calls as few Python functions as it can.
"""

from __future__ import annotations

import datetime as dt

import pendulum

from msa_model._engines.businessdays import DayCalendar, day_calendar
from msa_model._engines.schedule import (
    LAST_ORDINAL,
    Boundaries,
    Length,
    date_of,
    latest_start,
    month_ordinal,
    out_of_range,
)
from msa_model._values.calendar import CalendarRules, RollConvention
from msa_model._values.period import BusinessDays, Period

__all__ = ["TermShape", "latest_notice_day", "length_after", "to_length"]

_NONE = RollConvention.NONE
_from_ordinal = dt.date.fromordinal
_Date = pendulum.Date


class TermShape(Boundaries):
    """The periods of a term as values: where they start and how many there can be.

    Compiled once per term to day ordinals; given the notice clause, it
    also answers the notice deadlines. The boundaries of the base class are
    those of the renewals: boundary k starts renewal period k + 1, so that
    no boundary is computed before the first renewal day (a term may start
    in year 1).

    Attributes:
        start: First day of the initial term.
        max_renewals: Most renewal periods; None for no limit.
    """

    __slots__ = (
        "_calendar",
        "_first",
        "_initial",
        "_last_index",
        "_notice",
        "_notice_below",
        "_renewal",
        "_roll",
        "_start",
        "max_renewals",
        "start",
    )

    def __init__(  # noqa: C901, PLR0912, PLR0913, PLR0915, PLR0917 # one flat path, run once a term
        self,
        start: pendulum.Date,
        initial: Length | Period,
        renewal: Length | Period | None,
        max_renewals: int | None = None,
        notice: tuple[Period | BusinessDays, RollConvention, CalendarRules | None] | None = None,
        notice_below: int | None = None,
    ) -> None:
        """Compile the periods, and the notice clause if there is one.

        Args:
            start: First day of the initial term.
            initial: Length of the initial term; not zero.
            renewal: Length of each renewal; None when no renewal is in force.
            max_renewals: Most renewal periods; None for no limit.
            notice: The notice clause: its length, how its deadline rolls onto
                a business day, and the calendar of business days (for
                business-day notice and rolls); None for no notice deadlines.
            notice_below: Periods with an index below this have a notice
                deadline; None for every period.

        Raises:
            OutOfRangeError: The initial term ends after 9999-12-31.
        """
        # Run once per term, on its first question: part of the busiest path of a scan
        # over agreements just read, so the lengths are folded inline, with no calls
        # and no tuples but the ones kept.
        self.start = start
        self.max_renewals = max_renewals
        self._notice_below = notice_below
        if type(initial) is Period:
            months = initial.years * 12 + initial.months
            days = initial.weeks * 7 + initial.days
        else:
            months, days = _units(initial)
        self._initial = months, days
        first = anchor = self._start = start.toordinal()
        month = mday = 0
        if months:
            month, mday = start.year * 12 + start.month - 1, start.day
            try:
                first = month_ordinal(month + months, mday)
            except ValueError:
                raise out_of_range(start, months, "months") from None
        if days:
            if not 0 < first + days <= LAST_ORDINAL:
                raise out_of_range(first, days, "days")
            first += days
        self._first = first
        if renewal is None:
            self._renewal = None
            self._last_index: int | None = 0
        else:
            if type(renewal) is Period:
                step_months = renewal.years * 12 + renewal.months
                step_days = renewal.weeks * 7 + renewal.days
            else:
                step_months, step_days = _units(renewal)
            self._renewal = step_months, step_days
            self._last_index = max_renewals
            if not step_months and months:  # days from the first renewal day: no month arithmetic
                self._count_from(first, 0, 0, 0, 0, 0, step_days)
            elif not step_months:  # both in days: the days summed, from the start
                self._count_from(anchor, 0, 0, 0, days, 0, step_days)
            elif months:  # both month-based: the units summed, from the start
                self._count_from(anchor, month, mday, months, days, step_months, step_days)
            else:  # months from the first renewal day
                plain = _from_ordinal(first)
                month = plain.year * 12 + plain.month - 1
                self._count_from(first, month, plain.day, 0, 0, step_months, step_days)
        self._notice: tuple[int, int, int | None] | None = None
        self._roll, self._calendar = _NONE, None
        if notice is not None:
            length, self._roll, self._calendar = notice
            if type(length) is Period:
                self._notice = (
                    length.years * 12 + length.months,
                    length.weeks * 7 + length.days,
                    None,
                )
            else:
                self._notice = _notice_units(length)

    @property
    def initial(self) -> Length:
        """Length of the initial term."""
        return Length(*self._initial)

    @property
    def renewal(self) -> Length | None:
        """Length of each renewal; None when no renewal is in force."""
        return None if self._renewal is None else Length(*self._renewal)

    @property
    def last_index(self) -> int | None:
        """Index of the last period there can be; None for an evergreen term."""
        return self._last_index

    def _boundary(self, index: int) -> int:
        """The ordinal of the first day of period `index`."""
        if index == 0:
            return self._start
        if index == 1 or self._renewal is None:
            return self._first
        return self.ordinal(index - 1)

    def boundary(self, index: int) -> pendulum.Date:
        """Return the first day of period `index` (0 is the initial term).

        Example:
            >>> shape = TermShape(pendulum.Date(2024, 1, 31), Length(1, 0), Length(2, 0))
            >>> [str(shape.boundary(k)) for k in range(4)]
            ['2024-01-31', '2024-02-29', '2024-04-30', '2024-06-30']
        """
        return self.start if index == 0 else date_of(self._boundary(index))

    def last_day(self, index: int) -> pendulum.Date:
        """Return the last day of period `index`, inclusive."""
        return date_of(self._boundary(index + 1) - 1)

    def index_on(self, day: pendulum.Date) -> int | None:
        """Return the index of the period containing `day`; None outside the term."""
        found = self.locate_ordinal(day.toordinal())
        return None if found is None else found[0]

    def locate(self, day: pendulum.Date) -> tuple[int, pendulum.Date, pendulum.Date] | None:
        """Return the index, first day and last day of the period containing `day`.

        None before the start, and after the last period of a term that ends.
        """
        found = self.locate_ordinal(day.toordinal())
        if found is None:
            return None
        index, first, last = found
        return index, self.start if index == 0 else date_of(first), date_of(last)

    def locate_ordinal(self, day: int) -> tuple[int, int, int] | None:
        """Return the index and the ordinals of the first and last days of the period of `day`.

        `day` is an ordinal. None before the start, and after the last
        period of a term that ends.
        """
        if day < self._start:
            return None
        first = self._first
        if day < first:
            return 0, self._start, first - 1
        if self._renewal is None:
            return None
        k, start, end = self.bracket(day)
        last = self._last_index
        if last is not None and k >= last:
            return None
        return k + 1, start, end - 1

    def notice_deadline(  # noqa: PLR0911 # one flat path: the busiest of the engine
        self, as_of: pendulum.Date
    ) -> pendulum.Date | None:
        """Return the last day to give notice for the period containing `as_of`.

        The forward rule for calendar lengths, the business days for a
        count of them, then the roll (see `latest_notice_day`). None without
        a notice clause, outside the term, and for a period the notice does
        not apply to.
        """
        notice = self._notice
        if notice is None:
            return None
        day = as_of.toordinal()
        first = self._first
        if day < first:
            if day < self._start:
                return None
            index, last = 0, first - 1
        elif self._renewal is None:
            return None
        else:  # what locate_ordinal does, without building a tuple
            k, _, end = self.bracket(day)
            limit = self._last_index
            if limit is not None and k >= limit:
                return None
            index, last = k + 1, end - 1
        below = self._notice_below
        if below is not None and index >= below:
            return None
        months, days, count = notice
        if count is None and self._roll is _NONE:
            if months:
                return latest_start(last, months, days)
            if last - days > 0:  # days alone: plain subtraction
                plain = _from_ordinal(last - days)
                return _Date(plain.year, plain.month, plain.day)
        return _latest(last, notice, self._roll, self._calendar)


def _units(length: Length | Period) -> tuple[int, int]:
    """Months and days of a length (years are 12 months, weeks 7 days)."""
    if type(length) is Period:  # the usual case first, read inline
        return length.years * 12 + length.months, length.weeks * 7 + length.days
    if isinstance(length, Length):
        return length.months, length.days
    return length.months_total, length.days_total


def _notice_units(length: Length | Period | BusinessDays) -> tuple[int, int, int | None]:
    """Months, days and a count of business days (None for a calendar length)."""
    if isinstance(length, BusinessDays):
        return 0, 0, length.count
    return (*_units(length), None)


def _latest(
    last: int,
    notice: tuple[int, int, int | None],
    roll: RollConvention,
    calendar: CalendarRules | None,
) -> pendulum.Date:
    """The notice deadline for a period whose last day has ordinal `last`.

    Raises:
        ValueError: Business days or a roll without a calendar (the model prevents it).
        OutOfRangeError: The deadline would fall before 0001-01-01.
    """
    months, days, count = notice
    if count is None:
        found = latest_start(last, months, days)
        if roll is _NONE:
            return found
        day = found.toordinal()
    else:
        first = _days_of(calendar).nth_back_ordinal(last, count)
        if first > LAST_ORDINAL:  # no business day needed, and no day after the last one
            raise out_of_range(last, 1, "days")
        if first == 1:
            raise out_of_range(first, -1, "days")
        day = first - 1
        if roll is _NONE:
            return date_of(day)
    return date_of(_days_of(calendar).roll_ordinal(day, roll))


def to_length(period: Period) -> Length:
    """Fold a `Period` into months and days (years are 12 months, weeks 7 days)."""
    return Length(period.months_total, period.days_total)


def length_after(
    day: pendulum.Date, length: Period | BusinessDays, calendar: CalendarRules | None
) -> pendulum.Date:
    """Return `day + length`; business days are counted on `calendar`.

    Raises:
        ValueError: Business days without a calendar (the model prevents it).
    """
    if isinstance(length, Period):
        return to_length(length).after(day)
    return _days_of(calendar).add(day, length.count)


def latest_notice_day(
    last_day: pendulum.Date,
    length: Period | Length | BusinessDays,
    calendar: CalendarRules | None,
    roll: RollConvention = _NONE,
) -> pendulum.Date:
    """Return the last day on which notice of `length` is timely for a period ending `last_day`.

    Calendar lengths use the forward rule: the latest D with D + length ≤
    last day. Business days: the latest D with at least `count` business
    days in (D, last day]; D itself may be a weekend. Then the roll
    convention applies (`none` keeps the day).

    Example:
        >>> latest_notice_day(pendulum.Date(2025, 2, 28), Period(months=1), None)
        Date(2025, 1, 31)
    """
    return _latest(last_day.toordinal(), _notice_units(length), roll, calendar)


def _days_of(calendar: CalendarRules | None) -> DayCalendar:
    if calendar is None:
        msg = "business days need a calendar"
        raise ValueError(msg)
    return day_calendar(calendar)
