"""Exact money arithmetic for charge lines (SEMANTICS §5).

Every figure is computed exactly (integers, `Fraction`s and exact `Decimal`s,
never floats and never the ambient decimal context) and rounded to the
currency's minor units only where a rule below says so, in one step from the
exact value. The rules:

- Rounding: to the currency's minor units as Babel records them (JPY 0,
  USD 2, BHD 3), half-up (ties away from zero) unless another `Rounding` is
  given. Unknown currency codes are refused rather than given Babel's silent
  default of 2 places.
- Allocation: a total that is a whole number of minor units is split over
  parts in proportion to non-negative weights (not all zero) by the largest
  remainder method: each part first gets its exact share rounded toward
  zero, then the minor units left over go one each to the parts with the
  largest remainders, ties to the earlier part. The parts add up to the
  total exactly and each is within one minor unit of its exact share; a
  part with weight 0 gets 0. A negative total is split as its opposite and
  every part negated, so signs mirror.
- Proration: amount × days / period days (actual days, so an annual period
  in a leap year has 366), computed as an exact fraction and rounded once.
  Days run from 0 to the period's length.
- Unit pricing: the quantity billed is max(quantity, minimum), and units are
  counted by position from 1 to that number. The first `included` positions
  are free. With a single unit price every other position costs that price.
  With tiers `(up_to, unit price)`, `up_to` inclusive and strictly
  increasing and only the last open-ended (`None`): *graduated* prices each
  charged position by the tier it falls in; *volume* prices every charged
  position at the tier the billed quantity falls in. The amount is exact
  (the charge line rounds it); the breakdown lists `(units, unit price)`.
- Percentage adjustments compound: each step multiplies the previous
  *rounded* price by 1 + percent / 100 and rounds the result, as invoices
  show it. The first step starts from the base price as given.
- Index adjustments: the value of an index in force on a day is the latest
  value published on or before it. The change at adjustment day k is
  value(day k) / value(day k − 1) − 1, in percent, where day 0 is the base
  day, clamped to [floor, cap]. Each change is measured from the index in
  force at the previous adjustment, not from a capped path, so an excess
  cut by the cap in one year is not carried into the next, and the changes
  compound through the prices they are applied to. A change is exact, then
  quantized to 10 decimal places half-even (so 1/3 % is representable as a
  Decimal), with trailing zeros after the point dropped.
"""

from __future__ import annotations

import bisect
import decimal
import functools
import operator
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

import pendulum

from msa_model._engines import arguments as check
from msa_model._values.money import Money, Rounding, is_known_currency, minor_units

__all__ = [
    "IndexSeries",
    "allocate",
    "compound",
    "index_percents",
    "index_series",
    "prorated",
    "round_fraction",
    "round_ratio",
    "round_scaled",
    "round_to_currency",
    "unit_charge",
]

PERCENT_PLACES: Final = 10
"""Decimal places kept in an index change, in percent (quantized half-even)."""

_HUNDRED: Final = Decimal(100)


# -- checks -------------------------------------------------------------------


def _places(currency: str) -> int:
    """Minor-unit digits of a known currency; unknown codes raise instead of defaulting to 2."""
    found = _PLACES.get(currency) if type(currency) is str else None
    if found is not None:
        return found
    if type(currency) is not str or not is_known_currency(currency):
        msg = f"currency must be an ISO 4217 code in current use, in upper case (got {currency!r})"
        raise ValueError(msg)
    found = _PLACES[currency] = minor_units(currency)
    return found


_PLACES: dict[str, int] = {}
"""Minor-unit digits of the currencies seen, each checked once."""


def _rounding(rounding: object) -> Rounding:
    if not isinstance(rounding, Rounding):
        msg = f"rounding must be a Rounding, not {type(rounding).__name__} (got {rounding!r})"
        raise TypeError(msg)
    return rounding


# -- exact decimals -----------------------------------------------------------


def _decimal(coefficient: int, exponent: int) -> Decimal:
    """`coefficient` × 10**`exponent`, built exactly whatever the decimal context."""
    # An int becomes a Decimal exactly, and scaling in a context of unlimited precision
    # only moves the exponent.
    return Decimal(coefficient).scaleb(exponent, _EXACT)


_EXACT: Final = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)
"""A context in which scaling by a power of ten is exact."""


def _round_fraction(value: Fraction, places: int, rounding: Rounding) -> Decimal:
    """`value` rounded to `places` decimal places with `rounding`, in one exact step."""
    return round_scaled(value.numerator * 10**places, value.denominator, places, rounding)


