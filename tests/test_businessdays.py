"""Business days of a calendar: which days count, counting them, rolling onto them."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Final

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import (
    BusinessCalendar,
    MsaError,
    OpeningWindow,
    PublicHolidays,
    RollConvention,
    TimeOfDay,
    Weekday,
)
from msa_model._engines.businessdays import DayCalendar, day_calendar, public_holidays
from msa_model.errors import HolidayDataError, MissingDependencyError

if TYPE_CHECKING:  # mypy sees tests/ as a folder of top-level modules
    from calendars import OFFICE, US_FEDERAL, WEEKDAYS
    from strategies import office_calendars
else:  # pytest imports them through the rootdir, as tests.*
    from tests.calendars import OFFICE, US_FEDERAL, WEEKDAYS
    from tests.strategies import office_calendars

PROPERTIES: Final = settings(max_examples=200, deadline=None)

DAYS_IN_HOLIDAY_SPAN: Final = st.integers(
    pendulum.Date(2022, 1, 1).toordinal(), pendulum.Date(2027, 12, 31).toordinal()
).map(pendulum.Date.fromordinal)


def day(text: str) -> pendulum.Date:
    """Read a calendar day written as `YYYY-MM-DD`."""
    year, month, day_of_month = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, day_of_month)


def is_open(calendar: BusinessCalendar, target: pendulum.Date) -> bool:
    """Tell whether `target` is a business day, from the calendar's own fields only."""
    weekdays = {weekday.iso_number for window in calendar.windows for weekday in window.days}
    return target.isoweekday() in weekdays and target not in calendar.holidays


def count_open(calendar: BusinessCalendar, first: pendulum.Date, last: pendulum.Date) -> int:
    """Count the business days from `first` to `last`, both included, one day at a time."""
    days = last.toordinal() - first.toordinal() + 1
    return sum(is_open(calendar, first.add(days=offset)) for offset in range(max(days, 0)))


# --- Which days count -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "target", "expected"),
    [
        pytest.param(OFFICE, "2024-11-18", True, id="Monday 2024-11-18 is a business day"),
        pytest.param(OFFICE, "2024-11-16", False, id="Saturday 2024-11-16 is not"),
        pytest.param(OFFICE, "2024-11-17", False, id="Sunday 2024-11-17 is not"),
        pytest.param(OFFICE, "2024-11-28", True, id="Thanksgiving counts without holidays"),
        pytest.param(US_FEDERAL, "2024-11-28", False, id="Thanksgiving 2024-11-28 is a US holiday"),
        pytest.param(US_FEDERAL, "2024-11-29", True, id="the Friday after is a US business day"),
        pytest.param(US_FEDERAL, "2024-11-11", False, id="Veterans Day 2024-11-11 is a US holiday"),
        pytest.param(US_FEDERAL, "2024-12-25", False, id="Christmas 2024-12-25 is a US holiday"),
        pytest.param(US_FEDERAL, "2024-12-24", True, id="Christmas Eve is a US business day"),
    ],
)
def test_is_business_day(calendar: BusinessCalendar, target: str, expected: bool) -> None:  # noqa: FBT001 # a table column
    """A business day has an opening window on its weekday and is no holiday."""
    actual = DayCalendar(calendar).is_business_day(day(target))

    assert expected == actual


def test_explicit_holidays_are_closed() -> None:
    """A day listed in the calendar's own holidays is not a business day."""
    closed = BusinessCalendar(
        id="office", zone="UTC", windows=(WEEKDAYS,), holidays=(day("2025-12-29"),)
    )

    actual = DayCalendar(closed).is_business_day(day("2025-12-29"))

    assert actual is False


def test_public_holidays_of_the_us_in_2024() -> None:
    """The US federal holidays of 2024, from the pinned `holidays` package."""
    expected = frozenset(
        day(text)
        for text in (
            "2024-01-01",
            "2024-01-15",
            "2024-02-19",
            "2024-05-27",
            "2024-06-19",
            "2024-07-04",
            "2024-09-02",
            "2024-10-14",
            "2024-11-11",
            "2024-11-28",
            "2024-12-25",
        )
    )

    actual = public_holidays(PublicHolidays(country="US"), 2024)

    assert expected == actual
    assert all(type(holiday) is pendulum.Date for holiday in actual)


def test_public_holidays_of_a_subdivision() -> None:
    """England's holidays include Easter Monday (2026-04-06) and the late summer bank holiday."""
    expected = {day("2026-04-06"), day("2026-08-31")}

    actual = public_holidays(PublicHolidays(country="GB", subdivision="ENG"), 2026)

    assert expected <= actual


