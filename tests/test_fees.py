from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pendulum
import pytest

from msa_model import (
    AdjustmentTiming,
    BillingFrequency,
    BillingPolicy,
    BillingTiming,
    BlockOfHours,
    BusinessDays,
    FeeSchedule,
    HourlyRate,
    IndexAdjustment,
    LateFee,
    Money,
    OneTimeFee,
    PercentageAdjustment,
    Period,
    PerUnitFee,
    PriceTier,
    RecurringFee,
    Rounding,
    TierMode,
    Unit,
    ValidationError,
)

if TYPE_CHECKING:
    from collections.abc import Callable


def usd(amount: str) -> Money:
    """Build an amount in US dollars."""
    return Money.of(amount, "USD")


def eur(amount: str) -> Money:
    """Build an amount in euros."""
    return Money.of(amount, "EUR")


def recurring(**changes: object) -> RecurringFee:
    """Build a monthly management fee of 1500.00 USD with some fields changed."""
    fields: dict[str, object] = {
        "id": "management",
        "description": "Management fee",
        "amount": usd("1500.00"),
    }
    fields.update(changes)
    return RecurringFee(**fields)  # type: ignore[arg-type]


def per_unit(**changes: object) -> PerUnitFee:
    """Build a per-device fee of 45.00 USD with some fields changed."""
    fields: dict[str, object] = {
        "id": "devices",
        "description": "Per device",
        "unit": Unit.DEVICE,
        "unit_price": usd("45.00"),
    }
    fields.update(changes)
    return PerUnitFee(**fields)  # type: ignore[arg-type]


def hourly(**changes: object) -> HourlyRate:
    """Build an hourly rate of 175.00 USD with some fields changed."""
    fields: dict[str, object] = {
        "id": "projects",
        "description": "Project work",
        "role": "Engineer",
        "rate": usd("175.00"),
    }
    fields.update(changes)
    return HourlyRate(**fields)  # type: ignore[arg-type]


def block(**changes: object) -> BlockOfHours:
    """Build a 10-hour block for 1500.00 USD with some fields changed."""
    fields: dict[str, object] = {
        "id": "block",
        "description": "Prepaid hours",
        "hours": 10,
        "price": usd("1500.00"),
    }
    fields.update(changes)
    return BlockOfHours(**fields)  # type: ignore[arg-type]


def schedule(**changes: object) -> FeeSchedule:
    """Build a USD schedule of one recurring fee, net 30, with some fields changed."""
    fields: dict[str, object] = {
        "currency": "USD",
        "lines": (recurring(),),
        "payment_terms": Period(days=30),
    }
    fields.update(changes)
    return FeeSchedule(**fields)  # type: ignore[arg-type]


def tiers(*rows: tuple[int | None, str]) -> tuple[PriceTier, ...]:
    """Build price tiers from (up_to, unit price in USD) rows."""
    return tuple(PriceTier(up_to=up_to, unit_price=usd(price)) for up_to, price in rows)


def messages(error: ValidationError) -> list[str]:
    """List the problems of an error as text."""
    return [str(problem) for problem in error.problems]


