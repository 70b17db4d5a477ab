"""Billing periods and charges of a fee schedule, as invoices show them (docs/billing.md).

Every amount below was worked out by hand from the fee clause it tests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import (
    AdjustmentTiming,
    BillingFrequency,
    BillingPolicy,
    BillingTiming,
    BlockOfHours,
    ConvenienceTermination,
    FeeSchedule,
    FixedTerminationFee,
    LateFee,
    Money,
    MonthlyFeesTerminationFee,
    Notice,
    NotInAgreementError,
    OneTimeFee,
    PartyRole,
    PercentageAdjustment,
    Period,
    PerUnitFee,
    PriceTier,
    RecurringFee,
    Renewal,
    Term,
    TerminationRights,
    TierMode,
    Unit,
    loads,
)
from msa_model._model.invoicing import ChargeKind, MissingInputError, Work

Day = pendulum.Date


def term(start: Day, months: int = 36, renewal: Renewal | None = None) -> Term:
    """A term from `start` for `months`, renewing yearly unless told otherwise."""
    return Term(
        start=start,
        initial=Period(months=months),
        renewal=renewal or Renewal.automatic(Period(years=1)),
        notice=Notice(length=Period(days=90)),
    )


def schedule(
    *lines: object,
    currency: str = "USD",
    billing: BillingPolicy | None = None,
    adjustments: tuple[PercentageAdjustment, ...] = (),
) -> FeeSchedule:
    """A fee schedule with net-30 payment terms."""
    return FeeSchedule(
        currency=currency,
        lines=lines,  # type: ignore[arg-type] # fee lines, built by the caller
        payment_terms=Period(days=30),
        billing=billing or BillingPolicy(),
        adjustments=adjustments,
    )


def flat(
    amount: str, currency: str = "USD", per: BillingFrequency = BillingFrequency.MONTHLY
) -> RecurringFee:
    """A flat recurring fee."""
    return RecurringFee(
        id="flat", description="Managed services", amount=Money.of(amount, currency), per=per
    )


def amounts(fees: FeeSchedule, agreement_term: Term, day: Day, **kwargs: object) -> list[str]:
    """The rounded line amounts of the billing period containing `day`."""
    period = next(p for p in fees.billing_periods(agreement_term, day) if p.start <= day <= p.end)
    found = fees.charges(period, agreement_term, **kwargs)  # type: ignore[arg-type]
    return [str(line.amount.amount) for line in found.lines]


def test_a_first_month_from_the_16th_of_april_is_half_a_month() -> None:
    """3,000.00 a month billed on calendar months, service from 2024-04-16: 15/30 of April."""
    fees = schedule(flat("3000.00"), billing=BillingPolicy(anchor=Day(2024, 4, 1)))
    agreement_term = term(Day(2024, 4, 16))
    periods = fees.billing_periods(agreement_term, Day(2024, 5, 1))
    assert [(str(p.start), str(p.end), p.days, p.period_days) for p in periods] == [
        ("2024-04-16", "2024-04-30", 15, 30),
        ("2024-05-01", "2024-05-31", 31, 31),
    ]
    assert amounts(fees, agreement_term, Day(2024, 4, 16)) == ["1500.00"]
    assert amounts(fees, agreement_term, Day(2024, 5, 1)) == ["3000.00"]


def test_an_annual_fee_prorated_in_a_leap_year() -> None:
    """12,000.00 a year billed yearly on calendar years, from 2024-07-01: 184/366 days."""
    fees = schedule(
        flat("12000.00", per=BillingFrequency.ANNUALLY),
        billing=BillingPolicy(frequency=BillingFrequency.ANNUALLY, anchor=Day(2024, 1, 1)),
    )
    assert amounts(fees, term(Day(2024, 7, 1)), Day(2024, 7, 1)) == ["6032.79"]


def test_an_annual_price_billed_monthly_is_a_twelfth() -> None:
    """1,000.00 a year billed monthly: 83.333… rounds to 83.33 each month."""
    fees = schedule(flat("1000.00", per=BillingFrequency.ANNUALLY))
    assert amounts(fees, term(Day(2025, 1, 1)), Day(2025, 3, 1)) == ["83.33"]


def test_quarterly_periods_anchored_on_the_31st_do_not_drift() -> None:
    """Quarters from 2024-01-31 end the day before 04-30, 07-31 and 10-31."""
    fees = schedule(flat("900.00"), billing=BillingPolicy(frequency=BillingFrequency.QUARTERLY))
    periods = fees.billing_periods(term(Day(2024, 1, 31)), Day(2024, 12, 31))
    assert [str(p.start) for p in periods] == [
        "2024-01-31",
        "2024-04-30",
        "2024-07-31",
        "2024-10-31",
    ]
    assert [str(p.due_day) for p in periods][:2] == ["2024-03-01", "2024-05-30"]


def test_invoices_in_arrears_fall_the_day_after_the_period() -> None:
    """Billed in arrears: February 2025 is invoiced 1 March, due 31 March."""
    fees = schedule(flat("100.00"), billing=BillingPolicy(timing=BillingTiming.ARREARS))
    period = fees.billing_periods(term(Day(2025, 1, 1)), Day(2025, 2, 1))[1]
    assert (str(period.invoice_day), str(period.due_day)) == ("2025-03-01", "2025-03-31")


def test_a_last_service_day_clips_the_final_period() -> None:
    """Service ends 2025-03-10: March bills 10 of 31 days of 3,100.00 = 1,000.00."""
    fees = schedule(flat("3100.00"))
    agreement_term = term(Day(2025, 1, 1))
    periods = fees.billing_periods(
        agreement_term, Day(2025, 12, 31), last_service_day=Day(2025, 3, 10)
    )
    assert [str(p.end) for p in periods] == ["2025-01-31", "2025-02-28", "2025-03-10"]
    found = fees.charges(periods[-1], agreement_term)
    assert found.total == Money.of("1000.00", "USD")


def test_five_percent_a_year_compounds_and_rounds_each_step() -> None:
    """1,000.00 plus 5% on each anniversary: 1,050.00, 1,102.50, 1,157.63."""
    fees = schedule(
        flat("1000.00"),
        adjustments=(PercentageAdjustment(percent=Decimal(5), at=AdjustmentTiming.ANNIVERSARY),),
    )
    agreement_term = term(Day(2024, 1, 1), months=60)
    found = [amounts(fees, agreement_term, Day(year, 1, 1)) for year in (2024, 2025, 2026, 2027)]
    assert found == [["1000.00"], ["1050.00"], ["1102.50"], ["1157.63"]]


def test_a_price_change_inside_a_period_splits_it() -> None:
    """Billing anchored on the 1st, anniversary on the 16th: 15 days old price, 16 days new."""
    fees = schedule(
        flat("3100.00"),
        billing=BillingPolicy(anchor=Day(2024, 1, 1)),
        adjustments=(PercentageAdjustment(percent=Decimal(10), at=AdjustmentTiming.ANNIVERSARY),),
    )
    agreement_term = term(Day(2024, 1, 16))
    # January 2025: 1-15 at 3,100.00 (15/31 = 1,500.00), 16-31 at 3,410.00 (16/31 = 1,760.00).
    assert amounts(fees, agreement_term, Day(2025, 1, 1)) == ["1500.00", "1760.00"]


def test_an_adjustment_at_renewal_waits_for_the_first_renewal() -> None:
    """A 12-month term renewing yearly: +5% from the first renewal on 2025-03-01."""
    fees = schedule(
        flat("200.00"),
        adjustments=(PercentageAdjustment(percent=Decimal(5), at=AdjustmentTiming.RENEWAL),),
    )
    agreement_term = term(Day(2024, 3, 1), months=12)
    assert amounts(fees, agreement_term, Day(2025, 2, 1)) == ["200.00"]
    assert amounts(fees, agreement_term, Day(2025, 3, 1)) == ["210.00"]


TIERS = (
    PriceTier(up_to=50, unit_price=Money.of("45.00", "USD")),
    PriceTier(up_to=100, unit_price=Money.of("40.00", "USD")),
    PriceTier(up_to=None, unit_price=Money.of("35.00", "USD")),
)


@pytest.mark.parametrize(
    ("mode", "devices", "amount"),
    [
        (TierMode.GRADUATED, 60, "2650.00"),  # 50 x 45 + 10 x 40
        (TierMode.VOLUME, 60, "2400.00"),  # 60 x 40
        (TierMode.GRADUATED, 50, "2250.00"),  # the tier edge belongs to the lower tier
        (TierMode.VOLUME, 51, "2040.00"),  # 51 x 40
    ],
)
def test_tiered_device_prices(mode: TierMode, devices: int, amount: str) -> None:
    """Graduated prices each device by its tier; volume prices all by the count's tier."""
    line = PerUnitFee(
        id="devices", description="Devices", unit=Unit.DEVICE, tiers=TIERS, tier_mode=mode
    )
    fees = schedule(line)
    assert amounts(
        fees, term(Day(2025, 1, 1)), Day(2025, 1, 1), quantities={"devices": devices}
    ) == [amount]


