"""Time a year of billing periods and charges over 10,000 generated agreements.

The agreements are generated deterministically: terms starting on any day
(often the 29th to the 31st), mostly monthly billing in advance or in
arrears with or without an anchor, four currencies (USD, EUR, JPY, BHD),
recurring, per-unit (one price, graduated or volume tiers, included units,
minimums), one-time, block and hourly fee lines, and percentage or
index-linked price changes at each anniversary or renewal. Each billing
period gets unit counts, some changing within the period.

Three passes are timed: `FeeSchedule.billing_periods` for the year,
`FeeSchedule.charges` for each of its periods, and both together, whose
rate in agreement-periods per second is the figure the target is about.
A sample of the periods and charges is checked before timing.

Usage:
    python bench/bench_billing.py            # about 4 minutes
    python bench/bench_billing.py --quick    # 1,000 agreements, 15 s, rough figures
    python bench/bench_billing.py --profile  # cProfile of the charges pass
    python bench/bench_billing.py --year 5   # bill the fifth year of each agreement
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import decimal
import functools
import gc
import io
import itertools
import pstats
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from importlib import metadata
from typing import Final, NamedTuple

import pendulum

from msa_model import (
    AdjustmentTiming,
    BillingFrequency,
    BillingPeriod,
    BillingPolicy,
    BillingTiming,
    BlockOfHours,
    BusinessCalendar,
    BusinessDays,
    ChargeKind,
    ChargeLine,
    Charges,
    FeeLine,
    FeeSchedule,
    HourlyRate,
    IndexAdjustment,
    Money,
    Notice,
    OneTimeFee,
    OpeningWindow,
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
    TimeOfDay,
    Unit,
    Weekday,
)

RATE_TARGET: Final = 20_000
"""Goal: at least this many agreement-periods (billing periods and their charges) per second."""
SEED: Final = 20250201
BATCH: Final = 500
"""Agreements timed together; the passes take turns batch by batch."""

Day = pendulum.Date
Quantity = int | tuple[tuple[Day, int], ...]
"""A unit count as `FeeSchedule.charges` takes it: one number, or `(from_day, count)` changes."""
Indexes = Mapping[str, Mapping[Day, Decimal]]
Kinds = Counter[tuple[str, str]]
"""Counts of the choices made in generating, by part and choice, e.g. `("currency", "JPY")`."""

PERIODS: Final = "billing_periods"
CHARGES: Final = "charges"
BOTH: Final = "both"
GROUPS: Final = ("no adjustment", "percentage", "index")
"""The agreements by their price adjustment; the charges pass is timed group by group."""


class Settings(NamedTuple):
    """How many agreements to generate and how many times to time each batch."""

    agreements: int
    rounds: int
    checked: int
    """Agreements whose periods and charges are checked before timing."""


DEFAULT: Final = Settings(agreements=10_000, rounds=3, checked=1_000)
QUICK: Final = Settings(agreements=1_000, rounds=2, checked=200)


class Agreement(NamedTuple):
    """One generated agreement, the year to bill and the inputs of each of its periods."""

    fees: FeeSchedule
    term: Term
    first: Day
    """The first day of the year billed: `billing_periods` lists from the period containing it."""
    through: Day
    """The last day of the year billed: `billing_periods` lists the periods up to it."""
    last_service_day: Day | None
    skip: int
    """Periods listed before the year billed: at most one, a period ending before it begins."""
    periods: tuple[BillingPeriod, ...]
    """The periods of the year billed, as `billing_periods` lists them."""
    quantities: tuple[dict[str, Quantity], ...]
    """Unit counts of each period of the year, by unit (plural) or line id."""
    indexes: Indexes
    group: str


class Workload(NamedTuple):
    """The generated agreements and what they are made of."""

    agreements: list[Agreement]
    year: int
    kinds: Kinds


# -- generation ---------------------------------------------------------------

CURRENCIES: Final = {"USD": 50, "EUR": 25, "JPY": 15, "BHD": 10}
"""Currencies and their weights."""
PLACES: Final = {"USD": 2, "EUR": 2, "JPY": 0, "BHD": 3}
PER_DOLLAR: Final = {"USD": 100, "EUR": 100, "JPY": 150, "BHD": 400}
"""Minor units of each currency worth about one US dollar, only to draw prices of a like size."""
COUNTED: Final = (
    Unit.DEVICE,
    Unit.USER,
    Unit.SERVER,
    Unit.WORKSTATION,
    Unit.MAILBOX,
    Unit.SITE,
    Unit.LICENSE,
    Unit.GIGABYTE,
)
INDEXES: Final = ("US CPI-U", "HICP")


@functools.cache
def _period(*, years: int = 0, months: int = 0, days: int = 0) -> Period:
    """Return a `Period`, shared between agreements: validating thousands costs seconds."""
    return Period(years=years, months=months, days=days)


@functools.cache
def _renewal(mode: str, length: Period | None) -> Renewal:
    if mode == "none" or length is None:
        return Renewal.none()
    return Renewal.automatic(length) if mode == "automatic" else Renewal.manual(length)


@functools.cache
def _notice(days: int) -> Notice:
    return Notice(length=_period(days=days))


def _calendar() -> BusinessCalendar:
    """Return a Monday-to-Friday calendar with explicit holidays from 2015 to 2050."""
    weekdays = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
    window = OpeningWindow(days=weekdays, start=TimeOfDay(9 * 60), end=TimeOfDay(17 * 60))
    holidays = tuple(
        Day(year, month, day)
        for year in range(2015, 2051)
        for month, day in ((1, 1), (5, 1), (7, 4), (12, 25), (12, 26))
    )
    return BusinessCalendar(id="office", zone="UTC", windows=(window,), holidays=holidays)


def _index_series(rng: random.Random) -> dict[str, dict[Day, Decimal]]:
    """Return monthly values of two made-up price indexes, 2015 to 2045, rising about 3 % a year."""
    series: dict[str, dict[Day, Decimal]] = {}
    for name in INDEXES:
        tenths, values = 1000, {}
        for year in range(2015, 2046):
            for month in range(1, 13):
                values[Day(year, month, 1)] = Decimal(f"{tenths}E-1")
                tenths += rng.randint(-2, 8)
        series[name] = values
    return series


def _start(rng: random.Random) -> Day:
    """Return a start day from 2020 to 2030; about a third fall on the 28th or later."""
    year, month = rng.randint(2020, 2030), rng.randint(1, 12)
    last = Day(year, month, 1).days_in_month
    day = rng.randint(28, last) if rng.random() < 0.35 else rng.randint(1, 27)
    return Day(year, month, day)


def _units(rng: random.Random, currency: str, low: int, high: int, extra: int = 0) -> int:
    """Return a count of minor units (times 10**`extra`) worth `low` to `high` US dollars."""
    scale = PER_DOLLAR[currency] * 10**extra
    return rng.randint(low * scale, high * scale)


def _amount(units: int, currency: str, extra: int = 0) -> Money:
    """Return `units` minor units (of 10**-`extra` of one) as Money; exact, as a string is read."""
    return Money(Decimal(f"{units}E-{PLACES[currency] + extra}"), currency)


def _money(rng: random.Random, currency: str, low: int, high: int, *, extra: int = 0) -> Money:
    """Return an amount worth `low` to `high` US dollars, in `currency`'s minor units.

    `extra` adds digits below the minor unit, as unit prices sometimes have.
    """
    return _amount(_units(rng, currency, low, high, extra), currency, extra)


def _tiers(rng: random.Random, currency: str) -> tuple[PriceTier, ...]:
    """Return 2 to 4 tiers with rising bounds and falling prices, the last open-ended."""
    count = rng.randint(2, 4)
    price = _units(rng, currency, 20, 200)
    bound, tiers = 0, []
    for index in range(count):
        bound += rng.choice((10, 25, 50, 100, 250))
        up_to = None if index == count - 1 else bound
        tiers.append(PriceTier(up_to=up_to, unit_price=_amount(price, currency)))
        price = max(1, price * rng.randint(75, 95) // 100)
    return tuple(tiers)


def _per_unit(rng: random.Random, currency: str, number: int, kinds: Kinds) -> PerUnitFee:
    """Return a per-unit line: one unit price (55 %), graduated (25 %) or volume tiers (20 %)."""
    unit = rng.choice(COUNTED)
    pricing = rng.choices(("single price", "graduated", "volume"), weights=(55, 25, 20))[0]
    kinds["lines", f"per-unit, {pricing}"] += 1
    unit_price = tiers = mode = None
    if pricing == "single price":
        extra = 1 if unit is Unit.GIGABYTE or rng.random() < 0.1 else 0
        unit_price = _money(rng, currency, 1, 200, extra=extra)
    else:
        tiers = _tiers(rng, currency)
        mode = TierMode.GRADUATED if pricing == "graduated" else TierMode.VOLUME
    return PerUnitFee(
        id=f"per-unit-{number}",
        description=f"Service per {unit.value}",
        unit=unit,
        unit_price=unit_price,
        tiers=tiers or (),
        tier_mode=mode,
        included=rng.randint(1, 10) if rng.random() < 0.2 else 0,
        minimum=rng.randint(5, 50) if rng.random() < 0.25 else 0,
        per=BillingFrequency.ANNUALLY if rng.random() < 0.05 else BillingFrequency.MONTHLY,
    )


def _lines(rng: random.Random, currency: str, start: Day, kinds: Kinds) -> list[FeeLine]:
    """Return the fee lines of one schedule: at least one, usually four to six."""
    lines: list[FeeLine] = []
    if rng.random() < 0.8:
        per = rng.choices(tuple(BillingFrequency), weights=(80, 5, 15))[0]
        amount = _money(rng, currency, 100 * per.months, 5_000 * per.months)
        lines.append(
            RecurringFee(id="recurring", description="Managed services", amount=amount, per=per)
        )
        kinds["lines", f"recurring, {per.value}"] += 1
    per_unit = rng.choices(range(6), weights=(10, 20, 25, 20, 15, 10))[0]
    lines.extend(_per_unit(rng, currency, number, kinds) for number in range(per_unit))
    if rng.random() < 0.4:
        billed_on = None if rng.random() < 0.6 else start.add(days=rng.randint(0, 364))
        amount = _money(rng, currency, 500, 20_000)
        lines.append(
            OneTimeFee(
                id="onboarding", description="Onboarding", amount=amount, billed_on=billed_on
            )
        )
        kinds["lines", "one-time"] += 1
    if rng.random() < 0.05:
        bought = BillingFrequency.MONTHLY if rng.random() < 0.5 else None
        price = _money(rng, currency, 1_000, 8_000)
        lines.append(
            BlockOfHours(id="block", description="Prepaid hours", hours=20, price=price, per=bought)
        )
        kinds["lines", "block of hours"] += 1
    if rng.random() < 0.05:
        rate = _money(rng, currency, 100, 250)
        lines.append(HourlyRate(id="hourly", description="Projects", role="Engineer", rate=rate))
        kinds["lines", "hourly (not charged)"] += 1
    if not any(isinstance(line, RecurringFee | PerUnitFee) for line in lines):
        amount = _money(rng, currency, 100, 5_000)
        lines.append(RecurringFee(id="flat", description="Managed services", amount=amount))
        kinds["lines", "recurring, monthly"] += 1
    return lines


def _adjustment(
    rng: random.Random, lines: Sequence[FeeLine]
) -> tuple[str, tuple[PriceAdjustment, ...]]:
    """Return no adjustment (50 %), a percentage (40 %) or an index-linked one (10 %)."""
    at = rng.choice(tuple(AdjustmentTiming))
    adjustable = [line.id for line in lines if not isinstance(line, OneTimeFee)]
    chosen: tuple[str, ...] = ()
    if len(adjustable) > 1 and rng.random() < 0.2:
        chosen = tuple(rng.sample(adjustable, rng.randint(1, len(adjustable))))
    roll = rng.random()
    if roll < 0.5:
        return GROUPS[0], ()
    if roll < 0.9:
        percent = Decimal(rng.choice(("2", "2.5", "3", "3.5", "4", "5", "7", "-1")))
        return GROUPS[1], (PercentageAdjustment(percent=percent, at=at, lines=chosen),)
    cap = Decimal(rng.choice((3, 5, 7))) if rng.random() < 0.8 else None
    floor = Decimal(0) if rng.random() < 0.7 else None
    index = IndexAdjustment(index=rng.choice(INDEXES), at=at, cap=cap, floor=floor, lines=chosen)
    return GROUPS[2], (index,)


def _billing(rng: random.Random, start: Day, kinds: Kinds) -> BillingPolicy:
    """Return monthly (85 %), quarterly or annual billing, in advance (70 %) or arrears."""
    frequency = rng.choices(tuple(BillingFrequency), weights=(85, 10, 5))[0]
    timing = rng.choices(tuple(BillingTiming), weights=(70, 30))[0]
    roll = rng.random()
    if roll < 0.6:
        anchor, name = None, "the start"
    elif roll < 0.85:
        anchor, name = start.add(months=1).replace(day=1), "the 1st after the start"
    elif roll < 0.95:
        anchor, name = start.replace(day=1), "the 1st before the start"
    else:
        anchor, name = start.replace(day=15), "the 15th"
    kinds.update(
        (("billed", frequency.value), ("invoiced", f"in {timing.value}"), ("anchor", name))
    )
    return BillingPolicy(frequency=frequency, timing=timing, anchor=anchor)


def _term(rng: random.Random, calendar: BusinessCalendar | None, kinds: Kinds) -> Term:
    """Return a term from 2020 to 2030: mostly 12 to 36 months renewing yearly."""
    months = rng.choices((3, 6, 12, 18, 24, 36), weights=(5, 10, 25, 5, 15, 40))[0]
    mode = rng.choices(("automatic", "manual", "none"), weights=(80, 10, 10))[0]
    length = _period(years=1) if rng.random() < 0.8 else _period(months=months)
    kinds.update((("initial term", f"{months} months"), ("renewal", mode)))
    return Term(
        start=_start(rng),
        initial=_period(months=months),
        renewal=_renewal(mode, length),
        notice=None if mode == "none" else _notice(rng.choice((30, 60, 90))),
        calendar=calendar,
    )


def _year_of(term: Term, year: int) -> tuple[Day, Day]:
    """Return the first and last day of the agreement's `year` (1 for the first)."""
    first = term.start.add(months=12 * (year - 1))
    return first, term.start.add(months=12 * year).subtract(days=1)


