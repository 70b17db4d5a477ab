"""Who does what: the parties' responsibilities, RACI roles and recurring obligations."""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs
import pendulum

from msa_model._model.party import PartyRole
from msa_model._values.invariants import (
    MAX_NAME,
    Checked,
    identifier,
    problem,
    text,
    unique_values,
)
from msa_model._values.period import Period
from msa_model.errors import Problem

__all__ = ["Raci", "Recurrence", "Responsibility", "ResponsibilityCategory"]


class ResponsibilityCategory(enum.Enum):
    """The area a responsibility belongs to."""

    SERVICE_DELIVERY = "service_delivery"
    CONSULTATION = "consultation"
    MONITORING = "monitoring"
    REPORTING = "reporting"
    SECURITY = "security"
    RESOURCE_MANAGEMENT = "resource_management"
    CONTINUOUS_IMPROVEMENT = "continuous_improvement"
    ACCESS_AND_COOPERATION = "access_and_cooperation"
    INFORMATION_SHARING = "information_sharing"
    COMPLIANCE = "compliance"
    GOVERNANCE = "governance"
    STAKEHOLDER_ENGAGEMENT = "stakeholder_engagement"
    CONFIDENTIALITY = "confidentiality"
    TRANSITION = "transition"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Raci(Checked):
    """Who is responsible, accountable, consulted and informed.

    Attributes:
        responsible: Who does the work; at least one.
        accountable: Who answers for it; exactly one.
        consulted: Whose input is sought.
        informed: Who is kept informed.
    """

    responsible: tuple[PartyRole, ...]
    accountable: tuple[PartyRole, ...]
    consulted: tuple[PartyRole, ...] = ()
    informed: tuple[PartyRole, ...] = ()

    def _problems(self) -> Iterator[Problem]:
        if not self.responsible:
            yield problem("responsible", "must name at least one party role")
        if len(self.accountable) != 1:
            yield problem(
                "accountable", f"must name exactly one party role (got {len(self.accountable)})"
            )
        for field in ("responsible", "accountable", "consulted", "informed"):
            yield from unique_values(getattr(self, field), field, "party role")


@attrs.frozen(kw_only=True)
class Recurrence(Checked):
    """A responsibility that falls due repeatedly, e.g. a monthly report.

    Occurrence k is due on `anchor + k × every` (k = 0, 1, ...), computed
    from the anchor so month ends do not drift.

    Attributes:
        every: Interval between occurrences, e.g. `P1M`, `P3M`.
        anchor: First due day; None for the term start.
    """

    every: Period
    anchor: pendulum.Date | None = None

    def _problems(self) -> Iterator[Problem]:
        if self.every.is_zero:
            yield problem("every", "must not be zero")


@attrs.frozen(kw_only=True)
class Responsibility(Checked):
    """An obligation of one party.

    Attributes:
        id: Identifier of the responsibility.
        party: The party that owes it.
        category: The area it belongs to.
        title: Short name, e.g. `Monthly service report`.
        description: What exactly is owed.
        raci: Who is responsible, accountable, consulted and informed.
        recurrence: When it falls due, if it recurs.
        services: Ids of the services it relates to.
    """

    id: str
    party: PartyRole
    category: ResponsibilityCategory
    title: str
    description: str | None = None
    raci: Raci | None = None
    recurrence: Recurrence | None = None
    services: tuple[str, ...] = ()

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        yield from text(self.title, "title", max_length=MAX_NAME)
        yield from text(self.description, "description", optional=True)
        if (
            self.raci is not None
            and self.party not in self.raci.responsible + self.raci.accountable
        ):
            yield problem(
                ("raci", "responsible"),
                f"must include the owing party {self.party.value!r} as responsible or accountable",
            )