# --- kinds and enums ----------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "kind"),
    [
        (RecurringFee, "recurring"),
        (PerUnitFee, "per_unit"),
        (HourlyRate, "hourly"),
        (OneTimeFee, "one_time"),
        (BlockOfHours, "block"),
        (PercentageAdjustment, "percentage"),
        (IndexAdjustment, "index"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_tagged_union_kinds(cls: type, kind: str) -> None:
    """Each fee line and price adjustment has its `kind` for JSON."""
    assert kind == cls.KIND  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("frequency", "months"),
    [
        (BillingFrequency.MONTHLY, 1),
        (BillingFrequency.QUARTERLY, 3),
        (BillingFrequency.ANNUALLY, 12),
    ],
    ids=["monthly", "quarterly", "annually"],
)
def test_billing_frequency_months(frequency: BillingFrequency, months: int) -> None:
    """A billing period is 1, 3 or 12 months long."""
    assert months == frequency.months


def test_enum_values_are_lower_case() -> None:
    """Timing, tier mode and adjustment timing are lower-case words in JSON."""
    values = [
        [timing.value for timing in BillingTiming],
        [mode.value for mode in TierMode],
        [timing.value for timing in AdjustmentTiming],
    ]

    assert values == [["advance", "arrears"], ["graduated", "volume"], ["renewal", "anniversary"]]


# --- fee lines ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "fields", "expected"),
    [
        pytest.param(
            recurring(), ("per", "service"), (BillingFrequency.MONTHLY, None), id="recurring"
        ),
        pytest.param(
            per_unit(),
            ("tiers", "tier_mode", "included", "minimum", "per"),
            ((), None, 0, 0, BillingFrequency.MONTHLY),
            id="per unit",
        ),
        pytest.param(
            hourly(),
            ("after_hours_multiplier", "business_hours", "increment_minutes", "minimum_minutes"),
            (Decimal(1), None, 1, 0),
            id="hourly",
        ),
        pytest.param(
            OneTimeFee(id="onboarding", description="Onboarding", amount=usd("4500.00")),
            ("billed_on", "service"),
            (None, None),
            id="one time",
        ),
        pytest.param(
            block(),
            ("per", "rollover", "rollover_cap", "expires_after", "overage"),
            (None, False, None, None, None),
            id="block",
        ),
    ],
)
def test_fee_line_defaults(
    line: object, fields: tuple[str, ...], expected: tuple[object, ...]
) -> None:
    """Lines are priced per month; hours bill by the minute; a block is bought once, no rollover."""
    assert expected == tuple(getattr(line, field) for field in fields)


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        pytest.param(
            lambda: recurring(amount=usd("-1.00")),
            ["RecurringFee.amount: must not be negative (got '-1.00')"],
            id="negative recurring fee",
        ),
        pytest.param(
            lambda: recurring(id="", description=" ", service="r m m"),
            [
                (
                    "RecurringFee.id: must be an id of 1 to 64 letters, digits, '.', '_' or '-', "
                    "starting with a letter or digit (got '')"
                ),
                "RecurringFee.description: must not be empty or blank",
                (
                    "RecurringFee.service: must be an id of 1 to 64 letters, digits, '.', '_' or "
                    "'-', starting with a letter or digit (got 'r m m')"
                ),
            ],
            id="the fields every line has",
        ),
        pytest.param(
            lambda: OneTimeFee(id="setup", description="Setup", amount=usd("-0.01")),
            ["OneTimeFee.amount: must not be negative (got '-0.01')"],
            id="negative one-time fee",
        ),
        pytest.param(
            lambda: OneTimeFee(
                id="setup",
                description="Setup",
                amount=usd("1"),
                billed_on=pendulum.datetime(2025, 2, 1),
            ),
            ["OneTimeFee.billed_on: must be a Date or None (got DateTime)"],
            id="billed on a DateTime",
        ),
    ],
)
def test_simple_line_problems(build: Callable[[], object], expected: list[str]) -> None:
    """Every line has an id, a description and an optional service id; amounts are not negative."""
    with pytest.raises(ValidationError) as caught:
        build()

    assert expected == messages(caught.value)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="a single unit price"),
        pytest.param(
            {
                "unit_price": None,
                "tiers": tiers((50, "45.00"), (100, "40.00"), (None, "35.00")),
                "tier_mode": TierMode.GRADUATED,
            },
            id="graduated tiers",
        ),
        pytest.param(
            {"unit_price": None, "tiers": tiers((None, "35.00")), "tier_mode": TierMode.VOLUME},
            id="one open-ended tier",
        ),
        pytest.param({"included": 5, "minimum": 20}, id="included units and a minimum"),
        pytest.param({"unit_price": usd("0")}, id="a free unit"),
    ],
)
def test_per_unit_fees(changes: dict[str, object]) -> None:
    """A per-unit fee has either one unit price or a tier list ending open-ended."""
    actual = per_unit(**changes)

    assert actual.unit is Unit.DEVICE


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"unit": Unit.FLAT},
            ["PerUnitFee.unit: a per-unit fee needs a counted unit, not 'flat'"],
            id="flat unit",
        ),
        pytest.param(
            {"unit_price": None},
            ["PerUnitFee.unit_price: give exactly one of unit_price or tiers"],
            id="no price at all",
        ),
        pytest.param(
            {"tiers": tiers((None, "35.00")), "tier_mode": TierMode.VOLUME},
            ["PerUnitFee.unit_price: give exactly one of unit_price or tiers"],
            id="both a price and tiers",
        ),
        pytest.param(
            {"unit_price": usd("-45.00")},
            ["PerUnitFee.unit_price: must not be negative (got '-45.00')"],
            id="negative unit price",
        ),
        pytest.param(
            {"unit_price": None, "tiers": tiers((None, "35.00"))},
            ["PerUnitFee.tier_mode: is required with tiers ('graduated' or 'volume')"],
            id="tiers without a mode",
        ),
        pytest.param(
            {"tier_mode": TierMode.VOLUME},
            ["PerUnitFee.tier_mode: must be absent without tiers"],
            id="a mode without tiers",
        ),
        pytest.param(
            {
                "unit_price": None,
                "tiers": tiers((50, "45.00"), (100, "40.00")),
                "tier_mode": TierMode.GRADUATED,
            },
            ["PerUnitFee.tiers[1].up_to: the last tier must be open-ended (no up_to)"],
            id="last tier closed",
        ),
        pytest.param(
            {
                "unit_price": None,
                "tiers": tiers((None, "45.00"), (None, "40.00")),
                "tier_mode": TierMode.GRADUATED,
            },
            ["PerUnitFee.tiers[0].up_to: only the last tier may be open-ended"],
            id="first tier open-ended",
        ),
        pytest.param(
            {
                "unit_price": None,
                "tiers": tiers((50, "45.00"), (50, "40.00"), (None, "35.00")),
                "tier_mode": TierMode.GRADUATED,
            },
            ["PerUnitFee.tiers[1].up_to: must be greater than tiers[0].up_to=50 (got 50)"],
            id="tiers not increasing",
        ),
        pytest.param(
            {"included": -1},
            ["PerUnitFee.included: must be at least 0 (got -1)"],
            id="negative included units",
        ),
        pytest.param(
            {"minimum": 10_000_001},
            ["PerUnitFee.minimum: must be at most 10000000 (got 10000001)"],
            id="minimum over ten million",
        ),
    ],
)
def test_per_unit_fee_problems(changes: dict[str, object], expected: list[str]) -> None:
    """Per-unit fees count a unit and have one price, or ordered tiers with a mode."""
    with pytest.raises(ValidationError) as caught:
        per_unit(**changes)

    assert expected == messages(caught.value)


