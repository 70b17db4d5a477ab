"""Money: an exact Decimal amount in an ISO 4217 currency.

Amounts are never floats. The currency must be one in current use as legal
tender according to the CLDR data shipped with Babel (withdrawn codes such
as HRK or VEF are refused). The number of minor units (JPY 0, EUR 2, BHD 3)
also comes from Babel. See `docs/money.md`.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs
from babel.core import get_global
from babel.numbers import format_currency, get_currency_precision

from msa_model._values.invariants import (
    MAX_FRACTION_DIGITS,
    Checked,
    decimal,
    describe,
    problem,
)
from msa_model._values.locale import DEFAULT_LOCALE, checked_locale
from msa_model.errors import ParseError, Problem

__all__ = ["MAX_AMOUNT", "Money", "Rounding", "is_known_currency", "rounded_money"]

MAX_AMOUNT: Final = Decimal("1e15")
"""Amounts must be smaller than this in absolute value (a quadrillion)."""

_WHOLE_DIGITS: Final = MAX_AMOUNT.adjusted()
"""Most digits before the point of an amount below `MAX_AMOUNT`."""
_CODE = re.compile(r"[A-Z]{3}")
# ASCII digits only: Decimal() would also take '1_000', ' 12.50 ' and other scripts' digits.
_DECIMAL_TEXT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")


class Rounding(enum.Enum):
    """How an amount is rounded to the currency's minor units.

    `half_up` (ties away from zero) is the default everywhere.
    """

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    HALF_DOWN = "half_down"
    UP = "up"
    DOWN = "down"
    CEILING = "ceiling"
    FLOOR = "floor"

    @property
    def decimal_mode(self) -> str:
        """The `decimal` module's name for this mode, e.g. `ROUND_HALF_UP`."""
        return f"ROUND_{self.name}"


@functools.cache
def _current_currencies() -> frozenset[str]:
    """Codes that some territory uses as legal tender today, per CLDR.

    Computed from usage records without an end date, so the answer does not
    depend on the clock.
    """
    records = get_global("territory_currencies")
    return frozenset(
        code
        for usages in records.values()
        for code, _start, end, tender in usages
        if end is None and tender
    )


def is_known_currency(code: str) -> bool:
    """Tell whether `code` is an ISO 4217 currency in current use (upper case).

    Example:
        >>> is_known_currency("EUR"), is_known_currency("HRK"), is_known_currency("eur")
        (True, False, False)
    """
    return bool(_CODE.fullmatch(code)) and code in _current_currencies()


@functools.cache
def minor_units(code: str) -> int:
    """Digits after the decimal point in `code`'s minor unit (JPY 0, EUR 2, BHD 3)."""
    return int(get_currency_precision(code))