def test_a_quantity_change_mid_month_prorates_each_part() -> None:
    """30 users at 65.00 in June, 40 from the 16th: 15/30 x 1,950.00 + 15/30 x 2,600.00."""
    line = PerUnitFee(
        id="users", description="Users", unit=Unit.USER, unit_price=Money.of("65.00", "USD")
    )
    fees = schedule(line)
    changes = [(Day(2025, 6, 1), 30), (Day(2025, 6, 16), 40)]
    found = amounts(fees, term(Day(2025, 1, 1)), Day(2025, 6, 1), quantities={"users": changes})
    assert found == ["975.00", "1300.00"]


def test_minimum_and_included_units() -> None:
    """17 users with a minimum of 20 bill 20; 12 mailboxes with 5 included bill 7."""
    users = PerUnitFee(
        id="users",
        description="Users",
        unit=Unit.USER,
        unit_price=Money.of("65.00", "USD"),
        minimum=20,
    )
    mailboxes = PerUnitFee(
        id="mail",
        description="Mailboxes",
        unit=Unit.MAILBOX,
        unit_price=Money.of("6.75", "USD"),
        included=5,
    )
    fees = schedule(users, mailboxes)
    found = amounts(
        fees, term(Day(2025, 1, 1)), Day(2025, 1, 1), quantities={"users": 17, "mailboxes": 12}
    )
    assert found == ["1300.00", "47.25"]