def _plural(unit: Unit) -> str:
    return unit.value + ("es" if unit.value.endswith(("s", "x", "ch", "sh")) else "s")


def _quantities(
    rng: random.Random, lines: Sequence[FeeLine], periods: Sequence[BillingPeriod], kinds: Kinds
) -> tuple[dict[str, Quantity], ...]:
    """Return unit counts for each period, drifting; 15 % of periods have a count change."""
    keys = {}  # each line's key: its unit's plural, or its id for one line in five
    for line in lines:
        if isinstance(line, PerUnitFee):
            keys[line.id] = line.id if rng.random() < 0.2 else _plural(line.unit)
    counts = {key: rng.randint(1, 400) for key in keys.values()}
    found: list[dict[str, Quantity]] = []
    for period in periods:
        given: dict[str, Quantity] = {}
        for key, count in counts.items():
            given[key] = counts[key] = max(0, count + rng.randint(-5, 6))
        if given and period.days > 1 and rng.random() < 0.15:
            key = rng.choice(sorted(given))
            changed = period.start.add(days=rng.randint(1, period.days - 1))
            later = max(0, counts[key] + rng.randint(-20, 20))
            given[key] = ((period.start, counts[key]), (changed, later))
            counts[key] = later
            kinds["periods", "with a count change"] += 1
        found.append(given)
    kinds["periods", "all"] += len(periods)
    return tuple(found)


