"""The term: start, initial length, renewal, notice and termination rights.

This module holds the clauses as data (docs/model.md); the date arithmetic
(periods, deadlines, termination dates) arrives with the term engine.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar

import attrs
import pendulum

from msa_model._model.party import PartyRole
from msa_model._values.calendar import BusinessCalendar, RollConvention
from msa_model._values.invariants import (
    Checked,
    Tagged,
    decimal,
    describe,
    integer,
    problem,
    unique_values,
)
from msa_model._values.money import Money
from msa_model._values.period import MAX_UNIT, BusinessDays, Period
from msa_model.errors import Problem

__all__ = [
    "Alignment",
    "CauseTermination",
    "ConvenienceTermination",
    "EarlyTerminationFee",
    "FixedTerminationFee",
    "MonthlyFeesTerminationFee",
    "NonPaymentTermination",
    "Notice",
    "RemainingFeesTerminationFee",
    "Renewal",
    "RenewalMode",
    "Term",
    "TerminationRights",
]

NoticeLength = Period | BusinessDays
"""A notice or cure length: calendar units, or business days of the term's calendar."""


class RenewalMode(enum.Enum):
    """What happens at the end of the initial term and of each renewal.

    `none`: the term expires. `automatic`: it renews (evergreen) unless a
    party gave timely notice of non-renewal. `manual`: it expires unless a
    party gives timely notice to renew.
    """

    NONE = "none"
    AUTOMATIC = "automatic"
    MANUAL = "manual"


class Alignment(enum.Enum):
    """Where a termination for convenience takes effect after its notice runs out.

    `none`: on the day the notice runs out. `end_of_month`: on the last
    day of that calendar month. `end_of_term_period`: on the last day of
    the term period (initial or renewal) containing that day.
    """

    NONE = "none"
    END_OF_MONTH = "end_of_month"
    END_OF_TERM_PERIOD = "end_of_term_period"


@attrs.frozen(kw_only=True)
class Renewal(Checked):
    """How the term renews.

    Attributes:
        mode: None, automatic (evergreen) or manual.
        length: Length of each renewal period; required unless mode is `none`.
        max_renewals: Most renewals allowed; None for no limit.

    Example:
        >>> str(Renewal.automatic(Period(years=1)).length)
        'P1Y'
    """

    mode: RenewalMode
    length: Period | None = None
    max_renewals: int | None = None

    @classmethod
    def none(cls) -> Renewal:
        """Return a renewal clause under which the term simply expires."""
        return cls(mode=RenewalMode.NONE)

    @classmethod
    def automatic(cls, length: Period, *, max_renewals: int | None = None) -> Renewal:
        """Return an evergreen renewal for `length` at a time."""
        return cls(mode=RenewalMode.AUTOMATIC, length=length, max_renewals=max_renewals)

    @classmethod
    def manual(cls, length: Period, *, max_renewals: int | None = None) -> Renewal:
        """Return a renewal that happens only on notice to renew."""
        return cls(mode=RenewalMode.MANUAL, length=length, max_renewals=max_renewals)

    def _problems(self) -> Iterator[Problem]:
        if self.mode is RenewalMode.NONE:
            if self.length is not None:
                yield problem("length", "must be absent when mode is 'none'")
            if self.max_renewals is not None:
                yield problem("max_renewals", "must be absent when mode is 'none'")
            return
        if self.length is None:
            yield problem("length", f"is required when mode is {self.mode.value!r}")
        elif self.length.is_zero:
            yield problem("length", f"must not be zero (got '{self.length}')")
        yield from integer(
            self.max_renewals, "max_renewals", minimum=1, maximum=MAX_UNIT, optional=True
        )


@attrs.frozen(kw_only=True)
class Notice(Checked):
    """A notice requirement: how long before an event notice must be given.

    Attributes:
        length: Calendar length (`P90D`, `P3M`) or business days of the
            term's calendar.
        roll: What to do when the computed deadline is not a business day;
            `none` keeps it.

    Example:
        >>> str(Notice(length=Period(days=90)).length)
        'P90D'
    """

    length: NoticeLength
    roll: RollConvention = RollConvention.NONE


@attrs.frozen(kw_only=True)
class FixedTerminationFee(Checked, Tagged):
    """An early-termination fee of a fixed amount.

    Attributes:
        amount: The fee.
    """

    KIND: ClassVar[str] = "fixed"
    amount: Money

    def _problems(self) -> Iterator[Problem]:
        if self.amount.amount < 0:
            yield problem("amount", f"must not be negative (got {describe(self.amount.amount)})")


@attrs.frozen(kw_only=True)
class RemainingFeesTerminationFee(Checked, Tagged):
    """An early-termination fee of a share of the recurring fees left in the term period.

    Attributes:
        percent: Percentage of the recurring fees from the last service day
            to the end of the term period then current.
    """

    KIND: ClassVar[str] = "remaining_fees"
    percent: Decimal

    def _problems(self) -> Iterator[Problem]:
        yield from decimal(self.percent, "percent", above=Decimal(0), maximum=Decimal(100))


@attrs.frozen(kw_only=True)
class MonthlyFeesTerminationFee(Checked, Tagged):
    """An early-termination fee of a number of months of recurring fees.

    Attributes:
        months: How many months of the monthly recurring fees are due.
    """

    KIND: ClassVar[str] = "monthly_fees"
    months: int

    def _problems(self) -> Iterator[Problem]:
        yield from integer(self.months, "months", minimum=1, maximum=120)