def test_a_missing_quantity_names_the_line_and_the_key() -> None:
    """A per-unit line without a count is an error that says what to give."""
    line = PerUnitFee(
        id="users", description="Users", unit=Unit.USER, unit_price=Money.of("65.00", "USD")
    )
    fees = schedule(line)
    agreement_term = term(Day(2025, 1, 1))
    period = fees.billing_periods(agreement_term, Day(2025, 1, 1))[0]
    with pytest.raises(MissingInputError, match="give its quantity as users=N or users=N"):
        fees.charges(period, agreement_term)


def test_yen_and_dinar_round_to_their_minor_units() -> None:
    """¥100,000 a month for 10 of 31 days = ¥32,258; BHD 1.000 for 10 of 30 days = 0.333."""
    yen = schedule(
        flat("100000", "JPY"), currency="JPY", billing=BillingPolicy(anchor=Day(2025, 1, 1))
    )
    assert amounts(yen, term(Day(2025, 1, 22)), Day(2025, 1, 22)) == ["32258"]
    dinar = schedule(
        flat("1.000", "BHD"), currency="BHD", billing=BillingPolicy(anchor=Day(2025, 4, 1))
    )
    assert amounts(dinar, term(Day(2025, 4, 21)), Day(2025, 4, 21)) == ["0.333"]


