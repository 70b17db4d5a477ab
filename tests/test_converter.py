from __future__ import annotations

from decimal import Decimal
from typing import Any

import cattrs
import pendulum
import pytest
from cattrs.errors import ForbiddenExtraKeysError

from msa_model import (
    SCHEMA_VERSION,
    SLA,
    AdjustmentTiming,
    Agreement,
    AmountCap,
    BusinessCalendar,
    BusinessDays,
    BusinessTime,
    ConvenienceTermination,
    FeeSchedule,
    FixedTerminationFee,
    Money,
    MonthlyFeesTerminationFee,
    Notice,
    OpeningWindow,
    Party,
    PartyRole,
    PercentageAdjustment,
    Period,
    PriorityTarget,
    RecurringFee,
    Renewal,
    RenewalMode,
    RollConvention,
    Rounding,
    Service,
    ServiceCategory,
    ServiceScope,
    Term,
    TimeOfDay,
    Unit,
    Weekday,
)
from msa_model._json.converter import InvalidJsonError, json_type, make_converter, problems_from
from msa_model.errors import Problem, ValidationError

CONVERTER = make_converter()
DECIMAL_RULE = (
    "must be a decimal number written as a string, such as '12.50', with at most 18 digits "
    "before and 10 after the point"
)
FEE = RecurringFee(id="mgmt", description="Management", amount=Money.of("1500.00", "USD"))


def problems_of(data: object, cls: type) -> list[str]:
    """Structure `data` as `cls` with the converter and list every problem as text."""
    with pytest.raises(Exception) as caught:  # noqa: PT011 # any structuring failure, then listed
        CONVERTER.structure(data, cls)
    return [str(problem) for problem in problems_from(caught.value)]


# --- unstructuring value types ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(Period(months=3), "P3M", id="Period P3M"),
        pytest.param(Period(years=1, months=6), "P1Y6M", id="Period P1Y6M"),
        pytest.param(Period(years=1), "P1Y", id="P1Y stays P1Y"),
        pytest.param(Period(), "P0D", id="zero Period"),
        pytest.param(BusinessTime(5400), "PT1H30M", id="BusinessTime PT1H30M"),
        pytest.param(BusinessTime(0), "PT0S", id="zero BusinessTime"),
        pytest.param(BusinessDays(3), {"business_days": 3}, id="BusinessDays object"),
        pytest.param(TimeOfDay(570), "09:30", id="TimeOfDay 09:30"),
        pytest.param(TimeOfDay(1440), "24:00", id="TimeOfDay 24:00"),
        pytest.param(pendulum.Date(2024, 1, 5), "2024-01-05", id="Date ISO 8601"),
        pytest.param(Decimal("12.50"), "12.50", id="Decimal keeps its digits"),
        pytest.param(Decimal("1E+3"), "1000", id="Decimal without exponent"),
        pytest.param(Decimal("-0.5"), "-0.5", id="negative Decimal"),
        pytest.param(Money.of("12.50", "USD"), {"amount": "12.50", "currency": "USD"}, id="Money"),
        pytest.param(Weekday.MON, "mon", id="Weekday"),
        pytest.param(Rounding.HALF_UP, "half_up", id="Rounding"),
        pytest.param(RenewalMode.AUTOMATIC, "automatic", id="RenewalMode"),
        pytest.param(RollConvention.MODIFIED_FOLLOWING, "modified_following", id="roll"),
    ],
)
def test_value_types_unstructure_to_their_text_form(value: object, expected: object) -> None:
    """Each value type becomes its JSON text form (or object for business days and money)."""
    assert expected == CONVERTER.unstructure(value)


@pytest.mark.parametrize(
    ("text", "cls", "expected"),
    [
        pytest.param("P3M", Period, Period(months=3), id="Period"),
        pytest.param("PT90M", BusinessTime, BusinessTime(5400), id="BusinessTime"),
        pytest.param("24:00", TimeOfDay, TimeOfDay(1440), id="TimeOfDay"),
        pytest.param("2024-02-29", pendulum.Date, pendulum.Date(2024, 2, 29), id="Date"),
        pytest.param("12.50", Decimal, Decimal("12.50"), id="Decimal"),
        pytest.param({"business_days": 3}, BusinessDays, BusinessDays(3), id="BusinessDays"),
        pytest.param("mon", Weekday, Weekday.MON, id="Weekday"),
    ],
)
def test_value_types_structure_from_their_text_form(
    text: object, cls: type, expected: object
) -> None:
    """Each value type is read back from its JSON form."""
    actual: object = CONVERTER.structure(text, cls)

    assert expected == actual
    assert type(expected) is type(actual)