def workload(count: int, seed: int = SEED, year: int = 1) -> Workload:
    """Generate `count` agreements and the inputs of each period of their `year`."""
    rng = random.Random(seed)
    calendar = _calendar()
    series = _index_series(rng)
    kinds: Kinds = Counter()
    agreements = []
    for _ in range(count):
        currency = rng.choices(tuple(CURRENCIES), weights=tuple(CURRENCIES.values()))[0]
        in_business_days = rng.random() < 0.15
        term = _term(rng, calendar if in_business_days else None, kinds)
        lines = _lines(rng, currency, term.start, kinds)
        group, adjustments = _adjustment(rng, lines)
        terms_kind = (
            BusinessDays(10) if in_business_days else _period(days=rng.choice((15, 30, 45)))
        )
        fees = FeeSchedule(
            currency=currency,
            lines=tuple(lines),
            payment_terms=terms_kind,
            billing=_billing(rng, term.start, kinds),
            adjustments=adjustments,
            rounding=rng.choices(
                (Rounding.HALF_UP, Rounding.HALF_EVEN, Rounding.DOWN), weights=(85, 10, 5)
            )[0],
        )
        first, through = _year_of(term, year)
        last_service_day = None
        if rng.random() < 0.05:
            last_service_day = first.add(days=rng.randint(30, 330))
            kinds["agreements", "terminated within the year"] += 1
        listed = fees.billing_periods(
            copy.copy(term), through, last_service_day=last_service_day, since=first
        )
        skip = sum(period.end < first for period in listed)
        periods = listed[skip:]
        kinds.update((("currency", currency), ("price adjustment", group)))
        kinds["payment terms", "business days" if in_business_days else "days"] += 1
        agreements.append(
            Agreement(
                fees=fees,
                term=term,
                first=first,
                through=through,
                last_service_day=last_service_day,
                skip=skip,
                periods=periods,
                quantities=_quantities(rng, lines, periods, kinds),
                indexes=series if group == GROUPS[2] else {},
                group=group,
            )
        )
    return Workload(agreements, year, kinds)