def test_one_time_fees_and_blocks_fall_in_their_periods() -> None:
    """Onboarding on 2025-02-01 and a monthly 10-hour block bought each month."""
    onboarding = OneTimeFee(
        id="onboarding",
        description="Onboarding",
        amount=Money.of("4500.00", "USD"),
        billed_on=Day(2025, 2, 1),
    )
    block = BlockOfHours(
        id="block",
        description="10 hours",
        hours=10,
        price=Money.of("1200.00", "USD"),
        per=BillingFrequency.MONTHLY,
    )
    fees = schedule(onboarding, block)
    agreement_term = term(Day(2025, 1, 1))
    assert amounts(fees, agreement_term, Day(2025, 1, 1)) == ["1200.00"]
    found = fees.charges(fees.billing_periods(agreement_term, Day(2025, 2, 1))[1], agreement_term)
    assert [(line.kind, str(line.amount.amount)) for line in found.lines] == [
        (ChargeKind.ONE_TIME, "4500.00"),
        (ChargeKind.BLOCK, "1200.00"),
    ]


FREQUENCIES = {
    1: BillingFrequency.MONTHLY,
    3: BillingFrequency.QUARTERLY,
    12: BillingFrequency.ANNUALLY,
}


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
    months=st.sampled_from(sorted(FREQUENCIES)),
    cut=st.integers(1, 400),
    cents=st.integers(1, 10**8),
)
def test_a_period_split_by_a_quantity_change_adds_up_to_the_whole(
    start: dt.date, months: int, cut: int, cents: int
) -> None:
    """Splitting a period at any day prorates to the whole within one cent per part, no floats."""
    frequency = FREQUENCIES[months]
    line = PerUnitFee(
        id="units",
        description="Units",
        unit=Unit.DEVICE,
        unit_price=Money(Decimal(cents).scaleb(-2), "USD"),
        per=frequency,
    )
    fees = schedule(line, billing=BillingPolicy(frequency=frequency))
    agreement_term = term(Day(start.year, start.month, start.day), months=24)
    period = fees.billing_periods(agreement_term, agreement_term.start)[0]
    split = Day.fromordinal(period.start.toordinal() + 1 + cut % (period.days - 1))
    whole = fees.charges(period, agreement_term, quantities={"devices": 1})
    parts = fees.charges(
        period, agreement_term, quantities={"devices": [(period.start, 1), (split, 1)]}
    )
    assert len(parts.lines) == 2  # before and after the split
    assert all(type(line.amount.amount) is Decimal for line in parts.lines)
    assert abs(parts.total.amount - whole.total.amount) <= Decimal("0.02")


def test_a_service_credit_is_a_negative_line() -> None:
    """October 2026's 62.50 credit for rmm comes off November's invoice."""
    from pathlib import Path  # noqa: PLC0415 # only this test reads the example

    from msa_model import Outage, loads  # noqa: PLC0415

    example = Path(__file__).resolve().parent.parent / "examples" / "harbor-point-managed-it.json"
    agreement = loads(example.read_text(encoding="utf-8"))
    down = Outage(
        service="rmm",
        start=pendulum.parse("2026-10-14T10:00:00-04:00"),  # type: ignore[arg-type]
        end=pendulum.parse("2026-10-14T11:30:00-04:00"),  # type: ignore[arg-type]
    )
    credit = agreement.sla.credit("rmm", Day(2026, 10, 1), [down], Money.of("1250.00", "USD"))
    november = agreement.fees.billing_periods(agreement.term, Day(2026, 11, 1))[-1]
    counts = {"devices": 42, "users": 17, "mailboxes": 20, "servers": 3, "sites": 2}
    plain = agreement.fees.charges(november, agreement.term, quantities=counts)
    found = agreement.fees.charges(
        november, agreement.term, quantities=counts, service_credits=[credit]
    )
    last = found.lines[-1]
    assert (last.kind, last.amount, str(last.start)) == (
        ChargeKind.SERVICE_CREDIT,
        Money.of("-62.50", "USD"),
        "2026-10-01",
    )
    assert found.total == plain.total - Money.of("62.50", "USD")


