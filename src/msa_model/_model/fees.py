"""Fees and payment terms: fee lines (a tagged union), billing, late fees, price changes.

This module holds the price list and the payment clauses as data
(docs/model.md); the charge arithmetic arrives with the billing engine.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Final

import attrs
import pendulum

from msa_model._model.scope import Unit
from msa_model._values.invariants import (
    MAX_NAME,
    Checked,
    Tagged,
    decimal,
    describe,
    identifier,
    integer,
    problem,
    reference,
    references,
    text,
    unique,
)
from msa_model._values.money import Money, Rounding, is_known_currency
from msa_model._values.period import BusinessDays, Period
from msa_model.errors import PathSegment, Problem

if TYPE_CHECKING:  # the invoicing module imports this one
    from msa_model._model.calendar import BusinessCalendar
    from msa_model._model.invoicing import BillingPeriod, Charges, Quantity, Work
    from msa_model._model.outages import ServiceCredit
    from msa_model._model.term import Term

__all__ = [
    "AdjustmentTiming",
    "BillingFrequency",
    "BillingPolicy",
    "BillingTiming",
    "BlockOfHours",
    "FeeLine",
    "FeeSchedule",
    "HourlyRate",
    "IndexAdjustment",
    "LateFee",
    "OneTimeFee",
    "PerUnitFee",
    "PercentageAdjustment",
    "PriceAdjustment",
    "PriceTier",
    "RecurringFee",
    "TierMode",
]

_ZERO = Decimal(0)
_NO_TIME = Period()
_HUNDRED = Decimal(100)
MAX_QUANTITY = 10_000_000
"""Largest unit count or number of hours accepted in a fee line."""


class BillingFrequency(enum.Enum):
    """How often a recurring amount is charged or invoiced."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUALLY = "annually"

    @property
    def months(self) -> int:
        """Months in one period: 1, 3 or 12."""
        return _FREQUENCY_MONTHS[self.value]


_FREQUENCY_MONTHS: Final = {"monthly": 1, "quarterly": 3, "annually": 12}


class BillingTiming(enum.Enum):
    """Whether a period is invoiced on its first day (advance) or the day after it (arrears)."""

    ADVANCE = "advance"
    ARREARS = "arrears"


class TierMode(enum.Enum):
    """How tiered unit prices apply.

    `graduated`: each unit is priced by the tier it falls in. `volume`: all
    units are priced by the tier the total quantity falls in.
    """

    GRADUATED = "graduated"
    VOLUME = "volume"


class AdjustmentTiming(enum.Enum):
    """When a price adjustment takes effect: at each renewal, or each anniversary of the start."""

    RENEWAL = "renewal"
    ANNIVERSARY = "anniversary"


def _line_problems(line: _LineBase) -> Iterator[Problem]:
    yield from identifier(line.id, "id")
    yield from text(line.description, "description", max_length=MAX_NAME)
    yield from identifier(line.service, "service", optional=True)


def _not_negative(money: Money, field: PathSegment) -> Iterator[Problem]:
    if money.amount < 0:
        yield problem(field, f"must not be negative (got {describe(money.amount)})")


class _LineBase(Tagged):
    """Fields every fee line has: `id`, `description`, `service`."""

    __slots__ = ()
    id: str
    description: str
    service: str | None

    def money_fields(self) -> Iterator[tuple[tuple[PathSegment, ...], Money]]:
        """Yield every amount of the line with its path, for the currency check."""
        for field in attrs.fields(type(self)):  # type: ignore[arg-type] # subclasses are attrs classes
            value = getattr(self, field.name)
            if isinstance(value, Money):
                yield (field.name,), value


