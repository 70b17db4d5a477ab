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
from collections.abc import Iterator
from decimal import Decimal
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

__all__ = ["MAX_AMOUNT", "Money", "Rounding", "is_known_currency"]

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


def _amount_problems(amount: object, field: str) -> Iterator[Problem]:
    found = decimal(amount, field)
    if type(amount) is not Decimal or not amount.is_finite() or abs(amount) < MAX_AMOUNT:
        yield from found
        return
    yield problem(field, f"must be smaller than {MAX_AMOUNT:f} in size (got {describe(amount)})")
    # The size rule covers the digits before the point; those after it are still checked.
    yield from (p for p in found if "after the decimal point" in p.message)
