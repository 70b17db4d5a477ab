from __future__ import annotations

import copy
import pickle
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pendulum
import pytest

from msa_model import (
    SCHEMA_VERSION,
    SLA,
    Agreement,
    AmountCap,
    AvailabilityTarget,
    BusinessCalendar,
    BusinessDays,
    Confidentiality,
    ConvenienceTermination,
    FeeSchedule,
    FeesPaidCap,
    FixedTerminationFee,
    HourlyRate,
    Money,
    Notice,
    Party,
    PartyRole,
    Period,
    PerUnitFee,
    PriorityTarget,
    RecurringFee,
    Renewal,
    Responsibility,
    ResponsibilityCategory,
    Service,
    ServiceCategory,
    ServiceScope,
    Term,
    TerminationRights,
    Unit,
    ValidationError,
)

if TYPE_CHECKING:
    from collections.abc import Callable

EFFECTIVE = pendulum.Date(2025, 1, 15)
PROVIDER = Party(id="northwind", role=PartyRole.PROVIDER, legal_name="Northwind LLC")
CLIENT = Party(id="harbor", role=PartyRole.CLIENT, legal_name="Harbor Point P.C.")
VENDOR = Party(id="dentalsoft", role=PartyRole.THIRD_PARTY, legal_name="DentalSoft Inc.")
RMM = Service(
    id="rmm",
    name="Monitoring",
    category=ServiceCategory.MONITORING,
    unit=Unit.DEVICE,
    coverage="24x7",
)
VCIO = Service(
    id="vcio",
    name="Virtual CIO",
    category=ServiceCategory.CONSULTING,
    unit=Unit.FLAT,
    sla_applies=False,
)
TERM = Term(
    start=pendulum.Date(2025, 2, 1),
    initial=Period(months=36),
    renewal=Renewal.automatic(Period(years=1)),
    notice=Notice(length=Period(days=90)),
)
SCOPE = ServiceScope(services=(RMM, VCIO))
SERVICE_LEVELS = SLA(
    zone="America/New_York",
    calendars=(BusinessCalendar.always_open("America/New_York"),),
    priorities=(
        PriorityTarget(id="P1", name="Critical", calendar="24x7", response=BusinessDays(1)),
    ),
)
DEVICES = PerUnitFee(
    id="devices",
    description="Per device",
    unit=Unit.DEVICE,
    unit_price=Money.of("45.00", "USD"),
    service="rmm",
)
RETAINER = RecurringFee(
    id="vcio",
    description="vCIO retainer",
    amount=Money.of("1500.00", "USD"),
    service="vcio",
)
FEES = FeeSchedule(currency="USD", lines=(DEVICES, RETAINER), payment_terms=Period(days=30))


def agreement(**changes: object) -> Agreement:
    """Build a small valid agreement with some fields changed."""
    fields: dict[str, object] = {
        "id": "NWT-MSA-2025-014",
        "title": "Managed IT Services Agreement",
        "parties": (PROVIDER, CLIENT, VENDOR),
        "effective_on": EFFECTIVE,
        "term": TERM,
        "scope": SCOPE,
        "sla": SERVICE_LEVELS,
        "fees": FEES,
    }
    fields.update(changes)
    return Agreement(**fields)  # type: ignore[arg-type]


def messages(error: ValidationError) -> list[str]:
    """List the problems of an error as text."""
    return [str(problem) for problem in error.problems]


# --- construction and lookups -------------------------------------------------


def test_agreement_defaults() -> None:
    """An agreement writes the current schema version; optional sections default to absent."""
    expected = (SCHEMA_VERSION, None, None, None, (), None, None)

    actual = agreement()

    assert expected == (
        actual.schema_version,
        actual.signed_on,
        actual.service_start_on,
        actual.governing_law,
        actual.responsibilities,
        actual.confidentiality,
        actual.liability_cap,
    )


def test_schema_version_is_1_1() -> None:
    """This release writes schema version 1.1 (amendments) and still reads 1.0."""
    assert SCHEMA_VERSION == "1.1"


def test_agreement_with_every_optional_section() -> None:
    """Dates, law, duties, confidentiality and a liability cap can all be given."""
    duty = Responsibility(
        id="report",
        party=PartyRole.PROVIDER,
        category=ResponsibilityCategory.REPORTING,
        title="Monthly report",
        services=("rmm",),
    )

    actual = agreement(
        signed_on=pendulum.Date(2025, 1, 10),
        service_start_on=pendulum.Date(2025, 2, 1),
        governing_law="State of New Jersey",
        responsibilities=(duty,),
        confidentiality=Confidentiality(survives=Period(years=3), description="Kept secret."),
        liability_cap=FeesPaidCap(lookback=Period(months=12)),
    )

    assert actual.responsibilities == (duty,)