@attrs.frozen(kw_only=True)
class RecurringFee(Checked, _LineBase):
    """A flat fee charged every period, e.g. a monthly management fee.

    Attributes:
        id: Identifier of the line.
        description: What the fee is for.
        amount: Amount per `per` period.
        per: The period the amount is stated for (monthly, quarterly, annually).
        service: Id of the service the fee pays for, if one.
    """

    KIND: ClassVar[str] = "recurring"
    id: str
    description: str
    amount: Money
    per: BillingFrequency = BillingFrequency.MONTHLY
    service: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from _line_problems(self)
        yield from _not_negative(self.amount, "amount")


@attrs.frozen(kw_only=True)
class PriceTier(Checked):
    """One tier of a tiered unit price.

    Attributes:
        up_to: Last unit of the tier (inclusive); None for the open-ended last tier.
        unit_price: Price per unit in this tier.
    """

    up_to: int | None
    unit_price: Money

    def _problems(self) -> Iterator[Problem]:
        yield from integer(self.up_to, "up_to", minimum=1, maximum=MAX_QUANTITY, optional=True)
        yield from _not_negative(self.unit_price, "unit_price")


@attrs.frozen(kw_only=True)
class PerUnitFee(Checked, _LineBase):
    """A fee per device, user, site or other unit.

    Either a single `unit_price`, or `tiers` with a `tier_mode`.

    Attributes:
        id: Identifier of the line.
        description: What the fee is for.
        unit: What is counted.
        unit_price: Price per unit per `per` period.
        tiers: Tiered prices, `up_to` strictly increasing, the last open-ended.
        tier_mode: Graduated or volume pricing; required with tiers.
        included: Units included at no charge.
        minimum: Units charged at least, whatever the count.
        per: The period the price is stated for.
        service: Id of the service the fee pays for.
        quantity: The contracted count (e.g. 40 seats), charged when an
            invoice is given no count for the line; None when the count is
            measured each period.
    """

    KIND: ClassVar[str] = "per_unit"
    id: str
    description: str
    unit: Unit
    unit_price: Money | None = None
    tiers: tuple[PriceTier, ...] = ()
    tier_mode: TierMode | None = None
    included: int = 0
    minimum: int = 0
    per: BillingFrequency = BillingFrequency.MONTHLY
    service: str | None = None
    quantity: int | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from _line_problems(self)
        if self.unit is Unit.FLAT:
            yield problem("unit", "a per-unit fee needs a counted unit, not 'flat'")
        if (self.unit_price is None) == (not self.tiers):
            yield problem("unit_price", "give exactly one of unit_price or tiers")
        if self.unit_price is not None:
            yield from _not_negative(self.unit_price, "unit_price")
        if self.tiers and self.tier_mode is None:
            yield problem("tier_mode", "is required with tiers ('graduated' or 'volume')")
        if not self.tiers and self.tier_mode is not None:
            yield problem("tier_mode", "must be absent without tiers")
        yield from _tier_problems(self.tiers)
        yield from integer(self.included, "included", minimum=0, maximum=MAX_QUANTITY)
        yield from integer(self.minimum, "minimum", minimum=0, maximum=MAX_QUANTITY)
        yield from integer(
            self.quantity, "quantity", minimum=0, maximum=MAX_QUANTITY, optional=True
        )

    def money_fields(self) -> Iterator[tuple[tuple[PathSegment, ...], Money]]:
        """Yield the unit price and each tier's price with their paths."""
        yield from super().money_fields()
        for index, tier in enumerate(self.tiers):
            yield ("tiers", index, "unit_price"), tier.unit_price


def _tier_problems(tiers: tuple[PriceTier, ...]) -> Iterator[Problem]:
    for index, tier in enumerate(tiers):
        last = index == len(tiers) - 1
        if last and tier.up_to is not None:
            yield problem(("tiers", index, "up_to"), "the last tier must be open-ended (no up_to)")
        if not last and tier.up_to is None:
            yield problem(("tiers", index, "up_to"), "only the last tier may be open-ended")
        if index and tier.up_to is not None:
            previous = tiers[index - 1].up_to
            if previous is not None and tier.up_to <= previous:
                yield problem(
                    ("tiers", index, "up_to"),
                    f"must be greater than tiers[{index - 1}].up_to={previous} (got {tier.up_to})",
                )


