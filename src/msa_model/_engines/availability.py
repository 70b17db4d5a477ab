"""Availability and service credits: measuring a period, credit tiers, caps (SEMANTICS §4).

Instants are integers, microseconds since 1970-01-01T00:00:00Z, and
intervals are half-open `[start, end)`, as in the business clock.

The rules, in the order a measurement applies them:

- A measurement period runs from local midnight of its first day to local
  midnight of the day 1, 3 or 12 months later, in the SLA's time zone, and
  is counted in real time: March 2024 in Europe/London has 44,580 minutes
  (31 days less the hour skipped on 31 March).
- Weekly maintenance windows (local wall-clock time, like a calendar's
  opening windows) are excluded from the period.
- Outages are merged first (two reports of one incident count once);
  only their parts inside the period and outside maintenance are downtime,
  so an outage that runs across a period boundary counts in each period
  for the part inside it.
- Attainment = (period − maintenance − downtime) / (period − maintenance),
  as an exact percentage (a `Fraction`); a target is met when attainment is
  at least the target, compared exactly. Shown figures are rounded *down*,
  so a missed 99.9 never reads as `99.900`.
- Credit tiers are bands `(below, credit)` with `below` strictly
  decreasing. A band is reached when attainment < `below` (exactly
  `below` is not below). The lowest band reached pays; bands are not
  summed. An optional cap (a percentage of the fee) limits that percentage.
- Credit = fee × percent / 100, rounded half-up (ties away from zero) to
  the currency's minor units, in exact decimal arithmetic.
- A rolling cap limits the credit over any 12 consecutive measurement
  months to a percentage of those months' fees (see `rolling_cap`).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs
import pendulum

from msa_model._engines.clock import US, Clock, Interval, merge, zone_rules
from msa_model._values.calendar import OpeningWindow, PublicHolidays
from msa_model._values.money import Money, minor_units

__all__ = [
    "Measured",
    "allowed_downtime",
    "credit_amount",
    "credit_percent",
    "maintenance_intervals",
    "measure",
    "measurement_bounds",
    "percent_text",
    "rolling_cap",
    "tier_reached",
]

_DAY: Final = 86_400
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_HUNDRED: Final = Fraction(100)
_MONTHS: Final = (1, 3, 12)
_ROLLING_MONTHS: Final = 12
"""Months in the window of a rolling cap."""


def _exact(value: Decimal | int, name: str) -> Fraction:
    """`value` as an exact fraction; floats and non-finite decimals are refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        msg = f"{name} must be a Decimal or an int (got {type(value).__name__} {value!r})"
        raise TypeError(msg)
    if isinstance(value, Decimal) and not value.is_finite():
        msg = f"{name} must be a finite number (got {value!r})"
        raise ValueError(msg)
    return Fraction(value)


def _percentage(value: Decimal | int, name: str) -> Fraction:
    """`value` as an exact fraction, checked to lie in 0..100."""
    exact = _exact(value, name)
    if not 0 <= exact <= _HUNDRED:
        msg = f"{name} must be a percentage from 0 to 100 (got {format(value, 'f')})"
        raise ValueError(msg)
    return exact


def _length(intervals: Iterable[Interval]) -> int:
    return sum(end - start for start, end in intervals)


def _clip(intervals: Iterable[Interval], period: Interval) -> list[Interval]:
    """The parts of sorted, disjoint `intervals` inside `period`."""
    low, high = period
    return [
        (max(start, low), min(end, high))
        for start, end in intervals
        if max(start, low) < min(end, high)
    ]


def _overlap(first: Sequence[Interval], second: Sequence[Interval]) -> int:
    """Microseconds common to two sorted lists of disjoint intervals."""
    total = 0
    i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if start < end:
            total += end - start
        if first[i][1] <= second[j][1]:
            i += 1
        else:
            j += 1
    return total


def _checked_intervals(intervals: Iterable[Interval], what: str) -> list[Interval]:
    """`intervals` as a list, refusing one that ends before it starts."""
    found = list(intervals)
    for start, end in found:
        if end < start:
            msg = f"{what} ({start}, {end}) must not end before it starts"
            raise ValueError(msg)
    return found


