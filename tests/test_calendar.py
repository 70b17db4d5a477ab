from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest

from msa_model import (
    BusinessCalendar,
    OpeningWindow,
    PublicHolidays,
    RollConvention,
    TimeOfDay,
    ValidationError,
    Weekday,
)
from msa_model._values.calendar import MAX_HOLIDAYS, MAX_WINDOWS, is_known_zone

WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
TIME_RULE = "must be a time of day 'HH:MM' from '00:00' to '24:00'"


def window(days: tuple[Weekday, ...], start: str, end: str) -> OpeningWindow:
    """Build an opening window from `HH:MM` texts."""
    return OpeningWindow(days=days, start=TimeOfDay.parse(start), end=TimeOfDay.parse(end))


OFFICE_HOURS = window(WEEKDAYS, "09:00", "17:00")


def calendar(**changes: object) -> BusinessCalendar:
    """Build a Mon-Fri 09:00-17:00 UTC calendar with some fields changed."""
    fields: dict[str, object] = {"id": "office", "zone": "UTC", "windows": (OFFICE_HOURS,)}
    fields.update(changes)
    return BusinessCalendar(**fields)  # type: ignore[arg-type]


def messages(error: ValidationError) -> list[str]:
    """List the problems of an error as text."""
    return [str(problem) for problem in error.problems]


# --- TimeOfDay ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("00:00", 0),
        ("00:05", 5),
        ("09:30", 570),
        ("12:00", 720),
        ("23:59", 1439),
        ("24:00", 1440),
    ],
)
def test_time_of_day_parse(text: str, minutes: int) -> None:
    """`TimeOfDay.parse` reads HH:MM as minutes since midnight; 24:00 is the day's end."""
    actual = TimeOfDay.parse(text)

    assert TimeOfDay(minutes) == actual


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, "00:00"), (5, "00:05"), (570, "09:30"), (1439, "23:59"), (1440, "24:00")],
)
def test_time_of_day_str(minutes: int, expected: str) -> None:
    """`str` writes two-digit hours and minutes; the end of the day is 24:00."""
    assert expected == str(TimeOfDay(minutes))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("24:01", id="past 24:00"),
        pytest.param("24:30", id="half past 24"),
        pytest.param("25:00", id="hour 25"),
        pytest.param("9:00", id="one-digit hour"),
        pytest.param("09:5", id="one-digit minute"),
        pytest.param("12:60", id="minute 60"),
        pytest.param("0900", id="no colon"),
        pytest.param("09.00", id="point for colon"),
        pytest.param("09:00:00", id="seconds"),
        pytest.param(" 09:00", id="leading space"),
        pytest.param("9am", id="am"),
        pytest.param("", id="empty"),
        pytest.param("-1:00", id="negative"),
    ],
)
def test_time_of_day_parse_refuses_other_text(text: str) -> None:
    """Only `HH:MM` from 00:00 to 24:00 is a time of day."""
    expected = f"{TIME_RULE} (got {text!r})"

    with pytest.raises(ValueError, match="HH:MM") as caught:
        TimeOfDay.parse(text)

    assert expected == str(caught.value)


def test_time_of_day_parse_refuses_a_number() -> None:
    """A number of minutes is not time-of-day text."""
    with pytest.raises(ValueError, match="HH:MM") as caught:
        TimeOfDay.parse(540)  # type: ignore[arg-type]

    assert f"{TIME_RULE} (got 540)" == str(caught.value)


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (-1, "TimeOfDay.minutes: must be at least 0 (got -1)"),
        (1441, "TimeOfDay.minutes: must be at most 1440 (got 1441)"),
        (True, "TimeOfDay.minutes: must be an int (got bool)"),
        ("540", "TimeOfDay.minutes: must be an int (got str)"),
    ],
    ids=["negative", "past 24:00", "bool", "text"],
)
def test_time_of_day_minutes_are_checked(minutes: object, message: str) -> None:
    """Minutes run from 0 to 1440 and are an int."""
    with pytest.raises(ValidationError) as caught:
        TimeOfDay(minutes)  # type: ignore[arg-type]

    assert message == str(caught.value)


def test_times_of_day_order_by_minutes() -> None:
    """Earlier times sort first; 24:00 is the latest."""
    texts = ["24:00", "09:00", "00:00", "17:30"]

    actual = [str(time) for time in sorted(TimeOfDay.parse(text) for text in texts)]

    assert actual == ["00:00", "09:00", "17:30", "24:00"]


