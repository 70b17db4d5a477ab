"""Billing periods and itemised charges of a fee schedule (docs/billing.md).

`FeeSchedule.billing_periods` and `FeeSchedule.charges` answer with the
records here; the arithmetic is the billing and pricing engines', over the
schedule's prices prepared once per schedule (`pricelist.Plan`). The usual
line, with one price and one count for the period, is charged here; one
whose price or count changes within the period goes through
`pricecall.Call`. Early-termination and late fees are `owed`'s.

Rounding happens at one point only: each charge line is rounded to the
currency's minor units with the schedule's rounding mode, and a total is
the sum of its rounded lines.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from msa_model._engines.billing import Row, billing_rows
from msa_model._engines.clock import clock_for, to_instant
from msa_model._engines.rounding import scaled_money
from msa_model._engines.schedule import add_months
from msa_model._engines.termdates import to_length
from msa_model._engines.usage import Draw, Purchase, block_ledger, price_engagement
from msa_model._model.fees import (
    BillingTiming,
    BlockOfHours,
    FeeLine,
    HourlyRate,
    OneTimeFee,
)
from msa_model._model.owed import early_termination_fee, late_fee, monthly_recurring, months_between
from msa_model._model.pricecall import Call
from msa_model._model.pricelist import (
    ONE_TIME,
    PER_UNIT,
    LinePlan,
    MissingInputError,
    Plan,
    Quantity,
    RecurringPrice,
    Segment,
    UnitPrices,
    contracted_quantity,
    plan_of,
    unit_value,
)
from msa_model._values.invariants import (
    MAX_NAME,
    Checked,
    describe,
    identifier,
    text,
    time_span,
)
from msa_model._values.money import Money
from msa_model.errors import Problem

if TYPE_CHECKING:
    from msa_model._model.calendar import BusinessCalendar
    from msa_model._model.fees import FeeSchedule
    from msa_model._model.outages import ServiceCredit
    from msa_model._model.term import Term

__all__ = [
    "BillingPeriod",
    "ChargeKind",
    "ChargeLine",
    "Charges",
    "MissingInputError",
    "Quantity",
    "Work",
    "billing_periods",
    "charges",
    "early_termination_fee",
    "late_fee",
    "monthly_recurring",
]

_MAX_MONTHS: Final = 12 * 200
"""Farthest ahead, in months, billing periods are listed (two centuries)."""


@attrs.frozen(kw_only=True)
class BillingPeriod:
    """One billing period: the days it bills, and when it is invoiced and due.

    Attributes:
        index: The period's number in the billing schedule (0 at the anchor).
        start: First day billed.
        end: Last day billed, inclusive.
        full_start: First day of the schedule's period, before clipping to the
            start or end of service.
        full_end: Last day of the schedule's period.
        invoice_day: In advance its first billed day; in arrears the day after its last.
        due_day: The invoice day plus the payment terms.
    """

    index: int
    start: pendulum.Date
    end: pendulum.Date
    full_start: pendulum.Date
    full_end: pendulum.Date
    invoice_day: pendulum.Date
    due_day: pendulum.Date

    @property
    def days(self) -> int:
        """Days billed, both ends included."""
        return self.end.toordinal() - self.start.toordinal() + 1

    @property
    def period_days(self) -> int:
        """Days in the schedule's whole period, the denominator of proration."""
        return self.full_end.toordinal() - self.full_start.toordinal() + 1

    @property
    def is_partial(self) -> bool:
        """Tell whether the period is cut short by the start or end of service."""
        return self.days != self.period_days


class ChargeKind(enum.Enum):
    """What a charge line charges for."""

    RECURRING = "recurring"
    PER_UNIT = "per_unit"
    ONE_TIME = "one_time"
    BLOCK = "block"
    HOURLY = "hourly"
    OVERAGE = "overage"
    SERVICE_CREDIT = "service_credit"


