"""The business clock: adding and measuring open time, business days, DST, pauses.

The hand tables below follow SEMANTICS.md §3 and go through the public
`BusinessCalendar` API. The properties compare the fast clock with
`SlowClock`, an independent oracle written here with the standard library
only: it steps one UTC minute at a time and asks `zoneinfo` for each
minute's local wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import zoneinfo
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, NamedTuple

import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from msa_model import (
    BusinessCalendar,
    BusinessDays,
    BusinessTime,
    LocalTimeError,
    OpeningWindow,
    OutOfRangeError,
    TimeOfDay,
    Weekday,
)

if TYPE_CHECKING:  # mypy sees tests/ as a folder of top-level modules
    from calendars import US_FEDERAL
else:  # pytest imports them through the rootdir, as tests.*
    from tests.calendars import US_FEDERAL

NEW_YORK: Final = "America/New_York"
LORD_HOWE: Final = "Australia/Lord_Howe"
SANTIAGO: Final = "America/Santiago"
_DAYS: Final = {day.value: day for day in Weekday}


def window(days: str, start: str, end: str) -> OpeningWindow:
    """An opening window on `days` (`mon-fri`, `tue-sat`, `mon,wed` or `daily`)."""
    names = [day.value for day in Weekday]
    if days == "daily":
        chosen = list(Weekday)
    elif "-" in days:
        first, last = days.split("-")
        chosen = [_DAYS[name] for name in names[names.index(first) : names.index(last) + 1]]
    else:
        chosen = [_DAYS[name] for name in days.split(",")]
    return OpeningWindow(days=tuple(chosen), start=TimeOfDay.parse(start), end=TimeOfDay.parse(end))


def calendar(
    calendar_id: str, zone: str, *windows: OpeningWindow, holidays: Sequence[str] = ()
) -> BusinessCalendar:
    """A calendar in `zone` with `windows` and explicit `holidays` (`YYYY-MM-DD`)."""
    days = tuple(pendulum.Date(*(int(part) for part in day.split("-"))) for day in holidays)
    return BusinessCalendar(id=calendar_id, zone=zone, windows=windows, holidays=days)


OFFICE: Final = calendar(
    "office", NEW_YORK, window("mon-fri", "09:00", "17:00"), holidays=("2024-12-25",)
)
"""Monday to Friday 09:00-17:00 in New York, closed on Christmas Day 2024."""
LUNCH: Final = calendar(
    "lunch", NEW_YORK, window("mon-fri", "09:00", "12:00"), window("mon-fri", "13:00", "17:00")
)
"""Monday to Friday 09:00-12:00 and 13:00-17:00 in New York."""
NIGHTS: Final = calendar("nights", NEW_YORK, window("daily", "00:00", "06:00"))
"""Every day 00:00-06:00 in New York: the window the clocks change in."""
DAILY: Final = calendar("daily", NEW_YORK, window("daily", "09:00", "17:00"))
"""Every day 09:00-17:00 in New York."""
OVERNIGHT: Final = calendar(
    "overnight", NEW_YORK, window("mon-fri", "22:00", "24:00"), window("tue-sat", "00:00", "06:00")
)
"""Night cover in New York: from 22:00 Monday to Friday until 06:00 the next morning."""
EVENINGS: Final = calendar("evenings", NEW_YORK, window("mon-fri", "18:00", "24:00"))
"""Monday to Friday 18:00 until midnight in New York."""
HOWE_NIGHTS: Final = calendar("howe", LORD_HOWE, window("daily", "00:00", "06:00"))
"""Every day 00:00-06:00 on Lord Howe Island, whose clocks change by 30 minutes."""
SHORT_FRIDAY: Final = calendar(
    "short-friday", NEW_YORK, window("mon-thu", "09:00", "17:00"), window("fri", "09:00", "13:00")
)
"""Monday to Thursday 09:00-17:00, Friday 09:00-13:00, in New York."""
SPLIT_TUESDAY: Final = calendar(
    "split-tuesday",
    NEW_YORK,
    window("mon", "09:00", "17:00"),
    window("tue", "09:00", "12:00"),
    window("tue", "13:00", "17:00"),
)
"""Monday 09:00-17:00 and Tuesday 09:00-12:00 and 13:00-17:00, in New York."""
SANTIAGO_NIGHTS: Final = calendar(
    "santiago",
    SANTIAGO,
    window("daily", "00:00", "06:00"),
    window("daily", "22:00", "24:00"),
)
"""Every day 00:00-06:00 and 22:00-24:00 in Santiago, whose clocks change at midnight."""
SAMOA_OFFICE: Final = calendar("samoa", "Pacific/Apia", window("mon-fri", "09:00", "17:00"))
"""Monday to Friday 09:00-17:00 in Samoa."""
ALWAYS: Final = BusinessCalendar.always_open(NEW_YORK)
"""New York, open around the clock."""
APIA: Final = BusinessCalendar.always_open("Pacific/Apia")
"""Samoa, open around the clock; it skipped Friday 2011-12-30 to cross the date line."""


def at(text: str, zone: str) -> dt.datetime:
    """Read `YYYY-MM-DD HH:MM` as wall-clock time in `zone`, or text with an offset as is."""
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))


def length(text: str) -> dt.timedelta:
    """An ISO 8601 business time such as `PT4H30M` as a timedelta."""
    return dt.timedelta(seconds=BusinessTime.parse(text).seconds)


# --- Adding business time -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "start", "target", "expected"),
    [
        pytest.param(
            OFFICE,
            "2024-11-15 13:00",
            "PT4H",
            "2024-11-15T17:00:00-05:00",
            id="Fri 13:00 + PT4H on Mon-Fri 09-17 is due Fri 17:00, not Mon 09:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-15 13:00",
            "PT4H1M",
            "2024-11-18T09:01:00-05:00",
            id="Fri 13:00 + PT4H1M runs on to Mon 09:01",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 09:00",
            "PT8H",
            "2024-11-18T17:00:00-05:00",
            id="opened Mon 09:00, PT8H is due Mon 17:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 09:00",
            "PT24H",
            "2024-11-20T17:00:00-05:00",
            id="opened Mon 09:00, PT24H is due Wed 17:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-16 10:00",
            "PT1H",
            "2024-11-18T10:00:00-05:00",
            id="opened Sat 10:00, the clock starts Mon 09:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 07:00",
            "PT1H",
            "2024-11-18T10:00:00-05:00",
            id="opened Mon 07:00 before opening, the clock starts at 09:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 17:00",
            "PT1H",
            "2024-11-19T10:00:00-05:00",
            id="opened Mon 17:00 exactly at closing, the clock starts Tue 09:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-16 10:00",
            "PT0S",
            "2024-11-16T10:00:00-05:00",
            id="PT0S is due at the start, even outside hours",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 10:00",
            "PT0S",
            "2024-11-18T10:00:00-05:00",
            id="PT0S is due at the start during hours",
        ),
        pytest.param(
            LUNCH,
            "2024-11-18 11:00",
            "PT1H",
            "2024-11-18T12:00:00-05:00",
            id="lunch 12-13: Mon 11:00 + PT1H is due 12:00, when the morning closes",
        ),
        pytest.param(
            LUNCH,
            "2024-11-18 11:00",
            "PT2H",
            "2024-11-18T14:00:00-05:00",
            id="lunch 12-13: Mon 11:00 + PT2H skips lunch, due 14:00",
        ),
        pytest.param(
            LUNCH,
            "2024-11-18 12:30",
            "PT30M",
            "2024-11-18T13:30:00-05:00",
            id="lunch 12-13: opened 12:30 during lunch, the clock starts 13:00",
        ),
        pytest.param(
            LUNCH,
            "2024-11-18 09:00",
            "PT7H",
            "2024-11-18T17:00:00-05:00",
            id="lunch 12-13: a day has 7 hours, Mon 09:00 + PT7H is due Mon 17:00",
        ),
        pytest.param(
            OFFICE,
            "2024-12-24 15:00",
            "PT4H",
            "2024-12-26T11:00:00-05:00",
            id="explicit holiday: Tue 24 Dec 15:00 + PT4H skips Christmas, due Thu 11:00",
        ),
        pytest.param(
            US_FEDERAL,
            "2024-11-27 15:00",
            "PT4H",
            "2024-11-29T11:00:00-05:00",
            id="US public holidays: Wed 27 Nov 15:00 + PT4H skips Thanksgiving, due Fri 11:00",
        ),
        pytest.param(
            US_FEDERAL,
            "2024-11-08 16:00",
            "PT2H",
            "2024-11-12T10:00:00-05:00",
            id="US public holidays: Fri 8 Nov 16:00 + PT2H skips Veterans Day, due Tue 10:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-27 15:00",
            "PT4H",
            "2024-11-28T11:00:00-05:00",
            id="without public holidays Thanksgiving is a working day",
        ),
        pytest.param(
            US_FEDERAL,
            "2024-12-31 16:00",
            "PT2H",
            "2025-01-02T10:00:00-05:00",
            id="US public holidays: Tue 31 Dec 16:00 + PT2H skips New Year's Day, due Thu 10:00",
        ),
        pytest.param(
            SAMOA_OFFICE,
            "2011-12-29 16:00",
            "PT2H",
            "2012-01-02T10:00:00+14:00",
            id="Samoa skipped Fri 30 Dec 2011: Thu 16:00 + PT2H is due Mon 2 Jan 10:00",
        ),
        pytest.param(
            SANTIAGO_NIGHTS,
            "2024-04-06T22:00:00-03:00",
            "PT3H",
            "2024-04-07T00:00:00-04:00",
            id="Santiago repeats 23:00-24:00 on Sat 2024-04-06: 22:00 + PT3H is due at midnight",
        ),
        pytest.param(
            SANTIAGO_NIGHTS,
            "2024-09-07 22:00",
            "PT3H",
            "2024-09-08T02:00:00-03:00",
            id="Santiago skips 00:00-01:00 on Sun 2024-09-08: Sat 22:00 + PT3H is due Sun 02:00",
        ),
        pytest.param(
            US_FEDERAL,
            "2024-11-04 09:00",
            "PT400H",
            "2025-01-16T17:00:00-05:00",
            id="400 hours on a 40-hour US federal week: Mon 4 Nov 09:00 is due Thu 16 Jan 17:00",
        ),
        pytest.param(
            NIGHTS,
            "2024-03-10 00:00",
            "PT5H",
            "2024-03-10T06:00:00-04:00",
            id="00-06 New York on 2024-03-10 has 5 hours: 00:00 + PT5H is due 06:00 EDT",
        ),
        pytest.param(
            NIGHTS,
            "2024-11-03 00:00",
            "PT7H",
            "2024-11-03T06:00:00-05:00",
            id="00-06 New York on 2024-11-03 has 7 hours: 00:00 + PT7H is due 06:00 EST",
        ),
        pytest.param(
            NIGHTS,
            "2024-03-10 01:00",
            "PT1H",
            "2024-03-10T03:00:00-04:00",
            id="00-06 New York: 01:00 EST + PT1H on 2024-03-10 is due 03:00 EDT",
        ),
        pytest.param(
            DAILY,
            "2024-03-09 13:00",
            "PT8H",
            "2024-03-10T13:00:00-04:00",
            id="09-17 daily over the spring change: Sat 13:00 + PT8H is due Sun 13:00 EDT",
        ),
        pytest.param(
            DAILY,
            "2024-11-02 13:00",
            "PT8H",
            "2024-11-03T13:00:00-05:00",
            id="09-17 daily over the autumn change: Sat 13:00 + PT8H is due Sun 13:00 EST",
        ),
        pytest.param(
            ALWAYS,
            "2024-11-03T01:30:00-04:00",
            "PT1H",
            "2024-11-03T01:30:00-05:00",
            id="24x7 New York: 01:30 EDT + PT1H is the repeated 01:30, in EST",
        ),
        pytest.param(
            OVERNIGHT,
            "2024-11-18 23:00",
            "PT3H",
            "2024-11-19T02:00:00-05:00",
            id="overnight cover: Mon 23:00 + PT3H runs through midnight, due Tue 02:00",
        ),
        pytest.param(
            OVERNIGHT,
            "2024-11-18 22:00",
            "PT2H",
            "2024-11-19T00:00:00-05:00",
            id="overnight cover: Mon 22:00 + PT2H is due at midnight",
        ),
        pytest.param(
            OVERNIGHT,
            "2024-11-22 23:00",
            "PT8H",
            "2024-11-25T23:00:00-05:00",
            id="overnight cover: Fri 23:00 + PT8H uses Sat 00-06, then Mon 22:00, due Mon 23:00",
        ),
        pytest.param(
            EVENINGS,
            "2024-11-18 20:00",
            "PT4H",
            "2024-11-19T00:00:00-05:00",
            id="window to 24:00: Mon 20:00 + PT4H is due at midnight",
        ),
        pytest.param(
            EVENINGS,
            "2024-11-18 20:00",
            "PT4H1M",
            "2024-11-19T18:01:00-05:00",
            id="window to 24:00: Mon 20:00 + PT4H1M is due Tue 18:01",
        ),
        pytest.param(
            HOWE_NIGHTS,
            "2024-10-06 00:00",
            "PT5H30M",
            "2024-10-06T06:00:00+11:00",
            id="Lord Howe 00-06 on 2024-10-06 has 5h30: 00:00 + PT5H30M is due 06:00 +11:00",
        ),
        pytest.param(
            HOWE_NIGHTS,
            "2024-04-07 00:00",
            "PT6H30M",
            "2024-04-07T06:00:00+10:30",
            id="Lord Howe 00-06 on 2024-04-07 has 6h30: 00:00 + PT6H30M is due 06:00 +10:30",
        ),
        pytest.param(
            HOWE_NIGHTS,
            "2024-04-07 01:00",
            "PT1H",
            "2024-04-07T01:30:00+10:30",
            id="Lord Howe: 01:00 +11:00 + PT1H on 2024-04-07 is the repeated 01:30, +10:30",
        ),
        pytest.param(
            HOWE_NIGHTS,
            "2024-10-06 01:30",
            "PT1H",
            "2024-10-06T03:00:00+11:00",
            id="Lord Howe: 01:30 + PT1H on 2024-10-06 skips 02:00-02:30, due 03:00",
        ),
    ],
)
def test_add_business_time(rules: BusinessCalendar, start: str, target: str, expected: str) -> None:
    """The due time of a business-time target is the earliest instant it has elapsed."""
    actual = rules.add(at(start, rules.zone), BusinessTime.parse(target))

    assert expected == actual.isoformat()
    assert rules.zone == actual.timezone_name


def test_one_business_day_is_not_24_business_hours() -> None:
    """Opened Mon 09:00: 1 business day is due Tue 09:00, 24 business hours Wed 17:00."""
    opened = at("2024-11-18 09:00", NEW_YORK)

    expected = ("2024-11-19T09:00:00-05:00", "2024-11-20T17:00:00-05:00")

    by_days = OFFICE.add(opened, BusinessDays(1))
    by_hours = OFFICE.add(opened, BusinessTime.parse("PT24H"))

    assert expected == (by_days.isoformat(), by_hours.isoformat())


# --- Measuring business time ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "start", "end", "expected"),
    [
        pytest.param(
            NIGHTS,
            "2024-03-10T00:00:00-05:00",
            "2024-03-11T00:00:00-04:00",
            "PT5H",
            id="00-06 in New York lasts 300 minutes on 2024-03-10 (spring forward)",
        ),
        pytest.param(
            NIGHTS,
            "2024-11-03T00:00:00-04:00",
            "2024-11-04T00:00:00-05:00",
            "PT7H",
            id="00-06 in New York lasts 420 minutes on 2024-11-03 (fall back)",
        ),
        pytest.param(
            NIGHTS,
            "2024-03-09T00:00:00-05:00",
            "2024-03-10T00:00:00-05:00",
            "PT6H",
            id="00-06 in New York lasts 360 minutes on an ordinary day",
        ),
        pytest.param(
            DAILY,
            "2024-03-10T00:00:00-05:00",
            "2024-03-11T00:00:00-04:00",
            "PT8H",
            id="09-17 still lasts 8 real hours on 2024-03-10",
        ),
        pytest.param(
            DAILY,
            "2024-11-03T00:00:00-04:00",
            "2024-11-04T00:00:00-05:00",
            "PT8H",
            id="09-17 still lasts 8 real hours on 2024-11-03",
        ),
        pytest.param(
            DAILY,
            "2024-03-04T00:00:00-05:00",
            "2024-03-18T00:00:00-04:00",
            "PT112H",
            id="09-17 daily: two weeks around the spring change are 14 x 8 hours",
        ),
        pytest.param(
            HOWE_NIGHTS,
            "2024-10-06T00:00:00+10:30",
            "2024-10-07T00:00:00+11:00",
            "PT5H30M",
            id="Lord Howe 00-06 lasts 330 minutes on 2024-10-06 (30-minute spring forward)",
        ),
        pytest.param(
            HOWE_NIGHTS,
            "2024-04-07T00:00:00+11:00",
            "2024-04-08T00:00:00+10:30",
            "PT6H30M",
            id="Lord Howe 00-06 lasts 390 minutes on 2024-04-07 (30-minute fall back)",
        ),
        pytest.param(
            SANTIAGO_NIGHTS,
            "2024-04-06T00:00:00-03:00",
            "2024-04-07T00:00:00-04:00",
            "PT9H",
            id="Santiago 00-06 and 22-24 last 9 hours on 2024-04-06 (23:00-24:00 twice)",
        ),
        pytest.param(
            SANTIAGO_NIGHTS,
            "2024-09-08T01:00:00-03:00",
            "2024-09-09T00:00:00-03:00",
            "PT7H",
            id="Santiago 00-06 and 22-24 last 7 hours on 2024-09-08 (the day starts at 01:00)",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 00:00",
            "2024-11-25 00:00",
            "PT40H",
            id="a Mon-Fri 09-17 week is 40 hours",
        ),
        pytest.param(
            OFFICE,
            "2024-11-15 16:00",
            "2024-11-18 10:00",
            "PT2H",
            id="Fri 16:00 to Mon 10:00 is 2 business hours",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 17:00",
            "2024-11-18 09:00",
            "PT0S",
            id="an end before the start is zero",
        ),
        pytest.param(
            OFFICE,
            "2024-12-23 00:00",
            "2024-12-30 00:00",
            "PT32H",
            id="explicit holiday: Christmas week 2024 has 32 hours",
        ),
        pytest.param(
            US_FEDERAL,
            "2024-11-25 00:00",
            "2024-12-02 00:00",
            "PT32H",
            id="US public holidays: Thanksgiving week 2024 has 32 hours",
        ),
        pytest.param(
            US_FEDERAL,
            "2024-11-04 09:00",
            "2025-01-16 17:00",
            "PT400H",
            id="US public holidays: Mon 4 Nov 09:00 to Thu 16 Jan 17:00 is 400 hours",
        ),
        pytest.param(
            LUNCH,
            "2024-11-18 09:00",
            "2024-11-18 17:00",
            "PT7H",
            id="lunch 12-13: a 09-17 day has 7 business hours",
        ),
        pytest.param(
            OVERNIGHT,
            "2024-11-18 22:00",
            "2024-11-19 06:00",
            "PT8H",
            id="overnight cover: Mon 22:00 to Tue 06:00 is 8 hours through midnight",
        ),
        pytest.param(
            OVERNIGHT,
            "2024-11-18 00:00",
            "2024-11-25 00:00",
            "PT40H",
            id="overnight cover: a week is 5 nights of 8 hours",
        ),
        pytest.param(
            EVENINGS,
            "2024-11-18 00:00",
            "2024-11-19 00:00",
            "PT6H",
            id="window to 24:00: Monday 18:00-24:00 is 6 hours",
        ),
        pytest.param(
            APIA,
            "2011-12-29T00:00:00-10:00",
            "2011-12-31T00:00:00+14:00",
            "PT24H",
            id="24x7 in Samoa: Thu 29 Dec 2011 to Sat 31 Dec is 24 hours (the Friday was skipped)",
        ),
    ],
)
def test_elapsed(rules: BusinessCalendar, start: str, end: str, expected: str) -> None:
    """Elapsed business time is the real time spent inside open windows."""
    actual = rules.elapsed(at(start, rules.zone), at(end, rules.zone))

    assert length(expected) == actual


# --- Business days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "start", "count", "expected"),
    [
        pytest.param(
            OFFICE,
            "2024-11-18 09:00",
            1,
            "2024-11-19T09:00:00-05:00",
            id="opened Mon 09:00, 1 business day is due Tue 09:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-15 13:00",
            1,
            "2024-11-18T13:00:00-05:00",
            id="opened Fri 13:00, 1 business day is due Mon 13:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 10:30",
            5,
            "2024-11-25T10:30:00-05:00",
            id="opened Mon 10:30, 5 business days are due the next Mon 10:30",
        ),
        pytest.param(
            OFFICE,
            "2024-11-16 10:00",
            1,
            "2024-11-19T09:00:00-05:00",
            id="opened Sat 10:00, days count from Mon 09:00: due Tue 09:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 07:00",
            1,
            "2024-11-19T09:00:00-05:00",
            id="opened Mon 07:00 before opening, days count from Mon 09:00: due Tue 09:00",
        ),
        pytest.param(
            OFFICE,
            "2024-11-18 17:00",
            1,
            "2024-11-20T09:00:00-05:00",
            id="opened Mon 17:00 at closing, days count from Tue 09:00: due Wed 09:00",
        ),
        pytest.param(
            OFFICE,
            "2024-12-24 11:00",
            1,
            "2024-12-26T11:00:00-05:00",
            id="explicit holiday: opened Tue 24 Dec 11:00, due Thu 26 Dec 11:00",
        ),
        pytest.param(
            US_FEDERAL,
            "2024-11-27 10:00",
            1,
            "2024-11-29T10:00:00-05:00",
            id="US public holidays: opened Wed 27 Nov 10:00, Thanksgiving skipped, due Fri 10:00",
        ),
        pytest.param(
            OFFICE,
            "2024-03-08 10:00",
            1,
            "2024-03-11T10:00:00-04:00",
            id="over the spring change: Fri 10:00 EST, due Mon 10:00 EDT",
        ),
        pytest.param(
            SHORT_FRIDAY,
            "2024-11-14 15:00",
            1,
            "2024-11-15T13:00:00-05:00",
            id="Thu 15:00 falls after Friday's 13:00 close: due at Friday's close 13:00",
        ),
        pytest.param(
            SPLIT_TUESDAY,
            "2024-11-18 12:30",
            1,
            "2024-11-19T17:00:00-05:00",
            id="Mon 12:30 falls in Tuesday's lunch gap: due at Tuesday's last close 17:00",
        ),
        pytest.param(
            NIGHTS,
            "2024-03-09 02:30",
            1,
            "2024-03-10T03:00:00-04:00",
            id="Sat 02:30 does not exist on Sun 2024-03-10: due 03:00 EDT, the first after the gap",
        ),
        pytest.param(
            NIGHTS,
            "2024-11-02 01:30",
            1,
            "2024-11-03T01:30:00-04:00",
            id="Sat 01:30 occurs twice on Sun 2024-11-03: due at the first, 01:30 EDT",
        ),
        pytest.param(
            HOWE_NIGHTS,
            "2024-10-05 02:15",
            1,
            "2024-10-06T02:30:00+11:00",
            id="Lord Howe: 02:15 does not exist on 2024-10-06: due 02:30 +11:00",
        ),
    ],
)
def test_add_business_days(rules: BusinessCalendar, start: str, count: int, expected: str) -> None:
    """N business days are the same local time on the N-th business day after the start day."""
    actual = rules.add(at(start, rules.zone), BusinessDays(count))

    assert expected == actual.isoformat()


# --- Pauses ---------------------------------------------------------------------------------

MONDAY_PAUSES: Final = {
    "10-11": ("2024-11-18 10:00", "2024-11-18 11:00"),
    "10:30-11:30": ("2024-11-18 10:30", "2024-11-18 11:30"),
    "10:30-11": ("2024-11-18 10:30", "2024-11-18 11:00"),
    "08-10": ("2024-11-18 08:00", "2024-11-18 10:00"),
    "13-14": ("2024-11-18 13:00", "2024-11-18 14:00"),
    "Sun-Mon 10": ("2024-11-17 00:00", "2024-11-18 10:00"),
    "Mon 16-Tue 10": ("2024-11-18 16:00", "2024-11-19 10:00"),
    "Sat": ("2024-11-16 08:00", "2024-11-16 18:00"),
}
"""Pauses around Monday 2024-11-18 in New York, by name."""


def pauses(*names: str) -> list[tuple[dt.datetime, dt.datetime]]:
    """The named `MONDAY_PAUSES` as aware datetimes."""
    return [(at(MONDAY_PAUSES[n][0], NEW_YORK), at(MONDAY_PAUSES[n][1], NEW_YORK)) for n in names]


@pytest.mark.parametrize(
    ("start", "target", "stops", "expected"),
    [
        pytest.param(
            "2024-11-18 09:00",
            "PT4H",
            (),
            "2024-11-18T13:00:00-05:00",
            id="without pauses Mon 09:00 + PT4H is due 13:00",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "PT4H",
            ("10-11",),
            "2024-11-18T14:00:00-05:00",
            id="a 10-11 pause moves Mon 09:00 + PT4H to 14:00",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "PT4H",
            ("10-11", "10:30-11:30"),
            "2024-11-18T14:30:00-05:00",
            id="overlapping pauses 10-11 and 10:30-11:30 stop the clock 90 minutes, not 120",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "PT4H",
            ("10:30-11:30", "10-11"),
            "2024-11-18T14:30:00-05:00",
            id="overlapping pauses in any order are merged",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "PT4H",
            ("10-11", "10-11"),
            "2024-11-18T14:00:00-05:00",
            id="the same pause twice stops the clock once",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "PT4H",
            ("10-11", "10:30-11"),
            "2024-11-18T14:00:00-05:00",
            id="a pause inside another adds nothing",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "PT4H",
            ("08-10",),
            "2024-11-18T14:00:00-05:00",
            id="a pause over the start starts the clock at its end, 10:00",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "PT4H",
            ("13-14",),
            "2024-11-18T13:00:00-05:00",
            id="a pause starting at the due time changes nothing",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "PT4H",
            ("Sat",),
            "2024-11-18T13:00:00-05:00",
            id="a pause before the start changes nothing",
        ),
        pytest.param(
            "2024-11-18 15:00",
            "PT4H",
            ("Mon 16-Tue 10",),
            "2024-11-19T13:00:00-05:00",
            id="Mon 15:00 + PT4H paused Mon 16:00 to Tue 10:00 is due Tue 13:00",
        ),
        pytest.param(
            "2024-11-18 10:30",
            "PT0S",
            ("10-11",),
            "2024-11-18T10:30:00-05:00",
            id="PT0S is due at the start, even inside a pause",
        ),
    ],
)
def test_add_with_pauses(start: str, target: str, stops: tuple[str, ...], expected: str) -> None:
    """Pauses stop the clock; overlapping pauses count once."""
    actual = OFFICE.add(at(start, NEW_YORK), BusinessTime.parse(target), pauses=pauses(*stops))

    assert expected == actual.isoformat()


@pytest.mark.parametrize(
    ("start", "end", "stops", "expected"),
    [
        pytest.param(
            "2024-11-18 09:00",
            "2024-11-18 17:00",
            ("10-11", "10:30-11:30"),
            "PT6H30M",
            id="Mon 09-17 less overlapping pauses 10-11 and 10:30-11:30 is 6h30",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "2024-11-18 17:00",
            ("10-11", "10-11"),
            "PT7H",
            id="Mon 09-17 less the same pause twice is 7 hours",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "2024-11-18 17:00",
            ("10-11", "10:30-11"),
            "PT7H",
            id="Mon 09-17 less a pause inside another is 7 hours",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "2024-11-19 17:00",
            ("Mon 16-Tue 10",),
            "PT14H",
            id="Mon 09:00 to Tue 17:00 less a pause Mon 16:00 to Tue 10:00 is 14 hours",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "2024-11-18 12:00",
            ("Sun-Mon 10",),
            "PT2H",
            id="a pause from before the start counts only inside the range",
        ),
        pytest.param(
            "2024-11-18 09:00",
            "2024-11-18 17:00",
            ("Sat",),
            "PT8H",
            id="a pause outside the range changes nothing",
        ),
    ],
)
def test_elapsed_with_pauses(start: str, end: str, stops: tuple[str, ...], expected: str) -> None:
    """Elapsed business time leaves out the merged pauses."""
    actual = OFFICE.elapsed(at(start, NEW_YORK), at(end, NEW_YORK), pauses=pauses(*stops))

    assert length(expected) == actual


# --- Open or not ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "moment", "expected"),
    [
        pytest.param(OFFICE, "2024-11-18 09:00", True, id="Mon 09:00, the opening edge, is open"),
        pytest.param(OFFICE, "2024-11-18 16:59:59.999999", True, id="Mon just before 17 is open"),
        pytest.param(OFFICE, "2024-11-18 17:00", False, id="Mon 17:00, the closing edge, is not"),
        pytest.param(OFFICE, "2024-11-18 08:59", False, id="Mon 08:59 is not open"),
        pytest.param(OFFICE, "2024-11-16 12:00", False, id="Saturday is not open"),
        pytest.param(OFFICE, "2024-12-25 12:00", False, id="an explicit holiday is not open"),
        pytest.param(US_FEDERAL, "2024-11-28 12:00", False, id="Thanksgiving is not open"),
        pytest.param(LUNCH, "2024-11-18 12:00", False, id="lunch: 12:00 is a closing edge"),
        pytest.param(LUNCH, "2024-11-18 13:00", True, id="lunch: 13:00 is an opening edge"),
        pytest.param(OVERNIGHT, "2024-11-19 00:00", True, id="overnight: Tue midnight is open"),
        pytest.param(OVERNIGHT, "2024-11-18 00:00", False, id="overnight: Mon midnight is not"),
        pytest.param(EVENINGS, "2024-11-19 00:00", False, id="24:00 closing: Tue 00:00 is not"),
        pytest.param(NIGHTS, "2024-11-03T01:30:00-05:00", True, id="the repeated 01:30 is open"),
    ],
)
def test_is_open(rules: BusinessCalendar, moment: str, expected: bool) -> None:  # noqa: FBT001 # a table column
    """A calendar is open from a window's opening time up to, not at, its closing time."""
    actual = rules.is_open(at(moment, rules.zone))

    assert expected == actual


