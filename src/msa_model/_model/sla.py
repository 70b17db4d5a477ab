"""The service level agreement: priorities, support levels, escalation, availability, credits.

The commitments are data (docs/model.md). The methods answer the
questions tickets and outages raise: due times, how a ticket measures up,
availability over a measurement period and the service credit it earns
(docs/sla.md). The arithmetic is in the clock and availability engines.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal

import attrs
import pendulum

from msa_model._engines.clock import US, clock_for, to_instant
from msa_model._engines.schedule import add_days
from msa_model._model.calendar import BusinessCalendar, Pause, checked_instant, local_time
from msa_model._model.outages import (
    AvailabilityReport,
    Outage,
    ServiceCredit,
    credit_periods,
    report,
)
from msa_model._model.tickets import (
    DueTimes,
    Stage,
    StageResult,
    StageStatus,
    Ticket,
    TicketEvaluation,
    TicketEventKind,
)
from msa_model._values.calendar import OpeningWindow, is_known_zone
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
from msa_model._values.money import Money
from msa_model._values.period import BusinessDays, BusinessTime
from msa_model.errors import NotInAgreementError, Problem

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

    def due(
        self, priority: str, opened_at: dt.datetime, *, pauses: Iterable[Pause] = ()
    ) -> DueTimes:
        """Return when the first response and the resolution of a ticket are due.

        The clock runs on the priority's calendar from `opened_at` (from the
        next opening when that is outside hours), stopped during `pauses`.
        For a re-prioritised ticket, call it with the new priority and the
        original `opened_at`: the clock does not restart (docs/sla.md).

        Raises:
            NotInAgreementError: The SLA has no such priority.
            LocalTimeError: `opened_at` has no offset, or is a skipped or
                repeated local time of a named zone.

        Example:
            >>> from importlib.resources import files
            >>> from msa_model import loads
            >>> text = files("msa_model").joinpath("data/harbor-point-managed-it.json").read_text()
            >>> sla = loads(text).sla
            >>> due = sla.due("P2", pendulum.parse("2026-11-20T16:30:00-05:00"))
            >>> due.response.isoformat(), due.resolution.isoformat()
            ('2026-11-20T17:30:00-05:00', '2026-11-23T14:30:00-05:00')
        """
        target = self._priority(priority)
        calendar = self.calendar(target.calendar)
        stops = tuple(pauses)
        opened = local_time(calendar, opened_at, "opened_at")
        response = _due(calendar, opened_at, target.response, stops)
        resolution = None
        if target.resolution is not None:
            resolution = _due(calendar, opened_at, target.resolution, stops)
        return DueTimes(priority, opened, response, resolution)

    def evaluate(self, ticket: Ticket, *, as_of: dt.datetime | None = None) -> TicketEvaluation:
        """Judge a ticket's response and resolution against the targets.

        Each stage is judged under the priority in force when it ended (or
        at `as_of` while it runs), its due time counted from the original
        opening; pauses stop the clock. A running stage without `as_of` has
        no elapsed time or margin. See docs/sla.md.

        Raises:
            NotInAgreementError: The ticket names a priority the SLA lacks.
            ValueError: `as_of` is before the ticket was opened.
        """
        for name in {ticket.priority, *(e.priority for e in ticket.events if e.priority)}:
            self._priority(name)
        opened = checked_instant(ticket.opened_at, "opened_at")
        if as_of is not None and checked_instant(as_of, "as_of") < opened:
            msg = f"as_of={as_of.isoformat()} is before the ticket was opened ({ticket.opened_at})"
            raise ValueError(msg)
        resolved = ticket.ended(TicketEventKind.RESOLVED)
        responded = ticket.ended(TicketEventKind.RESPONDED) or resolved
        response = self._stage(ticket, Stage.RESPONSE, responded, as_of)
        resolution = self._stage(ticket, Stage.RESOLUTION, resolved, as_of)
        assert response is not None  # noqa: S101 # every priority has a response target
        return TicketEvaluation(ticket=ticket, response=response, resolution=resolution)

    def _stage(
        self,
        ticket: Ticket,
        stage: Stage,
        ended: dt.datetime | None,
        as_of: dt.datetime | None,
    ) -> StageResult | None:
        moment = ended or as_of
        last = ticket.events[-1].at if ticket.events else ticket.opened_at
        priority = self._priority(ticket.priority_at(moment or last))
        target = priority.response if stage is Stage.RESPONSE else priority.resolution
        if target is None:
            return None
        calendar = self.calendar(priority.calendar)
        stops = ticket.pauses(until=moment)
        if moment is not None:  # pauses after the stage ended do not move its due time
            stops = tuple((start, min(end, moment)) for start, end in stops if start < moment)
        due = _due(calendar, ticket.opened_at, target, stops)
        finished = None if ended is None else local_time(calendar, ended, "ended_at")
        if moment is None:
            return StageResult(
                stage=stage,
                priority=priority.id,
                target=target,
                due=due,
                ended_at=None,
                elapsed=None,
                status=StageStatus.RUNNING,
                margin=None,
            )
        late = to_instant(moment) > to_instant(due)
        if ended is not None:
            status = StageStatus.BREACHED if late else StageStatus.MET
        else:
            status = StageStatus.BREACHED if late else StageStatus.RUNNING
        margin = (
            -calendar.elapsed(due, moment, stops) if late else calendar.elapsed(moment, due, stops)
        )
        return StageResult(
            stage=stage,
            priority=priority.id,
            target=target,
            due=due,
            ended_at=finished,
            elapsed=calendar.elapsed(ticket.opened_at, moment, stops),
            status=status,
            margin=margin,
        )

    def availability_of(
        self, service: str, day: pendulum.Date, outages: Iterable[Outage]
    ) -> AvailabilityReport:
        """Measure a service's availability over the measurement period containing `day`.

        The period runs from local midnight to local midnight in the SLA's
        zone, in real time; outages of other services are ignored, the rest
        are merged and their parts in maintenance windows do not count
        (docs/sla.md).

        Raises:
            NotInAgreementError: The SLA has no availability target for `service`.
        """
        return report(self._availability(service), self.zone, day, tuple(outages))

    def credit(
        self, service: str, day: pendulum.Date, outages: Iterable[Outage], fee: Money
    ) -> ServiceCredit:
        """Return the service credit for the measurement period containing `day`.

        `fee` is that period's fee for the service. The credit is the
        lowest credit tier reached, limited by the target's cap, as a
        percentage of `fee` rounded half-up to the currency's minor units.
        The rolling 12-month cap needs the periods before: see `credits`.

        Raises:
            NotInAgreementError: The SLA has no availability target for `service`.
        """
        found = self.availability_of(service, day, outages)
        return credit_periods((found,), (fee,), None)[0]

    def credits(
        self,
        service: str,
        periods: Iterable[tuple[pendulum.Date, Money]],
        outages: Iterable[Outage],
    ) -> tuple[ServiceCredit, ...]:
        """Return the credits of consecutive measurement periods, under the rolling cap.

        `periods` gives, in order and without gaps, a day of each period
        and its fee for the service. With `rolling_cap` set, each month pays
        at most that percentage of the fees of the 12 months ending with it,
        less what the 11 before it were paid; credits paid are never taken
        back. Periods before the first given count as having neither.

        Raises:
            NotInAgreementError: The SLA has no availability target for `service`.
            ValueError: The periods are not consecutive, or the fees are in
                different currencies.
        """
        target = self._availability(service)
        down = tuple(outages)
        given = tuple(periods)
        reports = [report(target, self.zone, day, down) for day, _ in given]
        for earlier, later in itertools.pairwise(reports):
            if add_days(earlier.last_day, 1) != later.first_day:
                msg = (
                    f"periods must be consecutive: {later.first_day} does not follow "
                    f"the period ending {earlier.last_day}"
                )
                raise ValueError(msg)
        if self.rolling_cap is not None and target.measurement is not MeasurementPeriod.MONTH:
            msg = "a rolling 12-month cap needs monthly measurement periods"
            raise ValueError(msg)
        return credit_periods(reports, [fee for _, fee in given], self.rolling_cap)

    def _availability(self, service: str) -> AvailabilityTarget:
        for target in self.availability:
            if target.service == service:
                return target
        known = ", ".join(repr(t.service) for t in self.availability) or "none"
        msg = f"the SLA has no availability target for service {service!r} (it has {known})"
        raise NotInAgreementError(msg)

    def _priority(self, priority_id: str) -> PriorityTarget:
        try:
            return self.priority(priority_id)
        except KeyError:
            known = ", ".join(repr(p.id) for p in self.priorities)
            msg = f"the SLA has no priority {priority_id!r} (it has {known})"
            raise NotInAgreementError(msg) from None

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


def _due(
    calendar: BusinessCalendar,
    opened_at: dt.datetime,
    target: TargetLength,
    pauses: tuple[Pause, ...],
) -> pendulum.DateTime:
    """The due instant of `target` on `calendar`, the clock stopped during `pauses`.

    A business-day target moves out by the business time paused before it:
    it is due when as much unpaused business time has passed as there is
    between the opening and the unpaused due time (docs/sla.md).
    """
    if isinstance(target, BusinessTime) or not pauses:
        return calendar.add(opened_at, target, pauses=pauses)
    clock = clock_for(calendar)
    opened = checked_instant(opened_at, "opened_at")
    stops = [(checked_instant(a, "pause"), checked_instant(b, "pause")) for a, b in pauses]
    base = clock.add_days(opened, target.count)
    moved = clock.add_paused(opened, clock.open_between(opened, base), stops)
    instant = max(base, moved)
    seconds, micro = divmod(instant, US)
    return pendulum.from_timestamp(seconds, tz=calendar.zone).add(microseconds=micro)


def _length_key(length: TargetLength) -> int:
    return length.seconds if isinstance(length, BusinessTime) else length.count
