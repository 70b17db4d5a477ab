"""Availability and service credits (SEMANTICS §4, money rules of §5).

Every expected figure in the tables was worked out by hand from SEMANTICS;
the maintenance windows are also compared with a slow oracle that steps
through the period reading the local wall clock with `zoneinfo`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from decimal import Decimal
from fractions import Fraction
from typing import Final

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import Money, OpeningWindow, TimeOfDay, Weekday
from msa_model._engines.availability import (
    Measured,
    allowed_downtime,
    credit_amount,
    credit_percent,
    maintenance_intervals,
    measure,
    measurement_bounds,
    percent_text,
    rolling_cap,
    tier_reached,
)
from msa_model._engines.clock import US, Interval, from_instant, to_instant

PROPERTIES: Final = settings(max_examples=200, deadline=None)

SECOND: Final = US
MINUTE: Final = 60 * US
HOUR: Final = 60 * MINUTE
DAY: Final = 24 * HOUR

TIERS: Final = (
    (Decimal("99.9"), Decimal(10)),
    (Decimal(99), Decimal(25)),
    (Decimal(95), Decimal(50)),
)
"""Below 99.9 % → 10 %, below 99 % → 25 %, below 95 % → 50 % of the fee."""


def at(text: str) -> int:
    """An instant written in RFC 3339 with its offset, e.g. `2024-03-01T00:00:00+00:00`."""
    return to_instant(dt.datetime.fromisoformat(text))


def date(text: str) -> pendulum.Date:
    """A calendar day written as `YYYY-MM-DD`."""
    year, month, day = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, day)


def window(days: str, start: str, end: str) -> OpeningWindow:
    """A weekly window: `days` such as `sun` or `fri,sat`, times `HH:MM`."""
    return OpeningWindow(
        days=tuple(Weekday(name) for name in days.split(",")),
        start=TimeOfDay.parse(start),
        end=TimeOfDay.parse(end),
    )


def usd(amount: str) -> Money:
    """An amount in US dollars."""
    return Money.of(amount, "USD")


# -- the measurement period ---------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "first_day", "months", "minutes"),
    [
        # March 2024 in London skips 01:00-02:00 on the 31st: 31 days less an hour.
        ("Europe/London", "2024-03-01", 1, 44_580),
        # October 2024 in London repeats 01:00-02:00 on the 27th: 31 days and an hour.
        ("Europe/London", "2024-10-01", 1, 44_700),
        # March 2024 in New York skips 02:00-03:00 on the 10th.
        ("America/New_York", "2024-03-01", 1, 44_580),
        # November 2024 in New York repeats 01:00-02:00 on the 3rd: 30 days and an hour.
        ("America/New_York", "2024-11-01", 1, 43_260),
        # A month without a change: 30 days exactly.
        ("America/New_York", "2024-06-01", 1, 43_200),
        # February of a leap year in UTC: 29 days.
        ("UTC", "2024-02-01", 1, 41_760),
        # A quarter holding the spring change: 91 days less an hour.
        ("America/New_York", "2024-01-01", 3, 130_980),
        # A year: the hour skipped in spring comes back in autumn; 2024 has 366 days.
        ("Europe/London", "2024-01-01", 12, 527_040),
        # A month from the 31st ends on the 29th of February (month ends clamp).
        ("UTC", "2024-01-31", 1, 29 * 1440),
    ],
)
def test_measurement_period_lasts(zone: str, first_day: str, months: int, minutes: int) -> None:
    """A measurement period runs from local midnight to local midnight, in real time."""
    start, end = measurement_bounds(zone, date(first_day), months)

    assert minutes * MINUTE == end - start


@pytest.mark.parametrize(
    ("zone", "first_day", "start", "end"),
    [
        ("Europe/London", "2024-03-01", "2024-03-01T00:00:00+00:00", "2024-04-01T00:00:00+01:00"),
        (
            "America/New_York",
            "2024-11-01",
            "2024-11-01T00:00:00-04:00",
            "2024-12-01T00:00:00-05:00",
        ),
        # Chile moves its clocks forward at midnight: 2024-09-08 00:00 never happens,
        # so the period starts at the first instant after the gap, 01:00 -03:00.
        (
            "America/Santiago",
            "2024-09-08",
            "2024-09-08T01:00:00-03:00",
            "2024-10-08T00:00:00-03:00",
        ),
    ],
)
def test_measurement_period_starts_and_ends_at_local_midnight(
    zone: str, first_day: str, start: str, end: str
) -> None:
    """The bounds are the instants of local midnight (after the gap when midnight is skipped)."""
    expected = (at(start), at(end))

    assert expected == measurement_bounds(zone, date(first_day), 1)


def test_measurement_period_of_two_months_is_refused() -> None:
    """Periods are a month, a quarter or a year."""
    with pytest.raises(ValueError, match="months must be 1, 3 or 12"):
        measurement_bounds("UTC", date("2024-01-01"), 2)


def test_measurement_period_refuses_a_datetime() -> None:
    """A period starts on a day; a DateTime (a subclass of Date) is refused."""
    with pytest.raises(TypeError, match="first_day must be a date"):
        measurement_bounds("UTC", pendulum.datetime(2024, 1, 1, tz="UTC"), 1)


# -- maintenance windows ------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "first_day", "windows", "minutes"),
    [
        # Sundays 00:00-06:00 in New York, March 2024: the 10th skips an hour.
        (
            "America/New_York",
            "2024-03-01",
            [window("sun", "00:00", "06:00")],
            [360, 300, 360, 360, 360],
        ),
        # ... and November 2024: the 3rd repeats an hour.
        ("America/New_York", "2024-11-01", [window("sun", "00:00", "06:00")], [420, 360, 360, 360]),
        # Sundays 00:00-04:00 in London, March 2024: the 31st skips 01:00-02:00.
        (
            "Europe/London",
            "2024-03-01",
            [window("sun", "00:00", "04:00")],
            [240, 240, 240, 240, 180],
        ),
        # Saturday 22:00-24:00 and Sunday 00:00-02:00 touch: one four-hour window,
        # cut to two hours by the end of August on Saturday the 31st.
        (
            "UTC",
            "2024-08-01",
            [window("sat", "22:00", "24:00"), window("sun", "00:00", "02:00")],
            [240, 240, 240, 240, 120],
        ),
        # Thursday 23:00 to Friday 01:00 straddles 1 March (a Friday): only Friday's hour counts.
        (
            "Europe/London",
            "2024-03-01",
            [window("thu", "23:00", "24:00"), window("fri", "00:00", "01:00")],
            [60, 120, 120, 120, 120],
        ),
    ],
)
def test_maintenance_windows_in_a_month(
    zone: str, first_day: str, windows: list[OpeningWindow], minutes: list[int]
) -> None:
    """Maintenance windows keep their wall-clock times across DST and are clipped to the period."""
    period = measurement_bounds(zone, date(first_day), 1)

    found = maintenance_intervals(zone, windows, period)

    assert minutes == [(end - start) // MINUTE for start, end in found]
    assert all(period[0] <= start < end <= period[1] for start, end in found)


def test_no_maintenance_windows() -> None:
    """Without windows nothing is excluded."""
    period = measurement_bounds("UTC", date("2024-01-01"), 1)

    assert not maintenance_intervals("UTC", [], period)


def oracle_maintenance(zone: str, windows: list[OpeningWindow], period: Interval) -> list[Interval]:
    """Step through `period` in 30-minute cells, reading each cell's local wall clock."""
    tz = zoneinfo.ZoneInfo(zone)
    cell = 30 * MINUTE
    found: list[Interval] = []
    for instant in range(period[0], period[1], cell):
        local = from_instant(instant, tz)
        minute = local.hour * 60 + local.minute
        weekday = list(Weekday)[local.weekday()]
        if any(weekday in w.days and w.start.minutes <= minute < w.end.minutes for w in windows):
            if found and found[-1][1] == instant:
                found[-1] = (found[-1][0], instant + cell)
            else:
                found.append((instant, instant + cell))
    return found


