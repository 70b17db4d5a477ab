"""Repeating schedules: boundary k = anchor + offset + k × step, and the period containing a day.

Every boundary is computed from the anchor in one step, months first
(clamped to the month's end) and then days, never by adding to the
previous boundary, so a schedule anchored on the 31st does not drift
(SEMANTICS §1). Finding the period that contains a day is arithmetic: an
estimate from the average length of the step, corrected by a step or two,
so a 50-year-old schedule costs what a new one costs.

The arithmetic runs on day ordinals (plain integers, as `date.toordinal`
gives them) and on month numbers (`year × 12 + month − 1`); a
`pendulum.Date` is built only for an answer, since building one costs
more than the arithmetic itself.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Final

import attrs
import pendulum

from msa_model.errors import OutOfRangeError

__all__ = [
    "LAST_ORDINAL",
    "Boundaries",
    "Length",
    "Schedule",
    "add_days",
    "add_months",
    "boundary_ordinal",
    "bracket",
    "date_of",
    "latest_start",
    "month_ordinal",
    "out_of_range",
]

_MONTH_HUNDREDTHS: Final = 3044
"""The Gregorian average month, 365.2425 / 12 = 30.436875 days, in hundredths of a day, rounded.

Used only to estimate, in integers small enough for CPython's one-digit
arithmetic (below 2**30 for any two days there are); answers are always
corrected exactly. The rounding drifts by 0.0003 days a month: a step or
two over the whole calendar, none over centuries of months.
"""

LAST_ORDINAL: Final = dt.date.max.toordinal()
"""The ordinal of 9999-12-31, the last day there is."""

_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_CYCLE_MONTHS: Final = 4800
"""The Gregorian calendar repeats every 400 years: 4,800 months..."""
_CYCLE_DAYS: Final = 146_097
"""... of 146,097 days."""
_FIRST_MONTH: Final = 12
"""The month number of January of year 1."""
_END_MONTH: Final = 10_000 * 12
"""The month number of January of year 10000, the first month past the last day."""


def _cycle_tables() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Ordinal of the day before each month's first day, and the month's length, in a cycle.

    Month number n (`year × 12 + month − 1`) of cycle c = n // 4800 starts the day
    after ordinal `c × 146,097 + starts[n % 4800]`; the cycle's year 0 is a leap year.
    """
    starts, lengths = [], []
    for number in range(_CYCLE_MONTHS):
        year, month_index = divmod(number, 12)
        before = year - 1
        leap = month_index == 1 and calendar.isleap(year)
        starts.append(
            before * 365
            + before // 4
            - before // 100
            + before // 400
            + sum(_MONTH_DAYS[:month_index])
            + (month_index > 1 and calendar.isleap(year))
        )
        lengths.append(_MONTH_DAYS[month_index] + leap)
    return tuple(starts), tuple(lengths)


_STARTS, _LENGTHS = _cycle_tables()

_from_ordinal = dt.date.fromordinal
_Date = pendulum.Date
date_of: Final[Callable[[int], pendulum.Date]] = vars(dt.date)["fromordinal"].__get__(None, _Date)
"""Return the `pendulum.Date` of a day ordinal (1 is 0001-01-01).

`datetime.date.fromordinal`, run in C on the `pendulum.Date` class:
pendulum's own `Date.fromordinal` is Python code, and building a plain
date first would cost a date more. Most answers are built here.

Raises:
    ValueError: The ordinal is below 1 or past 9999-12-31.
"""


def _month_length(year: int, month_index: int) -> int:
    """Days in a month, with `month_index` 0 for January."""
    return _MONTH_DAYS[month_index] + (month_index == 1 and calendar.isleap(year))


def out_of_range(day: pendulum.Date | int, amount: int, unit: str) -> OutOfRangeError:
    """The error for `day` plus `amount` units leaving years 1 to 9999 (`day` may be an ordinal)."""
    shown = date_of(day) if isinstance(day, int) else day
    return OutOfRangeError(f"{shown} plus {amount} {unit} is outside years 1 to 9999")


def month_ordinal(month_number: int, day: int) -> int:
    """Return the ordinal of day `day` of a month, clamped to the month's last day.

    `month_number` is `year × 12 + month − 1`.

    Raises:
        ValueError: The month is outside years 1 to 9999.

    Example:
        >>> date_of(month_ordinal(2024 * 12 + 1, 31))  # 31 February 2024, clamped
        Date(2024, 2, 29)
    """
    if not _FIRST_MONTH <= month_number < _END_MONTH:
        msg = f"month number {month_number} is outside years 1 to 9999"
        raise ValueError(msg)
    number = month_number % _CYCLE_MONTHS
    if day > 28 and day > _LENGTHS[number]:  # clamped to the month's end
        day = _LENGTHS[number]
    return month_number // _CYCLE_MONTHS * _CYCLE_DAYS + _STARTS[number] + day