@attrs.frozen(kw_only=True)
class Work(Checked):
    """Time worked under an hourly fee line or drawn from a block of hours.

    Work is charged in the billing period containing the day it started,
    as its own offset writes that day.

    Attributes:
        line: Id of the hourly or block-of-hours fee line it is billed under.
        start: When the work started, as an aware date and time.
        end: When it ended, not before `start`.
        description: What was done, e.g. the ticket number.
    """

    line: str
    start: dt.datetime
    end: dt.datetime
    description: str | None = None

    @property
    def day(self) -> pendulum.Date:
        """The day the work started, in its own offset."""
        return pendulum.Date(self.start.year, self.start.month, self.start.day)

    @property
    def seconds(self) -> int:
        """Whole seconds worked."""
        return int((self.end - self.start).total_seconds())

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.line, "line")
        yield from text(self.description, "description", max_length=MAX_NAME, optional=True)
        yield from time_span(self.start, self.end, empty=True)


@attrs.frozen(kw_only=True)
class ChargeLine:
    """One line of an invoice, rounded to the currency's minor units.

    Attributes:
        line: Id of the fee line charged.
        kind: What it charges for.
        description: The fee line's description.
        start: First day charged.
        end: Last day charged, inclusive.
        quantity: Units charged (after minimums and included units), if counted.
        price: The price in force: the amount per period, or the unit price
            for a single-priced per-unit fee; None for tiered prices.
        amount: The charge, rounded.
        service: Id of the service the line pays for, if any.
    """

    line: str
    kind: ChargeKind
    description: str
    start: pendulum.Date
    end: pendulum.Date
    quantity: int | None
    price: Money | None
    amount: Money
    service: str | None


@attrs.frozen(kw_only=True)
class Charges:
    """The itemised charges of one billing period.

    Attributes:
        period: The billing period.
        lines: Charge lines, in the fee schedule's order, split where a price
            or quantity changes within the period; service credits last.
        currency: The schedule's currency, that of every line and the total.
    """

    period: BillingPeriod
    lines: tuple[ChargeLine, ...]
    currency: str

    @property
    def total(self) -> Money:
        """The sum of the rounded lines."""
        return Money(sum((line.amount.amount for line in self.lines), Decimal(0)), self.currency)


def billing_periods(
    fees: FeeSchedule,
    term: Term,
    through: pendulum.Date,
    last_service_day: pendulum.Date | None = None,
    since: pendulum.Date | None = None,
) -> tuple[BillingPeriod, ...]:
    """The billing periods from the term's start (or the one containing `since`) to `through`."""
    policy = fees.billing
    end = term.expiry()
    if last_service_day is not None:
        end = last_service_day if end is None else min(end, last_service_day)
    rows = billing_rows(
        anchor=policy.anchor or term.start,
        months=policy.frequency.months,
        service_start=term.start,
        service_end=end,
        through=min(through, add_months(term.start, _MAX_MONTHS)),
        in_arrears=policy.timing is BillingTiming.ARREARS,
        due=plan_of(fees).due(term),
        since=since,
    )
    return tuple(map(_billing_period, rows))


def charges(  # noqa: PLR0913 # keyword-only inputs of one invoice
    fees: FeeSchedule,
    term: Term,
    period: BillingPeriod,
    *,
    quantities: Mapping[str, Quantity],
    indexes: Mapping[str, Mapping[pendulum.Date, Decimal]],
    service_credits: Sequence[ServiceCredit] = (),
    work: Sequence[Work] = (),
    calendars: Mapping[str, BusinessCalendar] | None = None,
) -> Charges:
    """Charge every fee line for `period`; see `FeeSchedule.charges`.

    The usual line, with one price and one count for the whole period, is
    charged here (`_priced`); a line whose price or count changes within
    the period, and hours, go through `Call`, the general path.
    """
    plan = plan_of(fees)
    if work:
        _check_work(plan, work)
    start, end = period.start, period.end
    days = (start, end, period.full_end.toordinal() - period.full_start.toordinal() + 1)
    first = plan.first_change(term) if plan.adjustments else None
    call = (
        Call(plan, term, days, quantities, indexes) if first is not None and first <= end else None
    )
    found: list[ChargeLine] = []
    add = found.append
    for each in plan.lines:
        code = each.code
        if code <= _PER_UNIT_CODE:
            record = _priced(plan, each, call, days, quantities)
            if record is not None:
                add(record)
                continue
            call = call or Call(plan, term, days, quantities, indexes)
            kind = _PER_UNIT if code else _RECURRING
            parts = call.per_unit(each) if code else call.recurring(each)
            found.extend(_charge_line(each.line, kind, part) for part in parts)
        elif code == _ONE_TIME_CODE:
            line = each.line
            assert isinstance(line, OneTimeFee)  # noqa: S101 # what the code says
            if start <= (line.billed_on or term.start) <= end:
                amount = _fixed(plan, each, line.amount)
                add(_record(line, _ONE_TIME, start, end, None, None, amount))
        else:
            call = call or Call(plan, term, days, quantities, indexes)
            found.extend(_worked(call, each, period, work, calendars))
    if service_credits:
        found.extend(_credit_line(fees, c) for c in service_credits if c.amount.amount)
    result = _NEW(Charges)
    _SET_PERIOD(result, period)
    _SET_LINES(result, tuple(found))
    _SET_CURRENCY(result, plan.currency)
    return result


