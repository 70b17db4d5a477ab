"""A readable summary of an agreement, for `msa show`.

Labels are English; values (money, dates, lengths, percentages) are
formatted with Babel for an explicit locale, never the environment's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

import pendulum
from babel.dates import format_date
from babel.numbers import format_decimal

from msa_model._model.agreement import Agreement, AmountCap, LiabilityCap
from msa_model._model.calendar import BusinessCalendar
from msa_model._model.fees import (
    BlockOfHours,
    FeeLine,
    FeeSchedule,
    HourlyRate,
    IndexAdjustment,
    OneTimeFee,
    PercentageAdjustment,
    PerUnitFee,
    RecurringFee,
)
from msa_model._model.sla import SLA
from msa_model._model.term import (
    EarlyTerminationFee,
    FixedTerminationFee,
    MonthlyFeesTerminationFee,
    Term,
)
from msa_model._values.locale import DEFAULT_LOCALE
from msa_model._values.period import BusinessDays, BusinessTime, Period

__all__ = ["DEFAULT_LOCALE", "summary"]


class _Writer:
    """Formats values for one locale."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def day(self, day: pendulum.Date | None) -> str:
        return "—" if day is None else str(format_date(day, format="medium", locale=self.locale))

    def length(self, length: Period | BusinessDays | BusinessTime | None) -> str:
        return "—" if length is None else length.format(self.locale)

    def percent(self, value: Decimal) -> str:
        return f"{format_decimal(value, locale=self.locale)} %"

    def number(self, value: int | Decimal) -> str:
        return str(format_decimal(value, locale=self.locale))


def summary(
    agreement: Agreement, *, locale: str = DEFAULT_LOCALE, as_of: pendulum.Date | None = None
) -> str:
    """Return a readable, multi-line summary of `agreement`.

    Args:
        agreement: The agreement to describe.
        locale: A Babel locale such as `en_US` or `de_DE` for money, dates and lengths.
        as_of: Describe the agreement in force on this day, amendments
            applied; by default the agreement as signed.
    """
    w = _Writer(locale)
    original = agreement
    if as_of is not None:
        agreement = agreement.as_of(as_of)
    sections = [
        _header(agreement, w),
        _term(agreement.term, w),
        _scope(agreement, w),
        _sla(agreement.sla, w),
        _fees(agreement.fees, w),
        _responsibilities(agreement, w),
    ]
    if original.amendments:
        sections.append(_amendments(original, as_of, w))
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"


def _table(rows: Iterable[tuple[str, ...]], indent: str = "  ") -> Iterator[str]:
    rows = list(rows)
    if not rows:
        return
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
        yield (indent + "  ".join(cells)).rstrip()


def _header(agreement: Agreement, w: _Writer) -> list[str]:
    lines = [
        f"{agreement.title} ({agreement.id})",
        "=" * len(f"{agreement.title} ({agreement.id})"),
    ]
    rows = [
        (party.role.value.replace("_", " ").capitalize(), party.legal_name)
        for party in agreement.parties
    ]
    rows += [
        ("Signed", w.day(agreement.signed_on)),
        ("Effective", w.day(agreement.effective_on)),
        ("Services start", w.day(agreement.service_start_on or agreement.effective_on)),
    ]
    if agreement.governing_law:
        rows.append(("Governing law", agreement.governing_law))
    if agreement.liability_cap is not None:
        rows.append(("Liability cap", _liability(agreement.liability_cap, w)))
    if agreement.confidentiality is not None:
        survives = agreement.confidentiality.survives
        rows.append(
            (
                "Confidentiality",
                "survives indefinitely" if survives is None else f"survives {w.length(survives)}",
            )
        )
    lines.extend(_table(rows, indent=""))
    return lines


def _liability(cap: LiabilityCap, w: _Writer) -> str:
    if isinstance(cap, AmountCap):
        return cap.amount.format(w.locale)
    return f"fees paid in the {w.length(cap.lookback)} before the claim"


def _term(term: Term, w: _Writer) -> list[str]:
    renewal = term.renewal
    if renewal.length is None:
        renews = "none: expires after the initial term"
    else:
        renews = f"{renewal.mode.value}, {w.length(renewal.length)} each"
        if renewal.max_renewals is not None:
            renews += f", at most {renewal.max_renewals} times"
    rows = [
        ("Start", w.day(term.start)),
        ("Initial term", w.length(term.initial)),
        ("Renewal", renews),
    ]
    if term.notice is not None:
        what = "to renew" if renewal.mode.value == "manual" else "of non-renewal"
        notice = f"{what}, {w.length(term.notice.length)} before a period ends"
        rows.append(("Notice", notice + _roll(term.notice.roll.value)))
    rows.extend(_termination_rows(term, w))
    if term.transition is not None:
        rows.append(("Transition", w.length(term.transition)))
    if term.calendar is not None:
        rows.append(("Business days", _calendar(term.calendar)))
    return ["Term", *_table(rows)]


