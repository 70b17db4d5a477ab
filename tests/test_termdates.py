"""The term's dates: periods, renewals, notice deadlines, termination (SEMANTICS §1–§2).

Every expected date in the tables was worked out by hand from SEMANTICS;
the properties compare the engine with a slow reference written here from
the same rules, counting months with python-dateutil's `relativedelta`.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Final

import pendulum
import pytest
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import (
    Alignment,
    BusinessCalendar,
    BusinessDays,
    CauseTermination,
    ConvenienceTermination,
    MsaError,
    NonPaymentTermination,
    Notice,
    PartyRole,
    Period,
    PublicHolidays,
    RemainingTerm,
    Renewal,
    RenewalMode,
    RollConvention,
    Term,
    TerminationRights,
    TermPeriod,
    ValidationError,
)
from msa_model._engines.businessdays import public_holidays
from msa_model._engines.schedule import Length
from msa_model._engines.termdates import TermShape, latest_notice_day, length_after, to_length
from msa_model.errors import (
    MissingDependencyError,
    NotInAgreementError,
    OutOfRangeError,
    OutOfTermError,
)

if TYPE_CHECKING:  # mypy sees tests/ as a folder of top-level modules
    from collections.abc import Callable

    from calendars import OFFICE, US_FEDERAL, WEEKDAYS
    from strategies import engine_terms, office_calendars
else:  # pytest imports them through the rootdir, as tests.*
    from tests.calendars import OFFICE, US_FEDERAL, WEEKDAYS
    from tests.strategies import engine_terms, office_calendars

PROPERTIES: Final = settings(max_examples=200, deadline=None)

CLIENT: Final = (PartyRole.CLIENT,)
ALL_MODES: Final = (RenewalMode.NONE, RenewalMode.AUTOMATIC, RenewalMode.MANUAL)


def day(text: str) -> pendulum.Date:
    """Read a calendar day written as `YYYY-MM-DD`."""
    year, month, day_of_month = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, day_of_month)


def term(
    start: str,
    initial: str,
    renews: str | None = None,
    *,
    manual: bool = False,
    max_renewals: int | None = None,
    notice: Period | BusinessDays = Period(days=90),  # noqa: B008 # a frozen value
    roll: RollConvention = RollConvention.NONE,
    calendar: BusinessCalendar | None = None,
    termination: TerminationRights = TerminationRights(),  # noqa: B008 # a frozen value
    transition: str | None = None,
) -> Term:
    """Build a term from text: start day, initial length and renewal length (None: no renewal)."""
    if renews is None:
        renewal = Renewal.none()
    else:
        mode = RenewalMode.MANUAL if manual else RenewalMode.AUTOMATIC
        renewal = Renewal(mode=mode, length=Period.parse(renews), max_renewals=max_renewals)
    return Term(
        start=day(start),
        initial=Period.parse(initial),
        renewal=renewal,
        notice=Notice(length=notice, roll=roll),
        termination=termination,
        transition=Period.parse(transition) if transition else None,
        calendar=calendar,
    )


def convenience(
    notice: Period | BusinessDays,
    alignment: Alignment = Alignment.NONE,
    minimum_term: str | None = None,
) -> TerminationRights:
    """Termination rights with only termination for convenience by the client."""
    return TerminationRights(
        convenience=ConvenienceTermination(
            parties=CLIENT,
            notice=Notice(length=notice),
            alignment=alignment,
            minimum_term=Period.parse(minimum_term) if minimum_term else None,
        )
    )


def oracle(start: pendulum.Date, months: int = 0, days: int = 0) -> pendulum.Date:
    """Return `start + months + days` by python-dateutil: months first, clamped, then days."""
    plain = dt.date(start.year, start.month, start.day)
    result: dt.date = plain + relativedelta(months=months, days=days)
    return pendulum.Date(result.year, result.month, result.day)


def plus(start: pendulum.Date, length: Period) -> pendulum.Date:
    """Return `start + length` by python-dateutil."""
    return oracle(start, length.months_total, length.days_total)


def reference_boundary(subject: Term, k: int) -> pendulum.Date:
    """Return the first day of period k straight from SEMANTICS §2, by python-dateutil.

    Renewal period k starts at start + (initial + (k − 1) × renewal), the
    units summed before they are added; when exactly one of the two lengths
    counts months (has a month or year), renewals count from the first
    renewal day instead.
    """
    initial = subject.initial
    first = plus(subject.start, initial)
    if k == 0:
        return subject.start
    if k == 1:
        return first
    renewal = subject.renewal.length
    assert renewal is not None
    steps = k - 1
    if (initial.months_total > 0) != (renewal.months_total > 0):
        return oracle(first, steps * renewal.months_total, steps * renewal.days_total)
    return oracle(
        subject.start,
        initial.months_total + steps * renewal.months_total,
        initial.days_total + steps * renewal.days_total,
    )


def reference_last_index(subject: Term) -> int | None:
    """Return the index of the term's last period: 0 unless it renews automatically."""
    if subject.renewal.mode is not RenewalMode.AUTOMATIC:
        return 0
    return subject.renewal.max_renewals


def reference_period_on(subject: Term, target: pendulum.Date) -> TermPeriod | None:
    """Walk the periods from the start one by one until one contains `target`."""
    if target < subject.start:
        return None
    last = reference_last_index(subject)
    k, start = 0, subject.start
    while True:
        following = reference_boundary(subject, k + 1)
        if target < following:
            return TermPeriod(k, start, following.subtract(days=1))
        if last is not None and k >= last:
            return None
        k, start = k + 1, following


# --- The term engine's building blocks ------------------------------------------------------


