"""Outages, availability reports and service credits (docs/sla.md).

`SLA.availability`, `SLA.credit` and `SLA.credits` measure a service's
outages against its `AvailabilityTarget`; the arithmetic is the
availability engine's. The records here are what they answer with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from msa_model._engines.availability import (
    allowed_downtime,
    credit_amount,
    credit_percent,
    maintenance_intervals,
    measure,
    measurement_bounds,
    percent_text,
    rolling_cap,
    tier_reached,
)
from msa_model._engines.schedule import add_days, add_months
from msa_model._model.calendar import checked_instant
from msa_model._values.invariants import MAX_NAME, Checked, identifier, text, time_span
from msa_model._values.money import Money
from msa_model.errors import Problem

if TYPE_CHECKING:  # the SLA module imports this one
    from msa_model._model.sla import AvailabilityTarget, CreditTier, MeasurementPeriod

__all__ = ["AvailabilityReport", "Outage", "ServiceCredit", "credit_periods", "period_of", "report"]

_MONTHS: Final = {"month": 1, "quarter": 3, "year": 12}


@attrs.frozen(kw_only=True)
class Outage(Checked):
    """A stretch of time a service was unavailable.

    Attributes:
        service: Id of the service that was down.
        start: When it went down, as an aware date and time.
        end: When it came back, after `start`.
        description: What happened, e.g. the incident number.
    """

    service: str
    start: dt.datetime
    end: dt.datetime
    description: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.service, "service")
        yield from text(self.description, "description", max_length=MAX_NAME, optional=True)
        yield from time_span(self.start, self.end, empty=False)


@attrs.frozen(kw_only=True)
class AvailabilityReport:
    """A service's availability over one measurement period, against its target.

    Attributes:
        service: Id of the service.
        target: Availability percentage committed.
        first_day: First day of the measurement period.
        last_day: Last day of the measurement period, inclusive.
        period: Real length of the period (local midnight to local midnight).
        excluded: Maintenance inside the period, not measured.
        downtime: Outage time inside the period and outside maintenance.
        allowed_downtime: Most downtime that still meets the target,
            rounded down to the microsecond.
        attainment: Availability as an exact percentage.
        met: Whether attainment is at least the target.
        tier: The credit tier reached (the lowest band), if any.
        credit_percent: Credit as a percentage of the period's fee, after
            the target's cap.
    """

    service: str
    target: Decimal
    first_day: pendulum.Date
    last_day: pendulum.Date
    period: dt.timedelta
    excluded: dt.timedelta
    downtime: dt.timedelta
    allowed_downtime: dt.timedelta
    attainment: Fraction
    met: bool
    tier: CreditTier | None
    credit_percent: Decimal

    def attainment_text(self, places: int = 3) -> Decimal:
        """The attainment rounded down to `places` decimals, so a miss never reads as met."""
        return percent_text(self.attainment, places)


@attrs.frozen(kw_only=True)
class ServiceCredit:
    """The service credit one measurement period earns.

    Attributes:
        report: The availability measured.
        fee: The period's fee for the service, the credit's base.
        amount: The credit owed, after the target's cap and any rolling cap.
        uncapped: The credit before the rolling 12-month cap.
    """

    report: AvailabilityReport
    fee: Money
    amount: Money
    uncapped: Money


def period_of(measurement: MeasurementPeriod, day: pendulum.Date) -> tuple[pendulum.Date, int]:
    """The first day and length in months of the measurement period containing `day`.

    Quarters are calendar quarters (January, April, July, October).
    """
    months = _MONTHS[measurement.value]
    first_month = (day.month - 1) // months * months + 1
    return pendulum.Date(day.year, first_month, 1), months


def report(
    target: AvailabilityTarget, zone: str, day: pendulum.Date, outages: Iterable[Outage]
) -> AvailabilityReport:
    """Measure `target`'s service over the period containing `day` in `zone`."""
    first, months = period_of(target.measurement, day)
    bounds = measurement_bounds(zone, first, months)
    down = [
        (checked_instant(o.start, "outage start"), checked_instant(o.end, "outage end"))
        for o in outages
        if o.service == target.service
    ]
    measured = measure(bounds, down, maintenance_intervals(zone, target.maintenance, bounds))
    attainment = measured.attainment
    tiers = [(tier.below, tier.credit) for tier in target.tiers]
    reached = tier_reached(attainment, tiers)
    return AvailabilityReport(
        service=target.service,
        target=target.target,
        first_day=first,
        last_day=add_days(add_months(first, months), -1),
        period=_span(bounds[1] - bounds[0]),
        excluded=_span(measured.excluded),
        downtime=_span(measured.downtime),
        allowed_downtime=_span(allowed_downtime(target.target, measured.measured)),
        attainment=attainment,
        met=measured.meets(target.target),
        tier=None if reached is None else target.tiers[reached],
        credit_percent=credit_percent(attainment, tiers, target.cap),
    )


def credit_periods(
    reports: Sequence[AvailabilityReport], fees: Sequence[Money], cap: Decimal | None
) -> tuple[ServiceCredit, ...]:
    """The credits of consecutive periods, limited by a rolling 12-month cap when given."""
    owed = [credit_amount(fee, r.credit_percent) for r, fee in zip(reports, fees, strict=True)]
    paid = owed if cap is None else rolling_cap(owed, list(fees), cap)
    return tuple(
        ServiceCredit(report=r, fee=fee, amount=amount, uncapped=uncapped)
        for r, fee, amount, uncapped in zip(reports, fees, paid, owed, strict=True)
    )


def _span(microseconds: int) -> dt.timedelta:
    return dt.timedelta(microseconds=microseconds)