def round_scaled(numerator: int, denominator: int, places: int, rounding: Rounding) -> Decimal:
    """`numerator / denominator` rounded to a whole number of units of 10**-`places`.

    The ratio is already scaled by 10**`places`; `denominator` is positive.
    Nothing is checked: this is the hot path's last step, for callers that
    checked their figures once (see `round_ratio` for the checked form).

    Example:
        >>> round_scaled(1_000_00 * 10, 31, 2, Rounding.HALF_UP)  # 1,000.00 × 10/31
        Decimal('322.58')
    """
    down, remainder = divmod(numerator, denominator)  # floor; 0 <= remainder < denominator
    if remainder:
        if rounding is _HALF_UP:  # the default, first (enum members are slow to look up)
            twice = 2 * remainder
            down += twice > denominator or (twice == denominator and numerator > 0)
        else:
            down += _rounds_up(numerator, denominator, down, rounding)
    return Decimal(down).scaleb(-places, _EXACT)  # exact, as `_decimal`


def _rounds_up(numerator: int, denominator: int, down: int, rounding: Rounding) -> bool:
    """Whether `numerator / denominator`, not whole, rounds up from `down` (its floor)."""
    positive = numerator > 0
    twice = 2 * (numerator - down * denominator)
    tie = twice == denominator
    match rounding:
        case Rounding.FLOOR:
            up = False
        case Rounding.CEILING:
            up = True
        case Rounding.DOWN:  # toward zero
            up = not positive
        case Rounding.UP:  # away from zero
            up = positive
        case Rounding.HALF_UP:  # ties away from zero
            up = twice > denominator or (tie and positive)
        case Rounding.HALF_DOWN:  # ties toward zero
            up = twice > denominator or (tie and not positive)
        case Rounding.HALF_EVEN:
            up = twice > denominator or (tie and down % 2 == 1)
    return up


_HALF_UP: Final = Rounding.HALF_UP


def _parts(value: Decimal) -> tuple[int, tuple[int, ...], int]:
    """Sign, digits and exponent of a finite Decimal."""
    if not value.is_finite():  # callers check first; this keeps the exponent an int
        msg = f"expected a finite number (got {value})"
        raise ValueError(msg)
    sign, digits, exponent = value.as_tuple()
    return sign, digits, int(exponent)


def _trimmed(value: Decimal) -> Decimal:
    """`value` without trailing zeros after the point (`5.0000` → `5`, `1.50` → `1.5`)."""
    sign, digits, exponent = _parts(value)
    kept = list(digits)
    while exponent < 0 and len(kept) > 1 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    if kept == [0]:
        exponent = max(exponent, 0)
    return Decimal((sign, tuple(kept), exponent))


# -- rounding -----------------------------------------------------------------


def round_to_currency(
    amount: Decimal, currency: str, rounding: Rounding = Rounding.HALF_UP
) -> Decimal:
    """Round `amount` to `currency`'s minor units (JPY 0, USD 2, BHD 3).

    Exact whatever the ambient decimal context: an amount with 18 digits
    before the point and 10 after loses nothing but the rounded-off digits.

    Args:
        amount: Any finite Decimal (a float raises `TypeError`).
        currency: ISO 4217 code in current use, e.g. `USD`.
        rounding: Half-up (ties away from zero) unless told otherwise.

    Raises:
        ValueError: The currency is unknown or the amount is not finite.

    Example:
        >>> round_to_currency(Decimal("1157.625"), "USD")
        Decimal('1157.63')
        >>> round_to_currency(Decimal("2.5"), "JPY", Rounding.HALF_EVEN)
        Decimal('2')
        >>> round_to_currency(Decimal("-0.0005"), "BHD")
        Decimal('-0.001')
    """
    value = check.finite_decimal(amount, "amount")
    return _round_fraction(Fraction(value), _places(currency), _rounding(rounding))


def round_ratio(
    amount: Decimal,
    numerator: int,
    denominator: int,
    currency: str,
    rounding: Rounding = Rounding.HALF_UP,
) -> Decimal:
    """Round `amount × numerator / denominator` to `currency`'s minor units in one step.

    Integer arithmetic only, for the hot path of proration: a price times
    `days / period_days`, or times `billing months / price months`.

    Example:
        >>> (
        ...     round_ratio(Decimal("3000.00"), 15, 30, "USD"),
        ...     round_ratio(Decimal("1000"), 10, 31, "USD"),
        ... )
        (Decimal('1500.00'), Decimal('322.58'))
    """
    if denominator <= 0:
        msg = f"denominator must be positive (got {denominator})"
        raise ValueError(msg)
    places = _places(currency)
    top, bottom = amount.as_integer_ratio()
    return round_scaled(
        top * numerator * 10**places, bottom * denominator, places, _rounding(rounding)
    )