def _priced(
    plan: Plan,
    each: LinePlan,
    call: Call | None,
    days: tuple[pendulum.Date, pendulum.Date, int],
    quantities: Mapping[str, Quantity],
) -> ChargeLine | None:
    """The charge of a recurring or per-unit line with one price and one count for the period.

    `call` is None when no price adjustment is in force by the period's
    end. None when the price or the count changes within the period: the
    caller charges the line through `Call` then.
    """
    prices = each.base
    numbers = each.numbers
    start, end, period_days = days
    if numbers and call is not None:
        cuts, steps = call.adjusting(numbers)
        if cuts:
            return None
        prices = call.prices(each, steps)
    served = end.toordinal() - start.toordinal() + 1
    charged: int | None = None
    shown: Money | None
    if type(prices) is RecurringPrice:
        kind, shown, amount = _RECURRING, prices.price, prices.whole
        if amount is None or served != period_days:
            amount = scaled_money(prices.top * served, prices.bottom * period_days, plan.terms)
    else:
        assert isinstance(prices, UnitPrices)  # noqa: S101 # a per-unit line's prices
        for key in each.keys:
            if key in quantities:
                count = quantities[key]
                break
        else:
            count = contracted_quantity(each)
        if type(count) is not int:
            return None
        single = prices.single
        if single is not None and count >= 0:
            billed = max(prices.minimum, count)
            included = prices.included
            charged = billed - included if billed > included else 0
            value = charged * single
        else:
            value, charged = unit_value(prices, count)
        top, bottom = value * prices.factor, prices.bottom
        if served != period_days:
            top, bottom = top * served, bottom * period_days
        kind, shown, amount = _PER_UNIT, prices.unit, scaled_money(top, bottom, plan.terms)
    return _record(each.line, kind, start, end, charged, shown, amount)


def _credit_line(fees: FeeSchedule, credit: ServiceCredit) -> ChargeLine:
    """A service credit as a negative line."""
    if credit.amount.currency != fees.currency:
        msg = f"a service credit in {credit.amount.currency} cannot be charged in {fees.currency}"
        raise ValueError(msg)
    found = credit.report
    return ChargeLine(
        line=found.service,
        kind=ChargeKind.SERVICE_CREDIT,
        description=(
            f"Service credit: {found.service} at {found.attainment_text()}% against {found.target}%"
        ),
        start=found.first_day,
        end=found.last_day,
        quantity=None,
        price=None,
        amount=-credit.amount,
        service=found.service,
    )


def _worked(
    call: Call,
    each: LinePlan,
    period: BillingPeriod,
    work: Sequence[Work],
    calendars: Mapping[str, BusinessCalendar] | None,
) -> Iterator[ChargeLine]:
    """The charges of an hourly line or a block of hours: work done, blocks bought, overage."""
    line = each.line
    if isinstance(line, HourlyRate):
        done = [w for w in work if w.line == line.id and period.start <= w.day <= period.end]
        if done:
            worked = [(w, w.seconds) for w in done]
            yield _hourly_charge(call, each, worked, ChargeKind.HOURLY, calendars=calendars)
        return
    yield from _block_charges(call, each, period)
    yield from _overage_charges(call, each, period, work, calendars)


def _fixed(plan: Plan, each: LinePlan, price: Money) -> Money:
    """The rounded amount of a one-time fee or a block, as prepared (or raising if too large)."""
    if each.fixed is not None:
        return each.fixed
    return Money(plan.round(Fraction(price.amount)), price.currency)