@pytest.mark.parametrize(
    ("up_to", "price", "message"),
    [
        (0, "1", "PriceTier.up_to: must be at least 1 (got 0)"),
        (10_000_001, "1", "PriceTier.up_to: must be at most 10000000 (got 10000001)"),
        (10, "-1", "PriceTier.unit_price: must not be negative (got '-1')"),
    ],
    ids=["up to zero", "up to more than ten million", "negative price"],
)
def test_price_tier_problems(up_to: int, price: str, message: str) -> None:
    """A tier ends at a unit from 1 to ten million and its price is not negative."""
    with pytest.raises(ValidationError) as caught:
        PriceTier(up_to=up_to, unit_price=usd(price))

    assert message == str(caught.value)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"after_hours_multiplier": Decimal("0.5"), "business_hours": "office"},
            ["HourlyRate.after_hours_multiplier: must be at least 1 (got '0.5')"],
            id="multiplier below 1",
        ),
        pytest.param(
            {"after_hours_multiplier": Decimal(11), "business_hours": "office"},
            ["HourlyRate.after_hours_multiplier: must be at most 10 (got '11')"],
            id="multiplier over 10",
        ),
        pytest.param(
            {"after_hours_multiplier": Decimal("1.5")},
            ["HourlyRate.business_hours: is required when after_hours_multiplier is not 1"],
            id="after-hours rate without business hours",
        ),
        pytest.param(
            {"increment_minutes": 0},
            ["HourlyRate.increment_minutes: must be at least 1 (got 0)"],
            id="zero increment",
        ),
        pytest.param(
            {"increment_minutes": 1441},
            ["HourlyRate.increment_minutes: must be at most 1440 (got 1441)"],
            id="increment over a day",
        ),
        pytest.param(
            {"minimum_minutes": 10_081},
            ["HourlyRate.minimum_minutes: must be at most 10080 (got 10081)"],
            id="minimum over a week",
        ),
        pytest.param(
            {"role": ""},
            ["HourlyRate.role: must not be empty or blank"],
            id="no role",
        ),
        pytest.param(
            {"rate": usd("-175.00")},
            ["HourlyRate.rate: must not be negative (got '-175.00')"],
            id="negative rate",
        ),
    ],
)
def test_hourly_rate_problems(changes: dict[str, object], expected: list[str]) -> None:
    """Hourly rates have a role, a non-negative rate and sane multipliers and increments."""
    with pytest.raises(ValidationError) as caught:
        hourly(**changes)

    assert expected == messages(caught.value)


