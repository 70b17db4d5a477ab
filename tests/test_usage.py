"""Usage engine: hourly engagements and blocks of hours (SEMANTICS §5).

The tables were worked out by hand. The properties check the rules that must
hold whatever the input (seconds conserved, nothing negative, oldest hours
first) and compare the ledger with a slow oracle that steps day by day and
moves quarter hours one at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Final, cast

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model._engines.schedule import add_days, add_months
from msa_model._engines.usage import (
    SECONDS_PER_HOUR,
    Draw,
    Ledger,
    Purchase,
    block_ledger,
    price_engagement,
)

PROPERTIES: Final = settings(max_examples=300, deadline=None)

D = Decimal
H: Final = SECONDS_PER_HOUR
M: Final = 60
QUARTER: Final = 900
"""The oracle's unit: a quarter of an hour, in seconds."""

Expiry = Callable[[pendulum.Date], pendulum.Date]


def day(text: str) -> pendulum.Date:
    """A calendar day written as `YYYY-MM-DD`."""
    year, month, mday = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, mday)


def months(count: int) -> Expiry:
    """Hours expire `count` months after the purchase day."""
    return lambda bought: add_months(bought, count)


def ledger(
    purchases: list[tuple[str, int]],
    draws: list[tuple[str, int]],
    *,
    rollover: bool = False,
    cap: int | None = None,
    expires_after: Expiry | None = None,
) -> Ledger:
    """The ledger of purchases `(day, hours)` and draws `(day, seconds)`."""
    return block_ledger(
        [Purchase(day(when), hours) for when, hours in purchases],
        [Draw(day(when), seconds) for when, seconds in draws],
        rollover=rollover,
        rollover_cap_hours=cap,
        expires_after=expires_after,
    )


# -- hourly engagements ---------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "total", "business", "rate", "multiplier", "increment", "minimum", "expected"),
    [
        ("50 min in hours, 15-min increments → 1 h", 50 * M, 50 * M, "150.00", "1", 15, 0,
         (60, "150")),
        ("10 min under a 30-min minimum → 30 min", 10 * M, 10 * M, "150.00", "1", 15, 30,
         (30, "75")),
        ("2 h all after hours ×1.5", 2 * H, 0, "150.00", "1.5", 1, 0, (120, "450")),
        ("90 min, 30 after hours ×2: 60 × 2 + 30 × 4", 90 * M, 60 * M, "120.00", "2", 1, 0,
         (90, "240")),
        ("50 min, 20 after hours ×1.5, to an hour: 36 min × 150 + 24 min × 225", 50 * M,
         30 * M, "150.00", "1.5", 15, 0, (60, "180")),
        ("one second past an increment bills the next", 15 * M + 1, 15 * M + 1, "100", "1",
         15, 0, (30, "50")),
        ("exactly one increment bills one", 15 * M, 15 * M, "100", "1", 15, 0, (15, "25")),
        ("zero length bills the minimum at the business rate", 0, 0, "100", "2", 15, 30,
         (30, "50")),
        ("zero length, no minimum: nothing", 0, 0, "100", "2", 15, 0, (0, "0")),
        ("the minimum is not rounded to increments", 10 * M, 10 * M, "60", "1", 15, 25,
         (25, "25")),
        ("above the minimum, increments rule", 20 * M, 20 * M, "60", "1", 15, 25, (30, "30")),
        ("the minimum keeps an all after-hours mix", 10 * M, 0, "100", "1.5", 1, 30,
         (30, "75")),
        ("61 s after hours ×3: 2 min at 300/h", 61, 0, "100", "3", 1, 0, (2, "10")),
        ("a zero rate bills time but no money", 45 * M, 45 * M, "0", "1", 15, 60, (60, "0")),
        ("40 min, half after hours ×1.25, to an hour", 40 * M, 20 * M, "100", "1.25", 60, 0,
         (60, "112.5")),
    ],
)  # fmt: skip
def test_engagement_is_billed_by_the_clause(
    *,
    case: str,
    total: int,
    business: int,
    rate: str,
    multiplier: str,
    increment: int,
    minimum: int,
    expected: tuple[int, str],
) -> None:
    """Time is rounded up to increments, then raised to the minimum, keeping its mix."""
    actual = price_engagement(
        total_seconds=total,
        business_seconds=business,
        rate=D(rate),
        multiplier=D(multiplier),
        increment_minutes=increment,
        minimum_minutes=minimum,
    )

    assert (expected[0], Fraction(expected[1])) == actual, case


