"""The term's periods: the initial term and its renewals, anchored on the start (SEMANTICS §2).

Renewal period k (k ≥ 1) starts at `start + (initial + (k − 1) × renewal)`,
the lengths summed unit by unit before they are added to the start; when
one length counts months and the other only days, the renewals are
anchored on the first renewal day instead. The period containing a day is
found by arithmetic, whatever the agreement's age.

The arithmetic runs on day ordinals (plain integers): a `pendulum.Date`
is built only for an answer. A term's shape is compiled once for the
questions about its periods; its notice deadline, the busiest question of a
scan over many agreements, is worked out straight from the term's lengths
by `notice_deadline`, in one flat path that calls as few Python functions
as it can, since a scan asks each term once and compiling a shape would
cost as much as the answer.
"""

from __future__ import annotations

import datetime as dt

import pendulum

from msa_model._engines.businessdays import DayCalendar, day_calendar
from msa_model._engines.schedule import (
    _CYCLE_DAYS,
    _CYCLE_MONTHS,
    _END_MONTH,
    _LENGTHS,
    _STARTS,
    LAST_ORDINAL,
    Boundaries,
    Length,
    boundary_ordinal,
    bracket,
    date_of,
    latest_start,
    month_ordinal,
    out_of_range,
)
from msa_model._values.calendar import CalendarRules, RollConvention
from msa_model._values.period import BusinessDays, Period

__all__ = ["TermShape", "latest_notice_day", "length_after", "notice_deadline", "to_length"]

_NONE = RollConvention.NONE
_from_ordinal = dt.date.fromordinal


class TermShape(Boundaries):
    """The periods of a term as values: where they start and how many there can be.

    Compiled once per term to day ordinals, for the questions about its
    periods (`period_on`, renewals, expiry, termination). The boundaries of
    the base class are those of the renewals: boundary k starts renewal
    period k + 1, so that no boundary is computed before the first renewal
    day (a term may start in year 1).

    Attributes:
        start: First day of the initial term.
        max_renewals: Most renewal periods; None for no limit.
    """

    __slots__ = ("_first", "_initial", "_last_index", "_renewal", "_start", "max_renewals", "start")

    def __init__(
        self,
        start: pendulum.Date,
        initial: Length | Period,
        renewal: Length | Period | None,
        max_renewals: int | None = None,
    ) -> None:
        """Compile the periods.

        Args:
            start: First day of the initial term.
            initial: Length of the initial term; not zero.
            renewal: Length of each renewal; None when no renewal is in force.
            max_renewals: Most renewal periods; None for no limit.

        Raises:
            OutOfRangeError: The initial term ends after 9999-12-31.
        """
        self.start = start
        self.max_renewals = max_renewals
        self._initial = _units(initial)
        anchor = self._start = start.toordinal()
        month, mday = start.year * 12 + start.month - 1, start.day
        self._first = first = boundary_ordinal(1, anchor, month, mday, (0, 0), self._initial)
        self._renewal = None if renewal is None else _units(renewal)
        self._last_index: int | None = 0 if renewal is None else max_renewals
        if self._renewal is None:
            Boundaries.__init__(self, (first, 0, 0), (0, 0), (0, 1))  # never asked
        elif self._renewal[0] and self._initial[0]:  # both month-based: the units summed
            Boundaries.__init__(self, (anchor, month, mday), self._initial, self._renewal)
        else:  # from the first renewal day: either length alone counts days
            plain = _from_ordinal(first)
            month = plain.year * 12 + plain.month - 1
            Boundaries.__init__(self, (first, month, plain.day), (0, 0), self._renewal)

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


