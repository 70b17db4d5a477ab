"""Key dates: the timeline a contracts manager acts on, for the three example agreements.

Every expected list was worked out by hand from the example files and
SEMANTICS §1–§2: (day, kind, ref) for each key date, in order.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Final

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import (
    AdjustmentTiming,
    Agreement,
    KeyDate,
    KeyDateKind,
    PartyRole,
    PercentageAdjustment,
    Period,
    Recurrence,
    Renewal,
    Responsibility,
    ResponsibilityCategory,
    loads,
)
from msa_model._model.timeline import key_dates

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"


def day(text: str) -> pendulum.Date:
    """Read a calendar day written as `YYYY-MM-DD`."""
    year, month, day_of_month = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, day_of_month)


def example(name: str) -> Agreement:
    """Load an agreement from examples/."""
    return loads((EXAMPLES / name).read_text(encoding="utf-8"))


HARBOR: Final = example("harbor-point-managed-it.json")
"""From 2025-02-01 for 36 months, renewing yearly on 90 days' notice; CPI at renewal."""
MONTH_TO_MONTH: Final = example("month-to-month-hourly.json")
"""From 2025-04-01 month to month on 30 days' notice; a monthly time report from 2025-05-01."""
BLOCK_HOURS: Final = example("block-hours-gbp.json")
"""From 2025-06-16 for 12 months, renewing manually on 2 months' notice; +3.5 % each anniversary."""

Row = tuple[str, str, str | None]


def rows(dates: tuple[KeyDate, ...], *kinds: KeyDateKind) -> list[Row]:
    """List key dates as (day, kind, ref), keeping only `kinds` when some are given."""
    return [
        (str(item.day), item.kind.value, item.ref)
        for item in dates
        if not kinds or item.kind in kinds
    ]


def duty(duty_id: str, every: str, anchor: str) -> Responsibility:
    """A recurring reporting duty of the provider."""
    return Responsibility(
        id=duty_id,
        party=PartyRole.PROVIDER,
        category=ResponsibilityCategory.REPORTING,
        title="Report",
        recurrence=Recurrence(every=Period.parse(every), anchor=day(anchor)),
    )


# --- The examples ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agreement", "as_of", "horizon", "expected"),
    [
        pytest.param(
            HARBOR,
            "2027-10-01",
            "P3M",
            [
                ("2025-01-15", "effective", None),
                ("2025-02-01", "service_start", None),
                ("2025-02-01", "period_start", None),
                ("2027-10-05", "obligation", "monthly-report"),
                ("2027-10-15", "obligation", "quarterly-review"),
                ("2027-11-02", "notice_deadline", None),
                ("2027-11-05", "obligation", "monthly-report"),
                ("2027-12-05", "obligation", "monthly-report"),
                ("2027-12-31", "obligation", "restore-test"),
                ("2028-01-31", "period_end", None),
                ("2028-02-01", "renewal", None),
            ],
            id="harbor point on 2027-10-01, 3 months: 90 days before 2028-01-31 → 2027-11-02",
        ),
        pytest.param(
            HARBOR,
            "2028-01-15",
            "P1M",
            [
                ("2025-01-15", "effective", None),
                ("2025-02-01", "service_start", None),
                ("2025-02-01", "period_start", None),
                ("2027-11-02", "notice_deadline", None),
                ("2028-01-15", "obligation", "quarterly-review"),
                ("2028-01-31", "period_end", None),
                ("2028-02-01", "renewal", None),
                ("2028-02-01", "price_adjustment", "fees.adjustments[0]"),
                ("2028-02-05", "obligation", "monthly-report"),
            ],
            id="harbor point on 2028-01-15, a month: the missed deadline, renewal and CPI",
        ),
        pytest.param(
            HARBOR,
            "2025-01-20",
            "P1M",
            [
                ("2025-01-15", "effective", None),
                ("2025-02-01", "service_start", None),
                ("2025-02-01", "period_start", None),
                ("2027-11-02", "notice_deadline", None),
                ("2028-01-31", "period_end", None),
                ("2028-02-01", "renewal", None),
            ],
            id="harbor point before its start lists the initial term",
        ),
        pytest.param(
            MONTH_TO_MONTH,
            "2025-06-10",
            "P2M",
            [
                ("2025-04-01", "effective", None),
                ("2025-05-31", "notice_deadline", None),
                ("2025-06-01", "period_start", None),
                ("2025-06-30", "period_end", None),
                ("2025-07-01", "notice_deadline", None),
                ("2025-07-01", "renewal", None),
                ("2025-07-01", "obligation", "monthly-timesheet"),
                ("2025-08-01", "notice_deadline", None),
                ("2025-08-01", "renewal", None),
                ("2025-08-01", "obligation", "monthly-timesheet"),
            ],
            id="month to month on 2025-06-10, 2 months: each month's deadline 30 days before",
        ),
        pytest.param(
            BLOCK_HOURS,
            "2026-03-01",
            "P3M",
            [
                ("2025-06-02", "effective", None),
                ("2025-06-16", "service_start", None),
                ("2025-06-16", "period_start", None),
                ("2026-03-05", "obligation", "hours-statement"),
                ("2026-03-15", "obligation", "security-review"),
                ("2026-04-05", "obligation", "hours-statement"),
                ("2026-04-15", "notice_deadline", None),
                ("2026-05-05", "obligation", "hours-statement"),
                ("2026-06-15", "period_end", None),
                ("2026-06-15", "expiry", None),
                ("2026-06-16", "renewal", None),
            ],
            id="block hours on 2026-03-01, 3 months: notice to renew 2 months before 06-15",
        ),
    ],
)
def test_key_dates_of_the_examples(
    agreement: Agreement, as_of: str, horizon: str, expected: list[Row]
) -> None:
    """The exact key dates of each example for a short horizon, sorted by day and kind."""
    actual = agreement.key_dates(day(as_of), Period.parse(horizon))

    assert expected == rows(actual)


