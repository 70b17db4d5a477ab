"""Tickets as the SLA sees them, and how they measure up: due times and stage results.

A ticket is opened at some instant under a priority; its history is a
list of events (responded, paused, resumed, re-prioritised, resolved).
`SLA.evaluate` judges its two stages, response and resolution, against
the targets (docs/sla.md):

- Each stage is judged under the priority in force when it ended (or at
  `as_of` while it runs), with its due time computed from the original
  opening: re-prioritising does not restart the clock.
- Pauses (waiting on the client) stop the clock: business time inside a
  pause does not count, and due times move out by it.
- A ticket resolved without a response event was responded to when it
  was resolved.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs
import pendulum

from msa_model._values.invariants import Checked, describe, identifier, problem
from msa_model._values.period import BusinessDays, BusinessTime
from msa_model.errors import Problem

__all__ = [
    "DueTimes",
    "Stage",
    "StageResult",
    "StageStatus",
    "Ticket",
    "TicketEvaluation",
    "TicketEvent",
    "TicketEventKind",
]


class TicketEventKind(enum.Enum):
    """What happened to a ticket."""

    RESPONDED = "responded"
    PAUSED = "paused"
    RESUMED = "resumed"
    REPRIORITISED = "reprioritised"
    RESOLVED = "resolved"


@attrs.frozen(kw_only=True)
class TicketEvent(Checked):
    """One event in a ticket's history.

    Attributes:
        kind: What happened.
        at: When, as an aware date and time.
        priority: The new priority's id; only for `reprioritised`.
    """

    kind: TicketEventKind
    at: dt.datetime
    priority: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from _aware(self.at, "at")
        if self.kind is TicketEventKind.REPRIORITISED:
            yield from identifier(self.priority, "priority")
        elif self.priority is not None:
            yield problem(
                "priority", f"is only for 'reprioritised' events (not {self.kind.value!r})"
            )


@attrs.frozen(kw_only=True)
class Ticket(Checked):
    """A ticket: its priority when opened, when it was opened, and what happened since.

    Attributes:
        priority: Id of the priority the ticket was opened with.
        opened_at: When it was opened, as an aware date and time.
        events: Its history in time order: at most one `responded` and one
            `resolved` (the last event), `paused` and `resumed` alternating.
        id: The ticket's number in the PSA, if wanted in reports.
    """

    priority: str
    opened_at: dt.datetime
    events: tuple[TicketEvent, ...] = ()
    id: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.priority, "priority")
        yield from _aware(self.opened_at, "opened_at")
        if not all(event.at.utcoffset() is not None for event in self.events):
            return  # each event reports its own naive time
        opened = self.opened_at.utcoffset() is not None
        seen: dict[TicketEventKind, int] = {}
        paused = False
        for index, event in enumerate(self.events):
            where = ("events", index)
            if opened and event.at < self.opened_at:
                yield problem((*where, "at"), f"must not be before opened_at={self.opened_at}")
            if index and event.at < self.events[index - 1].at:
                yield problem((*where, "at"), f"must not be before events[{index - 1}].at")
            resolved = seen.get(TicketEventKind.RESOLVED)
            if resolved is not None:
                yield problem(where, f"comes after the ticket was resolved (events[{resolved}])")
            if (
                event.kind in (TicketEventKind.RESPONDED, TicketEventKind.RESOLVED)
                and event.kind in seen
            ):
                yield problem(
                    where, f"repeats events[{seen[event.kind]}]: {event.kind.value!r} happens once"
                )
            if event.kind is TicketEventKind.PAUSED and paused:
                yield problem(where, "pauses a ticket that is already paused")
            if event.kind is TicketEventKind.RESUMED and not paused:
                yield problem(where, "resumes a ticket that is not paused")
            if event.kind in (TicketEventKind.PAUSED, TicketEventKind.RESUMED):
                paused = event.kind is TicketEventKind.PAUSED
            seen.setdefault(event.kind, index)

    def ended(self, kind: TicketEventKind) -> dt.datetime | None:
        """When the first event of `kind` happened, if it did."""
        return next((event.at for event in self.events if event.kind is kind), None)

    def pauses(self, until: dt.datetime | None) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        """The paused stretches; one still open at the end lasts until `until` (if given)."""
        found: list[tuple[dt.datetime, dt.datetime]] = []
        start: dt.datetime | None = None
        for event in self.events:
            if event.kind is TicketEventKind.PAUSED:
                start = event.at
            elif event.kind in (TicketEventKind.RESUMED, TicketEventKind.RESOLVED) and start:
                found.append((start, event.at))
                start = None
        if start is not None and until is not None and until > start:
            found.append((start, until))
        return tuple(found)

    def priority_at(self, moment: dt.datetime) -> str:
        """The priority in force at `moment`: the last re-prioritisation at or before it."""
        current = self.priority
        for event in self.events:
            if event.kind is TicketEventKind.REPRIORITISED and event.at <= moment:
                current = event.priority or current
        return current


def _aware(value: dt.datetime, field: str) -> Iterator[Problem]:
    if isinstance(value, dt.datetime) and value.utcoffset() is None:
        yield problem(field, f"must have an offset or time zone (got {describe(value)})")


@attrs.frozen
class DueTimes:
    """When a ticket's first response and resolution are due.

    Attributes:
        priority: Id of the priority whose targets apply.
        opened_at: When the ticket was opened.
        response: When the first response is due.
        resolution: When resolution is due; None when the priority has no
            resolution target.
    """

    priority: str
    opened_at: pendulum.DateTime
    response: pendulum.DateTime
    resolution: pendulum.DateTime | None


class Stage(enum.Enum):
    """A part of a ticket's life with its own target."""

    RESPONSE = "response"
    RESOLUTION = "resolution"


class StageStatus(enum.Enum):
    """How a stage stands: met, breached, or still running within its target."""

    MET = "met"
    BREACHED = "breached"
    RUNNING = "running"


@attrs.frozen(kw_only=True)
class StageResult:
    """How one stage of a ticket measures up against its target.

    Attributes:
        stage: Response or resolution.
        priority: Id of the priority that judged it: the one in force when
            the stage ended (or at `as_of` while it runs).
        target: The target of that priority.
        due: The due instant, from the original opening, moved out by pauses.
        ended_at: When the stage ended; None while it runs.
        elapsed: Business time spent on it, pauses excluded, up to its end
            or `as_of`; None for a running stage without `as_of`.
        status: Met, breached or running.
        margin: Business time between the end (or `as_of`) and the due
            time: positive when early or with time left, negative when late;
            None for a running stage without `as_of`.
    """

    stage: Stage
    priority: str
    target: BusinessTime | BusinessDays
    due: pendulum.DateTime
    ended_at: pendulum.DateTime | None
    elapsed: dt.timedelta | None
    status: StageStatus
    margin: dt.timedelta | None


@attrs.frozen(kw_only=True)
class TicketEvaluation:
    """A ticket judged against the SLA.

    Attributes:
        ticket: The ticket.
        response: Its response stage.
        resolution: Its resolution stage; None when the priority judging it
            has no resolution target.
    """

    ticket: Ticket
    response: StageResult
    resolution: StageResult | None

    @property
    def breached(self) -> bool:
        """Tell whether either stage is breached."""
        stages = (self.response, self.resolution)
        return any(s is not None and s.status is StageStatus.BREACHED for s in stages)