def notice_deadline(  # noqa: C901, PLR0911, PLR0912, PLR0913, PLR0915, PLR0917 # one flat path, the busiest
    as_of: pendulum.Date,
    start: pendulum.Date,
    initial: Period,
    renewal: Period | None,
    limit: int | None,
    notice: Period | BusinessDays,
    roll: RollConvention,
    calendar: CalendarRules | None,
) -> pendulum.Date | None:
    """Return the last day to give notice for the term period containing `as_of`.

    The term starts on `start` with a period of `initial`, and renews by
    periods of `renewal` (None: no renewal follows the initial period).
    The periods are those of `TermShape`, found here by the same arithmetic
    without compiling a shape: a scan over many agreements asks each term
    once, and compiling would cost as much as answering. Terms whose
    lengths are whole months (or years), as most are, are found on month
    numbers alone; others with the shared `bracket`.

    Args:
        as_of: The day asked about.
        start: First day of the initial term.
        initial: Length of the initial term; not zero.
        renewal: Length of each renewal; None when no renewal is in force.
        limit: Periods with an index below this have a deadline (the
            initial term is period 0), at least 1; None for every period.
        notice: Length of the notice.
        roll: How the deadline moves onto a business day.
        calendar: The calendar of business days (for business-day notice and rolls).

    Returns:
        The forward rule's day for calendar lengths, the business days for
        a count of them, then the roll (see `latest_notice_day`). None
        before the start, after the last period, and for a period the
        notice does not apply to.

    Raises:
        OutOfRangeError: A period or the deadline falls outside years 1 to 9999.

    Example:
        >>> notice_deadline(
        ...     pendulum.Date(2024, 6, 1),
        ...     pendulum.Date(2023, 12, 1),
        ...     Period(months=12),
        ...     Period(months=12),
        ...     None,
        ...     Period(months=3),
        ...     RollConvention.NONE,
        ...     None,
        ... )
        Date(2024, 8, 31)
    """
    # Every length is folded inline (the model's `Period`s only, read field by field) and
    # the periods are found with as few calls as can be: this runs once per agreement of a
    # folder scanned for its deadlines.
    months = initial.years * 12 + initial.months
    days = initial.weeks * 7 + initial.days
    step_months = step_days = 0
    if renewal is not None and limit != 1:
        step_months = renewal.years * 12 + renewal.months
        step_days = renewal.weeks * 7 + renewal.days
    if months and not days and not step_days:
        # Whole months, and whole months or no renewal: boundary k is day `mday` of month
        # number `first + k × step` (clamped to the month's end), found on month numbers.
        month, mday = start.year * 12 + start.month - 1, start.day
        asked, asked_mday = as_of.year * 12 + as_of.month - 1, as_of.day
        if asked < month or (asked == month and asked_mday < mday):
            return None  # before the start
        first = month + months
        if asked < first or (
            asked == first and asked_mday < mday and asked_mday < _LENGTHS[first % _CYCLE_MONTHS]
        ):  # the initial period: before the first renewal day (clamped to its month's end)
            try:
                last = month_ordinal(first, mday) - 1
            except ValueError:
                raise out_of_range(start, months, "months") from None
        elif not step_months:  # no renewal follows the initial period
            return None
        else:
            k, last = _month_renewal(asked, asked_mday, first, mday, step_months, start, months)
            if limit is not None and k + 1 >= limit:
                return None
    else:
        day, anchor = as_of.toordinal(), start.toordinal()
        if day < anchor:
            return None
        first = anchor
        month = mday = 0
        if months:
            month, mday = start.year * 12 + start.month - 1, start.day
            try:
                first = month_ordinal(month + months, mday)
            except ValueError:
                raise out_of_range(start, months, "months") from None
        if not first + days <= LAST_ORDINAL:
            raise out_of_range(first, days, "days")
        first += days
        if day < first:
            last = first - 1
        elif not (step_months or step_days):  # no renewal follows the initial period
            return None
        else:
            if not step_months:  # days from the first renewal day: plain division
                k = (day - first) // step_days
                last = first + (k + 1) * step_days - 1
                if last >= LAST_ORDINAL:
                    raise out_of_range(first, last + 1 - first, "days")
            elif months:  # both month-based: the units summed, from the start
                k, _, last = bracket(day, anchor, month, mday, months, days, step_months, step_days)
                last -= 1
            elif not step_days:  # whole months from the first renewal day, on month numbers
                plain = _from_ordinal(first)
                month = plain.year * 12 + plain.month - 1
                asked = as_of.year * 12 + as_of.month - 1
                k, last = _month_renewal(asked, as_of.day, month, plain.day, step_months, first, 0)
            else:  # months and days from the first renewal day
                plain = _from_ordinal(first)
                month = plain.year * 12 + plain.month - 1
                k, _, last = bracket(day, first, month, plain.day, 0, 0, step_months, step_days)
                last -= 1
            if limit is not None and k + 1 >= limit:
                return None
    if isinstance(notice, BusinessDays):
        return _latest(last, 0, 0, notice.count, roll, calendar)
    months = notice.years * 12 + notice.months
    days = notice.weeks * 7 + notice.days
    if roll is _NONE:
        if months:
            return latest_start(last, months, days)
        if last - days > 0:  # days alone: plain subtraction
            return date_of(last - days)
    return _latest(last, months, days, None, roll, calendar)


