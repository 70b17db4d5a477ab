"""Checks of the arguments engines take from callers: ints, Decimals and days.

Engines are public-facing through the model's methods, so they refuse a
bool for an int, a float for a Decimal and a DateTime for a Date with a
message naming the argument, instead of computing with them.
"""

from __future__ import annotations

from decimal import Decimal

import pendulum

__all__ = ["count", "day", "finite_decimal"]


def count(value: object, name: str, *, minimum: int = 0) -> int:
    """`value` as an int of at least `minimum`; bools and floats refused."""
    if type(value) is not int:
        msg = f"{name} must be an int, not {type(value).__name__} (got {value!r})"
        raise TypeError(msg)
    if value < minimum:
        rule = "must not be negative" if minimum == 0 else f"must be at least {minimum}"
        msg = f"{name} {rule} (got {value})"
        raise ValueError(msg)
    return value


def finite_decimal(value: object, name: str, *, ints: bool = False) -> Decimal:
    """`value` as a finite Decimal; an int too when `ints`; floats and bools refused."""
    if ints and type(value) is int:
        return Decimal(value)
    if type(value) is not Decimal:
        kinds = "a Decimal or an int" if ints else "a Decimal"
        msg = f"{name} must be {kinds}, not {type(value).__name__} (got {value!r})"
        raise TypeError(msg)
    if not value.is_finite():
        msg = f"{name} must be a finite number (got {value})"
        raise ValueError(msg)
    return value


def day(value: object, name: str) -> pendulum.Date:
    """`value` as a plain `pendulum.Date`: a DateTime (a Date subclass, PITFALLS 1) is refused."""
    if type(value) is not pendulum.Date:
        msg = f"{name} must be a pendulum.Date, not {type(value).__name__} (got {value!r})"
        raise TypeError(msg)
    return value