def test_key_date_descriptions() -> None:
    """Each key date says in words what it is, naming the notice and the period's end."""
    expected = [
        "The agreement takes effect",
        "Services start",
        "The initial term starts",
        "Last day to give notice of non-renewal (P90D) for the period ending 2028-01-31",
        "The initial term ends",
        "The term renews for renewal period 1",
    ]

    actual = HARBOR.key_dates(day("2025-01-20"), Period(months=1))

    assert expected == [item.description for item in actual]


def test_key_dates_look_a_year_ahead_by_default() -> None:
    """Without a horizon, key dates run to the day before as_of + 1 year (2026-03-31 is out)."""
    expected = ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"]

    actual = HARBOR.key_dates(day("2025-03-31"))

    assert expected == [row[0] for row in rows(actual) if row[2] == "restore-test"]


# --- Recurring obligations and price adjustments --------------------------------------------


def test_quarterly_obligation_from_the_31st_does_not_drift() -> None:
    """Quarterly restore tests anchored on 2025-03-31 fall on 06-30, 09-30, 12-31, back to 03-31."""
    expected = [
        ("2025-03-31", "obligation", "restore-test"),
        ("2025-06-30", "obligation", "restore-test"),
        ("2025-09-30", "obligation", "restore-test"),
        ("2025-12-31", "obligation", "restore-test"),
        ("2026-03-31", "obligation", "restore-test"),
    ]

    actual = HARBOR.key_dates(day("2025-03-01"), Period(months=13))

    assert expected == [row for row in rows(actual) if row[2] == "restore-test"]


def test_monthly_obligation_from_the_31st_does_not_drift() -> None:
    """A monthly report anchored on 2025-01-31 falls on each month's last day, not the 28th."""
    agreement = attrs.evolve(
        HARBOR, responsibilities=(duty("month-end-report", "P1M", "2025-01-31"),)
    )
    expected = [
        ("2025-01-31", "obligation", "month-end-report"),
        ("2025-02-28", "obligation", "month-end-report"),
        ("2025-03-31", "obligation", "month-end-report"),
        ("2025-04-30", "obligation", "month-end-report"),
        ("2025-05-31", "obligation", "month-end-report"),
    ]

    actual = agreement.key_dates(day("2025-01-31"), Period(months=5))

    assert expected == rows(actual, KeyDateKind.OBLIGATION)


def test_price_adjustments_at_renewal_and_at_anniversary() -> None:
    """Renewal adjustments come with renewals (2028, 2029), anniversary ones yearly from 2026."""
    agreement = attrs.evolve(
        HARBOR,
        fees=attrs.evolve(
            HARBOR.fees,
            adjustments=(
                PercentageAdjustment(percent=Decimal(5), at=AdjustmentTiming.RENEWAL),
                PercentageAdjustment(percent=Decimal(3), at=AdjustmentTiming.ANNIVERSARY),
            ),
        ),
    )
    expected = [
        ("2026-02-01", "price_adjustment", "fees.adjustments[1]"),
        ("2027-02-01", "price_adjustment", "fees.adjustments[1]"),
        ("2028-02-01", "price_adjustment", "fees.adjustments[0]"),
        ("2028-02-01", "price_adjustment", "fees.adjustments[1]"),
        ("2029-02-01", "price_adjustment", "fees.adjustments[0]"),
        ("2029-02-01", "price_adjustment", "fees.adjustments[1]"),
    ]

    actual = agreement.key_dates(day("2025-02-01"), Period(years=5))

    assert expected == rows(actual, KeyDateKind.PRICE_ADJUSTMENT)