# --- Weekday and RollConvention -----------------------------------------------


def test_weekdays_are_monday_first_with_iso_numbers() -> None:
    """Weekdays run Monday (1) to Sunday (7), as ISO 8601 numbers them."""
    expected = [("mon", 1), ("tue", 2), ("wed", 3), ("thu", 4), ("fri", 5), ("sat", 6), ("sun", 7)]

    assert expected == [(day.value, day.iso_number) for day in Weekday]


def test_weekday_iso_numbers_match_pendulum() -> None:
    """A weekday's number is pendulum's ISO weekday of a day with that name."""
    monday = pendulum.Date(2024, 1, 1)

    actual = [monday.add(days=offset).isoweekday() for offset in range(7)]

    assert [day.iso_number for day in Weekday] == actual


def test_roll_conventions() -> None:
    """The roll conventions are the financial schedule ones, `none` first."""
    expected = ["none", "preceding", "following", "modified_following", "modified_preceding"]

    assert expected == [roll.value for roll in RollConvention]


# --- OpeningWindow ------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "start", "end"),
    [
        pytest.param(WEEKDAYS, "09:00", "17:00", id="office hours"),
        pytest.param((Weekday.SAT,), "22:00", "24:00", id="closes at midnight"),
        pytest.param((Weekday.SUN,), "00:00", "06:00", id="opens at midnight"),
        pytest.param(tuple(Weekday), "00:00", "24:00", id="all day every day"),
        pytest.param((Weekday.MON,), "09:00", "09:01", id="one minute"),
    ],
)
def test_opening_window_accepts_valid_windows(
    days: tuple[Weekday, ...], start: str, end: str
) -> None:
    """A window with some distinct weekdays and an end after its start is valid."""
    actual = window(days, start, end)

    assert (days, start, end) == (actual.days, str(actual.start), str(actual.end))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param(
            {"days": ()},
            ["OpeningWindow.days: must list at least one weekday"],
            id="no days",
        ),
        pytest.param(
            {"days": (Weekday.MON, Weekday.TUE, Weekday.MON)},
            ["OpeningWindow.days[2]: duplicate weekday 'mon' (first at days[0])"],
            id="a day twice",
        ),
        pytest.param(
            {"start": TimeOfDay(1020), "end": TimeOfDay(540)},
            ["OpeningWindow.end: must be after start=17:00 (got 09:00)"],
            id="end before start",
        ),
        pytest.param(
            {"start": TimeOfDay(540), "end": TimeOfDay(540)},
            ["OpeningWindow.end: must be after start=09:00 (got 09:00)"],
            id="empty window",
        ),
        pytest.param(
            {"days": (), "start": TimeOfDay(1440), "end": TimeOfDay(0)},
            [
                "OpeningWindow.days: must list at least one weekday",
                "OpeningWindow.end: must be after start=24:00 (got 00:00)",
            ],
            id="every problem at once",
        ),
        pytest.param(
            {"days": [Weekday.MON]},
            ["OpeningWindow.days: must be a tuple (got list)"],
            id="a list of days",
        ),
        pytest.param(
            {"days": ("mon",)},
            ["OpeningWindow.days[0]: must be a Weekday (got str)"],
            id="a day as text",
        ),
        pytest.param(
            {"start": "09:00"},
            ["OpeningWindow.start: must be a TimeOfDay (got str)"],
            id="a time as text",
        ),
    ],
)
def test_opening_window_problems(fields: dict[str, object], expected: list[str]) -> None:
    """A window needs distinct weekdays, TimeOfDay values and an end after its start."""
    values: dict[str, object] = {
        "days": (Weekday.MON,),
        "start": TimeOfDay(540),
        "end": TimeOfDay(1020),
    }
    values.update(fields)

    with pytest.raises(ValidationError) as caught:
        OpeningWindow(**values)  # type: ignore[arg-type]

    assert expected == messages(caught.value)


# --- PublicHolidays -----------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "subdivision"),
    [("US", None), ("US", "NY"), ("GB", "ENG"), ("DE", "BY"), ("AU", "NSW"), ("FR", "75")],
)
def test_public_holidays_accept_iso_codes(country: str, subdivision: str | None) -> None:
    """ISO 3166-1 alpha-2 countries and short ISO 3166-2 subdivisions are accepted."""
    holidays = PublicHolidays(country=country, subdivision=subdivision)

    assert (country, subdivision) == (holidays.country, holidays.subdivision)