HARBOR = Path(__file__).resolve().parent.parent / "examples" / "harbor-point-managed-it.json"
COUNTS = {"devices": 42, "users": 17, "mailboxes": 20, "servers": 3, "sites": 2}
MONTHLY = Decimal("6551.25")  # 1,890 + 525 + 1,300 + 101.25 + 450 + 285 + 500 + 1,500


@pytest.mark.parametrize(
    ("last_service_day", "expected"),
    [
        # 19 whole months left (July 2026 to January 2028): 50% x 19 x 6,551.25 = 62,236.875.
        (Day(2026, 6, 30), "62236.88"),
        # From 16 June: 19 months to 15 January 2028, then 16 of the 31 days to 15 February.
        # 50% x 6,551.25 x (19 + 16/31) = 63,927.5201…
        (Day(2026, 6, 15), "63927.52"),
        # The last day of the initial term leaves nothing.
        (Day(2028, 1, 31), "0.00"),
    ],
)
def test_the_early_termination_fee_is_half_the_recurring_fees_left(
    last_service_day: Day, expected: str
) -> None:
    """The bundled agreement charges 50% of the recurring fees left in the term period."""
    agreement = loads(HARBOR.read_text(encoding="utf-8"))
    fee = agreement.fees.early_termination_fee(agreement.term, last_service_day, quantities=COUNTS)
    assert fee == Money.of(expected, "USD")


def test_monthly_and_fixed_early_termination_fees() -> None:
    """Three months of 200.00 is 600.00; a fixed fee is itself; none is an error."""
    fees = schedule(flat("200.00"))
    base = term(Day(2025, 1, 1))
    rights = TerminationRights(
        convenience=ConvenienceTermination(
            parties=(PartyRole.CLIENT,),
            notice=Notice(length=Period(days=30)),
            early_termination_fee=MonthlyFeesTerminationFee(months=3),
        )
    )
    monthly = attrs.evolve(base, termination=rights)
    assert fees.early_termination_fee(monthly, Day(2025, 6, 30)) == Money.of("600.00", "USD")
    fixed = attrs.evolve(
        base,
        termination=attrs.evolve(
            rights,
            convenience=attrs.evolve(
                monthly.termination.convenience,  # type: ignore[misc] # set just above
                early_termination_fee=FixedTerminationFee(amount=Money.of("2500", "USD")),
            ),
        ),
    )
    assert fees.early_termination_fee(fixed, Day(2025, 6, 30)) == Money.of("2500.00", "USD")
    with pytest.raises(NotInAgreementError, match="no early-termination fee"):
        fees.early_termination_fee(base, Day(2025, 6, 30))


@pytest.mark.parametrize(
    ("paid_on", "expected"),
    [
        (Day(2025, 3, 13), "0.00"),  # within the 10 days' grace after 3 March
        (Day(2025, 3, 14), "98.27"),  # one part-month: 1.5% of 6,551.25 = 98.26875
        (Day(2025, 4, 3), "98.27"),  # exactly one month
        (Day(2025, 4, 4), "196.54"),  # into the second month
    ],
)
def test_late_fees_count_each_month_or_part_after_the_grace(paid_on: Day, expected: str) -> None:
    """1.5% a month on an invoice of 6,551.25 due 2025-03-03, after 10 days' grace."""
    fees = loads(HARBOR.read_text(encoding="utf-8")).fees
    owed = fees.late_fee_on(Money.of("6551.25", "USD"), Day(2025, 3, 3), paid_on)
    assert owed == Money.of(expected, "USD")


