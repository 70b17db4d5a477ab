"""Schedule arithmetic: months with clamping, lengths, the forward notice rule, boundaries.

The hand-computed tables follow SEMANTICS §1; the properties check the
fast integer arithmetic against python-dateutil's `relativedelta`, an
implementation that shares nothing with ours or with pendulum's.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

import pendulum
import pytest
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from msa_model import MsaError
from msa_model._engines.schedule import Length, Schedule, add_days, add_months, bracket
from msa_model.errors import OutOfRangeError

if TYPE_CHECKING:
    from collections.abc import Callable

ORACLE: Final = settings(max_examples=300, deadline=None)

FIRST_ORDINAL: Final = pendulum.Date(1, 1, 1).toordinal()
LAST_ORDINAL: Final = pendulum.Date(9999, 12, 31).toordinal()

ANY_DAY: Final = st.integers(FIRST_ORDINAL, LAST_ORDINAL).map(pendulum.Date.fromordinal)


def month_ends(first_year: int, last_year: int) -> st.SearchStrategy[pendulum.Date]:
    """Last days of months from `first_year` to `last_year`: where clamping happens."""
    return st.builds(
        lambda year, month: pendulum.Date(year, month, pendulum.Date(year, month, 1).days_in_month),
        st.integers(first_year, last_year),
        st.integers(1, 12),
    )


DAYS: Final = st.one_of(ANY_DAY, month_ends(1, 9998))
MODERN_DAYS: Final = st.integers(
    pendulum.Date(1900, 1, 1).toordinal(), pendulum.Date(2199, 12, 31).toordinal()
).map(pendulum.Date.fromordinal) | month_ends(1900, 2199)
LENGTHS: Final = st.builds(Length, st.integers(0, 240), st.integers(0, 400)).filter(
    lambda length: not length.is_zero
)
STEPS: Final = st.builds(Length, st.integers(0, 24), st.integers(0, 400)).filter(
    lambda length: not length.is_zero
)
"""Steps short enough that 700 of them from 2199 stay before 9999."""


def day(text: str) -> pendulum.Date:
    """Read a calendar day written as `YYYY-MM-DD`."""
    year, month, day_of_month = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, day_of_month)


def oracle(start: pendulum.Date, months: int = 0, days: int = 0) -> pendulum.Date:
    """Return `start + months + days` by python-dateutil (months first, clamped; then days).

    Raises:
        ValueError: The result is outside years 1 to 9999 (dateutil's own error).
    """
    plain = dt.date(start.year, start.month, start.day)
    try:
        result: dt.date = plain + relativedelta(months=months, days=days)
    except OverflowError as error:  # a year out of range is a ValueError, too many days this
        raise ValueError(str(error)) from None
    return pendulum.Date(result.year, result.month, result.day)


# --- add_months and add_days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param("2024-01-31", 1, "2024-02-29", id="2024-01-31 + 1 month → 2024-02-29 (leap)"),
        pytest.param("2025-01-31", 1, "2025-02-28", id="2025-01-31 + 1 month → 2025-02-28"),
        pytest.param("2024-01-31", 2, "2024-03-31", id="2024-01-31 + 2 months → 2024-03-31"),
        pytest.param("2024-01-31", 3, "2024-04-30", id="2024-01-31 + 3 months → 2024-04-30"),
        pytest.param("2024-02-29", 12, "2025-02-28", id="2024-02-29 + 12 months → 2025-02-28"),
        pytest.param("2024-02-29", 48, "2028-02-29", id="2024-02-29 + 48 months → 2028-02-29"),
        pytest.param("2024-02-29", 1200, "2124-02-29", id="2024-02-29 + 100 years → 2124-02-29"),
        pytest.param("2100-02-28", 0, "2100-02-28", id="zero months keep the day"),
        pytest.param("2096-02-29", 48, "2100-02-28", id="2100 is not a leap year"),
        pytest.param("1996-02-29", 48, "2000-02-29", id="2000 is a leap year"),
        pytest.param("2024-11-30", 2, "2025-01-30", id="across the year end"),
        pytest.param("2024-03-31", -1, "2024-02-29", id="2024-03-31 − 1 month → 2024-02-29"),
        pytest.param("2025-03-31", -13, "2024-02-29", id="2025-03-31 − 13 months → 2024-02-29"),
        pytest.param("2025-01-15", -1, "2024-12-15", id="back across the year start"),
        pytest.param("0001-01-31", 1, "0001-02-28", id="in year 1"),
        pytest.param("9999-11-30", 1, "9999-12-30", id="in year 9999"),
    ],
)
def test_add_months_clamps_to_the_months_end(start: str, months: int, expected: str) -> None:
    """Adding months keeps the day of the month, or the month's last day when it is shorter."""
    actual = add_months(day(start), months)

    assert day(expected) == actual


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param("2024-02-28", 1, "2024-02-29", id="into a leap day"),
        pytest.param("2025-02-28", 1, "2025-03-01", id="over no leap day"),
        pytest.param("2025-12-31", -90, "2025-10-02", id="90 days back from 2025-12-31"),
        pytest.param("2023-12-31", 366, "2024-12-31", id="over a leap year's 366 days"),
        pytest.param("2024-01-01", 0, "2024-01-01", id="zero days"),
    ],
)
def test_add_days_counts_calendar_days(start: str, days: int, expected: str) -> None:
    """Adding days moves by calendar days, forward or back."""
    actual = add_days(day(start), days)

    assert day(expected) == actual