HALF_HOURS: Final = st.integers(min_value=0, max_value=48)


@st.composite
def weekly_windows(draw: st.DrawFn) -> list[OpeningWindow]:
    """One to three windows on a half-hour grid, on any weekdays (overlaps allowed)."""
    found = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        start, end = sorted(draw(st.lists(HALF_HOURS, min_size=2, max_size=2, unique=True)))
        days = draw(st.sets(st.sampled_from(list(Weekday)), min_size=1))
        found.append(
            OpeningWindow(
                days=tuple(sorted(days, key=lambda d: d.iso_number)),
                start=TimeOfDay(start * 30),
                end=TimeOfDay(end * 30),
            )
        )
    return found


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(["America/New_York", "Europe/London", "America/Santiago", "UTC"]),
    first_day=st.sampled_from(
        ["2024-03-01", "2024-04-01", "2024-09-01", "2024-10-01", "2024-11-01"]
    ),
    windows=weekly_windows(),
)
def test_maintenance_windows_equal_a_wall_clock_oracle(
    zone: str, first_day: str, windows: list[OpeningWindow]
) -> None:
    """The maintenance instants are those whose local wall-clock time lies in a window."""
    period = measurement_bounds(zone, date(first_day), 1)

    expected = oracle_maintenance(zone, windows, period)

    assert expected == maintenance_intervals(zone, windows, period)


