from __future__ import annotations

import attrs
import pendulum
import pytest

from msa_model import BusinessDays, BusinessTime, MsaError, Period, ValidationError
from msa_model._values.period import MAX_BUSINESS_SECONDS, MAX_UNIT
from msa_model.errors import ParseError

PERIOD_RULE = (
    "must be an ISO 8601 period of whole years, months, weeks and days such as 'P36M' or 'P90D'"
)
TIME_RULE = (
    "must be an ISO 8601 length of whole hours, minutes and seconds such as 'PT4H' or 'PT30M'"
)


def day(text: str) -> pendulum.Date:
    """Read a calendar day written as `YYYY-MM-DD`."""
    year, month, day_of_month = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, day_of_month)


# --- Period: text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years", "months", "weeks", "days"),
    [
        pytest.param("P1Y", 1, 0, 0, 0, id="P1Y one year"),
        pytest.param("P36M", 0, 36, 0, 0, id="P36M thirty-six months"),
        pytest.param("P2W", 0, 0, 2, 0, id="P2W two weeks"),
        pytest.param("P90D", 0, 0, 0, 90, id="P90D ninety days"),
        pytest.param("P1Y6M", 1, 6, 0, 0, id="P1Y6M years and months"),
        pytest.param("P3W4D", 0, 0, 3, 4, id="P3W4D weeks and days"),
        pytest.param("P1M1W", 0, 1, 1, 0, id="P1M1W months and weeks"),
        pytest.param("P1Y2M3W4D", 1, 2, 3, 4, id="P1Y2M3W4D every unit"),
        pytest.param("P0D", 0, 0, 0, 0, id="P0D zero"),
        pytest.param("P9999Y", 9999, 0, 0, 0, id="P9999Y the largest unit"),
    ],
)
def test_parse_reads_each_unit(text: str, years: int, months: int, weeks: int, days: int) -> None:
    """`Period.parse` reads years, months, weeks and days in ISO 8601 order."""
    expected = Period(years=years, months=months, weeks=weeks, days=days)

    assert expected == Period.parse(text)


@pytest.mark.parametrize(
    "text",
    ["P1Y", "P36M", "P2W", "P90D", "P1Y6M", "P3W4D", "P1M1W", "P1Y2M3W4D", "P0D", "P9999Y"],
)
def test_str_writes_back_the_text_read(text: str) -> None:
    """A period written in canonical form reads and writes back to the same text."""
    assert text == str(Period.parse(text))


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        pytest.param(Period(), "P0D", id="zero is P0D"),
        pytest.param(Period(years=1, days=5), "P1Y5D", id="years and days skip the zeros"),
        pytest.param(Period(weeks=2), "P2W", id="weeks stay weeks"),
        pytest.param(Period(months=18), "P18M", id="18 months are not turned into P1Y6M"),
        pytest.param(Period(days=14), "P14D", id="14 days are not turned into P2W"),
    ],
)
def test_str_keeps_units_as_written(period: Period, expected: str) -> None:
    """`str` writes each non-zero unit as given, never converting between units."""
    assert expected == str(period)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("P0Y", "P0D"), ("P0Y3M", "P3M"), ("P01M", "P1M"), ("P0W0D", "P0D")],
    ids=["P0Y to P0D", "zero years dropped", "leading zero dropped", "zero weeks and days"],
)
def test_zero_units_and_leading_zeros_are_not_kept(text: str, expected: str) -> None:
    """Zero units and leading zeros carry no meaning and are dropped from the text."""
    assert expected == str(Period.parse(text))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("P", id="P alone"),
        pytest.param("", id="empty"),
        pytest.param("P1.5M", id="fraction"),
        pytest.param("P1,5M", id="fraction with a comma"),
        pytest.param("-P1M", id="negative"),
        pytest.param("P-1M", id="negative unit"),
        pytest.param("P+1M", id="plus sign"),
        pytest.param("PT1H", id="time designator"),
        pytest.param("P1DT1H", id="days and time"),
        pytest.param("p1m", id="lower case"),
        pytest.param("P10000D", id="five digits"),
        pytest.param("P1M2Y", id="units out of order"),
        pytest.param("P1M1M", id="unit repeated"),
        pytest.param("1M", id="no P"),
        pytest.param(" P1M", id="leading space"),
        pytest.param("P1M ", id="trailing space"),
        pytest.param("P1M\n", id="trailing newline"),
        pytest.param("P1H", id="hours without T"),
        pytest.param("2024-01-01/P1M", id="interval"),
    ],
)
def test_parse_refuses_anything_but_whole_calendar_units(text: str) -> None:
    """Signs, fractions, times, lower case and numbers over 9999 are refused."""
    expected = f"{PERIOD_RULE} (got {text!r})"

    with pytest.raises(ParseError) as caught:
        Period.parse(text)

    assert expected == str(caught.value)