def test_hourly_rate_with_after_hours() -> None:
    """An after-hours multiplier needs the calendar that defines business hours."""
    rate = hourly(after_hours_multiplier=Decimal("1.5"), business_hours="office")

    assert rate.business_hours == "office"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"hours": 0}, ["BlockOfHours.hours: must be at least 1 (got 0)"], id="no hours"
        ),
        pytest.param(
            {"price": usd("-1")},
            ["BlockOfHours.price: must not be negative (got '-1')"],
            id="negative price",
        ),
        pytest.param(
            {"rollover_cap": 5},
            ["BlockOfHours.rollover_cap: must be absent when rollover is false"],
            id="a rollover cap without rollover",
        ),
        pytest.param(
            {"rollover": True, "rollover_cap": 0},
            ["BlockOfHours.rollover_cap: must be at least 1 (got 0)"],
            id="a rollover cap of zero",
        ),
        pytest.param(
            {"expires_after": Period()},
            ["BlockOfHours.expires_after: must not be zero"],
            id="expires at once",
        ),
        pytest.param(
            {"overage": "hourly rate"},
            [
                (
                    "BlockOfHours.overage: must be an id of 1 to 64 letters, digits, '.', '_' or "
                    "'-', starting with a letter or digit (got 'hourly rate')"
                )
            ],
            id="overage not an id",
        ),
    ],
)
def test_block_of_hours_problems(changes: dict[str, object], expected: list[str]) -> None:
    """A block has hours, a price, and rollover rules that fit together."""
    with pytest.raises(ValidationError) as caught:
        block(**changes)

    assert expected == messages(caught.value)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(recurring(), [(("amount",), usd("1500.00"))], id="recurring"),
        pytest.param(per_unit(), [(("unit_price",), usd("45.00"))], id="per unit"),
        pytest.param(
            per_unit(
                unit_price=None,
                tiers=tiers((50, "45.00"), (None, "35.00")),
                tier_mode=TierMode.VOLUME,
            ),
            [
                (("tiers", 0, "unit_price"), usd("45.00")),
                (("tiers", 1, "unit_price"), usd("35.00")),
            ],
            id="per unit with tiers",
        ),
        pytest.param(hourly(), [(("rate",), usd("175.00"))], id="hourly"),
        pytest.param(block(), [(("price",), usd("1500.00"))], id="block"),
    ],
)
def test_money_fields(
    line: RecurringFee | PerUnitFee | HourlyRate | BlockOfHours,
    expected: list[tuple[tuple[object, ...], Money]],
) -> None:
    """`money_fields` yields every amount of a line with its path."""
    assert expected == list(line.money_fields())


# --- billing, late fees, adjustments ------------------------------------------


def test_billing_policy_defaults() -> None:
    """By default recurring fees are invoiced monthly, in advance, from the term start."""
    expected = (BillingFrequency.MONTHLY, BillingTiming.ADVANCE, None)

    policy = BillingPolicy()

    assert expected == (policy.frequency, policy.timing, policy.anchor)


def test_late_fee_defaults_to_no_grace() -> None:
    """A late fee applies from the due date unless a grace period is given."""
    fee = LateFee(percent_per_month=Decimal("1.5"))

    assert (fee.grace, fee.minimum) == (Period(), None)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            {"percent_per_month": Decimal(0)},
            "LateFee.percent_per_month: must be greater than 0 (got '0')",
            id="zero percent",
        ),
        pytest.param(
            {"percent_per_month": Decimal(101)},
            "LateFee.percent_per_month: must be at most 100 (got '101')",
            id="over 100 percent",
        ),
        pytest.param(
            {"percent_per_month": Decimal(1), "minimum": usd("-25")},
            "LateFee.minimum: must not be negative (got '-25')",
            id="negative minimum",
        ),
    ],
)
def test_late_fee_problems(fields: dict[str, object], message: str) -> None:
    """A late fee is a positive percentage with a non-negative minimum."""
    with pytest.raises(ValidationError) as caught:
        LateFee(**fields)  # type: ignore[arg-type]

    assert message == str(caught.value)