# -- checks -------------------------------------------------------------------


def _fail(index: int, message: str) -> SystemExit:
    return SystemExit(f"agreement {index}: {message}")


def _check_periods(index: int, agreement: Agreement, year: int) -> None:
    """The periods tile the year from its first day, each a whole period of the frequency.

    Raises:
        SystemExit: They do not.
    """
    periods, term, fees = agreement.periods, agreement.term, agreement.fees
    months = fees.billing.frequency.months
    lengths = {1: range(28, 32), 3: range(89, 93), 12: range(365, 367)}[months]
    first, _ = _year_of(term, year)
    if year == 1 and (not periods or periods[0].start != term.start):
        raise _fail(index, f"the first period does not start on the term start {term.start}")
    for earlier, later in itertools.pairwise(periods):
        if later.start != earlier.end.add(days=1) or later.full_start != earlier.full_end.add(
            days=1
        ):
            raise _fail(index, f"{earlier} and {later} are not consecutive")
    for period in periods:
        if period.period_days not in lengths or not period.full_start <= period.start:
            raise _fail(index, f"{period} is not a whole {fees.billing.frequency.value} period")
        if period.end < first or period.start > agreement.through:
            raise _fail(index, f"{period} lies outside year {year}")
    expiry = term.expiry()
    ends = [day for day in (expiry, agreement.last_service_day) if day is not None]
    end = min(ends) if ends else None
    if periods and not (
        periods[-1].start <= agreement.through <= periods[-1].end
        or (end is not None and periods[-1].end == end)
    ):
        raise _fail(
            index,
            f"the last period {periods[-1]} neither holds {agreement.through} nor ends the service",
        )