@pytest.mark.parametrize(
    ("country", "subdivision", "message"),
    [
        (
            "us",
            None,
            "PublicHolidays.country: must be an ISO 3166-1 alpha-2 code (got 'us')",
        ),
        (
            "USA",
            None,
            "PublicHolidays.country: must be an ISO 3166-1 alpha-2 code (got 'USA')",
        ),
        (
            "US",
            "new-york",
            (
                "PublicHolidays.subdivision: must be an ISO 3166-2 subdivision code such as 'NY' "
                "(got 'new-york')"
            ),
        ),
        (
            "US",
            "US-NY",
            (
                "PublicHolidays.subdivision: must be an ISO 3166-2 subdivision code such as 'NY' "
                "(got 'US-NY')"
            ),
        ),
        (
            "US",
            "",
            (
                "PublicHolidays.subdivision: must be an ISO 3166-2 subdivision code such as 'NY' "
                "(got '')"
            ),
        ),
    ],
    ids=["lower case", "alpha-3", "a name", "with the country prefix", "empty subdivision"],
)
def test_public_holidays_refuse_other_codes(
    country: str, subdivision: str | None, message: str
) -> None:
    """Country and subdivision must be upper-case ISO codes, the subdivision without prefix."""
    with pytest.raises(ValidationError) as caught:
        PublicHolidays(country=country, subdivision=subdivision)

    assert message == str(caught.value)


# --- BusinessCalendar ---------------------------------------------------------


def test_always_open_is_open_around_the_clock() -> None:
    """`always_open` is one 00:00-24:00 window on all seven days, without holidays."""
    actual = BusinessCalendar.always_open("Europe/Berlin")

    assert actual.id == "24x7"
    assert actual.zone == "Europe/Berlin"
    assert actual.name == "24x7"
    assert actual.windows == (window(tuple(Weekday), "00:00", "24:00"),)
    assert actual.holidays == ()
    assert actual.public_holidays is None


def test_always_open_takes_an_id() -> None:
    """`always_open` can be given the id an SLA refers to."""
    actual = BusinessCalendar.always_open("UTC", id="round-the-clock")

    assert actual.id == "round-the-clock"


def test_always_open_checks_the_zone() -> None:
    """`always_open` refuses an unknown zone like the constructor does."""
    with pytest.raises(ValidationError) as caught:
        BusinessCalendar.always_open("Mars/Olympus_Mons")

    assert str(caught.value) == (
        "BusinessCalendar.zone: must be an IANA time zone name (got 'Mars/Olympus_Mons')"
    )


def test_calendar_with_every_field() -> None:
    """A calendar with windows, holidays, public holidays and a name is valid."""
    christmas = pendulum.Date(2025, 12, 25)

    actual = calendar(
        zone="America/New_York",
        holidays=(christmas,),
        public_holidays=PublicHolidays(country="US", subdivision="NJ"),
        name="New Jersey office days",
    )

    assert actual.holidays == (christmas,)
    assert actual.public_holidays == PublicHolidays(country="US", subdivision="NJ")


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", True),
        ("Europe/Berlin", True),
        ("America/New_York", True),
        ("America/Argentina/Buenos_Aires", True),
        ("Etc/GMT+5", True),
        ("../etc", False),
        ("Europe/../UTC", False),
        ("/etc/passwd", False),
        ("Mars/Base", False),
        ("europe/berlin", False),
        ("Europe/Berlin ", False),
        ("CET+1", False),
        ("", False),
    ],
)
def test_is_known_zone(zone: str, *, expected: bool) -> None:
    """Only IANA zone names in the tz database are known; paths are never looked up."""
    assert expected == is_known_zone(zone)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
def test_calendar_accepts_iana_zones(zone: str) -> None:
    """A calendar takes any IANA zone name."""
    assert zone == calendar(zone=zone).zone