def _block_charges(call: Call, each: LinePlan, period: BillingPeriod) -> Iterator[ChargeLine]:
    """A block's price each time one is bought in the period."""
    line = each.line
    assert isinstance(line, BlockOfHours)  # noqa: S101 # the caller's dispatch
    for day in _purchase_days(call.term.start, line, period.start, period.end):
        amount = _fixed(call.plan, each, line.price)
        yield _charge_line(line, ChargeKind.BLOCK, (day, period.end, None, line.price, amount))


def _purchase_days(
    start: pendulum.Date, line: BlockOfHours, first: pendulum.Date, last: pendulum.Date
) -> list[pendulum.Date]:
    """The days from `first` to `last` a block is bought: the term's `start`, then every `per`.

    Found by arithmetic: purchase k is `start + k × per`, and none before
    `first`'s month can fall on or after `first`.
    """
    if line.per is None:
        return [start] if first <= start <= last else []
    months = line.per.months
    count = max(0, months_between(start, first) // months - 1)
    days: list[pendulum.Date] = []
    while (day := add_months(start, count * months)) <= last:
        if day >= first:
            days.append(day)
        count += 1
    return days


def _overage_charges(
    call: Call,
    each: LinePlan,
    period: BillingPeriod,
    work: Sequence[Work],
    calendars: Mapping[str, BusinessCalendar] | None,
) -> Iterator[ChargeLine]:
    """Work beyond the block's hours in this period, at the overage hourly line's rate."""
    line = each.line
    assert isinstance(line, BlockOfHours)  # noqa: S101 # the caller's dispatch
    drawn = [w for w in work if w.line == line.id and w.day <= period.end]
    if not drawn:
        return
    expiry = None if line.expires_after is None else to_length(line.expires_after).after
    start = call.term.start
    bought = _purchase_days(start, line, start, period.end)
    ledger = block_ledger(
        [Purchase(day=day, hours=line.hours) for day in bought],
        [Draw(day=w.day, seconds=w.seconds) for w in drawn],
        rollover=line.rollover,
        rollover_cap_hours=line.rollover_cap,
        expires_after=expiry,
    )
    over = [
        (work, row.overage)
        for work, row in zip(drawn, ledger.draws, strict=True)
        if row.overage and work.day >= period.start
    ]
    if not over:
        return
    if line.overage is None:
        msg = (
            f"work beyond the block {line.id!r} has no overage rate: "
            "name an hourly line in its `overage`"
        )
        raise MissingInputError(msg)
    rate = call.plan.by_id[line.overage]
    yield _hourly_charge(call, rate, over, ChargeKind.OVERAGE, calendars=calendars, block=line)


def _hourly_charge(  # noqa: PLR0913 # the engagements, their line and how to show them
    call: Call,
    each: LinePlan,
    done: Sequence[tuple[Work, int]],
    kind: ChargeKind,
    *,
    calendars: Mapping[str, BusinessCalendar] | None,
    block: BlockOfHours | None = None,
) -> ChargeLine:
    """One line for the engagements `done` (each with the seconds charged) under hourly `each`."""
    line = each.line
    assert isinstance(line, HourlyRate)  # noqa: S101 # the schedule checks the reference
    calendar = None
    if line.business_hours is not None:
        calendar = (calendars or {}).get(line.business_hours)
        if calendar is None:
            msg = (
                f"hourly line {line.id!r} charges business hours on calendar "
                f"{line.business_hours!r}: pass the SLA's calendars"
            )
            raise MissingInputError(msg)
    minutes, total = 0, Fraction(0)
    for work, seconds in done:
        whole = work.seconds
        business = whole if calendar is None else _business_seconds(calendar, work)
        share = business if whole == 0 else business * seconds // whole
        billed, amount = price_engagement(
            total_seconds=seconds,
            business_seconds=share,
            rate=call.price(each.numbers, line.rate.amount, work.day),
            multiplier=line.after_hours_multiplier,
            increment_minutes=line.increment_minutes,
            minimum_minutes=line.minimum_minutes,
        )
        minutes += billed
        total += amount
    owner = line if block is None else block
    first = min(work.day for work, _ in done)
    last = max(work.day for work, _ in done)
    currency = call.plan.currency
    return ChargeLine(
        line=owner.id,
        kind=kind,
        description=owner.description if block is None else f"{block.description}: overage",
        start=first,
        end=last,
        quantity=minutes,
        price=Money(call.price(each.numbers, line.rate.amount, last), currency),
        amount=Money(call.plan.round(total), currency),
        service=owner.service,
    )


def _business_seconds(calendar: BusinessCalendar, work: Work) -> int:
    """Whole seconds of `work` inside the calendar's opening windows."""
    clock = clock_for(calendar)
    return clock.open_between(to_instant(work.start), to_instant(work.end)) // 1_000_000


def _check_work(plan: Plan, work: Sequence[Work]) -> None:
    """Every work record names an hourly or block line of the schedule."""
    lines = plan.by_id
    for index, record in enumerate(work):
        if not isinstance(record, Work):
            msg = f"work[{index}] must be a Work (got {describe(record)})"
            raise TypeError(msg)
        found = lines.get(record.line)
        if found is None or found.line.KIND not in {HourlyRate.KIND, BlockOfHours.KIND}:
            msg = f"work[{index}] names {record.line!r}, which is not an hourly or block line"
            raise ValueError(msg)


_RECURRING: Final = ChargeKind.RECURRING
_PER_UNIT: Final = ChargeKind.PER_UNIT
_ONE_TIME: Final = ChargeKind.ONE_TIME
_PER_UNIT_CODE: Final = PER_UNIT
_ONE_TIME_CODE: Final = ONE_TIME
_NEW: Final = object.__new__
_CHARGE_LINE_FIELDS: Final = (
    "line",
    "kind",
    "description",
    "start",
    "end",
    "quantity",
    "price",
    "amount",
    "service",
)
_BILLING_PERIOD_FIELDS: Final = (
    "index",
    "full_start",
    "full_end",
    "start",
    "end",
    "invoice_day",
    "due_day",
)
_SET_CHARGE_LINE: Final = tuple(ChargeLine.__dict__[name].__set__ for name in _CHARGE_LINE_FIELDS)
_SET_BILLING_PERIOD: Final = tuple(
    BillingPeriod.__dict__[name].__set__ for name in _BILLING_PERIOD_FIELDS
)
_SET_PERIOD, _SET_LINES, _SET_CURRENCY = (
    Charges.__dict__[name].__set__ for name in ("period", "lines", "currency")
)
# Charges, charge lines and billing periods are built by setting their slots, as attrs' `__init__`
# does, without its per-call overhead: they have no validators, and what fills them has been
# checked (tests/test_pricelist.py compares them with records built the usual way).


_SET_ID, _SET_KIND, _SET_DESCRIPTION, _SET_START, _SET_END = _SET_CHARGE_LINE[:5]
_SET_QUANTITY, _SET_PRICE, _SET_AMOUNT, _SET_SERVICE = _SET_CHARGE_LINE[5:]


def _record(  # noqa: PLR0913, PLR0917 # a charge line's fields, positional on the hot path
    line: FeeLine,
    kind: ChargeKind,
    start: pendulum.Date,
    end: pendulum.Date,
    quantity: int | None,
    price: Money | None,
    amount: Money,
) -> ChargeLine:
    """A charge line of `line` (its id, description and service) for a part of a period."""
    record = _NEW(ChargeLine)
    _SET_ID(record, line.id)
    _SET_KIND(record, kind)
    _SET_DESCRIPTION(record, line.description)
    _SET_START(record, start)
    _SET_END(record, end)
    _SET_QUANTITY(record, quantity)
    _SET_PRICE(record, price)
    _SET_AMOUNT(record, amount)
    _SET_SERVICE(record, line.service)
    return record


def _charge_line(line: FeeLine, kind: ChargeKind, part: Segment) -> ChargeLine:
    """A charge line of `line` (its id, description and service) for a part of a period."""
    start, end, quantity, price, amount = part
    return _record(line, kind, start, end, quantity, price, amount)


def _billing_period(row: Row) -> BillingPeriod:
    """A billing period from the engine's row `(index, full_start, full_end, start, end, ...)`."""
    index, full_start, full_end, start, end, invoice_day, due_day = row
    set_index, set_full_start, set_full_end, set_start, *others = _SET_BILLING_PERIOD
    set_end, set_invoice_day, set_due_day = others
    record = _NEW(BillingPeriod)
    set_index(record, index)
    set_full_start(record, full_start)
    set_full_end(record, full_end)
    set_start(record, start)
    set_end(record, end)
    set_invoice_day(record, invoice_day)
    set_due_day(record, due_day)
    return record