def _expected(fees: FeeSchedule, line: FeeLine, quantity: int) -> Decimal | None:
    """A line's full-period charge, worked out plainly from its clause; None for other lines."""
    share = Decimal(fees.billing.frequency.months)
    with decimal.localcontext() as context:
        # Sums of products are exact; a third or a twelfth keeps 60 digits, far more than
        # rounding to the minor unit needs (a tie is a short, exact decimal).
        context.prec = 60
        if isinstance(line, RecurringFee):
            exact = line.amount.amount * share / line.per.months
        elif isinstance(line, PerUnitFee):
            exact = _unit_value(line, quantity) * share / line.per.months
        else:
            return None
        quantum = Decimal(f"1E-{PLACES[fees.currency]}")
        return exact.quantize(quantum, rounding=fees.rounding.decimal_mode)


def _unit_value(line: PerUnitFee, quantity: int) -> Decimal:
    """A per-unit line's charge for a whole period of its own, by its clause."""
    billed = max(quantity, line.minimum)
    if line.unit_price is not None:
        return max(0, billed - line.included) * line.unit_price.amount
    if line.tier_mode is TierMode.VOLUME:
        tier = next(t for t in line.tiers if t.up_to is None or billed <= t.up_to)
        return max(0, billed - line.included) * tier.unit_price.amount
    value, lower = Decimal(0), 0
    for tier in line.tiers:  # graduated: each unit at the price of its tier
        upper = billed if tier.up_to is None else min(tier.up_to, billed)
        value += max(0, upper - max(lower, line.included)) * tier.unit_price.amount
        lower = upper if tier.up_to is None else tier.up_to
    return value


