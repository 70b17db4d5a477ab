"""The short ways of the business clock's conversions give what the long ways give.

On an ordinary day (no change of UTC offset within a day of it) the
calendar reads an input time and writes a due time from the zone's one
offset of that day, and the clock adds business days with it; near a
change it asks the zone. These properties draw times near the offset
changes of zones with DST at 02:00 (New York), by 30 minutes (Lord Howe),
at midnight (Santiago), at 01:00 UTC (London), a skipped day (Apia) and
none (Kolkata, UTC), and check every short way against its long way,
errors included.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable
from typing import Final

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import (
    BusinessCalendar,
    BusinessDays,
    BusinessTime,
    LocalTimeError,
    MsaError,
    OpeningWindow,
    TimeOfDay,
    Weekday,
)
from msa_model._engines import clock as clock_engine
from msa_model._engines.clock import US, to_instant, zone_rules
from msa_model._model import calendar as calendar_model
from msa_model._model.calendar import (
    _datetime_near_changes,
    _instant_near_changes,
    checked_instant,
    local_time,
)

ZONES: Final = (
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Europe/London",
    "Pacific/Apia",
    "Asia/Kolkata",
    "UTC",
)
FIRST: Final = int(dt.datetime(2011, 1, 1, tzinfo=dt.UTC).timestamp())
LAST: Final = int(dt.datetime(2030, 12, 31, tzinfo=dt.UTC).timestamp())
DAY: Final = 86_400
EPOCH: Final = dt.date(1970, 1, 1).toordinal()


@functools.cache
def offset_changes(zone: str) -> tuple[int, ...]:
    """The seconds at which `zone` changes its UTC offset, 2011 to 2030, found with zoneinfo."""
    rules = zoneinfo.ZoneInfo(zone)

    def offset(second: int) -> dt.timedelta | None:
        return dt.datetime.fromtimestamp(second, rules).utcoffset()

    found = []
    for second in range(FIRST, LAST, DAY):  # these zones change at most once a day
        low, high = second, second + DAY
        if offset(low) != offset(high):
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
            found.append(high)
    return tuple(found)


@functools.cache
def instants(zone: str) -> st.SearchStrategy[int]:
    """Instants in microseconds, 2011 to 2030, mostly within two days of an offset change."""
    anywhere = st.integers(FIRST, LAST)
    changes = offset_changes(zone)
    seconds = anywhere
    if changes:
        near = st.builds(
            lambda change, shift: change + shift,
            st.sampled_from(changes),
            st.one_of(st.integers(-2 * DAY, 2 * DAY), st.integers(-3700, 3700)),
        )
        seconds = st.one_of(near, near, anywhere)
    fraction = st.one_of(st.just(0), st.integers(0, US - 1))
    return st.builds(lambda second, micro: second * US + micro, seconds, fraction)


@st.composite
def moments(draw: st.DrawFn, zone: str) -> dt.datetime:
    """An input time: a wall time often near an offset change of `zone`, any fold, many tzinfos.

    The wall time is shifted from an instant's by up to 90 minutes, so it
    falls in gaps and repeated hours as often as not. Its tzinfo is the
    zone (zoneinfo or pendulum), a fixed offset the zone uses, UTC, or none.
    """
    second, micro = divmod(draw(instants(zone)), US)
    local = dt.datetime.fromtimestamp(second, zoneinfo.ZoneInfo(zone)).replace(microsecond=micro)
    offsets = sorted(
        {
            dt.datetime.fromtimestamp(second + shift, zoneinfo.ZoneInfo(zone)).utcoffset()
            or dt.timedelta()
            for shift in (-DAY, 0, DAY)
        }
    )
    wall = local.replace(tzinfo=None) + dt.timedelta(minutes=draw(st.integers(-90, 90)))
    kinds = [
        zoneinfo.ZoneInfo(zone),
        pendulum.timezone(zone),
        dt.UTC,
        pendulum.UTC,
        *(dt.timezone(offset) for offset in offsets),
        *(pendulum.FixedTimezone(int(offset.total_seconds())) for offset in offsets),
        None,
    ]
    tzinfo = draw(st.sampled_from(kinds))
    fold = draw(st.integers(0, 1))
    if draw(st.booleans()):
        return pendulum.DateTime(*wall.timetuple()[:6], wall.microsecond, tzinfo=tzinfo, fold=fold)
    return wall.replace(tzinfo=tzinfo, fold=fold)


@functools.cache
def always_open(zone: str) -> BusinessCalendar:
    """A 24x7 calendar in `zone`, built once."""
    return BusinessCalendar.always_open(zone)


def outcome(read: Callable[..., object], *args: object, **kwargs: object) -> object:
    """What `read(*args, **kwargs)` gives: its value, or the type and text of its error."""
    try:
        return read(*args, **kwargs)
    except (LocalTimeError, TypeError, ValueError) as error:
        return (type(error), str(error))


@settings(max_examples=200, deadline=None)
@given(data=st.data(), zone=st.sampled_from(ZONES), repeated=st.booleans())
def test_reading_a_time_equals_the_long_way(
    data: st.DataObject,
    zone: str,
    repeated: bool,  # noqa: FBT001 # a drawn value
) -> None:
    """`checked_instant` gives the long way's instant (the exact one), or the same error."""
    moment = data.draw(moments(zone))

    expected = outcome(_instant_near_changes, moment, "start", repeated=repeated)
    actual = outcome(checked_instant, moment, "start", repeated=repeated)

    assert expected == actual
    assert not isinstance(actual, int) or to_instant(moment) == actual