def test_a_late_fee_has_its_minimum() -> None:
    """A 25.00 minimum applies to a small overdue amount."""
    fees = attrs.evolve(
        schedule(flat("100.00")),
        late_fee=LateFee(percent_per_month=Decimal(1), minimum=Money.of("25.00", "USD")),
    )
    assert fees.late_fee_on(Money.of("100.00", "USD"), Day(2025, 1, 31), Day(2025, 2, 10)) == (
        Money.of("25.00", "USD")
    )


def ny(text: str) -> pendulum.DateTime:
    """A New York time in November 2026 (EST) written without its offset."""
    moment = pendulum.parse(text.replace(" ", "T") + "-05:00")
    assert isinstance(moment, pendulum.DateTime)
    return moment


def test_hourly_work_in_and_out_of_business_hours() -> None:
    """Project work at 175.00/h, x1.5 outside Mon-Fri 08-18, 15-minute increments, 60 minimum.

    Tue 16:30-18:40: 130 minutes (90 in hours) bill 135 minutes: 175 x 2.25 x 150/130 = 454.33.
    Sat 10:00-10:20: 20 minutes after hours bill the 60-minute minimum: 175 x 1.5 = 262.50.
    The line rounds the exact sum once: 716.83 for 195 billed minutes.
    """
    agreement = loads(HARBOR.read_text(encoding="utf-8"))
    fees, agreement_term = agreement.fees, agreement.term
    november = fees.billing_periods(agreement_term, Day(2026, 11, 1))[-1]
    work = [
        Work(line="project-work", start=ny("2026-11-17 16:30"), end=ny("2026-11-17 18:40")),
        Work(line="project-work", start=ny("2026-11-21 10:00"), end=ny("2026-11-21 10:20")),
        Work(line="project-work", start=ny("2026-12-01 10:00"), end=ny("2026-12-01 11:00")),
    ]
    calendars = {calendar.id: calendar for calendar in agreement.sla.calendars}
    found = fees.charges(
        november, agreement_term, quantities=COUNTS, work=work, calendars=calendars
    )
    hourly = [line for line in found.lines if line.kind is ChargeKind.HOURLY]
    assert [(h.line, h.quantity, str(h.amount.amount)) for h in hourly] == [
        ("project-work", 195, "716.83")
    ]
    with pytest.raises(MissingInputError, match="pass the SLA's calendars"):
        fees.charges(november, agreement_term, quantities=COUNTS, work=work)


def test_work_beyond_a_block_is_charged_at_the_overage_rate() -> None:
    """20 prepaid hours a month from 16 June 2025; 25 hours worked on 20 June: 5 h at 85.00."""
    example = HARBOR.parent / "block-hours-gbp.json"
    agreement = loads(example.read_text(encoding="utf-8"))
    fees, agreement_term = agreement.fees, agreement.term
    june = fees.billing_periods(agreement_term, Day(2025, 6, 16))[0]
    start = pendulum.datetime(2025, 6, 20, 9, tz="Europe/London")
    work = [Work(line="support-hours", start=start, end=start.add(hours=25))]
    found = fees.charges(june, agreement_term, quantities={"users": 20}, work=work)
    lines = [(line.kind, line.quantity, str(line.amount.amount)) for line in found.lines]
    assert (ChargeKind.BLOCK, None, "1500.00") in lines
    assert (ChargeKind.OVERAGE, 300, "425.00") in lines


def test_work_must_name_an_hourly_or_block_line() -> None:
    """Work against a per-unit line is refused, naming it."""
    agreement = loads(HARBOR.read_text(encoding="utf-8"))
    november = agreement.fees.billing_periods(agreement.term, Day(2026, 11, 1))[-1]
    wrong = Work(line="sites", start=ny("2026-11-17 09:00"), end=ny("2026-11-17 10:00"))
    with pytest.raises(ValueError, match="'sites', which is not an hourly or block line"):
        agreement.fees.charges(november, agreement.term, quantities=COUNTS, work=[wrong])