@attrs.frozen(kw_only=True)
class HourlyRate(Checked, _LineBase):
    """Time-and-materials work billed by the hour.

    Attributes:
        id: Identifier of the line.
        description: What work the rate applies to.
        role: Who does the work, e.g. `Senior engineer`.
        rate: Price per hour within business hours.
        after_hours_multiplier: Factor applied outside business hours, at least 1.
        business_hours: Id of the SLA calendar that defines business hours.
        increment_minutes: Time is billed in blocks of this many minutes,
            rounded up.
        minimum_minutes: Least time billed for one engagement.
        service: Id of the service the work belongs to.
    """

    KIND: ClassVar[str] = "hourly"
    id: str
    description: str
    role: str
    rate: Money
    after_hours_multiplier: Decimal = Decimal(1)
    business_hours: str | None = None
    increment_minutes: int = 1
    minimum_minutes: int = 0
    service: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from _line_problems(self)
        yield from text(self.role, "role", max_length=MAX_NAME)
        yield from _not_negative(self.rate, "rate")
        yield from decimal(
            self.after_hours_multiplier,
            "after_hours_multiplier",
            minimum=Decimal(1),
            maximum=Decimal(10),
        )
        yield from identifier(self.business_hours, "business_hours", optional=True)
        if self.after_hours_multiplier != 1 and self.business_hours is None:
            yield problem("business_hours", "is required when after_hours_multiplier is not 1")
        yield from integer(self.increment_minutes, "increment_minutes", minimum=1, maximum=1440)
        yield from integer(self.minimum_minutes, "minimum_minutes", minimum=0, maximum=1440 * 7)


@attrs.frozen(kw_only=True)
class OneTimeFee(Checked, _LineBase):
    """A fee charged once, e.g. onboarding.

    Attributes:
        id: Identifier of the line.
        description: What the fee is for.
        amount: The fee.
        billed_on: Day it is invoiced; None for the first billing period.
        service: Id of the service it belongs to.
    """

    KIND: ClassVar[str] = "one_time"
    id: str
    description: str
    amount: Money
    billed_on: pendulum.Date | None = None
    service: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from _line_problems(self)
        yield from _not_negative(self.amount, "amount")


@attrs.frozen(kw_only=True)
class BlockOfHours(Checked, _LineBase):
    """A prepaid block of hours drawn down by work.

    Attributes:
        id: Identifier of the line.
        description: What work the block covers.
        hours: Hours in the block.
        price: Price of the block.
        per: How often a new block is bought; None for a single purchase.
        rollover: Whether unused hours carry into the next block.
        rollover_cap: Most hours carried over; None for no limit.
        expires_after: Unused hours lapse this long after the block starts.
        overage: Id of the hourly line that prices hours beyond the block.
        service: Id of the service the block is for.
    """

    KIND: ClassVar[str] = "block"
    id: str
    description: str
    hours: int
    price: Money
    per: BillingFrequency | None = None
    rollover: bool = False
    rollover_cap: int | None = None
    expires_after: Period | None = None
    overage: str | None = None
    service: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from _line_problems(self)
        yield from integer(self.hours, "hours", minimum=1, maximum=MAX_QUANTITY)
        yield from _not_negative(self.price, "price")
        yield from integer(
            self.rollover_cap, "rollover_cap", minimum=1, maximum=MAX_QUANTITY, optional=True
        )
        if self.rollover_cap is not None and not self.rollover:
            yield problem("rollover_cap", "must be absent when rollover is false")
        if self.expires_after is not None and self.expires_after.is_zero:
            yield problem("expires_after", "must not be zero")
        yield from identifier(self.overage, "overage", optional=True)


FeeLine = RecurringFee | PerUnitFee | HourlyRate | OneTimeFee | BlockOfHours
"""A line of the fee schedule, a tagged union on `kind`."""