@pytest.mark.parametrize(
    "zone",
    ["../etc", "Europe/../UTC", "/etc/passwd", "Mars/Base", "europe/berlin", "", "+01:00"],
    ids=[
        "parent path",
        "path inside a name",
        "absolute path",
        "unknown",
        "lower case",
        "empty",
        "offset",
    ],
)
def test_calendar_refuses_other_zones(zone: str) -> None:
    """A path, an offset or an unknown name is not a time zone."""
    expected = f"BusinessCalendar.zone: must be an IANA time zone name (got {zone!r})"

    with pytest.raises(ValidationError) as caught:
        calendar(zone=zone)

    assert expected == str(caught.value)


def test_overlapping_windows_are_refused() -> None:
    """Two windows of one weekday must not overlap; the problem names the day and both windows."""
    windows = (
        window(WEEKDAYS, "09:00", "12:00"),
        window((Weekday.FRI, Weekday.SAT), "11:00", "13:00"),
    )
    expected = [
        "BusinessCalendar.windows[1]: overlaps windows[0] on 'fri' (11:00-13:00 and 09:00-12:00)"
    ]

    with pytest.raises(ValidationError) as caught:
        calendar(windows=windows)

    assert expected == messages(caught.value)


def test_window_inside_another_is_an_overlap() -> None:
    """A window wholly inside another overlaps it."""
    windows = (window((Weekday.MON,), "08:00", "18:00"), window((Weekday.MON,), "12:00", "13:00"))
    expected = [
        "BusinessCalendar.windows[1]: overlaps windows[0] on 'mon' (12:00-13:00 and 08:00-18:00)"
    ]

    with pytest.raises(ValidationError) as caught:
        calendar(windows=windows)

    assert expected == messages(caught.value)


def test_overlap_is_reported_once_per_window_and_day() -> None:
    """A window overlapping two earlier ones on one day is reported once, naming the first."""
    windows = (
        window((Weekday.MON,), "09:00", "10:00"),
        window((Weekday.MON,), "11:00", "12:00"),
        window((Weekday.MON,), "08:00", "18:00"),
    )
    expected = [
        "BusinessCalendar.windows[2]: overlaps windows[0] on 'mon' (08:00-18:00 and 09:00-10:00)"
    ]

    with pytest.raises(ValidationError) as caught:
        calendar(windows=windows)

    assert expected == messages(caught.value)


def test_overlap_on_several_days_is_reported_for_each_day() -> None:
    """A window overlapping another on Monday and Tuesday is reported for both days."""
    windows = (
        window((Weekday.MON, Weekday.TUE), "09:00", "17:00"),
        window((Weekday.MON, Weekday.TUE), "16:00", "18:00"),
    )
    expected = [
        "BusinessCalendar.windows[1]: overlaps windows[0] on 'mon' (16:00-18:00 and 09:00-17:00)",
        "BusinessCalendar.windows[1]: overlaps windows[0] on 'tue' (16:00-18:00 and 09:00-17:00)",
    ]

    with pytest.raises(ValidationError) as caught:
        calendar(windows=windows)

    assert expected == messages(caught.value)


@pytest.mark.parametrize(
    "windows",
    [
        pytest.param(
            (window(WEEKDAYS, "09:00", "12:00"), window(WEEKDAYS, "12:00", "13:00")),
            id="09:00-12:00 touches 12:00-13:00",
        ),
        pytest.param(
            (window(WEEKDAYS, "13:00", "17:00"), window(WEEKDAYS, "09:00", "12:00")),
            id="a lunch break, listed afternoon first",
        ),
        pytest.param(
            (window((Weekday.MON,), "22:00", "24:00"), window((Weekday.TUE,), "00:00", "06:00")),
            id="overnight cover as two windows",
        ),
        pytest.param(
            (window((Weekday.MON,), "09:00", "17:00"), window((Weekday.TUE,), "09:00", "17:00")),
            id="the same hours on different days",
        ),
    ],
)
def test_touching_and_separate_windows_are_allowed(windows: tuple[OpeningWindow, ...]) -> None:
    """Windows that only touch, or lie on different days, do not overlap."""
    assert windows == calendar(windows=windows).windows


def test_calendar_needs_a_window() -> None:
    """A calendar that is never open is refused."""
    with pytest.raises(ValidationError) as caught:
        calendar(windows=())

    assert str(caught.value) == ("BusinessCalendar.windows: must list at least one opening window")


