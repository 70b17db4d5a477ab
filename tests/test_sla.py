from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pytest

from msa_model import (
    SLA,
    AvailabilityTarget,
    BusinessCalendar,
    BusinessDays,
    BusinessTime,
    CreditTier,
    EscalationStep,
    MeasurementPeriod,
    OpeningWindow,
    PriorityTarget,
    SupportLevel,
    TimeOfDay,
    ValidationError,
    Weekday,
)

if TYPE_CHECKING:
    from collections.abc import Callable

ALWAYS = BusinessCalendar.always_open("America/New_York")
OFFICE = BusinessCalendar(
    id="business-hours",
    zone="America/New_York",
    windows=(
        OpeningWindow(
            days=(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI),
            start=TimeOfDay(480),
            end=TimeOfDay(1080),
        ),
    ),
)
L1 = SupportLevel(id="L1", name="Service desk")
L2 = SupportLevel(id="L2", name="Engineers")


def hours(text: str) -> BusinessTime:
    """Read a business time such as `PT4H`."""
    return BusinessTime.parse(text)


def priority(**changes: object) -> PriorityTarget:
    """Build a P1 target (30 minutes to respond, 4 hours to resolve) with some fields changed."""
    fields: dict[str, object] = {
        "id": "P1",
        "name": "Critical",
        "calendar": "24x7",
        "response": hours("PT30M"),
        "resolution": hours("PT4H"),
    }
    fields.update(changes)
    return PriorityTarget(**fields)  # type: ignore[arg-type]


def tiers(*rows: tuple[str, str]) -> tuple[CreditTier, ...]:
    """Build credit tiers from (below, credit) texts."""
    return tuple(CreditTier(below=Decimal(below), credit=Decimal(credit)) for below, credit in rows)


def availability(**changes: object) -> AvailabilityTarget:
    """Build a 99.9% target for `rmm` with some fields changed."""
    fields: dict[str, object] = {"service": "rmm", "target": Decimal("99.9")}
    fields.update(changes)
    return AvailabilityTarget(**fields)  # type: ignore[arg-type]


def sla(**changes: object) -> SLA:
    """Build an SLA with two calendars and two priorities, with some fields changed."""
    fields: dict[str, object] = {
        "zone": "America/New_York",
        "calendars": (OFFICE, ALWAYS),
        "priorities": (priority(), priority(id="P2", name="High", calendar="business-hours")),
    }
    fields.update(changes)
    return SLA(**fields)  # type: ignore[arg-type]


def messages(error: ValidationError) -> list[str]:
    """List the problems of an error as text."""
    return [str(problem) for problem in error.problems]


# --- PriorityTarget -----------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "resolution"),
    [
        pytest.param(hours("PT30M"), hours("PT4H"), id="PT30M then PT4H"),
        pytest.param(hours("PT4H"), hours("PT4H"), id="resolution equal to response"),
        pytest.param(hours("PT4H"), None, id="no resolution committed"),
        pytest.param(BusinessDays(1), BusinessDays(5), id="1 then 5 business days"),
        pytest.param(hours("PT4H"), BusinessDays(3), id="hours then business days"),
        pytest.param(BusinessDays(1), hours("PT1H"), id="units never compared"),
    ],
)
def test_priority_targets(
    response: BusinessTime | BusinessDays, resolution: BusinessTime | BusinessDays | None
) -> None:
    """Resolution is not shorter than response when both are in one unit; units never convert."""
    actual = priority(response=response, resolution=resolution)

    assert (response, resolution) == (actual.response, actual.resolution)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"response": hours("PT4H"), "resolution": hours("PT2H")},
            "PriorityTarget.resolution: resolution=PT2H must not be shorter than response=PT4H",
            id="PT2H to resolve after PT4H to respond",
        ),
        pytest.param(
            {"response": BusinessDays(2), "resolution": BusinessDays(1)},
            "PriorityTarget.resolution: resolution=1 business day must not be shorter than "
            "response=2 business days",
            id="1 business day after 2",
        ),
        pytest.param(
            {"calendar": "24 x 7"},
            "PriorityTarget.calendar: must be an id of 1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (got '24 x 7')",
            id="calendar not an id",
        ),
        pytest.param(
            {"response": "PT4H"},
            "PriorityTarget.response: must be a BusinessTime or a BusinessDays (got str)",
            id="response as text",
        ),
        pytest.param(
            {"name": ""},
            "PriorityTarget.name: must not be empty or blank",
            id="empty name",
        ),
    ],
)
def test_priority_target_problems(changes: dict[str, object], message: str) -> None:
    """A priority target has ids, a name and consistent lengths."""
    with pytest.raises(ValidationError) as caught:
        priority(**changes)

    assert message == str(caught.value)