EarlyTerminationFee = FixedTerminationFee | RemainingFeesTerminationFee | MonthlyFeesTerminationFee
"""The early-termination fee rules, a tagged union on `kind`."""


@attrs.frozen(kw_only=True)
class ConvenienceTermination(Checked):
    """The right to terminate without cause, on notice.

    Attributes:
        parties: Who may terminate for convenience (provider, client or both).
        notice: Notice required; the last service day is the notice day
            plus its length, then aligned.
        alignment: Where the termination takes effect (docs/model.md).
        minimum_term: Counted from the term start, the last service day is
            never earlier than its last day.
        early_termination_fee: The fee owed on early termination, if any.
    """

    parties: tuple[PartyRole, ...]
    notice: Notice
    alignment: Alignment = Alignment.NONE
    minimum_term: Period | None = None
    early_termination_fee: EarlyTerminationFee | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from _terminating_parties(self.parties)
        if self.minimum_term is not None and self.minimum_term.is_zero:
            yield problem("minimum_term", "must not be zero (leave it out for no minimum term)")


@attrs.frozen(kw_only=True)
class CauseTermination(Checked):
    """The right to terminate for a material breach left uncured.

    Attributes:
        cure: Time the breaching party has after written notice of the breach.
        parties: Who may terminate for cause.
    """

    cure: NoticeLength
    parties: tuple[PartyRole, ...] = (PartyRole.PROVIDER, PartyRole.CLIENT)

    def _problems(self) -> Iterator[Problem]:
        yield from _terminating_parties(self.parties)


@attrs.frozen(kw_only=True)
class NonPaymentTermination(Checked):
    """The provider's right to suspend or terminate for unpaid invoices.

    Attributes:
        overdue: How long an invoice must be past due before notice may be given.
        cure: Time to pay after that notice before termination.
    """

    overdue: NoticeLength
    cure: NoticeLength


@attrs.frozen(kw_only=True)
class TerminationRights(Checked):
    """The ways the agreement can end early.

    Attributes:
        convenience: Termination without cause, if allowed.
        cause: Termination for an uncured material breach.
        non_payment: Termination for unpaid invoices.
    """

    convenience: ConvenienceTermination | None = None
    cause: CauseTermination | None = None
    non_payment: NonPaymentTermination | None = None


@attrs.frozen(kw_only=True)
class Term(Checked):
    """When the agreement runs and how it renews and ends.

    Attributes:
        start: First day of the initial term.
        initial: Length of the initial term, e.g. `P36M`.
        renewal: How the term renews.
        notice: Notice of non-renewal (automatic) or to renew (manual);
            required unless the renewal mode is `none`.
        termination: Rights to end the agreement early.
        transition: Length of transition assistance after termination.
        calendar: Calendar for lengths counted in business days.

    Example:
        >>> term = Term(
        ...     start=pendulum.Date(2025, 1, 1),
        ...     initial=Period(months=36),
        ...     renewal=Renewal.automatic(Period(years=1)),
        ...     notice=Notice(length=Period(days=90)),
        ... )
        >>> str(term.initial)
        'P36M'
    """

    start: pendulum.Date
    initial: Period
    renewal: Renewal
    notice: Notice | None = None
    termination: TerminationRights = TerminationRights()
    transition: Period | None = None
    calendar: BusinessCalendar | None = None

    def _problems(self) -> Iterator[Problem]:
        if self.initial.is_zero:
            yield problem("initial", f"must not be zero (got '{self.initial}')")
        if self.transition is not None and self.transition.is_zero:
            yield problem("transition", "must not be zero (leave it out for no transition)")
        if self.notice is None and self.renewal.mode is not RenewalMode.NONE:
            yield problem("notice", f"is required when renewal mode is {self.renewal.mode.value!r}")
        if self.calendar is None:
            for path, length in self.business_day_lengths():
                yield problem(path, f"{length} needs a calendar: set term.calendar")

    def business_day_lengths(self) -> Iterator[tuple[tuple[str, ...], BusinessDays]]:
        """Yield each length of this term counted in business days, with its path."""
        rights = self.termination
        candidates: list[tuple[tuple[str, ...], NoticeLength | None]] = [
            (("notice", "length"), self.notice.length if self.notice else None),
        ]
        if rights.convenience is not None:
            candidates.append(
                (
                    ("termination", "convenience", "notice", "length"),
                    rights.convenience.notice.length,
                )
            )
        if rights.cause is not None:
            candidates.append((("termination", "cause", "cure"), rights.cause.cure))
        if rights.non_payment is not None:
            candidates.append(
                (("termination", "non_payment", "overdue"), rights.non_payment.overdue)
            )
            candidates.append((("termination", "non_payment", "cure"), rights.non_payment.cure))
        for path, length in candidates:
            if isinstance(length, BusinessDays):
                yield path, length


def _terminating_parties(parties: tuple[PartyRole, ...]) -> Iterator[Problem]:
    if not parties:
        yield problem("parties", "must list at least one party role")
    for index, role in enumerate(parties):
        if role is PartyRole.THIRD_PARTY:
            yield problem(("parties", index), "only the provider or the client may terminate")
    yield from unique_values(parties, "parties", "party role")