def described(moment: dt.datetime) -> tuple[object, ...]:
    """Everything that tells two DateTimes apart: type, text, fold and zone name."""
    return (type(moment), moment.isoformat(), moment.fold, str(moment.tzinfo))


@settings(max_examples=200, deadline=None)
@given(data=st.data(), zone=st.sampled_from(ZONES))
def test_writing_a_time_equals_the_long_way(data: st.DataObject, zone: str) -> None:
    """A due time is written as the zone's own conversion writes it, fold included."""
    instant = data.draw(instants(zone))
    calendar = always_open(zone)

    expected = _datetime_near_changes(instant, pendulum.timezone(zone))
    actual = calendar._out(instant)

    assert described(expected) == described(actual)
    assert instant == to_instant(actual)


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    zone=st.sampled_from(ZONES),
    calendar_zone=st.sampled_from(["America/New_York", "Australia/Lord_Howe", "UTC"]),
)
def test_local_time_is_the_checked_instant_in_the_calendars_zone(
    data: st.DataObject, zone: str, calendar_zone: str
) -> None:
    """`local_time` (the opened-at time of `SLA.due`) is the instant read, written in the zone.

    Its text is also what pendulum's `in_timezone` writes, except for a
    pendulum DateTime with a standard-library tzinfo, which `in_timezone`
    reads with fold 1 whatever its fold: in a repeated hour that is not
    the instant the due times are counted from.
    """
    moment = data.draw(moments(zone))
    calendar = always_open(calendar_zone)
    tz = pendulum.timezone(calendar_zone)

    instant = outcome(checked_instant, moment, "opened_at")
    actual = outcome(local_time, calendar, moment, "opened_at")

    if isinstance(instant, int):
        assert isinstance(actual, pendulum.DateTime)
        assert described(_datetime_near_changes(instant, tz)) == described(actual)
        if type(moment) is not pendulum.DateTime or moment.timezone is not None:
            assert pendulum.instance(moment).in_timezone(tz).isoformat() == actual.isoformat()
    else:
        assert instant == actual


OFFICE: Final = (
    OpeningWindow(days=tuple(Weekday)[:5], start=TimeOfDay(9 * 60), end=TimeOfDay(17 * 60)),
)
NIGHTS: Final = (
    OpeningWindow(days=tuple(Weekday), start=TimeOfDay(0), end=TimeOfDay(6 * 60)),
    OpeningWindow(days=tuple(Weekday), start=TimeOfDay(22 * 60), end=TimeOfDay(24 * 60)),
)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), zone=st.sampled_from(ZONES))
def test_a_days_one_offset_holds_all_around_it(data: st.DataObject, zone: str) -> None:
    """A day's known offset is the zone's offset at an instant of that UTC or local day.

    The short ways rest on it: reading a time by its local day, writing one
    by its UTC day, and a business-day due time by its local day, where
    the clock would otherwise ask `to_utc`.
    """
    second = data.draw(instants(zone)) // US
    rules = zone_rules(zone)
    offset = dt.datetime.fromtimestamp(second, rules.zone).utcoffset()
    assert offset is not None
    actual = offset // dt.timedelta(seconds=1)
    wall = second + actual

    for ordinal in (second // DAY + EPOCH, wall // DAY + EPOCH):
        assert rules.day_offset(ordinal) in (None, actual)
    if rules.day_offset(wall // DAY + EPOCH) is not None:
        assert second == rules.to_utc(wall)


def test_caches_that_start_afresh_give_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for two entries only, the day and month caches give the same due times."""
    starts = [
        pendulum.datetime(2024, month, day, hour, tz="America/New_York")
        for month in (1, 3, 11)
        for day in (1, 3, 10, 28)
        for hour in (0, 9, 16)
    ]
    lengths = [BusinessTime.parse(text) for text in ("PT1H", "PT40H", "PT400H")]

    def due_times() -> list[str]:
        calendar = BusinessCalendar(id="c", zone="America/New_York", windows=OFFICE)
        found = [calendar.add(s, length).isoformat() for s in starts for length in lengths]
        found += [calendar.add(s, BusinessDays(3)).isoformat() for s in starts]
        return found

    expected = due_times()
    monkeypatch.setattr(calendar_model, "_DATES_KEPT", 2)
    monkeypatch.setattr(clock_engine, "_DAYS_KEPT", 2)
    monkeypatch.setattr(clock_engine, "_MONTHS_KEPT", 2)
    actual = due_times()

    assert expected == actual


def test_the_search_for_open_time_stops_after_360_months() -> None:
    """Open time in the 360th month from the start is found; in the 361st it is not."""
    mondays = [pendulum.Date(2024, 1, 1).add(weeks=week) for week in range(1600)]

    def due(weeks_closed: int) -> pendulum.DateTime:
        calendar = BusinessCalendar(
            id="mondays",
            zone="UTC",
            windows=(OpeningWindow(days=(Weekday.MON,), start=TimeOfDay(0), end=TimeOfDay(60)),),
            holidays=tuple(mondays[:weeks_closed]),
        )
        return calendar.add(pendulum.datetime(2024, 1, 1, tz="UTC"), BusinessTime.parse("PT1H"))

    last = max(week for week, day in enumerate(mondays) if (day.year, day.month) <= (2053, 12))

    assert due(last).isoformat() == "2053-12-29T01:00:00+00:00"
    with pytest.raises(MsaError, match="no open time within 30 years"):
        due(last + 1)
