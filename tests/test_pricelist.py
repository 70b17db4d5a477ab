"""The prepared fee schedule (`_model/pricelist.py`) charges what the rules say.

The main property compares `FeeSchedule.charges` on random schedules with
a plain reference written from docs/billing.md: prices compounded step by
step from the clauses, exact fractions, one rounding per line.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import gc
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import (
    AdjustmentTiming,
    BillingFrequency,
    BillingPeriod,
    BillingPolicy,
    BillingTiming,
    BlockOfHours,
    ChargeLine,
    Charges,
    FeeLine,
    FeeSchedule,
    IndexAdjustment,
    Money,
    Notice,
    OneTimeFee,
    PercentageAdjustment,
    Period,
    PerUnitFee,
    PriceAdjustment,
    PriceTier,
    RecurringFee,
    Renewal,
    Rounding,
    Term,
    TierMode,
    Unit,
)
from msa_model._engines.billing import billing_rows, billing_spans
from msa_model._engines.pricing import index_percents
from msa_model._model import invoicing, pricelist
from msa_model._values.money import rounded_money

Day = pendulum.Date
PLACES = {"USD": 2, "JPY": 0, "BHD": 3}
INDEX = "CPI"
FREQUENCIES = (BillingFrequency.MONTHLY, BillingFrequency.QUARTERLY, BillingFrequency.ANNUALLY)


def _series() -> dict[Day, Decimal]:
    """Monthly values of a made-up index from 1999 to 2070, wandering up and down."""
    values, tenths = {}, 1000
    for number in range(72 * 12):
        values[Day(1999 + number // 12, number % 12 + 1, 1)] = Decimal(f"{tenths}E-1")
        tenths += (number * 7919) % 23 - 8  # a fixed, uneven walk
    return values


SERIES = _series()


# -- the reference ------------------------------------------------------------


def _round(exact: Fraction, currency: str, rounding: Rounding) -> Decimal:
    """`exact` rounded once to the currency's minor units (60 digits is far past any tie)."""
    with decimal.localcontext() as context:
        context.prec = 60
        value = Decimal(exact.numerator) / Decimal(exact.denominator)
        return value.quantize(Decimal(1).scaleb(-PLACES[currency]), rounding=rounding.decimal_mode)


def _effective_days(term: Term, rule: PriceAdjustment, until: Day) -> list[Day]:
    """Each anniversary (from the start) or renewal up to `until`."""
    found: list[Day] = []
    if rule.at is AdjustmentTiming.ANNIVERSARY:
        years = 1
        while (day := term.start.add(months=12 * years)) <= until:
            found.append(day)
            years += 1
        return found
    day = term.start
    while (renewal := term.next_renewal(day)) is not None and renewal <= until:
        found.append(renewal)
        day = renewal
    return found


def _value_on(day: Day) -> Fraction:
    return Fraction(SERIES[max(d for d in SERIES if d <= day)])


def _percent(rule: PriceAdjustment, days: list[Day], step: int, start: Day) -> Fraction:
    """The change at step `step` (1 for the first), in percent."""
    if isinstance(rule, PercentageAdjustment):
        return Fraction(rule.percent)
    before = start if step == 1 else days[step - 2]
    change = (_value_on(days[step - 1]) / _value_on(before) - 1) * 100
    if rule.cap is not None:
        change = min(change, Fraction(rule.cap))
    if rule.floor is not None:
        change = max(change, Fraction(rule.floor))
    with decimal.localcontext() as context:
        context.prec = 60
        quotient = Decimal(change.numerator) / Decimal(change.denominator)
        return Fraction(quotient.quantize(Decimal("1E-10"), rounding=decimal.ROUND_HALF_EVEN))


