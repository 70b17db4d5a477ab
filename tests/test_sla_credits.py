"""Availability and service credits on the bundled agreement's SLA (docs/sla.md).

The SLA measures in America/New_York by calendar month. `rmm` commits
99.9% with Sunday 02:00-06:00 maintenance, tiers below 99.9 -> 5%, below
99.5 -> 10%, below 99.0 -> 25%, capped at 25%; `backup` commits 99.5% with
the same maintenance, below 99.5 -> 5%, below 99.0 -> 10%, capped at 10%.
The rolling cap is 10% of twelve months' fees. Every answer was worked out
by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pendulum
import pytest

from msa_model import Money, NotInAgreementError, ValidationError, loads
from msa_model._model.outages import Outage

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "harbor-point-managed-it.json"
SLA = loads(EXAMPLE.read_text(encoding="utf-8")).sla
OCTOBER = pendulum.Date(2026, 10, 1)


def outage(service: str, start: str, end: str) -> Outage:
    """An outage between two New York summer times written without offsets."""
    return Outage(
        service=service,
        start=pendulum.parse(start.replace(" ", "T") + "-04:00"),  # type: ignore[arg-type]
        end=pendulum.parse(end.replace(" ", "T") + "-04:00"),  # type: ignore[arg-type]
    )


def test_october_2026_with_an_outage_partly_in_maintenance() -> None:
    """31 days of EDT; four Sunday maintenance windows of 4 h; 1 h + 30 min down.

    Measured 744 h - 16 h = 728 h; allowed 0.1% of it = 2,620.8 s;
    attainment 100 x 726.5 / 728 = 99.7939...%: below 99.9, not below 99.5.
    """
    outages = [
        outage("rmm", "2026-10-04 01:00", "2026-10-04 03:00"),  # 02:00-03:00 is maintenance
        outage("rmm", "2026-10-14 10:00", "2026-10-14 10:30"),
        outage("backup", "2026-10-14 10:00", "2026-10-14 20:30"),  # another service
    ]
    found = SLA.availability_of("rmm", pendulum.Date(2026, 10, 17), outages)
    assert (found.first_day, found.last_day) == (OCTOBER, pendulum.Date(2026, 10, 31))
    assert found.period == dt.timedelta(days=31)
    assert found.excluded == dt.timedelta(hours=16)
    assert found.downtime == dt.timedelta(hours=1, minutes=30)
    assert found.allowed_downtime == dt.timedelta(seconds=2620, microseconds=800_000)
    assert found.attainment == Fraction(100 * 7265, 7280)
    assert found.attainment_text() == Decimal("99.793")
    assert not found.met
    assert found.tier is not None
    assert (found.tier.below, found.credit_percent) == (Decimal("99.9"), Decimal(5))
    credit = SLA.credit("rmm", OCTOBER, outages, Money.of("1250.00", "USD"))
    assert credit.amount == Money.of("62.50", "USD")


def test_november_2026_is_an_hour_longer_for_the_change_of_clocks() -> None:
    """1 November 2026 repeats an hour in New York: the month lasts 30 days and 1 hour."""
    found = SLA.availability_of("rmm", pendulum.Date(2026, 11, 1), [])
    assert found.period == dt.timedelta(days=30, hours=1)
    assert found.met
    assert found.tier is None
    assert found.credit_percent == 0


def test_downtime_exactly_at_the_allowance_meets_the_target() -> None:
    """September 2026: 720 h less four Sunday windows (16 h) = 704 h; 0.1% = 42 min 14.4 s."""
    exact = SLA.availability_of("rmm", pendulum.Date(2026, 9, 1), [])
    assert exact.allowed_downtime == dt.timedelta(minutes=42, seconds=14, microseconds=400_000)
    down = [
        Outage(
            service="rmm",
            start=pendulum.datetime(2026, 9, 9, 12, tz="UTC"),
            end=pendulum.datetime(2026, 9, 9, 12, tz="UTC") + exact.allowed_downtime,
        )
    ]
    found = SLA.availability_of("rmm", pendulum.Date(2026, 9, 1), down)
    assert found.attainment == Fraction(999, 10)
    assert found.met
    assert found.credit_percent == 0  # exactly 99.9 is not below 99.9


def test_an_outage_across_the_month_end_counts_in_each_month() -> None:
    """Down from 30 Sep 22:00 to 1 Oct 02:00: two hours in each month."""
    down = [outage("backup", "2026-09-30 22:00", "2026-10-01 02:00")]
    september = SLA.availability_of("backup", pendulum.Date(2026, 9, 30), down)
    october = SLA.availability_of("backup", OCTOBER, down)
    assert september.downtime == october.downtime == dt.timedelta(hours=2)


def test_the_lowest_band_pays_and_the_cap_limits_it() -> None:
    """Backup down 10 h 30 min in October: 98.56% is below 99.0, so 10%, the cap."""
    down = [outage("backup", "2026-10-14 10:00", "2026-10-14 20:30")]
    credit = SLA.credit("backup", OCTOBER, down, Money.of("950.00", "USD"))
    assert credit.report.credit_percent == Decimal(10)
    assert credit.amount == Money.of("95.00", "USD")


def test_the_rolling_cap_limits_twelve_months_of_credits() -> None:
    """Backup at 950.00 a month, down 10.5 h in each of Oct, Nov and Dec 2026.

    Each month owes 10% = 95.00. The rolling cap is 10% of the fees of the
    months given so far: 95.00 in October, 190.00 by November, 285.00 by
    December, so each month is paid in full; a month with no fee history
    before it is capped by its own fee alone.
    """
    fee = Money.of("950.00", "USD")
    down = [
        outage("backup", "2026-10-14 10:00", "2026-10-14 20:30"),
        outage("backup", "2026-11-11 10:00", "2026-11-11 20:30"),
        outage("backup", "2026-12-09 10:00", "2026-12-09 20:30"),
    ]
    months = [(pendulum.Date(2026, m, 1), fee) for m in (10, 11, 12)]
    paid = SLA.credits("backup", months, down)
    assert [c.amount for c in paid] == [Money.of("95.00", "USD")] * 3
    assert [c.uncapped for c in paid] == [Money.of("95.00", "USD")] * 3


def test_the_rolling_cap_bites_when_one_month_earns_more_than_its_share() -> None:
    """Rmm at 1,000.00 a month: nothing owed in Oct, 25% (250.00) owed in November.

    The cap over Oct-Nov is 10% of 2,000.00 = 200.00, so November pays 200.00.
    """
    fee = Money.of("1000.00", "USD")
    down = [outage("rmm", "2026-11-11 10:00", "2026-11-11 20:30")]
    months = [(OCTOBER, fee), (pendulum.Date(2026, 11, 1), fee)]
    paid = SLA.credits("rmm", months, down)
    assert [c.uncapped.amount for c in paid] == [Decimal("0.00"), Decimal("250.00")]
    assert [c.amount.amount for c in paid] == [Decimal("0.00"), Decimal("200.00")]


def test_periods_with_a_gap_are_refused() -> None:
    """Periods with a gap are refused."""
    fee = Money.of("1000.00", "USD")
    with pytest.raises(ValueError, match="periods must be consecutive"):
        SLA.credits("rmm", [(OCTOBER, fee), (pendulum.Date(2026, 12, 1), fee)], [])


def test_a_service_without_a_target_is_named() -> None:
    """A service without a target is named."""
    with pytest.raises(NotInAgreementError, match=r"no availability target for service 'edr'"):
        SLA.availability_of("edr", OCTOBER, [])


def test_an_outage_must_end_after_it_starts_and_have_offsets() -> None:
    """An outage must end after it starts and have offsets."""
    with pytest.raises(ValidationError, match=r"Outage\.end: must be after start"):
        outage("rmm", "2026-10-04 03:00", "2026-10-04 01:00")
    with pytest.raises(ValidationError, match="must have an offset"):
        Outage(
            service="rmm",
            start=dt.datetime(2026, 10, 4, 1),  # noqa: DTZ001 # the point of the test
            end=pendulum.datetime(2026, 10, 4, 3, tz="UTC"),
        )