# -- measuring ----------------------------------------------------------------

THIRTY_DAYS: Final = (0, 30 * DAY)


@pytest.mark.parametrize(
    ("outages", "maintenance", "downtime", "excluded"),
    [
        # 10:00-10:30, 10:15-10:45 and 10:45-11:00 are one outage of an hour.
        ([(600, 630), (615, 645), (645, 660)], [], 60, 0),
        # The same reports in another order, one repeated.
        ([(645, 660), (600, 630), (615, 645), (600, 630)], [], 60, 0),
        # An outage 03:00-05:00 over maintenance 02:00-04:00 counts one hour.
        ([(180, 300)], [(120, 240)], 60, 120),
        # An outage inside maintenance does not count.
        ([(130, 200)], [(120, 240)], 0, 120),
        # An outage around maintenance counts only the parts outside it.
        ([(60, 300)], [(120, 240)], 120, 120),
        # Overlapping maintenance windows are excluded once.
        ([], [(120, 240), (180, 300)], 0, 180),
        # An empty report (start = end) is no outage.
        ([(600, 600)], [], 0, 0),
    ],
)
def test_measure_merges_outages_and_skips_maintenance(
    outages: list[Interval], maintenance: list[Interval], downtime: int, excluded: int
) -> None:
    """Outages are merged, and their parts in excluded maintenance do not count (minutes)."""
    measured = measure(
        (0, DAY),
        [(s * MINUTE, e * MINUTE) for s, e in outages],
        [(s * MINUTE, e * MINUTE) for s, e in maintenance],
    )

    assert (downtime * MINUTE, excluded * MINUTE) == (measured.downtime, measured.excluded)


def test_outage_across_the_month_boundary_is_split() -> None:
    """An outage from 29 Feb 23:00 to 1 Mar 01:00 (London) counts an hour in each month."""
    outage = (at("2024-02-29T23:00:00+00:00"), at("2024-03-01T01:00:00+00:00"))
    february = measurement_bounds("Europe/London", date("2024-02-01"), 1)
    march = measurement_bounds("Europe/London", date("2024-03-01"), 1)

    expected = [HOUR, HOUR]

    assert expected == [measure(period, [outage], []).downtime for period in (february, march)]


def test_reversed_outage_is_refused() -> None:
    """An outage that ends before it starts is a data error, not an empty outage."""
    with pytest.raises(ValueError, match="must not end before it starts"):
        measure(THIRTY_DAYS, [(10, 5)], [])


@pytest.mark.parametrize(
    ("downtime_seconds", "attainment", "shown", "meets"),
    [
        (0, Fraction(100), "100.000", True),
        # 43 min 12 s over 30 days is exactly 99.9 %: met.
        (2_592, Fraction("99.9"), "99.900", True),
        # One second more misses it, and is shown rounded down, never as 99.900.
        (2_593, Fraction(100 * (2_592_000 - 2_593), 2_592_000), "99.899", False),
        (25_920, Fraction(99), "99.000", False),
        (2_592_000, Fraction(0), "0.000", False),
    ],
)
def test_attainment_over_thirty_days(
    downtime_seconds: int,
    attainment: Fraction,
    shown: str,
    meets: bool,  # noqa: FBT001 # a table column
) -> None:
    """Attainment is exact; a 99.9 % target is met at exactly 99.9 %."""
    measured = measure(THIRTY_DAYS, [(0, downtime_seconds * SECOND)], [])

    assert attainment == measured.attainment
    assert Decimal(shown) == percent_text(measured.attainment)
    assert shown == str(percent_text(measured.attainment))
    assert meets == measured.meets(Decimal("99.9"))