def _adjusted(fees: FeeSchedule, term: Term, line: FeeLine, base: Decimal, day: Day) -> Decimal:
    """`base` after each adjustment of `line` in force on `day`, in order, rounded per step."""
    price = base
    for rule in fees.adjustments:
        if rule.lines and line.id not in rule.lines:
            continue
        days = _effective_days(term, rule, day)
        for step in range(1, len(days) + 1):
            exact = Fraction(price) * (1 + _percent(rule, days, step, term.start) / 100)
            price = _round(exact, fees.currency, fees.rounding)
    return price


def _unit_value(line: PerUnitFee, prices: list[Decimal], count: int) -> tuple[Fraction, int]:
    """Units billed at least the minimum, the first `included` free, priced by the clause."""
    billed = max(count, line.minimum)
    positions = range(line.included + 1, billed + 1)
    if line.unit_price is not None:
        return Fraction(prices[0]) * len(positions), len(positions)
    bounds = [tier.up_to for tier in line.tiers]

    def tier_of(position: int) -> int:
        return next(k for k, up_to in enumerate(bounds) if up_to is None or position <= up_to)

    if line.tier_mode is TierMode.VOLUME:
        return Fraction(prices[tier_of(billed)]) * len(positions), len(positions)
    return sum((Fraction(prices[tier_of(p)]) for p in positions), Fraction(0)), len(positions)


Shown = tuple[str, str, Day, Day, int | None, Decimal | None, Decimal]
"""A charge line as compared: line, kind, first and last day, quantity, price, amount."""


def reference(
    fees: FeeSchedule, term: Term, period: BillingPeriod, quantities: Mapping[str, object]
) -> list[Shown]:
    """The charge lines of the period, worked out plainly from docs/billing.md."""
    found: list[Shown] = []
    months = fees.billing.frequency.months
    for line in fees.lines:
        if isinstance(line, OneTimeFee):
            if period.start <= (line.billed_on or term.start) <= period.end:
                amount = _round(Fraction(line.amount.amount), fees.currency, fees.rounding)
                found.append((line.id, "one_time", period.start, period.end, None, None, amount))
            continue
        assert isinstance(line, RecurringFee | PerUnitFee)
        rules = [r for r in fees.adjustments if not r.lines or line.id in r.lines]
        cuts = {d for rule in rules for d in _effective_days(term, rule, period.end)}
        changes: list[tuple[Day, int]] = []
        if isinstance(line, PerUnitFee):
            given = quantities[line.id]
            changes = [(period.start, given)] if isinstance(given, int) else list(given)  # type: ignore[call-overload]
            cuts |= {day for day, _ in changes}
        first = period.start
        bounds = sorted(d for d in cuts if period.start < d <= period.end)
        for last_next in [*bounds, period.end.add(days=1)]:
            last = last_next.subtract(days=1)
            days = last.toordinal() - first.toordinal() + 1
            shown: Decimal | None
            quantity: int | None
            if isinstance(line, RecurringFee):
                price = _adjusted(fees, term, line, line.amount.amount, first)
                value, quantity, shown = Fraction(price), None, price
                kind = "recurring"
            else:
                count = [c for day, c in changes if day <= first][-1]
                bases = (
                    [line.unit_price.amount]
                    if line.unit_price is not None
                    else [tier.unit_price.amount for tier in line.tiers]
                )
                prices = [_adjusted(fees, term, line, base, first) for base in bases]
                value, quantity = _unit_value(line, prices, count)
                shown = prices[0] if line.unit_price is not None else None
                kind = "per_unit"
            exact = value * months * days / (line.per.months * period.period_days)
            amount = _round(exact, fees.currency, fees.rounding)
            found.append((line.id, kind, first, last, quantity, shown, amount))
            first = last_next
    return found


def _shown(charges: Charges) -> list[Shown]:
    return [
        (
            line.line,
            line.kind.value,
            line.start,
            line.end,
            line.quantity,
            None if line.price is None else line.price.amount,
            line.amount.amount,
        )
        for line in charges.lines
    ]


# -- random schedules -----------------------------------------------------------