# --- support levels, escalation -----------------------------------------------


def test_support_level_and_escalation_step() -> None:
    """Support levels and escalation steps are plain records."""
    step = EscalationStep(level="L2", after=hours("PT2H"), contact="Service desk lead")

    assert (L2.id, step.level, str(step.after), step.contact) == (
        "L2",
        "L2",
        "PT2H",
        "Service desk lead",
    )


def test_escalation_step_problems() -> None:
    """An escalation step names a level by id and an optional non-blank contact."""
    expected = [
        (
            "EscalationStep.level: must be an id of 1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (got 'level 2')"
        ),
        "EscalationStep.contact: must not be empty or blank",
    ]

    with pytest.raises(ValidationError) as caught:
        EscalationStep(level="level 2", after=hours("PT2H"), contact=" ")

    assert expected == messages(caught.value)


# --- CreditTier, AvailabilityTarget -------------------------------------------


@pytest.mark.parametrize(
    ("below", "credit", "message"),
    [
        ("0", "5", "CreditTier.below: must be greater than 0 (got '0')"),
        ("100.1", "5", "CreditTier.below: must be at most 100 (got '100.1')"),
        ("99", "0", "CreditTier.credit: must be greater than 0 (got '0')"),
        ("99", "100.01", "CreditTier.credit: must be at most 100 (got '100.01')"),
    ],
    ids=["below zero", "below over 100", "zero credit", "credit over 100"],
)
def test_credit_tier_bounds(below: str, credit: str, message: str) -> None:
    """A tier's threshold and credit are percentages in (0, 100]."""
    with pytest.raises(ValidationError) as caught:
        CreditTier(below=Decimal(below), credit=Decimal(credit))

    assert message == str(caught.value)


def test_credit_tier_refuses_floats() -> None:
    """Percentages are Decimals, never floats."""
    with pytest.raises(ValidationError) as caught:
        CreditTier(below=99.9, credit=Decimal(5))  # type: ignore[arg-type]

    assert str(caught.value) == "CreditTier.below: must be a Decimal (got float)"