def test_engagement_amount_is_exact() -> None:
    """A third of an hour at 100.00 is 100/3 exactly, left for the charge line to round."""
    _, amount = price_engagement(
        total_seconds=20 * M,
        business_seconds=20 * M,
        rate=D("100.00"),
        multiplier=D(1),
        increment_minutes=1,
        minimum_minutes=0,
    )

    assert Fraction(100, 3) == amount
    assert type(amount) is Fraction


ENGAGEMENT: Final = {
    "total_seconds": 3600,
    "business_seconds": 1800,
    "rate": D("100.00"),
    "multiplier": D("1.5"),
    "increment_minutes": 15,
    "minimum_minutes": 0,
}


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"total_seconds": -1}, ValueError, "total_seconds must not be negative"),
        ({"business_seconds": -1}, ValueError, "business_seconds must not be negative"),
        ({"business_seconds": 3601}, ValueError, "must not be more than total_seconds=3600"),
        ({"increment_minutes": 0}, ValueError, "increment_minutes must be at least 1"),
        ({"minimum_minutes": -5}, ValueError, "minimum_minutes must not be negative"),
        ({"rate": D("-0.01")}, ValueError, "rate must not be negative"),
        ({"rate": D("NaN")}, ValueError, "rate must be a finite number"),
        ({"multiplier": D("0.99")}, ValueError, "multiplier must be at least 1"),
        ({"multiplier": D("Infinity")}, ValueError, "multiplier must be a finite number"),
        ({"rate": 150.0}, TypeError, "rate must be a Decimal, not float"),
        ({"rate": 150}, TypeError, "rate must be a Decimal, not int"),
        ({"multiplier": 1.5}, TypeError, "multiplier must be a Decimal, not float"),
        ({"total_seconds": 60.0}, TypeError, "total_seconds must be an int, not float"),
        ({"increment_minutes": True}, TypeError, "increment_minutes must be an int, not bool"),
        ({"minimum_minutes": False}, TypeError, "minimum_minutes must be an int, not bool"),
    ],
)
def test_engagement_refuses_bad_input(
    change: dict[str, object], error: type[Exception], message: str
) -> None:
    """Each argument is checked, and the message names the argument, the rule and the value."""
    arguments = {**ENGAGEMENT, **change}

    with pytest.raises(error, match=message):
        price_engagement(**arguments)  # type: ignore[arg-type]


RATES: Final = st.integers(0, 10**8).map(lambda cents: D(cents).scaleb(-2))
MULTIPLIERS: Final = st.integers(100, 1000).map(lambda hundredths: D(hundredths).scaleb(-2))


@attrs.frozen
class Engagement:
    """The arguments of one engagement."""

    total: int
    business: int
    rate: Decimal
    multiplier: Decimal
    increment: int
    minimum: int

    def price(self) -> tuple[int, Fraction]:
        """The engine's billed minutes and amount."""
        return price_engagement(
            total_seconds=self.total,
            business_seconds=self.business,
            rate=self.rate,
            multiplier=self.multiplier,
            increment_minutes=self.increment,
            minimum_minutes=self.minimum,
        )


@st.composite
def engagements(draw: st.DrawFn) -> Engagement:
    """One valid engagement of up to three days."""
    total = draw(st.integers(0, 3 * 24 * H))
    return Engagement(
        total=total,
        business=draw(st.integers(0, total)),
        rate=draw(RATES),
        multiplier=draw(MULTIPLIERS),
        increment=draw(st.integers(1, 240)),
        minimum=draw(st.integers(0, 600)),
    )


@PROPERTIES
@given(engagements())
def test_billed_minutes_are_the_fewest_increments_or_the_minimum(work: Engagement) -> None:
    """Billed time covers the engagement in the fewest whole increments, or is the minimum."""
    billed, _ = work.price()

    assert billed >= work.minimum
    assert billed * M >= work.total
    if billed != work.minimum:
        assert billed % work.increment == 0
        assert (billed - work.increment) * M < work.total