@st.composite
def _amounts(draw: st.DrawFn, currency: str, extra: int = 0) -> Money:
    units = draw(st.integers(0, 10**7))
    return Money(Decimal(units).scaleb(-PLACES[currency] - extra), currency)


@st.composite
def _lines(draw: st.DrawFn, currency: str, start: Day) -> list[FeeLine]:
    lines: list[FeeLine] = []
    for number in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("recurring", "single", "graduated", "volume", "one_time")))
        per = draw(st.sampled_from(FREQUENCIES))
        if kind == "recurring":
            amount = draw(_amounts(currency))
            lines.append(RecurringFee(id=f"l{number}", description="R", amount=amount, per=per))
        elif kind == "one_time":
            billed_on = draw(st.none() | st.integers(0, 800).map(lambda d: start.add(days=d)))
            lines.append(
                OneTimeFee(
                    id=f"l{number}",
                    description="O",
                    amount=draw(_amounts(currency, draw(st.integers(0, 2)))),
                    billed_on=billed_on,
                )
            )
        else:
            tiers: tuple[PriceTier, ...] = ()
            unit_price = None
            if kind == "single":
                unit_price = draw(_amounts(currency, draw(st.integers(0, 2))))
            else:
                bounds = sorted(set(draw(st.lists(st.integers(1, 60), min_size=1, max_size=3))))
                tiers = tuple(
                    PriceTier(up_to=up_to, unit_price=draw(_amounts(currency)))
                    for up_to in [*bounds, None]
                )
            lines.append(
                PerUnitFee(
                    id=f"l{number}",
                    description="U",
                    unit=Unit.DEVICE,
                    unit_price=unit_price,
                    tiers=tiers,
                    tier_mode=None
                    if not tiers
                    else TierMode.GRADUATED
                    if kind == "graduated"
                    else TierMode.VOLUME,
                    included=draw(st.integers(0, 5)),
                    minimum=draw(st.integers(0, 8)),
                    per=per,
                )
            )
    return lines


@st.composite
def _adjustments(draw: st.DrawFn, lines: Sequence[FeeLine]) -> tuple[PriceAdjustment, ...]:
    adjustable = [line.id for line in lines if not isinstance(line, OneTimeFee)]
    found: list[PriceAdjustment] = []
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.sampled_from(tuple(AdjustmentTiming)))
        chosen: tuple[str, ...] = ()
        if adjustable:
            chosen = tuple(draw(st.lists(st.sampled_from(adjustable), unique=True, max_size=2)))
        if draw(st.booleans()):
            percent = Decimal(draw(st.integers(-300, 900))).scaleb(-2)
            found.append(PercentageAdjustment(percent=percent, at=at, lines=chosen))
        else:
            cap = draw(st.none() | st.integers(0, 6).map(Decimal))
            floor = draw(st.none() | st.integers(-3, 0).map(Decimal))
            found.append(IndexAdjustment(index=INDEX, at=at, cap=cap, floor=floor, lines=chosen))
    return tuple(found)