@pytest.mark.parametrize(
    ("rules", "moment", "expected"),
    [
        pytest.param(OFFICE, "2024-11-18 10:00", "2024-11-18T10:00:00-05:00", id="open: itself"),
        pytest.param(OFFICE, "2024-11-16 10:00", "2024-11-18T09:00:00-05:00", id="Sat: Mon 09:00"),
        pytest.param(OFFICE, "2024-11-18 17:00", "2024-11-19T09:00:00-05:00", id="17:00: Tue 09"),
        pytest.param(OFFICE, "2024-12-25 08:00", "2024-12-26T09:00:00-05:00", id="holiday: Thu"),
        pytest.param(LUNCH, "2024-11-18 12:00", "2024-11-18T13:00:00-05:00", id="lunch: 13:00"),
        pytest.param(EVENINGS, "2024-11-19 00:00", "2024-11-19T18:00:00-05:00", id="Tue 18:00"),
        pytest.param(
            DAILY, "2024-03-10 03:00", "2024-03-10T09:00:00-04:00", id="spring change: 09 EDT"
        ),
    ],
)
def test_next_opening(rules: BusinessCalendar, moment: str, expected: str) -> None:
    """The next opening of an open moment is itself, else the start of the next window."""
    actual = rules.next_opening(at(moment, rules.zone))

    assert expected == actual.isoformat()