def test_parse_refuses_a_number() -> None:
    """A number is not period text; the error quotes it."""
    with pytest.raises(ValueError, match="P36M") as caught:
        Period.parse(36)  # type: ignore[arg-type]

    assert f"{PERIOD_RULE} (got 36)" == str(caught.value)


def test_parse_error_is_an_msa_error_and_a_value_error() -> None:
    """Callers catching MsaError or ValueError catch bad length text."""
    assert issubclass(ParseError, MsaError)
    assert issubclass(ParseError, ValueError)


# --- Period: fields -----------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"months": -1}, "Period.months: must be at least 0 (got -1)", id="negative"),
        pytest.param(
            {"days": 10000}, "Period.days: must be at most 9999 (got 10000)", id="over 9999"
        ),
        pytest.param({"years": True}, "Period.years: must be an int (got bool)", id="bool"),
        pytest.param({"weeks": "1"}, "Period.weeks: must be an int (got str)", id="text"),
        pytest.param({"months": 1.0}, "Period.months: must be an int (got float)", id="float"),
    ],
)
def test_fields_are_whole_numbers_in_range(fields: dict[str, object], message: str) -> None:
    """Each unit is an int from 0 to 9999."""
    with pytest.raises(ValidationError) as caught:
        Period(**fields)  # type: ignore[arg-type]

    assert message == str(caught.value)


def test_every_unit_out_of_range_is_reported() -> None:
    """Two units out of range give two problems at once."""
    expected = [
        "Period.years: must be at least 0 (got -1)",
        "Period.days: must be at most 9999 (got 10000)",
    ]

    with pytest.raises(ValidationError) as caught:
        Period(years=-1, days=10000)

    assert expected == [str(problem) for problem in caught.value.problems]


def test_fields_are_keyword_only() -> None:
    """`Period(1)` is ambiguous, so the units must be named."""
    with pytest.raises(TypeError):
        Period(1)  # type: ignore[call-arg]


def test_max_unit() -> None:
    """The largest number of any one unit is 9999."""
    assert MAX_UNIT == 9999


# --- Period: arithmetic -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months_total", "days_total"),
    [
        ("P1Y6M", 18, 0),
        ("P2W3D", 0, 17),
        ("P1Y2M3W4D", 14, 25),
        ("P12M", 12, 0),
        ("P1Y", 12, 0),
        ("P0D", 0, 0),
    ],
)
def test_totals_count_years_as_12_months_and_weeks_as_7_days(
    text: str, months_total: int, days_total: int
) -> None:
    """`months_total` is years × 12 + months; `days_total` is weeks × 7 + days."""
    period = Period.parse(text)

    assert months_total == period.months_total
    assert days_total == period.days_total


@pytest.mark.parametrize(
    ("text", "expected"),
    [("P0D", True), ("P0Y0M", True), ("P1D", False), ("P1W", False), ("P1M", False)],
)
def test_is_zero(text: str, *, expected: bool) -> None:
    """Only a period with every unit zero is zero."""
    assert expected == Period.parse(text).is_zero