def test_to_length_folds_years_and_weeks() -> None:
    """Years count as 12 months and weeks as 7 days."""
    expected = Length(14, 25)

    actual = to_length(Period(years=1, months=2, weeks=3, days=4))

    assert expected == actual


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        pytest.param(
            TermShape(day("2024-01-31"), Length(1, 0), Length(2, 0)),
            ["2024-01-31", "2024-02-29", "2024-04-30", "2024-06-30", "2024-08-31"],
            id="from 2024-01-31, 1 month then renewals of 2 months: 02-29, 04-30, 06-30",
        ),
        pytest.param(
            TermShape(day("2024-01-01"), Length(0, 90), Length(1, 0)),
            ["2024-01-01", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"],
            id="90 days then monthly: anchored on the first renewal day, 2024-03-31",
        ),
        pytest.param(
            TermShape(day("2024-01-31"), Length(1, 0), Length(0, 30)),
            ["2024-01-31", "2024-02-29", "2024-03-30", "2024-04-29", "2024-05-29"],
            id="a month then 30-day renewals: anchored on 2024-02-29",
        ),
        pytest.param(
            TermShape(day("2024-02-29"), Length(12, 0), Length(12, 0)),
            ["2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"],
            id="yearly from 2024-02-29: back on the 29th in 2028",
        ),
        pytest.param(
            TermShape(day("2024-01-31"), Length(12, 0), Length(1, 0)),
            ["2024-01-31", "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30"],
            id="a year then monthly from 2024-01-31",
        ),
    ],
)
def test_term_shape_boundaries(shape: TermShape, expected: list[str]) -> None:
    """The first days of periods 0 to 4, each computed from the start in one step."""
    actual = [shape.boundary(k) for k in range(5)]

    assert [day(text) for text in expected] == actual


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        pytest.param(TermShape(day("2025-01-01"), Length(12, 0), None), 0, id="no renewal"),
        pytest.param(
            TermShape(day("2025-01-01"), Length(12, 0), Length(12, 0), 3), 3, id="3 renewals"
        ),
        pytest.param(
            TermShape(day("2025-01-01"), Length(12, 0), Length(12, 0)), None, id="evergreen"
        ),
    ],
)
def test_term_shape_last_index(shape: TermShape, expected: int | None) -> None:
    """The last period is the initial term, the last renewal allowed, or none (evergreen)."""
    assert expected == shape.last_index


@pytest.mark.parametrize(
    ("last_day", "length", "calendar", "roll", "expected"),
    [
        pytest.param(
            "2024-11-30",
            Period(months=3),
            None,
            RollConvention.NONE,
            "2024-08-31",
            id="3 months before 2024-11-30 → 2024-08-31, not 08-30",
        ),
        pytest.param(
            "2025-02-28",
            Period(months=1),
            None,
            RollConvention.NONE,
            "2025-01-31",
            id="1 month before 2025-02-28 → 2025-01-31, not 01-28",
        ),
        pytest.param(
            "2025-12-31",
            Period(months=3),
            None,
            RollConvention.NONE,
            "2025-09-30",
            id="3 months before 2025-12-31 → 2025-09-30",
        ),
        pytest.param(
            "2025-12-31",
            Period(days=90),
            None,
            RollConvention.NONE,
            "2025-10-02",
            id="90 days before 2025-12-31 → 2025-10-02",
        ),
        pytest.param(
            "2025-12-31",
            Period(weeks=2),
            None,
            RollConvention.NONE,
            "2025-12-17",
            id="2 weeks before 2025-12-31 → 2025-12-17",
        ),
        pytest.param(
            "2025-12-31",
            Period(years=1),
            None,
            RollConvention.NONE,
            "2024-12-31",
            id="a year before 2025-12-31 → 2024-12-31",
        ),
        pytest.param(
            "2024-12-31",
            BusinessDays(30),
            US_FEDERAL,
            RollConvention.NONE,
            "2024-11-17",
            id="30 US business days before 2024-12-31 → Sun 2024-11-17",
        ),
        pytest.param(
            "2024-12-31",
            BusinessDays(30),
            US_FEDERAL,
            RollConvention.PRECEDING,
            "2024-11-15",
            id="30 US business days before 2024-12-31, preceding → Fri 2024-11-15",
        ),
        pytest.param(
            "2024-12-31",
            BusinessDays(30),
            US_FEDERAL,
            RollConvention.FOLLOWING,
            "2024-11-18",
            id="30 US business days before 2024-12-31, following → Mon 2024-11-18",
        ),
        pytest.param(
            "2024-12-25",
            BusinessDays(1),
            US_FEDERAL,
            RollConvention.NONE,
            "2024-12-23",
            id="1 US business day before Christmas → 2024-12-23",
        ),
        pytest.param(
            "2024-12-02",
            BusinessDays(1),
            US_FEDERAL,
            RollConvention.NONE,
            "2024-12-01",
            id="1 business day before Mon 2024-12-02 → Sun 2024-12-01",
        ),
        pytest.param(
            "2024-12-31",
            BusinessDays(0),
            US_FEDERAL,
            RollConvention.NONE,
            "2024-12-31",
            id="0 business days → the last day itself",
        ),
    ],
)
def test_latest_notice_day(
    last_day: str,
    length: Period | BusinessDays,
    calendar: BusinessCalendar | None,
    roll: RollConvention,
    expected: str,
) -> None:
    """The last day for timely notice: the forward rule or business days, then the roll."""
    actual = latest_notice_day(day(last_day), length, calendar, roll)

    assert day(expected) == actual


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        pytest.param("2025-01-31", Period(months=1), "2025-02-28", id="a month from 2025-01-31"),
        pytest.param("2024-11-22", BusinessDays(10), "2024-12-09", id="10 US business days"),
    ],
)
def test_length_after(start: str, length: Period | BusinessDays, expected: str) -> None:
    """A calendar length is added months first; business days are counted on the calendar."""
    actual = length_after(day(start), length, US_FEDERAL)

    assert day(expected) == actual


def test_length_after_business_days_needs_a_calendar() -> None:
    """Business days without a calendar are refused (the model never lets that happen)."""
    with pytest.raises(ValueError, match="business days need a calendar"):
        length_after(day("2025-01-01"), BusinessDays(3), None)


# --- Periods --------------------------------------------------------------------------------