def test_provider_and_client() -> None:
    """`provider` and `client` return the parties in those roles."""
    actual = agreement()

    assert (actual.provider, actual.client) == (PROVIDER, CLIENT)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (PartyRole.PROVIDER, PROVIDER),
        (PartyRole.CLIENT, CLIENT),
        (PartyRole.THIRD_PARTY, VENDOR),
    ],
    ids=["provider", "client", "third party"],
)
def test_party_by_role(role: PartyRole, expected: Party) -> None:
    """`party(role)` returns the first party with that role."""
    assert expected == agreement().party(role)


def test_party_of_a_missing_role_raises_key_error() -> None:
    """Without a third party, `party(THIRD_PARTY)` raises KeyError naming the role."""
    with pytest.raises(KeyError) as caught:
        agreement(parties=(PROVIDER, CLIENT)).party(PartyRole.THIRD_PARTY)

    assert caught.value.args == ("third_party",)


# --- rules of the whole agreement ---------------------------------------------

NOT_BEFORE = "must not be before effective_on='2025-01-15'"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"schema_version": "2.0"},
            [
                (
                    "Agreement.schema_version: unsupported schema version '2.0' "
                    "(this release reads '1.0', '1.1')"
                )
            ],
            id="unsupported schema version",
        ),
        pytest.param(
            {"id": "", "title": " "},
            [
                (
                    "Agreement.id: must be an id of 1 to 64 letters, digits, '.', '_' or '-', "
                    "starting with a letter or digit (got '')"
                ),
                "Agreement.title: must not be empty or blank",
            ],
            id="blank id and title",
        ),
        pytest.param(
            {"governing_law": ""},
            ["Agreement.governing_law: must not be empty or blank"],
            id="blank governing law",
        ),
        pytest.param(
            {"parties": (PROVIDER,)},
            ["Agreement.parties: must include exactly one client (got 0)"],
            id="no client",
        ),
        pytest.param(
            {"parties": (PROVIDER, CLIENT, attrs.evolve(PROVIDER, id="other"))},
            ["Agreement.parties: must include exactly one provider (got 2)"],
            id="two providers",
        ),
        pytest.param(
            {"parties": (PROVIDER, CLIENT, attrs.evolve(VENDOR, id="harbor"))},
            ["Agreement.parties[2].id: duplicate party id 'harbor' (first at parties[1])"],
            id="a party id twice",
        ),
        pytest.param(
            {"effective_on": pendulum.Date(2025, 3, 1)},
            [
                (
                    "Agreement.term.start: must not be before effective_on='2025-03-01' "
                    "(got '2025-02-01')"
                )
            ],
            id="term starts before the agreement takes effect",
        ),
        pytest.param(
            {"service_start_on": pendulum.Date(2025, 1, 14)},
            [f"Agreement.service_start_on: {NOT_BEFORE} (got '2025-01-14')"],
            id="services start before the agreement takes effect",
        ),
        pytest.param(
            {"effective_on": pendulum.datetime(2025, 1, 15)},
            ["Agreement.effective_on: must be a Date (got DateTime)"],
            id="effective on a DateTime",
        ),
    ],
)
def test_agreement_problems(changes: dict[str, object], expected: list[str]) -> None:
    """An agreement has one provider, one client, unique party ids and ordered dates."""
    with pytest.raises(ValidationError) as caught:
        agreement(**changes)

    assert expected == messages(caught.value)


def test_signing_after_the_effective_day_is_allowed() -> None:
    """An agreement may be signed after it takes effect (backdated)."""
    actual = agreement(signed_on=pendulum.Date(2025, 2, 10))

    assert actual.signed_on == pendulum.Date(2025, 2, 10)