@pytest.mark.parametrize(
    ("start", "text", "times", "expected"),
    [
        pytest.param("2024-01-31", "P1M", 1, "2024-02-29", id="2024-01-31 + P1M, leap February"),
        pytest.param("2025-01-31", "P1M", 1, "2025-02-28", id="2025-01-31 + P1M, February"),
        pytest.param("2024-01-31", "P1M", 2, "2024-03-31", id="2024-01-31 + 2 x P1M back to 31st"),
        pytest.param("2024-01-31", "P1M", 3, "2024-04-30", id="2024-01-31 + 3 x P1M from anchor"),
        pytest.param("2024-02-29", "P1Y", 1, "2025-02-28", id="2024-02-29 + P1Y clamps"),
        pytest.param("2024-02-29", "P1Y", 4, "2028-02-29", id="2024-02-29 + 4 x P1Y leap again"),
        pytest.param("2024-01-31", "P1M1D", 1, "2024-03-01", id="2024-01-31 + P1M1D months first"),
        pytest.param("2024-01-31", "P1M1D", 2, "2024-04-02", id="2024-01-31 + 2 x P1M1D"),
        pytest.param("2024-01-30", "P1M1W", 1, "2024-03-07", id="2024-01-30 + P1M1W"),
        pytest.param("2024-01-31", "P1Y1M", 1, "2025-02-28", id="2024-01-31 + P1Y1M"),
        pytest.param("2025-01-01", "P12M", 1, "2026-01-01", id="2025-01-01 + P12M"),
        pytest.param("2025-12-31", "P90D", 1, "2026-03-31", id="2025-12-31 + P90D"),
        pytest.param("2024-02-20", "P2W", 1, "2024-03-05", id="2024-02-20 + P2W"),
        pytest.param("2024-01-01", "P10D", 3, "2024-01-31", id="2024-01-01 + 3 x P10D"),
        pytest.param("2024-01-31", "P0D", 1, "2024-01-31", id="P0D adds nothing"),
        pytest.param("2024-01-31", "P1M", 0, "2024-01-31", id="times 0 adds nothing"),
    ],
)
def test_add_to_clamps_to_month_end_and_counts_from_the_anchor(
    start: str, text: str, times: int, expected: str
) -> None:
    """`add_to` applies months (clamped) then days, multiplied from the anchor in one step."""
    actual = Period.parse(text).add_to(day(start), times=times)

    assert day(expected) == actual
    assert type(actual) is pendulum.Date


def test_add_to_from_the_anchor_does_not_drift_like_repeated_addition() -> None:
    """Three monthly steps from 01-31 end on 04-30, where chained steps drift to 04-29."""
    monthly = Period(months=1)
    chained = monthly.add_to(monthly.add_to(monthly.add_to(day("2024-01-31"))))

    actual = monthly.add_to(day("2024-01-31"), times=3)

    assert day("2024-04-30") == actual
    assert day("2024-04-29") == chained


@pytest.mark.parametrize(
    ("period", "times", "expected"),
    [
        pytest.param(Period.parse("P1Y2M3W4D"), 2, "P2Y4M6W8D", id="every unit doubled"),
        pytest.param(Period.parse("P1M"), 36, "P36M", id="P1M x 36 stays months"),
        pytest.param(Period.parse("P1Y"), 0, "P0D", id="times zero is P0D"),
        pytest.param(Period.parse("P9999Y"), 1, "P9999Y", id="largest unit times one"),
    ],
)
def test_multiplying_multiplies_each_unit(period: Period, times: int, expected: str) -> None:
    """Multiplying by k multiplies each unit and keeps the units."""
    assert expected == str(period * times)
    assert expected == str(times * period)


@pytest.mark.parametrize(
    ("times", "message"),
    [
        (2, "Period.years: must be at most 9999 (got 19998)"),
        (-1, "Period.years: must be at least 0 (got -9999)"),
    ],
    ids=["past 9999", "negative"],
)
def test_multiplying_out_of_range_is_refused(times: int, message: str) -> None:
    """A product beyond the bounds of a unit is not a valid period."""
    with pytest.raises(ValidationError) as caught:
        Period(years=9999) * times

    assert message == str(caught.value)