# -- the measurement period ---------------------------------------------------


def measurement_bounds(zone: str, first_day: pendulum.Date, months: int) -> Interval:
    """The instants of a measurement period: local midnight to local midnight.

    The period starts at local midnight of `first_day` and ends at local
    midnight of `first_day` + `months` (month ends clamp, as everywhere),
    in `zone`. A midnight that the clock skips starts at the first instant
    after the gap.

    Args:
        zone: IANA time zone of the SLA.
        first_day: First day of the period, usually the 1st of a month.
        months: 1 (month), 3 (quarter) or 12 (year).

    Returns:
        The period as a half-open interval of instants in microseconds.

    Raises:
        TypeError: `first_day` is a datetime, not a date.
        ValueError: `months` is not 1, 3 or 12.

    Example:
        >>> start, end = measurement_bounds("Europe/London", pendulum.Date(2024, 3, 1), 1)
        >>> (end - start) // 60_000_000  # 31 days less the hour skipped on 31 March
        44580
    """
    if isinstance(first_day, dt.datetime) or not isinstance(first_day, dt.date):
        msg = f"first_day must be a date, not {type(first_day).__name__} ({first_day!r})"
        raise TypeError(msg)
    if isinstance(months, bool) or months not in _MONTHS:
        msg = f"months must be 1, 3 or 12 (got {months!r})"
        raise ValueError(msg)
    first = pendulum.Date(first_day.year, first_day.month, first_day.day)
    last = first.add(months=months)
    rules = zone_rules(zone)
    start = rules.to_utc((first.toordinal() - _EPOCH_ORDINAL) * _DAY)
    end = rules.to_utc((last.toordinal() - _EPOCH_ORDINAL) * _DAY)
    return start * US, end * US


@attrs.frozen
class _Maintenance:
    """The weekly maintenance windows, read by the clock as a calendar without holidays."""

    zone: str
    windows: tuple[OpeningWindow, ...]
    id: str = "maintenance"
    holidays: tuple[pendulum.Date, ...] = ()
    public_holidays: PublicHolidays | None = None


@functools.lru_cache(maxsize=256)
def _maintenance_clock(zone: str, windows: tuple[OpeningWindow, ...]) -> Clock:
    return Clock(_Maintenance(zone, windows))


def maintenance_intervals(
    zone: str, windows: Sequence[OpeningWindow], period: Interval
) -> list[Interval]:
    """The weekly maintenance windows as instants inside `period`, merged.

    Windows are local wall-clock time in `zone`, exactly like a calendar's
    opening windows: across a DST change a window keeps its wall-clock
    times, so one spanning the skipped hour is an hour shorter and one
    spanning the repeated hour an hour longer. Windows that touch (Saturday
    22:00–24:00 and Sunday 00:00–04:00) come back as one interval.

    Args:
        zone: IANA time zone of the SLA.
        windows: Weekly maintenance windows.
        period: The measurement period, e.g. from `measurement_bounds`.

    Returns:
        Sorted, disjoint intervals inside `period`.

    Example:
        >>> from msa_model._values.calendar import TimeOfDay, Weekday
        >>> sunday = OpeningWindow(days=(Weekday.SUN,), start=TimeOfDay(0), end=TimeOfDay(360))
        >>> march = measurement_bounds("America/New_York", pendulum.Date(2024, 3, 1), 1)
        >>> [
        ...     (end - start) // 60_000_000
        ...     for start, end in maintenance_intervals("America/New_York", [sunday], march)
        ... ]  # 10 March skips 02:00-03:00
        [360, 300, 360, 360, 360]
    """
    start, end = period
    if not windows or end <= start:
        return []
    clock = _maintenance_clock(zone, tuple(windows))
    return merge(clock.intervals_between(start, end))


# -- measuring ----------------------------------------------------------------


