"""The service level agreement: priorities, support levels, escalation, availability, credits.

This module holds the commitments as data (docs/model.md); due times and
availability arithmetic arrive with the SLA engine.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from decimal import Decimal

import attrs

from msa_model._values.calendar import BusinessCalendar, OpeningWindow, is_known_zone
from msa_model._values.invariants import (
    MAX_NAME,
    Checked,
    decimal,
    describe,
    identifier,
    problem,
    reference,
    text,
    unique,
)
from msa_model._values.period import BusinessDays, BusinessTime
from msa_model.errors import Problem

__all__ = [
    "SLA",
    "AvailabilityTarget",
    "CreditTier",
    "EscalationStep",
    "MeasurementPeriod",
    "PriorityTarget",
    "SupportLevel",
]

TargetLength = BusinessTime | BusinessDays
"""An SLA target: open time (`PT4H`) or business days; never converted into each other."""

_HUNDRED = Decimal(100)


@attrs.frozen(kw_only=True)
class PriorityTarget(Checked):
    """Response and resolution targets for one ticket priority.

    Attributes:
        id: The priority's code, e.g. `P1`.
        name: Name for people, e.g. `Critical`.
        calendar: Id of the SLA calendar the clock runs on.
        response: Time to first response.
        resolution: Time to resolution, if committed; not shorter than
            `response` when both are in the same unit.
        description: What qualifies a ticket for this priority.
    """

    id: str
    name: str
    calendar: str
    response: TargetLength
    resolution: TargetLength | None = None
    description: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        yield from text(self.name, "name", max_length=MAX_NAME)
        yield from identifier(self.calendar, "calendar")
        yield from text(self.description, "description", optional=True)
        response, resolution = self.response, self.resolution
        if (
            resolution is not None
            and type(resolution) is type(response)
            and _length_key(resolution) < _length_key(response)
        ):
            yield problem(
                "resolution",
                f"resolution={resolution} must not be shorter than response={response}",
            )


@attrs.frozen(kw_only=True)
class SupportLevel(Checked):
    """A tier of support, e.g. L1 service desk, L2 engineers, L3 specialists.

    Attributes:
        id: How escalation steps refer to the level.
        name: Name for people.
        description: Who works at this level and what they handle.
    """

    id: str
    name: str
    description: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        yield from text(self.name, "name", max_length=MAX_NAME)
        yield from text(self.description, "description", optional=True)


@attrs.frozen(kw_only=True)
class EscalationStep(Checked):
    """One step of the escalation path: after this long unresolved, go to this level.

    Attributes:
        level: Id of the support level escalated to.
        after: Business time or days since the ticket was opened.
        contact: Who is engaged, e.g. `Service Delivery Manager`.
    """

    level: str
    after: TargetLength
    contact: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.level, "level")
        yield from text(self.contact, "contact", max_length=MAX_NAME, optional=True)


class MeasurementPeriod(enum.Enum):
    """The period availability is measured over, in the SLA's time zone."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@attrs.frozen(kw_only=True)
class CreditTier(Checked):
    """A service credit owed when availability falls below a threshold.

    The band is half-open: exactly `below` is not below (docs/model.md).

    Attributes:
        below: Availability percentage under which the tier is reached.
        credit: Credit as a percentage of the period's fee for the service.
    """

    below: Decimal
    credit: Decimal

    def _problems(self) -> Iterator[Problem]:
        yield from decimal(self.below, "below", above=Decimal(0), maximum=_HUNDRED)
        yield from decimal(self.credit, "credit", above=Decimal(0), maximum=_HUNDRED)