@PROPERTIES
@given(engagements())
def test_amount_prices_each_part_of_the_billed_time_at_its_rate(work: Engagement) -> None:
    """The billed time splits in the engagement's proportions, each part at its own rate."""
    billed, amount = work.price()
    seconds = Fraction(billed * M)
    in_hours = seconds * work.business / work.total if work.total else seconds
    per_second = Fraction(work.rate) / H
    after_hours = per_second * Fraction(work.multiplier) * (seconds - in_hours)

    assert per_second * in_hours + after_hours == amount
    assert type(amount) is Fraction
    assert Fraction(work.rate) * billed / M <= amount
    assert amount <= Fraction(work.rate * work.multiplier) * billed / M


# -- blocks of hours: hand cases -------------------------------------------------

JAN_1: Final = day("2024-01-01")

MONTHLY_10: Final = [("2024-01-01", 10), ("2024-02-01", 10)]
"""A 10-hour block bought on the first of January and of February."""

Hours = int | Fraction
"""Whole hours as an int, others as an exact Fraction."""

BlockSummary = tuple[Hours, Hours, Hours, tuple[tuple[str, Hours], ...], Hours]
DrawSummary = tuple[Hours, Hours, int | None, tuple[tuple[int, Hours], ...]]


def in_hours(seconds: int) -> Hours:
    """Seconds as exact hours, so the tables read in hours."""
    hours = Fraction(seconds, H)
    return hours.numerator if hours.denominator == 1 else hours


def blocks(result: Ledger) -> list[BlockSummary]:
    """Each block row in hours: (rolled in, used, rolled over, lapses by day, remaining)."""
    return [
        (
            in_hours(row.rolled_in),
            in_hours(row.used),
            in_hours(row.rolled_over),
            tuple((str(lapse.day), in_hours(lapse.seconds)) for lapse in row.lapses),
            in_hours(row.remaining),
        )
        for row in result.blocks
    ]


def draws(result: Ledger) -> list[DrawSummary]:
    """Each draw row in hours: (covered, overage, block, sources as (purchase, hours))."""
    return [
        (
            in_hours(row.covered),
            in_hours(row.overage),
            row.block,
            tuple((origin, in_hours(taken)) for origin, taken in row.sources),
        )
        for row in result.draws
    ]


def test_work_beyond_the_block_is_overage() -> None:
    """Twelve hours against a 10-hour block: the draw that runs out has 2 hours of overage."""
    result = ledger(MONTHLY_10, [("2024-01-10", 8 * H), ("2024-01-20", 4 * H)])

    expected_draws = [(8, 0, 0, ((0, 8),)), (2, 2, 0, ((0, 2),))]
    expected_blocks = [(0, 10, 0, (), 0), (0, 0, 0, (), 10)]

    assert expected_draws == draws(result)
    assert expected_blocks == blocks(result)


def test_rollover_is_capped_and_the_excess_lapses() -> None:
    """Six of ten hours used, rollover capped at 2: 2 carry, 2 lapse, February holds 12 hours."""
    result = ledger(
        MONTHLY_10,
        [("2024-01-15", 6 * H), ("2024-02-20", 12 * H), ("2024-02-21", 1 * H)],
        rollover=True,
        cap=2,
    )

    expected_blocks = [(0, 6, 2, (("2024-02-01", 2),), 0), (2, 12, 0, (), 0)]
    expected_draws = [(6, 0, 0, ((0, 6),)), (12, 0, 1, ((0, 2), (1, 10))), (0, 1, 1, ())]

    assert expected_blocks == blocks(result)
    assert expected_draws == draws(result)


def test_without_rollover_unused_hours_lapse_at_the_next_purchase() -> None:
    """Six of ten hours used without rollover: the other 4 lapse when February's block is bought."""
    result = ledger(MONTHLY_10, [("2024-01-15", 6 * H)])

    expected = [(0, 6, 0, (("2024-02-01", 4),), 0), (0, 0, 0, (), 10)]

    assert expected == blocks(result)


def test_rollover_without_a_cap_carries_everything() -> None:
    """Uncapped rollover carries all 4 unused hours into February."""
    result = ledger(MONTHLY_10, [("2024-01-15", 6 * H)], rollover=True)

    expected = [(0, 6, 4, (), 0), (4, 0, 0, (), 14)]

    assert expected == blocks(result)