MONTHLY_FROM_0131: Final = term("2024-01-31", "P1M", "P1M")
YEARLY_FROM_0229: Final = term("2024-02-29", "P12M", "P12M", notice=Period(months=3))
TWO_MONTH_RENEWALS: Final = term("2024-01-31", "P1M", "P2M")
NINETY_DAYS_THEN_MONTHLY: Final = term("2024-01-01", "P90D", "P1M")
MONTH_THEN_30_DAYS: Final = term("2024-01-31", "P1M", "P30D")
EVERGREEN_SINCE_1976: Final = term("1976-02-29", "P12M", "P12M", notice=Period(months=3))
MONTHLY_SINCE_1976: Final = term("1976-01-31", "P1M", "P1M")
YEARLY: Final = term("2025-01-01", "P12M", "P12M")
TWO_RENEWALS: Final = term("2025-01-01", "P12M", "P12M", max_renewals=2)
NOT_RENEWING: Final = term("2025-01-01", "P12M")
MANUAL: Final = term("2025-01-01", "P12M", "P12M", manual=True, notice=Period(months=3))


@pytest.mark.parametrize(
    ("subject", "on", "expected"),
    [
        pytest.param(
            MONTHLY_FROM_0131,
            "2024-01-31",
            (0, "2024-01-31", "2024-02-28"),
            id="monthly from 2024-01-31: the initial month ends 2024-02-28",
        ),
        pytest.param(
            MONTHLY_FROM_0131,
            "2024-02-29",
            (1, "2024-02-29", "2024-03-30"),
            id="monthly from 2024-01-31, first boundary → 2024-02-29",
        ),
        pytest.param(
            MONTHLY_FROM_0131,
            "2024-03-31",
            (2, "2024-03-31", "2024-04-29"),
            id="monthly from 2024-01-31, second boundary → 2024-03-31",
        ),
        pytest.param(
            MONTHLY_FROM_0131,
            "2024-04-30",
            (3, "2024-04-30", "2024-05-30"),
            id="monthly from 2024-01-31, third boundary → 2024-04-30",
        ),
        pytest.param(
            YEARLY_FROM_0229,
            "2025-02-27",
            (0, "2024-02-29", "2025-02-27"),
            id="12 months from 2024-02-29: the last day is 2025-02-27",
        ),
        pytest.param(
            YEARLY_FROM_0229,
            "2025-02-28",
            (1, "2025-02-28", "2026-02-27"),
            id="12 months from 2024-02-29: the next period starts 2025-02-28",
        ),
        pytest.param(
            YEARLY_FROM_0229,
            "2028-02-28",
            (3, "2027-02-28", "2028-02-28"),
            id="12 months from 2024-02-29: the period before the leap day ends 2028-02-28",
        ),
        pytest.param(
            YEARLY_FROM_0229,
            "2028-02-29",
            (4, "2028-02-29", "2029-02-27"),
            id="12 months from 2024-02-29: back on the 29th in 2028",
        ),
        pytest.param(
            TWO_MONTH_RENEWALS,
            "2024-03-15",
            (1, "2024-02-29", "2024-04-29"),
            id="1 month then 2-month renewals from 2024-01-31: renewal 1 from 02-29",
        ),
        pytest.param(
            TWO_MONTH_RENEWALS,
            "2024-05-01",
            (2, "2024-04-30", "2024-06-29"),
            id="1 month then 2-month renewals from 2024-01-31: renewal 2 from 04-30",
        ),
        pytest.param(
            TWO_MONTH_RENEWALS,
            "2024-06-30",
            (3, "2024-06-30", "2024-08-30"),
            id="1 month then 2-month renewals from 2024-01-31: renewal 3 from 06-30",
        ),
        pytest.param(
            NINETY_DAYS_THEN_MONTHLY,
            "2024-03-30",
            (0, "2024-01-01", "2024-03-30"),
            id="90 days from 2024-01-01 end on 2024-03-30",
        ),
        pytest.param(
            NINETY_DAYS_THEN_MONTHLY,
            "2024-04-30",
            (2, "2024-04-30", "2024-05-30"),
            id="90 days then monthly: renewals anchored on 2024-03-31, so 04-30 (not 05-01)",
        ),
        pytest.param(
            NINETY_DAYS_THEN_MONTHLY,
            "2024-06-29",
            (3, "2024-05-31", "2024-06-29"),
            id="90 days then monthly: the 31st returns on 2024-05-31",
        ),
        pytest.param(
            MONTH_THEN_30_DAYS,
            "2024-04-01",
            (2, "2024-03-30", "2024-04-28"),
            id="a month then 30-day renewals: counted from 2024-02-29",
        ),
        pytest.param(
            EVERGREEN_SINCE_1976,
            "2026-03-01",
            (50, "2026-02-28", "2027-02-27"),
            id="evergreen from 1976-02-29, 50 years on: renewal 50",
        ),
        pytest.param(
            MONTHLY_SINCE_1976,
            "2026-02-15",
            (600, "2026-01-31", "2026-02-27"),
            id="monthly from 1976-01-31, 50 years on: renewal 600 from the 31st",
        ),
        pytest.param(
            TWO_RENEWALS,
            "2027-12-31",
            (2, "2027-01-01", "2027-12-31"),
            id="two renewals allowed: the last day of the last one",
        ),
        pytest.param(TWO_RENEWALS, "2028-01-01", None, id="two renewals allowed: none after them"),
        pytest.param(NOT_RENEWING, "2025-12-31", (0, "2025-01-01", "2025-12-31"), id="mode none"),
        pytest.param(NOT_RENEWING, "2026-01-01", None, id="mode none: nothing after expiry"),
        pytest.param(
            MANUAL, "2026-01-01", None, id="manual: no renewal period until one is recorded"
        ),
        pytest.param(YEARLY, "2024-12-31", None, id="before the start: no period"),
    ],
)
def test_period_on(subject: Term, on: str, expected: tuple[int, str, str] | None) -> None:
    """The period containing a day: index, first and last day (inclusive)."""
    actual = subject.period_on(day(on))

    if expected is None:
        assert actual is None
    else:
        index, start, end = expected
        assert TermPeriod(index, day(start), day(end)) == actual


def test_period_says_whether_it_is_a_renewal() -> None:
    """A period knows whether it is a renewal and how many days it has, both ends included."""
    expected = [(False, 365), (True, 365), (True, 366)]

    periods = [
        YEARLY_FROM_0229.period_on(day(text)) for text in ("2024-03-01", "2025-03-01", "2027-03-01")
    ]

    assert expected == [(p.is_renewal, p.days) for p in periods if p is not None]


