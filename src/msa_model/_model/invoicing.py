"""Billing periods and itemised charges of a fee schedule (docs/billing.md).

`FeeSchedule.billing_periods` and `FeeSchedule.charges` answer with the
records here; the arithmetic is the billing and pricing engines'.

Rounding happens at one point only: each charge line is rounded to the
currency's minor units with the schedule's rounding mode, and a total is
the sum of its rounded lines.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from msa_model._engines.billing import billing_spans
from msa_model._engines.clock import clock_for, to_instant
from msa_model._engines.pricing import (
    compound,
    index_percents,
    round_fraction,
    round_ratio,
    unit_charge,
)
from msa_model._engines.schedule import add_days, add_months
from msa_model._engines.termdates import length_after, to_length
from msa_model._engines.usage import Draw, Purchase, block_ledger, price_engagement
from msa_model._model.fees import (
    AdjustmentTiming,
    BlockOfHours,
    FeeLine,
    HourlyRate,
    OneTimeFee,
    PercentageAdjustment,
    PerUnitFee,
    PriceAdjustment,
    RecurringFee,
    TierMode,
)
from msa_model._model.term import (
    FixedTerminationFee,
    MonthlyFeesTerminationFee,
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
from msa_model.errors import MsaError, NotInAgreementError, Problem

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

Quantity = int | Sequence[tuple[pendulum.Date, int]]
"""A unit count for a period: one number, or changes as `(from_day, count)` pairs in day order."""

_MAX_MONTHS: Final = 12 * 200
"""Farthest ahead, in months, billing periods are listed (two centuries)."""


class MissingInputError(MsaError, LookupError):
    """A charge needs an input that was not given, e.g. the device count of a per-device fee."""


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
) -> tuple[BillingPeriod, ...]:
    """The billing periods from the term's start until the one containing `through`."""
    policy = fees.billing
    end = term.expiry()
    if last_service_day is not None:
        end = last_service_day if end is None else min(end, last_service_day)
    spans = billing_spans(
        anchor=policy.anchor or term.start,
        months=policy.frequency.months,
        service_start=term.start,
        service_end=end,
        through=min(through, add_months(term.start, _MAX_MONTHS)),
        in_arrears=policy.timing.value == "arrears",
        due=lambda day: length_after(day, fees.payment_terms, term.calendar),
    )
    return tuple(
        BillingPeriod(
            index=span.index,
            start=span.start,
            end=span.end,
            full_start=span.full_start,
            full_end=span.full_end,
            invoice_day=span.invoice_day,
            due_day=span.due_day,
        )
        for span in spans
    )


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
    """Charge every fee line for `period`; see `FeeSchedule.charges`."""
    _check_work(fees, work)
    inputs = _Inputs(fees, term, period, quantities, indexes)
    inputs.work, inputs.calendars = work, calendars or {}
    found = [charge for line in fees.lines for charge in _line_charges(inputs, line)]
    found.extend(_credit_line(fees, credit) for credit in service_credits if credit.amount.amount)
    return Charges(period=period, lines=tuple(found), currency=fees.currency)


def monthly_recurring(
    fees: FeeSchedule,
    term: Term,
    day: pendulum.Date,
    quantities: Mapping[str, Quantity],
    indexes: Mapping[str, Mapping[pendulum.Date, Decimal]],
) -> Fraction:
    """The recurring and per-unit fees of one month at the prices and counts in force on `day`.

    Exact (unrounded): each line's price for its `per` period divided by
    its months; a count given as changes uses the one in force on `day`.
    """
    month = BillingPeriod(
        index=0, start=day, end=day, full_start=day, full_end=day, invoice_day=day, due_day=day
    )
    inputs = _Inputs(fees, term, month, quantities, indexes)
    total = Fraction(0)
    for line in fees.lines:
        if isinstance(line, RecurringFee):
            price = _Prices(inputs, line).at(line.amount.amount, day)
            total += Fraction(price) / line.per.months
        elif isinstance(line, PerUnitFee):
            counts = _quantity(line, quantities)
            count = counts if isinstance(counts, int) else _count_on(counts, day)
            value, _, _ = _unit_value(line, _Prices(inputs, line), count, day)
            total += Fraction(value) / line.per.months
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
    rights = term.termination.convenience
    rule = None if rights is None else rights.early_termination_fee
    if rule is None:
        msg = "the agreement has no early-termination fee (term.termination.convenience)"
        raise NotInAgreementError(msg)
    if isinstance(rule, FixedTerminationFee):
        term.remaining_after(last_service_day)  # checks the day is within the term
        return Money(_round(fees, Fraction(rule.amount.amount)), fees.currency)
    remaining = term.remaining_after(last_service_day)
    monthly = monthly_recurring(fees, term, last_service_day, quantities, indexes)
    if isinstance(rule, MonthlyFeesTerminationFee):
        return Money(_round(fees, monthly * rule.months), fees.currency)
    first = add_days(last_service_day, 1)
    after_months = add_months(first, remaining.remaining_months)
    leftover = remaining.period.end.toordinal() - after_months.toordinal() + 1
    month_days = add_months(after_months, 1).toordinal() - after_months.toordinal()
    owed = monthly * remaining.remaining_months + monthly * max(leftover, 0) / month_days
    return Money(_round(fees, owed * Fraction(rule.percent) / 100), fees.currency)


