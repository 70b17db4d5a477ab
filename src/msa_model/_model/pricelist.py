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

import bisect
import functools
import itertools
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from msa_model._engines import arguments as check
from msa_model._engines.pricing import (
    IndexSeries,
    compound,
    index_percents,
    index_series,
    round_fraction,
    round_scaled,
)
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
from msa_model._values.money import Money, minor_units, rounded_money
from msa_model._values.period import Period
from msa_model.errors import MsaError, ValidationError

if TYPE_CHECKING:
    from msa_model._model.fees import FeeSchedule
    from msa_model._model.term import Term

__all__ = [
    "Call",
    "LinePlan",
    "MissingInputError",
    "Plan",
    "Quantity",
    "RecurringPrice",
    "Segment",
    "UnitPrices",
    "plan_of",
    "unit_value",
]

Quantity = int | Sequence[tuple[pendulum.Date, int]]
"""A unit count for a period: one number, or changes as `(from_day, count)` pairs in day order."""

Segment = tuple[pendulum.Date, pendulum.Date, int | None, Money | None, Money]
"""A charge of part of a period: first day, last day, units charged, price in force, amount."""


class MissingInputError(MsaError, LookupError):
    """A charge needs an input that was not given, e.g. the device count of a per-device fee."""


@attrs.frozen
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

    price: Money
    top: int
    bottom: int
    whole: Money | None


@attrs.frozen
class UnitPrices:
    """A per-unit line's prices in force, as integers at one scale, and its pricing terms.

    Attributes:
        unit: The single unit price, or None for tiers.
        scaled: The unit price × `scale`, or `(up_to, tier price × scale)` per tier.
        factor: Billing months × 10**minor units.
        bottom: `scale` × the line's months.
        minimum: Units charged at least.
        included: Units at no charge.
        volume: Whether tiers price every unit by the tier of the units billed.
    """

    unit: Money | None
    scaled: int | tuple[tuple[int | None, int], ...]
    factor: int
    bottom: int
    minimum: int
    included: int
    volume: bool