def test_a_term_starting_in_year_1_has_its_periods() -> None:
    """A term from 0001-01-01 has its initial month, though start − 11 months does not exist."""
    subject = term("0001-01-01", "P1M", "P12M")
    expected = TermPeriod(0, day("0001-01-01"), day("0001-01-31"))

    actual = subject.period_on(day("0001-01-15"))

    assert expected == actual


@pytest.mark.xfail(
    strict=True,
    reason="src bug: the first day after the term, 10000-01-01, is built as a date, "
    "so a term ending on 9999-12-31 raises OutOfRangeError",
)
def test_a_term_ending_on_9999_12_31_has_its_last_day() -> None:
    """A year from 9999-01-01 ends on 9999-12-31, a day that exists."""
    subject = term("9999-01-01", "P12M")
    expected = (TermPeriod(0, day("9999-01-01"), day("9999-12-31")), day("9999-12-31"))

    actual = (subject.period_on(day("9999-06-01")), subject.expiry())

    assert expected == actual


# --- Renewal, notice deadline and expiry ----------------------------------------------------


def ending_on(last_day: str, notice: Period, roll: RollConvention) -> Term:
    """Build a 12-month term with its last day on `last_day`, on the Monday-to-Friday calendar."""
    start = day(last_day).add(days=1).subtract(months=12)
    return Term(
        start=start,
        initial=Period(months=12),
        renewal=Renewal.automatic(Period(months=12)),
        notice=Notice(length=notice, roll=roll),
        calendar=OFFICE,
    )


@pytest.mark.parametrize(
    ("subject", "as_of", "renewal", "deadline"),
    [
        pytest.param(
            term("2023-12-01", "P12M", "P12M", notice=Period(months=3)),
            "2024-06-01",
            "2024-12-01",
            "2024-08-31",
            id="3 months' notice before 2024-11-30 → 2024-08-31",
        ),
        pytest.param(
            term("2024-03-01", "P12M", "P12M", notice=Period(months=1)),
            "2024-06-01",
            "2025-03-01",
            "2025-01-31",
            id="1 month's notice before 2025-02-28 → 2025-01-31",
        ),
        pytest.param(
            term("2025-01-01", "P12M", "P12M", notice=Period(months=3)),
            "2025-06-01",
            "2026-01-01",
            "2025-09-30",
            id="3 months' notice before 2025-12-31 → 2025-09-30",
        ),
        pytest.param(
            YEARLY,
            "2025-06-01",
            "2026-01-01",
            "2025-10-02",
            id="90 days' notice before 2025-12-31 → 2025-10-02",
        ),
        pytest.param(
            YEARLY,
            "2025-10-03",
            "2026-01-01",
            "2025-10-02",
            id="a missed deadline is still the current period's",
        ),
        pytest.param(
            YEARLY,
            "2026-01-01",
            "2027-01-01",
            "2026-10-02",
            id="after the renewal the deadline belongs to the renewed period",
        ),
        pytest.param(
            YEARLY_FROM_0229,
            "2024-06-01",
            "2025-02-28",
            "2024-11-27",
            id="12 months from 2024-02-29, 3 months' notice before 2025-02-27 → 2024-11-27",
        ),
        pytest.param(
            EVERGREEN_SINCE_1976,
            "2026-03-01",
            "2027-02-28",
            "2026-11-27",
            id="evergreen from 1976-02-29, 50 years on: renews 2027-02-28",
        ),
        pytest.param(
            EVERGREEN_SINCE_1976,
            "2027-03-01",
            "2028-02-29",
            "2027-11-28",
            id="evergreen from 1976-02-29, 51 years on: renews on the leap day 2028-02-29",
        ),
        pytest.param(
            term("2025-01-01", "P1M", "P1M"),
            "2025-03-10",
            "2025-04-01",
            "2024-12-31",
            id="monthly with 90 days' notice: the deadline is before the period, even the term",
        ),
        pytest.param(
            TWO_RENEWALS,
            "2026-06-01",
            "2027-01-01",
            "2026-10-02",
            id="two renewals allowed, in the first: one more to come",
        ),
        pytest.param(
            TWO_RENEWALS,
            "2027-06-01",
            None,
            None,
            id="two renewals allowed, in the last: no deadline, no renewal",
        ),
        pytest.param(NOT_RENEWING, "2025-06-01", None, None, id="mode none: nothing renews"),
        pytest.param(
            MANUAL,
            "2025-06-01",
            "2026-01-01",
            "2025-09-30",
            id="manual: notice to renew by 2025-09-30 for 2026-01-01",
        ),
        pytest.param(MANUAL, "2026-01-01", None, None, id="manual: nothing after the initial term"),
        pytest.param(YEARLY, "2024-12-31", None, None, id="before the start: no current period"),
        pytest.param(
            term("2024-01-01", "P12M", "P12M", notice=BusinessDays(30), calendar=US_FEDERAL),
            "2024-06-01",
            "2025-01-01",
            "2024-11-17",
            id="30 US business days before 2024-12-31 → Sun 2024-11-17",
        ),
        pytest.param(
            term(
                "2024-01-01",
                "P12M",
                "P12M",
                notice=BusinessDays(30),
                calendar=US_FEDERAL,
                roll=RollConvention.PRECEDING,
            ),
            "2024-06-01",
            "2025-01-01",
            "2024-11-15",
            id="30 US business days before 2024-12-31, preceding → Fri 2024-11-15",
        ),
    ],
)
def test_next_renewal_and_notice_deadline(
    subject: Term, as_of: str, renewal: str | None, deadline: str | None
) -> None:
    """The next renewal and the last day to give notice, for the period containing `as_of`."""
    expected = (
        day(renewal) if renewal else None,
        day(deadline) if deadline else None,
    )

    actual = (subject.next_renewal(day(as_of)), subject.notice_deadline(day(as_of)))

    assert expected == actual


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param(
            ending_on("2025-04-15", Period(months=1), RollConvention.NONE),
            "2025-03-15",
            id="Sat 2025-03-15, none: kept",
        ),
        pytest.param(
            ending_on("2025-04-15", Period(months=1), RollConvention.PRECEDING),
            "2025-03-14",
            id="Sat 2025-03-15, preceding → Fri 03-14",
        ),
        pytest.param(
            ending_on("2025-04-15", Period(months=1), RollConvention.FOLLOWING),
            "2025-03-17",
            id="Sat 2025-03-15, following → Mon 03-17",
        ),
        pytest.param(
            ending_on("2025-04-15", Period(months=1), RollConvention.MODIFIED_FOLLOWING),
            "2025-03-17",
            id="Sat 2025-03-15, modified following → Mon 03-17",
        ),
        pytest.param(
            ending_on("2025-04-15", Period(months=1), RollConvention.MODIFIED_PRECEDING),
            "2025-03-14",
            id="Sat 2025-03-15, modified preceding → Fri 03-14",
        ),
        pytest.param(
            ending_on("2025-06-30", Period(days=30), RollConvention.FOLLOWING),
            "2025-06-02",
            id="Sat 2025-05-31, following → Mon 06-02",
        ),
        pytest.param(
            ending_on("2025-06-30", Period(days=30), RollConvention.MODIFIED_FOLLOWING),
            "2025-05-30",
            id="Sat 2025-05-31, modified following would cross into June → Fri 05-30",
        ),
        pytest.param(
            ending_on("2025-12-01", Period(days=30), RollConvention.PRECEDING),
            "2025-10-31",
            id="Sat 2025-11-01, preceding → Fri 10-31",
        ),
        pytest.param(
            ending_on("2025-12-01", Period(days=30), RollConvention.MODIFIED_PRECEDING),
            "2025-11-03",
            id="Sat 2025-11-01, modified preceding would cross into October → Mon 11-03",
        ),
    ],
)
def test_a_saturday_deadline_under_each_roll_convention(subject: Term, expected: str) -> None:
    """A deadline on a Saturday is kept, or moved as the clause's roll convention says."""
    actual = subject.notice_deadline(subject.start)

    assert day(expected) == actual