def late_fee(
    fees: FeeSchedule, amount: Money, due_day: pendulum.Date, paid_on: pendulum.Date
) -> Money:
    """The late fee on `amount`; see `FeeSchedule.late_fee`."""
    rule = fees.late_fee
    if rule is None:
        msg = "the fee schedule has no late fee (fees.late_fee)"
        raise NotInAgreementError(msg)
    if amount.currency != fees.currency:
        msg = f"the amount is in {amount.currency}, the schedule in {fees.currency}"
        raise ValueError(msg)
    if paid_on <= to_length(rule.grace).after(due_day) or amount.amount <= 0:
        return Money(_round(fees, Fraction(0)), fees.currency)
    months = _months_between(due_day, paid_on)
    if add_months(due_day, months) < paid_on:  # a part of a month counts as a month
        months += 1
    fee = Fraction(amount.amount) * Fraction(rule.percent_per_month) * months / 100
    if rule.minimum is not None:
        fee = max(fee, Fraction(rule.minimum.amount))
    return Money(_round(fees, fee), fees.currency)


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


class _Inputs:
    """What every line's charge for one period is computed from, with what they share.

    Each price adjustment's effective days and percentages are worked out
    once per call, and each adjusted price once per base price and day.
    """

    def __init__(
        self,
        fees: FeeSchedule,
        term: Term,
        period: BillingPeriod,
        quantities: Mapping[str, Quantity],
        indexes: Mapping[str, Mapping[pendulum.Date, Decimal]],
    ) -> None:
        self.fees, self.term, self.period = fees, term, period
        self.quantities, self.indexes = quantities, indexes
        self.months = fees.billing.frequency.months
        self.work: Sequence[Work] = ()
        self.calendars: Mapping[str, BusinessCalendar] = {}
        self._days: dict[int, list[pendulum.Date]] = {}
        self._percents: dict[tuple[int, int], list[Decimal]] = {}
        self._prices: dict[tuple[Decimal, tuple[int, ...], tuple[int, ...]], Decimal] = {}

    def rule_days(self, number: int, rule: PriceAdjustment) -> list[pendulum.Date]:
        """The effective days of adjustment `number` up to the period's end."""
        found = self._days.get(number)
        if found is None:
            found = self._days[number] = _effective_days(self.term, rule, self.period.end)
        return found

    def percents(self, number: int, rule: PriceAdjustment, steps: int) -> list[Decimal]:
        """The percentage changes of the first `steps` steps of adjustment `number`."""
        key = (number, steps)
        found = self._percents.get(key)
        if found is None:
            if isinstance(rule, PercentageAdjustment):
                found = [rule.percent] * steps
            else:
                series = self.indexes.get(rule.index)
                if series is None:
                    msg = f"a price adjustment follows the index {rule.index!r}: give its values"
                    raise MissingInputError(msg)
                days = self.rule_days(number, rule)[:steps]
                found = index_percents(
                    series, days, self.term.start, rule.cap, rule.floor, index=rule.index
                )
            self._percents[key] = found
        return found

    def price(self, base: Decimal, numbers: tuple[int, ...], day: pendulum.Date) -> Decimal:
        """`base` after adjustments `numbers` effective on or before `day`, rounded per step."""
        rules = self.fees.adjustments
        steps = tuple(bisect.bisect_right(self.rule_days(n, rules[n]), day) for n in numbers)
        key = (base, numbers, steps)
        found = self._prices.get(key)
        if found is None:
            found = base
            for number, count in zip(numbers, steps, strict=True):
                if count:
                    percents = self.percents(number, rules[number], count)
                    found = compound(found, percents, self.fees.currency, self.fees.rounding)[-1]
            self._prices[key] = found
        return found


