"""Exact rounding of ratios to a number of decimal places (SEMANTICS §5).

The last step of every charge: an exact ratio of integers, already scaled
by 10**places, rounded once to a whole number of units of 10**-places by
a `Rounding` mode, and written as a Decimal exactly, whatever the ambient
decimal context. `pricing` builds its checked functions on these, and the
charge lines of `FeeSchedule.charges` call them directly, once per line.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Final

from msa_model._values.money import MAX_AMOUNT, Money, Rounding

__all__ = [
    "MoneyTerms",
    "exact_decimal",
    "money_terms",
    "round_exact",
    "round_scaled",
    "scaled_money",
]

_EXACT: Final = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)
"""A context in which scaling by a power of ten is exact."""
_HALF_UP: Final = Rounding.HALF_UP
_LIMIT: Final = int(MAX_AMOUNT)
"""Money refuses amounts of this size or more."""


def exact_decimal(coefficient: int, exponent: int) -> Decimal:
    """`coefficient` × 10**`exponent`, built exactly whatever the decimal context."""
    # An int becomes a Decimal exactly, and scaling in a context of unlimited precision
    # only moves the exponent.
    return Decimal(coefficient).scaleb(exponent, _EXACT)


def round_exact(value: Fraction, places: int, rounding: Rounding) -> Decimal:
    """`value` rounded to `places` decimal places with `rounding`, in one exact step."""
    return round_scaled(value.numerator * 10**places, value.denominator, places, rounding)


def round_scaled(numerator: int, denominator: int, places: int, rounding: Rounding) -> Decimal:
    """`numerator / denominator` rounded to a whole number of units of 10**-`places`.

    The ratio is already scaled by 10**`places`; `denominator` is positive.
    Nothing is checked: this is the hot path's last step, for callers that
    checked their figures once (see `pricing.round_ratio` for the checked form).

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
    return Decimal(down).scaleb(-places, _EXACT)  # exact, as `exact_decimal`


MoneyTerms = tuple[int, Rounding, str, int]
"""How `scaled_money` writes amounts: `(places, rounding, currency, limit)`, from `money_terms`."""


def money_terms(places: int, rounding: Rounding, currency: str) -> MoneyTerms:
    """The terms of `scaled_money` for a currency known valid with `places` digits."""
    return places, rounding, currency, int(_LIMIT * 10**places)


def scaled_money(numerator: int, denominator: int, terms: MoneyTerms) -> Money:
    """`round_scaled(numerator, denominator, places, rounding)` as Money, by `terms`.

    The hot path of a charge line. An amount that Money would refuse as
    too large (its limit is `terms`' last item, in units of 10**-places)
    is passed to `Money`, which raises as usual; any other skips Money's
    checks, which the figures pass by construction.

    Example:
        >>> str(scaled_money(1_000_00 * 10, 31, money_terms(2, Rounding.HALF_UP, "USD")))
        '322.58 USD'
    """
    places, rounding, currency, limit = terms
    down, remainder = divmod(numerator, denominator)
    if remainder:
        if rounding is _HALF_UP:
            twice = 2 * remainder
            down += twice > denominator or (twice == denominator and numerator > 0)
        else:
            down += _rounds_up(numerator, denominator, down, rounding)
    amount = Decimal(down).scaleb(-places, _EXACT)
    if not -limit < down < limit:
        return Money(amount, currency)  # raises, naming the limit
    money = _NEW(Money)
    _SET_AMOUNT(money, amount)
    _SET_CURRENCY(money, currency)
    return money


_NEW: Final = object.__new__
_SET_AMOUNT: Final = Money.__dict__["amount"].__set__
_SET_CURRENCY: Final = Money.__dict__["currency"].__set__
# Money is built by setting its slots, as attrs' `__init__` does, once its checks are known
# to pass (tests/test_rounding.py compares it with Money built the usual way).


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