def _termination_rows(term: Term, w: _Writer) -> Iterator[tuple[str, str]]:
    rights = term.termination
    if rights.convenience is not None:
        convenience = rights.convenience
        who = " or ".join(role.value for role in convenience.parties)
        text = f"by {who}, with notice of {w.length(convenience.notice.length)}"
        if convenience.alignment.value != "none":
            text += f", ending at the {_ALIGNMENT[convenience.alignment.value]}"
        if convenience.minimum_term is not None:
            text += f", not before a minimum term of {w.length(convenience.minimum_term)}"
        if convenience.early_termination_fee is not None:
            text += f"; fee: {_termination_fee(convenience.early_termination_fee, w)}"
        yield ("For convenience", text)
    if rights.cause is not None:
        yield ("For cause", f"cure period {w.length(rights.cause.cure)}")
    if rights.non_payment is not None:
        overdue, cure = rights.non_payment.overdue, rights.non_payment.cure
        yield ("For non-payment", f"{w.length(overdue)} overdue, then cure period {w.length(cure)}")


_ALIGNMENT = {"end_of_month": "end of the month", "end_of_term_period": "end of the term period"}


def _roll(roll: str) -> str:
    return "" if roll == "none" else f" (deadline rolls {roll.replace('_', ' ')})"


def _termination_fee(fee: EarlyTerminationFee, w: _Writer) -> str:
    if isinstance(fee, FixedTerminationFee):
        return fee.amount.format(w.locale)
    if isinstance(fee, MonthlyFeesTerminationFee):
        return f"{fee.months} months of recurring fees"
    return f"{w.percent(fee.percent)} of the recurring fees left in the term period"


def _calendar(calendar: BusinessCalendar) -> str:
    windows = "; ".join(
        f"{'/'.join(day.value.capitalize() for day in window.days)} {window.start}–{window.end}"
        for window in calendar.windows
    )
    extras = []
    if calendar.holidays:
        extras.append(f"{len(calendar.holidays)} holidays")
    if calendar.public_holidays is not None:
        region = calendar.public_holidays.country
        if calendar.public_holidays.subdivision:
            region += f"-{calendar.public_holidays.subdivision}"
        extras.append(f"{region} public holidays")
    suffix = f" ({', '.join(extras)})" if extras else ""
    return f"{calendar.id}: {windows} {calendar.zone}{suffix}"


def _scope(agreement: Agreement, w: _Writer) -> list[str]:
    scope = agreement.scope
    lines = [f"Services ({w.number(len(scope.services))})"]
    lines.extend(
        _table(
            (
                service.id,
                service.name,
                service.category.value,
                "flat" if service.unit.value == "flat" else f"per {service.unit.value}",
                service.coverage or "—",
                "" if service.sla_applies else "no SLA",
            )
            for service in scope.services
        )
    )
    if scope.exclusions:
        lines.append(f"Exclusions ({w.number(len(scope.exclusions))})")
        lines.extend(f"  - {exclusion.description}" for exclusion in scope.exclusions)
    if scope.client_requirements:
        lines.append(f"Client requirements ({w.number(len(scope.client_requirements))})")
        lines.extend(f"  - {requirement.description}" for requirement in scope.client_requirements)
    if scope.locations:
        lines.append(f"Locations ({w.number(len(scope.locations))})")
        lines.extend(
            f"  - {location.name}{f', {location.address}' if location.address else ''}"
            for location in scope.locations
        )
    return lines


def _sla(sla: SLA, w: _Writer) -> list[str]:
    lines = [f"Service levels (measured in {sla.zone})"]
    lines.extend(
        _table(
            (
                priority.id,
                priority.name,
                f"response {w.length(priority.response)}",
                f"resolution {w.length(priority.resolution)}",
                f"on {priority.calendar}",
            )
            for priority in sla.priorities
        )
    )
    lines.append("Calendars")
    lines.extend(f"  {_calendar(calendar)}" for calendar in sla.calendars)
    if sla.escalation:
        names = {level.id: level.name for level in sla.support_levels}
        lines.append("Escalation")
        lines.extend(
            _table(
                (
                    f"after {w.length(step.after)}",
                    f"{step.level} {names.get(step.level, '')}",
                    step.contact or "",
                )
                for step in sla.escalation
            )
        )
    for target in sla.availability:
        tiers = ", ".join(
            f"below {w.percent(tier.below)}: {w.percent(tier.credit)}" for tier in target.tiers
        )
        cap = f"; cap {w.percent(target.cap)}" if target.cap is not None else ""
        credit_text = f"; credits {tiers}{cap}" if tiers else ""
        measured = f"{w.percent(target.target)} per {target.measurement.value}"
        lines.append(f"Availability {target.service}: {measured}{credit_text}")
    return lines