def test_decimal_text_keeps_trailing_zeros() -> None:
    """'12.50' reads as Decimal('12.50'), whose text is written back unchanged."""
    actual = CONVERTER.structure("12.50", Decimal)

    assert CONVERTER.unstructure(actual) == "12.50"


# --- classes, defaults and tagged unions --------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(Renewal.none(), {"mode": "none"}, id="renewal none"),
        pytest.param(
            Renewal.automatic(Period(years=1)),
            {"mode": "automatic", "length": "P1Y"},
            id="renewal automatic without limit",
        ),
        pytest.param(Notice(length=Period(days=90)), {"length": "P90D"}, id="notice without roll"),
        pytest.param(
            Notice(length=BusinessDays(30), roll=RollConvention.PRECEDING),
            {"length": {"business_days": 30}, "roll": "preceding"},
            id="notice with a roll",
        ),
        pytest.param(
            Term(
                start=pendulum.Date(2025, 1, 1), initial=Period(months=12), renewal=Renewal.none()
            ),
            {"start": "2025-01-01", "initial": "P12M", "renewal": {"mode": "none"}},
            id="term without termination rights",
        ),
        pytest.param(
            Service(id="rmm", name="RMM", category=ServiceCategory.MONITORING, unit=Unit.DEVICE),
            {"id": "rmm", "name": "RMM", "category": "monitoring", "unit": "device"},
            id="service that has SLAs",
        ),
        pytest.param(
            Service(
                id="vcio",
                name="vCIO",
                category=ServiceCategory.CONSULTING,
                unit=Unit.FLAT,
                sla_applies=False,
            ),
            {
                "id": "vcio",
                "name": "vCIO",
                "category": "consulting",
                "unit": "flat",
                "sla_applies": False,
            },
            id="service without SLAs",
        ),
        pytest.param(
            Party(id="p", role=PartyRole.PROVIDER, legal_name="P"),
            {"id": "p", "role": "provider", "legal_name": "P"},
            id="party without address or contact",
        ),
    ],
)
def test_defaults_are_omitted(value: object, expected: dict[str, Any]) -> None:
    """Fields equal to their defaults are left out of the JSON form."""
    assert expected == CONVERTER.unstructure(value)


def test_tagged_fee_lines_carry_their_kind_first() -> None:
    """A fee line inside a schedule is written with `kind` as its first key."""
    schedule = FeeSchedule(currency="USD", lines=(FEE,), payment_terms=Period(days=30))
    expected = {
        "currency": "USD",
        "lines": [
            {
                "kind": "recurring",
                "id": "mgmt",
                "description": "Management",
                "amount": {"amount": "1500.00", "currency": "USD"},
            }
        ],
        "payment_terms": "P30D",
    }

    actual = CONVERTER.unstructure(schedule)

    assert expected == actual
    assert next(iter(actual["lines"][0])) == "kind"


@pytest.mark.parametrize(
    ("value", "field", "expected"),
    [
        pytest.param(
            ConvenienceTermination(
                parties=(PartyRole.CLIENT,),
                notice=Notice(length=Period(days=90)),
                early_termination_fee=MonthlyFeesTerminationFee(months=3),
            ),
            "early_termination_fee",
            {"kind": "monthly_fees", "months": 3},
            id="optional early-termination fee",
        ),
        pytest.param(
            ConvenienceTermination(
                parties=(PartyRole.CLIENT,),
                notice=Notice(length=Period(days=90)),
                early_termination_fee=FixedTerminationFee(amount=Money.of("500", "USD")),
            ),
            "early_termination_fee",
            {"kind": "fixed", "amount": {"amount": "500", "currency": "USD"}},
            id="fixed early-termination fee",
        ),
        pytest.param(
            FeeSchedule(
                currency="USD",
                lines=(FEE,),
                payment_terms=Period(days=30),
                adjustments=(
                    PercentageAdjustment(percent=Decimal(5), at=AdjustmentTiming.RENEWAL),
                ),
            ),
            "adjustments",
            [{"kind": "percentage", "percent": "5", "at": "renewal"}],
            id="price adjustments",
        ),
    ],
)
def test_tagged_union_members_carry_their_kind_first(
    value: object, field: str, expected: object
) -> None:
    """Optional and listed tagged-union members are written with `kind` first."""
    actual = CONVERTER.unstructure(value)[field]

    assert expected == actual
    first = actual[0] if isinstance(actual, list) else actual
    assert next(iter(first)) == "kind"


def test_absent_optional_tagged_member_is_omitted() -> None:
    """An absent early-termination fee is left out, not written as null."""
    right = ConvenienceTermination(
        parties=(PartyRole.CLIENT,), notice=Notice(length=Period(days=1))
    )

    actual = CONVERTER.unstructure(right)

    assert "early_termination_fee" not in actual


