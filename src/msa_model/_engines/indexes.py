"""Index-linked price changes: published index values and the change at each step (SEMANTICS §5).

The value of an index in force on a day is the latest value published on
or before it. The change at adjustment day k is value(day k) /
value(day k − 1) − 1, in percent, where day 0 is the base day, clamped to
[floor, cap]. Each change is measured from the index in force at the
previous adjustment, not from a capped path, so an excess cut by the cap
in one year is not carried into the next, and the changes compound through
the prices they are applied to (`pricing.compound`). A change is exact,
then quantized to 10 decimal places half-even (so 1/3 % is representable
as a Decimal), with trailing zeros after the point dropped.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

import pendulum

from msa_model._engines import arguments as check
from msa_model._engines.rounding import round_exact
from msa_model._values.money import Rounding

__all__ = ["PERCENT_PLACES", "IndexSeries", "index_percents", "index_series"]

PERCENT_PLACES: Final = 10
"""Decimal places kept in an index change, in percent (quantized half-even)."""

_HUNDRED: Final = Decimal(100)


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
            changes.append(_trimmed(round_exact(change, PERCENT_PLACES, Rounding.HALF_EVEN)))
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