def _count_of(line: FeeLine, quantities: Mapping[str, Quantity]) -> int | None:
    """The line's count when it is one number for the whole period (0 for unit-less lines)."""
    if not isinstance(line, PerUnitFee):
        return 0
    given = quantities.get(line.id, quantities.get(_plural(line.unit)))
    return given if isinstance(given, int) else None


def _adjusted_by(agreement: Agreement, line: FeeLine, day: Day) -> bool:
    """Tell whether a price adjustment of `line` may have taken effect by `day`."""
    term = agreement.term
    for rule in agreement.fees.adjustments:
        if rule.lines and line.id not in rule.lines:
            continue
        if rule.at is AdjustmentTiming.ANNIVERSARY:
            first = term.start.add(months=12)
        else:
            first = term.next_renewal(term.start) or Day(9999, 12, 31)
        if first <= day:
            return True
    return False


def _matches(
    index: int,
    agreement: Agreement,
    period: BillingPeriod,
    quantities: Mapping[str, Quantity],
    charge: ChargeLine,
) -> bool:
    """Compare the charge of a whole period with its clause, if no count or price changes.

    Raises:
        SystemExit: It differs from the clause worked out by hand.
    """
    line = agreement.fees.line(charge.line)
    counted = _count_of(line, quantities)
    if counted is None or _adjusted_by(agreement, line, period.end):
        return False
    expected = _expected(agreement.fees, line, counted)
    if expected is None:
        return False
    if expected != charge.amount.amount:
        message = f"{charge.line} in {period}: expected {expected}, got {charge.amount.amount}"
        raise _fail(index, message)
    return True


def _check_charges(index: int, agreement: Agreement, found: Sequence[Charges]) -> int:
    """Check the charges of every period; return how many lines met a hand-worked figure.

    Every amount is rounded to the currency's minor units, and the total is
    their sum. A line of a whole period with one count and no price change
    in force must equal its clause worked out with plain decimals.

    Raises:
        SystemExit: A charge breaks one of these rules.
    """
    fees, matched = agreement.fees, 0
    exponent = -PLACES[fees.currency]
    one_time: Counter[str] = Counter()
    for period, quantities, charges in zip(
        agreement.periods, agreement.quantities, found, strict=True
    ):
        lines = charges.lines
        if sum((line.amount.amount for line in lines), Decimal(0)) != charges.total.amount:
            raise _fail(index, f"the total of {period} is not the sum of its lines")
        ids = Counter(line.line for line in lines)
        for charge in lines:
            amount = charge.amount.amount
            if amount.as_tuple().exponent != exponent or amount < 0:
                raise _fail(
                    index, f"{charge} is not a rounded, non-negative {fees.currency} amount"
                )
            if charge.kind is ChargeKind.ONE_TIME:
                one_time[charge.line] += 1
            if not period.is_partial and ids[charge.line] == 1:
                matched += _matches(index, agreement, period, quantities, charge)
    if any(times > 1 for times in one_time.values()):
        raise _fail(index, f"a one-time fee is charged more than once: {one_time}")
    return matched