def test_nothing_measured_is_fully_available() -> None:
    """A period entirely in maintenance has nothing to miss: 100 %."""
    measured = measure((0, DAY), [(0, HOUR)], [(0, DAY)])

    assert (0, 0, Fraction(100)) == (measured.measured, measured.downtime, measured.attainment)


def test_measured_refuses_downtime_beyond_what_is_measured() -> None:
    """A hand-built measurement keeps its parts consistent."""
    with pytest.raises(ValueError, match="downtime"):
        Measured(period=(0, DAY), excluded=HOUR, downtime=DAY)


def test_a_month_in_new_york_worked_through() -> None:
    """November 2024 in New York, Sunday maintenance, a 45-minute outage, a 10 % credit.

    The month has 43,260 minutes (the 3rd repeats an hour); Sundays
    00:00-06:00 exclude 420 + 3 × 360 = 1,500 minutes; 41,760 are measured.
    99.9 % allows 41.76 minutes (2,505.6 s). A 45-minute outage on Tuesday
    the 12th leaves 100 × 41,715 / 41,760 = 99.8922…%, below 99.9: 10 % of
    2,500.00 USD.
    """
    zone = "America/New_York"
    period = measurement_bounds(zone, date("2024-11-01"), 1)
    maintenance = maintenance_intervals(zone, [window("sun", "00:00", "06:00")], period)
    outage = (at("2024-11-12T14:00:00-05:00"), at("2024-11-12T14:45:00-05:00"))

    measured = measure(period, [outage], maintenance)

    expected = (1_500 * MINUTE, 41_760 * MINUTE, 2_505_600_000)

    assert expected == (
        measured.excluded,
        measured.measured,
        allowed_downtime(Decimal("99.9"), measured.measured),
    )
    assert Fraction(100 * 41_715, 41_760) == measured.attainment
    assert Decimal("99.892") == percent_text(measured.attainment)
    assert Decimal(10) == credit_percent(measured.attainment, TIERS, None)
    assert usd("250.00") == credit_amount(usd("2500.00"), Decimal(10))


# -- allowed downtime ---------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "measured", "allowed"),
    [
        # 99.9 % over a 30-day month without maintenance: 43 min 12 s.
        ("99.9", 30 * DAY, 2_592 * SECOND),
        # 99.95 % over March 2024 in London (44,580 min): 22 min 17.4 s.
        ("99.95", 44_580 * MINUTE, 1_337_400_000),
        # 99.99 % over 31 days: 267.84 s.
        ("99.99", 31 * DAY, 267_840_000),
        # 0.001 % of 1,000,001 µs is 10.00001 µs: rounded down to 10.
        ("99.999", 1_000_001, 10),
        # 0.1 % of 7 µs is 0.007 µs: nothing is allowed.
        ("99.9", 7, 0),
        ("100", 30 * DAY, 0),
        ("0", 30 * DAY, 30 * DAY),
    ],
)
def test_allowed_downtime(target: str, measured: int, allowed: int) -> None:
    """Allowed downtime is (1 − T) × measured, rounded down to a whole microsecond."""
    assert allowed == allowed_downtime(Decimal(target), measured)


def test_allowed_downtime_refuses_a_float_target() -> None:
    """Targets are exact decimals."""
    with pytest.raises(TypeError, match="target must be a Decimal"):
        allowed_downtime(99.9, DAY)  # type: ignore[arg-type]


# -- credit tiers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("attainment", "tier", "percent"),
    [
        ("100", None, "0"),
        # Exactly 99.9 is not below 99.9.
        ("99.9", None, "0"),
        ("99.8999", 0, "10"),
        # Exactly 99 is below 99.9 but not below 99: the first band pays.
        ("99", 0, "10"),
        # Below 99.9 and below 99: the lowest band reached pays 25, not 10 + 25.
        ("98.99", 1, "25"),
        ("95", 1, "25"),
        ("94.999", 2, "50"),
        ("0", 2, "50"),
    ],
)
def test_the_lowest_band_reached_pays(attainment: str, tier: int | None, percent: str) -> None:
    """A band "below B" is reached when attainment < B; the lowest reached band pays alone."""
    assert tier == tier_reached(Fraction(attainment), TIERS)
    assert Decimal(percent) == credit_percent(Fraction(attainment), TIERS, None)


