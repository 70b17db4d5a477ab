"""An agreement through time: its versions, their checks, and the engines across them.

`Agreement.as_of`, `Agreement.history` and the methods that follow the
agreement in force (billing across a change, SLA due times) are thin; the
work is here. See docs/amendments.md.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import datetime as dt
import itertools
import zoneinfo
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from msa_model._engines.schedule import add_days
from msa_model._engines.termdates import length_after
from msa_model._model.amendments import Amendment, Draft, Touched, subjects, words
from msa_model._model.calendar import checked_instant
from msa_model._model.fees import FeeLine, FeeSchedule
from msa_model._model.invoicing import (
    BillingPeriod,
    ChargeKind,
    ChargeLine,
    Charges,
    Quantity,
    Work,
)
from msa_model._model.term import Term
from msa_model._model.wording import summary
from msa_model._values.invariants import describe, problem, unique
from msa_model.errors import Problem, ValidationError

if TYPE_CHECKING:
    from msa_model._model.agreement import Agreement
    from msa_model._model.calendar import BusinessCalendar
    from msa_model._model.outages import ServiceCredit

__all__ = ["HistoryEntry"]

MAX_AMENDMENTS: Final = 500
"""The most amendments one agreement may hold."""

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@attrs.frozen
class HistoryEntry:
    """One amendment in the agreement's history, with its changes in words.

    Attributes:
        amendment: The amendment.
        changes: What each of its changes does, in words, e.g.
            `fee line 'edr-seats': price 12.50 USD -> 14.00 USD`.
    """

    amendment: Amendment
    changes: tuple[str, ...]


def _days(agreement: Agreement) -> Iterator[tuple[pendulum.Date, list[int]]]:
    """Each effective day in order, with the indexes of its amendments as listed."""
    order = sorted(
        range(len(agreement.amendments)), key=lambda i: agreement.amendments[i].effective_on
    )
    for day, group in itertools.groupby(order, key=lambda i: agreement.amendments[i].effective_on):
        yield day, list(group)


# Views are built from an agreement already checked as a whole; their own
# amendments (those still to come) need no second check. A context variable,
# so other threads and tasks keep full checks.
_TRUSTED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "msa_model_trusted_views", default=False
)


@contextlib.contextmanager
def _trusted() -> Iterator[None]:
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def problems(agreement: Agreement, *, apply: bool = True) -> Iterator[Problem]:
    """Yield every rule the agreement's amendments break, each at its path.

    With `apply` False (the agreement itself breaks rules), the amendments
    are checked on their own and against each other, but not applied.
    """
    amendments = agreement.amendments
    if not amendments or _TRUSTED.get():
        return
    if agreement.schema_version == "1.0":
        yield problem("amendments", "need schema_version '1.1' or later (got '1.0')")
    if len(amendments) > MAX_AMENDMENTS:
        yield problem("amendments", f"must hold at most {MAX_AMENDMENTS} amendments")
        return
    found = list(unique(amendments, "amendments", what="amendment id"))
    for index, amendment in enumerate(amendments):
        for field, ours in (
            ("effective_on", agreement.effective_on),
            ("signed_on", agreement.signed_on),
        ):
            theirs = getattr(amendment, field)
            if ours is not None and theirs < ours:
                found.append(
                    problem(
                        ("amendments", index, field),
                        f"must not be before the agreement's {field}={describe(ours)} "
                        f"(got {describe(theirs)})",
                    )
                )
    found.extend(_conflicts(agreement))
    yield from found
    if apply and not found:
        yield from _applied_problems(agreement)


def _conflicts(agreement: Agreement) -> Iterator[Problem]:
    """Two amendments of one day must not change the same thing."""
    for day, group in _days(agreement):
        touched: Touched[tuple[int, int]] = Touched()
        for index in group:
            amendment = agreement.amendments[index]
            mine = [(s, j) for j, change in enumerate(amendment.changes) for s in subjects(change)]
            for subject, at in mine:
                found = touched.overlap(subject)
                if found is not None:
                    other, other_at = found
                    yield problem(
                        ("amendments", index, "changes", at),
                        f"changes {words(subject)}, which amendment "
                        f"{agreement.amendments[other].id!r} "
                        f"(amendments[{other}].changes[{other_at}]) also changes on {day}",
                    )
            for subject, at in mine:
                touched.add(subject, (index, at))


def _applied_problems(agreement: Agreement) -> Iterator[Problem]:
    """Apply the amendments day by day; each change must apply, each day's result be valid."""
    view = agreement
    for day, group in _days(agreement):
        draft = Draft(view)
        for index in group:
            for at, change in enumerate(agreement.amendments[index].changes):
                try:
                    draft.apply(change)
                except ValidationError as error:
                    for found in error.problems:
                        yield found.at("amendments", index, "changes", at, root="$")
                    return
        where = ("amendments", group[-1])
        try:
            sections = draft.built()
            if sections["fees"].currency != agreement.fees.currency:
                yield problem(
                    where,
                    f"must keep the fee schedule's currency {agreement.fees.currency!r} "
                    f"(from {day} it would be {sections['fees'].currency!r})",
                )
                return
            with _trusted():
                view = attrs.evolve(agreement, amendments=(), **sections)
        except ValidationError as error:
            for found in error.problems:
                yield problem(
                    where,
                    f"from {day} the agreement in force would be invalid: "
                    f"{found.location}: {found.message}",
                )
            return