def test_anniversaries_of_a_leap_day_start() -> None:
    """A term from 2024-02-29 has its anniversaries on 02-28, back on the 29th in 2028."""
    term = attrs.evolve(HARBOR.term, start=day("2024-02-29"))
    agreement = attrs.evolve(
        HARBOR,
        effective_on=day("2024-02-29"),
        service_start_on=None,
        term=term,
        fees=attrs.evolve(
            HARBOR.fees,
            adjustments=(
                PercentageAdjustment(percent=Decimal(3), at=AdjustmentTiming.ANNIVERSARY),
            ),
        ),
    )
    expected = ["2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"]

    actual = agreement.key_dates(day("2024-02-29"), Period(years=5))

    assert expected == [row[0] for row in rows(actual, KeyDateKind.PRICE_ADJUSTMENT)]


# --- Renewal, expiry ------------------------------------------------------------------------


def test_a_term_that_does_not_renew_lists_its_expiry() -> None:
    """Within a term that does not renew, the expiry is listed and no deadline or renewal."""
    agreement = attrs.evolve(
        MONTH_TO_MONTH,
        term=attrs.evolve(MONTH_TO_MONTH.term, initial=Period(months=12), renewal=Renewal.none()),
    )
    expected = [
        ("2025-04-01", "effective", None),
        ("2025-04-01", "period_start", None),
        ("2025-07-01", "obligation", "monthly-timesheet"),
        ("2026-03-31", "period_end", None),
        ("2026-03-31", "expiry", None),
    ]

    actual = agreement.key_dates(day("2025-06-10"), Period(months=1))

    assert expected == rows(actual)


def test_renewals_stop_at_the_last_allowed() -> None:
    """With one renewal allowed, the timeline shows it and then the expiry at its end."""
    term = attrs.evolve(HARBOR.term, renewal=Renewal.automatic(Period(years=1), max_renewals=1))
    agreement = attrs.evolve(HARBOR, term=term)
    expected = [
        ("2027-11-02", "notice_deadline", None),
        ("2028-02-01", "renewal", None),
        ("2029-01-31", "expiry", None),
    ]

    actual = agreement.key_dates(day("2027-10-01"), Period(months=18))

    assert expected == rows(
        actual, KeyDateKind.NOTICE_DEADLINE, KeyDateKind.RENEWAL, KeyDateKind.EXPIRY
    )


@pytest.mark.parametrize(
    ("agreement", "as_of", "expiry"),
    [
        pytest.param(BLOCK_HOURS, "2026-07-01", "2026-06-15", id="manual, not renewed: 2026-06-15"),
        pytest.param(
            attrs.evolve(HARBOR, term=attrs.evolve(HARBOR.term, renewal=Renewal.none())),
            "2028-03-01",
            "2028-01-31",
            id="no renewal: the initial term's end 2028-01-31",
        ),
    ],
)
def test_an_expired_term_lists_its_expiry(agreement: Agreement, as_of: str, expiry: str) -> None:
    """After expiry the timeline still shows when the term expired."""
    expected = [(expiry, "expiry", None)]

    actual = agreement.key_dates(day(as_of), Period(months=1))

    assert expected == rows(actual, KeyDateKind.EXPIRY)


def test_obligations_end_with_the_term() -> None:
    """A term that expires on 2028-01-31 owes no monthly report on 2028-02-05."""
    agreement = attrs.evolve(HARBOR, term=attrs.evolve(HARBOR.term, renewal=Renewal.none()))
    expected = [
        ("2027-12-05", "obligation", "monthly-report"),
        ("2027-12-31", "obligation", "restore-test"),
        ("2028-01-05", "obligation", "monthly-report"),
        ("2028-01-15", "obligation", "quarterly-review"),
    ]

    actual = agreement.key_dates(day("2027-12-01"), Period(months=3))

    assert expected == rows(actual, KeyDateKind.OBLIGATION)


AMENDED: Final = example("harbor-point-amended.json")
"""Harbor Point with four amendments, among them a one-year extension from 2027-07-01."""


@settings(max_examples=60, deadline=None)
@given(
    agreement=st.sampled_from([HARBOR, MONTH_TO_MONTH, BLOCK_HOURS, AMENDED]),
    offset=st.integers(min_value=-400, max_value=12 * 365),
    days=st.integers(min_value=0, max_value=800),
    kinds=st.sets(st.sampled_from(list(KeyDateKind)), min_size=1),
)
def test_asking_for_some_kinds_gives_those_of_the_full_list(
    agreement: Agreement, offset: int, days: int, kinds: set[KeyDateKind]
) -> None:
    """The radar asks only for some kinds, so the rest are not worked out; the answer agrees."""
    as_of = agreement.effective_on.add(days=offset)
    end = as_of.add(days=days)

    some = key_dates(agreement, as_of, end, kinds)

    assert some == tuple(item for item in key_dates(agreement, as_of, end) if item.kind in kinds)