def test_calendar_limits_the_number_of_windows() -> None:
    """A calendar holds at most 100 windows."""
    windows = tuple(
        OpeningWindow(days=(Weekday.MON,), start=TimeOfDay(i * 10), end=TimeOfDay(i * 10 + 5))
        for i in range(MAX_WINDOWS + 1)
    )

    with pytest.raises(ValidationError) as caught:
        calendar(windows=windows)

    assert str(caught.value) == "BusinessCalendar.windows: must have at most 100 windows (got 101)"


def test_duplicate_holidays_are_refused() -> None:
    """A holiday listed twice is reported at the second listing."""
    holidays = (
        pendulum.Date(2024, 12, 25),
        pendulum.Date(2024, 12, 26),
        pendulum.Date(2024, 12, 25),
    )

    with pytest.raises(ValidationError) as caught:
        calendar(holidays=holidays)

    assert str(caught.value) == (
        "BusinessCalendar.holidays[2]: duplicate holiday '2024-12-25' (first at holidays[0])"
    )


@pytest.mark.parametrize(
    ("holiday", "message"),
    [
        pytest.param(
            pendulum.datetime(2024, 12, 25),
            "BusinessCalendar.holidays[0]: must be a Date (got DateTime)",
            id="a pendulum DateTime, though it subclasses Date",
        ),
        pytest.param(
            dt.date(2024, 12, 25),
            "BusinessCalendar.holidays[0]: must be a Date (got date)",
            id="a stdlib date",
        ),
        pytest.param(
            "2024-12-25",
            "BusinessCalendar.holidays[0]: must be a Date (got str)",
            id="text",
        ),
    ],
)
def test_holidays_must_be_pendulum_dates(holiday: object, message: str) -> None:
    """A holiday is exactly a pendulum Date (PITFALLS 1 and 3)."""
    with pytest.raises(ValidationError) as caught:
        calendar(holidays=(holiday,))

    assert message == str(caught.value)


def test_calendar_limits_the_number_of_holidays() -> None:
    """A calendar lists at most 5000 explicit holidays."""
    first = pendulum.Date(2000, 1, 1)
    holidays = tuple(first.add(days=offset) for offset in range(MAX_HOLIDAYS + 1))

    with pytest.raises(ValidationError) as caught:
        calendar(holidays=holidays)

    assert str(caught.value) == "BusinessCalendar.holidays: must have at most 5000 days (got 5001)"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"id": ""},
            "BusinessCalendar.id: must be an id of 1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (got '')",
            id="empty id",
        ),
        pytest.param(
            {"id": "office hours"},
            "BusinessCalendar.id: must be an id of 1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (got 'office hours')",
            id="id with a space",
        ),
        pytest.param(
            {"name": "  "}, "BusinessCalendar.name: must not be empty or blank", id="blank name"
        ),
        pytest.param(
            {"windows": [OFFICE_HOURS]},
            "BusinessCalendar.windows: must be a tuple (got list)",
            id="a list of windows",
        ),
        pytest.param(
            {"public_holidays": "US"},
            "BusinessCalendar.public_holidays: must be a PublicHolidays or None (got str)",
            id="public holidays as text",
        ),
    ],
)
def test_calendar_field_problems(changes: dict[str, object], message: str) -> None:
    """Ids, names and collections of a calendar are checked."""
    with pytest.raises(ValidationError) as caught:
        calendar(**changes)

    assert message == str(caught.value)


def test_calendar_reports_every_problem_at_once() -> None:
    """An unknown zone and no windows are reported together."""
    expected = (
        "2 problems:\n"
        "  BusinessCalendar.zone: must be an IANA time zone name (got '../etc')\n"
        "  BusinessCalendar.windows: must list at least one opening window"
    )

    with pytest.raises(ValidationError) as caught:
        calendar(zone="../etc", windows=())

    assert expected == str(caught.value)


def test_calendar_is_frozen_and_hashable() -> None:
    """Calendars are immutable values that can be collected in a set."""
    office = calendar()

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        office.zone = "Europe/Berlin"  # type: ignore[misc]
    assert {calendar(), office} == {office}


def test_evolve_revalidates() -> None:
    """`attrs.evolve` adding an overlapping window raises like the constructor does."""
    office = calendar()

    with pytest.raises(ValidationError, match=r"windows\[1\]: overlaps windows\[0\] on 'mon'"):
        attrs.evolve(office, windows=(OFFICE_HOURS, window((Weekday.MON,), "16:00", "18:00")))