def _line_charges(inputs: _Inputs, line: FeeLine) -> Iterator[ChargeLine]:
    fees, term, period = inputs.fees, inputs.term, inputs.period
    if isinstance(line, OneTimeFee):
        if period.start <= (line.billed_on or term.start) <= period.end:
            amount = _round(fees, Fraction(line.amount.amount))
            yield _charge(
                fees,
                line,
                ChargeKind.ONE_TIME,
                days=(period.start, period.end),
                quantity=None,
                amount=amount,
            )
        return
    if isinstance(line, HourlyRate):
        done = [w for w in inputs.work if w.line == line.id and period.start <= w.day <= period.end]
        if done:
            yield _hourly_charge(inputs, line, [(w, w.seconds) for w in done], ChargeKind.HOURLY)
        return
    if isinstance(line, BlockOfHours):
        yield from _block_charges(fees, term, period, line)
        yield from _overage_charges(inputs, line)
        return
    share = (inputs.months, line.per.months)
    cuts = _price_changes(inputs, line)
    prices = _Prices(inputs, line)
    if isinstance(line, RecurringFee):
        for start, end in _split(period, cuts):
            price = prices.at(line.amount.amount, start)
            amount = _prorated(fees, price, share, (start, end), period)
            yield _charge(
                fees,
                line,
                ChargeKind.RECURRING,
                days=(start, end),
                quantity=None,
                amount=amount,
                price=price,
            )
        return
    counts = _timeline(_quantity(line, inputs.quantities), period)
    for start, end in _split(period, sorted({*cuts, *(day for day, _ in counts)})):
        count = next(c for day, c in reversed(counts) if day <= start)
        value, charged, unit = _unit_value(line, prices, count, start)
        amount = _prorated(fees, value, share, (start, end), period)
        yield _charge(
            fees,
            line,
            ChargeKind.PER_UNIT,
            days=(start, end),
            quantity=charged,
            amount=amount,
            price=unit,
        )


def _block_charges(
    fees: FeeSchedule, term: Term, period: BillingPeriod, line: BlockOfHours
) -> Iterator[ChargeLine]:
    """A block's price each time one is bought in the period."""
    amount = _round(fees, Fraction(line.price.amount))
    for day in _purchase_days(term, line, period.end):
        if day >= period.start:
            yield _charge(
                fees,
                line,
                ChargeKind.BLOCK,
                days=(day, period.end),
                quantity=None,
                amount=amount,
                price=line.price.amount,
            )


def _purchase_days(term: Term, line: BlockOfHours, until: pendulum.Date) -> list[pendulum.Date]:
    """The days a block is bought up to `until`: the term's start, then every `per`."""
    if line.per is None:
        return [term.start] if term.start <= until else []
    days: list[pendulum.Date] = []
    for count in itertools.count():
        day = add_months(term.start, count * line.per.months)
        if day > until:
            return days
        days.append(day)
    raise AssertionError  # pragma: no cover - itertools.count never ends


