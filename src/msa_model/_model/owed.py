"""What is owed besides a period's charges: early-termination and late fees (docs/billing.md).

Both are rounded once, to the currency's minor units by the schedule's
rounding mode, from exact values; the monthly recurring fees an
early-termination fee counts are those of the prices and counts in force
on the last service day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import pendulum

from msa_model._engines.schedule import add_days, add_months
from msa_model._engines.termdates import to_length
from msa_model._model.fees import PerUnitFee, RecurringFee
from msa_model._model.pricecall import Call
from msa_model._model.pricelist import Plan, Quantity, UnitPrices, plan_of, unit_value
from msa_model._model.term import FixedTerminationFee, MonthlyFeesTerminationFee
from msa_model._values.money import Money
from msa_model.errors import NotInAgreementError

if TYPE_CHECKING:
    from msa_model._model.fees import FeeSchedule
    from msa_model._model.term import Term

__all__ = ["early_termination_fee", "late_fee", "monthly_recurring", "months_between"]


def monthly_recurring(
    plan: Plan,
    term: Term,
    day: pendulum.Date,
    quantities: Mapping[str, Quantity],
    indexes: Mapping[str, Mapping[pendulum.Date, Decimal]],
) -> Fraction:
    """The recurring and per-unit fees of one month at the prices and counts in force on `day`.

    Exact (unrounded): each line's price for its `per` period divided by
    its months; a count given as changes uses the one in force on `day`.
    """
    call = Call(plan, term, (day, day, 1), quantities, indexes)
    total = Fraction(0)
    for each in plan.lines:
        line = each.line
        if isinstance(line, RecurringFee):
            price = call.price(each.numbers, line.amount.amount, day)
            total += Fraction(price) / line.per.months
        elif isinstance(line, PerUnitFee):
            counts = call.quantity(each)
            count = counts if isinstance(counts, int) else _count_on(counts, day)
            prices = call.prices(each, call.steps(each.numbers, day))
            assert isinstance(prices, UnitPrices)  # noqa: S101 # a per-unit line's prices
            value, _ = unit_value(prices, count)
            total += Fraction(value, prices.bottom)  # the price per `per` period, per month
    return total


def _count_on(changes: Sequence[tuple[pendulum.Date, int]], day: pendulum.Date) -> int:
    """The count in force on `day` from `(from_day, count)` changes."""
    found = [count for start, count in changes if start <= day]
    if not found:
        msg = f"the quantities give no count in force on {day}"
        raise ValueError(msg)
    return found[-1]


def early_termination_fee(
    fees: FeeSchedule,
    term: Term,
    last_service_day: pendulum.Date,
    quantities: Mapping[str, Quantity],
    indexes: Mapping[str, Mapping[pendulum.Date, Decimal]],
) -> Money:
    """The early-termination fee owed when service ends on `last_service_day`."""
    plan = plan_of(fees)
    rights = term.termination.convenience
    rule = None if rights is None else rights.early_termination_fee
    if rule is None:
        msg = "the agreement has no early-termination fee (term.termination.convenience)"
        raise NotInAgreementError(msg)
    if isinstance(rule, FixedTerminationFee):
        term.remaining_after(last_service_day)  # checks the day is within the term
        return Money(plan.round(Fraction(rule.amount.amount)), fees.currency)
    remaining = term.remaining_after(last_service_day)
    monthly = monthly_recurring(plan, term, last_service_day, quantities, indexes)
    if isinstance(rule, MonthlyFeesTerminationFee):
        return Money(plan.round(monthly * rule.months), fees.currency)
    first = add_days(last_service_day, 1)
    after_months = add_months(first, remaining.remaining_months)
    leftover = remaining.period.end.toordinal() - after_months.toordinal() + 1
    month_days = add_months(after_months, 1).toordinal() - after_months.toordinal()
    owed = monthly * remaining.remaining_months + monthly * max(leftover, 0) / month_days
    return Money(plan.round(owed * Fraction(rule.percent) / 100), fees.currency)


def late_fee(
    fees: FeeSchedule, amount: Money, due_day: pendulum.Date, paid_on: pendulum.Date
) -> Money:
    """The late fee on `amount`; see `FeeSchedule.late_fee_on`."""
    plan = plan_of(fees)
    rule = fees.late_fee
    if rule is None:
        msg = "the fee schedule has no late fee (fees.late_fee)"
        raise NotInAgreementError(msg)
    if amount.currency != fees.currency:
        msg = f"the amount is in {amount.currency}, the schedule in {fees.currency}"
        raise ValueError(msg)
    if paid_on <= to_length(rule.grace).after(due_day) or amount.amount <= 0:
        return Money(plan.round(Fraction(0)), fees.currency)
    months = months_between(due_day, paid_on)
    if add_months(due_day, months) < paid_on:  # a part of a month counts as a month
        months += 1
    fee = Fraction(amount.amount) * Fraction(rule.percent_per_month) * months / 100
    if rule.minimum is not None:
        fee = max(fee, Fraction(rule.minimum.amount))
    return Money(plan.round(fee), fees.currency)


def months_between(first: pendulum.Date, later: pendulum.Date) -> int:
    """Calendar months from `first`'s month to `later`'s."""
    return (later.year - first.year) * 12 + later.month - first.month