def test_availability_target_defaults() -> None:
    """A target is measured monthly, without maintenance, tiers or cap unless stated."""
    expected = (MeasurementPeriod.MONTH, (), (), None)

    actual = availability()

    assert expected == (actual.measurement, actual.maintenance, actual.tiers, actual.cap)


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param((("99.9", "5"), ("99.5", "10"), ("99.0", "25")), id="three tiers"),
        pytest.param((("99.5", "5"),), id="one tier below the target"),
        pytest.param((("99.9", "100"),), id="whole fee at the target"),
    ],
)
def test_availability_tiers_in_order(rows: tuple[tuple[str, str], ...]) -> None:
    """Tiers whose thresholds fall while credits rise, none above the target, are valid."""
    actual = availability(tiers=tiers(*rows), cap=Decimal(25))

    assert len(rows) == len(actual.tiers)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"tiers": tiers(("99.5", "5"), ("99.9", "10"))},
            [
                (
                    "AvailabilityTarget.tiers[1].below: must be lower than tiers[0].below='99.5' "
                    "(got '99.9')"
                )
            ],
            id="thresholds rising",
        ),
        pytest.param(
            {"tiers": tiers(("99.9", "10"), ("99.5", "5"))},
            [
                (
                    "AvailabilityTarget.tiers[1].credit: must be higher than tiers[0].credit='10' "
                    "(got '5')"
                )
            ],
            id="credits falling",
        ),
        pytest.param(
            {"tiers": tiers(("99.5", "5"), ("99.5", "5"))},
            [
                (
                    "AvailabilityTarget.tiers[1].below: must be lower than tiers[0].below='99.5' "
                    "(got '99.5')"
                ),
                (
                    "AvailabilityTarget.tiers[1].credit: must be higher than tiers[0].credit='5' "
                    "(got '5')"
                ),
            ],
            id="a tier repeated",
        ),
        pytest.param(
            {"target": Decimal("99.5"), "tiers": tiers(("99.9", "5"))},
            [
                (
                    "AvailabilityTarget.tiers[0].below: must not be above the target '99.5' "
                    "(got '99.9')"
                )
            ],
            id="first tier above the target",
        ),
        pytest.param(
            {"target": Decimal(0)},
            ["AvailabilityTarget.target: must be greater than 0 (got '0')"],
            id="zero target",
        ),
        pytest.param(
            {"target": Decimal("100.5")},
            ["AvailabilityTarget.target: must be at most 100 (got '100.5')"],
            id="target over 100",
        ),
        pytest.param(
            {"cap": Decimal(0)},
            ["AvailabilityTarget.cap: must be greater than 0 (got '0')"],
            id="zero cap",
        ),
        pytest.param(
            {"service": "r m m"},
            [
                (
                    "AvailabilityTarget.service: must be an id of 1 to 64 letters, digits, "
                    "'.', '_' or '-', starting with a letter or digit (got 'r m m')"
                )
            ],
            id="service not an id",
        ),
    ],
)
def test_availability_target_problems(changes: dict[str, object], expected: list[str]) -> None:
    """Targets and caps are percentages; tiers fall in threshold and rise in credit."""
    with pytest.raises(ValidationError) as caught:
        availability(**changes)

    assert expected == messages(caught.value)


# --- SLA ----------------------------------------------------------------------


def test_sla_defaults() -> None:
    """An SLA needs a zone, calendars and priorities; the rest defaults to empty."""
    expected = ((), (), (), None)

    actual = sla()

    assert expected == (
        actual.support_levels,
        actual.escalation,
        actual.availability,
        actual.rolling_cap,
    )


@pytest.mark.parametrize("calendar_id", ["24x7", "business-hours"])
def test_calendar_lookup(calendar_id: str) -> None:
    """`calendar(id)` returns the calendar with that id."""
    assert calendar_id == sla().calendar(calendar_id).id


@pytest.mark.parametrize("priority_id", ["P1", "P2"])
def test_priority_lookup(priority_id: str) -> None:
    """`priority(id)` returns the targets of the priority with that id."""
    assert priority_id == sla().priority(priority_id).id


@pytest.mark.parametrize(
    ("lookup", "key"),
    [
        pytest.param(lambda target: target.calendar("weekends"), "weekends", id="calendar"),
        pytest.param(lambda target: target.priority("P9"), "P9", id="priority"),
    ],
)
def test_lookups_of_unknown_ids_raise_key_error(lookup: Callable[[SLA], object], key: str) -> None:
    """Looking up an unknown calendar or priority raises KeyError naming the id."""
    with pytest.raises(KeyError) as caught:
        lookup(sla())

    assert caught.value.args == (key,)