def test_a_roll_convention_needs_a_calendar() -> None:
    """A notice that rolls onto business days needs a calendar to say which days those are."""
    with pytest.raises(ValidationError, match="roll"):
        term("2025-01-01", "P12M", "P12M", roll=RollConvention.PRECEDING)


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param(YEARLY, None, id="evergreen: no expiry"),
        pytest.param(TWO_RENEWALS, "2027-12-31", id="two yearly renewals: after the second"),
        pytest.param(
            term("2024-01-31", "P1M", "P1M", max_renewals=3),
            "2024-05-30",
            id="three monthly renewals from 2024-01-31: the day before 05-31",
        ),
        pytest.param(NOT_RENEWING, "2025-12-31", id="mode none: the initial term's last day"),
        pytest.param(MANUAL, "2025-12-31", id="manual: the initial term's last day"),
    ],
)
def test_expiry(subject: Term, expected: str | None) -> None:
    """The term's last day when it cannot renew any further."""
    actual = subject.expiry()

    assert (day(expected) if expected else None) == actual


# --- Termination for convenience ------------------------------------------------------------

NINETY_DAYS: Final = Period(days=90)
THIRTY_DAYS: Final = Period(days=30)


@pytest.mark.parametrize(
    ("subject", "notice_day", "expected"),
    [
        pytest.param(
            term("2025-01-01", "P12M", "P12M", termination=convenience(NINETY_DAYS)),
            "2025-03-10",
            "2025-06-08",
            id="90 days' notice on 2025-03-10 → last service day 2025-06-08",
        ),
        pytest.param(
            term("2025-01-01", "P12M", "P12M", termination=convenience(Period(months=1))),
            "2025-01-31",
            "2025-02-28",
            id="a month's notice on 2025-01-31 → 2025-02-28",
        ),
        pytest.param(
            term(
                "2025-01-01",
                "P12M",
                "P12M",
                termination=convenience(NINETY_DAYS, Alignment.END_OF_MONTH),
            ),
            "2025-03-10",
            "2025-06-30",
            id="90 days' notice on 2025-03-10, aligned to month end → 2025-06-30",
        ),
        pytest.param(
            term(
                "2025-01-01",
                "P12M",
                "P12M",
                termination=convenience(THIRTY_DAYS, Alignment.END_OF_TERM_PERIOD),
            ),
            "2025-03-10",
            "2025-12-31",
            id="30 days on 2025-03-10, aligned to the term period → 2025-12-31",
        ),
        pytest.param(
            term(
                "2025-01-01",
                "P12M",
                "P12M",
                termination=convenience(NINETY_DAYS, Alignment.END_OF_TERM_PERIOD),
            ),
            "2025-11-15",
            "2026-12-31",
            id="90 days on 2025-11-15 run out 2026-02-13, in renewal 1 → 2026-12-31",
        ),
        pytest.param(
            term(
                "2025-01-15",
                "P12M",
                "P12M",
                termination=convenience(THIRTY_DAYS, Alignment.END_OF_MONTH, "P12M"),
            ),
            "2025-03-10",
            "2026-01-14",
            id="minimum 12 months from 2025-01-15 → 2026-01-14, not aligned again to 01-31",
        ),
        pytest.param(
            term(
                "2025-01-15",
                "P12M",
                "P12M",
                termination=convenience(THIRTY_DAYS, Alignment.END_OF_MONTH, "P6M"),
            ),
            "2025-06-20",
            "2025-07-31",
            id="minimum 6 months (2025-07-14) already passed: 07-20 aligned → 07-31",
        ),
        pytest.param(
            term("2025-01-01", "P12M", termination=convenience(NINETY_DAYS)),
            "2025-11-15",
            "2025-12-31",
            id="never after expiry: 2026-02-13 is capped at 2025-12-31",
        ),
        pytest.param(
            term(
                "2024-01-01",
                "P12M",
                "P12M",
                calendar=US_FEDERAL,
                termination=convenience(BusinessDays(10)),
            ),
            "2024-11-22",
            "2024-12-09",
            id="10 US business days from Fri 2024-11-22, over Thanksgiving → 2024-12-09",
        ),
    ],
)
def test_termination_date(subject: Term, notice_day: str, expected: str) -> None:
    """The last service day: notice day + notice, aligned, minimum term, capped at expiry."""
    actual = subject.termination_date(day(notice_day))

    assert day(expected) == actual