@attrs.frozen(kw_only=True)
class BillingPolicy(Checked):
    """How recurring fees are invoiced.

    Attributes:
        frequency: Monthly, quarterly or annual invoices.
        timing: Invoiced in advance (first day) or in arrears (day after the period).
        anchor: First day of the first billing period; None for the term start.
    """

    frequency: BillingFrequency = BillingFrequency.MONTHLY
    timing: BillingTiming = BillingTiming.ADVANCE
    anchor: pendulum.Date | None = None


@attrs.frozen(kw_only=True)
class LateFee(Checked):
    """Interest or a fee on overdue invoices.

    Attributes:
        percent_per_month: Percentage of the overdue amount per month.
        grace: Time after the due date before the fee applies.
        minimum: Least fee charged per overdue invoice.
    """

    percent_per_month: Decimal
    grace: Period = _NO_TIME
    minimum: Money | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from decimal(
            self.percent_per_month, "percent_per_month", above=_ZERO, maximum=_HUNDRED
        )
        if self.minimum is not None:
            yield from _not_negative(self.minimum, "minimum")


@attrs.frozen(kw_only=True)
class PercentageAdjustment(Checked, Tagged):
    """A fixed percentage price change, compounding at each renewal or anniversary.

    Attributes:
        percent: Change per step, e.g. `5` for +5 %; may be negative, above -100.
        at: At each renewal or each anniversary of the start.
        lines: Ids of the lines adjusted; empty for every recurring,
            per-unit and hourly line.
    """

    KIND: ClassVar[str] = "percentage"
    percent: Decimal
    at: AdjustmentTiming
    lines: tuple[str, ...] = ()

    def _problems(self) -> Iterator[Problem]:
        yield from decimal(self.percent, "percent", above=Decimal(-100), maximum=_HUNDRED)


@attrs.frozen(kw_only=True)
class IndexAdjustment(Checked, Tagged):
    """A price change that follows a published index, within a floor and a cap.

    Attributes:
        index: Name of the index, e.g. `US CPI-U`.
        at: At each renewal or each anniversary of the start.
        cap: Largest change per step, in percent.
        floor: Smallest change per step, in percent (e.g. `0` for no decrease).
        lines: Ids of the lines adjusted; empty for every recurring,
            per-unit and hourly line.
    """

    KIND: ClassVar[str] = "index"
    index: str
    at: AdjustmentTiming
    cap: Decimal | None = None
    floor: Decimal | None = None
    lines: tuple[str, ...] = ()

    def _problems(self) -> Iterator[Problem]:
        yield from text(self.index, "index", max_length=MAX_NAME)
        yield from decimal(self.cap, "cap", above=Decimal(-100), maximum=_HUNDRED, optional=True)
        yield from decimal(
            self.floor, "floor", above=Decimal(-100), maximum=_HUNDRED, optional=True
        )
        if self.cap is not None and self.floor is not None and self.floor > self.cap:
            yield problem(
                "floor",
                f"floor={describe(self.floor)} must not be above cap={describe(self.cap)}",
            )


PriceAdjustment = PercentageAdjustment | IndexAdjustment
"""A price adjustment rule, a tagged union on `kind`."""