@st.composite
def cases(draw: st.DrawFn) -> tuple[FeeSchedule, Term, int]:
    """A schedule, its term, and the number of a billing period in the first six years."""
    currency = draw(st.sampled_from(sorted(PLACES)))
    start_date = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2050, 12, 31)))
    start = Day(start_date.year, start_date.month, start_date.day)
    renewal = draw(
        st.sampled_from(
            (
                Renewal.automatic(Period(years=1)),
                Renewal.automatic(Period(months=1)),
                Renewal.automatic(Period(months=5), max_renewals=3),
                Renewal.manual(Period(years=1)),
            )
        )
    )
    term = Term(
        start=start,
        initial=Period(months=draw(st.sampled_from((3, 12, 13, 36)))),
        renewal=renewal,
        notice=Notice(length=Period(days=30)),
    )
    lines = draw(_lines(currency, start))
    frequency = draw(st.sampled_from(FREQUENCIES))
    anchor = draw(st.none() | st.integers(-40, 40).map(lambda d: start.add(days=d)))
    fees = FeeSchedule(
        currency=currency,
        lines=tuple(lines),
        payment_terms=Period(days=30),
        billing=BillingPolicy(
            frequency=frequency,
            timing=draw(st.sampled_from(tuple(BillingTiming))),
            anchor=anchor,
        ),
        adjustments=draw(_adjustments(lines)),
        rounding=draw(st.sampled_from(tuple(Rounding))),
    )
    return fees, term, draw(st.integers(0, 72 // frequency.months))


@st.composite
def _quantities(draw: st.DrawFn, fees: FeeSchedule, period: BillingPeriod) -> dict[str, object]:
    found: dict[str, object] = {}
    for line in fees.lines:
        if isinstance(line, PerUnitFee):
            count = draw(st.integers(0, 120))
            if period.days > 1 and draw(st.booleans()):
                later = period.start.add(days=draw(st.integers(1, period.days - 1)))
                found[line.id] = [(period.start, count), (later, draw(st.integers(0, 120)))]
            else:
                found[line.id] = count
    return found


@settings(max_examples=300, deadline=None)
@given(case=cases(), data=st.data())
def test_charges_equal_the_plain_reference(
    case: tuple[FeeSchedule, Term, int], data: st.DataObject
) -> None:
    """Every line of a random period equals the rules worked out plainly, split for split."""
    fees, term, number = case
    periods = fees.billing_periods(term, term.start.add(months=6 * 12))
    period = periods[min(number, len(periods) - 1)]
    quantities = data.draw(_quantities(fees, period))

    found = fees.charges(period, term, quantities=quantities, indexes={INDEX: SERIES})  # type: ignore[arg-type]

    assert reference(fees, term, period, quantities) == _shown(found)
    assert found.total.amount == sum(line.amount.amount for line in found.lines)


@settings(max_examples=60, deadline=None)
@given(case=cases())
def test_the_order_of_calls_does_not_change_the_charges(
    case: tuple[FeeSchedule, Term, int],
) -> None:
    """Periods charged last to first, on a fresh copy, give what first to last gave."""
    fees, term, _ = case
    periods = fees.billing_periods(term, term.start.add(months=6 * 12))
    counts = {line.id: 7 for line in fees.lines if isinstance(line, PerUnitFee)}
    indexes = {INDEX: SERIES}
    forward = [fees.charges(p, term, quantities=counts, indexes=indexes) for p in periods]
    other, other_term = copy.copy(fees), copy.copy(term)
    backward = [
        other.charges(p, other_term, quantities=counts, indexes=indexes) for p in reversed(periods)
    ]

    assert forward == backward[::-1]


# -- caches -------------------------------------------------------------------------


def _schedule(amount: str) -> FeeSchedule:
    line = RecurringFee(id="flat", description="Flat", amount=Money.of(amount, "USD"))
    return FeeSchedule(currency="USD", lines=(line,), payment_terms=Period(days=30))


TERM = Term(
    start=Day(2025, 1, 1),
    initial=Period(months=12),
    renewal=Renewal.automatic(Period(years=1)),
    notice=Notice(length=Period(days=30)),
)


def test_an_evolved_schedule_is_prepared_afresh() -> None:
    """A copy made with attrs.evolve charges its own prices; the original keeps its own."""
    fees = _schedule("100.00")
    period = fees.billing_periods(TERM, TERM.start)[0]
    before = fees.charges(period, TERM).total
    evolved = attrs.evolve(fees, lines=_schedule("250.00").lines)

    assert evolved.charges(period, TERM).total == Money.of("250.00", "USD")
    assert fees.charges(period, TERM).total == before == Money.of("100.00", "USD")
    assert pricelist.plan_of(evolved) is not pricelist.plan_of(fees)
    assert pricelist.plan_of(fees) is pricelist.plan_of(fees)


def test_a_plan_is_forgotten_with_its_schedule() -> None:
    """Plans are kept by a weak reference: they go when the schedule goes."""
    fees = _schedule("100.00")
    pricelist.plan_of(fees)
    key = id(fees)
    assert key in pricelist._PLANS

    del fees
    gc.collect()

    assert key not in pricelist._PLANS


def test_changed_index_values_are_checked_again() -> None:
    """Values changed in place between calls are used, and a bad one is refused."""
    series = {Day(2020, 1, 1): Decimal(100), Day(2021, 1, 1): Decimal(110)}
    days = [Day(2021, 1, 1)]
    assert index_percents(series, days, Day(2020, 1, 1)) == [Decimal(10)]

    series[Day(2021, 1, 1)] = Decimal(120)
    assert index_percents(series, days, Day(2020, 1, 1)) == [Decimal(20)]

    series[Day(2021, 1, 1)] = Decimal(-1)
    with pytest.raises(ValueError, match="must be positive"):
        index_percents(series, days, Day(2020, 1, 1))


def test_an_index_adjustment_follows_values_changed_between_calls() -> None:
    """A schedule charged twice with the same mapping, changed in between, follows the change."""
    fees = attrs.evolve(
        _schedule("1000.00"),
        adjustments=(IndexAdjustment(index=INDEX, at=AdjustmentTiming.ANNIVERSARY),),
    )
    series = {Day(2025, 1, 1): Decimal(100), Day(2026, 1, 1): Decimal(105)}
    period = fees.billing_periods(TERM, Day(2026, 1, 1))[-1]
    first = fees.charges(period, TERM, indexes={INDEX: series}).total
    series[Day(2026, 1, 1)] = Decimal(110)
    second = fees.charges(period, TERM, indexes={INDEX: series}).total

    assert (first, second) == (Money.of("1050.00", "USD"), Money.of("1100.00", "USD"))


# -- fast paths ---------------------------------------------------------------------


def test_records_built_by_their_slots_equal_records_built_as_usual() -> None:
    """The hot path's charge lines, periods and charges equal those attrs' __init__ builds."""
    day = Day(2025, 1, 1)
    line = RecurringFee(id="flat", description="Flat", amount=Money.of("1.00", "USD"))
    amount = Money.of("1.00", "USD")
    fast = invoicing._charge_line(line, invoicing._RECURRING, (day, day, None, amount, amount))
    usual = ChargeLine(
        line="flat",
        kind=invoicing._RECURRING,
        description="Flat",
        start=day,
        end=day,
        quantity=None,
        price=amount,
        amount=amount,
        service=None,
    )
    row = (3, day, day.add(days=30), day, day.add(days=30), day, day.add(days=30))
    period = BillingPeriod(
        index=3,
        start=day,
        end=day.add(days=30),
        full_start=day,
        full_end=day.add(days=30),
        invoice_day=day,
        due_day=day.add(days=30),
    )

    assert tuple(f.name for f in attrs.fields(ChargeLine)) == invoicing._CHARGE_LINE_FIELDS
    assert sorted(invoicing._BILLING_PERIOD_FIELDS) == sorted(
        f.name for f in attrs.fields(BillingPeriod)
    )
    assert [f.name for f in attrs.fields(Charges)] == ["period", "lines", "currency"]
    assert (fast, repr(fast), hash(fast)) == (usual, repr(usual), hash(usual))
    assert invoicing._billing_period(row) == period
    assert repr(invoicing._billing_period(row)) == repr(period)


@pytest.mark.parametrize("text", ["0.00", "12.50", "-3.005", "999999999999999.99"])
def test_rounded_money_is_money(text: str) -> None:
    """The unchecked constructor gives what `Money` gives."""
    assert rounded_money(Decimal(text), "USD") == Money(Decimal(text), "USD")


def test_rounded_money_keeps_the_size_limit() -> None:
    """An amount too large for Money is refused as Money refuses it."""
    with pytest.raises(ValueError, match="must be smaller than"):
        rounded_money(Decimal("1E15"), "USD")


def test_a_line_too_large_to_charge_raises_when_charged() -> None:
    """A price whose yearly charge passes the limit raises only for the period that needs it."""
    line = RecurringFee(
        id="big",
        description="Big",
        amount=Money.of("900000000000000.00", "USD"),
        per=BillingFrequency.MONTHLY,
    )
    fees = FeeSchedule(
        currency="USD",
        lines=(line,),
        payment_terms=Period(days=30),
        billing=BillingPolicy(frequency=BillingFrequency.QUARTERLY, anchor=Day(2025, 2, 1)),
    )
    first, second = fees.billing_periods(TERM, Day(2025, 2, 1))

    assert first.days == 31  # January only: a third of the quarter
    assert fees.charges(first, TERM).total.amount > 0
    with pytest.raises(ValueError, match="must be smaller than"):
        fees.charges(second, TERM)


@settings(max_examples=200, deadline=None)
@given(
    anchor=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)),
    months=st.sampled_from((1, 3, 12)),
    offset=st.integers(-400, 400),
    length=st.integers(0, 2000),
    arrears=st.booleans(),
)
def test_billing_rows_are_billing_spans(
    anchor: dt.date,
    months: int,
    offset: int,
    length: int,
    arrears: bool,  # noqa: FBT001 # drawn by Hypothesis
) -> None:
    """The rows the model reads hold exactly what the engine's spans hold."""
    first = Day(anchor.year, anchor.month, anchor.day)
    start = first.add(days=offset)
    arguments = {
        "anchor": first,
        "months": months,
        "service_start": start,
        "service_end": None if length % 3 == 0 else start.add(days=length),
        "through": start.add(days=length),
        "in_arrears": arrears,
        "due": lambda day: day.add(days=10),
    }
    spans = billing_spans(**arguments)  # type: ignore[arg-type]
    rows = list(billing_rows(**arguments))  # type: ignore[arg-type]

    assert rows == [
        (s.index, s.full_start, s.full_end, s.start, s.end, s.invoice_day, s.due_day) for s in spans
    ]


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
    per=st.none() | st.sampled_from(FREQUENCIES),
    first=st.integers(-100, 3000),
    length=st.integers(0, 400),
)
def test_block_purchase_days_are_every_per_from_the_start(
    start: dt.date, per: BillingFrequency | None, first: int, length: int
) -> None:
    """Found by arithmetic, the purchase days in a stretch are those of a walk from the start."""
    begin = Day(start.year, start.month, start.day)
    line = BlockOfHours(id="b", description="B", hours=10, price=Money.of("1.00", "USD"), per=per)
    low, high = begin.add(days=first), begin.add(days=first + length)
    walked = []
    if per is None:
        walked = [begin]
    else:
        count = 0
        while (day := begin.add(months=count * per.months)) <= high:
            walked.append(day)
            count += 1
    expected = [day for day in walked if low <= day <= high]

    assert invoicing._purchase_days(begin, line, low, high) == expected


def test_a_contracted_quantity_is_charged_when_no_count_is_given() -> None:
    """A per-unit line with `quantity` charges it without a count; a given count wins."""
    seats = PerUnitFee(
        id="seats",
        description="Seats",
        unit=Unit.USER,
        unit_price=Money.of("10.00", "USD"),
        quantity=40,
    )
    fees = FeeSchedule(currency="USD", lines=(seats,), payment_terms=Period(days=30))
    period = fees.billing_periods(TERM, TERM.start)[0]

    assert fees.charges(period, TERM).total == Money.of("400.00", "USD")
    assert fees.charges(period, TERM, quantities={"users": 3}).total == Money.of("30.00", "USD")