@attrs.frozen(kw_only=True)
class AvailabilityTarget(Checked):
    """An uptime commitment for one service, with its credit tiers.

    Attributes:
        service: Id of the service measured.
        target: Availability percentage committed, e.g. `99.9`.
        measurement: The measurement period.
        maintenance: Weekly maintenance windows excluded from measurement,
            in the SLA's time zone.
        tiers: Credit tiers, `below` strictly decreasing and `credit`
            strictly increasing; the lowest band reached pays.
        cap: Most credit per measurement period, as a percentage of the fee.
    """

    service: str
    target: Decimal
    measurement: MeasurementPeriod = MeasurementPeriod.MONTH
    maintenance: tuple[OpeningWindow, ...] = ()
    tiers: tuple[CreditTier, ...] = ()
    cap: Decimal | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.service, "service")
        yield from decimal(self.target, "target", above=Decimal(0), maximum=_HUNDRED)
        yield from decimal(self.cap, "cap", above=Decimal(0), maximum=_HUNDRED, optional=True)
        for index, (earlier, later) in enumerate(zip(self.tiers, self.tiers[1:], strict=False)):
            if later.below >= earlier.below:
                yield problem(
                    ("tiers", index + 1, "below"),
                    f"must be lower than tiers[{index}].below={describe(earlier.below)} "
                    f"(got {describe(later.below)})",
                )
            if later.credit <= earlier.credit:
                yield problem(
                    ("tiers", index + 1, "credit"),
                    f"must be higher than tiers[{index}].credit={describe(earlier.credit)} "
                    f"(got {describe(later.credit)})",
                )
        if self.tiers and self.tiers[0].below > self.target:
            yield problem(
                ("tiers", 0, "below"),
                f"must not be above the target {describe(self.target)} "
                f"(got {describe(self.tiers[0].below)})",
            )


@attrs.frozen(kw_only=True)
class SLA(Checked):
    """The service level agreement.

    Attributes:
        zone: IANA time zone in which availability is measured.
        calendars: Business calendars the priorities and services refer to.
        priorities: Response and resolution targets per priority.
        support_levels: Tiers of support.
        escalation: The escalation path, in order.
        availability: Uptime targets per service.
        rolling_cap: Most credit over any 12 consecutive months, as a
            percentage of the fees for the service over those months.
    """

    zone: str
    calendars: tuple[BusinessCalendar, ...]
    priorities: tuple[PriorityTarget, ...]
    support_levels: tuple[SupportLevel, ...] = ()
    escalation: tuple[EscalationStep, ...] = ()
    availability: tuple[AvailabilityTarget, ...] = ()
    rolling_cap: Decimal | None = None

    @property
    def calendar_ids(self) -> frozenset[str]:
        """Ids of every calendar of the SLA."""
        return frozenset(calendar.id for calendar in self.calendars)

    def calendar(self, calendar_id: str) -> BusinessCalendar:
        """Return the calendar with this id.

        Raises:
            KeyError: No calendar has this id.
        """
        for calendar in self.calendars:
            if calendar.id == calendar_id:
                return calendar
        raise KeyError(calendar_id)

    def priority(self, priority_id: str) -> PriorityTarget:
        """Return the targets of the priority with this id.

        Raises:
            KeyError: No priority has this id.
        """
        for priority in self.priorities:
            if priority.id == priority_id:
                return priority
        raise KeyError(priority_id)

    def _problems(self) -> Iterator[Problem]:
        if not is_known_zone(self.zone):
            yield problem("zone", f"must be an IANA time zone name (got {describe(self.zone)})")
        if not self.calendars:
            yield problem("calendars", "must list at least one calendar")
        if not self.priorities:
            yield problem("priorities", "must list at least one priority")
        yield from decimal(
            self.rolling_cap, "rolling_cap", above=Decimal(0), maximum=_HUNDRED, optional=True
        )
        yield from unique(self.calendars, "calendars", what="calendar id")
        yield from unique(self.priorities, "priorities", what="priority id")
        yield from unique(self.support_levels, "support_levels", what="support level id")
        yield from unique(self.availability, "availability", key="service", what="service")
        calendars = self.calendar_ids
        for index, priority in enumerate(self.priorities):
            yield from reference(
                priority.calendar, ("priorities", index, "calendar"), calendars, "calendar"
            )
        levels = {level.id for level in self.support_levels}
        for index, step in enumerate(self.escalation):
            yield from reference(
                step.level, ("escalation", index, "level"), levels, "support level"
            )
        latest: dict[type, tuple[int, TargetLength]] = {}  # per unit: step index and length
        for index, step in enumerate(self.escalation):
            before = latest.get(type(step.after))
            if before is not None and _length_key(step.after) < _length_key(before[1]):
                yield problem(
                    ("escalation", index, "after"),
                    f"must not be earlier than escalation[{before[0]}].after={before[1]} "
                    f"(got {step.after})",
                )
            else:
                latest[type(step.after)] = (index, step.after)


def _length_key(length: TargetLength) -> int:
    return length.seconds if isinstance(length, BusinessTime) else length.count