def _overage_charges(inputs: _Inputs, line: BlockOfHours) -> Iterator[ChargeLine]:
    """Work beyond the block's hours in this period, at the overage hourly line's rate."""
    period = inputs.period
    drawn = [w for w in inputs.work if w.line == line.id and w.day <= period.end]
    if not drawn:
        return
    expiry = None if line.expires_after is None else to_length(line.expires_after).after
    ledger = block_ledger(
        [
            Purchase(day=day, hours=line.hours)
            for day in _purchase_days(inputs.term, line, period.end)
        ],
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
    rate = inputs.fees.line(line.overage)
    assert isinstance(rate, HourlyRate)  # noqa: S101 # the schedule checks the reference
    yield _hourly_charge(inputs, rate, over, ChargeKind.OVERAGE, block=line)


def _hourly_charge(
    inputs: _Inputs,
    line: HourlyRate,
    done: Sequence[tuple[Work, int]],
    kind: ChargeKind,
    block: BlockOfHours | None = None,
) -> ChargeLine:
    """One line for the engagements `done` (each with the seconds charged) under `line`."""
    calendar = None
    if line.business_hours is not None:
        calendar = inputs.calendars.get(line.business_hours)
        if calendar is None:
            msg = (
                f"hourly line {line.id!r} charges business hours on calendar "
                f"{line.business_hours!r}: pass the SLA's calendars"
            )
            raise MissingInputError(msg)
    prices = _Prices(inputs, line)
    minutes, total = 0, Fraction(0)
    for work, seconds in done:
        whole = work.seconds
        business = whole if calendar is None else _business_seconds(calendar, work)
        share = business if whole == 0 else business * seconds // whole
        billed, amount = price_engagement(
            total_seconds=seconds,
            business_seconds=share,
            rate=prices.at(line.rate.amount, work.day),
            multiplier=line.after_hours_multiplier,
            increment_minutes=line.increment_minutes,
            minimum_minutes=line.minimum_minutes,
        )
        minutes += billed
        total += amount
    owner = line if block is None else block
    first = min(work.day for work, _ in done)
    last = max(work.day for work, _ in done)
    return ChargeLine(
        line=owner.id,
        kind=kind,
        description=owner.description if block is None else f"{block.description}: overage",
        start=first,
        end=last,
        quantity=minutes,
        price=Money(prices.at(line.rate.amount, last), inputs.fees.currency),
        amount=Money(_round(inputs.fees, total), inputs.fees.currency),
        service=owner.service,
    )


def _business_seconds(calendar: BusinessCalendar, work: Work) -> int:
    """Whole seconds of `work` inside the calendar's opening windows."""
    clock = clock_for(calendar)
    return clock.open_between(to_instant(work.start), to_instant(work.end)) // 1_000_000


def _check_work(fees: FeeSchedule, work: Sequence[Work]) -> None:
    """Every work record names an hourly or block line of the schedule."""
    kinds = {line.id: line for line in fees.lines}
    for index, record in enumerate(work):
        if not isinstance(record, Work):
            msg = f"work[{index}] must be a Work (got {describe(record)})"
            raise TypeError(msg)
        line = kinds.get(record.line)
        if line is None or line.KIND not in {HourlyRate.KIND, BlockOfHours.KIND}:
            msg = f"work[{index}] names {record.line!r}, which is not an hourly or block line"
            raise ValueError(msg)


def _months_between(first: pendulum.Date, later: pendulum.Date) -> int:
    return (later.year - first.year) * 12 + later.month - first.month


def _unit_value(
    line: PerUnitFee, prices: _Prices, count: int, day: pendulum.Date
) -> tuple[Decimal, int, Decimal | None]:
    """The exact price of `count` units on `day`, the units charged, and the single unit price."""
    unit = None if line.unit_price is None else prices.at(line.unit_price.amount, day)
    tiers = tuple((tier.up_to, prices.at(tier.unit_price.amount, day)) for tier in line.tiers)
    value, breakdown = unit_charge(
        count,
        unit_price=unit,
        tiers=tiers,
        graduated=line.tier_mode is not TierMode.VOLUME,
        included=line.included,
        minimum=line.minimum,
    )
    return value, sum(units for units, _ in breakdown), unit


def _quantity(line: PerUnitFee, quantities: Mapping[str, Quantity]) -> Quantity:
    """The count for a per-unit line: by its id, else by its unit (singular or plural)."""
    unit = line.unit.value
    plural = unit + ("es" if unit.endswith(("s", "x", "ch", "sh")) else "s")
    for key in (line.id, unit, plural):
        if key in quantities:
            return quantities[key]
    if line.quantity is not None:  # the contracted count, when none is measured
        return line.quantity
    msg = f"fee line {line.id!r} charges per {unit}: give its quantity as {plural}=N or {line.id}=N"
    raise MissingInputError(msg)


def _timeline(counts: Quantity, period: BillingPeriod) -> list[tuple[pendulum.Date, int]]:
    """A quantity as `(from_day, count)` changes covering the period, checked."""
    if isinstance(counts, int):
        return [(period.start, counts)]
    changes = list(counts)
    if not changes or changes[0][0] > period.start:
        msg = f"the quantities must give a count on the period's first day, {period.start}"
        raise ValueError(msg)
    for (earlier, _), (later, _) in itertools.pairwise(changes):
        if later <= earlier:
            msg = f"quantity changes must be in day order ({later} follows {earlier})"
            raise ValueError(msg)
    return changes


def _split(
    period: BillingPeriod, cuts: Iterable[pendulum.Date]
) -> Iterator[tuple[pendulum.Date, pendulum.Date]]:
    """The period's days split before each cut inside it: (first day, last day) pairs."""
    start = period.start
    for day in sorted(cuts):
        if start < day <= period.end:
            yield start, add_days(day, -1)
            start = day
    yield start, period.end


def _price_changes(inputs: _Inputs, line: FeeLine) -> list[pendulum.Date]:
    """The days inside the period on which a price adjustment of `line` takes effect."""
    rules, start = inputs.fees.adjustments, inputs.period.start
    return sorted(
        {
            day
            for number in _rules(inputs.fees, line)
            for day in inputs.rule_days(number, rules[number])
            if day > start
        }
    )


def _rules(fees: FeeSchedule, line: FeeLine) -> tuple[int, ...]:
    """Positions of the price adjustments that apply to `line`, in order."""
    cached = _RULES.get(id(fees))
    if cached is None or cached[0] is not fees:
        if len(_RULES) >= _RULES_KEPT:
            _RULES.clear()
        found = {
            each.id: tuple(
                number
                for number, rule in enumerate(fees.adjustments)
                if not isinstance(each, OneTimeFee) and (not rule.lines or each.id in rule.lines)
            )
            for each in fees.lines
        }
        cached = _RULES[id(fees)] = (fees, found)
    return cached[1][line.id]


_RULES: dict[int, tuple[FeeSchedule, dict[str, tuple[int, ...]]]] = {}
_RULES_KEPT: Final = 256
"""Fee schedules whose adjustment positions per line are remembered."""


def _effective_days(term: Term, rule: PriceAdjustment, until: pendulum.Date) -> list[pendulum.Date]:
    """The days up to `until` on which `rule` takes effect: each renewal or anniversary."""
    found: list[pendulum.Date] = []
    if rule.at is AdjustmentTiming.ANNIVERSARY:
        for years in itertools.count(1):
            day = add_months(term.start, 12 * years)
            if day > until:
                return found
            found.append(day)
    day = term.start
    while (renewal := term.next_renewal(day)) is not None and renewal <= until:
        found.append(renewal)
        day = renewal
    return found


class _Prices:
    """Prices of one line after the adjustments in force on a day."""

    def __init__(self, inputs: _Inputs, line: FeeLine) -> None:
        self._inputs = inputs
        self._numbers = _rules(inputs.fees, line)

    def at(self, base: Decimal, day: pendulum.Date) -> Decimal:
        """`base` after every adjustment effective on or before `day`, rounded after each step."""
        if not self._numbers:
            return base
        return self._inputs.price(base, self._numbers, day)


def _prorated(
    fees: FeeSchedule,
    amount: Decimal,
    share: tuple[int, int],
    days: tuple[pendulum.Date, pendulum.Date],
    period: BillingPeriod,
) -> Decimal:
    """`amount × share` for the days `start`..`end` of the period, rounded once, exactly."""
    count = days[1].toordinal() - days[0].toordinal() + 1
    return round_ratio(
        amount, share[0] * count, share[1] * period.period_days, fees.currency, fees.rounding
    )


def _round(fees: FeeSchedule, exact: Fraction) -> Decimal:
    """An exact amount rounded to the currency's minor units by the schedule's mode."""
    return round_fraction(exact, fees.currency, fees.rounding)


def _money(fees: FeeSchedule, amount: Decimal) -> Money:
    return Money(amount, fees.currency)


def _charge(  # noqa: PLR0913 # one record's fields, by keyword
    fees: FeeSchedule,
    line: FeeLine,
    kind: ChargeKind,
    *,
    days: tuple[pendulum.Date, pendulum.Date],
    quantity: int | None,
    amount: Decimal,
    price: Decimal | None = None,
) -> ChargeLine:
    return ChargeLine(
        line=line.id,
        kind=kind,
        description=line.description,
        start=days[0],
        end=days[1],
        quantity=quantity,
        price=None if price is None else Money(price, fees.currency),
        amount=Money(amount, fees.currency),
        service=line.service,
    )