def test_add_months_returns_a_pendulum_date() -> None:
    """The result is a `pendulum.Date`, never a stdlib date that would add months as 30 days."""
    expected = pendulum.Date

    actual = type(add_months(day("2024-01-31"), 1))

    assert expected is actual


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            lambda: add_months(day("9999-12-31"), 1),
            "9999-12-31 plus 1 months is outside years 1 to 9999",
            id="a month after 9999-12-31",
        ),
        pytest.param(
            lambda: add_months(day("0001-01-31"), -1),
            "0001-01-31 plus -1 months is outside years 1 to 9999",
            id="a month before 0001-01-31",
        ),
        pytest.param(
            lambda: add_days(day("9999-12-31"), 1),
            "9999-12-31 plus 1 days is outside years 1 to 9999",
            id="a day after 9999-12-31",
        ),
        pytest.param(
            lambda: add_days(day("0001-01-01"), -1),
            "0001-01-01 plus -1 days is outside years 1 to 9999",
            id="a day before 0001-01-01",
        ),
        pytest.param(
            lambda: add_days(day("2024-01-01"), 10**9),
            "2024-01-01 plus 1000000000 days is outside years 1 to 9999",
            id="a billion days",
        ),
        pytest.param(
            lambda: Length(12, 0).after(day("9999-06-30")),
            "9999-06-30 plus 12 months is outside years 1 to 9999",
            id="a year after 9999-06-30",
        ),
    ],
)
def test_leaving_the_calendar_raises_out_of_range(
    call: Callable[[], object], expected: str
) -> None:
    """Arithmetic past 9999-12-31 or before 0001-01-01 raises `OutOfRangeError` with both inputs."""
    with pytest.raises(OutOfRangeError) as caught:
        call()

    assert expected == str(caught.value)
    assert isinstance(caught.value, MsaError)
    assert isinstance(caught.value, OverflowError)


# --- Length ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "start", "expected"),
    [
        pytest.param(Length(1, 0), "2024-01-31", "2024-02-29", id="1 month from 2024-01-31"),
        pytest.param(Length(12, 0), "2025-01-01", "2026-01-01", id="12 months from 2025-01-01"),
        pytest.param(Length(0, 90), "2025-03-10", "2025-06-08", id="90 days from 2025-03-10"),
        pytest.param(
            Length(1, 1), "2024-01-31", "2024-03-01", id="1 month 1 day: months first, 02-29 + 1"
        ),
        pytest.param(Length(1, 30), "2025-01-30", "2025-03-30", id="months then days, not days"),
        pytest.param(Length(0, 0), "2025-01-31", "2025-01-31", id="zero keeps the day"),
    ],
)
def test_length_after_applies_months_before_days(length: Length, start: str, expected: str) -> None:
    """`Length.after` adds the months (clamped to the month's end), then the days."""
    actual = length.after(day(start))

    assert day(expected) == actual


