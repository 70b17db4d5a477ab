"""Amendments: signed, effective-dated changes to an agreement.

An `Amendment` holds typed changes: the replacement of a whole section
(scope, SLA, fees, responsibilities) or a targeted change (a service, a fee
line, its price or contracted quantity, a priority's targets, the term's
length, renewal or notice). `Agreement.as_of(day)` applies those in force on
a day; this module knows how each change applies, what it touches and how to
say it in words. See docs/amendments.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Final, Generic, Protocol, TypeVar

import attrs
import pendulum

from msa_model._model.fees import (
    BlockOfHours,
    FeeLine,
    FeeSchedule,
    HourlyRate,
    OneTimeFee,
    PerUnitFee,
    RecurringFee,
)
from msa_model._model.responsibility import Responsibility
from msa_model._model.scope import Service, ServiceScope
from msa_model._model.sla import SLA, PriorityTarget, TargetLength
from msa_model._model.term import Notice, Renewal, Term
from msa_model._values.invariants import (
    MAX_ITEMS,
    MAX_NAME,
    Checked,
    Tagged,
    identifier,
    integer,
    problem,
    text,
)
from msa_model._values.money import Money
from msa_model._values.period import Period
from msa_model.errors import Problem, ValidationError

__all__ = [
    "AddFeeLine",
    "AddService",
    "Amendment",
    "Change",
    "ChangeFeeLine",
    "ChangePrice",
    "ChangeQuantity",
    "ChangeService",
    "ChangeTarget",
    "ChangeTerm",
    "RemoveFeeLine",
    "RemoveService",
    "ReplaceFees",
    "ReplaceResponsibilities",
    "ReplaceSLA",
    "ReplaceScope",
]

MAX_CHANGES: Final = 100
"""The most changes one amendment may hold."""
MAX_QUANTITY: Final = 10_000_000
"""The largest contracted quantity a change may set (as on a per-unit fee line)."""

Subject = tuple[str, ...]
"""What a change touches, as a path: `("fees", "lines", "edr-seats", "price")`."""
_T = TypeVar("_T")


class Sections(Protocol):
    """The parts of an agreement that amendments change."""

    @property
    def term(self) -> Term: ...
    @property
    def scope(self) -> ServiceScope: ...
    @property
    def sla(self) -> SLA: ...
    @property
    def fees(self) -> FeeSchedule: ...
    @property
    def responsibilities(self) -> tuple[Responsibility, ...]: ...


@attrs.frozen(kw_only=True)
class ReplaceScope(Checked, Tagged):
    """Replace the whole scope of services.

    Attributes:
        scope: The scope in force from the effective day.
    """

    KIND: ClassVar[str] = "replace_scope"
    scope: ServiceScope


@attrs.frozen(kw_only=True)
class ReplaceSLA(Checked, Tagged):
    """Replace the whole SLA.

    Attributes:
        sla: The service levels in force from the effective day.
    """

    KIND: ClassVar[str] = "replace_sla"
    sla: SLA


@attrs.frozen(kw_only=True)
class ReplaceFees(Checked, Tagged):
    """Replace the whole fee schedule.

    Attributes:
        fees: The fees in force from the effective day.
    """

    KIND: ClassVar[str] = "replace_fees"
    fees: FeeSchedule


@attrs.frozen(kw_only=True)
class ReplaceResponsibilities(Checked, Tagged):
    """Replace every responsibility of the parties.

    Attributes:
        responsibilities: The responsibilities in force from the effective day.
    """

    KIND: ClassVar[str] = "replace_responsibilities"
    responsibilities: tuple[Responsibility, ...]


@attrs.frozen(kw_only=True)
class AddService(Checked, Tagged):
    """Add a service to the scope.

    Attributes:
        service: The new service; its id must not be in the scope yet.
    """

    KIND: ClassVar[str] = "add_service"
    service: Service


@attrs.frozen(kw_only=True)
class RemoveService(Checked, Tagged):
    """Remove a service from the scope.

    Fee lines, SLA targets and responsibilities that name the service must
    be removed or changed by the same amendment or an earlier one.

    Attributes:
        service: Id of the service removed.
    """

    KIND: ClassVar[str] = "remove_service"
    service: str

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.service, "service")


@attrs.frozen(kw_only=True)
class ChangeService(Checked, Tagged):
    """Replace a service by a new version with the same id.

    Attributes:
        service: The service as it reads from the effective day.
    """

    KIND: ClassVar[str] = "change_service"
    service: Service


@attrs.frozen(kw_only=True)
class AddFeeLine(Checked, Tagged):
    """Add a line to the fee schedule.

    Attributes:
        line: The new line; its id must not be in the schedule yet.
    """

    KIND: ClassVar[str] = "add_fee_line"
    line: FeeLine


@attrs.frozen(kw_only=True)
class RemoveFeeLine(Checked, Tagged):
    """Remove a line from the fee schedule.

    Attributes:
        line: Id of the line removed.
    """

    KIND: ClassVar[str] = "remove_fee_line"
    line: str

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.line, "line")


@attrs.frozen(kw_only=True)
class ChangeFeeLine(Checked, Tagged):
    """Replace a fee line by a new version with the same id (e.g. new tiers).

    Attributes:
        line: The line as it reads from the effective day.
    """

    KIND: ClassVar[str] = "change_fee_line"
    line: FeeLine


@attrs.frozen(kw_only=True)
class ChangePrice(Checked, Tagged):
    """Change the price of a fee line that has one price.

    The price is a recurring fee's amount, a per-unit fee's unit price, an
    hourly rate, a one-time fee's amount or a block's price. A per-unit fee
    with tiers has no single price: change it with `ChangeFeeLine`.

    Attributes:
        line: Id of the fee line.
        price: The new price, in the schedule's currency.
    """

    KIND: ClassVar[str] = "change_price"
    line: str
    price: Money

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.line, "line")
        if self.price.amount < 0:
            yield problem("price", f"must not be negative (got {self.price.amount})")


@attrs.frozen(kw_only=True)
class ChangeQuantity(Checked, Tagged):
    """Change the contracted count of a per-unit fee line (e.g. 40 to 60 seats).

    Attributes:
        line: Id of the per-unit fee line.
        quantity: The contracted count from the effective day.
    """

    KIND: ClassVar[str] = "change_quantity"
    line: str
    quantity: int

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.line, "line")
        yield from integer(self.quantity, "quantity", minimum=0, maximum=MAX_QUANTITY)


@attrs.frozen(kw_only=True)
class ChangeTarget(Checked, Tagged):
    """Change a priority's response or resolution target, or both.

    Attributes:
        priority: Id of the priority, e.g. `P1`.
        response: The new response target, if it changes.
        resolution: The new resolution target, if it changes.
    """

    KIND: ClassVar[str] = "change_target"
    priority: str
    response: TargetLength | None = None
    resolution: TargetLength | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.priority, "priority")
        if self.response is None and self.resolution is None:
            yield problem("response", "give a response or a resolution target, or both")


@attrs.frozen(kw_only=True)
class ChangeTerm(Checked, Tagged):
    """Change the term's initial length (an extension), its renewal or its notice.

    The term keeps its start: an extension lengthens the initial term, and
    renewal periods are counted from its new end.

    Attributes:
        initial: The new length of the initial term, if it changes.
        renewal: The new renewal clause, if it changes.
        notice: The new non-renewal notice clause, if it changes.
    """

    KIND: ClassVar[str] = "change_term"
    initial: Period | None = None
    renewal: Renewal | None = None
    notice: Notice | None = None

    def _problems(self) -> Iterator[Problem]:
        if self.initial is None and self.renewal is None and self.notice is None:
            yield problem("initial", "give at least one of initial, renewal or notice")


Change = (
    ReplaceScope
    | ReplaceSLA
    | ReplaceFees
    | ReplaceResponsibilities
    | AddService
    | RemoveService
    | ChangeService
    | AddFeeLine
    | RemoveFeeLine
    | ChangeFeeLine
    | ChangePrice
    | ChangeQuantity
    | ChangeTarget
    | ChangeTerm
)
"""One change of an amendment, a tagged union on `kind`."""


@attrs.frozen(kw_only=True)
class Amendment(Checked):
    """A signed change order: what changes, and from which day.

    Amendments live in `Agreement.amendments`; the agreement as written
    stays the original, and `Agreement.as_of(day)` applies every amendment
    effective on or before the day, in order of effective day.

    Attributes:
        id: Identifier of the amendment, e.g. `CO-2026-03`.
        signed_on: Day of the last signature.
        effective_on: First day the changes are in force (from midnight in
            the agreement's own zones).
        description: The change order in brief.
        changes: What changes, applied in order.

    Example:
        >>> from msa_model import Amendment, ChangeQuantity
        >>> order = Amendment(
        ...     id="CO-7",
        ...     signed_on=pendulum.Date(2026, 2, 20),
        ...     effective_on=pendulum.Date(2026, 3, 16),
        ...     description="Twenty more seats",
        ...     changes=(ChangeQuantity(line="helpdesk-users", quantity=60),),
        ... )
        >>> order.changes[0].KIND
        'change_quantity'
    """

    id: str
    signed_on: pendulum.Date
    effective_on: pendulum.Date
    description: str
    changes: tuple[Change, ...]

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        yield from text(self.description, "description", max_length=MAX_NAME)
        if not self.changes:
            yield problem("changes", "must hold at least one change")
        if len(self.changes) > MAX_CHANGES:
            yield problem("changes", f"must hold at most {MAX_CHANGES} changes")
        touched: Touched[int] = Touched()
        for index, change in enumerate(self.changes):
            for subject in subjects(change):
                earlier = touched.overlap(subject)
                if earlier is not None:
                    yield problem(
                        ("changes", index),
                        f"changes {words(subject)}, which changes[{earlier}] already changes",
                    )
                touched.add(subject, index)


def subjects(change: Change) -> tuple[Subject, ...]:  # noqa: C901, PLR0911 # a case per kind
    """What a change touches; two changes of one day must not overlap."""
    match change:
        case ReplaceScope():
            return (("scope",),)
        case ReplaceSLA():
            return (("sla",),)
        case ReplaceFees():
            return (("fees",),)
        case ReplaceResponsibilities():
            return (("responsibilities",),)
        case AddService(service=service) | ChangeService(service=service):
            return (("scope", "services", service.id),)
        case RemoveService(service=service_id):
            return (("scope", "services", service_id),)
        case AddFeeLine(line=line) | ChangeFeeLine(line=line):
            return (("fees", "lines", line.id),)
        case RemoveFeeLine(line=line_id):
            return (("fees", "lines", line_id),)
        case ChangePrice(line=line_id):
            return (("fees", "lines", line_id, "price"),)
        case ChangeQuantity(line=line_id):
            return (("fees", "lines", line_id, "quantity"),)
        case ChangeTarget(priority=priority):
            return (("sla", "priorities", priority),)
        case ChangeTerm():
            return tuple(
                ("term", name)
                for name in ("initial", "renewal", "notice")
                if getattr(change, name) is not None
            )


class Touched(Generic[_T]):
    """Subjects already changed, each with a note of where; overlaps found by prefix lookups.

    Two subjects overlap when one contains the other (`("fees",)` contains
    every fee line). Each lookup costs the length of a subject, so checking
    many changes stays linear.
    """

    def __init__(self) -> None:
        self._where: dict[Subject, _T] = {}
        self._inside: dict[Subject, _T] = {}  # every proper prefix of a subject seen

    def overlap(self, subject: Subject) -> _T | None:
        """Where an earlier subject that overlaps this one was changed, or None."""
        for size in range(1, len(subject) + 1):
            if subject[:size] in self._where:
                return self._where[subject[:size]]
        return self._inside.get(subject)

    def add(self, subject: Subject, where: _T) -> None:
        """Record a subject as changed at `where` (the first record of a subject stays)."""
        self._where.setdefault(subject, where)
        for size in range(1, len(subject)):
            self._inside.setdefault(subject[:size], where)


def words(subject: Subject) -> str:
    """A subject in words: `fee line 'edr-seats' (price)`."""
    if len(subject) == 1:
        return f"the {_SECTION_NAMES[subject[0]]}"
    if subject[0] == "term":
        return f"the term's {subject[1]}"
    what = {"services": "service", "lines": "fee line", "priorities": "priority"}[subject[1]]
    detail = f" ({subject[3]})" if len(subject) > 3 else ""
    return f"{what} {subject[2]!r}{detail}"


_SECTION_NAMES: Final = {
    "scope": "scope",
    "sla": "SLA",
    "fees": "fee schedule",
    "responsibilities": "responsibilities",
}


class Draft:
    """The sections as amended so far, edited change by change and built once.

    Services, fee lines and priorities are held by id while changes apply,
    so each change costs the same whatever the size of the agreement, and
    `built()` validates each edited section once for a whole day of changes.
    """

    def __init__(self, sections: Sections) -> None:
        """Start from the sections as they stand."""
        self.term = sections.term
        self.scope = sections.scope
        self.sla = sections.sla
        self.fees = sections.fees
        self.responsibilities = sections.responsibilities
        self._services: dict[str, Service] | None = None
        self._lines: dict[str, FeeLine] | None = None
        self._priorities: dict[str, PriorityTarget] | None = None

    def line(self, line_id: str) -> FeeLine | None:
        """The fee line with this id as amended so far, if any."""
        return self._fee_lines().get(line_id)

    def priority(self, priority_id: str) -> PriorityTarget | None:
        """The priority with this id as amended so far, if any."""
        return self._priority_targets().get(priority_id)

    def apply(self, change: Change) -> None:  # noqa: C901, PLR0912 # a case per kind
        """Apply one change.

        Raises:
            ValidationError: The change names something the sections lack,
                or already have, or makes a line or target invalid; paths are
                relative to the change.
        """
        match change:
            case ReplaceScope(scope=scope):
                self.scope, self._services = scope, None
            case ReplaceSLA(sla=sla):
                self.sla, self._priorities = sla, None
            case ReplaceFees(fees=fees):
                self.fees, self._lines = fees, None
            case ReplaceResponsibilities(responsibilities=responsibilities):
                self.responsibilities = responsibilities
            case AddService(service=service):
                _add(self._scope_services(), service, "service", "service", "in scope")
            case ChangeService(service=service):
                _replace(self._scope_services(), service, "service", "service")
            case RemoveService(service=service_id):
                _remove(self._scope_services(), service_id, "service", "service")
            case AddFeeLine(line=line):
                _add(self._fee_lines(), line, "line", "fee line", "in the schedule")
            case ChangeFeeLine(line=line):
                _replace(self._fee_lines(), line, "line", "fee line")
            case RemoveFeeLine(line=line_id):
                _remove(self._fee_lines(), line_id, "line", "fee line")
            case ChangePrice() | ChangeQuantity():
                lines = self._fee_lines()
                if change.line not in lines:
                    raise _refused("line", f"unknown fee line {change.line!r}")
                lines[change.line] = _repriced(lines[change.line], change)
            case ChangeTarget():
                targets = self._priority_targets()
                if change.priority not in targets:
                    raise _refused("priority", f"unknown priority {change.priority!r}")
                given = _given(change, "response", "resolution")
                targets[change.priority] = _evolve(targets[change.priority], **given)
            case ChangeTerm():
                self.term = _evolve(self.term, **_given(change, "initial", "renewal", "notice"))

    def built(self) -> dict[str, Any]:
        """The sections, as keyword arguments for `attrs.evolve` of an agreement.

        Raises:
            ValidationError: An edited section breaks one of its rules.
        """
        scope, sla, fees = self.scope, self.sla, self.fees
        for name, items in (
            ("scope.services", self._services),
            ("fees.lines", self._lines),
            ("sla.priorities", self._priorities),
        ):
            if items is not None and len(items) > MAX_ITEMS:
                message = f"would hold {len(items)} items (at most {MAX_ITEMS})"
                raise ValidationError([problem((), f"{name} {message}")])
        if self._services is not None:
            scope = attrs.evolve(scope, services=tuple(self._services.values()))
        if self._lines is not None:
            fees = attrs.evolve(fees, lines=tuple(self._lines.values()))
        if self._priorities is not None:
            sla = attrs.evolve(sla, priorities=tuple(self._priorities.values()))
        return {
            "term": self.term,
            "scope": scope,
            "sla": sla,
            "fees": fees,
            "responsibilities": self.responsibilities,
        }

    def _scope_services(self) -> dict[str, Service]:
        if self._services is None:
            self._services = {service.id: service for service in self.scope.services}
        return self._services

    def _fee_lines(self) -> dict[str, FeeLine]:
        if self._lines is None:
            self._lines = {line.id: line for line in self.fees.lines}
        return self._lines

    def _priority_targets(self) -> dict[str, PriorityTarget]:
        if self._priorities is None:
            self._priorities = {target.id: target for target in self.sla.priorities}
        return self._priorities


_Item = TypeVar("_Item", Service, FeeLine)


def _add(items: dict[str, _Item], item: _Item, field: str, what: str, where: str) -> None:
    if item.id in items:
        raise _refused((field, "id"), f"{what} {item.id!r} is already {where}")
    items[item.id] = item


def _replace(items: dict[str, _Item], item: _Item, field: str, what: str) -> None:
    if item.id not in items:
        raise _refused((field, "id"), f"unknown {what} {item.id!r}")
    items[item.id] = item


def _remove(items: dict[str, _Item], item_id: str, field: str, what: str) -> None:
    if item_id not in items:
        raise _refused(field, f"unknown {what} {item_id!r}")
    del items[item_id]


def _repriced(line: FeeLine, change: ChangePrice | ChangeQuantity) -> FeeLine:
    if isinstance(change, ChangePrice):
        return _priced(line, change.price)
    if not isinstance(line, PerUnitFee):
        raise _refused("line", f"fee line {line.id!r} is not a per-unit fee: it has no quantity")
    return _evolve(line, quantity=change.quantity)


def _given(change: ChangeTarget | ChangeTerm, *names: str) -> dict[str, object]:
    """The fields a targeted change gives (those not None)."""
    return {name: getattr(change, name) for name in names if getattr(change, name) is not None}


def price_of(line: FeeLine) -> Money | None:
    """The single price of a fee line, None for a per-unit fee with tiers."""
    match line:
        case RecurringFee(amount=price) | OneTimeFee(amount=price):
            return price
        case PerUnitFee(unit_price=price):
            return price
        case HourlyRate(rate=price):
            return price
        case BlockOfHours(price=price):
            return price


_PRICE_FIELDS: Final[dict[type, str]] = {
    RecurringFee: "amount",
    OneTimeFee: "amount",
    PerUnitFee: "unit_price",
    HourlyRate: "rate",
    BlockOfHours: "price",
}


def _priced(line: FeeLine, price: Money) -> FeeLine:
    if price_of(line) is None:
        raise _refused(
            "line", f"fee line {line.id!r} has tiers, not one price: use change_fee_line"
        )
    return _evolve(line, **{_PRICE_FIELDS[type(line)]: price})


def _evolve(value: _T, **changes: object) -> _T:
    """`attrs.evolve`, with the problems of the result reported at the change."""
    try:
        return attrs.evolve(value, **changes)  # type: ignore[misc] # every value is an attrs class
    except ValidationError as error:
        raise ValidationError(
            problem((), f"would make {p.location} invalid: {p.message}") for p in error.problems
        ) from None


def _refused(field: str | tuple[str, ...], message: str) -> ValidationError:
    return ValidationError([problem(field, message)])