@pytest.mark.parametrize(
    ("attainment", "cap", "percent"),
    [
        # Below 95 earns 50 %, capped at 30 %.
        ("94", "30", "30"),
        # Below 99 earns 25 %, under the 30 % cap.
        ("98", "30", "25"),
        # A cap equal to the credit changes nothing.
        ("98", "25", "25"),
        ("99.95", "30", "0"),
    ],
)
def test_the_cap_limits_the_credit(attainment: str, cap: str, percent: str) -> None:
    """The per-period cap limits the percentage the reached tier pays."""
    assert Decimal(percent) == credit_percent(Fraction(attainment), TIERS, Decimal(cap))


def test_tiers_must_decrease() -> None:
    """Tier thresholds are strictly decreasing."""
    tiers = [(Decimal(99), Decimal(10)), (Decimal(99), Decimal(25))]

    with pytest.raises(ValueError, match=r"tiers\[1\]\.below=99 must be lower than"):
        tier_reached(Fraction(98), tiers)


def test_no_tiers_no_credit() -> None:
    """Without tiers nothing is credited."""
    assert (None, Decimal(0)) == (
        tier_reached(Fraction(0), []),
        credit_percent(Fraction(0), [], None),
    )


# -- credit amounts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("fee", "currency", "percent", "credit"),
    [
        # 10 % of ¥12,345 is ¥1,234.5: half-up gives ¥1,235 (half-even would give ¥1,234).
        ("12345", "JPY", "10", "1235"),
        ("125", "JPY", "10", "13"),
        ("124", "JPY", "10", "12"),
        # 10 % of $1,234.50 is $123.45 exactly.
        ("1234.50", "USD", "10", "123.45"),
        # 10 % of $12.25 is $1.225: half-up gives $1.23 (half-even would give $1.22).
        ("12.25", "USD", "10", "1.23"),
        ("12.24", "USD", "10", "1.22"),
        # 12.5 % of $0.99 is $0.12375: $0.12.
        ("0.99", "USD", "12.5", "0.12"),
        # 50 % of 10.005 BHD is 5.0025 BHD: half-up gives 5.003 (half-even 5.002).
        ("10.005", "BHD", "50", "5.003"),
        ("1.2345", "BHD", "10", "0.123"),
        # No credit is still an amount in minor units.
        ("2500.00", "USD", "0", "0.00"),
        ("2500.00", "USD", "100", "2500.00"),
    ],
)
def test_credit_amount_is_rounded_half_up_to_minor_units(
    fee: str, currency: str, percent: str, credit: str
) -> None:
    """Credit = fee × percent / 100, rounded half-up to the currency's minor units."""
    found = credit_amount(Money.of(fee, currency), Decimal(percent))

    assert f"{credit} {currency}" == str(found)


def test_credit_amount_is_exact_for_long_amounts() -> None:
    """Exact arithmetic: a product longer than 28 digits is not rounded before the cents."""
    fee = usd("99999999999999.99")
    # The exact credit is 49,999,999,999,999.99499999…: rounded to 28 digits first,
    # it would become ….995 and round up to 50,000,000,000,000.00.
    percent = Decimal("49.999999999999999999999999999999")

    assert usd("49999999999999.99") == credit_amount(fee, percent)


def test_credit_amount_refuses_a_negative_fee() -> None:
    """A period's fee is never negative."""
    with pytest.raises(ValueError, match="fee must not be negative"):
        credit_amount(usd("-1.00"), Decimal(10))


# -- the rolling cap ----------------------------------------------------------