@attrs.frozen
class Measured:
    """The availability of one service over one measurement period.

    Attributes:
        period: The measurement period, `[start, end)` in microseconds.
        excluded: Maintenance microseconds inside the period.
        downtime: Outage microseconds inside the period and outside
            maintenance (outages merged first).

    Example:
        >>> month = Measured(period=(0, 30 * 86_400 * US), excluded=0, downtime=2_592 * US)
        >>> month.attainment, month.meets(Decimal("99.9")), month.meets(Decimal("99.95"))
        (Fraction(999, 10), True, False)
    """

    period: Interval
    excluded: int
    downtime: int

    def __attrs_post_init__(self) -> None:
        """Check that the parts fit: maintenance in the period, downtime in what is measured."""
        start, end = self.period
        if end < start:
            msg = f"period {self.period} must not end before it starts"
            raise ValueError(msg)
        if not 0 <= self.excluded <= end - start:
            msg = f"excluded={self.excluded} must be from 0 to the period's {end - start}"
            raise ValueError(msg)
        if not 0 <= self.downtime <= self.measured:
            msg = f"downtime={self.downtime} must be from 0 to the measured {self.measured}"
            raise ValueError(msg)

    @property
    def measured(self) -> int:
        """Microseconds measured: the period less maintenance."""
        return self.period[1] - self.period[0] - self.excluded

    @property
    def attainment(self) -> Fraction:
        """Availability as an exact percentage, 0 to 100 (100 when nothing is measured)."""
        if self.measured == 0:
            return _HUNDRED
        return Fraction(100 * (self.measured - self.downtime), self.measured)

    def meets(self, target: Decimal) -> bool:
        """Tell whether the attainment is at least `target` percent, compared exactly."""
        return self.attainment >= _exact(target, "target")


def measure(
    period: Interval, outages: Iterable[Interval], maintenance: Iterable[Interval]
) -> Measured:
    """Measure availability over `period` (SEMANTICS §4).

    Outages are merged (overlapping reports count once), clipped to the
    period, and their parts inside maintenance are not counted. Maintenance
    is merged and clipped too.

    Args:
        period: The measurement period, `[start, end)`.
        outages: Outages as intervals of instants, in any order, may overlap.
        maintenance: Excluded maintenance, e.g. from `maintenance_intervals`.

    Raises:
        ValueError: An interval ends before it starts.

    Example:
        Two overlapping reports of one outage (10:00-10:30 and 10:20-10:45)
        count 45 minutes; 5 of them fall in maintenance from 10:40:

        >>> minute = 60 * US
        >>> day = measure(
        ...     (0, 1440 * minute),
        ...     [(600 * minute, 630 * minute), (620 * minute, 645 * minute)],
        ...     [(640 * minute, 700 * minute)],
        ... )
        >>> day.downtime // minute, day.excluded // minute
        (40, 60)
    """
    start, end = period
    if end < start:
        msg = f"period {period} must not end before it starts"
        raise ValueError(msg)
    down = _clip(merge(_checked_intervals(outages, "outage")), period)
    excluded = _clip(merge(_checked_intervals(maintenance, "maintenance")), period)
    return Measured(
        period=period,
        excluded=_length(excluded),
        downtime=_length(down) - _overlap(down, excluded),
    )


def allowed_downtime(target: Decimal, measured: int) -> int:
    """The most downtime, in whole microseconds, that still meets `target`.

    Exactly (1 − target/100) × measured, rounded down: rounding up could
    allow a downtime that misses the target, whereas every downtime up to
    the rounded-down allowance meets it and one microsecond more does not.

    Args:
        target: Availability target in percent, 0 to 100.
        measured: Microseconds measured (the period less maintenance).

    Example:
        >>> allowed_downtime(Decimal("99.9"), 30 * 86_400 * US) // US  # 43 min 12 s
        2592
    """
    exact = _percentage(target, "target")
    if isinstance(measured, bool) or not isinstance(measured, int) or measured < 0:
        msg = f"measured must be a non-negative int of microseconds (got {measured!r})"
        raise ValueError(msg)
    return int((1 - exact / _HUNDRED) * measured)  # non-negative, so int() rounds down