def test_aligning_to_the_end_of_december_9999() -> None:
    """Notice running out on 9999-12-05, aligned to month end, ends at expiry on 9999-12-30."""
    subject = term(
        "9999-01-01",
        "P11M30D",
        termination=convenience(Period(days=15), Alignment.END_OF_MONTH),
    )

    actual = subject.termination_date(day("9999-11-20"))

    assert day("9999-12-30") == actual


# --- The earliest end by non-renewal --------------------------------------------------------

MONTHLY_90_DAYS: Final = term("2025-01-01", "P1M", "P1M")


@pytest.mark.parametrize(
    ("subject", "notice_day", "expected"),
    [
        pytest.param(
            MONTHLY_90_DAYS,
            "2025-03-10",
            "2025-06-30",
            id="monthly, 90 days' notice on 2025-03-10 → ends 2025-06-30",
        ),
        pytest.param(
            MONTHLY_90_DAYS,
            "2025-04-01",
            "2025-06-30",
            id="monthly, 90 days' notice on 2025-04-01, June's deadline → ends 2025-06-30",
        ),
        pytest.param(
            MONTHLY_90_DAYS,
            "2025-04-02",
            "2025-07-31",
            id="monthly, 90 days' notice a day late for June → ends 2025-07-31",
        ),
        pytest.param(
            YEARLY, "2025-10-02", "2025-12-31", id="yearly, notice on the deadline → this year"
        ),
        pytest.param(
            YEARLY, "2025-10-03", "2026-12-31", id="yearly, notice a day late → next year"
        ),
        pytest.param(
            term("2025-01-01", "P12M", "P12M", max_renewals=1),
            "2025-10-03",
            "2026-12-31",
            id="one renewal allowed, notice late: the last renewal ends it anyway",
        ),
        pytest.param(TWO_RENEWALS, "2027-03-01", "2027-12-31", id="in the last renewal: its end"),
        pytest.param(NOT_RENEWING, "2025-06-01", "2025-12-31", id="mode none: the expiry"),
    ],
)
def test_non_renewal_end(subject: Term, notice_day: str, expected: str) -> None:
    """The last day of the first period whose notice deadline is on or after the notice day."""
    actual = subject.non_renewal_end(day(notice_day))

    assert day(expected) == actual


# --- Cause, non-payment, transition, remaining term -----------------------------------------


def with_rights(
    cure: Period | BusinessDays,
    overdue: Period | BusinessDays = THIRTY_DAYS,
    payment_cure: Period | BusinessDays = Period(days=10),  # noqa: B008 # a frozen value
) -> Term:
    """Build a yearly term from 2024-01-01 on the US calendar with cause and non-payment rights."""
    return term(
        "2024-01-01",
        "P12M",
        "P12M",
        calendar=US_FEDERAL,
        termination=TerminationRights(
            cause=CauseTermination(cure=cure),
            non_payment=NonPaymentTermination(overdue=overdue, cure=payment_cure),
        ),
        transition="P60D",
    )


@pytest.mark.parametrize(
    ("subject", "breach_notice_day", "cure_deadline", "earliest"),
    [
        pytest.param(
            with_rights(THIRTY_DAYS),
            "2024-03-10",
            "2024-04-09",
            "2024-04-10",
            id="30 days to cure from 2024-03-10 → cure by 04-09, terminate from 04-10",
        ),
        pytest.param(
            with_rights(Period(months=1)),
            "2024-01-31",
            "2024-02-29",
            "2024-03-01",
            id="a month to cure from 2024-01-31 → cure by 02-29, terminate from 03-01",
        ),
        pytest.param(
            with_rights(BusinessDays(10)),
            "2024-11-22",
            "2024-12-09",
            "2024-12-10",
            id="10 US business days to cure from 2024-11-22 → 12-09, terminate from 12-10",
        ),
    ],
)
def test_cure_deadline_and_earliest_termination_for_cause(
    subject: Term, breach_notice_day: str, cure_deadline: str, earliest: str
) -> None:
    """Cure deadline = breach notice day + cure; termination for cause from the day after."""
    expected = (day(cure_deadline), day(earliest))

    actual = (
        subject.cure_deadline(day(breach_notice_day)),
        subject.earliest_cause_termination(day(breach_notice_day)),
    )

    assert expected == actual


@pytest.mark.parametrize(
    ("subject", "due_day", "notice_day", "termination_day"),
    [
        pytest.param(
            with_rights(THIRTY_DAYS),
            "2025-01-31",
            "2025-03-02",
            "2025-03-13",
            id="30 days overdue from 2025-01-31 → notice 03-02; 10 days to pay → terminate 03-13",
        ),
        pytest.param(
            with_rights(THIRTY_DAYS, BusinessDays(10), BusinessDays(5)),
            "2024-11-22",
            "2024-12-09",
            "2024-12-17",
            id="10 US business days overdue → notice 12-09; 5 to pay → terminate 12-17",
        ),
    ],
)
def test_non_payment_days(
    subject: Term, due_day: str, notice_day: str, termination_day: str
) -> None:
    """Notice once an invoice is long enough overdue; termination the day after the cure ends."""
    expected = (day(notice_day), day(termination_day))

    actual = (
        subject.non_payment_notice_day(day(due_day)),
        subject.non_payment_termination(day(notice_day)),
    )

    assert expected == actual


def test_non_payment_cure_over_christmas() -> None:
    """Five US business days to pay from 2024-12-23 skip Christmas: terminate from 2025-01-01."""
    subject = with_rights(THIRTY_DAYS, THIRTY_DAYS, BusinessDays(5))

    actual = subject.non_payment_termination(day("2024-12-23"))

    assert day("2025-01-01") == actual