def test_open_intervals_are_clipped_to_the_range() -> None:
    """The open stretches between two times come in order, cut at both ends."""
    expected = [
        ("2024-11-18T10:00:00-05:00", "2024-11-18T12:00:00-05:00"),
        ("2024-11-18T13:00:00-05:00", "2024-11-18T17:00:00-05:00"),
        ("2024-11-19T09:00:00-05:00", "2024-11-19T10:00:00-05:00"),
    ]

    actual = LUNCH.open_intervals(
        at("2024-11-18 10:00", NEW_YORK), at("2024-11-19 10:00", NEW_YORK)
    )

    assert expected == [(low.isoformat(), high.isoformat()) for low, high in actual]


# --- Local times ----------------------------------------------------------------------------


def test_localize_reads_wall_clock_time() -> None:
    """A naive local time that happens once is read in the calendar's zone."""
    expected = "2024-11-04T09:00:00-05:00"

    actual = OFFICE.localize(dt.datetime(2024, 11, 4, 9))  # noqa: DTZ001 # naive on purpose

    assert expected == actual.isoformat()


@pytest.mark.parametrize(
    "wall",
    [
        pytest.param(dt.datetime(2024, 3, 10, 2, 30), id="2024-03-10 02:30 does not exist"),  # noqa: DTZ001 # naive on purpose
        pytest.param(dt.datetime(2024, 11, 3, 1, 30), id="2024-11-03 01:30 occurs twice"),  # noqa: DTZ001 # naive on purpose
    ],
)
def test_localize_refuses_unclear_times(wall: dt.datetime) -> None:
    """A local time that DST skips or repeats names no single instant."""
    with pytest.raises(LocalTimeError, match="America/New_York"):
        OFFICE.localize(wall)