def _fees(fees: FeeSchedule, w: _Writer) -> list[str]:
    billing = fees.billing
    invoiced = f"invoiced {billing.frequency.value} in {billing.timing.value}"
    due = f"due {w.length(fees.payment_terms)} after the invoice"
    lines = [f"Fees ({fees.currency}, {invoiced}, {due})"]
    lines.extend(_table((line.id, _fee_text(line, w)) for line in fees.lines))
    if fees.late_fee is not None:
        late = fees.late_fee
        rate, grace = w.percent(late.percent_per_month), w.length(late.grace)
        lines.append(f"Late fee: {rate} a month after a grace of {grace}")
    lines.extend(f"Price adjustment: {_adjustment_text(a, w)}" for a in fees.adjustments)
    return lines


def _fee_text(line: FeeLine, w: _Writer) -> str:
    if isinstance(line, RecurringFee):
        return f"{line.description}: {line.amount.format(w.locale)}, {line.per.value}"
    if isinstance(line, PerUnitFee):
        if line.unit_price is not None:
            price = f"{line.unit_price.format(w.locale)} per {line.unit.value}"
        else:
            bands = ", ".join(
                f"{tier.unit_price.format(w.locale)}"
                + (f" up to {w.number(tier.up_to)}" if tier.up_to is not None else " above")
                for tier in line.tiers
            )
            mode = line.tier_mode.value if line.tier_mode is not None else ""
            price = f"{bands} ({mode})"
        extras = [f"{w.number(line.included)} included"] if line.included else []
        extras += [f"minimum {w.number(line.minimum)}"] if line.minimum else []
        extras += [f"contracted {w.number(line.quantity)}"] if line.quantity is not None else []
        suffix = f"; {', '.join(extras)}" if extras else ""
        return f"{line.description}: {price}, {line.per.value}{suffix}"
    if isinstance(line, HourlyRate):
        text = f"{line.description}: {line.role} at {line.rate.format(w.locale)} an hour"
        if line.after_hours_multiplier != 1:
            text += f", ×{w.number(line.after_hours_multiplier)} after hours"
        if line.increment_minutes != 1:
            text += f", in {w.number(line.increment_minutes)}-minute increments"
        if line.minimum_minutes:
            text += f", minimum {w.number(line.minimum_minutes)} minutes"
        return text
    if isinstance(line, OneTimeFee):
        when = f" on {w.day(line.billed_on)}" if line.billed_on is not None else ""
        return f"{line.description}: {line.amount.format(w.locale)} once{when}"
    return _block_text(line, w)


def _block_text(line: BlockOfHours, w: _Writer) -> str:
    text = f"{line.description}: {w.number(line.hours)} hours for {line.price.format(w.locale)}"
    text += f" {line.per.value}" if line.per is not None else " once"
    if line.rollover:
        cap = (
            f" (at most {w.number(line.rollover_cap)} hours)"
            if line.rollover_cap is not None
            else ""
        )
        text += f", unused hours roll over{cap}"
    if line.expires_after is not None:
        text += f", expiring after {w.length(line.expires_after)}"
    if line.overage is not None:
        text += f", overage at {line.overage}"
    return text


def _adjustment_text(adjustment: PercentageAdjustment | IndexAdjustment, w: _Writer) -> str:
    lines = f" on {', '.join(adjustment.lines)}" if adjustment.lines else ""
    if isinstance(adjustment, PercentageAdjustment):
        return f"{w.percent(adjustment.percent)} at each {adjustment.at.value}{lines}"
    bounds = []
    if adjustment.floor is not None:
        bounds.append(f"floor {w.percent(adjustment.floor)}")
    if adjustment.cap is not None:
        bounds.append(f"cap {w.percent(adjustment.cap)}")
    limits = f" ({', '.join(bounds)})" if bounds else ""
    return f"{adjustment.index} at each {adjustment.at.value}{limits}{lines}"


def _amendments(agreement: Agreement, as_of: pendulum.Date | None, w: _Writer) -> list[str]:
    if as_of is None:
        title = "as signed; --as-of DATE applies them"
    else:
        title = f"applied up to {w.day(as_of)}"
    lines = [f"Amendments ({w.number(len(agreement.amendments))}, {title})"]
    rows = [
        (
            "applied" if as_of is not None and entry.amendment.effective_on <= as_of else "",
            w.day(entry.amendment.effective_on),
            entry.amendment.id,
            entry.amendment.description,
        )
        for entry in agreement.history()
    ]
    lines.extend(_table(row if as_of is not None else row[1:] for row in rows))
    return lines


def _responsibilities(agreement: Agreement, w: _Writer) -> list[str]:
    lines = [f"Responsibilities ({w.number(len(agreement.responsibilities))})"]
    lines.extend(
        _table(
            (
                duty.party.value,
                duty.category.value,
                duty.title
                + (f" (every {w.length(duty.recurrence.every)})" if duty.recurrence else ""),
            )
            for duty in agreement.responsibilities
        )
    )
    return lines