def round_fraction(
    value: Fraction, currency: str, rounding: Rounding = Rounding.HALF_UP
) -> Decimal:
    """Round an exact fraction to `currency`'s minor units in one step.

    For amounts that are not decimals yet, such as a price times 10/31 of a
    period: no intermediate Decimal with a limited number of digits is
    formed, so ties are found exactly.

    Raises:
        ValueError: The currency is unknown.

    Example:
        >>> round_fraction(Fraction(1000) * 10 / 31, "USD")  # 322.5806…
        Decimal('322.58')
        >>> round_fraction(Fraction(5, 2), "JPY", Rounding.HALF_EVEN)
        Decimal('2')
    """
    if not isinstance(value, Fraction):
        msg = f"value must be a Fraction, not {type(value).__name__} (got {value!r})"
        raise TypeError(msg)
    return _round_fraction(value, _places(currency), _rounding(rounding))


# -- allocation ---------------------------------------------------------------


def allocate(total: Money, weights: Sequence[int | Decimal]) -> list[Money]:
    """Split `total` over parts in proportion to `weights`; see `Money.allocate`.

    Example:
        >>> [str(part) for part in allocate(Money.of("100.00", "USD"), [1, 1, 1])]
        ['33.34 USD', '33.33 USD', '33.33 USD']
    """
    if not isinstance(total, Money):
        msg = f"total must be Money, not {type(total).__name__} (got {total!r})"
        raise TypeError(msg)
    for index, weight in enumerate(weights):
        check.finite_decimal(weight, f"weights[{index}]", ints=True)
    return total.allocate(weights)


# -- proration ----------------------------------------------------------------


def prorated(
    amount: Decimal,
    days: int,
    period_days: int,
    currency: str,
    rounding: Rounding = Rounding.HALF_UP,
) -> Decimal:
    """Return `amount` × `days` / `period_days`, rounded once to `currency`'s minor units.

    The quotient is an exact fraction, so 10/31 of an amount is not first
    cut to some number of digits and then rounded again.

    Args:
        amount: The charge for the whole period (may be negative, a credit).
        days: Days served, 0 to `period_days`.
        period_days: Days in the billing period (366 for a leap year).
        currency: ISO 4217 code in current use.
        rounding: Half-up unless told otherwise.

    Raises:
        ValueError: `days` is outside 0 to `period_days`, `period_days` is
            below 1, or the currency is unknown.

    Example:
        >>> prorated(Decimal("3000.00"), 15, 30, "USD"), prorated(Decimal("1000.00"), 10, 31, "USD")
        (Decimal('1500.00'), Decimal('322.58'))
        >>> prorated(Decimal("100000"), 10, 31, "JPY"), prorated(Decimal("1.000"), 1, 3, "BHD")
        (Decimal('32258'), Decimal('0.333'))
    """
    value = check.finite_decimal(amount, "amount")
    whole = check.count(period_days, "period_days", minimum=1)
    served = check.count(days, "days")
    if served > whole:
        msg = f"days={served} must not exceed period_days={whole}"
        raise ValueError(msg)
    exact = Fraction(value) * served / whole
    return _round_fraction(exact, _places(currency), _rounding(rounding))


# -- unit pricing -------------------------------------------------------------


def _tiers(tiers: Sequence[tuple[int | None, Decimal]]) -> Sequence[tuple[int | None, Decimal]]:
    """Check tiers: `up_to` ints ≥ 1 strictly increasing, only the last open-ended."""
    if type(tiers) is tuple:
        return _checked_tiers(tiers)
    return _check_tiers(tiers)


@functools.lru_cache(maxsize=4096)
def _checked_tiers(
    tiers: tuple[tuple[int | None, Decimal], ...],
) -> tuple[tuple[int | None, Decimal], ...]:
    """`_check_tiers` of a tuple of tiers, remembered: a schedule's tiers are checked once."""
    return tuple(_check_tiers(tiers))