@attrs.frozen(order=False)
class Money(Checked):
    r"""An exact amount of money in one currency.

    Attributes:
        amount: The amount; may carry more digits than the currency's minor
            units (unit prices often do), and may be negative (credits).
        currency: ISO 4217 code in upper case, e.g. `EUR`.

    Example:
        >>> price = Money.of("12.50", "EUR")
        >>> (price * 3).amount
        Decimal('37.50')
        >>> Money.of("0.125", "USD").rounded().amount
        Decimal('0.13')
        >>> Money.of("1234.5", "EUR").format(locale="de_DE")
        '1.234,50\xa0€'
    """

    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: str | int | Decimal, currency: str) -> Money:
        """Build from a decimal string, an int or a Decimal; floats are refused."""
        if isinstance(amount, float):
            msg = f"amount must not be a float (got {amount!r}); pass a string such as '12.50'"
            raise TypeError(msg)
        if isinstance(amount, bool):
            msg = f"amount must be a number, not a bool (got {amount!r})"
            raise TypeError(msg)
        if isinstance(amount, str) and not _DECIMAL_TEXT.fullmatch(amount):
            msg = f"amount must be a decimal number such as '12.50' (got {amount!r})"
            raise ParseError(msg)
        value = Decimal(amount) if isinstance(amount, str | int) else amount
        return cls(value, currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return zero in `currency`."""
        return cls(Decimal(0), currency)

    def __attrs_post_init__(self) -> None:
        """Check the amount and currency; a plain, bounded amount in a known currency is quick."""
        amount, currency = self.amount, self.currency
        if type(amount) is Decimal and type(currency) is str and amount.is_finite():
            _, digits, exponent = amount.as_tuple()
            if (
                isinstance(exponent, int)
                and exponent >= -MAX_FRACTION_DIGITS
                and len(digits) + exponent <= _WHOLE_DIGITS
                and currency in _current_currencies()
            ):
                return
        super().__attrs_post_init__()

    def _problems(self) -> Iterator[Problem]:
        yield from _amount_problems(self.amount, "amount")
        if type(self.currency) is not str or not is_known_currency(self.currency):
            yield problem(
                "currency",
                f"must be an ISO 4217 currency code in current use, in upper case "
                f"(got {describe(self.currency)})",
            )

    @property
    def minor_units(self) -> int:
        """Digits of the currency's minor unit (JPY 0, EUR 2, BHD 3)."""
        return minor_units(self.currency)

    def rounded(self, rounding: Rounding = Rounding.HALF_UP) -> Money:
        """Round to the currency's minor units (half-up unless told otherwise)."""
        quantum = Decimal(1).scaleb(-self.minor_units)
        return Money(self.amount.quantize(quantum, rounding=rounding.decimal_mode), self.currency)

    def allocate(self, weights: Sequence[int | Decimal]) -> list[Money]:
        """Split the amount over parts in proportion to `weights`, to the minor unit.

        Largest remainder method: each part gets its exact share rounded toward
        zero, then the minor units left over go one each to the parts with the
        largest remainders, ties to the earlier part. The parts add up to the
        amount exactly and each is within one minor unit of its exact share. A
        negative amount is split as its opposite, then every part negated.

        Args:
            weights: Non-negative ints or Decimals, at least one above zero.

        Returns:
            One amount per weight, in order, each with the currency's minor units.

        Raises:
            ValueError: The amount has digits below the minor unit (round it
                first), or the weights are empty, negative or all zero.

        Example:
            >>> [str(part) for part in Money.of("100.00", "USD").allocate([1, 1, 1])]
            ['33.34 USD', '33.33 USD', '33.33 USD']
            >>> [str(part) for part in Money.of("-100", "JPY").allocate([1, 1, 1])]
            ['-34 JPY', '-33 JPY', '-33 JPY']
        """
        places = self.minor_units
        exact_units = Fraction(self.amount) * 10**places
        if exact_units.denominator != 1:
            msg = (
                f"the amount must be a whole number of {self.currency} minor units "
                f"({places} decimal places; round it first) (got {self})"
            )
            raise ValueError(msg)
        shares = [_weight(weight, index) for index, weight in enumerate(weights)]
        if not shares:
            msg = "weights must not be empty"
            raise ValueError(msg)
        whole = sum(shares, Fraction(0))
        if whole == 0:
            msg = f"weights must not all be zero (got {len(shares)} zeros)"
            raise ValueError(msg)
        units = exact_units.numerator
        size = abs(units)
        parts: list[int] = []
        remainders: list[Fraction] = []
        for share in shares:
            exact = size * share / whole
            part = exact.numerator // exact.denominator
            parts.append(part)
            remainders.append(exact - part)
        left = size - sum(parts)  # fewer than the parts with a non-zero remainder
        for index in sorted(range(len(parts)), key=lambda i: (-remainders[i], i))[:left]:
            parts[index] += 1
        sign = -1 if units < 0 else 1
        return [Money(Decimal(f"{sign * part}E-{places}"), self.currency) for part in parts]

    def format(self, locale: str = DEFAULT_LOCALE) -> str:
        """Format for people with Babel, showing every digit the amount carries.

        The amount is padded to the currency's minor units but never rounded:
        round first with `rounded()` when a rounded figure is meant.
        """
        return str(
            format_currency(
                self.amount,
                self.currency,
                locale=checked_locale(locale),
                decimal_quantization=False,
            )
        )

    def _same_currency(self, other: Money) -> None:
        if self.currency != other.currency:
            msg = f"cannot combine {self.currency} with {other.currency}"
            raise ValueError(msg)

    def __add__(self, other: Money) -> Money:
        """Add an amount in the same currency."""
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        """Subtract an amount in the same currency."""
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        """Multiply by an exact factor; floats are refused."""
        if not isinstance(factor, Decimal | int) or isinstance(factor, bool):
            msg = f"factor must be a Decimal or an int (got {type(factor).__name__})"
            raise TypeError(msg)
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        """Return the amount with its sign flipped."""
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        """Compare amounts in the same currency."""
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        """Compare amounts in the same currency."""
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self.amount <= other.amount

    def __str__(self) -> str:
        """Return `12.50 EUR`."""
        return f"{format(self.amount, 'f')} {self.currency}"


_NEW: Final = object.__new__
_SET_AMOUNT: Final = Money.__dict__["amount"].__set__
_SET_CURRENCY: Final = Money.__dict__["currency"].__set__


def rounded_money(amount: Decimal, currency: str) -> Money:
    """Money from an amount just rounded to `currency`'s minor units, in a currency known valid.

    The hot path of charge lines, which build thousands of amounts from
    checked prices: the checks of `Money` are skipped, except the size
    limit, which a large price times a large count can pass (then `Money`
    raises as usual). The caller guarantees the rest: a finite `Decimal`
    with the currency's minor units, and a currency in current use.

    Example:
        >>> rounded_money(Decimal("12.50"), "EUR") == Money.of("12.50", "EUR")
        True
    """
    if amount.adjusted() >= _WHOLE_DIGITS:
        return Money(amount, currency)  # raises, naming the limit
    money = _NEW(Money)
    _SET_AMOUNT(money, amount)
    _SET_CURRENCY(money, currency)
    return money


def _weight(weight: object, index: int) -> Fraction:
    """A weight of an allocation as an exact non-negative fraction."""
    if type(weight) is int or (type(weight) is Decimal and weight.is_finite()):
        share = Fraction(weight)
    else:
        msg = f"weights[{index}] must be an int or a finite Decimal (got {weight!r})"
        raise TypeError(msg)
    if share < 0:
        msg = f"weights[{index}] must not be negative (got {weight})"
        raise ValueError(msg)
    return share


def _amount_problems(amount: object, field: str) -> Iterator[Problem]:
    found = decimal(amount, field)
    if type(amount) is not Decimal or not amount.is_finite() or abs(amount) < MAX_AMOUNT:
        yield from found
        return
    yield problem(field, f"must be smaller than {MAX_AMOUNT:f} in size (got {describe(amount)})")
    # The size rule covers the digits before the point; those after it are still checked.
    yield from (p for p in found if "after the decimal point" in p.message)
