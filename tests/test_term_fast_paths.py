"""The term engine's integer fast paths agree with plain, slow references.

The notice deadline of a term is worked out on day ordinals, with month
tables, an inlined period search and a growing list of business days,
straight from the term's lengths; its other questions use a shape it
compiles on first use and keeps in a slot of its own. Each property here
compares one of those paths with the obvious way of computing the same
answer (pendulum dates, a day-by-day walk, the compiled shape, a term that
never answered before).
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import (
    BusinessCalendar,
    BusinessDays,
    Notice,
    Period,
    Renewal,
    RenewalMode,
    RollConvention,
    Term,
    TermPeriod,
)
from msa_model._engines.businessdays import DayCalendar
from msa_model._engines.schedule import date_of, latest_start, month_ordinal
from msa_model._engines.termdates import (
    TermShape,
    latest_notice_day,
    notice_deadline,
    to_length,
)
from msa_model._json.converter import make_converter
from msa_model.errors import OutOfRangeError

if TYPE_CHECKING:  # mypy sees tests/ as a folder of top-level modules
    from strategies import engine_terms, office_calendars, term_days, term_lengths
else:  # pytest imports them through the rootdir, as tests.*
    from tests.strategies import engine_terms, office_calendars, term_days, term_lengths

PROPERTIES: Final = settings(max_examples=200, deadline=None)

QUESTION_DAYS: Final = st.integers(
    pendulum.Date(2015, 1, 1).toordinal(), pendulum.Date(2035, 12, 31).toordinal()
)
"""Days around the office calendars' holidays (2022-2027), and years away from them."""

ALL_MODES: Final = (RenewalMode.NONE, RenewalMode.AUTOMATIC, RenewalMode.MANUAL)

NOTICES: Final = st.builds(
    Notice,
    length=st.one_of(
        st.builds(BusinessDays, st.integers(0, 30)),
        st.builds(Period, months=st.integers(0, 6), days=st.integers(0, 120)),
    ),
    roll=st.sampled_from(RollConvention),
)
"""Notice clauses of every kind, for terms given a calendar."""


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


def roll_by_walking(calendar: BusinessCalendar, ordinal: int, convention: RollConvention) -> int:
    """A day rolled onto a business day, one day at a time, as the conventions define it."""
    if convention is RollConvention.NONE or is_open(calendar, ordinal):
        return ordinal
    forward = convention in {RollConvention.FOLLOWING, RollConvention.MODIFIED_FOLLOWING}
    moved = walk(calendar, ordinal - 1 if forward else ordinal + 1, 1 if forward else -1, 1)
    modified = convention.value.startswith("modified_")
    if modified and dt.date.fromordinal(moved).month != dt.date.fromordinal(ordinal).month:
        return walk(calendar, ordinal + 1 if forward else ordinal - 1, -1 if forward else 1, 1)
    return moved


@PROPERTIES
@given(office_calendars(), QUESTION_DAYS, st.sampled_from(RollConvention))
def test_rolling_agrees_with_a_walk(
    calendar: BusinessCalendar, ordinal: int, convention: RollConvention
) -> None:
    """Every roll convention, told apart by identity, moves a day as a walk does."""
    expected = roll_by_walking(calendar, ordinal, convention)

    actual = DayCalendar(calendar).roll_ordinal(ordinal, convention)

    assert expected == actual


@PROPERTIES
@given(
    office_calendars(),
    st.lists(QUESTION_DAYS, min_size=1, max_size=6),
    st.integers(1, 60),
    st.sampled_from(RollConvention),
)
def test_business_day_deadline_agrees_with_walks(
    calendar: BusinessCalendar, days: list[int], count: int, convention: RollConvention
) -> None:
    """Counting back and rolling in one bisection lands where two walks land.

    The first question lists the calendar's years; later ones, days or
    years apart, take the path that reads the roll off the neighbours of
    the business day found.
    """
    business = DayCalendar(calendar)

    for last in days:
        counted = walk(calendar, last + 1, -1, count)
        expected = roll_by_walking(calendar, counted - 1, convention)

        actual = business.notice_ordinal(last, count, convention)

        assert expected == actual


@PROPERTIES
@given(engine_terms(modes=ALL_MODES), st.integers(-30, 20_000))
def test_shape_of_periods_equals_shape_of_lengths(subject: Term, days_later: int) -> None:
    """A shape compiled from `Period`s, folded inline, answers as one compiled from `Length`s."""
    renewal = subject.renewal.length
    max_renewals = subject.renewal.max_renewals
    fast = TermShape(subject.start, subject.initial, renewal, max_renewals)
    slow = TermShape(
        subject.start,
        to_length(subject.initial),
        None if renewal is None else to_length(renewal),
        max_renewals,
    )
    day = subject.start.add(days=days_later)

    assert (slow.initial, slow.renewal, slow.last_index) == (
        fast.initial,
        fast.renewal,
        fast.last_index,
    )
    assert slow.locate(day) == fast.locate(day)
    assert [slow.boundary(k) for k in range(4)] == [fast.boundary(k) for k in range(4)]