def test_public_holidays_of_an_unknown_country() -> None:
    """A country the package does not know raises `HolidayDataError` naming it."""
    expected = "the holidays package has no data for country 'XX' (Country XX not available)"

    with pytest.raises(HolidayDataError) as caught:
        public_holidays(PublicHolidays(country="XX"), 2024)

    assert expected == str(caught.value)
    assert isinstance(caught.value, MsaError)


def test_public_holidays_of_an_unknown_subdivision() -> None:
    """A subdivision the package does not know raises `HolidayDataError` naming it."""
    with pytest.raises(HolidayDataError, match="ZZ"):
        public_holidays(PublicHolidays(country="US", subdivision="ZZ"), 2024)


def test_missing_holidays_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the `holidays` package, public holidays raise an error naming the extra."""
    expected = (
        "public holidays of US-NY need the 'holidays' package: pip install 'msa-model[holidays]'"
    )
    monkeypatch.setitem(sys.modules, "holidays", None)
    public_holidays.cache_clear()

    with pytest.raises(MissingDependencyError) as caught:
        public_holidays(PublicHolidays(country="US", subdivision="NY"), 2024)

    assert expected == str(caught.value)
    assert isinstance(caught.value, ImportError)


def test_day_calendar_is_compiled_once_per_calendar_value() -> None:
    """The same calendar, or an equal one read separately, compiles once; another compiles its own.

    Agreements read from files each bring their own calendar objects, mostly equal.
    """
    equal = attrs.evolve(OFFICE)
    closed = attrs.evolve(OFFICE, holidays=(pendulum.Date(2024, 12, 24),))

    first, again, shared = day_calendar(OFFICE), day_calendar(OFFICE), day_calendar(equal)
    other = day_calendar(closed)

    assert equal is not OFFICE
    assert first is again is shared
    assert first is not other
    assert not other.is_business_day(pendulum.Date(2024, 12, 24))
    assert first.is_business_day(pendulum.Date(2024, 12, 24))


# --- Counting business days -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        pytest.param("2024-11-22", 10, "2024-12-09", id="10 business days after Fri 2024-11-22"),
        pytest.param("2024-11-27", 1, "2024-11-29", id="over Thanksgiving"),
        pytest.param("2024-12-24", 1, "2024-12-26", id="over Christmas"),
        pytest.param("2024-11-23", 1, "2024-11-25", id="from a Saturday"),
        pytest.param("2024-11-23", 0, "2024-11-23", id="zero days keep even a Saturday"),
        pytest.param("2024-12-23", 5, "2024-12-31", id="5 days over Christmas"),
    ],
)
def test_add_counts_business_days_after_the_day(start: str, count: int, expected: str) -> None:
    """`add` returns the count-th business day after the day (the day itself not counted)."""
    actual = DayCalendar(US_FEDERAL).add(day(start), count)

    assert day(expected) == actual


@pytest.mark.parametrize(
    ("last_day", "count", "expected"),
    [
        pytest.param("2024-12-31", 30, "2024-11-18", id="30th business day back from 2024-12-31"),
        pytest.param("2024-12-31", 1, "2024-12-31", id="a business day is the first"),
        pytest.param("2024-12-25", 1, "2024-12-24", id="from Christmas: the day before"),
        pytest.param("2024-12-01", 1, "2024-11-29", id="from a Sunday: the Friday"),
        pytest.param("2024-12-31", 0, "2025-01-01", id="zero: the day after"),
    ],
)
def test_nth_back_counts_back_including_the_last_day(
    last_day: str, count: int, expected: str
) -> None:
    """`nth_back` returns the count-th business day counting back from the last day, inclusive."""
    actual = DayCalendar(US_FEDERAL).nth_back(day(last_day), count)

    assert day(expected) == actual


@pytest.mark.parametrize(
    ("target", "following", "preceding"),
    [
        pytest.param("2024-11-16", "2024-11-18", "2024-11-15", id="Saturday 2024-11-16"),
        pytest.param("2024-11-28", "2024-11-29", "2024-11-27", id="Thanksgiving 2024-11-28"),
        pytest.param("2024-11-11", "2024-11-12", "2024-11-08", id="Veterans Day, a Monday"),
        pytest.param("2024-11-20", "2024-11-20", "2024-11-20", id="a business day stays"),
    ],
)
def test_following_and_preceding(target: str, following: str, preceding: str) -> None:
    """`following` and `preceding` keep a business day, else move to the next or previous one."""
    calendar = DayCalendar(US_FEDERAL)

    actual = (calendar.following(day(target)), calendar.preceding(day(target)))

    assert (day(following), day(preceding)) == actual


@pytest.mark.parametrize(
    ("target", "convention", "expected"),
    [
        pytest.param("2025-03-15", RollConvention.NONE, "2025-03-15", id="Sat 03-15, none"),
        pytest.param(
            "2025-03-15", RollConvention.PRECEDING, "2025-03-14", id="Sat 03-15, preceding"
        ),
        pytest.param(
            "2025-03-15", RollConvention.FOLLOWING, "2025-03-17", id="Sat 03-15, following"
        ),
        pytest.param(
            "2025-03-15",
            RollConvention.MODIFIED_FOLLOWING,
            "2025-03-17",
            id="Sat 03-15, modified following",
        ),
        pytest.param(
            "2025-03-15",
            RollConvention.MODIFIED_PRECEDING,
            "2025-03-14",
            id="Sat 03-15, modified preceding",
        ),
        pytest.param(
            "2025-05-31", RollConvention.FOLLOWING, "2025-06-02", id="Sat 05-31, following: June"
        ),
        pytest.param(
            "2025-05-31",
            RollConvention.MODIFIED_FOLLOWING,
            "2025-05-30",
            id="Sat 05-31, modified following stays in May: Fri 05-30",
        ),
        pytest.param(
            "2025-11-01", RollConvention.PRECEDING, "2025-10-31", id="Sat 11-01, preceding: October"
        ),
        pytest.param(
            "2025-11-01",
            RollConvention.MODIFIED_PRECEDING,
            "2025-11-03",
            id="Sat 11-01, modified preceding stays in November: Mon 11-03",
        ),
        pytest.param(
            "2025-06-01",
            RollConvention.MODIFIED_PRECEDING,
            "2025-06-02",
            id="Sun 06-01, modified preceding stays in June: Mon 06-02",
        ),
        pytest.param(
            "2025-03-14",
            RollConvention.FOLLOWING,
            "2025-03-14",
            id="a business day is never moved",
        ),
    ],
)
def test_roll_conventions(target: str, convention: RollConvention, expected: str) -> None:
    """Each roll convention moves a non-business day as financial schedules do."""
    actual = DayCalendar(OFFICE).roll(day(target), convention)

    assert day(expected) == actual


def test_a_calendar_closed_for_decades_raises() -> None:
    """A search that finds no business day within 30 years raises instead of looping forever."""
    first_monday = day("2025-01-06")
    mondays = OpeningWindow(days=(Weekday.MON,), start=TimeOfDay(9 * 60), end=TimeOfDay(17 * 60))
    closed = BusinessCalendar(
        id="closed",
        zone="UTC",
        windows=(mondays,),
        holidays=tuple(first_monday.add(weeks=week) for week in range(31 * 53)),
    )

    with pytest.raises(MsaError, match="'closed' has no business day within 30 years"):
        DayCalendar(closed).following(day("2025-01-01"))


# --- Properties -----------------------------------------------------------------------------


@PROPERTIES
@given(office_calendars(), DAYS_IN_HOLIDAY_SPAN, st.integers(1, 40))
def test_add_lands_on_the_count_th_business_day(
    calendar: BusinessCalendar, start: pendulum.Date, count: int
) -> None:
    """`add(day, n)` is a business day with exactly n business days in (day, result]."""
    actual = DayCalendar(calendar).add(start, count)

    assert is_open(calendar, actual)
    assert count == count_open(calendar, start.add(days=1), actual)


@PROPERTIES
@given(office_calendars(), DAYS_IN_HOLIDAY_SPAN, st.integers(1, 40))
def test_nth_back_is_the_count_th_business_day_back(
    calendar: BusinessCalendar, last_day: pendulum.Date, count: int
) -> None:
    """`nth_back(last, n)` is a business day with exactly n business days in [result, last]."""
    actual = DayCalendar(calendar).nth_back(last_day, count)

    assert is_open(calendar, actual)
    assert count == count_open(calendar, actual, last_day)


@PROPERTIES
@given(office_calendars(), DAYS_IN_HOLIDAY_SPAN)
def test_following_and_preceding_are_the_nearest_business_days(
    calendar: BusinessCalendar, target: pendulum.Date
) -> None:
    """`following` is the nearest business day on or after a day, `preceding` on or before."""
    days = DayCalendar(calendar)

    after, before = days.following(target), days.preceding(target)

    assert is_open(calendar, after)
    assert is_open(calendar, before)
    assert count_open(calendar, target, after.subtract(days=1)) == 0
    assert count_open(calendar, before.add(days=1), target) == 0
    assert before <= target <= after


@PROPERTIES
@given(office_calendars(), DAYS_IN_HOLIDAY_SPAN)
def test_modified_conventions_stay_in_the_month_when_they_can(
    calendar: BusinessCalendar, target: pendulum.Date
) -> None:
    """The modified conventions move the plain way unless that leaves the month."""
    days = DayCalendar(calendar)
    after, before = days.following(target), days.preceding(target)

    forward = days.roll(target, RollConvention.MODIFIED_FOLLOWING)
    backward = days.roll(target, RollConvention.MODIFIED_PRECEDING)

    assert forward == (after if after.month == target.month else before)
    assert backward == (before if before.month == target.month else after)