def test_tagged_member_structures_from_its_kind() -> None:
    """Reading a schedule picks each line's class from its `kind`."""
    data = {
        "currency": "USD",
        "lines": [
            {
                "kind": "recurring",
                "id": "mgmt",
                "description": "Management",
                "amount": {"amount": "1500.00", "currency": "USD"},
            }
        ],
        "payment_terms": "P30D",
    }

    actual = CONVERTER.structure(data, FeeSchedule)

    assert actual.lines == (FEE,)


def agreement() -> Agreement:
    """Build a small valid agreement."""
    calendar = BusinessCalendar(
        id="office",
        zone="UTC",
        windows=(OpeningWindow(days=(Weekday.MON,), start=TimeOfDay(540), end=TimeOfDay(1020)),),
    )
    return Agreement(
        id="A-1",
        title="Agreement",
        parties=(
            Party(id="p", role=PartyRole.PROVIDER, legal_name="P"),
            Party(id="c", role=PartyRole.CLIENT, legal_name="C"),
        ),
        effective_on=pendulum.Date(2025, 1, 1),
        term=Term(
            start=pendulum.Date(2025, 1, 1), initial=Period(months=12), renewal=Renewal.none()
        ),
        scope=ServiceScope(
            services=(
                Service(
                    id="rmm", name="RMM", category=ServiceCategory.MONITORING, unit=Unit.DEVICE
                ),
            )
        ),
        sla=SLA(
            zone="UTC",
            calendars=(calendar,),
            priorities=(
                PriorityTarget(
                    id="P1", name="Critical", calendar="office", response=BusinessTime(3600)
                ),
            ),
        ),
        fees=FeeSchedule(currency="USD", lines=(FEE,), payment_terms=Period(days=30)),
        liability_cap=AmountCap(amount=Money.of("100000", "USD")),
    )


def test_schema_version_is_always_written_first() -> None:
    """The agreement's schema version is written although it equals its default."""
    actual = CONVERTER.unstructure(agreement())

    assert next(iter(actual.items())) == ("schema_version", SCHEMA_VERSION)


def test_agreement_round_trips_through_the_converter() -> None:
    """An agreement unstructured then structured is equal to the original."""
    original = agreement()

    actual = CONVERTER.structure(CONVERTER.unstructure(original), Agreement)

    assert original == actual


def test_liability_cap_carries_its_kind() -> None:
    """The agreement's liability cap is written with its kind."""
    actual = CONVERTER.unstructure(agreement())["liability_cap"]

    assert actual == {"kind": "amount", "amount": {"amount": "100000", "currency": "USD"}}


def test_make_converter_builds_a_fresh_converter() -> None:
    """Each call builds its own converter; the cattrs global converter is left alone."""
    first, second = make_converter(), make_converter()

    assert first is not second
    assert first is not cattrs.global_converter
    assert cattrs.global_converter.unstructure(Period(months=3)) == {
        "years": 0,
        "months": 3,
        "weeks": 0,
        "days": 0,
    }


# --- strictness and problem paths ---------------------------------------------


@pytest.mark.parametrize(
    ("data", "cls", "expected"),
    [
        pytest.param(5, str, ["$: must be a string (got number 5)"], id="number as text"),
        pytest.param("5", int, ["$: must be an integer (got string '5')"], id="text as integer"),
        pytest.param(1.0, int, ["$: must be an integer (got number 1.0)"], id="float as integer"),
        pytest.param(True, int, ["$: must be an integer (got boolean true)"], id="bool as integer"),
        pytest.param("false", bool, ["$: must be true or false (got string 'false')"], id="bool"),
        pytest.param(
            12.5,
            Decimal,
            [(f"$: {DECIMAL_RULE} (got number 12.5)")],
            id="number as Decimal",
        ),
        pytest.param(
            "1e3",
            Decimal,
            [(f"$: {DECIMAL_RULE} (got string '1e3')")],
            id="exponent",
        ),
        pytest.param(
            "2024-02-30",
            pendulum.Date,
            ["$: is not a valid date (got string '2024-02-30')"],
            id="no such day",
        ),
        pytest.param(
            "2024-01-05T00:00:00Z",
            pendulum.Date,
            ["$: must be a date 'YYYY-MM-DD' (got string '2024-01-05T00:00:00Z')"],
            id="instant as date",
        ),
        pytest.param(
            "P1.5M",
            Period,
            [
                (
                    "$: must be an ISO 8601 period of whole years, months, weeks and days such as "
                    "'P36M' or 'P90D' (got 'P1.5M')"
                )
            ],
            id="fractional period",
        ),
        pytest.param(
            {"business_days": "3"},
            BusinessDays,
            ["$.business_days: must be an integer (got string '3')"],
            id="business days as text",
        ),
    ],
)
def test_primitives_are_not_coerced(data: object, cls: type, expected: list[str]) -> None:
    """The converter refuses values of the wrong JSON type instead of coercing them."""
    assert expected == problems_of(data, cls)