def versions(agreement: Agreement) -> tuple[list[int], list[Agreement]]:
    """The agreement in force from each effective day: (day ordinals, views), in order.

    Each view keeps the amendments effective after its day, so that
    `view.as_of(later)` goes on from it.
    """
    ordinals: list[int] = []
    views: list[Agreement] = []
    view = agreement
    with _trusted():
        for day, group in _days(agreement):
            draft = Draft(view)
            for index in group:
                for change in agreement.amendments[index].changes:
                    draft.apply(change)
            later = tuple(a for a in agreement.amendments if a.effective_on > day)
            view = attrs.evolve(agreement, amendments=later, **draft.built())
            views.append(view)
            ordinals.append(day.toordinal())
    return ordinals, views


def in_force(
    agreement: Agreement, built: tuple[list[int], list[Agreement]], day: pendulum.Date
) -> Agreement:
    """The view of `built` (from `versions`) in force on `day`."""
    ordinals, views = built
    at = bisect.bisect_right(ordinals, day.toordinal()) - 1
    return agreement if at < 0 else views[at]


def history(agreement: Agreement) -> tuple[HistoryEntry, ...]:
    """Each amendment in the order it applies, with its changes in words."""
    entries: list[HistoryEntry] = []
    draft = Draft(agreement)
    for _day, group in _days(agreement):
        for index in group:
            amendment = agreement.amendments[index]
            said: list[str] = []
            for change in amendment.changes:
                said.append(summary(change, draft))
                draft.apply(change)
            entries.append(HistoryEntry(amendment, tuple(said)))
    return tuple(entries)


def local_day(agreement: Agreement, moment: dt.datetime, what: str) -> pendulum.Date:
    """The day of an aware `moment` in the SLA's zone, for choosing the SLA in force."""
    instant = checked_instant(moment, what)
    local = (_EPOCH + dt.timedelta(microseconds=instant)).astimezone(
        zoneinfo.ZoneInfo(agreement.sla.zone)
    )
    return pendulum.Date(local.year, local.month, local.day)


def billing_periods(
    agreement: Agreement,
    through: pendulum.Date,
    last_service_day: pendulum.Date | None,
    since: pendulum.Date | None,
) -> tuple[BillingPeriod, ...]:
    """The billing periods under each billing policy in force, in order.

    The term is the one in force on `through`. Periods keep their schedule
    while the billing policy and payment terms stay the same; an amendment
    that changes either ends the last period of the old policy the day
    before it takes effect and starts the new policy's periods, clipped, on
    that day.
    """
    term = agreement.as_of(through).term
    regimes: list[tuple[pendulum.Date | None, FeeSchedule]] = [(None, agreement.fees)]
    for day, _group in _days(agreement):
        if day > through:
            break
        fees = agreement.as_of(day).fees
        last = regimes[-1][1]
        if (fees.billing, fees.payment_terms) != (last.billing, last.payment_terms):
            regimes.append((day, fees))
    found: list[BillingPeriod] = []
    for at, (start, fees) in enumerate(regimes):
        ends = [add_days(regimes[at + 1][0], -1)] if at + 1 < len(regimes) else []  # type: ignore[arg-type] # later regimes have a start
        ends += [last_service_day] if last_service_day is not None else []
        end = min(ends) if ends else None
        if start is not None and end is not None and end < start:
            continue
        for each in fees.billing_periods(term, through, last_service_day=end, since=since):
            if start is not None and each.end < start:
                continue
            clip = start is not None and each.start < start
            found.append(_clipped(each, start, fees, term) if clip and start else each)
    return tuple(found)


