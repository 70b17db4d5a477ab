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
- Index adjustments: see `indexes`, whose functions this module also
  offers (`index_percents`, `index_series`); their changes are compounded
  as percentages are.

The rounding itself, one exact step from a ratio of integers, is
`rounding`'s.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

from msa_model._engines import arguments as check
from msa_model._engines.indexes import PERCENT_PLACES, IndexSeries, index_percents, index_series
from msa_model._engines.rounding import exact_decimal, round_exact, round_scaled
from msa_model._values.money import Money, Rounding, is_known_currency, minor_units

__all__ = [
    "PERCENT_PLACES",
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
    return round_exact(Fraction(value), _places(currency), _rounding(rounding))


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
    return round_exact(value, _places(currency), _rounding(rounding))


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
    return round_exact(exact, _places(currency), _rounding(rounding))


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
    return exact_decimal(total, exponent)


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
        rounded = round_exact(price * (1 + Fraction(change) / 100), places, mode)
        prices.append(rounded)
        price = Fraction(rounded)
    return prices
