"""The term's periods: the initial term and its renewals, anchored on the start (SEMANTICS §2).

Renewal period k (k ≥ 1) starts at `start + (initial + (k − 1) × renewal)`,
the lengths summed unit by unit before they are added to the start; when
one length counts months and the other only days, the renewals are
anchored on the first renewal day instead. The period containing a day is
found by arithmetic, whatever the agreement's age.
"""

from __future__ import annotations

import attrs
import pendulum

from msa_model._engines.businessdays import DayCalendar, day_calendar
from msa_model._engines.schedule import Length, Schedule, add_days
from msa_model._values.calendar import CalendarRules, RollConvention
from msa_model._values.period import BusinessDays, Period

__all__ = ["TermShape", "latest_notice_day", "length_after", "to_length"]


@attrs.frozen
class TermShape:
    """The periods of a term as values: where they start and how many there can be.

    Attributes:
        start: First day of the initial term.
        initial: Length of the initial term; not zero.
        renewal: Length of each renewal; None when no renewal is in force.
        max_renewals: Most renewal periods; None for no limit.
    """

    start: pendulum.Date
    initial: Length
    renewal: Length | None
    max_renewals: int | None = None
    _renewals: Schedule | None = attrs.field(init=False, eq=False, repr=False)
    _first_renewal: pendulum.Date = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        """Build the schedule of renewal periods once.

        Its k-th boundary starts renewal period k + 1, so that no boundary
        is computed before the first renewal day (a term may start in year 1).
        """
        first = self.initial.after(self.start)
        renewals = None
        if self.renewal is not None:
            if self.initial.month_based != self.renewal.month_based:
                renewals = Schedule(first, Length(0, 0), self.renewal)
            else:
                renewals = Schedule(self.start, self.initial, self.renewal)
        object.__setattr__(self, "_renewals", renewals)
        object.__setattr__(self, "_first_renewal", first)

    @property
    def last_index(self) -> int | None:
        """Index of the last period there can be; None for an evergreen term."""
        if self.renewal is None:
            return 0
        return self.max_renewals

    def boundary(self, index: int) -> pendulum.Date:
        """Return the first day of period `index` (0 is the initial term).

        Example:
            >>> shape = TermShape(pendulum.Date(2024, 1, 31), Length(1, 0), Length(2, 0))
            >>> [str(shape.boundary(k)) for k in range(4)]
            ['2024-01-31', '2024-02-29', '2024-04-30', '2024-06-30']
        """
        if index == 0:
            return self.start
        if index == 1 or self._renewals is None:
            return self._first_renewal
        return self._renewals.boundary(index - 1)

    def last_day(self, index: int) -> pendulum.Date:
        """Return the last day of period `index`, inclusive."""
        return add_days(self.boundary(index + 1), -1)

    def index_on(self, day: pendulum.Date) -> int | None:
        """Return the index of the period containing `day`; None outside the term."""
        found = self.locate(day)
        return None if found is None else found[0]

    def locate(self, day: pendulum.Date) -> tuple[int, pendulum.Date, pendulum.Date] | None:
        """Return the index, first day and last day of the period containing `day`.

        None before the start, and after the last period of a term that ends.
        """
        if day < self.start:
            return None
        first_renewal = self._first_renewal
        if day < first_renewal:
            return 0, self.start, add_days(first_renewal, -1)
        if self._renewals is None:
            return None
        index, start, end = self._renewals.locate(day)
        last = self.last_index
        if last is not None and index + 1 > last:
            return None
        return index + 1, start, add_days(end, -1)


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
    roll: RollConvention = RollConvention.NONE,
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
    if isinstance(length, Length):
        day = length.latest_start_before(last_day)
    elif isinstance(length, Period):
        day = to_length(length).latest_start_before(last_day)
    else:
        day = add_days(_days_of(calendar).nth_back(last_day, length.count), -1)
    if roll is RollConvention.NONE:
        return day
    return _days_of(calendar).roll(day, roll)


def _days_of(calendar: CalendarRules | None) -> DayCalendar:
    if calendar is None:
        msg = "business days need a calendar"
        raise ValueError(msg)
    return day_calendar(calendar)