def test_rolling_cap_over_fourteen_months() -> None:
    """A 10 % cap over any 12 consecutive months, worked through month by month.

    Fees are 1,000 USD a month, 1,500 in month 12. Month i may credit 10 % of
    the fees of months i−11..i less what those earlier months were credited:

    - m0: 100 allowed, owes 50 → 50.
    - m2: 300 − 50 → 250 allowed, owes 250 → 250.
    - m3: 400 − 300 → 100, owes 100 → 100.
    - m10: 1,100 − 400 → 700, owes 300 → 300.
    - m11: 1,200 − 700 → 500, owes 500 → 500.
    - m12: m0 leaves the window: fees 11,000 + 1,500 → 1,250, less
      m1..m11 = 1,150 → 100 allowed, owes 200 → 100.
    - m13: m1 leaves: 1,250 less m2..m12 = 1,250 → nothing, owes 300 → 0.
    """
    fees = [usd("1000.00")] * 12 + [usd("1500.00"), usd("1000.00")]
    owed = [usd(a) for a in ("50", "0", "250", "100", "0", "0", "0", "0", "0", "0", "300", "500")]
    owed += [usd("200.00"), usd("300.00")]
    paid = ["50", "0", "250", "100", "0", "0", "0", "0", "0", "0", "300", "500", "100", "0"]

    found = rolling_cap(owed, fees, Decimal(10))

    assert [Decimal(a) for a in paid] == [money.amount for money in found]
    assert all(money.currency == "USD" for money in found)


@pytest.mark.parametrize(
    ("fee", "currency", "allowed"),
    [
        # 10 % of 333.33 is 33.333: 33.33.
        ("333.33", "USD", "33.33"),
        # 5 % of ¥1,010 is ¥50.5: half-up gives ¥51.
        ("1010", "JPY", "51"),
        # 5 % of ¥1,009 is ¥50.45: ¥50.
        ("1009", "JPY", "50"),
    ],
)
def test_rolling_cap_is_rounded_half_up(fee: str, currency: str, allowed: str) -> None:
    """The rolling limit is rounded half-up to the currency's minor units."""
    cap = Decimal(10) if currency == "USD" else Decimal(5)

    found = rolling_cap([Money.of("1000", currency)], [Money.of(fee, currency)], cap)

    assert [Money.of(allowed, currency)] == found


def test_rolling_cap_refuses_mixed_currencies() -> None:
    """A rolling cap sums amounts, so they share one currency; the error names both."""
    with pytest.raises(ValueError, match=r"credits\[1\] is in EUR but fees\[0\] is in USD"):
        rolling_cap(
            [usd("1.00"), Money.of("1.00", "EUR")], [usd("10.00"), usd("10.00")], Decimal(10)
        )


def test_rolling_cap_needs_a_fee_per_credit() -> None:
    """Credits and fees pair up month by month."""
    with pytest.raises(ValueError, match="one amount per month"):
        rolling_cap([usd("1.00")], [], Decimal(10))


def test_rolling_cap_of_no_months() -> None:
    """No months, nothing credited."""
    assert not rolling_cap([], [], Decimal(10))


# -- properties ---------------------------------------------------------------

SPAN: Final = 2_000
INSTANTS: Final = st.integers(min_value=-SPAN, max_value=2 * SPAN)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    """A half-open interval, possibly empty, around the period [0, SPAN)."""
    start, end = sorted(draw(st.lists(INSTANTS, min_size=2, max_size=2)))
    return start, end