def add_months(day: pendulum.Date, months: int) -> pendulum.Date:
    """Return `day` plus whole months, clamped to the last day of a shorter month.

    Plain integer arithmetic: several times faster than `Date.add(months=...)`.

    Example:
        >>> add_months(pendulum.Date(2024, 1, 31), 1), add_months(pendulum.Date(2024, 3, 31), -1)
        (Date(2024, 2, 29), Date(2024, 2, 29))
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    mday = day.day
    if mday > 28:  # only the 29th to 31st can need clamping
        mday = min(mday, _month_length(year, month))
    try:
        return _Date(year, month + 1, mday)
    except ValueError:
        raise out_of_range(day, months, "months") from None


def add_days(day: pendulum.Date, days: int) -> pendulum.Date:
    """Return `day` plus whole days (negative to go back)."""
    try:
        return date_of(day.toordinal() + days)
    except (ValueError, OverflowError):
        raise out_of_range(day, days, "days") from None


def latest_start(last: int, months: int, days: int) -> pendulum.Date:
    """Return the latest day D with `D + months + days ≤` the day with ordinal `last`.

    The arithmetic of `Length.latest_start_before`, from an ordinal.

    Raises:
        OutOfRangeError: D would fall before 0001-01-01.
    """
    day = last - days
    if not 0 < day <= LAST_ORDINAL:
        raise out_of_range(last, -days, "days")
    if not months:
        return date_of(day)  # days alone: plain subtraction
    plain = _from_ordinal(day)
    number = plain.year * 12 + plain.month - 1
    earlier = number - months
    if earlier < _FIRST_MONTH:
        raise out_of_range(day, -months, "months")
    mday = plain.day
    if mday >= 28:  # the days where clamping can matter (month lengths from the tables)
        last_mday = _LENGTHS[earlier % _CYCLE_MONTHS]
        if mday == _LENGTHS[number % _CYCLE_MONTHS]:
            # Every day from here to that month's end reaches `day` (clamping): take the last.
            mday = last_mday
        elif mday > last_mday:
            mday = last_mday
    return _Date(earlier // 12, earlier % 12 + 1, mday)


@attrs.frozen
class Length:
    """A calendar length as whole months and whole days (years and weeks folded in).

    Attributes:
        months: Months, applied first, clamping to the month's end.
        days: Days, applied after the months.
    """

    months: int
    days: int

    def times(self, count: int) -> Length:
        """Return this length `count` times, unit by unit."""
        return Length(self.months * count, self.days * count)

    def plus(self, other: Length) -> Length:
        """Return the unit-by-unit sum."""
        return Length(self.months + other.months, self.days + other.days)

    @property
    def is_zero(self) -> bool:
        """Tell whether the length is zero."""
        return self.months == 0 and self.days == 0

    @property
    def month_based(self) -> bool:
        """Tell whether the length has months (a day count alone is day-based)."""
        return self.months != 0

    def after(self, day: pendulum.Date) -> pendulum.Date:
        """Return `day + self`: months first (clamped to the month's end), then days.

        Example:
            >>> Length(1, 0).after(pendulum.Date(2024, 1, 31))
            Date(2024, 2, 29)
        """
        if self.months:
            day = add_months(day, self.months)
        return add_days(day, self.days) if self.days else day

    def latest_start_before(self, last_day: pendulum.Date) -> pendulum.Date:
        """Return the latest day D with `D + self ≤ last_day` (the forward rule of notices).

        Plain subtraction can be too early at month ends: three months before
        2024-11-30 is 2024-08-30 by subtraction, but 2024-08-31 + 3 months is
        2024-11-30 too, so the latest such day is 2024-08-31.

        Example:
            >>> Length(3, 0).latest_start_before(pendulum.Date(2024, 11, 30))
            Date(2024, 8, 31)
            >>> Length(0, 90).latest_start_before(pendulum.Date(2025, 12, 31))
            Date(2025, 10, 2)
        """
        return latest_start(last_day.toordinal(), self.months, self.days)


def boundary_ordinal(  # noqa: PLR0913, PLR0917 # flat integers, as `bracket` takes them
    k: int,
    anchor: int,
    month: int,
    day: int,
    offset: tuple[int, int],
    step: tuple[int, int],
) -> int:
    """Return the ordinal of boundary k: `anchor + offset + k × step`, months first.

    `anchor` is the anchor's ordinal, `month` its month number (`year × 12 +
    month − 1`) and `day` its day of the month; those two may be 0 when no
    boundary adds months. `offset` and `step` are (months, days).

    Raises:
        OutOfRangeError: The boundary falls outside years 1 to 9999.

    Example:
        >>> start = pendulum.Date(2024, 1, 31)
        >>> anchor = (start.toordinal(), 2024 * 12, 31)
        >>> date_of(boundary_ordinal(1, *anchor, (0, 0), (1, 0)))
        Date(2024, 2, 29)
    """
    months = offset[0] + k * step[0]
    if months and not _FIRST_MONTH <= month + months < _END_MONTH:
        raise out_of_range(anchor, months, "months")
    found = _extended_ordinal(k, anchor, month, day, offset, step)
    if not 0 < found <= LAST_ORDINAL:  # only the days can take it out of range now
        days = offset[1] + k * step[1]
        raise out_of_range(found - days, days, "days")
    return found


def bracket(  # noqa: PLR0913, PLR0917 # flat integers: the busiest path of the term engine
    ordinal: int,
    anchor: int,
    month: int,
    day: int,
    offset_months: int,
    offset_days: int,
    step_months: int,
    step_days: int,
) -> tuple[int, int, int]:
    """Return k with the ordinals of boundaries k and k + 1, which bracket `ordinal`.

    The boundaries are those of `boundary_ordinal`; the step must not be
    zero, and neither of its units negative. `boundary(k) ≤ ordinal <
    boundary(k + 1)`; k is negative before boundary 0.

    k is first estimated from the average length of the step, and the two
    boundaries are computed inline; an estimate a step off (a day near a
    boundary) is corrected by whole steps.

    Raises:
        OutOfRangeError: A boundary needed falls outside years 1 to 9999.

    Example:
        >>> start = pendulum.Date(2024, 1, 31)
        >>> k, first, last = bracket(
        ...     pendulum.Date(2024, 3, 15).toordinal(), start.toordinal(), 2024 * 12, 31, 0, 0, 1, 0
        ... )
        >>> k, date_of(first), date_of(last)
        (1, Date(2024, 2, 29), Date(2024, 3, 31))
    """
    # A zero step (never asked for) is estimated as a day, not divided by.
    k = ((ordinal - anchor - offset_days) * 100 - offset_months * _MONTH_HUNDREDTHS) // (
        step_months * _MONTH_HUNDREDTHS + step_days * 100 or 100
    )
    months = offset_months + k * step_months
    days = offset_days + k * step_days
    start = end = anchor
    inside = True  # both boundaries' months within years 1 to 9999
    if months or step_months:
        number = month + months
        later = number + step_months
        inside = number >= _FIRST_MONTH and later < _END_MONTH
        if inside:  # the day of the month clamped to each month's length, without min()
            start = number // _CYCLE_MONTHS * _CYCLE_DAYS
            number %= _CYCLE_MONTHS
            length = _LENGTHS[number]
            start += _STARTS[number] + (length if day > length else day)  # noqa: FURB136
            end = later // _CYCLE_MONTHS * _CYCLE_DAYS
            later %= _CYCLE_MONTHS
            length = _LENGTHS[later]
            end += _STARTS[later] + (length if day > length else day)  # noqa: FURB136
    start += days
    end += days + step_days
    if inside and start <= ordinal < end and start > 0 and end <= LAST_ORDINAL:
        return k, start, end
    offset, step = (offset_months, offset_days), (step_months, step_days)
    return _corrected(ordinal, k, anchor, month, day, offset, step)


def _corrected(  # noqa: PLR0913, PLR0917 # as `boundary_ordinal` takes them, and the day
    ordinal: int,
    k: int,
    anchor: int,
    month: int,
    day: int,
    offset: tuple[int, int],
    step: tuple[int, int],
) -> tuple[int, int, int]:
    """Correct an estimate k of `bracket` by whole steps.

    The steps are taken on boundaries extended past the calendar's ends (a
    boundary out of range may be passed on the way to one in range); both
    boundaries found must exist, and `boundary_ordinal` raises for one that
    does not.
    """
    start = _extended_ordinal(k, anchor, month, day, offset, step)
    end = _extended_ordinal(k + 1, anchor, month, day, offset, step)
    while start > ordinal:
        k, end = k - 1, start
        start = _extended_ordinal(k, anchor, month, day, offset, step)
    while end <= ordinal:
        k, start = k + 1, end
        end = _extended_ordinal(k + 1, anchor, month, day, offset, step)
    start = boundary_ordinal(k, anchor, month, day, offset, step)
    return k, start, boundary_ordinal(k + 1, anchor, month, day, offset, step)


def _extended_ordinal(  # noqa: PLR0913, PLR0917 # as `boundary_ordinal` takes them
    k: int,
    anchor: int,
    month: int,
    day: int,
    offset: tuple[int, int],
    step: tuple[int, int],
) -> int:
    """Boundary k as `boundary_ordinal` gives it, on the calendar extended past its ends.

    The month tables repeat every 400 years, so they give ordinals below 1
    and past 9999-12-31 too; boundaries stay in order, which is all the
    correction of an estimate needs.
    """
    months = offset[0] + k * step[0]
    found = anchor
    if months:
        cycle, number = divmod(month + months, _CYCLE_MONTHS)
        found = cycle * _CYCLE_DAYS + _STARTS[number] + min(day, _LENGTHS[number])
    return found + offset[1] + k * step[1]


class Boundaries:
    """The boundaries `anchor + offset + k × step` of a schedule, as day ordinals.

    `boundary_ordinal` and `bracket` on one set of values, kept for a
    schedule's repeated questions. The step must not be zero, and neither of
    its units negative.
    """

    __slots__ = ("_anchor", "_day", "_month", "_offset", "_step")

    def __init__(
        self, anchor: tuple[int, int, int], offset: tuple[int, int], step: tuple[int, int]
    ) -> None:
        """Count boundaries from an anchor day.

        Args:
            anchor: The anchor's ordinal, month number (`year × 12 + month − 1`)
                and day of the month; the last two may be 0 when no boundary
                adds months.
            offset: Months and days added to the anchor before the steps.
            step: Months and days of one step.
        """
        self._anchor, self._month, self._day = anchor
        self._offset, self._step = offset, step

    def ordinal(self, k: int) -> int:
        """Return the ordinal of boundary k.

        Raises:
            OutOfRangeError: The boundary falls outside years 1 to 9999.
        """
        return boundary_ordinal(k, self._anchor, self._month, self._day, self._offset, self._step)

    def bracket(self, ordinal: int) -> tuple[int, int, int]:
        """Return k with the ordinals of boundaries k and k + 1, which bracket `ordinal`.

        `boundary(k) ≤ ordinal < boundary(k + 1)`; k is negative before boundary 0.
        """
        offset, step = self._offset, self._step
        return bracket(ordinal, self._anchor, self._month, self._day, *offset, *step)


@attrs.frozen
class Schedule:
    """Boundaries `anchor + offset + k × step` for k = 0, 1, 2, ...

    Boundary k starts period k; period k runs up to the day before
    boundary k + 1.

    Attributes:
        anchor: The day the schedule is counted from.
        offset: Added to the anchor before the steps (e.g. the initial term
            when renewals are counted from the term's start).
        step: The length of one period; not zero.
    """

    anchor: pendulum.Date
    offset: Length
    step: Length
    _boundaries: Boundaries = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        """Compile the boundaries to integer arithmetic once."""
        anchor = self.anchor
        boundaries = Boundaries(
            (anchor.toordinal(), anchor.year * 12 + anchor.month - 1, anchor.day),
            (self.offset.months, self.offset.days),
            (self.step.months, self.step.days),
        )
        object.__setattr__(self, "_boundaries", boundaries)

    def boundary(self, k: int) -> pendulum.Date:
        """Return the first day of period k, computed from the anchor in one step.

        Example:
            >>> monthly = Schedule(pendulum.Date(2024, 1, 31), Length(0, 0), Length(1, 0))
            >>> [str(monthly.boundary(k)) for k in range(1, 4)]
            ['2024-02-29', '2024-03-31', '2024-04-30']
        """
        return date_of(self._boundaries.ordinal(k))

    def locate(self, day: pendulum.Date) -> tuple[int, pendulum.Date, pendulum.Date]:
        """Return k with the first days of periods k and k + 1, which bracket `day`.

        `boundary(k) ≤ day < boundary(k + 1)`; k is negative before boundary 0.
        """
        k, start, end = self._boundaries.bracket(day.toordinal())
        return k, date_of(start), date_of(end)

    def index_on(self, day: pendulum.Date) -> int:
        """Return k such that `boundary(k) ≤ day < boundary(k + 1)`; negative before the start.

        Example:
            >>> monthly = Schedule(pendulum.Date(2024, 1, 31), Length(0, 0), Length(1, 0))
            >>> (
            ...     monthly.index_on(pendulum.Date(2024, 3, 30)),
            ...     monthly.index_on(pendulum.Date(2024, 3, 31)),
            ... )
            (1, 2)
        """
        return self._boundaries.bracket(day.toordinal())[0]