def test_a_cap_of_zero_lapses_everything() -> None:
    """Rollover capped at 0 hours carries nothing."""
    result = ledger(MONTHLY_10, [("2024-01-15", 6 * H)], rollover=True, cap=0)

    expected = [(0, 6, 0, (("2024-02-01", 4),), 0), (0, 0, 0, (), 10)]

    assert expected == blocks(result)


def test_hours_lapse_mid_way_on_their_expiry_day() -> None:
    """A 20-hour block of 15 January with a 3-month expiry lapses 12 unused hours on 15 April."""
    result = ledger(
        [("2024-01-15", 20), ("2024-06-01", 20)],
        [("2024-02-01", 5 * H), ("2024-04-14", 3 * H), ("2024-04-15", 2 * H)],
        expires_after=months(3),
    )

    expected_blocks = [(0, 8, 0, (("2024-04-15", 12),), 0), (0, 0, 0, (("2024-09-01", 20),), 0)]
    expected_draws = [(5, 0, 0, ((0, 5),)), (3, 0, 0, ((0, 3),)), (0, 2, 0, ())]

    assert expected_blocks == blocks(result)
    assert expected_draws == draws(result)


def test_carried_hours_keep_their_original_expiry() -> None:
    """Rolled-over hours keep their own block's expiry: January's lapse on 1 April."""
    result = ledger(
        [("2024-01-01", 10), ("2024-02-01", 10), ("2024-03-01", 10), ("2024-03-20", 10)],
        [("2024-03-10", 5 * H), ("2024-04-01", 12 * H)],
        rollover=True,
        expires_after=months(3),
    )

    expected_blocks = [
        (0, 0, 10, (), 0),
        (10, 0, 20, (), 0),
        (20, 5, 25, (), 0),
        (25, 12, 0, (("2024-04-01", 5), ("2024-06-01", 8), ("2024-06-20", 10)), 0),
    ]
    expected_draws = [(5, 0, 2, ((0, 5),)), (12, 0, 3, ((1, 10), (2, 2)))]

    assert expected_blocks == blocks(result)
    assert expected_draws == draws(result)


def test_an_expiry_on_the_next_purchase_day_lapses_before_rollover() -> None:
    """Hours expiring the day the next block is bought lapse that day and are not carried."""
    result = ledger(MONTHLY_10, [("2024-01-15", 6 * H)], rollover=True, expires_after=months(1))

    expected = [(0, 6, 0, (("2024-02-01", 4),), 0), (0, 0, 0, (("2024-03-01", 10),), 0)]

    assert expected == blocks(result)


def test_the_cap_lapses_the_oldest_hours_first() -> None:
    """Over the cap the oldest carried hours lapse, so the newest carry on and are drawn last."""
    result = ledger(
        [("2024-01-01", 10), ("2024-02-01", 10), ("2024-03-01", 10)],
        [("2024-03-05", 7 * H)],
        rollover=True,
        cap=15,
    )

    expected_blocks = [
        (0, 0, 10, (), 0),
        (10, 0, 15, (("2024-03-01", 5),), 0),
        (15, 7, 0, (), 18),
    ]
    expected_draws = [(7, 0, 2, ((0, 5), (1, 2)))]

    assert expected_blocks == blocks(result)
    assert expected_draws == draws(result)


def test_draws_on_a_purchase_day_use_that_block() -> None:
    """A block's hours are there on the day it is bought, and the previous block's are gone."""
    result = ledger(MONTHLY_10, [("2024-01-01", 3 * H), ("2024-02-01", 5 * H)])

    expected_blocks = [(0, 3, 0, (("2024-02-01", 7),), 0), (0, 5, 0, (), 5)]
    expected_draws = [(3, 0, 0, ((0, 3),)), (5, 0, 1, ((1, 5),))]

    assert expected_blocks == blocks(result)
    assert expected_draws == draws(result)


def test_draws_before_the_first_purchase_are_overage() -> None:
    """Work before any block is bought is all overage and belongs to no block."""
    result = ledger(MONTHLY_10, [("2023-12-31", 1 * H)])

    expected: list[DrawSummary] = [(0, 1, None, ())]

    assert expected == draws(result)