@pytest.mark.parametrize(
    ("length", "last_day", "expected"),
    [
        pytest.param(Length(3, 0), "2024-11-30", "2024-08-31", id="3 months before 2024-11-30"),
        pytest.param(Length(1, 0), "2025-02-28", "2025-01-31", id="1 month before 2025-02-28"),
        pytest.param(Length(3, 0), "2025-12-31", "2025-09-30", id="3 months before 2025-12-31"),
        pytest.param(Length(0, 90), "2025-12-31", "2025-10-02", id="90 days before 2025-12-31"),
        pytest.param(Length(12, 0), "2024-02-29", "2023-02-28", id="a year before 2024-02-29"),
        pytest.param(Length(12, 0), "2025-02-27", "2024-02-27", id="a year before 2025-02-27"),
        pytest.param(Length(1, 0), "2024-03-30", "2024-02-29", id="1 month before 2024-03-30"),
        pytest.param(Length(1, 0), "2025-03-01", "2025-02-01", id="1 month before 2025-03-01"),
        pytest.param(Length(1, 15), "2025-12-31", "2025-11-16", id="1 month 15 days"),
        pytest.param(Length(0, 14), "2025-12-31", "2025-12-17", id="2 weeks before 2025-12-31"),
        pytest.param(Length(0, 0), "2025-12-31", "2025-12-31", id="no notice: the last day"),
    ],
)
def test_latest_start_before_is_the_forward_rule(
    length: Length, last_day: str, expected: str
) -> None:
    """The latest D with D + length ≤ the last day, which can be later than plain subtraction."""
    actual = length.latest_start_before(day(last_day))

    assert day(expected) == actual


def test_length_times_and_plus_work_unit_by_unit() -> None:
    """`times` and `plus` combine months with months and days with days, never converting."""
    expected = Length(7, 90)

    actual = Length(1, 30).plus(Length(2, 20).times(3))

    assert expected == actual


# --- Schedule -------------------------------------------------------------------------------


MONTHLY_FROM_0131: Final = Schedule(day("2024-01-31"), Length(0, 0), Length(1, 0))


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        pytest.param(0, "2024-01-31", id="monthly from 2024-01-31, boundary 0 → 2024-01-31"),
        pytest.param(1, "2024-02-29", id="monthly from 2024-01-31, first boundary → 2024-02-29"),
        pytest.param(2, "2024-03-31", id="monthly from 2024-01-31, second boundary → 2024-03-31"),
        pytest.param(3, "2024-04-30", id="monthly from 2024-01-31, third boundary → 2024-04-30"),
        pytest.param(13, "2025-02-28", id="monthly from 2024-01-31, boundary 13 → 2025-02-28"),
        pytest.param(600, "2074-01-31", id="monthly from 2024-01-31, 50 years on → 2074-01-31"),
        pytest.param(-1, "2023-12-31", id="monthly from 2024-01-31, boundary −1 → 2023-12-31"),
        pytest.param(-11, "2023-02-28", id="monthly from 2024-01-31, boundary −11 → 2023-02-28"),
    ],
)
def test_monthly_boundaries_from_the_31st_do_not_drift(k: int, expected: str) -> None:
    """Boundary k is the anchor plus k months, so the 31st comes back after short months."""
    actual = MONTHLY_FROM_0131.boundary(k)

    assert day(expected) == actual