NEW_YORK_ZONE: Final = zoneinfo.ZoneInfo(NEW_YORK)


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(dt.datetime(2024, 11, 18, 9), id="naive"),  # noqa: DTZ001 # naive on purpose
        pytest.param(dt.datetime(2024, 3, 10, 2, 30, tzinfo=NEW_YORK_ZONE), id="skipped, fold 0"),
        pytest.param(
            dt.datetime(2024, 3, 10, 2, 30, tzinfo=NEW_YORK_ZONE, fold=1), id="skipped, fold 1"
        ),
    ],
)
def test_unclear_inputs_are_refused(moment: dt.datetime) -> None:
    """Every clock method refuses a naive time and a wall-clock time that the zone skips."""
    later = at("2024-11-20 09:00", NEW_YORK)

    with pytest.raises(LocalTimeError):
        NIGHTS.add(moment, BusinessTime.parse("PT1H"))
    with pytest.raises(LocalTimeError):
        NIGHTS.add(moment, BusinessDays(1))
    with pytest.raises(LocalTimeError):
        NIGHTS.elapsed(moment, later)
    with pytest.raises(LocalTimeError):
        NIGHTS.elapsed(later, moment)
    with pytest.raises(LocalTimeError):
        NIGHTS.is_open(moment)
    with pytest.raises(LocalTimeError):
        NIGHTS.next_opening(moment)
    with pytest.raises(LocalTimeError):
        NIGHTS.add(later, BusinessTime.parse("PT1H"), pauses=[(moment, later)])