def test_draws_are_taken_by_day_and_reported_as_given() -> None:
    """Draws are taken by day, same-day ones in the order given, and reported in the order given."""
    result = ledger(
        [("2024-01-01", 2)],
        [("2024-01-20", 1 * H), ("2024-01-10", 1 * H), ("2024-01-10", 1 * H)],
    )

    expected = [("2024-01-20", 0, 1), ("2024-01-10", 1, 0), ("2024-01-10", 1, 0)]
    actual = [(str(row.day), in_hours(row.covered), in_hours(row.overage)) for row in result.draws]

    assert expected == actual


def test_no_purchases_makes_every_draw_overage() -> None:
    """Without blocks, every draw is overage and the ledger has no block rows."""
    result = ledger([], [("2024-01-10", 90 * M)])

    expected = ((), 90 * M)

    assert expected == (result.blocks, result.overage)


def test_odd_seconds_are_drawn_exactly() -> None:
    """Draws are counted in seconds, not rounded to minutes or hours."""
    result = ledger([("2024-01-01", 1)], [("2024-01-02", 3599), ("2024-01-03", 2)])

    expected = [(3599, 0), (1, 1)]

    assert expected == [(row.covered, row.overage) for row in result.draws]


# -- blocks of hours: refusals -------------------------------------------------


def test_purchases_out_of_order_are_refused() -> None:
    """Purchases must come in increasing day order."""
    with pytest.raises(ValueError, match=r"purchases\[1\]\.day=2024-01-01 must be after"):
        ledger([("2024-02-01", 10), ("2024-01-01", 10)], [])


def test_purchases_on_the_same_day_are_refused() -> None:
    """Two purchases on one day are refused: the first would lapse or roll as it is bought."""
    with pytest.raises(ValueError, match="strictly increasing day order"):
        ledger([("2024-01-01", 10), ("2024-01-01", 10)], [])


def test_a_cap_without_rollover_is_refused() -> None:
    """A rollover cap only makes sense with rollover."""
    with pytest.raises(
        ValueError, match="rollover_cap_hours=5 must be None when rollover is false"
    ):
        ledger(MONTHLY_10, [], cap=5)


def test_a_negative_cap_is_refused() -> None:
    """A rollover cap is a count of hours."""
    with pytest.raises(ValueError, match="rollover_cap_hours must not be negative"):
        ledger(MONTHLY_10, [], rollover=True, cap=-1)