HOURLY = HourlyRate(
    id="projects",
    description="Project work",
    role="Engineer",
    rate=Money.of("175.00", "USD"),
    after_hours_multiplier=Decimal("1.5"),
    business_hours="office",
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"scope": ServiceScope(services=(attrs.evolve(RMM, coverage="office"), VCIO))},
            ["Agreement.scope.services[0].coverage: unknown calendar 'office'"],
            id="coverage on an unknown calendar",
        ),
        pytest.param(
            {"fees": attrs.evolve(FEES, lines=(*FEES.lines, HOURLY))},
            ["Agreement.fees.lines[2].business_hours: unknown calendar 'office'"],
            id="hourly rate on an unknown calendar",
        ),
        pytest.param(
            {"fees": attrs.evolve(FEES, lines=(attrs.evolve(RETAINER, service="backup"),))},
            ["Agreement.fees.lines[0].service: unknown service 'backup'"],
            id="fee for an unknown service",
        ),
        pytest.param(
            {"fees": attrs.evolve(FEES, lines=(attrs.evolve(DEVICES, unit=Unit.USER),))},
            [
                (
                    "Agreement.fees.lines[0].unit: must match service 'rmm', counted per 'device' "
                    "(got 'user')"
                )
            ],
            id="per-unit fee counting another unit than its service",
        ),
        pytest.param(
            {
                "sla": attrs.evolve(
                    SERVICE_LEVELS,
                    availability=(AvailabilityTarget(service="backup", target=Decimal("99.9")),),
                )
            },
            ["Agreement.sla.availability[0].service: unknown service 'backup'"],
            id="availability of an unknown service",
        ),
        pytest.param(
            {
                "sla": attrs.evolve(
                    SERVICE_LEVELS,
                    availability=(AvailabilityTarget(service="vcio", target=Decimal("99.9")),),
                )
            },
            ["Agreement.sla.availability[0].service: service 'vcio' is marked sla_applies=false"],
            id="availability of a service without SLA",
        ),
        pytest.param(
            {
                "responsibilities": (
                    Responsibility(
                        id="report",
                        party=PartyRole.PROVIDER,
                        category=ResponsibilityCategory.REPORTING,
                        title="Report",
                        services=("rmm", "backup"),
                    ),
                )
            },
            ["Agreement.responsibilities[0].services[1]: unknown service 'backup'"],
            id="duty for an unknown service",
        ),
        pytest.param(
            {
                "responsibilities": (
                    Responsibility(
                        id="report",
                        party=PartyRole.PROVIDER,
                        category=ResponsibilityCategory.REPORTING,
                        title="Report",
                    ),
                )
                * 2
            },
            [
                (
                    "Agreement.responsibilities[1].id: duplicate responsibility id 'report' "
                    "(first at responsibilities[0])"
                )
            ],
            id="a duty id twice",
        ),
        pytest.param(
            {"fees": attrs.evolve(FEES, payment_terms=BusinessDays(5))},
            ["Agreement.fees.payment_terms: 5 business days needs a calendar: set term.calendar"],
            id="business-day payment terms without a calendar",
        ),
    ],
)
def test_references_between_sections(changes: dict[str, object], expected: list[str]) -> None:
    """Ids used across sections must resolve: calendars, services, units, SLA applicability."""
    with pytest.raises(ValidationError) as caught:
        agreement(**changes)

    assert expected == messages(caught.value)


EARLY_FEE_IN_EUR = attrs.evolve(
    TERM,
    termination=TerminationRights(
        convenience=ConvenienceTermination(
            parties=(PartyRole.CLIENT,),
            notice=Notice(length=Period(days=90)),
            early_termination_fee=FixedTerminationFee(amount=Money.of("5000.00", "EUR")),
        )
    ),
)
CURRENCY_RULE = "must be the schedule's currency 'USD' (got 'EUR')"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"term": EARLY_FEE_IN_EUR},
            [
                "Agreement.term.termination.convenience.early_termination_fee.amount.currency: "
                + CURRENCY_RULE
            ],
            id="early-termination fee in another currency",
        ),
        pytest.param(
            {"liability_cap": AmountCap(amount=Money.of("100000", "EUR"))},
            ["Agreement.liability_cap.amount.currency: " + CURRENCY_RULE],
            id="liability cap in another currency",
        ),
    ],
)
def test_amounts_outside_the_fees_are_in_the_schedule_currency(
    changes: dict[str, object], expected: list[str]
) -> None:
    """A fixed early-termination fee and an amount cap are in the fee schedule's currency."""
    with pytest.raises(ValidationError) as caught:
        agreement(**changes)

    assert expected == messages(caught.value)


VENDOR_DUTY = Responsibility(
    id="vendor-support",
    party=PartyRole.THIRD_PARTY,
    category=ResponsibilityCategory.SERVICE_DELIVERY,
    title="Vendor support",
)


def test_third_party_duty_needs_a_third_party() -> None:
    """A duty owed by a third party needs a third party among the parties."""
    expected = [
        (
            "Agreement.responsibilities[0].party: is 'third_party' but the agreement names no "
            "third party"
        )
    ]

    with pytest.raises(ValidationError) as caught:
        agreement(parties=(PROVIDER, CLIENT), responsibilities=(VENDOR_DUTY,))

    assert expected == messages(caught.value)


