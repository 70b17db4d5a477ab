"""The term: start, initial length, renewal, notice and termination rights.

The clauses are data (docs/model.md); the dates they imply (periods,
deadlines, termination dates) follow docs/term.md, computed by the term
engine from these values.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar, Final, TypeVar

import attrs
import pendulum

from msa_model._engines.schedule import add_days, add_months
from msa_model._engines.termdates import (
    TermShape,
    latest_notice_day,
    length_after,
    notice_deadline,
    to_length,
)
from msa_model._model.calendar import BusinessCalendar
from msa_model._model.dates import RemainingTerm, TermPeriod
from msa_model._model.party import PartyRole
from msa_model._values.calendar import RollConvention
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
from msa_model.errors import NotInAgreementError, OutOfTermError, Problem

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


# Enum members read once: on Python 3.11, `RenewalMode.AUTOMATIC` costs a lookup
# through the enum's metaclass each time, which the busiest paths cannot afford.
_NO_RENEWAL: Final = RenewalMode.NONE
_AUTOMATIC: Final = RenewalMode.AUTOMATIC
_MANUAL: Final = RenewalMode.MANUAL


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
        if self.mode is _NO_RENEWAL:
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
        if self.notice.roll is not RollConvention.NONE:
            yield problem(
                ("notice", "roll"),
                "must be 'none': a termination notice has no deadline to roll",
            )
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


class _ShapeSlot:
    """A slot for a term's compiled shape, outside the attrs fields.

    attrs does not know the slot, so equality, hashing, repr, copies,
    pickles, `attrs.evolve` and the JSON converter all leave it alone: a
    term built, evolved, copied or unpickled compiles its own shape on
    first use. It is None from construction until then, and unset in a
    copy or an unpickled term (their `__init__` does not run).
    """

    __slots__ = ("_compiled",)
    _compiled: TermShape | None


_setattr = object.__setattr__  # the term is frozen: attrs refuses its own __setattr__


@attrs.frozen(kw_only=True)
class Term(_ShapeSlot, Checked):
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
        if self.notice is None and self.renewal.mode is not _NO_RENEWAL:
            yield problem("notice", f"is required when renewal mode is {self.renewal.mode.value!r}")
        if self.calendar is None:
            for path, length in self.business_day_lengths():
                yield problem(path, f"{length} needs a calendar: set term.calendar")
            if self.notice is not None and self.notice.roll is not RollConvention.NONE:
                yield problem(
                    ("notice", "roll"),
                    f"rolling onto business days ({self.notice.roll.value!r}) needs a calendar: "
                    "set term.calendar",
                )

    def __attrs_post_init__(self) -> None:
        """Validate the term; its shape is compiled on first use."""
        _setattr(self, "_compiled", None)
        super().__attrs_post_init__()

    @property
    def _shape(self) -> TermShape:
        """The periods and the notice clause, compiled once to integer arithmetic."""
        try:
            shape = self._compiled
        except AttributeError:  # a copy or an unpickled term: the slot was never set
            shape = None
        return shape or self._compile()

    def _compile(self) -> TermShape:
        """Compile the periods, and keep them for later questions."""
        renewal = self.renewal
        length = renewal.length if renewal.mode is _AUTOMATIC else None
        shape = TermShape(self.start, self.initial, length, renewal.max_renewals)
        _setattr(self, "_compiled", shape)
        return shape

    def period_on(self, day: pendulum.Date) -> TermPeriod | None:
        """Return the term period containing `day`, or None before the start or after expiry.

        Renewal periods of a `manual` term exist only once recorded (by an
        amendment), so such a term has only its initial period here.

        Example:
            >>> term = Term(
            ...     start=pendulum.Date(2024, 1, 31),
            ...     initial=Period(months=1),
            ...     renewal=Renewal.automatic(Period(months=1)),
            ...     notice=Notice(length=Period(days=10)),
            ... )
            >>> term.period_on(pendulum.Date(2024, 3, 15))
            TermPeriod(index=1, start=Date(2024, 2, 29), end=Date(2024, 3, 30))
        """
        found = self._shape.locate(day)
        return None if found is None else TermPeriod(*found)

    def _renews_after(self, period: TermPeriod | int) -> bool:
        """Tell whether a renewal can follow a period (by default or on notice to renew)."""
        index = period if isinstance(period, int) else period.index
        renewal = self.renewal
        if renewal.mode is _NO_RENEWAL:
            return False
        limit = renewal.max_renewals
        if renewal.mode is _MANUAL:
            return index == 0  # later renewals are recorded by amendments
        return limit is None or index < limit

    def next_renewal(self, as_of: pendulum.Date) -> pendulum.Date | None:
        """Return the first day of the renewal that follows the period containing `as_of`.

        None when nothing can renew (mode `none`, or the last renewal
        allowed), before the start and after expiry. For a `manual` term it
        is the day the renewal would start if notice to renew is given.
        """
        period = self.period_on(as_of)
        if period is None or not self._renews_after(period):
            return None
        return add_days(period.end, 1)

    def notice_deadline(self, as_of: pendulum.Date) -> pendulum.Date | None:
        """Return the last day to give notice for the period containing `as_of`.

        Notice of non-renewal for an automatic term, notice to renew for a
        manual one: the latest day D with D + notice ≤ the period's last day,
        counted forward (docs/term.md), then rolled as the clause says. It may
        lie in the past, or before the period's own start when the notice is
        longer than a period. None when nothing can renew.

        Example:
            >>> term = Term(
            ...     start=pendulum.Date(2023, 12, 1),
            ...     initial=Period(months=12),
            ...     renewal=Renewal.automatic(Period(months=12)),
            ...     notice=Notice(length=Period(months=3)),
            ... )
            >>> term.notice_deadline(pendulum.Date(2024, 6, 1))  # the period ends 2024-11-30
            Date(2024, 8, 31)
        """
        # Straight from the lengths, with no shape compiled: a scan asks each term once.
        notice = self.notice
        renewal = self.renewal
        mode = renewal.mode
        if notice is None or mode is _NO_RENEWAL:
            return None
        if mode is _AUTOMATIC:
            length, limit = renewal.length, renewal.max_renewals
        else:  # manual renewals follow the initial period only (later ones are amendments)
            length, limit = None, 1
        return notice_deadline(
            as_of,
            self.start,
            self.initial,
            length,
            limit,
            notice.length,
            notice.roll,
            self.calendar,
        )

    def expiry(self) -> pendulum.Date | None:
        """Return the last day of the term if it cannot renew any further; None if evergreen.

        A term with mode `none` or `manual` expires after its initial period
        (a manual renewal is recorded by an amendment); an automatic term
        with a maximum expires after its last renewal.
        """
        shape = self._shape
        last = shape.last_index
        return None if last is None else shape.last_day(last)

    def _check_in_term(self, day: pendulum.Date, what: str) -> None:
        if day < self.start:
            msg = f"{what} {day} is before the term starts on {self.start}"
            raise OutOfTermError(msg)
        expiry = self.expiry()
        if expiry is not None and day > expiry:
            msg = f"{what} {day} is after the term expired on {expiry}"
            raise OutOfTermError(msg)

    def termination_date(self, notice_day: pendulum.Date) -> pendulum.Date:
        """Return the last service day after notice of termination for convenience on `notice_day`.

        The notice day plus the notice length, aligned as the clause says,
        never before the last day of a minimum term, and never after the
        term's own expiry (docs/term.md).

        Raises:
            NotInAgreementError: The agreement has no termination for convenience.
            OutOfTermError: The notice day is before the start or after expiry.
        """
        rights = _required(
            self.termination.convenience, "convenience", "termination for convenience"
        )
        self._check_in_term(notice_day, "notice day")
        day = length_after(notice_day, rights.notice.length, self.calendar)
        if rights.alignment is Alignment.END_OF_MONTH:
            day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        elif rights.alignment is Alignment.END_OF_TERM_PERIOD:
            period = self.period_on(day)
            day = period.end if period is not None else day
        if rights.minimum_term is not None:
            day = max(day, add_days(to_length(rights.minimum_term).after(self.start), -1))
        expiry = self.expiry()
        return min(day, expiry) if expiry is not None else day

    def non_renewal_end(self, notice_day: pendulum.Date) -> pendulum.Date:
        """Return the earliest last day of the term for notice of non-renewal given on `notice_day`.

        The last day of the first period (the one containing the notice day
        or a later one) whose notice deadline is on or after the notice day;
        the end of the term where nothing renews anyway.

        Raises:
            OutOfTermError: The notice day is before the start or after expiry.
        """
        self._check_in_term(notice_day, "notice day")
        period = self.period_on(notice_day)
        assert period is not None  # noqa: S101 # checked to be within the term
        notice = self.notice
        if self.renewal.mode is not _AUTOMATIC or notice is None:
            return period.end
        if isinstance(notice.length, Period) and notice.roll is RollConvention.NONE:
            # Timely for a period ending E exactly when notice day + notice ≤ E: the
            # answer is the period containing that day (or the last one there is).
            reached = self.period_on(to_length(notice.length).after(notice_day))
            if reached is not None:
                return reached.end
        while self._renews_after(period):
            deadline = latest_notice_day(period.end, notice.length, self.calendar, notice.roll)
            if deadline >= notice_day:
                break
            index = period.index + 1
            period = TermPeriod(index, self._shape.boundary(index), self._shape.last_day(index))
        return period.end

    def cure_deadline(self, breach_notice_day: pendulum.Date) -> pendulum.Date:
        """Return the last day to cure a breach notified on `breach_notice_day`.

        Raises:
            NotInAgreementError: The agreement has no termination for cause.
            OutOfTermError: The notice day is before the start or after expiry.
        """
        rights = _required(self.termination.cause, "cause", "termination for cause")
        self._check_in_term(breach_notice_day, "breach notice day")
        return length_after(breach_notice_day, rights.cure, self.calendar)

    def earliest_cause_termination(self, breach_notice_day: pendulum.Date) -> pendulum.Date:
        """Return the earliest day the agreement may be terminated for an uncured breach.

        The day after the cure deadline.
        """
        return add_days(self.cure_deadline(breach_notice_day), 1)

    def non_payment_notice_day(self, due_day: pendulum.Date) -> pendulum.Date:
        """Return the earliest day to give notice for an invoice unpaid since `due_day`.

        Raises:
            NotInAgreementError: The agreement has no termination for non-payment.
        """
        rights = _required(
            self.termination.non_payment, "non_payment", "termination for non-payment"
        )
        return length_after(due_day, rights.overdue, self.calendar)

    def non_payment_termination(self, notice_day: pendulum.Date) -> pendulum.Date:
        """Return the earliest termination day after notice of non-payment on `notice_day`.

        The day after the cure period that follows the notice.

        Raises:
            NotInAgreementError: The agreement has no termination for non-payment.
        """
        rights = _required(
            self.termination.non_payment, "non_payment", "termination for non-payment"
        )
        return add_days(length_after(notice_day, rights.cure, self.calendar), 1)

    def transition_end(self, last_service_day: pendulum.Date) -> pendulum.Date | None:
        """Return the last day of transition assistance after `last_service_day`; None if none."""
        if self.transition is None:
            return None
        return to_length(self.transition).after(last_service_day)

    def remaining_after(self, last_service_day: pendulum.Date) -> RemainingTerm:
        """Return what is left of the term period after `last_service_day`.

        The inputs of an early-termination fee: remaining days, and whole
        months from the day after the last service day that fit in the period.

        Raises:
            OutOfTermError: The day is before the start or after expiry.
        """
        self._check_in_term(last_service_day, "last service day")
        period = self.period_on(last_service_day)
        assert period is not None  # noqa: S101 # checked to be within the term
        first_unserved, after_end = add_days(last_service_day, 1), add_days(period.end, 1)
        months = (after_end.year - first_unserved.year) * 12
        months += after_end.month - first_unserved.month
        while months > 0 and add_months(first_unserved, months) > after_end:
            months -= 1
        days = period.end.toordinal() - last_service_day.toordinal()
        return RemainingTerm(period, last_service_day, days, months)

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


_Right = TypeVar("_Right")


def _required(right: _Right | None, field: str, what: str) -> _Right:
    """Return a termination right, or raise if the agreement has none."""
    if right is None:
        msg = f"the agreement has no {what} (term.termination.{field})"
        raise NotInAgreementError(msg)
    return right


def _terminating_parties(parties: tuple[PartyRole, ...]) -> Iterator[Problem]:
    if not parties:
        yield problem("parties", "must list at least one party role")
    for index, role in enumerate(parties):
        if role is PartyRole.THIRD_PARTY:
            yield problem(("parties", index), "only the provider or the client may terminate")
    yield from unique_values(parties, "parties", "party role")