def _month_renewal(  # noqa: PLR0913, PLR0917 # flat values, from the deadline's busy path
    asked: int,
    asked_mday: int,
    first: int,
    mday: int,
    step: int,
    anchor: pendulum.Date | int,
    before: int,
) -> tuple[int, int]:
    """Return k of the renewal containing a day, and the ordinal of its last day.

    For renewals of whole months: renewal k starts on day `mday` of month
    number `first + k × step`, clamped to the month's end. The day asked
    about is day `asked_mday` of month number `asked`, on or after the
    start of renewal 0.

    Raises:
        OutOfRangeError: The renewal ends after 9999-12-31; the error names
            `anchor` plus `before` months before renewal 0, and the steps.
    """
    later = asked - first
    k = later // step  # the renewal starting in the day's month or before it
    # Starting in that month, on a day the day has not reached: the day is in the one before.
    if later % step == 0 and asked_mday < mday and asked_mday < _LENGTHS[asked % _CYCLE_MONTHS]:
        k -= 1
    following = first + (k + 1) * step  # the month of the next boundary
    if following >= _END_MONTH:
        raise out_of_range(anchor, before + (k + 1) * step, "months")
    number = following % _CYCLE_MONTHS
    length = _LENGTHS[number]
    start = following // _CYCLE_MONTHS * _CYCLE_DAYS + _STARTS[number]
    return k, start + (length if mday > length else mday) - 1  # noqa: FURB136


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


def _latest(  # noqa: PLR0913, PLR0917 # flat values, from the deadline's busy path
    last: int,
    months: int,
    days: int,
    count: int | None,
    roll: RollConvention,
    calendar: CalendarRules | None,
) -> pendulum.Date:
    """The notice deadline for a period whose last day has ordinal `last`.

    The notice is `months` and `days` by the forward rule, or `count`
    business days when that is not None; then the roll.

    Raises:
        ValueError: Business days or a roll without a calendar (the model prevents it).
        OutOfRangeError: The deadline would fall before 0001-01-01.
    """
    if count is None:
        found = latest_start(last, months, days)
        if roll is _NONE:
            return found
        return date_of(_days_of(calendar).roll_ordinal(found.toordinal(), roll))
    if count == 0:  # no business day needed: the last day itself, if there is a day after it
        if last >= LAST_ORDINAL:
            raise out_of_range(last, 1, "days")
        return date_of(_days_of(calendar).roll_ordinal(last, roll))
    first = _days_of(calendar).notice_ordinal(last, count, roll)
    if first < 1:
        raise out_of_range(1, -1, "days")
    return date_of(first)


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
    return _latest(last_day.toordinal(), *_notice_units(length), roll, calendar)


def _days_of(calendar: CalendarRules | None) -> DayCalendar:
    if calendar is None:
        msg = "business days need a calendar"
        raise ValueError(msg)
    return day_calendar(calendar)