def test_calendar_ids() -> None:
    """`calendar_ids` holds every calendar's id."""
    assert sla().calendar_ids == frozenset({"24x7", "business-hours"})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"zone": "Eastern"},
            ["SLA.zone: must be an IANA time zone name (got 'Eastern')"],
            id="unknown zone",
        ),
        pytest.param(
            {"calendars": (), "priorities": ()},
            [
                "SLA.calendars: must list at least one calendar",
                "SLA.priorities: must list at least one priority",
            ],
            id="no calendars and no priorities",
        ),
        pytest.param(
            {"rolling_cap": Decimal(0)},
            ["SLA.rolling_cap: must be greater than 0 (got '0')"],
            id="zero rolling cap",
        ),
        pytest.param(
            {"calendars": (ALWAYS, OFFICE, ALWAYS)},
            ["SLA.calendars[2].id: duplicate calendar id '24x7' (first at calendars[0])"],
            id="a calendar twice",
        ),
        pytest.param(
            {"priorities": (priority(), priority())},
            ["SLA.priorities[1].id: duplicate priority id 'P1' (first at priorities[0])"],
            id="a priority twice",
        ),
        pytest.param(
            {"support_levels": (L1, L1)},
            [
                (
                    "SLA.support_levels[1].id: duplicate support level id 'L1' "
                    "(first at support_levels[0])"
                )
            ],
            id="a support level twice",
        ),
        pytest.param(
            {"availability": (availability(), availability(target=Decimal("99.5")))},
            [("SLA.availability[1].service: duplicate service 'rmm' (first at availability[0])")],
            id="two targets for one service",
        ),
        pytest.param(
            {"priorities": (priority(calendar="weekends"),)},
            ["SLA.priorities[0].calendar: unknown calendar 'weekends'"],
            id="a priority on an unknown calendar",
        ),
        pytest.param(
            {
                "support_levels": (L1,),
                "escalation": (EscalationStep(level="L3", after=hours("PT8H")),),
            },
            ["SLA.escalation[0].level: unknown support level 'L3'"],
            id="escalation to an unknown level",
        ),
        pytest.param(
            {
                "support_levels": (L1, L2),
                "escalation": (
                    EscalationStep(level="L1", after=hours("PT8H")),
                    EscalationStep(level="L2", after=hours("PT2H")),
                ),
            },
            [
                (
                    "SLA.escalation[1].after: must not be earlier than escalation[0].after=PT8H "
                    "(got PT2H)"
                )
            ],
            id="escalation steps out of order",
        ),
    ],
)
def test_sla_problems(changes: dict[str, object], expected: list[str]) -> None:
    """Ids are unique, references resolve, and escalation runs forward in time."""
    with pytest.raises(ValidationError) as caught:
        sla(**changes)

    assert expected == messages(caught.value)


@pytest.mark.parametrize(
    "escalation",
    [
        pytest.param(
            (
                EscalationStep(level="L1", after=hours("PT2H")),
                EscalationStep(level="L2", after=hours("PT2H")),
            ),
            id="two steps at the same time",
        ),
        pytest.param(
            (
                EscalationStep(level="L1", after=BusinessDays(2)),
                EscalationStep(level="L2", after=hours("PT1H")),
            ),
            id="steps in different units are not compared",
        ),
    ],
)
def test_escalation_steps_allowed(escalation: tuple[EscalationStep, ...]) -> None:
    """Escalation steps may share a time; steps in different units are never compared."""
    actual = sla(support_levels=(L1, L2), escalation=escalation)

    assert escalation == actual.escalation


def test_measurement_periods() -> None:
    """Availability is measured per month, quarter or year."""
    assert [period.value for period in MeasurementPeriod] == ["month", "quarter", "year"]


def test_evolve_revalidates() -> None:
    """`attrs.evolve` dropping a calendar a priority runs on raises."""
    valid = sla()

    with pytest.raises(ValidationError) as caught:
        attrs.evolve(valid, calendars=(ALWAYS,))

    assert str(caught.value) == "SLA.priorities[1].calendar: unknown calendar 'business-hours'"


def test_sla_is_frozen_and_hashable() -> None:
    """SLAs are immutable values usable as dict keys."""
    valid = sla(availability=(availability(tiers=tiers(("99.9", "5"))),))

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        valid.zone = "UTC"  # type: ignore[misc]
    assert {valid: 1}[sla(availability=(availability(tiers=tiers(("99.9", "5"))),))] == 1
