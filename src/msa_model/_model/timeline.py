"""The key dates of an agreement: the timeline a contracts manager acts on (docs/term.md)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Final

import pendulum

from msa_model._engines.schedule import Length, Schedule
from msa_model._engines.termdates import to_length
from msa_model._model.dates import KeyDate, KeyDateKind, TermPeriod
from msa_model._model.fees import AdjustmentTiming
from msa_model._model.term import RenewalMode, Term

if TYPE_CHECKING:
    from msa_model._model.agreement import Agreement

__all__ = ["key_dates"]

MAX_KEY_DATES: Final = 10_000
"""Most key dates listed for one agreement (a long horizon over daily obligations)."""

_ORDER: Final = {kind: index for index, kind in enumerate(KeyDateKind)}


def key_dates(
    agreement: Agreement,
    as_of: pendulum.Date,
    end: pendulum.Date,
    kinds: Collection[KeyDateKind] | None = None,
) -> tuple[KeyDate, ...]:
    """Return the agreement's key dates, sorted by day, for the window from `as_of` to `end`.

    The effective and service start days and the current period (its
    start, end, notice deadline, and renewal or expiry) are always listed,
    even when they lie before `as_of`; later periods' deadlines, renewals
    and expiry, price adjustments and recurring obligations are listed
    when they fall in the window.

    Each date is that of the agreement in force on it: an amendment taking
    effect in the window is listed on its day, and the dates from that day
    on are those of the amended agreement (an extension moves the current
    period's end and its deadline). See docs/amendments.md.

    With `kinds`, only dates of those kinds are listed, and the others are
    not worked out (the renewal radar asks for deadlines, renewals and
    expiry only).
    """
    starts = [as_of]
    found: list[KeyDate] = []
    for amendment in agreement.amendments:
        if as_of < amendment.effective_on <= end:
            starts.append(amendment.effective_on)
            if kinds is not None and KeyDateKind.AMENDMENT not in kinds:
                continue
            found.append(
                KeyDate(
                    amendment.effective_on,
                    KeyDateKind.AMENDMENT,
                    f"Amendment takes effect: {amendment.description}",
                    amendment.id,
                )
            )
    starts = sorted(set(starts))
    for at, start in enumerate(starts):
        stop = starts[at + 1] if at + 1 < len(starts) else None
        found.extend(
            item
            for item in _dates_in_force(agreement.as_of(start), start, end, kinds)
            if (at == 0 or item.day >= start)
            and (stop is None or item.day < stop)
            and (kinds is None or item.kind in kinds)
        )
    found.sort(key=lambda item: (item.day, _ORDER[item.kind], item.ref or ""))
    return tuple(found[:MAX_KEY_DATES])


def _dates_in_force(
    agreement: Agreement,
    as_of: pendulum.Date,
    end: pendulum.Date,
    kinds: Collection[KeyDateKind] | None,
) -> Iterator[KeyDate]:
    """The key dates of one version of the agreement, without regard to amendments."""
    yield KeyDate(agreement.effective_on, KeyDateKind.EFFECTIVE, "The agreement takes effect")
    if agreement.service_start_on is not None:
        yield KeyDate(agreement.service_start_on, KeyDateKind.SERVICE_START, "Services start")
    yield from _term_dates(agreement.term, as_of, end)
    expiry = agreement.term.expiry()
    last = min(end, expiry) if expiry is not None else end  # nothing falls due after the term
    if kinds is None or KeyDateKind.PRICE_ADJUSTMENT in kinds:
        yield from _adjustment_dates(agreement, as_of, last)
    if kinds is None or KeyDateKind.OBLIGATION in kinds:
        yield from _obligation_dates(agreement, as_of, last)


def _term_dates(term: Term, as_of: pendulum.Date, end: pendulum.Date) -> Iterator[KeyDate]:
    current = term.period_on(as_of)
    if current is None:
        # Before the start the first period is what comes; after expiry, the last one was.
        expiry = term.expiry()
        current = term.period_on(term.start if as_of < term.start else expiry or as_of)
        if current is None:  # pragma: no cover - a term always has its first period
            return
    yield KeyDate(current.start, KeyDateKind.PERIOD_START, _period_name(current) + " starts")
    yield KeyDate(current.end, KeyDateKind.PERIOD_END, _period_name(current) + " ends")
    if current.is_renewal and current.start >= as_of:  # the term renews on `as_of` itself
        text = f"The term renews for renewal period {current.index}"
        yield KeyDate(current.start, KeyDateKind.RENEWAL, text)
    period: TermPeriod | None = current
    for _ in range(MAX_KEY_DATES):
        if period is None:
            return
        deadline = term.notice_deadline(period.start)
        # A later period's deadline may fall in the window before the period starts
        # (a notice longer than a period); deadlines only move later, so this ends.
        if period.start > end and (deadline is None or deadline > end):
            return
        shown = (as_of, end) if period != current else None  # the current period: always
        yield from _period_dates(term, period, deadline, shown)
        renewal = term.next_renewal(period.start)
        if renewal is None or term.renewal.mode is not RenewalMode.AUTOMATIC:
            return
        period = term.period_on(renewal)


def _period_dates(
    term: Term,
    period: TermPeriod,
    deadline: pendulum.Date | None,
    window: tuple[pendulum.Date, pendulum.Date] | None,
) -> Iterator[KeyDate]:
    """Yield a period's deadline, renewal and expiry: all of them, or those in `window`."""

    def shown(day: pendulum.Date) -> bool:
        return window is None or window[0] <= day <= window[1]

    if deadline is not None and shown(deadline):
        yield KeyDate(deadline, KeyDateKind.NOTICE_DEADLINE, _deadline_text(term, period))
    renewal = term.next_renewal(period.start)
    manual = term.renewal.mode is RenewalMode.MANUAL
    if renewal is not None and shown(renewal):
        what = "would renew, on notice to renew," if manual else "renews"
        text = f"The term {what} for renewal period {period.index + 1}"
        yield KeyDate(renewal, KeyDateKind.RENEWAL, text)
    if (renewal is None or manual) and shown(period.end):
        unless = " unless renewed" if renewal is not None else ""
        text = f"The term expires at the end of this day{unless}"
        yield KeyDate(period.end, KeyDateKind.EXPIRY, text)


def _period_name(period: TermPeriod) -> str:
    return "The initial term" if period.index == 0 else f"Renewal period {period.index}"


def _deadline_text(term: Term, period: TermPeriod) -> str:
    notice = term.notice
    length = f" ({notice.length})" if notice is not None else ""
    what = "notice to renew" if term.renewal.mode is RenewalMode.MANUAL else "notice of non-renewal"
    return f"Last day to give {what}{length} for the period ending {period.end}"


def _adjustment_dates(
    agreement: Agreement, as_of: pendulum.Date, end: pendulum.Date
) -> Iterator[KeyDate]:
    term = agreement.term
    for index, adjustment in enumerate(agreement.fees.adjustments):
        ref = f"fees.adjustments[{index}]"
        if adjustment.at is AdjustmentTiming.ANNIVERSARY:
            days = _occurrences(term.start, Length(12, 0), as_of, end, first=1)
        else:
            days = _renewal_days(term, as_of, end)
        for day in days:
            yield KeyDate(day, KeyDateKind.PRICE_ADJUSTMENT, "Prices adjust", ref)


def _renewal_days(term: Term, as_of: pendulum.Date, end: pendulum.Date) -> Iterator[pendulum.Date]:
    if term.renewal.mode is not RenewalMode.AUTOMATIC:
        return
    period = term.period_on(max(as_of, term.start))
    for _ in range(MAX_KEY_DATES):
        if period is None or period.end >= end:
            return
        renewal = term.next_renewal(period.start)
        if renewal is None:
            return
        if renewal >= as_of:
            yield renewal
        period = term.period_on(renewal)


def _obligation_dates(
    agreement: Agreement, as_of: pendulum.Date, end: pendulum.Date
) -> Iterator[KeyDate]:
    for duty in agreement.responsibilities:
        if duty.recurrence is None:
            continue
        anchor = duty.recurrence.anchor or agreement.term.start
        for day in _occurrences(anchor, to_length(duty.recurrence.every), as_of, end):
            yield KeyDate(day, KeyDateKind.OBLIGATION, f"Due: {duty.title}", duty.id)


def _occurrences(
    anchor: pendulum.Date, every: Length, as_of: pendulum.Date, end: pendulum.Date, first: int = 0
) -> Iterator[pendulum.Date]:
    """Yield `anchor + k × every` (k ≥ first) from `as_of` to `end`, both inclusive."""
    schedule = Schedule(anchor, Length(0, 0), every)
    k = max(first, schedule.locate(as_of)[0] if as_of > anchor else first)
    for _ in range(MAX_KEY_DATES):
        day = schedule.boundary(k)
        if day > end:
            return
        if day >= as_of:
            yield day
        k += 1