def deadline_by_shape(  # noqa: PLR0917 # a term's values, as the engine takes them
    day: pendulum.Date,
    start: pendulum.Date,
    initial: Period,
    renewal: Period | None,
    limit: int | None,
    notice: Notice,
    calendar: BusinessCalendar,
) -> pendulum.Date | None:
    """The notice rule applied to the period a compiled `TermShape` of folded lengths finds."""
    folded = None if renewal is None else to_length(renewal)
    found = TermShape(start, to_length(initial), folded, None).locate(day)
    if found is None or (limit is not None and found[0] >= limit):
        return None
    return latest_notice_day(found[2], notice.length, calendar, notice.roll)


LIMITS: Final = st.one_of(st.none(), st.integers(1, 4))
"""No limit, or periods below 1 to 4 with a deadline."""


@PROPERTIES
@given(engine_terms(modes=ALL_MODES), office_calendars(), NOTICES, LIMITS, st.integers(-30, 20_000))
def test_direct_deadline_is_the_rule_on_the_compiled_period(
    subject: Term,
    calendar: BusinessCalendar,
    notice: Notice,
    limit: int | None,
    days_later: int,
) -> None:
    """The deadline found straight from the lengths is the rule applied to the shape's period.

    `notice_deadline` folds the `Period`s inline and finds the period with
    its own arithmetic; the compiled `TermShape`, given the folded `Length`s,
    finds it with its boundaries.
    """
    renewal = subject.renewal.length if subject.renewal.mode is RenewalMode.AUTOMATIC else None
    day = subject.start.add(days=days_later)
    values = (subject.start, subject.initial, renewal, limit)
    expected = deadline_by_shape(day, *values, notice, calendar)

    actual = notice_deadline(day, *values, notice.length, notice.roll, calendar)

    assert expected == actual
    assert actual is None or type(actual) is pendulum.Date


WHOLE_MONTHS: Final = st.one_of(
    st.builds(Period, months=st.integers(1, 60)),
    st.builds(Period, years=st.integers(1, 5)),
    st.builds(Period, years=st.integers(0, 3), months=st.integers(1, 11)),
)
"""Lengths of whole months or years, as most terms and renewals are."""


@PROPERTIES
@given(
    term_days(),
    st.one_of(WHOLE_MONTHS, st.builds(Period, weeks=st.integers(1, 60), days=st.integers(0, 60))),
    st.one_of(st.none(), WHOLE_MONTHS),
    LIMITS,
    st.tuples(office_calendars(), NOTICES),
    st.one_of(
        st.integers(-400, 60 * 366),
        st.tuples(st.integers(0, 30), st.integers(-1, 1)),
    ),
)
def test_whole_month_terms_find_their_periods_on_month_numbers(  # noqa: PLR0917 # drawn
    start: pendulum.Date,
    initial: Period,
    renewal: Period | None,
    limit: int | None,
    clause: tuple[BusinessCalendar, Notice],
    asked: int | tuple[int, int],
) -> None:
    """Renewals of whole months, found on month numbers, agree with the shape's boundaries.

    They follow an initial term of whole months, or of weeks and days (then
    they are anchored on the first renewal day, which may be the 29th to
    the 31st). Starts on the 28th to the 31st clamp in shorter months. The day asked
    about is up to 60 years on (or before the start, with no deadline), or
    the day before, on or after the first day of period k.
    """
    calendar, notice = clause
    if isinstance(asked, int):
        day = start.add(days=asked)
    else:
        index, offset = asked
        shape = TermShape(start, initial, renewal)
        day = shape.boundary(index if renewal is not None else min(index, 1)).add(days=offset)
    expected = deadline_by_shape(day, start, initial, renewal, limit, notice, calendar)

    actual = notice_deadline(
        day, start, initial, renewal, limit, notice.length, notice.roll, calendar
    )

    assert expected == actual