@pytest.mark.parametrize(
    ("schedule", "k", "expected"),
    [
        pytest.param(
            Schedule(day("2024-01-31"), Length(-1, 0), Length(2, 0)),
            3,
            "2024-06-30",
            id="offset −1 month, steps of 2 months from 2024-01-31, boundary 3 → 2024-06-30",
        ),
        pytest.param(
            Schedule(day("2024-03-31"), Length(-1, 0), Length(1, 0)),
            1,
            "2024-03-31",
            id="anchored on 2024-03-31 with offset −1 month, boundary 1 → 2024-03-31",
        ),
        pytest.param(
            Schedule(day("2024-01-31"), Length(0, 0), Length(1, 1)),
            2,
            "2024-04-02",
            id="steps of 1 month 1 day, boundary 2 → 2024-03-31 + 2 days",
        ),
        pytest.param(
            Schedule(day("2025-01-01"), Length(0, 0), Length(0, 7)),
            52,
            "2025-12-31",
            id="weekly from 2025-01-01, boundary 52 → 2025-12-31",
        ),
    ],
)
def test_boundary_is_computed_from_the_anchor_in_one_step(
    schedule: Schedule, k: int, expected: str
) -> None:
    """Boundary k is anchor + (offset + k × step), the units summed before they are added."""
    actual = schedule.boundary(k)

    assert day(expected) == actual


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param("2024-01-31", (0, "2024-01-31", "2024-02-29"), id="the anchor is in period 0"),
        pytest.param("2024-02-28", (0, "2024-01-31", "2024-02-29"), id="2024-02-28 in period 0"),
        pytest.param(
            "2024-02-29", (1, "2024-02-29", "2024-03-31"), id="2024-02-29 starts period 1"
        ),
        pytest.param("2024-03-30", (1, "2024-02-29", "2024-03-31"), id="2024-03-30 in period 1"),
        pytest.param(
            "2024-03-31", (2, "2024-03-31", "2024-04-30"), id="2024-03-31 starts period 2"
        ),
        pytest.param("2074-02-15", (600, "2074-01-31", "2074-02-28"), id="50 years on: period 600"),
        pytest.param(
            "2024-01-30", (-1, "2023-12-31", "2024-01-31"), id="the day before: period −1"
        ),
    ],
)
def test_locate_brackets_the_day(target: str, expected: tuple[int, str, str]) -> None:
    """`locate` gives k with boundary(k) ≤ day < boundary(k + 1), by arithmetic."""
    k, start, end = expected

    actual = MONTHLY_FROM_0131.locate(day(target))

    assert (k, day(start), day(end)) == actual
    assert k == MONTHLY_FROM_0131.index_on(day(target))


# --- The dateutil oracle --------------------------------------------------------------------


@ORACLE
@given(DAYS, st.integers(-12 * 10_000, 12 * 10_000))
def test_add_months_agrees_with_dateutil(start: pendulum.Date, months: int) -> None:
    """`add_months` equals `relativedelta(months=n)` and fails exactly when dateutil does."""
    try:
        expected = oracle(start, months)
    except ValueError:
        with pytest.raises(OutOfRangeError):
            add_months(start, months)
        return

    actual = add_months(start, months)

    assert expected == actual


@ORACLE
@given(MODERN_DAYS, LENGTHS)
def test_length_after_agrees_with_dateutil(start: pendulum.Date, length: Length) -> None:
    """`Length.after` equals `start + relativedelta(months=m, days=d)`."""
    expected = oracle(start, length.months, length.days)

    actual = length.after(start)

    assert expected == actual


@ORACLE
@given(
    MODERN_DAYS,
    st.builds(Length, st.integers(-24, 24), st.integers(-60, 60)),
    STEPS,
    st.integers(-50, 700),
)
def test_boundary_agrees_with_dateutil(
    anchor: pendulum.Date, offset: Length, step: Length, k: int
) -> None:
    """Boundary k equals anchor + relativedelta(months=offset + k × step months) + the days."""
    expected = oracle(anchor, offset.months + k * step.months, offset.days + k * step.days)

    actual = Schedule(anchor, offset, step).boundary(k)

    assert expected == actual


@ORACLE
@given(MODERN_DAYS, LENGTHS)
def test_latest_start_before_keeps_the_forward_rule(
    last_day: pendulum.Date, length: Length
) -> None:
    """D + length ≤ the last day, and (D + 1 day) + length is after it, counted by dateutil."""
    latest = length.latest_start_before(last_day)

    assert oracle(latest, length.months, length.days) <= last_day
    assert oracle(oracle(latest, days=1), length.months, length.days) > last_day