@pytest.mark.parametrize("times", [True, 1.5, "2"], ids=["bool", "float", "str"])
def test_multiplying_by_anything_but_an_int_is_a_type_error(times: object) -> None:
    """Only whole numbers (not bools) multiply a period."""
    with pytest.raises(TypeError):
        Period(months=1) * times  # type: ignore[operator]


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("P1Y", "P6M", "P1Y6M"),
        ("P1M", "P1M", "P2M"),
        ("P2W", "P3D", "P2W3D"),
        ("P1Y2M3W4D", "P0D", "P1Y2M3W4D"),
        ("P1Y", "P12M", "P1Y12M"),
    ],
)
def test_adding_periods_adds_unit_by_unit(left: str, right: str, expected: str) -> None:
    """Periods add unit by unit, without carrying months into years."""
    assert expected == str(Period.parse(left) + Period.parse(right))


def test_adding_a_number_is_a_type_error() -> None:
    """A bare number has no unit, so it cannot be added to a period."""
    with pytest.raises(TypeError):
        Period(months=1) + 1  # type: ignore[operator]


def test_p1y_and_p12m_are_kept_as_written() -> None:
    """P1Y and P12M have the same months_total but are distinct values with distinct text."""
    one_year, twelve_months = Period.parse("P1Y"), Period.parse("P12M")

    assert one_year != twelve_months
    assert one_year.months_total == twelve_months.months_total
    assert (str(one_year), str(twelve_months)) == ("P1Y", "P12M")


def test_p1m_is_not_p30d() -> None:
    """A month is not thirty days (unlike pendulum's Duration, PITFALLS 2)."""
    assert Period.parse("P1M") != Period.parse("P30D")


def test_period_is_frozen_and_hashable() -> None:
    """Periods are immutable values usable as dict keys."""
    period = Period(months=3)

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        period.months = 4  # type: ignore[misc]
    assert {Period(months=3): "quarter"}[period] == "quarter"


def test_evolve_revalidates() -> None:
    """`attrs.evolve` into a negative unit raises like the constructor does."""
    with pytest.raises(ValidationError, match=r"Period\.days: must be at least 0"):
        attrs.evolve(Period(days=1), days=-1)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        pytest.param("P1Y6M", "en_US", "1 year and 6 months", id="en_US years and months"),
        pytest.param(
            "P1Y2M3W4D", "en_US", "1 year, 2 months, 3 weeks, and 4 days", id="en_US every unit"
        ),
        pytest.param("P1D", "en_US", "1 day", id="en_US singular"),
        pytest.param("P0D", "en_US", "0 days", id="en_US zero"),
        pytest.param("P36M", "de_DE", "36 Monate", id="de_DE months kept as months"),
        pytest.param("P1Y6M", "de_DE", "1 Jahr und 6 Monate", id="de_DE years and months"),
    ],
)
def test_period_format_in_words(text: str, locale: str, expected: str) -> None:
    """`format` writes each unit in words in the locale's language, joined as a list."""
    assert expected == Period.parse(text).format(locale)


@pytest.mark.parametrize(
    ("length", "locale", "expected"),
    [
        pytest.param(
            Period.parse("P1Y6M"),
            "ja_JP",
            "1 \u5e74\u30016 \u304b\u6708",
            id="ja_JP period",
        ),
        pytest.param(
            Period.parse("P1Y6M"),
            "ko_KR",
            "1\ub144 \ubc0f 6\uac1c\uc6d4",
            id="ko_KR period",
        ),
        pytest.param(
            BusinessTime.parse("PT4H"),
            "ja_JP",
            "4 \u6642\u9593",
            id="ja_JP business time",
        ),
        pytest.param(BusinessTime.parse("PT4H"), "de_DE", "4 Stunden", id="de_DE business time"),
    ],
)
def test_format_never_shows_unit_ids(
    length: Period | BusinessTime, locale: str, expected: str
) -> None:
    """Every locale gets words, never Babel's internal unit ids such as 'duration-year'."""
    actual = length.format(locale)

    assert "duration-" not in actual
    assert expected == actual


# --- BusinessDays -------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 business days"),
        (1, "1 business day"),
        (2, "2 business days"),
        (30, "30 business days"),
    ],
)
def test_business_days_str(count: int, expected: str) -> None:
    """`str` writes the count in words, singular for one."""
    assert expected == str(BusinessDays(count))


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (-1, "BusinessDays.count: must be at least 0 (got -1)"),
        (10000, "BusinessDays.count: must be at most 9999 (got 10000)"),
        (True, "BusinessDays.count: must be an int (got bool)"),
        ("3", "BusinessDays.count: must be an int (got str)"),
    ],
    ids=["negative", "over 9999", "bool", "text"],
)
def test_business_days_count_is_a_whole_number_in_range(count: object, message: str) -> None:
    """A business-day count is an int from 0 to 9999."""
    with pytest.raises(ValidationError) as caught:
        BusinessDays(count)  # type: ignore[arg-type]

    assert message == str(caught.value)