@pytest.mark.parametrize(
    ("moment", "utc"),
    [
        pytest.param(
            dt.datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK_ZONE), "05:30", id="repeated, fold 0"
        ),
        pytest.param(
            dt.datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK_ZONE, fold=1),
            "06:30",
            id="repeated, fold 1",
        ),
        pytest.param(pendulum.datetime(2024, 11, 3, 1, 30, tz=NEW_YORK), "06:30", id="pendulum"),
    ],
)
def test_a_repeated_time_names_its_instant_by_its_fold(moment: dt.datetime, utc: str) -> None:
    """An aware time in the repeated hour is one instant: its fold says which 01:30 it is."""
    due = NIGHTS.add(moment, BusinessTime(0))
    assert due.in_timezone("UTC").format("HH:mm") == utc
    assert NIGHTS.elapsed(moment, due) == dt.timedelta(0)


def test_a_due_time_in_the_repeated_hour_goes_back_in() -> None:
    """The second 01:01 returned by add is accepted by elapsed as the instant it is."""
    start = pendulum.datetime(2024, 11, 3, 6, tz="UTC")  # 01:00 EST, the second 01:00
    due = NIGHTS.add(start, BusinessTime.parse("PT1M"))
    assert (due.isoformat(), due.fold) == ("2024-11-03T01:01:00-05:00", 1)
    assert NIGHTS.elapsed(start, due) == dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(
            pendulum.parse("2024-11-03T01:30:00-04:00"),
            "2024-11-03T02:30:00-05:00",
            id="01:30-04:00 (the first 01:30) + PT2H is 02:30 EST",
        ),
        pytest.param(
            pendulum.parse("2024-11-03T01:30:00-05:00"),
            "2024-11-03T03:30:00-05:00",
            id="01:30-05:00 (the second 01:30) + PT2H is 03:30 EST",
        ),
        pytest.param(
            dt.datetime(2024, 11, 3, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
            "2024-11-03T02:30:00-05:00",
            id="a stdlib fixed offset is accepted too",
        ),
    ],
)
def test_fixed_offsets_are_accepted(moment: dt.datetime, expected: str) -> None:
    """A time with a fixed offset names one instant, even when the zone repeats its wall time."""
    actual = NIGHTS.add(moment, BusinessTime.parse("PT2H"))

    assert expected == actual.isoformat()