@pytest.mark.parametrize("percent", ["5", "-5", "100", "-99.99"])
def test_percentage_adjustments_within_bounds(percent: str) -> None:
    """A percentage change may be a rise of up to 100 or a fall of less than 100."""
    adjustment = PercentageAdjustment(percent=Decimal(percent), at=AdjustmentTiming.RENEWAL)

    assert Decimal(percent) == adjustment.percent


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        ("-100", "PercentageAdjustment.percent: must be greater than -100 (got '-100')"),
        ("100.5", "PercentageAdjustment.percent: must be at most 100 (got '100.5')"),
    ],
    ids=["a fall to zero", "more than doubling"],
)
def test_percentage_adjustments_out_of_bounds(percent: str, message: str) -> None:
    """A percentage change outside (-100, 100] is refused."""
    with pytest.raises(ValidationError) as caught:
        PercentageAdjustment(percent=Decimal(percent), at=AdjustmentTiming.RENEWAL)

    assert message == str(caught.value)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param(
            {"cap": Decimal(2), "floor": Decimal(3)},
            ["IndexAdjustment.floor: floor='3' must not be above cap='2'"],
            id="floor above cap",
        ),
        pytest.param(
            {"index": " "},
            ["IndexAdjustment.index: must not be empty or blank"],
            id="no index name",
        ),
        pytest.param(
            {"cap": Decimal(-100)},
            ["IndexAdjustment.cap: must be greater than -100 (got '-100')"],
            id="cap of -100",
        ),
    ],
)
def test_index_adjustment_problems(fields: dict[str, object], expected: list[str]) -> None:
    """An index adjustment names its index and keeps its floor at or below its cap."""
    values: dict[str, object] = {"index": "US CPI-U", "at": AdjustmentTiming.ANNIVERSARY}
    values.update(fields)

    with pytest.raises(ValidationError) as caught:
        IndexAdjustment(**values)  # type: ignore[arg-type]

    assert expected == messages(caught.value)


def test_index_adjustment_floor_equal_to_cap() -> None:
    """A floor equal to the cap fixes the change."""
    adjustment = IndexAdjustment(
        index="US CPI-U", at=AdjustmentTiming.RENEWAL, cap=Decimal(3), floor=Decimal(3)
    )

    assert adjustment.floor == adjustment.cap


# --- FeeSchedule --------------------------------------------------------------


def test_schedule_defaults() -> None:
    """A schedule bills monthly in advance, has no late fee or adjustments, and rounds half up."""
    expected = (BillingPolicy(), None, (), Rounding.HALF_UP)

    actual = schedule()

    assert expected == (actual.billing, actual.late_fee, actual.adjustments, actual.rounding)


def test_schedule_with_every_kind_of_line() -> None:
    """A schedule holds lines of every kind, business-day payment terms and adjustments."""
    lines = (
        recurring(),
        per_unit(),
        hourly(),
        OneTimeFee(id="onboarding", description="Onboarding", amount=usd("4500.00")),
        block(overage="projects"),
    )

    actual = schedule(
        lines=lines,
        payment_terms=BusinessDays(10),
        late_fee=LateFee(percent_per_month=Decimal("1.5"), minimum=usd("25.00")),
        adjustments=(
            PercentageAdjustment(
                percent=Decimal(5), at=AdjustmentTiming.RENEWAL, lines=("management",)
            ),
        ),
    )

    assert lines == actual.lines


@pytest.mark.parametrize("line_id", ["management", "devices"])
def test_line_lookup(line_id: str) -> None:
    """`line(id)` returns the fee line with that id."""
    fees = schedule(lines=(recurring(), per_unit()))

    assert line_id == fees.line(line_id).id