INTERVAL_LISTS: Final = st.lists(intervals(), max_size=8)
PERIODS: Final = st.tuples(
    st.integers(min_value=0, max_value=SPAN // 2), st.integers(min_value=SPAN // 2, max_value=SPAN)
)
PERCENTS: Final = st.decimals(min_value=0, max_value=100, places=3)
ATTAINMENTS: Final = st.fractions(min_value=0, max_value=100, max_denominator=10**7)
CURRENCIES: Final = st.sampled_from(["JPY", "USD", "BHD"])


@st.composite
def fee_amounts(draw: st.DrawFn, currency: str | None = None) -> Money:
    """A non-negative fee in minor units of JPY, USD or BHD."""
    code = draw(CURRENCIES) if currency is None else currency
    places = {"JPY": 0, "USD": 2, "BHD": 3}[code]
    minor = draw(st.integers(min_value=0, max_value=10**12))
    return Money(Decimal(minor).scaleb(-places), code)


@st.composite
def tier_tables(draw: st.DrawFn) -> list[tuple[Decimal, Decimal]]:
    """Up to four tiers, `below` strictly decreasing and `credit` strictly increasing."""
    belows = sorted(draw(st.sets(PERCENTS.filter(lambda p: p > 0), max_size=4)), reverse=True)
    credit_levels = sorted(
        draw(st.sets(PERCENTS.filter(lambda p: p > 0), min_size=len(belows), max_size=len(belows)))
    )
    return list(zip(belows, credit_levels, strict=True))


@PROPERTIES
@given(period=PERIODS, outages=INTERVAL_LISTS, maintenance=INTERVAL_LISTS)
def test_attainment_is_a_percentage(
    period: Interval, outages: list[Interval], maintenance: list[Interval]
) -> None:
    """Attainment lies in 0..100, downtime within what is measured, maintenance in the period."""
    measured = measure(period, outages, maintenance)

    assert 0 <= measured.attainment <= 100
    assert 0 <= measured.downtime <= measured.measured
    assert 0 <= measured.excluded <= period[1] - period[0]


@PROPERTIES
@given(period=PERIODS, outages=INTERVAL_LISTS, maintenance=INTERVAL_LISTS, data=st.data())
def test_measuring_does_not_depend_on_order(
    period: Interval, outages: list[Interval], maintenance: list[Interval], data: st.DataObject
) -> None:
    """Outages and maintenance are merged: order and repetition change nothing."""
    shuffled = data.draw(st.permutations(outages + outages[:2]))
    reordered = data.draw(st.permutations(maintenance))

    assert measure(period, outages, maintenance) == measure(period, shuffled, reordered)


@PROPERTIES
@given(period=PERIODS, outages=INTERVAL_LISTS, maintenance=INTERVAL_LISTS, data=st.data())
def test_splitting_a_period_adds_up(
    period: Interval, outages: list[Interval], maintenance: list[Interval], data: st.DataObject
) -> None:
    """Split a period at any instant: downtime and maintenance of the parts add up."""
    cut = data.draw(st.integers(min_value=period[0], max_value=period[1]))

    whole = measure(period, outages, maintenance)
    first = measure((period[0], cut), outages, maintenance)
    second = measure((cut, period[1]), outages, maintenance)

    assert whole.downtime == first.downtime + second.downtime
    assert whole.excluded == first.excluded + second.excluded


@PROPERTIES
@given(period=PERIODS, outages=INTERVAL_LISTS, maintenance=INTERVAL_LISTS)
def test_downtime_equals_a_per_microsecond_count(
    period: Interval, outages: list[Interval], maintenance: list[Interval]
) -> None:
    """Downtime counts each microsecond down and not in maintenance once."""
    down = {t for s, e in outages for t in range(s, e)}
    excluded = {t for s, e in maintenance for t in range(s, e)}
    inside = set(range(*period))

    measured = measure(period, outages, maintenance)

    assert len((down - excluded) & inside) == measured.downtime
    assert len(excluded & inside) == measured.excluded


@PROPERTIES
@given(target=PERCENTS, measured=st.integers(min_value=1, max_value=400 * DAY))
def test_allowed_downtime_is_the_most_that_meets(target: Decimal, measured: int) -> None:
    """Downtime up to the allowance meets the target; one microsecond more does not."""
    allowed = allowed_downtime(target, measured)

    assert Measured(period=(0, measured), excluded=0, downtime=allowed).meets(target)
    if allowed < measured:
        assert not Measured(period=(0, measured), excluded=0, downtime=allowed + 1).meets(target)


@PROPERTIES
@given(attainment=ATTAINMENTS, places=st.integers(min_value=0, max_value=6))
def test_shown_percentage_never_rounds_up(attainment: Fraction, places: int) -> None:
    """The shown figure is at most the attainment and less than one last digit below it."""
    shown = Fraction(percent_text(attainment, places))

    assert shown <= attainment < shown + Fraction(1, 10**places)
    assert -percent_text(attainment, places).as_tuple().exponent == places  # type: ignore[operator]


@PROPERTIES
@given(
    attainment=ATTAINMENTS,
    tiers=tier_tables(),
    cap=st.none() | PERCENTS,
    fee=fee_amounts(),
)
def test_credit_never_exceeds_the_cap(
    attainment: Fraction, tiers: list[tuple[Decimal, Decimal]], cap: Decimal | None, fee: Money
) -> None:
    """The credit never exceeds cap % of the fee (rounded the same way), nor the fee."""
    credit = credit_amount(fee, credit_percent(attainment, tiers, cap))

    assert Money.zero(fee.currency) <= credit <= fee
    if cap is not None:
        assert credit <= credit_amount(fee, cap)
        half_unit = Decimal(1).scaleb(-fee.minor_units) / 2
        assert credit.amount - fee.amount * cap / 100 <= half_unit


@PROPERTIES
@given(
    currency=CURRENCIES,
    cap=PERCENTS,
    data=st.data(),
)
def test_rolling_cap_holds_whenever_a_month_pays(
    currency: str, cap: Decimal, data: st.DataObject
) -> None:
    """Each month pays at most what it owes; a month that pays keeps its 12 months in the cap."""
    months = data.draw(st.integers(min_value=0, max_value=30))
    if data.draw(st.booleans()):  # the same fee every month
        month_fees = [data.draw(fee_amounts(currency))] * months
    else:
        month_fees = data.draw(st.lists(fee_amounts(currency), min_size=months, max_size=months))
    owed = [credit_amount(fee, data.draw(PERCENTS)) for fee in month_fees]

    paid = rolling_cap(owed, month_fees, cap)

    assert all(Money.zero(currency) <= p <= o for p, o in zip(paid, owed, strict=True))
    for last in range(months):
        first = max(0, last - 11)
        window_fees = sum((f.amount for f in month_fees[first : last + 1]), Decimal(0))
        limit = credit_amount(Money(window_fees, currency), cap).amount
        credited = sum((p.amount for p in paid[first : last + 1]), Decimal(0))
        if paid[last].amount > 0:  # a month that pays brings its window to the cap at most
            assert credited <= limit
        if len(set(month_fees)) == 1:  # with equal fees no window ever shrinks: all hold
            assert credited <= limit


def test_rolling_cap_never_takes_credits_back() -> None:
    """A window can stay above the cap when a high fee leaves it; later months then pay nothing.

    10 % cap; month 0 bills 10,000 USD, months 1-12 bill 1,000. Month 11
    may credit 10 % of 21,000 = 2,100 and owes 2,000: paid. Month 12's
    window (months 1-12) allows 1,200 but already holds 2,000: it pays 0,
    and the credit paid in month 11 stands.
    """
    fees = [usd("10000.00")] + [usd("1000.00")] * 12
    owed = [usd("0.00")] * 11 + [usd("2000.00"), usd("500.00")]

    found = rolling_cap(owed, fees, Decimal(10))

    assert [usd("2000.00"), usd("0.00")] == found[11:]


def no_floats(value: object) -> bool:
    """Tell whether `value`, or anything inside a tuple, list or Money of it, is free of floats."""
    if isinstance(value, float):
        return False
    if isinstance(value, Money):
        return type(value.amount) is Decimal
    if isinstance(value, tuple | list):
        return all(no_floats(item) for item in value)
    return isinstance(value, int | Decimal | Fraction | None)


@PROPERTIES
@given(
    period=PERIODS,
    outages=INTERVAL_LISTS,
    maintenance=INTERVAL_LISTS,
    target=PERCENTS,
    tiers=tier_tables(),
    cap=st.none() | PERCENTS,
    fee=fee_amounts(),
)
def test_no_float_appears_in_any_result(
    *,
    period: Interval,
    outages: list[Interval],
    maintenance: list[Interval],
    target: Decimal,
    tiers: list[tuple[Decimal, Decimal]],
    cap: Decimal | None,
    fee: Money,
) -> None:
    """Every figure is an int, a Fraction, a Decimal or Money over a Decimal."""
    measured = measure(period, outages, maintenance)
    percent = credit_percent(measured.attainment, tiers, cap)
    results = [
        measured.period,
        measured.excluded,
        measured.downtime,
        measured.measured,
        measured.attainment,
        allowed_downtime(target, measured.measured),
        percent_text(measured.attainment),
        tier_reached(measured.attainment, tiers),
        percent,
        credit_amount(fee, percent),
        rolling_cap([credit_amount(fee, percent)], [fee], cap or Decimal(100)),
    ]

    assert all(no_floats(result) for result in results)
    assert type(measured.attainment) is Fraction


def test_months_of_a_year_cover_it_exactly() -> None:
    """Twelve consecutive months in London tile the year without gap or overlap."""
    bounds = [
        measurement_bounds("Europe/London", pendulum.Date(2024, 1, 1).add(months=k), 1)
        for k in range(12)
    ]

    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert measurement_bounds("Europe/London", date("2024-01-01"), 12) == (
        bounds[0][0],
        bounds[-1][1],
    )