# --- The slow oracle ------------------------------------------------------------------------

EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MINUTE: Final = dt.timedelta(minutes=1)


def utc_at(minute: int) -> dt.datetime:
    """The UTC datetime `minute` minutes after the Unix epoch."""
    return EPOCH + minute * MINUTE


def minute_of(moment: dt.datetime) -> int:
    """Minutes since the Unix epoch of an aware datetime that lies on a whole minute."""
    utc = moment.astimezone(dt.UTC)
    assert (utc.second, utc.microsecond) == (0, 0), moment
    plain = dt.datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, tzinfo=dt.UTC)
    return (plain - EPOCH) // MINUTE


class SlowClock:
    """A calendar's open minutes found one UTC minute at a time, with the standard library only.

    A UTC minute is open when its local wall-clock time (in the calendar's
    zone) lies in a window of its local weekday, its local date is not a
    holiday, and it is not inside a pause. All instants are in minutes since
    the Unix epoch.
    """

    def __init__(self, rules: BusinessCalendar, stops: Sequence[tuple[int, int]] = ()) -> None:
        """Read the zone, windows and explicit holidays of `rules`; `stops` are pauses."""
        self.zone = zoneinfo.ZoneInfo(rules.zone)
        self.windows: dict[int, list[tuple[int, int]]] = {iso: [] for iso in range(1, 8)}
        for each in rules.windows:
            for day in each.days:
                self.windows[day.iso_number].append((each.start.minutes, each.end.minutes))
        self.holidays = {dt.date(day.year, day.month, day.day) for day in rules.holidays}
        self.stops = tuple(stops)

    def wall(self, minute: int) -> dt.datetime:
        """The naive local wall-clock time at `minute`."""
        return dt.datetime.fromtimestamp(minute * 60, self.zone).replace(tzinfo=None)

    def is_open(self, minute: int) -> bool:
        """Tell whether the minute starting at `minute` is business time."""
        if any(low <= minute < high for low, high in self.stops):
            return False
        local = self.wall(minute)
        if local.date() in self.holidays:
            return False
        clock = local.hour * 60 + local.minute
        return any(low <= clock < high for low, high in self.windows[local.isoweekday()])

    def is_business_day(self, day: dt.date) -> bool:
        """Tell whether `day` has a window on its weekday and is not a holiday."""
        return bool(self.windows[day.isoweekday()]) and day not in self.holidays

    def counts(self, start: int, end: int) -> list[int]:
        """Open minutes in `[start, start + i)` for each `i` from 0 to `end - start`."""
        return [0, *itertools.accumulate(self.is_open(m) for m in range(start, end))]