def _check_tiers(
    tiers: Sequence[tuple[int | None, Decimal]],
) -> list[tuple[int | None, Decimal]]:
    """Check tiers: `up_to` ints ≥ 1 strictly increasing, only the last open-ended."""
    checked: list[tuple[int | None, Decimal]] = []
    previous = 0
    for index, (up_to, price) in enumerate(tiers):
        last = index == len(tiers) - 1
        check.finite_decimal(price, f"tiers[{index}] unit price")
        if up_to is None:
            if not last:
                msg = f"tiers[{index}]: only the last tier may be open-ended (up_to None)"
                raise ValueError(msg)
        else:
            check.count(up_to, f"tiers[{index}] up_to", minimum=1)
            if last:
                msg = f"tiers[{index}]: the last tier must be open-ended (up_to None, got {up_to})"
                raise ValueError(msg)
            if up_to <= previous:
                msg = (
                    f"tiers[{index}] up_to={up_to} must be greater than "
                    f"tiers[{index - 1}] up_to={previous}"
                )
                raise ValueError(msg)
            previous = up_to
        checked.append((up_to, price))
    return checked


def _exponent(price: Decimal) -> int:
    """The exponent of a finite Decimal (its last digit's place)."""
    exponent = price.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 # prices are checked finite
    return exponent