@attrs.frozen(kw_only=True)
class FeeSchedule(Checked):
    """The price list and payment terms.

    Attributes:
        currency: ISO 4217 code of every amount in the schedule.
        lines: Fee lines; at least one, ids unique.
        billing: How recurring fees are invoiced.
        payment_terms: Time from invoice to due date, e.g. `P30D` (net 30)
            or business days of the term's calendar.
        late_fee: Charge on overdue invoices.
        adjustments: Price adjustments, applied in order.
        rounding: How each charge line is rounded to the currency's minor units.
    """

    currency: str
    lines: tuple[FeeLine, ...]
    payment_terms: Period | BusinessDays
    billing: BillingPolicy = BillingPolicy()
    late_fee: LateFee | None = None
    adjustments: tuple[PriceAdjustment, ...] = ()
    rounding: Rounding = Rounding.HALF_UP

    def billing_periods(
        self,
        term: Term,
        through: pendulum.Date,
        *,
        last_service_day: pendulum.Date | None = None,
        since: pendulum.Date | None = None,
    ) -> tuple[BillingPeriod, ...]:
        """Return the billing periods from the term's start to the one containing `through`.

        Periods are anchored on `billing.anchor` (or the term's start) at the
        billing frequency, each computed from the anchor (no drift from a
        31st), clipped to the term's start and end and to `last_service_day`
        after a termination. Each has its invoice day (in advance: its first
        day; in arrears: the day after its last) and due day (the invoice
        day plus the payment terms). With `since`, the list starts at the
        period containing that day: a billing run for one month of an old
        agreement lists that month's period only. See docs/billing.md.

        Example:
            >>> from importlib.resources import files
            >>> from msa_model import loads
            >>> text = files("msa_model").joinpath("data/harbor-point-managed-it.json").read_text()
            >>> agreement = loads(text)
            >>> first = agreement.fees.billing_periods(agreement.term, pendulum.Date(2025, 2, 1))[0]
            >>> str(first.start), str(first.end), str(first.invoice_day), str(first.due_day)
            ('2025-02-01', '2025-02-28', '2025-02-01', '2025-03-03')
        """
        import msa_model._model.invoicing as invoicing  # noqa: PLC0415, PLR0402 # no fromlist: quick

        return invoicing.billing_periods(self, term, through, last_service_day, since)

    def charges(  # noqa: PLR0913 # every input of an invoice, keyword-only
        self,
        period: BillingPeriod,
        term: Term,
        *,
        quantities: Mapping[str, Quantity] | None = None,
        indexes: Mapping[str, Mapping[pendulum.Date, Decimal]] | None = None,
        service_credits: Sequence[ServiceCredit] = (),
        work: Sequence[Work] = (),
        calendars: Mapping[str, BusinessCalendar] | None = None,
    ) -> Charges:
        """Return the itemised, rounded charges of one billing period.

        `quantities` gives unit counts by fee line id or by unit
        (`devices`, `users`, ...): one number for the whole period, or
        `(from_day, count)` changes for a count that changes within it.
        `indexes` gives the published values of each index that an
        index-linked price adjustment follows, by index name.
        `service_credits` (from `SLA.credit`) are added as negative lines.
        `work` records time under hourly lines and blocks of hours;
        `calendars` (the SLA's, by id) say which of it is in business hours.

        Recurring and per-unit fees are charged for the days of the period,
        prorated by actual days when the period is partial or split by a
        quantity or price change; one-time fees in the period of their day;
        blocks of hours when bought. Each line is rounded once; the total is
        the sum of the rounded lines. See docs/billing.md.

        Raises:
            MissingInputError: A per-unit line has no quantity, or an index
                that an adjustment follows has no values.
        """
        import msa_model._model.invoicing as invoicing  # noqa: PLC0415, PLR0402 # no fromlist: quick

        return invoicing.charges(
            self,
            term,
            period,
            quantities=quantities or {},
            indexes=indexes or {},
            service_credits=service_credits,
            work=work,
            calendars=calendars,
        )

    def early_termination_fee(
        self,
        term: Term,
        last_service_day: pendulum.Date,
        *,
        quantities: Mapping[str, Quantity] | None = None,
        indexes: Mapping[str, Mapping[pendulum.Date, Decimal]] | None = None,
    ) -> Money:
        """Return the early-termination fee owed when service ends on `last_service_day`.

        The fee follows the term's `termination.convenience.early_termination_fee`:
        a fixed amount; a number of months of the monthly recurring fees; or a
        percentage of the recurring fees left in the term period after the
        last service day (whole months, then the days left over as a share of
        the month they fall in). The monthly recurring fees are the recurring
        and per-unit lines at the prices and counts in force on the last
        service day, rounded once at the end. See docs/billing.md.

        Raises:
            NotInAgreementError: The agreement has no early-termination fee.
            OutOfTermError: The day is before the start or after expiry.
            MissingInputError: A per-unit line has no quantity.
        """
        from msa_model._model import invoicing  # noqa: PLC0415 # invoicing imports this module

        return invoicing.early_termination_fee(
            self, term, last_service_day, quantities or {}, indexes or {}
        )

    def late_fee_on(self, amount: Money, due_day: pendulum.Date, paid_on: pendulum.Date) -> Money:
        """Return the late fee on `amount`, due on `due_day` and paid (or unpaid) on `paid_on`.

        Nothing is owed until the grace period after the due day has passed.
        Then the fee is `percent_per_month` of the amount for each month or
        part of a month from the due day to `paid_on`, at least `minimum`,
        rounded to the currency's minor units. See docs/billing.md.

        Raises:
            NotInAgreementError: The schedule has no late fee.
            ValueError: The amount is in another currency.

        Example:
            >>> from importlib.resources import files
            >>> from msa_model import Money, loads
            >>> text = files("msa_model").joinpath("data/harbor-point-managed-it.json").read_text()
            >>> fees = loads(text).fees  # 1.5% a month after 10 days' grace
            >>> due = pendulum.Date(2025, 3, 3)
            >>> str(fees.late_fee_on(Money.of("6551.25", "USD"), due, pendulum.Date(2025, 3, 12)))
            '0.00 USD'
            >>> str(fees.late_fee_on(Money.of("6551.25", "USD"), due, pendulum.Date(2025, 4, 20)))
            '196.54 USD'
        """
        from msa_model._model import invoicing  # noqa: PLC0415 # invoicing imports this module

        return invoicing.late_fee(self, amount, due_day, paid_on)

    def line(self, line_id: str) -> FeeLine:
        """Return the fee line with this id.

        Raises:
            KeyError: No line has this id.
        """
        for line in self.lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)

    def _problems(self) -> Iterator[Problem]:
        known = is_known_currency(self.currency)
        if not known:
            yield problem(
                "currency",
                f"must be an ISO 4217 currency code in current use, in upper case "
                f"(got {describe(self.currency)})",
            )
        if not self.lines:
            yield problem("lines", "must list at least one fee line")
        yield from unique(self.lines, "lines", what="fee line id")
        for path, money in self._money_fields() if known else ():
            if money.currency != self.currency:
                yield problem(
                    path,
                    f"must be the schedule's currency {self.currency!r} (got {money.currency!r})",
                )
        yield from self._line_reference_problems()

    def _line_reference_problems(self) -> Iterator[Problem]:
        kinds = {line.id: line.KIND for line in self.lines}
        for index, line in enumerate(self.lines):
            if isinstance(line, BlockOfHours) and line.overage is not None:
                kind = kinds.get(line.overage)
                where = ("lines", index, "overage")
                if kind is None:
                    yield from reference(line.overage, where, kinds, "fee line")
                elif kind != HourlyRate.KIND:
                    yield problem(
                        where, f"must name an hourly fee line ({line.overage!r} is {kind!r})"
                    )
        for index, adjustment in enumerate(self.adjustments):
            where = ("adjustments", index, "lines")
            yield from references(adjustment.lines, where, kinds, "fee line")
            for position, line_id in enumerate(adjustment.lines):
                if kinds.get(line_id) == OneTimeFee.KIND:
                    yield problem(
                        (*where, position),
                        f"a one-time fee cannot be adjusted ({line_id!r} is 'one_time')",
                    )

    def _money_fields(self) -> Iterator[tuple[tuple[PathSegment, ...], Money]]:
        for index, line in enumerate(self.lines):
            for path, money in line.money_fields():
                yield ("lines", index, *path, "currency"), money
        if self.late_fee is not None and self.late_fee.minimum is not None:
            yield ("late_fee", "minimum", "currency"), self.late_fee.minimum