def _clipped(
    period: BillingPeriod, start: pendulum.Date, fees: FeeSchedule, term: Term
) -> BillingPeriod:
    """A period whose first days fall before a change of billing policy, without them."""
    if period.invoice_day != period.start:  # in arrears: still invoiced after its end
        return attrs.evolve(period, start=start)
    due = length_after(start, fees.payment_terms, term.calendar)
    return attrs.evolve(period, start=start, invoice_day=start, due_day=due)


def charges(  # noqa: PLR0913 # the inputs of FeeSchedule.charges
    agreement: Agreement,
    period: BillingPeriod,
    *,
    quantities: Mapping[str, Quantity] | None,
    indexes: Mapping[str, Mapping[pendulum.Date, Decimal]] | None,
    service_credits: Sequence[ServiceCredit],
    work: Sequence[Work],
    calendars: Mapping[str, BusinessCalendar] | None,
) -> Charges:
    """Charge a period under the fees and term in force on each of its days.

    A line that reads the same all period, under the same term and price
    rules, is charged once for the whole period. A line that an amendment
    adds, removes or changes inside the period is charged for each part
    of the period in which it is in force, by the schedule then in force,
    prorated over the whole period's days. Lines keep the schedule's order;
    a line added by an amendment follows those already there.
    """
    views, starts = _views_over(agreement, period)

    def charged(
        view: Agreement, part: BillingPeriod, counts: Mapping[str, Quantity] | None
    ) -> Charges:
        return view.fees.charges(
            part,
            view.term,
            quantities=counts,
            indexes=indexes,
            service_credits=service_credits if part is period else (),
            work=work,
            calendars=calendars if calendars is not None else {c.id: c for c in view.sla.calendars},
        )

    whole = charged(views[0], period, quantities)
    if len(views) == 1:
        return whole
    steady = {
        line.id for line in views[0].fees.lines if all(_same(line, views[0], v) for v in views)
    }
    by_line: dict[str | None, list[ChargeLine]] = {}
    for line in whole.lines:
        if line.kind is ChargeKind.SERVICE_CREDIT or line.line in steady:
            by_line.setdefault(_key(line), []).append(line)
    for at, (view, start) in enumerate(zip(views, starts, strict=True)):
        end = add_days(starts[at + 1], -1) if at + 1 < len(starts) else period.end
        part = attrs.evolve(period, start=start, end=end)
        for line in charged(view, part, _sliced(quantities or {}, start, end)).lines:
            if line.kind is not ChargeKind.SERVICE_CREDIT and line.line not in steady:
                by_line.setdefault(_key(line), []).append(line)
    order = [*dict.fromkeys(line.id for view in views for line in view.fees.lines), None]
    return Charges(
        period=period,
        lines=tuple(line for key in order for line in by_line.get(key, ())),
        currency=whole.currency,
    )


def _views_over(
    agreement: Agreement, period: BillingPeriod
) -> tuple[list[Agreement], list[pendulum.Date]]:
    """The views in force over a period that differ in fees or term, with their first days."""
    views = [agreement.as_of(period.start)]
    starts = [period.start]
    for day, _group in _days(agreement):
        if period.start < day <= period.end:
            view = agreement.as_of(day)
            if (view.fees, view.term) != (views[-1].fees, views[-1].term):
                views.append(view)
                starts.append(day)
    return views, starts


def _key(line: ChargeLine) -> str | None:
    """Lines of one fee line stay together; service credits go last, together."""
    return None if line.kind is ChargeKind.SERVICE_CREDIT else line.line


def _same(line: FeeLine, first: Agreement, view: Agreement) -> bool:
    """Tell whether a fee line is charged alike under two views: same line, term and rules."""
    if view.term != first.term or _rules(view.fees) != _rules(first.fees):
        return False
    return any(other == line for other in view.fees.lines)


def _rules(fees: FeeSchedule) -> tuple[object, ...]:
    """What of a fee schedule, besides its lines, bears on a line's charge."""
    return tuple(
        getattr(fees, field.name) for field in attrs.fields(FeeSchedule) if field.name != "lines"
    )


def _sliced(
    quantities: Mapping[str, Quantity], start: pendulum.Date, end: pendulum.Date
) -> dict[str, Quantity]:
    """Counts that change within a period, as seen from one part of it."""
    sliced: dict[str, Quantity] = {}
    for key, counts in quantities.items():
        if isinstance(counts, int):
            sliced[key] = counts
            continue
        before = [count for day, count in counts if day <= start]
        inside = [(day, count) for day, count in counts if start < day <= end]
        # Without a count on the first day, the engine says what is missing.
        sliced[key] = [(start, before[-1]), *inside] if before else list(counts)
    return sliced
