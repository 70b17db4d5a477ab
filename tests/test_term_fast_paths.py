"""The term engine's integer fast paths agree with plain, slow references.

The notice deadline of a term is worked out on day ordinals, with month
tables, an inlined period search and a growing list of business days;
each property here compares one of those paths with the obvious way of
computing the same answer (pendulum dates, a day-by-day walk).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import BusinessCalendar, BusinessDays, Notice, Period, RollConvention, Term
from msa_model._engines.businessdays import DayCalendar
from msa_model._engines.schedule import date_of, latest_start, month_ordinal
from msa_model._engines.termdates import latest_notice_day

if TYPE_CHECKING:  # mypy sees tests/ as a folder of top-level modules
    from strategies import engine_terms, office_calendars
else:  # pytest imports them through the rootdir, as tests.*
    from tests.strategies import engine_terms, office_calendars

PROPERTIES: Final = settings(max_examples=200, deadline=None)

QUESTION_DAYS: Final = st.integers(
    pendulum.Date(2015, 1, 1).toordinal(), pendulum.Date(2035, 12, 31).toordinal()
)
"""Days around the office calendars' holidays (2022-2027), and years away from them."""


def is_open(calendar: BusinessCalendar, ordinal: int) -> bool:
    """Tell whether the day is a business day, from the calendar's own fields only."""
    day = pendulum.Date.fromordinal(ordinal)
    weekdays = {weekday.iso_number for window in calendar.windows for weekday in window.days}
    return day.isoweekday() in weekdays and day not in calendar.holidays


def walk(calendar: BusinessCalendar, ordinal: int, step: int, count: int) -> int:
    """The `count`-th business day after (step 1) or before (step −1) a day, one day at a time."""
    while count:
        ordinal += step
        count -= is_open(calendar, ordinal)
    return ordinal


@PROPERTIES
@given(st.integers(12, 10_000 * 12 - 1), st.integers(1, 31))
def test_month_ordinal_is_the_clamped_day(month_number: int, day_of_month: int) -> None:
    """The month tables give the ordinal of the day, clamped to the month's last day."""
    year, month = divmod(month_number, 12)
    first = dt.date(year, month + 1, 1)
    following = dt.date(year + (month == 11), (month + 1) % 12 + 1, 1) if year < 9999 else None
    last = (following.toordinal() - 1) if following else dt.date(9999, 12, 31).toordinal()
    expected = min(first.toordinal() + day_of_month - 1, last)

    actual = month_ordinal(month_number, day_of_month)

    assert expected == actual


@PROPERTIES
@given(
    st.integers(pendulum.Date(1900, 1, 1).toordinal(), pendulum.Date(2199, 12, 31).toordinal()),
    st.integers(0, 240),
    st.integers(0, 400),
)
def test_latest_start_is_the_latest_timely_day(last: int, months: int, days: int) -> None:
    """D + months + days ≤ the last day, and (D + 1 day) + months + days is after it."""
    latest = latest_start(last, months, days)

    assert latest.add(months=months).add(days=days).toordinal() <= last
    assert latest.add(days=1).add(months=months).add(days=days).toordinal() > last


@PROPERTIES
@given(office_calendars(), st.lists(QUESTION_DAYS, min_size=1, max_size=8), st.integers(1, 60))
def test_one_day_calendar_answers_like_a_walk(
    calendar: BusinessCalendar, days: list[int], count: int
) -> None:
    """Questions about days years apart, on one calendar, agree with a day-by-day walk.

    The calendar lists the business days of the years asked about and grows
    or starts its list over as the questions move; answers never change.
    """
    business = DayCalendar(calendar)

    for ordinal in days:
        assert walk(calendar, ordinal, 1, count) == business.add_ordinal(ordinal, count)
        assert walk(calendar, ordinal + 1, -1, count) == business.nth_back_ordinal(ordinal, count)
        after = business.roll_ordinal(ordinal, RollConvention.FOLLOWING)
        before = business.roll_ordinal(ordinal, RollConvention.PRECEDING)
        assert walk(calendar, ordinal - 1, 1, 1) == after
        assert walk(calendar, ordinal + 1, -1, 1) == before


@PROPERTIES
@given(
    engine_terms(),
    office_calendars(),
    st.one_of(
        st.builds(BusinessDays, st.integers(0, 60)),
        st.builds(Period, months=st.integers(0, 6), days=st.integers(0, 120)),
    ),
    st.sampled_from(RollConvention),
    st.integers(0, 20_000),
)
def test_notice_deadline_equals_the_period_end_rule(
    subject: Term,
    calendar: BusinessCalendar,
    length: BusinessDays | Period,
    roll: RollConvention,
    days_later: int,
) -> None:
    """The deadline equals the rule applied to the last day of the period containing `as_of`."""
    subject = attrs.evolve(subject, notice=Notice(length=length, roll=roll), calendar=calendar)
    as_of = subject.start.add(days=days_later)
    period = subject.period_on(as_of)
    last_index = subject.renewal.max_renewals  # engine terms renew automatically
    expected = (
        None
        if period is None or period.index == last_index
        else latest_notice_day(period.end, length, calendar, roll)
    )

    actual = subject.notice_deadline(as_of)

    assert expected == actual
    assert actual is None or type(actual) is pendulum.Date


def test_date_of_builds_a_pendulum_date() -> None:
    """Answers are `pendulum.Date`, never stdlib dates that would add months as 30 days."""
    expected = pendulum.Date(2024, 2, 29)

    actual = date_of(pendulum.Date(2024, 2, 29).toordinal())

    assert expected == actual
    assert type(actual) is pendulum.Date