@ORACLE
@given(
    MODERN_DAYS,
    st.builds(Length, st.integers(-24, 0), st.integers(-60, 0)),
    STEPS,
    st.integers(-400, 50 * 366),
)
def test_locate_agrees_with_boundaries(
    anchor: pendulum.Date, offset: Length, step: Length, days_later: int
) -> None:
    """For any day up to 50 years on, boundary(k) ≤ day < boundary(k + 1), whatever the step."""
    schedule = Schedule(anchor, offset, step)
    target = anchor.add(days=days_later)

    k, start, end = schedule.locate(target)

    assert (start, end) == (schedule.boundary(k), schedule.boundary(k + 1))
    assert start <= target < end
    assert oracle(anchor, offset.months + k * step.months, offset.days + k * step.days) == start


def oracle_ordinal(anchor: pendulum.Date, offset: Length, step: Length, k: int) -> int | None:
    """Boundary k by dateutil, as an ordinal; None past the calendar's ends."""
    try:
        found = oracle(anchor, offset.months + k * step.months, offset.days + k * step.days)
    except ValueError:
        return None
    return found.toordinal()


EDGE_DAYS: Final = st.one_of(
    st.integers(FIRST_ORDINAL, pendulum.Date(30, 12, 31).toordinal()),
    st.integers(pendulum.Date(9970, 1, 1).toordinal(), LAST_ORDINAL),
)
"""Days of the first and last 30 years there are, where boundaries run out."""


@ORACLE
@given(EDGE_DAYS, st.builds(Length, st.integers(0, 24), st.integers(0, 60)), STEPS, EDGE_DAYS)
def test_bracket_at_the_calendars_ends_agrees_with_dateutil(
    anchor: int, offset: Length, step: Length, ordinal: int
) -> None:
    """Near years 1 and 9999 the boundaries found bracket the day, or no two boundaries do.

    Boundaries grow with k, so at most one k brackets a day; dateutil looks
    for it around a rough estimate, and the engine raises exactly when
    there is none (a boundary it needs lies past the calendar's ends).
    """
    start = pendulum.Date.fromordinal(anchor)
    assume(abs(ordinal - anchor) < 400 * (step.months * 28 + step.days))
    average = 365.2425 / 12
    rough = int(
        (ordinal - anchor - offset.months * average - offset.days)
        // (step.months * average + step.days)
    )
    candidates = range(rough - 40, rough + 40)
    around = [
        (k, oracle_ordinal(start, offset, step, k), oracle_ordinal(start, offset, step, k + 1))
        for k in candidates
    ]
    found = [
        (k, first, after)
        for k, first, after in around
        if first is not None and after is not None and first <= ordinal < after
    ]
    month = start.year * 12 + start.month - 1

    try:
        actual: object = bracket(
            ordinal, anchor, month, start.day, offset.months, offset.days, *(step.months, step.days)
        )
    except OutOfRangeError:
        actual = None

    assert (found[0] if found else None) == actual


def test_bracket_walks_past_boundaries_before_the_first_day() -> None:
    """An estimate of a boundary before 0001-01-01 is corrected to the one that exists.

    Daily boundaries from 0001-03-01 (two months after 0001-01-01): day 1 is
    boundary −59, and the estimate (−61) lies before year 1.
    """
    expected = (-59, 1, 2)

    actual = bracket(1, 1, 12, 1, 2, 0, 0, 1)

    assert expected == actual


def test_bracket_with_a_month_offset_past_the_last_day_has_no_boundary() -> None:
    """Months first: past 9999-12-31 they leave no boundary, whatever the days after them."""
    anchor = pendulum.Date(9999, 7, 1)

    with pytest.raises(OutOfRangeError):
        bracket(anchor.toordinal() + 3, anchor.toordinal(), 9999 * 12 + 6, 1, 6, -4190, 0, 10)