def slow_due(counts: Sequence[int], start: int, target: int) -> int:
    """The first minute at which `target` open minutes have passed, from `SlowClock.counts`."""
    return start + next(index for index, count in enumerate(counts) if count == target)


def slow_business_days(rules: BusinessCalendar, start: int, count: int) -> int | None:
    """The due minute of `count` business days after `start` (SEMANTICS §3), slowly.

    None when the calendar does not open within six weeks, or the target
    day has no open minute at all.
    """
    slow = SlowClock(rules)
    opening = next((m for m in range(start, start + 6 * 7 * 1440) if slow.is_open(m)), None)
    if opening is None:
        return None
    local = slow.wall(opening)
    target, clock = local.date(), local.hour * 60 + local.minute
    while count:
        target += dt.timedelta(days=1)
        count -= slow.is_business_day(target)
    midnight = minute_of(dt.datetime.combine(target, dt.time(), dt.UTC))
    scan = range(midnight - 15 * 60, midnight + 39 * 60)  # every UTC offset is within 15 hours
    if any(low <= clock <= high for low, high in slow.windows[target.isoweekday()]):
        wanted = dt.datetime.combine(target, dt.time(clock // 60, clock % 60))
        return next(m for m in scan if slow.wall(m) >= wanted)  # first, or first after a gap
    closings = [m + 1 for m in scan if slow.wall(m).date() == target and slow.is_open(m)]
    return max(closings, default=None)


def test_slow_clock_agrees_with_the_hand_tables() -> None:
    """The oracle itself gives the hand-computed answers for the DST nights of New York."""
    slow = SlowClock(NIGHTS)
    spring = minute_of(at("2024-03-10T00:00:00-05:00", NEW_YORK))
    autumn = minute_of(at("2024-11-03T00:00:00-04:00", NEW_YORK))
    expected = [300, 420]

    actual = [slow.counts(spring, spring + 1380)[-1], slow.counts(autumn, autumn + 1500)[-1]]

    assert expected == actual


# --- Properties -----------------------------------------------------------------------------

ZONES: Final = (
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
    "America/Santiago",
    "Pacific/Apia",
)
"""Zones with DST at 02:00, 01:00 UTC, by 30 minutes, never, at midnight, and a skipped day."""
FIRST_MINUTE: Final = minute_of(dt.datetime(2011, 1, 1, tzinfo=dt.UTC))
LAST_MINUTE: Final = minute_of(dt.datetime(2030, 12, 31, tzinfo=dt.UTC))


@functools.cache
def offset_changes(zone: str) -> tuple[int, ...]:
    """The minutes at which `zone` changes its UTC offset, 2011 to 2030, found with zoneinfo."""
    rules = zoneinfo.ZoneInfo(zone)

    def offset(minute: int) -> dt.timedelta | None:
        return dt.datetime.fromtimestamp(minute * 60, rules).utcoffset()

    found = []
    step = 1440  # these zones change their offset at most once a day
    for minute in range(FIRST_MINUTE, LAST_MINUTE, step):
        low, high = minute, minute + step
        if offset(low) != offset(high):
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
            found.append(high)
    return tuple(found)


def instants(zone: str) -> st.SearchStrategy[int]:
    """Whole minutes from 2011 to 2030, often within three days of an offset change of `zone`."""
    anywhere = st.integers(FIRST_MINUTE, LAST_MINUTE)
    changes = offset_changes(zone)
    if not changes:
        return anywhere
    near = st.builds(
        lambda change, shift: change + shift,
        st.sampled_from(changes),
        st.integers(-3 * 1440, 3 * 1440),
    )
    return st.one_of(near, near, anywhere)


TIMES_OF_DAY: Final = st.one_of(
    st.sampled_from([0, 60, 90, 120, 150, 180, 1380, 1410, 1440]),
    st.integers(0, 24).map(lambda hours: hours * 60),
    st.integers(0, 1440),
)
"""Window edges in minutes, often on the hours and half hours at which clocks change."""


@st.composite
def weekly_windows(draw: st.DrawFn) -> tuple[OpeningWindow, ...]:
    """One to three sets of weekdays, each with one to three windows (some touching or to 24:00)."""
    labels = draw(st.lists(st.integers(0, 3), min_size=7, max_size=7).filter(any))
    found: list[OpeningWindow] = []
    for group in (1, 2, 3):
        days = tuple(day for day, label in zip(Weekday, labels, strict=True) if label == group)
        if not days:
            continue
        count = draw(st.integers(1, 3))
        edges = sorted(draw(st.lists(TIMES_OF_DAY, min_size=2 * count, max_size=2 * count)))
        found.extend(
            OpeningWindow(days=days, start=TimeOfDay(start), end=TimeOfDay(end))
            for start, end in zip(edges[::2], edges[1::2], strict=True)
            if start < end
        )
    if not found:
        found.append(window("mon-fri", "09:00", "17:00"))
    return tuple(found)


class Scenario(NamedTuple):
    """A random calendar and a start minute; its holidays lie near the start."""

    rules: BusinessCalendar
    start: int

    @property
    def weekly(self) -> int:
        """Open minutes in an ordinary week."""
        return sum(
            (each.end.minutes - each.start.minutes) * len(each.days) for each in self.rules.windows
        )

    def at(self, shift: int) -> dt.datetime:
        """The UTC datetime `shift` minutes after the start."""
        return utc_at(self.start + shift)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A calendar in one of `ZONES`, a start near its offset changes or anywhere, holidays."""
    zone = draw(st.sampled_from(ZONES))
    start = draw(instants(zone))
    local = utc_at(start).astimezone(zoneinfo.ZoneInfo(zone)).date().toordinal()
    shifts = draw(st.lists(st.integers(-1, 20), max_size=3, unique=True))
    rules = BusinessCalendar(
        id="random",
        zone=zone,
        windows=draw(weekly_windows()),
        holidays=tuple(pendulum.Date.fromordinal(local + shift) for shift in shifts),
    )
    return Scenario(rules, start)


def pause_lists(span: int) -> st.SearchStrategy[list[tuple[int, int]]]:
    """Up to three pauses, as minutes relative to a start, from a day before to `span` after."""
    one = st.builds(
        lambda low, size: (low, low + size), st.integers(-1440, span), st.integers(1, 2 * 1440)
    )
    return st.lists(one, max_size=3)


def as_pauses(
    scenario: Scenario, stops: Sequence[tuple[int, int]]
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Relative pauses of `scenario` as pairs of UTC datetimes."""
    return [(scenario.at(low), scenario.at(high)) for low, high in stops]


def absolute(scenario: Scenario, stops: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Relative pauses of `scenario` as pairs of minutes since the epoch."""
    return [(scenario.start + low, scenario.start + high) for low, high in stops]


def target_minutes(scenario: Scenario, most: int) -> st.SearchStrategy[int]:
    """Business minutes to add: at most `most`, and at most about two years of the calendar's."""
    return st.integers(1, max(1, min(most, 100 * scenario.weekly)))


@settings(max_examples=100, deadline=None)
@given(data=st.data(), scenario=scenarios())
def test_due_time_lies_in_a_window_or_at_its_close(data: st.DataObject, scenario: Scenario) -> None:
    """The minute before a due time is open: the due time is inside a window or at its closing."""
    minutes = data.draw(target_minutes(scenario, 500 * 60))

    due = minute_of(scenario.rules.add(scenario.at(0), BusinessTime(minutes * 60)))

    assert due > scenario.start
    assert SlowClock(scenario.rules).is_open(due - 1)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), scenario=scenarios())
def test_elapsed_undoes_add(data: st.DataObject, scenario: Scenario) -> None:
    """The business time from a start to its due time is the target, with or without pauses."""
    minutes = data.draw(target_minutes(scenario, 500 * 60))
    stops = as_pauses(scenario, data.draw(pause_lists(30 * 1440)))
    target = BusinessTime(minutes * 60)

    due = scenario.rules.add(scenario.at(0), target, pauses=stops)
    spent = scenario.rules.elapsed(scenario.at(0), due, pauses=stops)

    assert dt.timedelta(minutes=minutes) == spent


@settings(max_examples=40, deadline=None)
@given(data=st.data(), scenario=scenarios(), span=st.integers(0, 10 * 1440))
def test_fast_clock_equals_slow_clock(data: st.DataObject, scenario: Scenario, span: int) -> None:
    """Adding and measuring business time agree with the minute-stepping oracle."""
    counts = SlowClock(scenario.rules).counts(scenario.start, scenario.start + span)
    total = counts[-1]
    targets = sorted({0, total, min(1, total), data.draw(st.integers(0, total))})
    low, high = sorted(data.draw(st.lists(st.integers(0, span), min_size=2, max_size=2)))
    rules = scenario.rules

    fast_total = rules.elapsed(scenario.at(0), scenario.at(span))
    fast_part = rules.elapsed(scenario.at(low), scenario.at(high))
    fast_dues = [minute_of(rules.add(scenario.at(0), BusinessTime(t * 60))) for t in targets]

    assert dt.timedelta(minutes=total) == fast_total
    assert dt.timedelta(minutes=counts[high] - counts[low]) == fast_part
    assert [slow_due(counts, scenario.start, t) for t in targets] == fast_dues


@settings(max_examples=40, deadline=None)
@given(data=st.data(), scenario=scenarios(), span=st.integers(0, 10 * 1440))
def test_fast_clock_equals_slow_clock_with_pauses(
    data: st.DataObject, scenario: Scenario, span: int
) -> None:
    """Adding and measuring business time around pauses agree with the oracle."""
    relative = data.draw(pause_lists(span).filter(bool))
    stops = as_pauses(scenario, relative)
    slow = SlowClock(scenario.rules, absolute(scenario, relative))
    counts = slow.counts(scenario.start, scenario.start + span)
    total = counts[-1]
    targets = sorted({0, total, min(1, total), data.draw(st.integers(0, total))})
    rules = scenario.rules

    fast_total = rules.elapsed(scenario.at(0), scenario.at(span), pauses=stops)
    fast_dues = [
        minute_of(rules.add(scenario.at(0), BusinessTime(t * 60), pauses=stops)) for t in targets
    ]

    assert dt.timedelta(minutes=total) == fast_total
    assert [slow_due(counts, scenario.start, t) for t in targets] == fast_dues


@settings(max_examples=100, deadline=None)
@given(scenario=scenarios())
def test_is_open_and_next_opening_equal_slow_clock(scenario: Scenario) -> None:
    """Whether a minute is open, and when the calendar next opens, agree with the oracle."""
    slow = SlowClock(scenario.rules)
    opening = next(m for m in itertools.count(scenario.start) if slow.is_open(m))

    actual_open = scenario.rules.is_open(scenario.at(0))
    actual_opening = scenario.rules.next_opening(scenario.at(0))

    assert slow.is_open(scenario.start) == actual_open
    assert opening == minute_of(actual_opening)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), scenario=scenarios())