def test_third_party_duty_with_a_third_party() -> None:
    """With a third party among the parties, it may owe a duty."""
    actual = agreement(responsibilities=(VENDOR_DUTY,))

    assert actual.responsibilities == (VENDOR_DUTY,)


def test_business_day_payment_terms_with_a_calendar() -> None:
    """Payment terms in business days are fine when the term has a calendar."""
    office = BusinessCalendar.always_open("America/New_York", id="office")

    actual = agreement(
        term=attrs.evolve(TERM, calendar=office),
        fees=attrs.evolve(FEES, payment_terms=BusinessDays(5)),
    )

    assert actual.fees.payment_terms == BusinessDays(5)


# --- liability cap and confidentiality ----------------------------------------


def test_liability_cap_kinds() -> None:
    """Each liability cap has its `kind` for JSON."""
    assert (AmountCap.KIND, FeesPaidCap.KIND) == ("amount", "fees_paid")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(
            lambda: AmountCap(amount=Money.of("0", "USD")),
            "AmountCap.amount: must be positive (got '0')",
            id="zero amount",
        ),
        pytest.param(
            lambda: AmountCap(amount=Money.of("-1", "USD")),
            "AmountCap.amount: must be positive (got '-1')",
            id="negative amount",
        ),
        pytest.param(
            lambda: FeesPaidCap(lookback=Period()),
            "FeesPaidCap.lookback: must not be zero",
            id="zero look-back",
        ),
        pytest.param(
            lambda: Confidentiality(description=""),
            "Confidentiality.description: must not be empty or blank",
            id="empty confidentiality clause",
        ),
    ],
)
def test_cap_and_confidentiality_problems(build: Callable[[], object], message: str) -> None:
    """A cap is positive or looks back over a non-zero period; descriptions are not blank."""
    with pytest.raises(ValidationError) as caught:
        build()

    assert message == str(caught.value)


def test_confidentiality_survives_indefinitely_by_default() -> None:
    """Without `survives`, confidentiality lasts indefinitely."""
    assert Confidentiality().survives is None


# --- value semantics ----------------------------------------------------------


def test_evolve_revalidates_the_whole_agreement() -> None:
    """`attrs.evolve` moving the effective day after the term start raises."""
    valid = agreement()

    with pytest.raises(ValidationError) as caught:
        attrs.evolve(valid, effective_on=pendulum.Date(2025, 2, 2))

    assert str(caught.value) == (
        "Agreement.term.start: must not be before effective_on='2025-02-02' (got '2025-02-01')"
    )


def test_evolve_into_a_valid_agreement() -> None:
    """`attrs.evolve` into a valid state returns a new agreement and keeps the old one."""
    valid = agreement()

    actual = attrs.evolve(valid, title="Amended Managed IT Services Agreement")

    assert (actual.title, valid.title) == (
        "Amended Managed IT Services Agreement",
        "Managed IT Services Agreement",
    )


def test_every_problem_is_reported_at_once() -> None:
    """Several broken rules of one agreement are listed together, in field order."""
    expected = (
        "3 problems:\n"
        "  Agreement.title: must not be empty or blank\n"
        "  Agreement.parties: must include exactly one client (got 0)\n"
        "  Agreement.scope.services[0].coverage: unknown calendar 'office'"
    )

    with pytest.raises(ValidationError) as caught:
        agreement(
            title="",
            parties=(PROVIDER,),
            scope=ServiceScope(services=(attrs.evolve(RMM, coverage="office"), VCIO)),
        )

    assert expected == str(caught.value)


def test_agreement_is_frozen() -> None:
    """An agreement cannot be changed in place."""
    valid = agreement()

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        valid.title = "Other"  # type: ignore[misc]


def test_agreement_is_hashable_and_equal_by_value() -> None:
    """Two agreements built alike are equal and hash alike."""
    assert hash(agreement()) == hash(agreement())
    assert {agreement(): 1}[agreement()] == 1


@pytest.mark.parametrize(
    "clone",
    [
        pytest.param(copy.deepcopy, id="deepcopy"),
        pytest.param(lambda a: pickle.loads(pickle.dumps(a)), id="pickle"),  # noqa: S301 # our own bytes
    ],
)
def test_agreement_survives_copying_and_pickling(clone: Callable[[Agreement], Agreement]) -> None:
    """Deep copies and pickles of an agreement equal the original."""
    valid = agreement(liability_cap=AmountCap(amount=Money.of("100000.00", "USD")))

    actual = clone(valid)

    assert valid == actual