@pytest.mark.parametrize(
    ("subject", "last_service_day", "expected"),
    [
        pytest.param(with_rights(THIRTY_DAYS), "2025-06-30", "2025-08-29", id="60 days"),
        pytest.param(
            term("2025-01-01", "P12M", "P12M", transition="P1M"),
            "2025-01-31",
            "2025-02-28",
            id="a month from 2025-01-31",
        ),
        pytest.param(YEARLY, "2025-06-30", None, id="no transition clause"),
    ],
)
def test_transition_end(subject: Term, last_service_day: str, expected: str | None) -> None:
    """Transition assistance ends the last service day + the transition length."""
    actual = subject.transition_end(day(last_service_day))

    assert (day(expected) if expected else None) == actual


@pytest.mark.parametrize(
    ("subject", "last_service_day", "period", "days", "months"),
    [
        pytest.param(
            YEARLY,
            "2025-06-30",
            (0, "2025-01-01", "2025-12-31"),
            184,
            6,
            id="after 2025-06-30: 184 days, 6 whole months",
        ),
        pytest.param(
            YEARLY,
            "2025-12-31",
            (0, "2025-01-01", "2025-12-31"),
            0,
            0,
            id="on the period's last day: nothing left",
        ),
        pytest.param(
            YEARLY,
            "2025-01-30",
            (0, "2025-01-01", "2025-12-31"),
            335,
            11,
            id="after 2025-01-30: 335 days, 11 whole months from the 31st",
        ),
        pytest.param(
            YEARLY,
            "2026-02-14",
            (1, "2026-01-01", "2026-12-31"),
            320,
            10,
            id="in renewal 1, after 2026-02-14: 320 days, 10 whole months",
        ),
        pytest.param(
            term("2024-12-01", "P6M", "P6M"),
            "2025-01-30",
            (0, "2024-12-01", "2025-05-31"),
            121,
            4,
            id="after 2025-01-30 to 2025-05-31: 4 whole months from the 31st",
        ),
    ],
)
def test_remaining_after(
    subject: Term, last_service_day: str, period: tuple[int, str, str], days: int, months: int
) -> None:
    """What is left of the term period after a last service day, in days and whole months."""
    index, start, end = period
    expected = RemainingTerm(
        TermPeriod(index, day(start), day(end)), day(last_service_day), days, months
    )

    actual = subject.remaining_after(day(last_service_day))

    assert expected == actual


# --- Errors ---------------------------------------------------------------------------------

WITH_EVERY_RIGHT: Final = term(
    "2025-01-01",
    "P12M",
    termination=TerminationRights(
        convenience=ConvenienceTermination(parties=CLIENT, notice=Notice(length=NINETY_DAYS)),
        cause=CauseTermination(cure=THIRTY_DAYS),
    ),
)
"""A year from 2025-01-01 that does not renew, so it expires on 2025-12-31."""


@pytest.mark.parametrize(
    ("method", "on", "expected"),
    [
        pytest.param(
            Term.termination_date,
            "2024-12-31",
            "notice day 2024-12-31 is before the term starts on 2025-01-01",
            id="notice of termination before the start",
        ),
        pytest.param(
            Term.termination_date,
            "2026-01-01",
            "notice day 2026-01-01 is after the term expired on 2025-12-31",
            id="notice of termination after expiry",
        ),
        pytest.param(
            Term.non_renewal_end,
            "2024-12-31",
            "notice day 2024-12-31 is before the term starts on 2025-01-01",
            id="notice of non-renewal before the start",
        ),
        pytest.param(
            Term.cure_deadline,
            "2026-01-01",
            "breach notice day 2026-01-01 is after the term expired on 2025-12-31",
            id="breach notice after expiry",
        ),
        pytest.param(
            Term.earliest_cause_termination,
            "2024-12-31",
            "breach notice day 2024-12-31 is before the term starts on 2025-01-01",
            id="termination for cause before the start",
        ),
        pytest.param(
            Term.remaining_after,
            "2026-01-01",
            "last service day 2026-01-01 is after the term expired on 2025-12-31",
            id="remaining term after expiry",
        ),
    ],
)
def test_out_of_term_questions_raise(
    method: Callable[[Term, pendulum.Date], object], on: str, expected: str
) -> None:
    """A day before the start or after expiry raises `OutOfTermError` naming the day and rule."""
    with pytest.raises(OutOfTermError) as caught:
        method(WITH_EVERY_RIGHT, day(on))

    assert expected == str(caught.value)
    assert isinstance(caught.value, MsaError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        pytest.param(
            Term.termination_date,
            "the agreement has no termination for convenience (term.termination.convenience)",
            id="termination for convenience",
        ),
        pytest.param(
            Term.cure_deadline,
            "the agreement has no termination for cause (term.termination.cause)",
            id="cure deadline",
        ),
        pytest.param(
            Term.earliest_cause_termination,
            "the agreement has no termination for cause (term.termination.cause)",
            id="termination for cause",
        ),
        pytest.param(
            Term.non_payment_notice_day,
            "the agreement has no termination for non-payment (term.termination.non_payment)",
            id="notice of non-payment",
        ),
        pytest.param(
            Term.non_payment_termination,
            "the agreement has no termination for non-payment (term.termination.non_payment)",
            id="termination for non-payment",
        ),
    ],
)
def test_missing_clauses_raise(
    method: Callable[[Term, pendulum.Date], object], expected: str
) -> None:
    """A question about a clause the agreement lacks raises `NotInAgreementError` naming it."""
    with pytest.raises(NotInAgreementError) as caught:
        method(YEARLY, day("2025-06-01"))

    assert expected == str(caught.value)
    assert isinstance(caught.value, LookupError)


@pytest.mark.parametrize(
    ("subject", "question"),
    [
        pytest.param(
            term("9998-01-01", "P12M", "P12M"),
            lambda subject: subject.next_renewal(day("9999-06-01")),
            id="a renewal on 10000-01-01",
        ),
        pytest.param(
            term("9999-01-01", "P6M", transition="P60D"),
            lambda subject: subject.transition_end(day("9999-12-01")),
            id="transition past 9999-12-31",
        ),
        pytest.param(
            term("9999-01-01", "P6M", "P6M", termination=convenience(Period(years=1))),
            lambda subject: subject.termination_date(day("9999-03-01")),
            id="a notice running out in 10000",
        ),
    ],
)
def test_answers_past_9999_raise_out_of_range(
    subject: Term, question: Callable[[Term], object]
) -> None:
    """A date that would fall after 9999-12-31 raises `OutOfRangeError`, never a wrong date."""
    with pytest.raises(OutOfRangeError, match="outside years 1 to 9999"):
        question(subject)