def test_business_days_are_not_a_period() -> None:
    """Ten business days are never the same value as ten calendar days."""
    assert BusinessDays(10) != Period(days=10)  # type: ignore[comparison-overlap]


@pytest.mark.parametrize(
    ("count", "locale", "expected"),
    [
        (1, "en_US", "1 business day"),
        (1500, "en_US", "1,500 business days"),
        (1500, "de_DE", "1.500 business days"),
        (1500, "fr_FR", "1\u202f500 business days"),
    ],
    ids=["en_US one", "en_US grouping", "de_DE grouping", "fr_FR narrow no-break space"],
)
def test_business_days_format(count: int, locale: str, expected: str) -> None:
    """`format` writes the number the locale's way and the words in English."""
    assert expected == BusinessDays(count).format(locale)


# --- BusinessTime -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT4H", 14_400),
        ("PT30M", 1_800),
        ("PT90M", 5_400),
        ("PT1H30M", 5_400),
        ("PT45S", 45),
        ("PT1H1M1S", 3_661),
        ("PT52H", 187_200),
        ("PT3600S", 3_600),
        ("PT0S", 0),
        ("PT0H", 0),
    ],
)
def test_business_time_parse(text: str, seconds: int) -> None:
    """`BusinessTime.parse` reads hours, minutes and seconds into whole seconds."""
    assert BusinessTime(seconds) == BusinessTime.parse(text)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (14_400, "PT4H"),
        (5_400, "PT1H30M"),
        (3_661, "PT1H1M1S"),
        (86_400, "PT24H"),
        (59, "PT59S"),
        (360_001, "PT100H1S"),
        (0, "PT0S"),
    ],
)
def test_business_time_str(seconds: int, expected: str) -> None:
    """`str` writes hours, minutes and seconds, leaving out zeros; zero is PT0S."""
    assert expected == str(BusinessTime(seconds))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("PT90M", "PT1H30M"), ("PT3600S", "PT1H"), ("PT0M", "PT0S"), ("PT120S", "PT2M")],
    ids=["PT90M is PT1H30M", "PT3600S is PT1H", "PT0M is PT0S", "PT120S is PT2M"],
)
def test_business_time_text_is_normalised(text: str, expected: str) -> None:
    """The same length reads back in its normal form."""
    assert expected == str(BusinessTime.parse(text))


@pytest.mark.parametrize("text", ["P1D", "P2W", "P1M", "P1Y", "P1DT4H", "P10D"])
def test_business_time_refuses_day_designators_with_a_specific_message(text: str) -> None:
    """A day (or longer) designator is refused as ambiguous, pointing to PT24H or business days."""
    expected = (
        f"business time must not use days, weeks, months or years (got {text!r}): "
        "write hours such as 'PT24H', or use business days"
    )

    with pytest.raises(ParseError) as caught:
        BusinessTime.parse(text)

    assert expected == str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("PT", id="PT alone"),
        pytest.param("P", id="P alone"),
        pytest.param("", id="empty"),
        pytest.param("PT1.5H", id="fraction"),
        pytest.param("-PT1H", id="negative"),
        pytest.param("pt1h", id="lower case"),
        pytest.param("T1H", id="no P"),
        pytest.param("PT1H30", id="number without unit"),
        pytest.param("PT1M1H", id="units out of order"),
        pytest.param("4h", id="informal"),
        pytest.param("PT1000000H", id="seven digits of hours"),
    ],
)
def test_business_time_refuses_other_text(text: str) -> None:
    """Text that is not whole hours, minutes and seconds gets the general message."""
    expected = f"{TIME_RULE} (got {text!r})"

    with pytest.raises(ParseError) as caught:
        BusinessTime.parse(text)

    assert expected == str(caught.value)


