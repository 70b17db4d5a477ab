"""A fee schedule's prices, prepared once for charging (docs/billing.md).

A billing run charges every period of every agreement, so what stays the
same from one period to the next is worked out once per `FeeSchedule`
object and kept for it (`plan_of`, by the object's identity: a copy
made with `attrs.evolve` prepares its own): each line's prices as exact
integer ratios, the price adjustments that apply to it, and the rounded
amounts of one-time fees and blocks. For the last term seen, the days on
which each adjustment takes effect are found once, only as far as a
period asks. Prices after percentage adjustments are kept per number of
steps; prices after index-linked ones depend on the index values each
call passes, so a call keeps them for itself only.

Nothing is rounded earlier than the rules say: the integers are the exact
ratios of the prices, and each charge line is rounded once, from its exact
value, by the schedule's rounding mode.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

import pendulum

from msa_model._engines import arguments as check
from msa_model._engines.pricing import compound, round_fraction
from msa_model._engines.rounding import money_terms, scaled_money
from msa_model._engines.schedule import add_days, add_months
from msa_model._engines.termdates import length_after, to_length
from msa_model._model.fees import (
    AdjustmentTiming,
    BlockOfHours,
    FeeLine,
    OneTimeFee,
    PercentageAdjustment,
    PerUnitFee,
    PriceAdjustment,
    RecurringFee,
    TierMode,
)
from msa_model._model.scope import Unit
from msa_model._values.money import Money, minor_units
from msa_model._values.period import Period
from msa_model.errors import MsaError, ValidationError

if TYPE_CHECKING:
    from msa_model._model.fees import FeeSchedule
    from msa_model._model.term import Term

__all__ = [
    "ONE_TIME",
    "OTHER",
    "PER_UNIT",
    "RECURRING",
    "LinePlan",
    "MissingInputError",
    "Plan",
    "Quantity",
    "RecurringPrice",
    "Segment",
    "UnitPrices",
    "contracted_quantity",
    "plan_of",
    "unit_value",
]

Quantity = int | Sequence[tuple[pendulum.Date, int]]
"""A unit count for a period: one number, or changes as `(from_day, count)` pairs in day order."""

Segment = tuple[pendulum.Date, pendulum.Date, int | None, Money | None, Money]
"""A charge of part of a period: first day, last day, units charged, price in force, amount."""


class MissingInputError(MsaError, LookupError):
    """A charge needs an input that was not given, e.g. the device count of a per-device fee."""


class RecurringPrice:
    """A recurring line's price in force, with the integers of its charge.

    The charge for `days` of a billing period of `period_days` is
    `top × days / (bottom × period_days)`, in minor units, rounded once.

    Attributes:
        price: The price per the line's `per` period.
        top: The price's numerator × billing months × 10**minor units.
        bottom: The price's denominator × the line's months.
        whole: The charge of a whole billing period, rounded; None when it is
            too large for `Money` (charging the period then raises).
    """

    __slots__ = ("bottom", "price", "top", "whole")

    def __init__(self, price: Money, top: int, bottom: int, whole: Money | None) -> None:
        """Hold the figures, as listed in the class docstring."""
        self.price, self.top, self.bottom, self.whole = price, top, bottom, whole


class UnitPrices:
    """A per-unit line's prices in force, as integers at one scale, and its pricing terms.

    `scale` is the least power of ten that makes every price a whole number.

    Attributes:
        unit: The single unit price, or None for tiers.
        scaled: The unit price × `scale`, or `(up_to, tier price × scale)` per tier.
        factor: Billing months × 10**minor units.
        bottom: `scale` × the line's months.
        minimum: Units charged at least.
        included: Units at no charge.
        volume: Whether tiers price every unit by the tier of the units billed.
        single: The unit price × `scale` when there is one price (`scaled`), else None.
    """

    __slots__ = ("bottom", "factor", "included", "minimum", "scaled", "single", "unit", "volume")

    def __init__(  # noqa: PLR0913, PLR0917 # the figures and terms of one line's prices
        self,
        unit: Money | None,
        scaled: int | tuple[tuple[int | None, int], ...],
        factor: int,
        bottom: int,
        minimum: int,
        included: int,
        volume: bool,  # noqa: FBT001 # one of the figures, always given
    ) -> None:
        """Hold the figures, as listed in the class docstring."""
        self.unit, self.scaled, self.factor, self.bottom = unit, scaled, factor, bottom
        self.minimum, self.included, self.volume = minimum, included, volume
        self.single = scaled if type(scaled) is int else None


RECURRING: Final = 0
PER_UNIT: Final = 1
ONE_TIME: Final = 2
OTHER: Final = 3
"""What `LinePlan.code` says a line is: recurring, per-unit, one-time, or hours (hourly, block)."""


class LinePlan:
    """One fee line, prepared.

    Attributes:
        line: The fee line.
        position: Its position in the schedule.
        code: What it is: `RECURRING`, `PER_UNIT`, `ONE_TIME` or `OTHER`.
        numbers: Positions of the price adjustments that apply to it, in order.
        indexed: Whether one of them follows an index.
        base: Its prices before any adjustment (recurring and per-unit lines).
        keys: The names its count may be given by (per-unit lines).
        fixed: The rounded amount of a one-time fee or of one block of hours
            (None when too large for `Money`: charging it then raises).
    """

    __slots__ = ("base", "code", "fixed", "indexed", "keys", "line", "numbers", "position")

    def __init__(  # noqa: PLR0913 # the parts of a prepared line
        self,
        line: FeeLine,
        position: int,
        numbers: tuple[int, ...],
        base: RecurringPrice | UnitPrices | None,
        *,
        indexed: bool,
        keys: tuple[str, ...] = (),
        fixed: Money | None = None,
    ) -> None:
        """Hold the parts, as listed in the class docstring; `code` follows from `line`."""
        self.line, self.position, self.numbers, self.base = line, position, numbers, base
        self.indexed, self.keys, self.fixed = indexed, keys, fixed
        self.code = _CODES.get(type(line), OTHER)


_CODES: Final = {RecurringFee: RECURRING, PerUnitFee: PER_UNIT, OneTimeFee: ONE_TIME}


def plan_of(fees: FeeSchedule) -> Plan:
    """`fees` prepared for charging: once per schedule object, and forgotten with it.

    Plans are kept by the object's identity while it lives (through a weak
    reference, so a plan never keeps its schedule alive); a copy made with
    `attrs.evolve` is another object, so it is prepared afresh.
    """
    key = id(fees)
    found = _PLANS.get(key)
    if found is not None and found[0]() is fees:
        return found[1]
    plan = Plan(fees)
    _PLANS[key] = (weakref.ref(fees, functools.partial(_forget, key)), plan)
    return plan


def _forget(key: int, ref: weakref.ref[FeeSchedule]) -> None:
    """Drop the plan of a schedule that no longer exists."""
    found = _PLANS.get(key)
    if found is not None and found[0] is ref:
        del _PLANS[key]


_PLANS: dict[int, tuple[weakref.ref[FeeSchedule], Plan]] = {}


class Plan:
    """A fee schedule prepared for charging; see the module docstring.

    It holds the schedule's parts, never the schedule itself (see `plan_of`).

    Attributes:
        currency: The schedule's currency.
        rounding: How each charge line is rounded.
        places: Digits of the currency's minor unit.
        adjustments: The price adjustments, in order.
        lines: The lines, prepared, in order.
        by_id: The prepared lines by id.
        terms: How charge lines write their amounts (`rounding.scaled_money`).
    """

    __slots__ = (
        "_adjusted",
        "_last",
        "_months",
        "_terms",
        "_terms_length",
        "adjustments",
        "by_id",
        "currency",
        "lines",
        "places",
        "rounding",
        "terms",
    )

    def __init__(self, fees: FeeSchedule) -> None:
        """Prepare `fees`, a valid schedule."""
        self.currency, self.rounding = fees.currency, fees.rounding
        self.places = minor_units(fees.currency)
        self.terms = money_terms(self.places, self.rounding, self.currency)
        self.adjustments = fees.adjustments
        self._months = fees.billing.frequency.months
        self.lines = tuple(self._line(position, line) for position, line in enumerate(fees.lines))
        self.by_id = {each.line.id: each for each in self.lines}
        self._terms = terms = fees.payment_terms
        self._terms_length = to_length(terms) if isinstance(terms, Period) else None
        self._adjusted: dict[tuple[int, tuple[int, ...]], RecurringPrice | UnitPrices] = {}
        self._last: tuple[Term, _TermDays] | None = None

    def round(self, exact: Fraction) -> Decimal:
        """An exact amount rounded to the currency's minor units by the schedule's mode."""
        return round_fraction(exact, self.currency, self.rounding)

    def _kept(self, numerator: int, denominator: int) -> Money | None:
        """`numerator / denominator` minor units rounded, as Money; None when too large."""
        try:
            return scaled_money(numerator, denominator, self.terms)
        except ValidationError:
            return None

    def term_days(self, term: Term) -> _TermDays:
        """The adjustment days of `term`, kept for the last term asked about."""
        last = self._last
        if last is not None and last[0] is term:
            return last[1]
        found = _TermDays(term, self.adjustments)
        self._last = (term, found)
        return found

    def first_change(self, term: Term) -> pendulum.Date | None:
        """The first day on which a price adjustment takes effect for `term`; None if never."""
        last = self._last
        if last is not None and last[0] is term:
            return last[1].first()
        return self.term_days(term).first()

    def due(self, term: Term) -> Callable[[pendulum.Date], pendulum.Date]:
        """The payment terms: the due day of an invoice day (business days on the term's)."""
        length = self._terms_length
        if length is not None:
            return (
                functools.partial(add_days, days=length.days) if not length.months else length.after
            )
        terms, calendar = self._terms, term.calendar
        return lambda day: length_after(day, terms, calendar)

    def due_days(self) -> int | None:
        """The payment terms in days when they are plain days (`P30D`), else None."""
        length = self._terms_length
        return None if length is None or length.months else length.days

    def adjusted(
        self, plan: LinePlan, steps: tuple[int, ...], percents: Callable[[int, int], list[Decimal]]
    ) -> RecurringPrice | UnitPrices:
        """`plan`'s prices after `steps` steps of each of its adjustments, rounded per step.

        Kept for the schedule when no adjustment of the line follows an index.
        """
        key = (plan.position, steps)
        found = None if plan.indexed else self._adjusted.get(key)
        if found is None:

            def price(base: Decimal) -> Decimal:
                for number, count in zip(plan.numbers, steps, strict=True):
                    if count:
                        changes = percents(number, count)
                        base = compound(base, changes, self.currency, self.rounding)[-1]
                return base

            prices = self._prices(plan.line, price)
            assert prices is not None  # noqa: S101 # only lines with prices are adjusted
            if not plan.indexed:
                self._adjusted[key] = prices
            return prices
        return found

    def _line(self, position: int, line: FeeLine) -> LinePlan:
        rules = self.adjustments
        numbers: tuple[int, ...] = ()
        indexed = False
        if rules and not isinstance(line, OneTimeFee):
            numbers = tuple(
                number
                for number, rule in enumerate(rules)
                if not rule.lines or line.id in rule.lines
            )
            indexed = any(not isinstance(rules[number], PercentageAdjustment) for number in numbers)
        base = self._prices(line, None)
        if isinstance(line, PerUnitFee):
            keys = (line.id, *_unit_names(line.unit))
            return LinePlan(line, position, numbers, base, indexed=indexed, keys=keys)
        fixed = None
        if isinstance(line, OneTimeFee | BlockOfHours):
            amount = line.amount if isinstance(line, OneTimeFee) else line.price
            numerator, denominator = amount.amount.as_integer_ratio()
            fixed = self._kept(numerator * 10**self.places, denominator)
        return LinePlan(line, position, numbers, base, indexed=indexed, fixed=fixed)

    def _prices(
        self, line: FeeLine, adjust: Callable[[Decimal], Decimal] | None
    ) -> RecurringPrice | UnitPrices | None:
        """A line's prices, each base price passed through `adjust` (None: as written)."""
        months, ten = self._months, 10**self.places
        price = _as_written if adjust is None else adjust
        if isinstance(line, RecurringFee):
            amount = price(line.amount.amount)
            numerator, denominator = amount.as_integer_ratio()
            top, bottom = numerator * months * ten, denominator * line.per.months
            whole = self._kept(top, bottom)
            money = line.amount if amount is line.amount.amount else Money(amount, self.currency)
            return RecurringPrice(money, top, bottom, whole)
        if not isinstance(line, PerUnitFee):
            return None
        shown: Money | None
        if line.unit_price is not None:
            unit = price(line.unit_price.amount)
            numerator, denominator = unit.as_integer_ratio()
            scale = _scale((denominator,))
            shown = line.unit_price
            if unit is not line.unit_price.amount:
                shown = Money(unit, self.currency)
            scaled: int | tuple[tuple[int | None, int], ...] = numerator * scale // denominator
        else:
            shown = None  # tiered prices have no single unit price to show
            ratios = [
                (tier.up_to, price(tier.unit_price.amount).as_integer_ratio())
                for tier in line.tiers
            ]
            scale = _scale([denominator for _, (_, denominator) in ratios])
            scaled = tuple(
                (up_to, numerator * scale // denominator)
                for up_to, (numerator, denominator) in ratios
            )
        return UnitPrices(
            shown,
            scaled,
            months * ten,
            scale * line.per.months,
            line.minimum,
            line.included,
            line.tier_mode is TierMode.VOLUME,
        )


def _as_written(price: Decimal) -> Decimal:
    return price


@functools.cache
def _unit_names(unit: Unit) -> tuple[str, str]:
    """The names a count of `unit` may be given by: singular and plural (`device`, `devices`)."""
    name = unit.value
    return name, name + ("es" if name.endswith(("s", "x", "ch", "sh")) else "s")


def _scale(denominators: Iterable[int]) -> int:
    """The least power of ten that makes every price of these denominators a whole number.

    A Decimal's ratio in lowest terms has a denominator of twos and fives only.
    """
    scale = 1
    for denominator in denominators:
        while scale % denominator:
            scale *= 10
    return scale


_Found = tuple[tuple[pendulum.Date, ...], pendulum.Date | None, int]


class _TermDays:
    """For one term: the days each price adjustment takes effect, found as far as asked.

    An anniversary is `start + 12k months`, computed from the start; a
    renewal day is the next renewal after the previous one. Each list is
    extended only when a later day is asked about, and replaced whole, so a
    list once handed out never changes.
    """

    __slots__ = ("_first", "_found", "_rules", "indexed", "term")

    def __init__(self, term: Term, rules: tuple[PriceAdjustment, ...]) -> None:
        self.term = term
        self._rules = rules
        # Per adjustment: (days found, the next day after them or None, their count + 1).
        self._found: list[_Found | None] = [None] * len(rules)
        # What index-linked adjustments give for this term, by the index values checked.
        self.indexed: dict[tuple[object, ...], object] = {}
        self._first: tuple[pendulum.Date | None] | None = None

    def first(self) -> pendulum.Date | None:
        """The first day on which any adjustment takes effect; None when none ever does.

        Before it, every price is the price as written, so a period that ends
        before it has no adjustment to look up.
        """
        first = self._first
        if first is None:
            days = []
            for number, found in enumerate(self._found):
                days_found, upcoming, _ = found or self._extend(number, None, self.term.start)
                day = days_found[0] if days_found else upcoming
                if day is not None:
                    days.append(day)
            first = self._first = (min(days) if days else None,)
        return first[0]

    def upto(self, number: int, until: pendulum.Date) -> tuple[pendulum.Date, ...]:
        """The days up to at least `until` on which adjustment `number` takes effect, in order.

        Days after `until` may follow, when an earlier call asked for more.
        """
        found = self._found[number]
        if found is None or (found[1] is not None and found[1] <= until):
            found = self._extend(number, found, until)
        return found[0]

    def _extend(self, number: int, found: _Found | None, until: pendulum.Date) -> _Found:
        term = self.term
        anniversary = self._rules[number].at is AdjustmentTiming.ANNIVERSARY
        if found is None:
            count = 1
            upcoming = add_months(term.start, 12) if anniversary else term.next_renewal(term.start)
            found = ((), upcoming, count)
        days, upcoming, count = list(found[0]), found[1], found[2]
        while upcoming is not None and upcoming <= until:
            days.append(upcoming)
            count += 1
            upcoming = (
                add_months(term.start, 12 * count) if anniversary else term.next_renewal(upcoming)
            )
        result = (tuple(days), upcoming, count)
        self._found[number] = result
        return result


def contracted_quantity(plan: LinePlan) -> int:
    """The contracted `quantity` of a per-unit line, charged when no count is given.

    Raises:
        MissingInputError: The line has none.
    """
    line = plan.line
    assert isinstance(line, PerUnitFee)  # noqa: S101 # only per-unit lines have keys
    if line.quantity is not None:
        return line.quantity
    _, unit, plural = plan.keys
    msg = f"fee line {line.id!r} charges per {unit}: give its quantity as {plural}=N or {line.id}=N"
    raise MissingInputError(msg)


def unit_value(prices: UnitPrices, count: int) -> tuple[int, int]:
    """The exact price of `count` units × the prices' scale, and the units charged.

    The units billed are the count or the minimum, whichever is more; the
    first `included` are free; graduated tiers price each unit by its tier,
    volume tiers every unit by the tier of the units billed.
    """
    if type(count) is not int or count < 0:
        check.count(count, "quantity")
    minimum, included = prices.minimum, prices.included
    billed = max(minimum, count)
    charged = billed - included if billed > included else 0
    scaled = prices.scaled
    if type(scaled) is int:
        return charged * scaled, charged
    assert isinstance(scaled, tuple)  # noqa: S101 # tiers
    if prices.volume:
        price = next(price for up_to, price in scaled if up_to is None or billed <= up_to)
        return charged * price, charged
    value, lower = 0, 0
    for up_to, price in scaled:
        upper = billed if up_to is None else min(up_to, billed)
        units = upper - max(lower, included)
        if units > 0:
            value += units * price
        if up_to is None or up_to >= billed:
            break
        lower = up_to
    return value, charged
