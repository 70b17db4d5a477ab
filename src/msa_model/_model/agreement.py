"""The whole agreement, and the rules that tie its sections together."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Final

import attrs
import pendulum

from msa_model._engines.schedule import add_days
from msa_model._engines.termdates import to_length
from msa_model._model import history as _history
from msa_model._model.amendments import Amendment
from msa_model._model.dates import KeyDate
from msa_model._model.fees import FeeSchedule, HourlyRate, PerUnitFee
from msa_model._model.party import Party, PartyRole
from msa_model._model.responsibility import Responsibility
from msa_model._model.scope import Service, ServiceScope
from msa_model._model.sla import SLA
from msa_model._model.term import FixedTerminationFee, Term
from msa_model._model.timeline import key_dates
from msa_model._values.invariants import (
    MAX_NAME,
    MAX_TEXT,
    Checked,
    Tagged,
    describe,
    identifier,
    problem,
    reference,
    references,
    text,
    unique,
)
from msa_model._values.money import Money
from msa_model._values.period import BusinessDays, Period
from msa_model.errors import Problem

if TYPE_CHECKING:
    from msa_model._model.calendar import BusinessCalendar, Pause
    from msa_model._model.invoicing import BillingPeriod, Charges, Quantity, Work
    from msa_model._model.outages import ServiceCredit
    from msa_model._model.tickets import DueTimes, Ticket, TicketEvaluation

__all__ = [
    "SCHEMA_VERSION",
    "Agreement",
    "AmountCap",
    "Confidentiality",
    "FeesPaidCap",
    "LiabilityCap",
]

SCHEMA_VERSION: Final = "1.1"
"""The version of the JSON form written by this release (1.1 added amendments)."""
SUPPORTED_SCHEMA_VERSIONS: Final = frozenset({"1.0", SCHEMA_VERSION})
"""Versions of the JSON form this release reads."""
ONE_YEAR: Final = Period(years=1)
"""The default horizon of `Agreement.key_dates`."""


@attrs.frozen(kw_only=True)
class Confidentiality(Checked):
    """The confidentiality clause.

    Attributes:
        survives: How long the obligations last after the agreement ends;
            None for indefinitely.
        description: The clause in brief.
    """

    survives: Period | None = None
    description: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from text(self.description, "description", optional=True)


@attrs.frozen(kw_only=True)
class AmountCap(Checked, Tagged):
    """Liability capped at a fixed amount.

    Attributes:
        amount: The cap.
    """

    KIND: ClassVar[str] = "amount"
    amount: Money

    def _problems(self) -> Iterator[Problem]:
        if self.amount.amount <= 0:
            yield problem("amount", f"must be positive (got {describe(self.amount.amount)})")


@attrs.frozen(kw_only=True)
class FeesPaidCap(Checked, Tagged):
    """Liability capped at the fees paid over a look-back period before the claim.

    Attributes:
        lookback: E.g. `P12M` for "fees paid in the twelve months before the claim".
    """

    KIND: ClassVar[str] = "fees_paid"
    lookback: Period

    def _problems(self) -> Iterator[Problem]:
        if self.lookback.is_zero:
            yield problem("lookback", "must not be zero")


LiabilityCap = AmountCap | FeesPaidCap
"""A limitation of liability, a tagged union on `kind`."""


@attrs.frozen(kw_only=True)
class Agreement(Checked):
    """A Managed Services Agreement: the root of the model.

    Attributes:
        schema_version: Version of the JSON form, `1.1` (`1.0` is read too,
            for agreements without amendments).
        id: Identifier of the agreement, e.g. a contract number.
        title: Title for people.
        parties: Exactly one provider, exactly one client, any third parties.
        signed_on: Day of the last signature.
        effective_on: Day the agreement takes effect.
        service_start_on: Day services start, if later than `effective_on`.
        governing_law: Jurisdiction whose law governs, e.g. `State of New York`.
        term: Start, length, renewal, notice and termination.
        scope: Services in and out of scope.
        sla: Service levels.
        fees: Fees and payment terms.
        responsibilities: What each party must do.
        confidentiality: The confidentiality clause.
        liability_cap: The limitation of liability.
        amendments: Signed changes with the day each takes effect; the
            fields above stay as originally agreed, and `as_of(day)` gives
            the agreement in force on a day.
    """

    schema_version: str = SCHEMA_VERSION
    id: str
    title: str
    parties: tuple[Party, ...]
    signed_on: pendulum.Date | None = None
    effective_on: pendulum.Date
    service_start_on: pendulum.Date | None = None
    governing_law: str | None = None
    term: Term
    scope: ServiceScope
    sla: SLA
    fees: FeeSchedule
    responsibilities: tuple[Responsibility, ...] = ()
    confidentiality: Confidentiality | None = None
    liability_cap: LiabilityCap | None = None
    amendments: tuple[Amendment, ...] = ()

    def as_of(self, day: pendulum.Date) -> Agreement:
        """Return the agreement in force on `day`, every amendment effective by then applied.

        Amendments apply in order of effective day (those of one day in the
        order listed). The result keeps the amendments effective after `day`,
        so `agreement.as_of(d1).as_of(d2)` equals `agreement.as_of(d2)` for a
        later `d2`; before the first effective day it is this agreement.
        Nothing here changes: the original and its history stay as written.

        Example:
            >>> from importlib.resources import files
            >>> from msa_model import loads
            >>> text = files("msa_model").joinpath("data/harbor-point-amended.json").read_text()
            >>> agreement = loads(text)
            >>> before, after = pendulum.Date(2026, 3, 15), pendulum.Date(2026, 3, 16)
            >>> [
            ...     agreement.as_of(day).fees.line("helpdesk-users").quantity
            ...     for day in (before, after)
            ... ]
            [40, 60]
        """
        if not self.amendments:
            return self
        return _history.in_force(self, self._versions, day)

    @functools.cached_property
    def _versions(self) -> tuple[list[int], list[Agreement]]:
        return _history.versions(self)

    def history(self) -> tuple[_history.HistoryEntry, ...]:
        """Return the amendments in the order they apply, each with its changes in words."""
        return _history.history(self)

    def key_dates(self, as_of: pendulum.Date, horizon: Period = ONE_YEAR) -> tuple[KeyDate, ...]:
        """Return the dates a contracts manager acts on, sorted, looking `horizon` ahead.

        The effective and service start days and the current term period
        (its start and end, notice deadline, and renewal or expiry) are
        always listed; later deadlines, renewals, expiry, price adjustments
        and recurring obligations are listed when they fall between `as_of`
        and `as_of + horizon` (docs/term.md). They are the dates of the
        agreement in force on `as_of`; amendments that take effect within
        the horizon are listed on their effective days (docs/amendments.md).

        Example:
            >>> from importlib.resources import files
            >>> from msa_model import loads
            >>> text = files("msa_model").joinpath("data/harbor-point-managed-it.json").read_text()
            >>> dates = loads(text).key_dates(pendulum.Date(2027, 6, 1), Period(months=3))
            >>> [(str(d.day), d.kind.value) for d in dates if d.kind.value == "notice_deadline"]
            [('2027-11-02', 'notice_deadline')]
        """
        end = add_days(to_length(horizon).after(as_of), -1)
        return key_dates(self, as_of, end)

    def due(
        self, priority: str, opened_at: dt.datetime, *, pauses: Iterable[Pause] = ()
    ) -> DueTimes:
        """Return a ticket's due times under the SLA in force on the day it was opened.

        The day is the opening's day in the SLA's zone; otherwise as `SLA.due`.
        """
        day = _history.local_day(self, opened_at, "opened_at")
        return self.as_of(day).sla.due(priority, opened_at, pauses=pauses)

    def evaluate(self, ticket: Ticket, *, as_of: dt.datetime | None = None) -> TicketEvaluation:
        """Judge a ticket under the SLA in force on the day it was opened (see `SLA.evaluate`)."""
        day = _history.local_day(self, ticket.opened_at, "opened_at")
        return self.as_of(day).sla.evaluate(ticket, as_of=as_of)

    def billing_periods(
        self,
        through: pendulum.Date,
        *,
        last_service_day: pendulum.Date | None = None,
        since: pendulum.Date | None = None,
    ) -> tuple[BillingPeriod, ...]:
        """Return the billing periods to the one containing `through`, across amendments.

        As `FeeSchedule.billing_periods` on the term in force on `through`. An
        amendment that changes the billing policy or payment terms ends the
        old schedule's period the day before it takes effect and starts the
        new schedule's periods that day; other amendments leave the periods
        alone (their charges are split instead, see `charges`). With `since`,
        the list starts at the period containing that day.
        """
        if not self.amendments:
            return self.fees.billing_periods(
                self.term, through, last_service_day=last_service_day, since=since
            )
        return _history.billing_periods(self, through, last_service_day, since)

    def charges(  # noqa: PLR0913 # every input of an invoice, keyword-only
        self,
        period: BillingPeriod,
        *,
        quantities: Mapping[str, Quantity] | None = None,
        indexes: Mapping[str, Mapping[pendulum.Date, Decimal]] | None = None,
        service_credits: Sequence[ServiceCredit] = (),
        work: Sequence[Work] = (),
        calendars: Mapping[str, BusinessCalendar] | None = None,
    ) -> Charges:
        """Return a period's charges under the fees in force on each of its days.

        As `FeeSchedule.charges`, with the term and fees of the agreement in
        force. A period in which an amendment changes the fees or the term is
        split at its effective day; each part is charged by the schedule then
        in force, prorated over the whole period's days. `calendars` default
        to the SLA's. Counts not given for a per-unit line come from its
        contracted `quantity`.
        """
        return _history.charges(
            self,
            period,
            quantities=quantities,
            indexes=indexes,
            service_credits=service_credits,
            work=work,
            calendars=calendars,
        )

    def party(self, role: PartyRole) -> Party:
        """Return the first party with this role.

        Raises:
            KeyError: No party has this role.
        """
        for party in self.parties:
            if party.role is role:
                return party
        raise KeyError(role.value)

    @property
    def provider(self) -> Party:
        """The managed service provider."""
        return self.party(PartyRole.PROVIDER)

    @property
    def client(self) -> Party:
        """The client."""
        return self.party(PartyRole.CLIENT)

    def _problems(self) -> Iterator[Problem]:
        found = list(self._own_problems())
        yield from found
        # Amendments are applied only to a valid agreement: each view would
        # otherwise repeat the agreement's own problems.
        yield from _history.problems(self, apply=not found)

    def _own_problems(self) -> Iterator[Problem]:
        if self.schema_version not in SUPPORTED_SCHEMA_VERSIONS:
            supported = ", ".join(repr(v) for v in sorted(SUPPORTED_SCHEMA_VERSIONS))
            yield problem(
                "schema_version",
                f"unsupported schema version {describe(self.schema_version)} "
                f"(this release reads {supported})",
            )
        yield from identifier(self.id, "id")
        yield from text(self.title, "title", max_length=MAX_NAME)
        yield from text(self.governing_law, "governing_law", max_length=MAX_TEXT, optional=True)
        yield from self._party_problems()
        yield from self._date_problems()
        yield from self._reference_problems()

    def _party_problems(self) -> Iterator[Problem]:
        yield from unique(self.parties, "parties", what="party id")
        for role in (PartyRole.PROVIDER, PartyRole.CLIENT):
            count = sum(party.role is role for party in self.parties)
            if count != 1:
                yield problem("parties", f"must include exactly one {role.value} (got {count})")

    def _date_problems(self) -> Iterator[Problem]:
        if self.term.start < self.effective_on:
            yield problem(
                ("term", "start"),
                f"must not be before effective_on={describe(self.effective_on)} "
                f"(got {describe(self.term.start)})",
            )
        if self.service_start_on is not None and self.service_start_on < self.effective_on:
            yield problem(
                "service_start_on",
                f"must not be before effective_on={describe(self.effective_on)} "
                f"(got {describe(self.service_start_on)})",
            )

    def _currency_problems(self) -> Iterator[Problem]:
        """Amounts outside the fee schedule are in its currency too."""
        currency = self.fees.currency
        amounts: list[tuple[tuple[str, ...], Money]] = []
        convenience = self.term.termination.convenience
        fee = convenience.early_termination_fee if convenience is not None else None
        if isinstance(fee, FixedTerminationFee):
            fee_path = ("term", "termination", "convenience", "early_termination_fee", "amount")
            amounts.append((fee_path, fee.amount))
        if isinstance(self.liability_cap, AmountCap):
            amounts.append((("liability_cap", "amount"), self.liability_cap.amount))
        for where, money in amounts:
            if money.currency != currency:
                yield problem(
                    (*where, "currency"),
                    f"must be the schedule's currency {currency!r} (got {money.currency!r})",
                )

    def _reference_problems(self) -> Iterator[Problem]:
        by_id = {service.id: service for service in self.scope.services}
        services = by_id.keys()
        calendars = self.sla.calendar_ids
        for index, service in enumerate(self.scope.services):
            yield from reference(
                service.coverage, ("scope", "services", index, "coverage"), calendars, "calendar"
            )
        for index, line in enumerate(self.fees.lines):
            path = ("fees", "lines", index)
            yield from reference(line.service, (*path, "service"), services, "service")
            if isinstance(line, HourlyRate):
                yield from reference(
                    line.business_hours, (*path, "business_hours"), calendars, "calendar"
                )
            if isinstance(line, PerUnitFee) and line.service in by_id:
                unit = by_id[line.service].unit
                if unit is not line.unit:
                    yield problem(
                        (*path, "unit"),
                        f"must match service {line.service!r}, counted per {unit.value!r} "
                        f"(got {line.unit.value!r})",
                    )
        yield from self._sla_and_duty_problems(by_id)
        yield from self._currency_problems()
        if isinstance(self.fees.payment_terms, BusinessDays) and self.term.calendar is None:
            yield problem(
                ("fees", "payment_terms"),
                f"{self.fees.payment_terms} needs a calendar: set term.calendar",
            )

    def _sla_and_duty_problems(self, by_id: Mapping[str, Service]) -> Iterator[Problem]:
        services = by_id.keys()
        for index, target in enumerate(self.sla.availability):
            where = ("sla", "availability", index, "service")
            yield from reference(target.service, where, services, "service")
            if target.service in by_id and not by_id[target.service].sla_applies:
                yield problem(where, f"service {target.service!r} is marked sla_applies=false")
        for index, duty in enumerate(self.responsibilities):
            yield from references(
                duty.services, ("responsibilities", index, "services"), services, "service"
            )
        yield from unique(self.responsibilities, "responsibilities", what="responsibility id")
        has_third_party = any(party.role is PartyRole.THIRD_PARTY for party in self.parties)
        for index, duty in enumerate(self.responsibilities):
            if duty.party is PartyRole.THIRD_PARTY and not has_third_party:
                yield problem(
                    ("responsibilities", index, "party"),
                    "is 'third_party' but the agreement names no third party",
                )