def test_business_time_of_87600_hours_is_accepted() -> None:
    """87,600 hours (ten years around the clock) is the longest business time."""
    expected = 87_600 * 3_600

    longest = BusinessTime.parse("PT87600H")

    assert expected == longest.seconds
    assert expected == MAX_BUSINESS_SECONDS


@pytest.mark.parametrize(
    "text", ["PT87601H", "PT87600H1S", "PT87599H60M1S"], ids=["hours", "one second more", "carried"]
)
def test_business_time_text_over_87600_hours_is_refused(text: str) -> None:
    """Text longer than 87,600 hours is refused as text, quoting it."""
    expected = f"must be at most 87600 hours (got {text!r})"

    with pytest.raises(ParseError) as caught:
        BusinessTime.parse(text)

    assert expected == str(caught.value)


def test_business_time_over_87600_hours_is_refused() -> None:
    """One second more than 87,600 hours is not a valid business time."""
    expected = "BusinessTime.seconds: must be at most 315360000 (got 315360001)"

    with pytest.raises(ValidationError) as caught:
        BusinessTime(315_360_001)

    assert expected == str(caught.value)


@pytest.mark.parametrize(
    ("seconds", "message"),
    [
        (-1, "BusinessTime.seconds: must be at least 0 (got -1)"),
        (True, "BusinessTime.seconds: must be an int (got bool)"),
        (1.5, "BusinessTime.seconds: must be an int (got float)"),
    ],
    ids=["negative", "bool", "float"],
)
def test_business_time_seconds_are_whole_and_not_negative(seconds: object, message: str) -> None:
    """Business time is a non-negative whole number of seconds."""
    with pytest.raises(ValidationError) as caught:
        BusinessTime(seconds)  # type: ignore[arg-type]

    assert message == str(caught.value)


@pytest.mark.parametrize(
    ("hours", "minutes", "seconds", "expected"),
    [(1, 30, 0, 5_400), (0, 0, 90, 90), (4, 0, 0, 14_400), (0, 0, 0, 0)],
)
def test_business_time_of(hours: int, minutes: int, seconds: int, expected: int) -> None:
    """`BusinessTime.of` adds hours, minutes and seconds."""
    actual = BusinessTime.of(hours=hours, minutes=minutes, seconds=seconds)

    assert BusinessTime(expected) == actual


@pytest.mark.parametrize(("seconds", "hours"), [(14_400, 4), (5_400, 1), (3_599, 0)])
def test_business_time_hours_are_whole_hours(seconds: int, hours: int) -> None:
    """`hours` counts whole hours, dropping the rest."""
    assert hours == BusinessTime(seconds).hours


def test_business_time_orders_by_length() -> None:
    """Business times sort by length, whatever text they were written in."""
    texts = ["PT4H", "PT30M", "PT90M", "PT1H"]

    actual = [str(length) for length in sorted(BusinessTime.parse(text) for text in texts)]

    assert actual == ["PT30M", "PT1H", "PT1H30M", "PT4H"]
    assert BusinessTime.parse("PT60M") == BusinessTime.parse("PT1H")
    assert BusinessTime.parse("PT4H") < BusinessTime.parse("PT8H")
    assert BusinessTime.parse("PT8H") >= BusinessTime.parse("PT480M")


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("PT1H30M", "en_US", "1 hour and 30 minutes"),
        ("PT1H1M1S", "en_US", "1 hour, 1 minute, and 1 second"),
        ("PT0S", "en_US", "0 seconds"),
        ("PT4H", "de_DE", "4 Stunden"),
        ("PT1H30M", "de_DE", "1 Stunde und 30 Minuten"),
    ],
)
def test_business_time_format_in_words(text: str, locale: str, expected: str) -> None:
    """`format` writes hours, minutes and seconds in words in the locale's language."""
    assert expected == BusinessTime.parse(text).format(locale)


def test_business_time_is_frozen_and_hashable() -> None:
    """Business times are immutable values usable in sets."""
    length = BusinessTime.parse("PT4H")

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        length.seconds = 1  # type: ignore[misc]
    assert {BusinessTime.parse("PT240M")} == {length}
