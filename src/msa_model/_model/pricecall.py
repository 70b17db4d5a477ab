"""What one charge computes from: a prepared schedule, a term, a period and the inputs.

`Call` finds, for one billing period, where price adjustments take effect
within it, the prices in force on each of its days, and the charge of each
part of the period a recurring or per-unit line is split into where its
price or its count changes. It is the general path of
`FeeSchedule.charges`, which charges the usual line (one price and one
count for the whole period) without it; see `pricelist` for what is
prepared once per schedule.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import pendulum

from msa_model._engines.indexes import IndexSeries, index_percents, index_series
from msa_model._engines.pricing import compound
from msa_model._engines.rounding import scaled_money
from msa_model._engines.schedule import add_days
from msa_model._model.fees import PercentageAdjustment
from msa_model._model.pricelist import (
    LinePlan,
    MissingInputError,
    Plan,
    Quantity,
    RecurringPrice,
    Segment,
    UnitPrices,
    contracted_quantity,
    unit_value,
)
from msa_model._values.money import Money

if TYPE_CHECKING:
    from msa_model._model.term import Term

__all__ = ["Call"]


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
        return scaled_money(top * days, bottom * self.period_days, self.plan.terms)

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
        return contracted_quantity(plan)


def _keep(kept: dict[tuple[object, ...], object], key: tuple[object, ...], value: object) -> None:
    """Keep `value` for the term, forgetting everything once too much is kept."""
    if len(kept) >= _KEPT:
        kept.clear()
    kept[key] = value


_KEPT: Final = 1024
"""Index-linked percentages and prices kept per term."""


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