@pytest.mark.parametrize(
    ("expiry", "error", "message"),
    [
        pytest.param(lambda bought: bought, ValueError, "must be after the purchase day",
                     id="on the purchase day"),
        pytest.param(lambda bought: add_days(bought, -1), ValueError,
                     "must be after the purchase day", id="the day before"),
        pytest.param(lambda _: pendulum.datetime(2024, 6, 1), TypeError,
                     "must be a pendulum.Date, not DateTime", id="a DateTime"),
    ],
)  # fmt: skip
def test_bad_expiry_days_are_refused(expiry: Expiry, error: type[Exception], message: str) -> None:
    """An expiry day must be a plain Date after the purchase day."""
    with pytest.raises(error, match=message):
        ledger(MONTHLY_10, [], expires_after=expiry)


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: Purchase(JAN_1, -1), ValueError, "hours must not be negative"),
        (lambda: Purchase(JAN_1, cast("int", 1.5)), TypeError, "hours must be an int, not float"),
        (lambda: Purchase(pendulum.datetime(2024, 1, 1), 1), TypeError,
         "day must be a pendulum.Date, not DateTime"),
        (lambda: Draw(JAN_1, -60), ValueError, "seconds must not be negative"),
        (lambda: Draw(JAN_1, cast("int", 60.0)), TypeError, "seconds must be an int, not float"),
        (lambda: Draw(JAN_1, seconds=True), TypeError, "seconds must be an int, not bool"),
    ],
)  # fmt: skip
def test_bad_purchases_and_draws_are_refused(
    build: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Purchases and draws hold plain Dates and non-negative ints."""
    with pytest.raises(error, match=message):
        build()


def test_a_non_bool_rollover_is_refused() -> None:
    """Rollover is a bool, not a truthy value."""
    with pytest.raises(TypeError, match="rollover must be a bool"):
        block_ledger([], [], rollover=1, rollover_cap_hours=None, expires_after=None)  # type: ignore[arg-type]


# -- blocks of hours: properties -------------------------------------------------

START: Final = day("2024-01-01")


@attrs.frozen
class Scenario:
    """Purchases, draws and a block clause to run the ledger on."""

    purchases: tuple[Purchase, ...]
    draws: tuple[Draw, ...]
    rollover: bool
    cap: int | None
    expires_after: Expiry | None

    def run(self) -> Ledger:
        """The engine's ledger."""
        return block_ledger(
            self.purchases,
            self.draws,
            rollover=self.rollover,
            rollover_cap_hours=self.cap,
            expires_after=self.expires_after,
        )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Scenarios in whole quarter hours, so the oracle can move them one at a time."""
    purchases = []
    when = add_days(START, draw(st.integers(0, 10)))
    for _ in range(draw(st.integers(0, 6))):
        purchases.append(Purchase(when, draw(st.integers(0, 4))))
        when = add_days(when, draw(st.integers(1, 45)))
    work = [
        Draw(add_days(START, draw(st.integers(0, 200))), QUARTER * draw(st.integers(0, 24)))
        for _ in range(draw(st.integers(0, 10)))
    ]
    rollover = draw(st.booleans())
    expiry = draw(
        st.none()
        | st.integers(1, 4).map(months)
        | st.integers(1, 60).map(lambda days: lambda bought: add_days(bought, days))
    )
    return Scenario(
        purchases=tuple(purchases),
        draws=tuple(work),
        rollover=rollover,
        cap=draw(st.none() | st.integers(0, 6)) if rollover else None,
        expires_after=expiry,
    )


@attrs.define
class OracleRow:
    """What the oracle records for one purchase, in quarter hours."""

    rolled_in: int = 0
    used: int = 0
    rolled_over: int = 0
    lapses: dict[pendulum.Date, int] = attrs.Factory(dict)

    def lapse(self, today: pendulum.Date) -> None:
        """Count one quarter hour lost today."""
        self.lapses[today] = self.lapses.get(today, 0) + 1


@attrs.define
class Oracle:
    """A slow ledger: steps day by day and moves one quarter hour at a time.

    The balance is a list of quarter hours, each marked with its purchase
    and expiry day, oldest purchase first.
    """

    scenario: Scenario
    units: list[tuple[int, pendulum.Date | None]] = attrs.Factory(list)
    rows: list[OracleRow] = attrs.Factory(list)
    taken: dict[int, tuple[int, list[int]]] = attrs.Factory(dict)

    def expiry(self, bought: pendulum.Date) -> pendulum.Date | None:
        """The expiry day of hours bought on `bought`."""
        expires_after = self.scenario.expires_after
        return None if expires_after is None else expires_after(bought)

    def step(self, today: pendulum.Date) -> None:
        """Expire, then buy, then draw, as the rules order one day."""
        for unit in [unit for unit in self.units if unit[1] is not None and unit[1] <= today]:
            self.units.remove(unit)
            self.rows[-1].lapse(today)
        for index, purchase in enumerate(self.scenario.purchases):
            if purchase.day == today:
                self.buy(index, purchase)
        for index, work in enumerate(self.scenario.draws):
            if work.day == today:
                origins = [
                    self.units.pop(0)[0] for _ in range(work.seconds // QUARTER) if self.units
                ]
                if origins:
                    self.rows[-1].used += len(origins)
                self.taken[index] = (work.seconds // QUARTER - len(origins), origins)

    def buy(self, index: int, purchase: Purchase) -> None:
        """Roll over or lapse the balance, then add the new block's quarter hours."""
        if self.rows:
            cap = self.scenario.cap
            keep = len(self.units) if cap is None else cap * 4
            if not self.scenario.rollover:
                keep = 0
            while len(self.units) > keep:
                self.units.pop(0)
                self.rows[-1].lapse(purchase.day)
            self.rows[-1].rolled_over = len(self.units)
        self.rows.append(OracleRow(rolled_in=len(self.units)))
        self.units += [(index, self.expiry(purchase.day))] * (purchase.hours * 4)

    def run(self) -> tuple[list[BlockSummary], list[tuple[int, list[int]]]]:
        """Block rows as `blocks` gives them, and (overage, origin of each quarter) per draw."""
        days = [purchase.day for purchase in self.scenario.purchases]
        days += [work.day for work in self.scenario.draws]
        days += [
            expiry for expiry in map(self.expiry, days[: len(self.scenario.purchases)]) if expiry
        ]
        today = min(days, default=None)
        while today is not None and today <= max(days):
            self.step(today)
            today = add_days(today, 1)
        rows: list[BlockSummary] = [
            (
                in_hours(row.rolled_in * QUARTER),
                in_hours(row.used * QUARTER),
                in_hours(row.rolled_over * QUARTER),
                tuple(
                    (str(when), in_hours(count * QUARTER))
                    for when, count in sorted(row.lapses.items())
                ),
                in_hours(len(self.units) * QUARTER) if index == len(self.rows) - 1 else 0,
            )
            for index, row in enumerate(self.rows)
        ]
        return rows, [self.taken[index] for index in range(len(self.scenario.draws))]


@PROPERTIES
@given(scenarios())
def test_ledger_matches_a_quarter_hour_oracle(scenario: Scenario) -> None:
    """The ledger equals a slow day-by-day simulation that moves quarter hours one at a time."""
    result = scenario.run()
    expected_blocks, expected_draws = Oracle(scenario).run()

    actual_draws = [
        (row.overage // QUARTER, [origin for origin, s in row.sources for _ in range(s // QUARTER)])
        for row in result.draws
    ]

    assert expected_blocks == blocks(result)
    assert expected_draws == actual_draws


@PROPERTIES
@given(scenarios())
def test_ledger_conserves_seconds(scenario: Scenario) -> None:
    """Bought = used + lapsed + remaining, drawn = covered + overage, used = covered."""
    result = scenario.run()
    bought = sum(row.bought for row in result.blocks)
    drawn = sum(work.seconds for work in scenario.draws)
    used = sum(row.used for row in result.blocks)
    covered = sum(row.covered for row in result.draws)

    assert bought == used + sum(row.lapsed for row in result.blocks) + result.remaining
    assert drawn == covered + result.overage
    assert used == covered
    assert [row.rolled_over for row in result.blocks[:-1]] == [
        row.rolled_in for row in result.blocks[1:]
    ]


@PROPERTIES
@given(scenarios())
def test_ledger_is_whole_non_negative_seconds(scenario: Scenario) -> None:
    """Every figure is a non-negative int (never a float), every day a plain Date."""
    result = scenario.run()
    figures = [
        value
        for row in result.blocks
        for value in (row.hours, row.rolled_in, row.used, row.rolled_over, row.remaining)
    ]
    figures += [lapse.seconds for row in result.blocks for lapse in row.lapses]
    figures += [value for row in result.draws for value in (row.seconds, row.covered, row.overage)]
    figures += [value for row in result.draws for pair in row.sources for value in pair]
    days = [row.day for row in result.blocks] + [row.day for row in result.draws]
    days += [lapse.day for row in result.blocks for lapse in row.lapses]

    assert all(type(value) is int and value >= 0 for value in figures)
    assert all(type(value) is pendulum.Date for value in days)
    assert all(lapse.seconds > 0 for row in result.blocks for lapse in row.lapses)


@PROPERTIES
@given(scenarios())
def test_draws_take_the_oldest_hours_first(scenario: Scenario) -> None:
    """Taken in day order, draws never go back to an older purchase's hours, nor use later ones."""
    result = scenario.run()
    order = sorted(range(len(result.draws)), key=lambda index: result.draws[index].day)
    origins = [origin for index in order for origin, _ in result.draws[index].sources]

    assert origins == sorted(origins)
    assert all(
        row.block is not None and origin <= row.block
        for row in result.draws
        for origin, _ in row.sources
    )


@PROPERTIES
@given(scenarios())
def test_overage_comes_only_once_the_balance_is_used_up(scenario: Scenario) -> None:
    """After a draw runs over, later draws before the next purchase are not covered at all."""
    result = scenario.run()
    order = sorted(range(len(result.draws)), key=lambda index: result.draws[index].day)
    ran_over: set[int | None] = set()

    for index in order:
        row = result.draws[index]
        assert row.covered == 0 or row.block not in ran_over
        if row.overage:
            ran_over.add(row.block)