def _sum_of_products(rows: Iterable[tuple[int, Decimal]], exponent: int) -> Decimal:
    """Σ units × price, exact, written with `exponent` (at most each price's exponent)."""
    total = 0
    scale = 10**-exponent
    for units, price in rows:
        numerator, denominator = price.as_integer_ratio()
        total += units * (numerator * scale // denominator)  # exact: the price has no more places
    return _decimal(total, exponent)


def unit_charge(  # noqa: PLR0913 # the pricing terms of one line, all keyword-only
    quantity: int,
    *,
    unit_price: Decimal | None,
    tiers: Sequence[tuple[int | None, Decimal]] = (),
    graduated: bool = True,
    included: int = 0,
    minimum: int = 0,
) -> tuple[Decimal, list[tuple[int, Decimal]]]:
    """Price `quantity` units at one unit price or by tiers, unrounded.

    The quantity billed is max(`quantity`, `minimum`); positions 1 to
    `included` are free. With `unit_price` every other position costs it.
    With `tiers` (`(up_to, unit price)`, `up_to` inclusive and strictly
    increasing, the last `None`), graduated pricing charges each position at
    the tier it falls in, and volume pricing (`graduated=False`) charges
    every charged position at the tier the billed quantity falls in.

    Args:
        quantity: Units counted, at least 0.
        unit_price: The price of each unit; `None` when `tiers` are given.
        tiers: Tiered prices instead of `unit_price`.
        graduated: Graduated (True) or volume (False) tier pricing.
        included: Units at no charge, the first positions.
        minimum: Units charged at least, whatever the count.

    Returns:
        The exact amount, and `(units, unit price)` rows that add up to it
        (a row per tier used; no rows when nothing is charged).

    Raises:
        ValueError: A count is negative, both or neither of `unit_price`
            and `tiers` are given, or the tiers are malformed.

    Example:
        >>> tiers = [(50, Decimal("45.00")), (100, Decimal("40.00")), (None, Decimal("35.00"))]
        >>> unit_charge(60, unit_price=None, tiers=tiers)
        (Decimal('2650.00'), [(50, Decimal('45.00')), (10, Decimal('40.00'))])
        >>> unit_charge(60, unit_price=None, tiers=tiers, graduated=False)
        (Decimal('2400.00'), [(60, Decimal('40.00'))])
        >>> unit_charge(15, unit_price=Decimal("65.00"), minimum=20)
        (Decimal('1300.00'), [(20, Decimal('65.00'))])
    """
    check.count(quantity, "quantity")
    check.count(included, "included")
    check.count(minimum, "minimum")
    if type(graduated) is not bool:
        msg = f"graduated must be a bool, not {type(graduated).__name__} (got {graduated!r})"
        raise TypeError(msg)
    if (unit_price is None) == (not tiers):
        msg = "give exactly one of unit_price and tiers"
        raise ValueError(msg)
    billed = max(quantity, minimum)
    first = included + 1  # the first charged position
    rows: list[tuple[int, Decimal]] = []
    if unit_price is not None:
        prices = [check.finite_decimal(unit_price, "unit_price")]
        if billed >= first:
            rows.append((billed - included, unit_price))
    else:
        checked = _tiers(tiers)
        prices = [price for _, price in checked]
        lower = 0  # positions lower + 1 to up_to belong to the tier
        for up_to, price in checked:
            upper = billed if up_to is None else min(up_to, billed)
            if graduated:
                units = upper - max(lower, included)
                if units > 0:
                    rows.append((units, price))
            elif lower < billed <= upper and billed >= first:
                rows.append((billed - included, price))
            if up_to is None or up_to >= billed:
                break
            lower = up_to
    exponent = min(0, *(_exponent(price) for price in prices))
    return _sum_of_products(rows, exponent), rows


# -- price adjustments --------------------------------------------------------


def compound(
    base: Decimal,
    percents: Sequence[Decimal],
    currency: str,
    rounding: Rounding = Rounding.HALF_UP,
) -> list[Decimal]:
    """Apply percentage changes one after another, rounding after each step.

    Step k's price = step k − 1's rounded price × (1 + percents[k] / 100),
    rounded to `currency`'s minor units, as each year's invoice shows it.
    The first step starts from `base` as given.

    Args:
        base: The price before the first change.
        percents: Each step's change in percent (e.g. `5` for +5 %), above −100.
        currency: ISO 4217 code in current use.
        rounding: Half-up unless told otherwise.

    Returns:
        The price after each step, one per percent.

    Raises:
        ValueError: A percent is −100 or less, or the currency is unknown.

    Example:
        >>> compound(Decimal("1000.00"), [Decimal(5)] * 3, "USD")  # 1157.625 rounds up
        [Decimal('1050.00'), Decimal('1102.50'), Decimal('1157.63')]
    """
    price = Fraction(check.finite_decimal(base, "base"))
    places = _places(currency)
    mode = _rounding(rounding)
    prices: list[Decimal] = []
    for index, percent in enumerate(percents):
        change = check.finite_decimal(percent, f"percents[{index}]", ints=True)
        if change <= -_HUNDRED:
            msg = f"percents[{index}] must be greater than -100 (got {change})"
            raise ValueError(msg)
        rounded = _round_fraction(price * (1 + Fraction(change) / 100), places, mode)
        prices.append(rounded)
        price = Fraction(rounded)
    return prices


class IndexSeries:
    """The published values of one index, checked once: days in order, values positive.

    Build it with `index_series`, which remembers the series it checked.
    Values become exact fractions only when a day asks for them.
    """

    __slots__ = ("_days", "_fractions", "_keys", "_source", "_values", "name")

    def __init__(self, series: Mapping[pendulum.Date, Decimal], index: str) -> None:
        """Check `series` (every day a plain Date, every value a positive finite Decimal)."""
        if not series:
            msg = f"{index} has no published values"
            raise ValueError(msg)
        keys, values = tuple(series), tuple(series.values())
        for day, value in zip(keys, values, strict=True):
            if not (
                type(day) is pendulum.Date
                and type(value) is Decimal
                and value.is_finite()
                and value > 0
            ):
                check.day(day, f"{index} publication day")
                check.finite_decimal(value, f"{index} value on {day}")
                msg = f"{index} value on {day} must be positive (got {value})"
                raise ValueError(msg)
        self.name = index
        self._source, self._keys, self._values = series, keys, values
        published = sorted(zip(keys, values, strict=True), key=operator.itemgetter(0))
        self._days = [day for day, _ in published]
        # Exact fractions are made on first use: a run reads a few values of a long series.
        self._fractions: list[Fraction | Decimal] = [value for _, value in published]

    def describes(self, series: Mapping[pendulum.Date, Decimal]) -> bool:
        """Tell whether `series` is the very mapping checked, holding the very same items."""
        return (
            series is self._source
            and len(series) == len(self._keys)
            and all(map(operator.is_, series, self._keys))
            and all(map(operator.is_, series.values(), self._values))
        )

    def value_on(self, day: pendulum.Date) -> Fraction:
        """The value in force on `day`: the latest published on or before it.

        Raises:
            ValueError: Nothing was published on or before `day`.
        """
        at = bisect.bisect_right(self._days, day) - 1
        if at < 0:
            msg = (
                f"{self.name} has no value on or before {day} "
                f"(its first value is on {self._days[0]})"
            )
            raise ValueError(msg)
        value = self._fractions[at]
        if type(value) is Decimal:
            value = self._fractions[at] = Fraction(value)
        assert isinstance(value, Fraction)  # noqa: S101 # converted just above
        return value

    def changes(
        self,
        days: Sequence[pendulum.Date],
        base_day: pendulum.Date,
        upper: Fraction | None,
        lower: Fraction | None,
    ) -> list[Decimal]:
        """The change at each of `days` from the day before it (`base_day` for the first).

        See `index_percents`, which checks the bounds and then calls this.
        """
        previous_day = check.day(base_day, "base_day")
        previous = self.value_on(previous_day)
        changes: list[Decimal] = []
        for position, day in enumerate(days):
            check.day(day, f"days[{position}]")
            if day <= previous_day:
                before = "base_day" if position == 0 else f"days[{position - 1}]"
                msg = f"days[{position}]={day} must be after {before}={previous_day}"
                raise ValueError(msg)
            current = self.value_on(day)
            change = (current / previous - 1) * 100
            if upper is not None:
                change = min(change, upper)
            if lower is not None:
                change = max(change, lower)
            changes.append(_trimmed(_round_fraction(change, PERCENT_PLACES, Rounding.HALF_EVEN)))
            previous_day, previous = day, current
        return changes


def index_series(series: Mapping[pendulum.Date, Decimal], index: str) -> IndexSeries:
    """Return `series` checked, remembering it while the mapping holds the same items.

    A billing run passes the same published values for every agreement and
    period; they are checked once, and again only when the mapping is
    another one or any of its days or values is another object.

    Raises:
        TypeError: A day is not a plain `pendulum.Date` or a value not a Decimal.
        ValueError: The series is empty, or a value is not finite or not positive.
    """
    key = (id(series), index)
    found = _SERIES.get(key)
    if found is not None and found.describes(series):
        return found
    checked = IndexSeries(series, index)
    if len(_SERIES) >= _SERIES_KEPT:
        _SERIES.clear()
    _SERIES[key] = checked  # holds the mapping, so its id is not reused while remembered
    return checked


_SERIES: dict[tuple[int, str], IndexSeries] = {}
_SERIES_KEPT: Final = 64
"""Index series remembered at once, by the mapping's identity and the index's name."""


def _bound(value: Decimal | None, name: str) -> Fraction | None:
    if value is None:
        return None
    bound = check.finite_decimal(value, name, ints=True)
    if bound <= -_HUNDRED:
        msg = f"{name} must be greater than -100 (got {bound})"
        raise ValueError(msg)
    return Fraction(bound)


def index_percents(  # noqa: PLR0913 # floor and cap are a pair; the index name only labels errors
    series: Mapping[pendulum.Date, Decimal],
    days: Sequence[pendulum.Date],
    base_day: pendulum.Date,
    cap: Decimal | None = None,
    floor: Decimal | None = None,
    *,
    index: str = "the index",
) -> list[Decimal]:
    """The percentage change of an index at each adjustment day, within a floor and cap.

    The value in force on a day is the latest one published on or before
    it. The change at `days[k]` is value(`days[k]`) / value(`days[k - 1]`)
    − 1, in percent, with `base_day` before the first; it is clamped to
    [`floor`, `cap`] and quantized half-even to 10 decimal places, trailing
    zeros dropped. Each change is measured from the index in force at the
    previous adjustment, so a year cut by the cap does not carry its
    excess into the next; feed the result to `compound`.

    Args:
        series: Published index values (positive) by publication day.
        days: Adjustment days, strictly increasing, after `base_day`.
        base_day: The day of the price the first change applies to.
        cap: Largest change per step in percent; None for no cap.
        floor: Smallest change per step in percent (0: no decrease); None for none.
        index: The index's name, for error messages (e.g. `US CPI-U`).

    Returns:
        One change in percent per adjustment day.

    Raises:
        ValueError: A day falls before the first published value, the days
            are not strictly increasing after `base_day`, a value is not
            positive, or `floor` is above `cap`.

    Example:
        >>> cpi = {
        ...     pendulum.Date(2021, 1, 1): Decimal(300),
        ...     pendulum.Date(2022, 1, 1): Decimal(315),
        ...     pendulum.Date(2023, 1, 1): Decimal("340.2"),
        ... }
        >>> days = [pendulum.Date(2022, 1, 1), pendulum.Date(2023, 1, 1)]
        >>> index_percents(cpi, days, pendulum.Date(2021, 1, 1), cap=Decimal(6))
        [Decimal('5'), Decimal('6')]
    """
    upper = _bound(cap, "cap")
    lower = _bound(floor, "floor")
    if upper is not None and lower is not None and lower > upper:
        msg = f"floor={floor} must not be above cap={cap}"
        raise ValueError(msg)
    return index_series(series, index).changes(days, base_day, upper, lower)