def percent_text(attainment: Fraction, places: int = 3) -> Decimal:
    """An attainment for display, rounded toward zero to `places` decimals.

    Rounding down means a figure never looks better than it is: 99.8999…
    shows as 99.899, never as a met-looking 99.900.

    Example:
        >>> percent_text(Fraction("99.8999")), percent_text(Fraction(100))
        (Decimal('99.899'), Decimal('100.000'))
    """
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        msg = f"places must be a non-negative int (got {places!r})"
        raise ValueError(msg)
    if not isinstance(attainment, Fraction | int):
        msg = f"attainment must be a Fraction (got {type(attainment).__name__})"
        raise TypeError(msg)
    digits = int(Fraction(attainment) * 10**places)  # int() truncates toward zero
    return Decimal(f"{digits}e-{places}")


# -- credits ------------------------------------------------------------------


def tier_reached(attainment: Fraction, tiers: Sequence[tuple[Decimal, Decimal]]) -> int | None:
    """The index of the credit tier that pays, or None.

    Tiers are `(below, credit)` with `below` strictly decreasing. A band is
    reached when attainment < `below`, so exactly `below` is not below;
    the lowest band reached pays (bands are not summed).

    Raises:
        ValueError: `below` does not strictly decrease.

    Example:
        >>> tiers = [(Decimal("99.9"), Decimal(10)), (Decimal("99"), Decimal(25))]
        >>> [tier_reached(Fraction(a), tiers) for a in ("99.9", "99.5", "99", "98.99")]
        [None, 0, 0, 1]
    """
    reached = None
    previous: Fraction | None = None
    for index, (below, _credit) in enumerate(tiers):
        exact = _exact(below, f"tiers[{index}].below")
        if previous is not None and exact >= previous:
            msg = (
                f"tiers[{index}].below={format(below, 'f')} must be lower than "
                f"tiers[{index - 1}].below={format(tiers[index - 1][0], 'f')}"
            )
            raise ValueError(msg)
        previous = exact
        if attainment < exact:
            reached = index
    return reached


def credit_percent(
    attainment: Fraction, tiers: Sequence[tuple[Decimal, Decimal]], cap: Decimal | None
) -> Decimal:
    """The credit percentage owed: the reached tier's credit, limited to `cap`.

    Example:
        >>> tiers = [(Decimal("99.9"), Decimal(10)), (Decimal("99"), Decimal(25))]
        >>> (
        ...     credit_percent(Fraction(98), tiers, Decimal(20)),
        ...     credit_percent(Fraction(100), tiers, None),
        ... )
        (Decimal('20'), Decimal('0'))
    """
    if cap is not None:
        _percentage(cap, "cap")
    index = tier_reached(attainment, tiers)
    if index is None:
        return Decimal(0)
    credit = tiers[index][1]
    _percentage(credit, f"tiers[{index}].credit")
    return cap if cap is not None and cap < credit else credit


def _rounded_share(amount: Decimal, percent: Decimal, currency: str) -> Decimal:
    """`amount` × `percent` / 100, exact, rounded half-up to `currency`'s minor units."""
    percent = Decimal(percent)  # an int percentage is fine too
    digits = len(amount.as_tuple().digits) + len(percent.as_tuple().digits) + 4
    with decimal.localcontext(prec=max(digits, 28)) as context:
        context.traps[decimal.Inexact] = True  # the product must be exact...
        share = amount * percent / 100
        context.traps[decimal.Inexact] = False  # ...and only the result is rounded
        return share.quantize(_quantum(currency), rounding=decimal.ROUND_HALF_UP)


def _quantum(currency: str) -> Decimal:
    """One minor unit of `currency`: 1 for JPY, 0.01 for USD, 0.001 for BHD."""
    return Decimal(1).scaleb(-minor_units(currency))


def _fee(fee: Money, name: str) -> Money:
    if not isinstance(fee, Money):
        msg = f"{name} must be Money (got {type(fee).__name__})"
        raise TypeError(msg)
    if fee.amount < 0:
        msg = f"{name} must not be negative (got {fee})"
        raise ValueError(msg)
    return fee


