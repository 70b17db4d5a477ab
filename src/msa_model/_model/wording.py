"""Amendment changes in words, for `Agreement.history` and `msa history`."""

from __future__ import annotations

from msa_model._model.amendments import (
    AddFeeLine,
    AddService,
    Change,
    ChangeFeeLine,
    ChangePrice,
    ChangeQuantity,
    ChangeService,
    ChangeTarget,
    ChangeTerm,
    Draft,
    RemoveFeeLine,
    RemoveService,
    ReplaceFees,
    ReplaceResponsibilities,
    ReplaceScope,
    ReplaceSLA,
    price_of,
)
from msa_model._model.fees import PerUnitFee
from msa_model._model.term import Notice, Renewal
from msa_model._values.money import Money

__all__ = ["summary"]


def summary(change: Change, before: Draft) -> str:  # noqa: C901, PLR0911, PLR0912 # a case per kind
    """Say in words what a change does to the sections it applies to."""
    match change:
        case ReplaceScope(scope=scope):
            return f"replaced the scope ({_count(len(scope.services), 'service')})"
        case ReplaceSLA(sla=sla):
            return f"replaced the SLA ({_count(len(sla.priorities), 'priority', 'priorities')})"
        case ReplaceFees(fees=fees):
            return f"replaced the fee schedule ({_count(len(fees.lines), 'line')})"
        case ReplaceResponsibilities(responsibilities=duties):
            count = _count(len(duties), "responsibility", "responsibilities")
            return f"replaced the responsibilities ({count})"
        case AddService(service=service):
            return f"added service {service.id!r} ({service.name})"
        case RemoveService(service=service_id):
            return f"removed service {service_id!r}"
        case ChangeService(service=service):
            return f"changed service {service.id!r}"
        case AddFeeLine(line=line):
            return f"added fee line {line.id!r} ({line.description})"
        case RemoveFeeLine(line=line_id):
            return f"removed fee line {line_id!r}"
        case ChangeFeeLine(line=line):
            return f"changed fee line {line.id!r}"
        case ChangePrice(line=line_id, price=price):
            priced = before.line(line_id)
            old = None if priced is None else price_of(priced)
            return f"fee line {line_id!r}: price {_money(old)} -> {_money(price)}"
        case ChangeQuantity(line=line_id, quantity=quantity):
            counted = before.line(line_id)
            was = _text(counted.quantity if isinstance(counted, PerUnitFee) else None)
            return f"fee line {line_id!r}: quantity {was} -> {quantity}"
        case ChangeTarget():
            target = before.priority(change.priority)
            parts = [
                f"{name} {_text(getattr(target, name, None))} -> {getattr(change, name)}"
                for name in ("response", "resolution")
                if getattr(change, name) is not None
            ]
            return f"priority {change.priority!r}: {', '.join(parts)}"
        case ChangeTerm():
            parts = [
                f"{name} {_text(getattr(before.term, name))} -> {_text(getattr(change, name))}"
                for name in ("initial", "renewal", "notice")
                if getattr(change, name) is not None
            ]
            return f"term: {', '.join(parts)}"


def _text(value: object) -> str:
    """A clause value in brief: a length as ISO text, a renewal or notice by its parts."""
    match value:
        case None:
            return "none"
        case Renewal(mode=mode, length=length, max_renewals=most):
            extra = "" if length is None else f" {length}"
            limit = "" if most is None else f", at most {most}"
            return f"{mode.value}{extra}{limit}"
        case Notice(length=length, roll=roll):
            return f"{length}" + ("" if roll.value == "none" else f" ({roll.value})")
        case _:
            return str(value)


def _money(value: Money | None) -> str:
    return "none" if value is None else f"{value.amount} {value.currency}"


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