@PROPERTIES
@given(
    st.integers(pendulum.Date(9975, 1, 1).toordinal(), pendulum.Date(9999, 12, 31).toordinal()),
    st.one_of(WHOLE_MONTHS, term_lengths()),
    st.one_of(st.none(), WHOLE_MONTHS, term_lengths()),
    st.integers(0, 30 * 366),
)
def test_direct_deadline_fails_at_the_calendars_end_as_the_shape_does(
    start: int, initial: Period, renewal: Period | None, days_later: int
) -> None:
    """Near 9999-12-31 the deadline is the shape's, or both raise `OutOfRangeError`."""
    first = pendulum.Date.fromordinal(start)
    day = pendulum.Date.fromordinal(min(start + days_later, dt.date.max.toordinal()))
    notice = Notice(length=Period(days=10))
    always = BusinessCalendar.always_open("UTC")  # no deadline here uses it

    expected = outcome(
        lambda: deadline_by_shape(day, first, initial, renewal, None, notice, always)
    )
    actual = outcome(
        lambda: notice_deadline(
            day, first, initial, renewal, None, notice.length, notice.roll, always
        )
    )

    assert expected == actual


def outcome(find: Callable[[], pendulum.Date | None]) -> object:
    """What `find` returns, or `OutOfRangeError` when it raises that."""
    try:
        return find()
    except OutOfRangeError:
        return OutOfRangeError


def answers(subject: Term, days: list[pendulum.Date]) -> list[object]:
    """Everything the term says about some days, in one list."""
    found: list[object] = []
    for day in days:
        found += [subject.notice_deadline(day), subject.period_on(day), subject.next_renewal(day)]
    return [*found, subject.expiry()]


@PROPERTIES
@given(
    engine_terms(modes=ALL_MODES),
    office_calendars(),
    NOTICES,
    NOTICES,
    st.lists(st.integers(-30, 20_000), min_size=1, max_size=4),
)
def test_a_term_answers_alike_however_it_was_made(
    subject: Term,
    calendar: BusinessCalendar,
    notice: Notice,
    other: Notice,
    days_later: list[int],
) -> None:
    """Copied, unpickled or evolved after answering, a term answers as a term never asked.

    The compiled shape is no attrs field: equality, hashing, copies, pickles
    and `attrs.evolve` leave it out, and a term evolved into other clauses
    compiles its own.
    """
    subject = attrs.evolve(subject, notice=notice, calendar=calendar)
    days = [subject.start.add(days=later) for later in days_later]
    unasked = attrs.evolve(subject)
    expected = answers(unasked, days)
    changed = attrs.evolve(subject, notice=other)
    expected_changed = answers(attrs.evolve(changed), days)
    converter = make_converter()
    document = converter.unstructure(subject)

    first, again = answers(subject, days), answers(subject, days)
    copied = answers(copy.copy(subject), days)
    unpickled = answers(pickle.loads(pickle.dumps(subject)), days)  # noqa: S301 # our own bytes
    evolved = answers(attrs.evolve(subject, notice=other), days)

    assert expected == first == again == copied == unpickled
    assert expected_changed == evolved
    assert subject == unasked
    assert hash(subject) == hash(unasked)
    assert repr(subject) == repr(unasked)
    assert document == converter.unstructure(subject)
    assert converter.structure(document, Term) == subject


def test_a_term_compiles_its_shape_once() -> None:
    """The shape is compiled on the first question about periods and kept; copies start without it.

    A notice deadline is worked out without it, so asking one compiles nothing.
    """
    subject = Term(
        start=pendulum.Date(2024, 1, 31),
        initial=Period(months=1),
        renewal=Renewal.automatic(Period(months=1)),
        notice=Notice(length=Period(days=10)),
    )
    day = pendulum.Date(2024, 3, 15)
    expected = (
        pendulum.Date(2024, 3, 20),
        TermPeriod(1, pendulum.Date(2024, 2, 29), pendulum.Date(2024, 3, 30)),
    )

    deadline = subject.notice_deadline(day)
    before = subject._compiled  # the slot under test
    actual = deadline, subject.period_on(day)
    shape = subject._compiled
    again = subject.notice_deadline(day), subject.period_on(day)

    assert before is None
    assert expected == actual == again
    assert shape is not None
    assert subject._compiled is shape
    assert not hasattr(copy.copy(subject), "_compiled")
    assert attrs.evolve(subject)._compiled is None
    assert "_compiled" not in [field.name for field in attrs.fields(Term)]


@PROPERTIES
@given(office_calendars(), st.lists(QUESTION_DAYS, min_size=1, max_size=8))
def test_holidays_cut_by_year_are_the_listed_ones(
    calendar: BusinessCalendar, days: list[int]
) -> None:
    """A day is a holiday exactly when the calendar lists it, in any year asked about."""
    business = DayCalendar(calendar)
    listed = [day.toordinal() + after for day in calendar.holidays for after in (-1, 0, 1)]

    for ordinal in [*days, *listed]:
        expected = pendulum.Date.fromordinal(ordinal) in calendar.holidays

        actual = business.is_holiday_ordinal(ordinal)

        assert expected == actual