def test_add_is_strictly_increasing_in_the_target(data: st.DataObject, scenario: Scenario) -> None:
    """A longer target is due strictly later."""
    shorter, longer = sorted(
        data.draw(st.lists(target_minutes(scenario, 300 * 60), min_size=2, max_size=2, unique=True))
    )
    start = scenario.at(0)

    early = scenario.rules.add(start, BusinessTime(shorter * 60))
    late = scenario.rules.add(start, BusinessTime(longer * 60))

    # As instants: the stdlib compares times of one zone by wall clock, ignoring the fold.
    assert minute_of(early) < minute_of(late)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), scenario=scenarios())
def test_elapsed_is_additive(data: st.DataObject, scenario: Scenario) -> None:
    """elapsed(a, b) + elapsed(b, c) == elapsed(a, c) for a <= b <= c, with or without pauses."""
    first, middle, last = sorted(
        data.draw(st.lists(st.integers(0, 60 * 1440), min_size=3, max_size=3))
    )
    stops = as_pauses(scenario, data.draw(pause_lists(60 * 1440)))
    rules = scenario.rules

    before = rules.elapsed(scenario.at(first), scenario.at(middle), pauses=stops)
    after = rules.elapsed(scenario.at(middle), scenario.at(last), pauses=stops)
    whole = rules.elapsed(scenario.at(first), scenario.at(last), pauses=stops)

    assert whole == before + after


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios(), count=st.integers(1, 3))
def test_business_days_equal_slow_business_days(scenario: Scenario, count: int) -> None:
    """Business days agree with the rule of SEMANTICS §3 applied minute by minute."""
    expected = slow_business_days(scenario.rules, scenario.start, count)
    assume(expected is not None)

    actual = scenario.rules.add(scenario.at(0), BusinessDays(count))

    assert expected == minute_of(actual)


def test_business_time_past_year_9999_is_out_of_range() -> None:
    """A due time after the last representable days raises OutOfRangeError, not ValueError."""
    always = BusinessCalendar.always_open("UTC")
    start = pendulum.datetime(9999, 12, 20, tz="UTC")
    assert always.add(start, BusinessTime.parse("PT24H")).isoformat() == "9999-12-21T00:00:00+00:00"
    with pytest.raises(OutOfRangeError, match="past year 9999"):
        always.add(start, BusinessTime.parse("PT2400H"))