def test_line_lookup_of_an_unknown_id_raises_key_error() -> None:
    """`line(id)` raises KeyError naming the id when no line has it."""
    with pytest.raises(KeyError) as caught:
        schedule().line("devices")

    assert caught.value.args == ("devices",)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"lines": ()},
            ["FeeSchedule.lines: must list at least one fee line"],
            id="no lines",
        ),
        pytest.param(
            {"lines": (recurring(), per_unit(), recurring(description="Again"))},
            [("FeeSchedule.lines[2].id: duplicate fee line id 'management' (first at lines[0])")],
            id="a line id twice",
        ),
        pytest.param(
            {"lines": (recurring(amount=eur("1500.00")),)},
            [
                (
                    "FeeSchedule.lines[0].amount.currency: must be the schedule's currency 'USD' "
                    "(got 'EUR')"
                )
            ],
            id="a line in another currency",
        ),
        pytest.param(
            {
                "lines": (
                    per_unit(
                        unit_price=None,
                        tiers=(
                            PriceTier(up_to=50, unit_price=usd("45.00")),
                            PriceTier(up_to=None, unit_price=eur("35.00")),
                        ),
                        tier_mode=TierMode.GRADUATED,
                    ),
                )
            },
            [
                (
                    "FeeSchedule.lines[0].tiers[1].unit_price.currency: must be the schedule's "
                    "currency 'USD' (got 'EUR')"
                )
            ],
            id="a tier in another currency",
        ),
        pytest.param(
            {"late_fee": LateFee(percent_per_month=Decimal(1), minimum=eur("25.00"))},
            [
                (
                    "FeeSchedule.late_fee.minimum.currency: must be the schedule's currency 'USD' "
                    "(got 'EUR')"
                )
            ],
            id="a late-fee minimum in another currency",
        ),
        pytest.param(
            {"lines": (block(overage="projects"),)},
            ["FeeSchedule.lines[0].overage: unknown fee line 'projects'"],
            id="overage at an unknown line",
        ),
        pytest.param(
            {"lines": (recurring(), block(overage="management"))},
            [
                (
                    "FeeSchedule.lines[1].overage: must name an hourly fee line "
                    "('management' is 'recurring')"
                )
            ],
            id="overage at a line that is not hourly",
        ),
        pytest.param(
            {
                "adjustments": (
                    PercentageAdjustment(
                        percent=Decimal(5),
                        at=AdjustmentTiming.RENEWAL,
                        lines=("management", "devices"),
                    ),
                )
            },
            ["FeeSchedule.adjustments[0].lines[1]: unknown fee line 'devices'"],
            id="adjustment of an unknown line",
        ),
        pytest.param(
            {
                "lines": (
                    recurring(),
                    OneTimeFee(id="onboarding", description="Onboarding", amount=usd("4500")),
                ),
                "adjustments": (
                    PercentageAdjustment(
                        percent=Decimal(5),
                        at=AdjustmentTiming.ANNIVERSARY,
                        lines=("management", "onboarding"),
                    ),
                ),
            },
            [
                (
                    "FeeSchedule.adjustments[0].lines[1]: a one-time fee cannot be adjusted "
                    "('onboarding' is 'one_time')"
                )
            ],
            id="adjustment of a one-time fee",
        ),
        pytest.param(
            {"currency": "HRK"},
            [
                (
                    "FeeSchedule.currency: must be an ISO 4217 currency code in current use, "
                    "in upper case (got 'HRK')"
                )
            ],
            id="a withdrawn currency",
        ),
        pytest.param(
            {"payment_terms": "P30D"},
            ["FeeSchedule.payment_terms: must be a Period or a BusinessDays (got str)"],
            id="payment terms as text",
        ),
    ],
)
def test_schedule_problems(changes: dict[str, object], expected: list[str]) -> None:
    """Line ids are unique, every amount is in the schedule's currency, references resolve."""
    with pytest.raises(ValidationError) as caught:
        schedule(**changes)

    assert expected == messages(caught.value)


def test_schedule_reports_a_bad_currency_with_its_other_problems() -> None:
    """A withdrawn currency does not hide the other problems of the schedule."""
    expected = [
        (
            "FeeSchedule.currency: must be an ISO 4217 currency code in current use, "
            "in upper case (got 'HRK')"
        ),
        "FeeSchedule.lines: must list at least one fee line",
    ]

    with pytest.raises(ValidationError) as caught:
        schedule(currency="HRK", lines=())

    assert expected == messages(caught.value)


def test_evolve_revalidates() -> None:
    """`attrs.evolve` switching the currency of a schedule priced in USD raises."""
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(schedule(), currency="EUR")

    assert str(caught.value) == (
        "FeeSchedule.lines[0].amount.currency: must be the schedule's currency 'EUR' (got 'USD')"
    )


def test_schedule_is_frozen_and_hashable() -> None:
    """Schedules are immutable values usable as dict keys."""
    fees = schedule(lines=(recurring(), per_unit(), hourly(), block()))

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fees.currency = "EUR"  # type: ignore[misc]
    assert {fees: 1}[schedule(lines=(recurring(), per_unit(), hourly(), block()))] == 1