@attrs.frozen
class LinePlan:
    """One fee line, prepared.

    Attributes:
        line: The fee line.
        position: Its position in the schedule.
        numbers: Positions of the price adjustments that apply to it, in order.
        indexed: Whether one of them follows an index.
        base: Its prices before any adjustment (recurring and per-unit lines).
        keys: The names its count may be given by (per-unit lines).
        fixed: The rounded amount of a one-time fee or of one block of hours
            (None when too large for `Money`: charging it then raises).
    """

    line: FeeLine
    position: int
    numbers: tuple[int, ...]
    indexed: bool
    base: RecurringPrice | UnitPrices | None
    keys: tuple[str, ...] = ()
    fixed: Money | None = None


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
    )

    def __init__(self, fees: FeeSchedule) -> None:
        """Prepare `fees`, a valid schedule."""
        self.currency, self.rounding = fees.currency, fees.rounding
        self.places = minor_units(fees.currency)
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

    def money(self, amount: Decimal) -> Money:
        """An amount just rounded to the currency's minor units, as Money."""
        return rounded_money(amount, self.currency)

    def _kept(self, amount: Decimal) -> Money | None:
        """`money(amount)` to keep for later, or None when it is too large to be Money."""
        try:
            return self.money(amount)
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

    def due(self, term: Term) -> Callable[[pendulum.Date], pendulum.Date]:
        """The payment terms: the due day of an invoice day (business days on the term's)."""
        length = self._terms_length
        if length is not None:
            return (
                functools.partial(add_days, days=length.days) if not length.months else length.after
            )
        terms, calendar = self._terms, term.calendar
        return lambda day: length_after(day, terms, calendar)

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
        numbers = tuple(
            number
            for number, rule in enumerate(rules)
            if not isinstance(line, OneTimeFee) and (not rule.lines or line.id in rule.lines)
        )
        indexed = any(not isinstance(rules[number], PercentageAdjustment) for number in numbers)
        base = self._prices(line, lambda price: price)
        if isinstance(line, PerUnitFee):
            unit = line.unit.value
            plural = unit + ("es" if unit.endswith(("s", "x", "ch", "sh")) else "s")
            return LinePlan(line, position, numbers, indexed, base, keys=(line.id, unit, plural))
        fixed = None
        if isinstance(line, OneTimeFee | BlockOfHours):
            amount = line.amount if isinstance(line, OneTimeFee) else line.price
            fixed = self._kept(self.round(Fraction(amount.amount)))
        return LinePlan(line, position, numbers, indexed, base, fixed=fixed)

    def _prices(
        self, line: FeeLine, price: Callable[[Decimal], Decimal]
    ) -> RecurringPrice | UnitPrices | None:
        """A line's prices, each base price passed through `price` (an adjustment or none)."""
        months, ten = self._months, 10**self.places
        if isinstance(line, RecurringFee):
            amount = price(line.amount.amount)
            numerator, denominator = amount.as_integer_ratio()
            top, bottom = numerator * months * ten, denominator * line.per.months
            whole = self._kept(round_scaled(top, bottom, self.places, self.rounding))
            money = line.amount if amount is line.amount.amount else Money(amount, self.currency)
            return RecurringPrice(money, top, bottom, whole)
        if not isinstance(line, PerUnitFee):
            return None
        shown: Money | None
        if line.unit_price is not None:
            unit = price(line.unit_price.amount)
            scale = 10 ** -min(0, _exponent(unit))
            numerator, denominator = unit.as_integer_ratio()
            shown = line.unit_price
            if unit is not line.unit_price.amount:
                shown = Money(unit, self.currency)
            scaled: int | tuple[tuple[int | None, int], ...] = numerator * scale // denominator
        else:
            shown = None  # tiered prices have no single unit price to show
            tiers = [(tier.up_to, price(tier.unit_price.amount)) for tier in line.tiers]
            scale = 10 ** -min(0, *(_exponent(value) for _, value in tiers))
            scaled = tuple(
                (up_to, numerator * scale // denominator)
                for up_to, (numerator, denominator) in (
                    (up_to, value.as_integer_ratio()) for up_to, value in tiers
                )
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


def _exponent(price: Decimal) -> int:
    exponent = price.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 # prices are finite
    return exponent


_Found = tuple[tuple[pendulum.Date, ...], pendulum.Date | None, int]


class _TermDays:
    """For one term: the days each price adjustment takes effect, found as far as asked.

    An anniversary is `start + 12k months`, computed from the start; a
    renewal day is the next renewal after the previous one. Each list is
    extended only when a later day is asked about, and replaced whole, so a
    list once handed out never changes.
    """

    __slots__ = ("_found", "_rules", "indexed", "term")

    def __init__(self, term: Term, rules: tuple[PriceAdjustment, ...]) -> None:
        self.term = term
        self._rules = rules
        # Per adjustment: (days found, the next day after them or None, their count + 1).
        self._found: list[_Found | None] = [None] * len(rules)
        # What index-linked adjustments give for this term, by the index values checked.
        self.indexed: dict[tuple[object, ...], object] = {}

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


class Call:
    """What one `charges` call computes from: the prepared schedule, the term, the period, inputs.

    Index values are checked once per call; what they give is kept for the
    term, by the values checked (see `pricing.index_series`).
    """

    __slots__ = (
        "_adjusting",
        "_prices",
        "_views",
        "days",
        "end",
        "indexes",
        "period_days",
        "plan",
        "quantities",
        "start",
        "term",
    )

    def __init__(
        self,
        plan: Plan,
        term: Term,
        days: tuple[pendulum.Date, pendulum.Date, int],
        quantities: Mapping[str, Quantity],
        indexes: Mapping[str, Mapping[pendulum.Date, Decimal]],
    ) -> None:
        """Set up a call for the billed days `(start, end, days in the whole period)`."""
        self.plan, self.term = plan, term
        self.start, self.end, self.period_days = days
        self.quantities, self.indexes = quantities, indexes
        self.days = plan.term_days(term)
        # Made when first needed: most calls find no price adjustment in force.
        self._adjusting: dict[tuple[int, ...], tuple[list[pendulum.Date], tuple[int, ...]]] = {}
        self._views: dict[int, IndexSeries] | None = None
        self._prices: dict[tuple[Decimal, tuple[int, ...], tuple[int, ...]], Decimal] | None = None

    # -- adjustments ---------------------------------------------------------

    def adjusting(self, numbers: tuple[int, ...]) -> tuple[list[pendulum.Date], tuple[int, ...]]:
        """Where adjustments `numbers` change the prices of the period, and their steps before.

        Returns:
            The days after the period's first on which one takes effect, in
            order, and how many times each has taken effect by its first day.
        """
        found = self._adjusting.get(numbers)
        if found is None:
            start, end, upto = self.start, self.end, self.days.upto
            cuts: list[pendulum.Date] = []
            steps: list[int] = []
            for number in numbers:
                days = upto(number, end)
                first = bisect.bisect_right(days, start)
                steps.append(first)
                cuts.extend(days[first : bisect.bisect_right(days, end)])
            if len(numbers) > 1:
                cuts = sorted(set(cuts))
            found = self._adjusting[numbers] = (cuts, tuple(steps))
        return found

    def steps(self, numbers: tuple[int, ...], day: pendulum.Date) -> tuple[int, ...]:
        """How many times each adjustment `numbers` has taken effect by `day` (in the period)."""
        if day == self.start:
            return self.adjusting(numbers)[1]
        end, upto = self.end, self.days.upto
        return tuple(bisect.bisect_right(upto(number, end), day) for number in numbers)

    def _view(self, number: int) -> IndexSeries:
        """The checked values of the index that adjustment `number` follows.

        Raises:
            MissingInputError: They were not given.
        """
        if self._views is None:
            self._views = {}
        found = self._views.get(number)
        if found is None:
            rule = self.plan.adjustments[number]
            assert not isinstance(rule, PercentageAdjustment)  # noqa: S101 # asked for indexes
            series = self.indexes.get(rule.index)
            if series is None:
                msg = f"a price adjustment follows the index {rule.index!r}: give its values"
                raise MissingInputError(msg)
            found = self._views[number] = index_series(series, rule.index)
        return found

    def percents(self, number: int, steps: int) -> list[Decimal]:
        """The percentage changes of the first `steps` steps of adjustment `number`.

        Raises:
            MissingInputError: It follows an index whose values were not given.
        """
        rule = self.plan.adjustments[number]
        if isinstance(rule, PercentageAdjustment):
            return [rule.percent] * steps
        view = self._view(number)
        key = (number, steps, view)
        kept = self.days.indexed
        found = kept.get(key)
        if found is None:
            series = self.indexes[rule.index]
            days = self.days.upto(number, self.end)[:steps]
            found = index_percents(
                series, days, self.term.start, rule.cap, rule.floor, index=rule.index
            )
            _keep(kept, key, found)
        assert isinstance(found, list)  # noqa: S101 # what is kept under such a key
        return found

    def price(self, numbers: tuple[int, ...], base: Decimal, day: pendulum.Date) -> Decimal:
        """`base` after adjustments `numbers` effective on or before `day`, rounded per step."""
        if not numbers:
            return base
        steps = self.steps(numbers, day)
        key = (base, numbers, steps)
        if self._prices is None:
            self._prices = {}
        found = self._prices.get(key)
        if found is None:
            plan, found = self.plan, base
            for number, count in zip(numbers, steps, strict=True):
                if count:
                    percents = self.percents(number, count)
                    found = compound(found, percents, plan.currency, plan.rounding)[-1]
            self._prices[key] = found
        return found

    def prices(self, plan: LinePlan, steps: tuple[int, ...]) -> RecurringPrice | UnitPrices:
        """The line's prices after `steps` steps of each of its adjustments."""
        base = plan.base
        assert base is not None  # noqa: S101 # recurring and per-unit lines have prices
        if not any(steps):
            return base
        if not plan.indexed:
            return self.plan.adjusted(plan, steps, self.percents)
        rules = self.plan.adjustments
        views = tuple(
            None
            if not count or isinstance(rules[number], PercentageAdjustment)
            else self._view(number)
            for number, count in zip(plan.numbers, steps, strict=True)
        )
        key = (plan.position, steps, views)
        kept = self.days.indexed
        found = kept.get(key)
        if found is None:
            found = self.plan.adjusted(plan, steps, self.percents)
            _keep(kept, key, found)
        assert isinstance(found, RecurringPrice | UnitPrices)  # noqa: S101 # kept under the key
        return found

    # -- charges -------------------------------------------------------------

    def recurring(self, plan: LinePlan) -> list[Segment]:
        """The charges of a recurring line: the period, split where its price changes."""
        start, end = self.start, self.end
        prices = plan.base
        if plan.numbers:
            cuts, steps = self.adjusting(plan.numbers)
            if cuts:
                return [
                    self._recurring(self.prices(plan, self.steps(plan.numbers, first)), first, last)
                    for first, last in _split(start, end, cuts)
                ]
            prices = self.prices(plan, steps)
        assert isinstance(prices, RecurringPrice)  # noqa: S101 # a recurring line's prices
        amount = prices.whole  # one price for the whole period, as is usual
        if amount is None or end.toordinal() - start.toordinal() + 1 != self.period_days:
            return [self._recurring(prices, start, end)]
        return [(start, end, None, prices.price, amount)]

    def _recurring(
        self, prices: RecurringPrice | UnitPrices, start: pendulum.Date, end: pendulum.Date
    ) -> Segment:
        assert isinstance(prices, RecurringPrice)  # noqa: S101 # a recurring line's prices
        return start, end, None, prices.price, self._prorated(prices.top, prices.bottom, start, end)

    def per_unit(self, plan: LinePlan) -> list[Segment]:
        """The charges of a per-unit line: split where its price or its count changes."""
        start, end = self.start, self.end
        cuts: list[pendulum.Date] = []
        prices = plan.base
        if plan.numbers:
            cuts, steps = self.adjusting(plan.numbers)
            if not cuts:
                prices = self.prices(plan, steps)
        given = self.quantity(plan)
        if type(given) is int and not cuts:  # one count and one price, as is usual
            assert isinstance(prices, UnitPrices)  # noqa: S101 # a per-unit line's prices
            return [self._per_unit(prices, given, start, end)]
        counts = _timeline(given, start)
        if len(counts) > 1:
            cuts = sorted({*cuts, *(day for day, _ in counts)})
        found: list[Segment] = []
        for first, last in _split(start, end, cuts):
            count = next(c for day, c in reversed(counts) if day <= first)
            prices = self.prices(plan, self.steps(plan.numbers, first))
            assert isinstance(prices, UnitPrices)  # noqa: S101 # a per-unit line's prices
            found.append(self._per_unit(prices, count, first, last))
        return found

    def _per_unit(
        self, prices: UnitPrices, count: int, start: pendulum.Date, end: pendulum.Date
    ) -> Segment:
        value, charged = unit_value(prices, count)
        amount = self._prorated(value * prices.factor, prices.bottom, start, end)
        return start, end, charged, prices.unit, amount

    def _prorated(self, top: int, bottom: int, start: pendulum.Date, end: pendulum.Date) -> Money:
        """`top / bottom` minor units for the days `start` to `end`, rounded once."""
        days = end.toordinal() - start.toordinal() + 1
        plan = self.plan
        exact = round_scaled(top * days, bottom * self.period_days, plan.places, plan.rounding)
        return rounded_money(exact, plan.currency)

    def quantity(self, plan: LinePlan) -> Quantity:
        """The count for a per-unit line: by its id, else by its unit (singular or plural).

        A line with a contracted `quantity` charges it when no count is given.

        Raises:
            MissingInputError: No count is given and the line has none.
        """
        quantities = self.quantities
        for key in plan.keys:
            if key in quantities:
                return quantities[key]
        line = plan.line
        assert isinstance(line, PerUnitFee)  # noqa: S101 # only per-unit lines have keys
        if line.quantity is not None:
            return line.quantity
        _, unit, plural = plan.keys
        msg = (
            f"fee line {line.id!r} charges per {unit}: "
            f"give its quantity as {plural}=N or {line.id}=N"
        )
        raise MissingInputError(msg)


def _keep(kept: dict[tuple[object, ...], object], key: tuple[object, ...], value: object) -> None:
    """Keep `value` for the term, forgetting everything once too much is kept."""
    if len(kept) >= _KEPT:
        kept.clear()
    kept[key] = value


_KEPT: Final = 1024
"""Index-linked percentages and prices kept per term."""


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


def _timeline(counts: Quantity, first: pendulum.Date) -> list[tuple[pendulum.Date, int]]:
    """A quantity as `(from_day, count)` changes from the period's first day, checked."""
    if isinstance(counts, int):
        return [(first, counts)]
    changes = list(counts)
    if not changes or changes[0][0] > first:
        msg = f"the quantities must give a count on the period's first day, {first}"
        raise ValueError(msg)
    for (earlier, _), (later, _) in itertools.pairwise(changes):
        if later <= earlier:
            msg = f"quantity changes must be in day order ({later} follows {earlier})"
            raise ValueError(msg)
    return changes


def _split(
    first: pendulum.Date, last: pendulum.Date, cuts: Sequence[pendulum.Date]
) -> Iterator[tuple[pendulum.Date, pendulum.Date]]:
    """The days `first` to `last` split before each cut inside them: (first, last) pairs."""
    start = first
    for day in cuts:
        if start < day <= last:
            yield start, add_days(day, -1)
            start = day
    yield start, last