def verify(work: Workload, sample: int = 1_000) -> tuple[int, int]:
    """Check the periods and charges of a sample of agreements before timing them.

    Returns:
        The agreements checked, and the charge lines that met a hand-worked figure.

    Raises:
        SystemExit: A period or a charge breaks a rule.
    """
    step = max(1, len(work.agreements) // sample)
    checked = matched = 0
    for index in range(0, len(work.agreements), step):
        agreement = work.agreements[index]
        _check_periods(index, agreement, work.year)
        term = copy.copy(agreement.term)
        charges = [
            agreement.fees.charges(period, term, quantities=quantities, indexes=agreement.indexes)
            for period, quantities in zip(agreement.periods, agreement.quantities, strict=True)
        ]
        matched += _check_charges(index, agreement, charges)
        checked += 1
    return checked, matched


# -- timing -------------------------------------------------------------------


def _periods_pass(agreements: Sequence[Agreement], terms: Sequence[Term]) -> None:
    for agreement, term in zip(agreements, terms, strict=True):
        agreement.fees.billing_periods(
            term,
            agreement.through,
            last_service_day=agreement.last_service_day,
            since=agreement.first,
        )


def _charges_pass(agreements: Sequence[Agreement], terms: Sequence[Term]) -> None:
    for agreement, term in zip(agreements, terms, strict=True):
        charges, indexes = agreement.fees.charges, agreement.indexes
        for period, quantities in zip(agreement.periods, agreement.quantities, strict=True):
            charges(period, term, quantities=quantities, indexes=indexes)


def _both_pass(agreements: Sequence[Agreement], terms: Sequence[Term]) -> None:
    for agreement, term in zip(agreements, terms, strict=True):
        fees, indexes = agreement.fees, agreement.indexes
        periods = fees.billing_periods(
            term,
            agreement.through,
            last_service_day=agreement.last_service_day,
            since=agreement.first,
        )
        for period, quantities in zip(periods[agreement.skip :], agreement.quantities, strict=True):
            fees.charges(period, term, quantities=quantities, indexes=indexes)


Pass = Callable[[Sequence[Agreement], Sequence[Term]], None]


def _fresh(agreements: Sequence[Agreement]) -> tuple[list[Agreement], list[Term]]:
    """Return the agreements with fresh copies of their fee schedules, and fresh terms.

    A term works out its periods on first use, and a fee schedule prepares
    its prices for charging on first use, as ones just read from a file do;
    the copies make every pass pay for that again.
    """
    fresh = [agreement._replace(fees=copy.copy(agreement.fees)) for agreement in agreements]
    return fresh, [copy.copy(agreement.term) for agreement in agreements]


def _seconds(run: Pass, agreements: Sequence[Agreement]) -> float:
    """Return the seconds one pass over `agreements` takes, with the garbage collector off.

    The pass gets fresh copies of the terms and fee schedules (`_fresh`),
    made before the clock starts.
    """
    fresh, terms = _fresh(agreements)
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        run(fresh, terms)
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def run(work: Workload, rounds: int) -> dict[str, float]:
    """Time the three passes batch by batch; keep each batch's best of `rounds`.

    The agreements are timed in batches of `BATCH`, and the passes take
    turns batch by batch, so a busy spell of the machine slows every pass
    alike. The charges pass runs one adjustment group at a time. A figure is
    the sum of its batches' best times.

    Returns:
        Seconds by pass (`PERIODS`, `BOTH`, and each group of `GROUPS`).
    """
    agreements = work.agreements
    batches = [agreements[first : first + BATCH] for first in range(0, len(agreements), BATCH)]
    best: dict[tuple[str, int], float] = {}
    for _ in range(rounds):
        for number, batch in enumerate(batches):
            tasks: list[tuple[str, Pass, Sequence[Agreement]]] = [(PERIODS, _periods_pass, batch)]
            for group in GROUPS:
                grouped = [agreement for agreement in batch if agreement.group == group]
                tasks.append((group, _charges_pass, grouped))
            tasks.append((BOTH, _both_pass, batch))
            for name, task, chosen in tasks:
                seconds = _seconds(task, chosen)
                best[name, number] = min(best.get((name, number), float("inf")), seconds)
    totals: dict[str, float] = {}
    for (name, _), seconds in best.items():
        totals[name] = totals.get(name, 0.0) + seconds
    totals[CHARGES] = sum(totals[group] for group in GROUPS)
    return totals


# -- report -------------------------------------------------------------------


def report(work: Workload, seconds: dict[str, float]) -> None:
    """Print the table of rates, and the agreement-periods per second against the target."""
    everything = work.agreements
    rows: list[tuple[str, str, Sequence[Agreement]]] = [
        (PERIODS, "billing_periods, a year", everything),
        (CHARGES, "charges, every period", everything),
    ]
    for group in GROUPS:
        grouped = [agreement for agreement in everything if agreement.group == group]
        rows.append((group, f"  {group}", grouped))
    rows.append((BOTH, "both: agreement-periods", everything))
    header = f"{'pass':<26}{'agreements':>11}{'periods':>10}{'µs/agreement':>14}"
    header += f"{'µs/period':>11}{'periods/s':>11}"
    print(header)
    print("-" * len(header))
    for key, name, chosen in rows:
        taken = seconds[key]
        periods = sum(len(agreement.periods) for agreement in chosen)
        print(
            f"{name:<26}{len(chosen):>11,}{periods:>10,}{taken / len(chosen) * 1e6:>14,.1f}"
            f"{taken / periods * 1e6:>11,.1f}{periods / taken:>11,.0f}"
        )
    print("-" * len(header))
    lines = sum(len(agreement.fees.lines) for agreement in everything) / len(everything)
    print(
        f"(an agreement has {lines:.1f} fee lines on average; the charges rows by price adjustment)"
    )
    print()
    periods = sum(len(agreement.periods) for agreement in everything)
    rate = periods / seconds[BOTH]
    verdict = "met" if rate >= RATE_TARGET else "missed"
    print(
        f"agreement-periods per second: {rate:,.0f} (target ≥ {RATE_TARGET:,}/s: {verdict}, "
        f"{rate / RATE_TARGET:.2f}× the target)"
    )


def profile(work: Workload, top: int, count: int) -> None:
    """Print cProfile's hottest functions of the charges pass over the first `count` agreements."""
    agreements, terms = _fresh(work.agreements[:count])
    profiler = cProfile.Profile()
    profiler.enable()
    _charges_pass(agreements, terms)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(top)
        print(f"==== FeeSchedule.charges, {len(agreements):,} agreements, by {order} ====")
        print(out.getvalue().split("\n", 4)[-1].strip("\n"))
        print()


def _describe(work: Workload) -> None:
    """Print what the generated agreements are made of, as shares."""
    count = len(work.agreements)
    kinds = work.kinds
    parts = sorted({part for part, _ in kinds} - {"periods", "agreements"})
    for part in parts:
        shares = sorted((choice, n) for (name, choice), n in kinds.items() if name == part)
        total = sum(n for _, n in shares) if part == "lines" else count
        print(f"{part + ':':<18}" + ", ".join(f"{choice} {n / total:.0%}" for choice, n in shares))
    periods = kinds["periods", "all"]
    print(
        f"{'periods:':<18}{periods:,} ({periods / count:.1f} per agreement), "
        f"{kinds['periods', 'with a count change'] / periods:.0%} with a count change; "
        f"{kinds['agreements', 'terminated within the year'] / count:.0%} of the agreements "
        "terminated within the year"
    )


def main(argv: list[str] | None = None) -> None:
    """Generate the agreements, check them, and time (or profile) their billing."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer agreements, fewer rounds")
    parser.add_argument("--count", type=int, help="agreements to generate (default 10,000)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the generator")
    parser.add_argument("--year", type=int, default=1, help="year of the agreements to bill (1)")
    parser.add_argument("--rounds", type=int, help="times each batch is timed (default 3)")
    parser.add_argument(
        "--profile", action="store_true", help="profile the charges pass instead of timing"
    )
    parser.add_argument("--top", type=int, default=25, help="rows per profile table")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else DEFAULT
    count = args.count or settings.agreements
    rounds = args.rounds or settings.rounds
    started = time.perf_counter()
    work = workload(count, args.seed, args.year)
    built = time.perf_counter() - started
    checked, matched = verify(work, settings.checked)
    if args.profile:
        profile(work, args.top, min(count, 2_000))
        return
    print(f"Python {sys.version.split()[0]}, msa-model {metadata.version('msa-model')}")
    print(
        f"{count:,} agreements (seed {args.seed}), year {args.year} billed; generated in "
        f"{built:.1f} s; {checked:,} checked, {matched:,} charge lines equal to a figure "
        "worked out by hand"
    )
    _describe(work)
    print(f"best of {rounds} runs per batch of {BATCH:,} agreements")
    print()
    report(work, run(work, rounds))


if __name__ == "__main__":
    main()