def test_problems_in_nested_lists_and_objects_have_paths() -> None:
    """Problems deep in lists and objects are reported at their JSON path, in document order."""
    data = {
        "currency": "USD",
        "lines": [
            {
                "kind": "recurring",
                "id": "a",
                "description": "A",
                "amount": {"amount": 10, "currency": "USD"},
                "colour": "red",
            },
            {"kind": "nope"},
            {"id": "c"},
        ],
        "payment_terms": {"business_days": -1},
    }
    expected = [
        (
            "$.lines[0].amount.amount: must be a decimal number written as a string, such as "
            "'12.50', with at most 18 digits before and 10 after the point (got number 10)"
        ),
        "$.lines[0].colour: unknown key (not part of the schema)",
        (
            "$.lines[1]: kind must be one of 'recurring', 'per_unit', 'hourly', 'one_time', "
            "'block' (got string 'nope')"
        ),
        (
            "$.lines[2]: required key 'kind' is missing (one of 'recurring', 'per_unit', 'hourly', "
            "'one_time', 'block')"
        ),
        "$.payment_terms.business_days: must be at least 0 (got -1)",
    ]

    assert expected == problems_of(data, FeeSchedule)


def test_missing_keys_and_bad_items_have_paths() -> None:
    """A missing key is reported at its own path, a bad item at its index."""
    data = {"days": ["mon", "xyz"], "start": "09:00"}
    expected = [
        (
            "$.days[1]: must be one of 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun' "
            "(got string 'xyz')"
        ),
        "$.end: required key is missing",
    ]

    assert expected == problems_of(data, OpeningWindow)


def test_rules_of_nested_objects_are_reported_at_their_path() -> None:
    """A rule broken by a nested object is re-rooted at `$` with the object's path."""
    data = {
        "id": "office",
        "zone": "UTC",
        "windows": [{"days": ["mon"], "start": "09:00", "end": "08:00"}],
        "holidays": ["2024-12-25", "2024-12-25"],
    }
    expected = ["$.windows[0].end: must be after start=09:00 (got 08:00)"]

    assert expected == problems_of(data, BusinessCalendar)


@pytest.mark.parametrize(
    ("error", "path", "expected"),
    [
        pytest.param(
            ValidationError([Problem(("amount",), "must not be negative", "Money")]),
            ("lines", 1),
            ["$.lines[1].amount: must not be negative"],
            id="validation error re-rooted under a path",
        ),
        pytest.param(
            KeyError("end"),
            ("windows", 0, "end"),
            ["$.windows[0].end: required key is missing"],
            id="missing key",
        ),
        pytest.param(
            InvalidJsonError("must be a string (got number 7)"),
            ("id",),
            ["$.id: must be a string (got number 7)"],
            id="invalid JSON value",
        ),
        pytest.param(
            ForbiddenExtraKeysError("", FeeSchedule, {"zeta", "alpha"}),
            ("fees",),
            [
                "$.fees.alpha: unknown key (not part of the schema)",
                "$.fees.zeta: unknown key (not part of the schema)",
            ],
            id="unknown keys, sorted",
        ),
    ],
)
def test_problems_from(
    error: BaseException, path: tuple[str | int, ...], expected: list[str]
) -> None:
    """`problems_from` turns each kind of failure into problems under the given path."""
    assert expected == [str(problem) for problem in problems_from(error, path)]


def test_problems_from_reraises_unexpected_errors() -> None:
    """An error that is not a structuring failure is a bug and propagates unchanged."""
    error = RuntimeError("boom")

    with pytest.raises(RuntimeError, match=r"^boom$"):
        list(problems_from(error))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "boolean true"),
        (False, "boolean false"),
        (7, "number 7"),
        (1.5, "number 1.5"),
        ("x", "string 'x'"),
        ("x" * 41, "string " + repr("x" * 37 + "...")),
        ({}, "an object"),
        ([], "an array"),
    ],
    ids=["null", "true", "false", "int", "float", "text", "long text", "object", "array"],
)
def test_json_type_names_and_shows_values(value: object, expected: str) -> None:
    """`json_type` names the JSON type of a value and shows short values."""
    assert expected == json_type(value)