def test_business_day_notice_without_the_holidays_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Public holidays need the `holidays` package; the error names the extra to install."""
    expected = (
        "public holidays of US-NY need the 'holidays' package: pip install 'msa-model[holidays]'"
    )
    new_york = BusinessCalendar(
        id="ny",
        zone="America/New_York",
        windows=(WEEKDAYS,),
        public_holidays=PublicHolidays(country="US", subdivision="NY"),
    )
    subject = term("2024-01-01", "P12M", "P12M", notice=BusinessDays(30), calendar=new_york)
    monkeypatch.setitem(sys.modules, "holidays", None)
    public_holidays.cache_clear()

    with pytest.raises(MissingDependencyError) as caught:
        subject.notice_deadline(day("2024-06-01"))

    assert expected == str(caught.value)


# --- Properties -----------------------------------------------------------------------------


@PROPERTIES
@given(engine_terms(modes=ALL_MODES), st.integers(-30, 3000))
def test_period_on_agrees_with_a_walk_from_the_start(subject: Term, days_later: int) -> None:
    """`period_on` equals a slow reference that walks the periods one by one from the start."""
    target = subject.start.add(days=days_later)
    expected = reference_period_on(subject, target)

    actual = subject.period_on(target)

    assert expected == actual


@PROPERTIES
@given(engine_terms(), st.integers(1, 600))
def test_periods_are_contiguous(subject: Term, k: int) -> None:
    """Period k starts the day after period k − 1 ends: no gap, no overlap, at any index."""
    last = reference_last_index(subject)
    k = k if last is None else min(k, last)
    start = reference_boundary(subject, k)

    period, before = subject.period_on(start), subject.period_on(start.subtract(days=1))

    assert period is not None
    assert before is not None
    assert (k, start) == (period.index, period.start)
    assert (k - 1, start.subtract(days=1)) == (before.index, before.end)
    assert before.start <= before.end


@PROPERTIES
@given(engine_terms(), st.integers(0, 20_000))
def test_notice_deadline_keeps_the_forward_rule(subject: Term, days_later: int) -> None:
    """D + notice ≤ the period's last day, and (D + 1 day) + notice is after it."""
    as_of = subject.start.add(days=days_later)
    period = subject.period_on(as_of)
    assert subject.notice is not None
    notice = subject.notice.length
    assert isinstance(notice, Period)

    deadline = subject.notice_deadline(as_of)

    if period is None or period.index == reference_last_index(subject):
        assert deadline is None
    else:
        assert deadline is not None
        assert plus(deadline, notice) <= period.end
        assert plus(deadline.add(days=1), notice) > period.end


@PROPERTIES
@given(
    engine_terms(limited=False),
    st.integers(1, 20),
    st.integers(0, 400),
    st.integers(0, 600),
)
def test_answers_do_not_depend_on_the_agreements_age(
    subject: Term, k: int, offset: int, more: int
) -> None:
    """The same day of a period `more` renewals later gives index + `more` and the same rule.

    With lengths in days only, the deadline moves by exactly `more` renewals.
    """
    assert subject.notice is not None
    notice = subject.notice.length
    assert isinstance(notice, Period)

    def day_in(index: int) -> pendulum.Date:
        start, after = reference_boundary(subject, index), reference_boundary(subject, index + 1)
        return start.add(days=min(offset, after.toordinal() - start.toordinal() - 1))

    young, old = day_in(k), day_in(k + more)
    young_period, old_period = subject.period_on(young), subject.period_on(old)
    young_deadline, old_deadline = subject.notice_deadline(young), subject.notice_deadline(old)

    assert young_period is not None
    assert old_period is not None
    assert young_deadline is not None
    assert old_deadline is not None
    assert (k, k + more) == (young_period.index, old_period.index)
    assert reference_boundary(subject, k + more + 1) == subject.next_renewal(old)
    assert plus(old_deadline, notice) <= old_period.end < plus(old_deadline.add(days=1), notice)
    renewal = subject.renewal.length
    assert renewal is not None
    if subject.initial.months_total == renewal.months_total == notice.months_total == 0:
        shift = more * renewal.days_total
        assert young_deadline.add(days=shift) == old_deadline


@PROPERTIES
@given(engine_terms(), st.integers(0, 2000))
def test_non_renewal_end_is_the_first_period_with_a_timely_deadline(
    subject: Term, days_later: int
) -> None:
    """Notice on day D ends the term at the first period (from D's own) whose deadline is ≥ D."""
    notice_day = subject.start.add(days=days_later)
    current = subject.period_on(notice_day)
    if current is None:
        return
    last = reference_last_index(subject)
    k = current.index
    while k != last:
        deadline = subject.notice_deadline(reference_boundary(subject, k))
        assert deadline is not None
        if deadline >= notice_day:
            break
        k += 1
    expected = reference_boundary(subject, k + 1).subtract(days=1)

    actual = subject.non_renewal_end(notice_day)

    assert expected == actual


@PROPERTIES
@given(
    office_calendars(),
    st.integers(pendulum.Date(2022, 3, 1).toordinal(), pendulum.Date(2027, 12, 31).toordinal()).map(
        pendulum.Date.fromordinal
    ),
    st.integers(1, 40),
)
def test_business_day_deadline_leaves_exactly_enough_business_days(
    calendar: BusinessCalendar, last_day: pendulum.Date, count: int
) -> None:
    """At least N business days fall in (D, last day], and fewer than N in (D + 1, last day]."""
    weekdays = {weekday.iso_number for window in calendar.windows for weekday in window.days}

    def open_between(first: pendulum.Date) -> int:
        days = last_day.toordinal() - first.toordinal() + 1
        span = (first.add(days=offset) for offset in range(max(days, 0)))
        return sum(d.isoweekday() in weekdays and d not in calendar.holidays for d in span)

    deadline = latest_notice_day(last_day, BusinessDays(count), calendar)

    assert open_between(deadline.add(days=1)) >= count
    assert open_between(deadline.add(days=2)) < count