def credit_amount(fee: Money, percent: Decimal) -> Money:
    """The credit: `fee` × `percent` / 100, rounded half-up to the currency's minor units.

    The arithmetic is exact decimal arithmetic; only the result is rounded
    (ties away from zero), to 0 places for JPY, 2 for USD, 3 for BHD.

    Raises:
        ValueError: The fee is negative, or `percent` is not 0 to 100.

    Example:
        >>> credit_amount(Money.of("1234.50", "USD"), Decimal(10)).amount  # 123.45
        Decimal('123.45')
        >>> credit_amount(Money.of("125", "JPY"), Decimal(10)).amount  # 12.5 rounds up
        Decimal('13')
    """
    _fee(fee, "fee")
    _percentage(percent, "percent")
    return Money(_rounded_share(fee.amount, percent, fee.currency), fee.currency)


def rolling_cap(
    credits: Sequence[Money],  # noqa: A002 # the engine's agreed name; the builtin is not used here
    fees: Sequence[Money],
    cap: Decimal,
) -> list[Money]:
    """The credits actually paid under a cap over any 12 consecutive months.

    `credits[i]` and `fees[i]` belong to consecutive measurement months, in
    order. Month i may credit at most `cap`% of the fees of months i−11..i
    (rounded half-up to minor units), less what months i−11..i−1 were
    actually credited, and never less than zero. Months before the first
    one given count as having neither fees nor credits, so pass the history
    from the start of the service.

    Credits paid are never taken back. So when a month with a high fee
    leaves the window, the window's credits can stay above its new limit
    (10 % cap, month 0 billed 10,000 and months 1-12 1,000: month 11 may
    pay 2,000, and months 1-12 then hold 2,000 against a limit of 1,200);
    the months after it pay nothing until the window is back under the
    cap. With equal monthly fees every 12 months stay within the cap.

    Args:
        credits: Credit owed per month (after its own tiers and cap).
        fees: Fee per month for the service.
        cap: Percentage of the rolling fees, 0 to 100.

    Returns:
        The credit paid per month.

    Raises:
        ValueError: Lengths differ, currencies differ, an amount is
            negative, or `cap` is not 0 to 100.

    Example:
        At 1,000 USD a month and a 10 % cap, month 0 may credit 100, month 1
        200 less month 0's 100, month 2 300 less 200; month 3, owing
        nothing, leaves room that month 4 uses:

        >>> fees = [Money.of("1000.00", "USD")] * 5
        >>> owed = [Money.of(f"{n}.00", "USD") for n in (500, 500, 500, 0, 500)]
        >>> [str(paid) for paid in rolling_cap(owed, fees, Decimal(10))]
        ['100.00 USD', '100.00 USD', '100.00 USD', '0.00 USD', '200.00 USD']
    """
    if len(credits) != len(fees):
        msg = (
            f"credits and fees must have one amount per month (got {len(credits)} and {len(fees)})"
        )
        raise ValueError(msg)
    _percentage(cap, "cap")
    if not credits:
        return []
    currency = fees[0].currency
    for name, amounts in (("credits", credits), ("fees", fees)):
        for index, amount in enumerate(amounts):
            _fee(amount, f"{name}[{index}]")
            if amount.currency != currency:
                msg = (
                    f"{name}[{index}] is in {amount.currency} but fees[0] is in {currency}: "
                    "a rolling cap needs one currency"
                )
                raise ValueError(msg)
    zero = Decimal(0).quantize(_quantum(currency))
    paid: list[Money] = []
    for month, owed in enumerate(credits):
        first = max(0, month - _ROLLING_MONTHS + 1)
        with decimal.localcontext(prec=60) as context:  # sums of 12 amounts stay exact
            context.traps[decimal.Inexact] = True
            window_fees = sum((fee.amount for fee in fees[first : month + 1]), Decimal(0))
            already = sum((credit.amount for credit in paid[first:month]), Decimal(0))
            room = max(_rounded_share(window_fees, cap, currency) - already, zero)
        paid.append(owed if owed.amount <= room else Money(room, currency))
    return paid
