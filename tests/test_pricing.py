"""Pricing engine: rounding, allocation, proration, unit pricing, adjustments (SEMANTICS §5).

Every expected figure in the tables was worked out by hand; the properties
compare the engine with slower oracles (unit by unit pricing, `Fraction`
arithmetic, `Decimal.quantize` in a wide context).
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import Money
from msa_model._engines.pricing import (
    allocate,
    compound,
    index_percents,
    prorated,
    round_fraction,
    round_to_currency,
    unit_charge,
)
from msa_model._values.money import Rounding, minor_units

PROPERTIES: Final = settings(max_examples=300, deadline=None)

D = Decimal

DEVICE_TIERS: Final = ((50, D("45.00")), (100, D("40.00")), (None, D("35.00")))
"""Devices 1–50 at 45.00, 51–100 at 40.00, then 35.00."""

CURRENCIES: Final = ("USD", "JPY", "BHD", "EUR")

CPI: Final = {
    pendulum.Date(2021, 1, 1): D(300),
    pendulum.Date(2022, 1, 1): D(315),
    pendulum.Date(2023, 1, 1): D("340.2"),
    pendulum.Date(2024, 1, 1): D("333.396"),
}
"""+5 %, then +8 %, then −2 %."""

ANNIVERSARIES: Final = (
    pendulum.Date(2022, 1, 1),
    pendulum.Date(2023, 1, 1),
    pendulum.Date(2024, 1, 1),
)


def day(text: str) -> pendulum.Date:
    """A calendar day written as `YYYY-MM-DD`."""
    year, month, mday = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, mday)


def quantum(currency: str) -> Decimal:
    """One minor unit of `currency`."""
    return D(1).scaleb(-minor_units(currency))


def amounts(currency: str, *, limit: int = 10**15) -> st.SearchStrategy[Decimal]:
    """Whole numbers of `currency`'s minor units, below `limit` major units in size."""
    places = minor_units(currency)
    bound = limit * 10**places - 1
    return st.integers(-bound, bound).map(lambda units: D(units).scaleb(-places))


ROUNDINGS: Final = st.sampled_from(list(Rounding))


# -- rounding -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "rounding", "expected"),
    [
        ("1157.625", "USD", Rounding.HALF_UP, "1157.63"),  # tie away from zero
        ("1157.625", "USD", Rounding.HALF_EVEN, "1157.62"),  # tie to the even cent
        ("1157.625", "USD", Rounding.HALF_DOWN, "1157.62"),  # tie toward zero
        ("-1.005", "USD", Rounding.HALF_UP, "-1.01"),  # away from zero, below zero too
        ("-1.005", "USD", Rounding.HALF_DOWN, "-1.00"),
        ("-1.001", "USD", Rounding.UP, "-1.01"),
        ("-1.009", "USD", Rounding.DOWN, "-1.00"),
        ("-1.001", "USD", Rounding.FLOOR, "-1.01"),
        ("-1.009", "USD", Rounding.CEILING, "-1.00"),
        ("1.001", "USD", Rounding.CEILING, "1.01"),
        ("2.5", "JPY", Rounding.HALF_UP, "3"),  # the yen has no minor unit
        ("2.5", "JPY", Rounding.HALF_EVEN, "2"),
        ("3.5", "JPY", Rounding.HALF_EVEN, "4"),
        ("0.0005", "BHD", Rounding.HALF_UP, "0.001"),  # three places for the dinar
        ("12.3456", "BHD", Rounding.DOWN, "12.345"),
        ("12", "USD", Rounding.HALF_UP, "12.00"),  # padded to the minor unit
        ("999999999999999999.9949999999", "USD", Rounding.HALF_UP, "999999999999999999.99"),
        ("999999999999999999.9950000000", "USD", Rounding.HALF_UP, "1000000000000000000.00"),
        ("123456789012345678.0000000001", "EUR", Rounding.UP, "123456789012345678.01"),
    ],
)
def test_round_to_currency(amount: str, currency: str, rounding: Rounding, expected: str) -> None:
    """An amount rounds to its currency's minor units in the mode given."""
    actual = round_to_currency(D(amount), currency, rounding)

    assert D(expected) == actual
    assert str(D(expected)) == str(actual)


def test_round_to_currency_ignores_the_ambient_context() -> None:
    """A low precision or another rounding mode set globally changes nothing."""
    with decimal.localcontext(prec=5, rounding=decimal.ROUND_FLOOR) as context:
        context.traps[decimal.Inexact] = True
        actual = round_to_currency(D("123456789012345678.125"), "USD")

    assert D("123456789012345678.13") == actual


def test_round_to_currency_defaults_to_half_up() -> None:
    """Without a mode, ties go away from zero."""
    assert D("0.13") == round_to_currency(D("0.125"), "USD")
    assert D("-0.13") == round_to_currency(D("-0.125"), "USD")


@pytest.mark.parametrize("currency", ["ABC", "usd", "HRK", ""])
def test_round_to_currency_refuses_unknown_currencies(currency: str) -> None:
    """Unknown, lower-case and withdrawn codes raise instead of rounding to 2 places."""
    with pytest.raises(ValueError, match="currency"):
        round_to_currency(D("1.005"), currency)


def test_round_to_currency_refuses_floats() -> None:
    """A float amount raises TypeError."""
    with pytest.raises(TypeError, match="Decimal"):
        round_to_currency(1.005, "USD")  # type: ignore[arg-type]


@given(
    currency=st.sampled_from(CURRENCIES),
    units=st.integers(-(10**28), 10**28),
    places=st.integers(0, 10),
    rounding=ROUNDINGS,
)
@PROPERTIES
def test_round_to_currency_agrees_with_quantize(
    currency: str, units: int, places: int, rounding: Rounding
) -> None:
    """The result equals `Decimal.quantize` in a context wide enough to be exact."""
    amount = D(units).scaleb(-places)
    with decimal.localcontext(prec=60):
        expected = amount.quantize(quantum(currency), rounding=rounding.decimal_mode)

    actual = round_to_currency(amount, currency, rounding)

    assert expected == actual
    assert type(actual) is Decimal
    assert actual.as_tuple().exponent == -minor_units(currency)


@pytest.mark.parametrize(
    ("value", "currency", "rounding", "expected"),
    [
        (Fraction(10_000, 31), "USD", Rounding.HALF_UP, "322.58"),  # 322.5806…
        (Fraction(-10_000, 31), "USD", Rounding.HALF_UP, "-322.58"),
        (Fraction(1, 3), "BHD", Rounding.UP, "0.334"),
        (Fraction(2, 3), "BHD", Rounding.DOWN, "0.666"),
        (Fraction(5, 2), "JPY", Rounding.HALF_EVEN, "2"),
        (Fraction(5, 2), "JPY", Rounding.HALF_UP, "3"),
        (Fraction(-5, 2), "JPY", Rounding.HALF_DOWN, "-2"),
        (Fraction(-1, 1000), "USD", Rounding.HALF_UP, "0.00"),  # no negative zero
        # a hair below a tie: 0.005 − 10⁻⁹⁰ rounds down, where 80 digits would see a tie
        (Fraction(1, 200) - Fraction(1, 10**90), "USD", Rounding.HALF_UP, "0.00"),
    ],
)
def test_round_fraction(value: Fraction, currency: str, rounding: Rounding, expected: str) -> None:
    """An exact fraction rounds in one step, ties found exactly."""
    actual = round_fraction(value, currency, rounding)

    assert D(expected) == actual
    assert str(D(expected)) == str(actual)


# -- allocation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "currency", "weights", "expected"),
    [
        ("100.00", "USD", [1, 1, 1], ["33.34", "33.33", "33.33"]),  # first part takes the cent
        ("100", "JPY", [1, 1, 1], ["34", "33", "33"]),
        ("1.000", "BHD", [1, 1, 1], ["0.334", "0.333", "0.333"]),
        ("-100.00", "USD", [1, 1, 1], ["-33.34", "-33.33", "-33.33"]),  # signs mirror
        ("0.02", "USD", [1, 1, 1], ["0.01", "0.01", "0.00"]),  # ties go to earlier parts
        ("1000.00", "USD", [1, 2], ["333.33", "666.67"]),  # 0.667 is the larger remainder
        ("10.00", "USD", [0, 1, 1], ["0.00", "5.00", "5.00"]),  # weight 0 gets nothing
        ("0.01", "USD", [D("0.5"), D("0.5")], ["0.01", "0.00"]),  # Decimal weights
        ("90.00", "EUR", [31, 28, 31], ["31.00", "28.00", "31.00"]),  # days of a quarter
        ("100.00", "USD", [31, 29, 31], ["34.07", "31.87", "34.06"]),  # 34.0659…, 31.8681…
        ("0.00", "USD", [1, 2], ["0.00", "0.00"]),
        ("12.50", "USD", [7], ["12.50"]),
    ],
)
def test_allocate(
    total: str, currency: str, weights: list[int | Decimal], expected: list[str]
) -> None:
    """A total splits by the largest remainder method, ties to the earlier part."""
    actual = allocate(Money.of(total, currency), weights)

    assert [Money.of(amount, currency) for amount in expected] == actual
    assert [str(D(amount)) for amount in expected] == [str(part.amount) for part in actual]


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (Money.of("100.005", "USD"), [1, 1], "whole number of USD minor units"),
        (Money.of("100", "USD"), [], "must not be empty"),
        (Money.of("100", "USD"), [0, 0], "must not all be zero"),
        (Money.of("100", "USD"), [1, -1], r"weights\[1\] must not be negative"),
        (Money.of("100", "USD"), [1, D("NaN")], r"weights\[1\] must be a finite number"),
    ],
)
def test_allocate_refuses(total: Money, weights: list[int | Decimal], message: str) -> None:
    """Totals below the minor unit and empty, negative or all-zero weights raise."""
    with pytest.raises(ValueError, match=message):
        allocate(total, weights)


@pytest.mark.parametrize("weight", [1.5, True])
def test_allocate_refuses_floats_and_bools(weight: object) -> None:
    """A float or bool weight raises TypeError."""
    with pytest.raises(TypeError, match="weights"):
        allocate(Money.of("1", "USD"), [1, weight])  # type: ignore[list-item]


@st.composite
def allocations(draw: st.DrawFn) -> tuple[Money, list[int | Decimal]]:
    """A whole-minor-unit total and weights, ints or Decimals, at least one positive."""
    currency = draw(st.sampled_from(CURRENCIES))
    total = Money(draw(amounts(currency)), currency)
    weight = st.integers(0, 10**6) | st.decimals(
        min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False
    )
    weights: list[int | Decimal] = draw(st.lists(weight, min_size=1, max_size=40))
    if all(w == 0 for w in weights):
        weights[draw(st.integers(0, len(weights) - 1))] = 1
    return total, weights


@given(allocations())
@PROPERTIES
def test_allocation_is_exact_and_fair(case: tuple[Money, list[int | Decimal]]) -> None:
    """Parts sum to the total and each is within one minor unit of its exact share."""
    total, weights = case
    unit = Fraction(quantum(total.currency))
    whole = sum((Fraction(w) for w in weights), Fraction(0))

    parts = allocate(total, weights)

    assert len(weights) == len(parts)
    assert sum((Fraction(part.amount) for part in parts), Fraction(0)) == Fraction(total.amount)
    for part, weight in zip(parts, weights, strict=True):
        assert type(part.amount) is Decimal
        assert part.currency == total.currency
        assert part.amount.as_tuple().exponent == -minor_units(total.currency)
        assert abs(Fraction(part.amount) - Fraction(total.amount) * Fraction(weight) / whole) < unit
        if weight == 0:
            assert part.amount == 0
    assert parts == allocate(total, weights)  # deterministic


@given(allocations())
@PROPERTIES
def test_allocation_of_a_negative_total_mirrors(case: tuple[Money, list[int | Decimal]]) -> None:
    """Splitting −total gives every part of splitting total, negated."""
    total, weights = case

    assert [-part for part in allocate(total, weights)] == allocate(-total, weights)


# -- proration ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "days", "period_days", "currency", "rounding", "expected"),
    [
        ("3000.00", 15, 30, "USD", Rounding.HALF_UP, "1500.00"),  # half of a 30-day month
        ("1000.00", 10, 31, "USD", Rounding.HALF_UP, "322.58"),  # 322.5806…
        ("1000.00", 10, 31, "USD", Rounding.UP, "322.59"),
        ("1000.00", 21, 31, "USD", Rounding.HALF_UP, "677.42"),  # 677.4193…; 322.58 + 677.42
        ("-1000.00", 10, 31, "USD", Rounding.HALF_UP, "-322.58"),  # a credit
        ("100000", 10, 31, "JPY", Rounding.HALF_UP, "32258"),  # ¥32,258.06…
        ("1.000", 1, 3, "BHD", Rounding.HALF_UP, "0.333"),
        ("1.000", 2, 3, "BHD", Rounding.HALF_UP, "0.667"),
        ("0.05", 1, 2, "USD", Rounding.HALF_UP, "0.03"),  # 0.025: a tie
        ("0.05", 1, 2, "USD", Rounding.HALF_EVEN, "0.02"),
        ("0.05", 1, 2, "USD", Rounding.HALF_DOWN, "0.02"),
        ("36600.00", 1, 366, "USD", Rounding.HALF_UP, "100.00"),  # a day of a leap year
        ("36500.00", 1, 365, "USD", Rounding.HALF_UP, "100.00"),
        ("1200.00", 0, 31, "USD", Rounding.HALF_UP, "0.00"),  # nothing served
        ("1200.005", 31, 31, "USD", Rounding.HALF_UP, "1200.01"),  # the whole, rounded
    ],
)
def test_prorated(
    *, amount: str, days: int, period_days: int, currency: str, rounding: Rounding, expected: str
) -> None:
    """Amount × days / period days is rounded once, from the exact fraction."""
    actual = prorated(D(amount), days, period_days, currency, rounding)

    assert D(expected) == actual
    assert str(D(expected)) == str(actual)


def test_prorated_rounds_once() -> None:
    """An exact tie rounds up and a hair below it rounds down: the quotient is rounded once."""
    # 0.045 × 1/3 = 0.015 exactly, but 0.0449 × 1/3 = 0.014966… → 0.01.
    assert D("0.02") == prorated(D("0.045"), 1, 3, "USD")
    assert D("0.01") == prorated(D("0.0449"), 1, 3, "USD")


@pytest.mark.parametrize(
    ("days", "period_days", "message"),
    [
        (-1, 30, "days must not be negative"),
        (31, 30, "days=31 must not exceed period_days=30"),
        (0, 0, "period_days must be at least 1"),
    ],
)
def test_prorated_refuses_days_outside_the_period(
    days: int, period_days: int, message: str
) -> None:
    """Days outside 0 to the period's length raise."""
    with pytest.raises(ValueError, match=message):
        prorated(D("100.00"), days, period_days, "USD")


@given(
    currency=st.sampled_from(CURRENCIES),
    data=st.data(),
    rounding=ROUNDINGS,
    period_days=st.sampled_from([28, 29, 30, 31, 90, 91, 92, 365, 366]),
)
@PROPERTIES
def test_prorating_the_parts_of_a_period_gives_the_whole(
    currency: str, data: st.DataObject, rounding: Rounding, period_days: int
) -> None:
    """Parts of a period that add up to it prorate to the whole, within a minor unit a part."""
    amount = data.draw(amounts(currency, limit=10**12))
    cuts = data.draw(st.lists(st.integers(0, period_days), max_size=6))
    bounds = [0, *sorted(cuts), period_days]
    parts = [end - start for start, end in itertools.pairwise(bounds)]

    shares = [prorated(amount, days, period_days, currency, rounding) for days in parts]

    assert all(type(share) is Decimal for share in shares)
    assert abs(sum(shares) - amount) <= len(parts) * quantum(currency)


@given(
    currency=st.sampled_from(CURRENCIES),
    units=st.integers(-(10**25), 10**25),
    rounding=ROUNDINGS,
    period_days=st.integers(1, 400),
)
@PROPERTIES
def test_prorating_a_whole_period_rounds_the_amount(
    currency: str, units: int, rounding: Rounding, period_days: int
) -> None:
    """All the days of a period give the amount, rounded as `round_to_currency` rounds it."""
    amount = D(units).scaleb(-10)

    actual = prorated(amount, period_days, period_days, currency, rounding)

    assert round_to_currency(amount, currency, rounding) == actual


# -- unit pricing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "graduated", "expected", "breakdown"),
    [
        (60, True, "2650.00", [(50, "45.00"), (10, "40.00")]),  # 50×45 + 10×40
        (60, False, "2400.00", [(60, "40.00")]),  # all 60 at the 51–100 price
        (50, True, "2250.00", [(50, "45.00")]),  # the edge of the first tier
        (50, False, "2250.00", [(50, "45.00")]),
        (51, True, "2290.00", [(50, "45.00"), (1, "40.00")]),  # one past the edge
        (51, False, "2040.00", [(51, "40.00")]),  # volume is cheaper from 51
        (100, True, "4250.00", [(50, "45.00"), (50, "40.00")]),
        (101, True, "4285.00", [(50, "45.00"), (50, "40.00"), (1, "35.00")]),
        (101, False, "3535.00", [(101, "35.00")]),
        (1, True, "45.00", [(1, "45.00")]),
        (0, True, "0.00", []),
        (0, False, "0.00", []),
    ],
)
def test_tiered_pricing(
    *, quantity: int, graduated: bool, expected: str, breakdown: list[tuple[int, str]]
) -> None:
    """Graduated prices each device by its own tier; volume prices all at the reached tier."""
    amount, rows = unit_charge(quantity, unit_price=None, tiers=DEVICE_TIERS, graduated=graduated)

    assert D(expected) == amount
    assert str(D(expected)) == str(amount)
    assert [(units, D(price)) for units, price in breakdown] == rows


@pytest.mark.parametrize(
    ("case", "quantity", "unit_price", "included", "minimum", "expected"),
    [
        ("12 mailboxes, 5 included", 12, "6.75", 5, 0, "47.25"),  # 7 × 6.75
        ("3 mailboxes, 5 included", 3, "6.75", 5, 0, "0.00"),  # included > quantity
        ("15 users, minimum 20", 15, "65.00", 0, 20, "1300.00"),  # 20 × 65
        ("25 users, minimum 20", 25, "65.00", 0, 20, "1625.00"),  # the count is above it
        ("15 users, minimum 20, 5 included", 15, "65.00", 5, 20, "975.00"),  # (20 − 5) × 65
        ("0 users, minimum 20", 0, "65.00", 0, 20, "1300.00"),
        ("3 GB at 0.0125", 3, "0.0125", 0, 0, "0.0375"),  # unrounded: the line rounds
        ("10,000,000 units at 999,999,999,999,999.9999999999", 10_000_000,
         "999999999999999.9999999999", 0, 0, "9999999999999999999999.9990000000"),
    ],
)  # fmt: skip
def test_single_unit_price(
    *, case: str, quantity: int, unit_price: str, included: int, minimum: int, expected: str
) -> None:
    """Billed = max(quantity, minimum); the first `included` units are free."""
    amount, rows = unit_charge(
        quantity, unit_price=D(unit_price), included=included, minimum=minimum
    )

    assert D(expected) == amount, case
    assert str(D(expected)) == str(amount), case
    with decimal.localcontext(prec=60) as context:
        context.traps[decimal.Inexact] = True
        assert sum(units * price for units, price in rows) == amount, case


@pytest.mark.parametrize(
    ("quantity", "graduated", "included", "minimum", "expected"),
    [
        (60, True, 10, 0, "2200.00"),  # devices 11–50 at 45, 51–60 at 40
        (60, False, 10, 0, "2000.00"),  # 50 charged devices, all at 40
        (30, False, 0, 60, "2400.00"),  # the minimum decides the volume tier
        (30, True, 0, 60, "2650.00"),
        (40, True, 55, 0, "0.00"),  # all included
        (60, True, 55, 0, "200.00"),  # devices 56–60 at 40
    ],
)
def test_tiers_with_included_units_and_minimum(
    *, quantity: int, graduated: bool, included: int, minimum: int, expected: str
) -> None:
    """Included units are the first positions; a minimum raises the billed quantity."""
    amount, _ = unit_charge(
        quantity,
        unit_price=None,
        tiers=DEVICE_TIERS,
        graduated=graduated,
        included=included,
        minimum=minimum,
    )

    assert D(expected) == amount


@pytest.mark.parametrize(
    ("quantity", "unit_price", "tiers", "included", "exception", "message"),
    [
        (-1, D(1), (), 0, ValueError, "quantity must not be negative"),
        (1, D(1), (), -1, ValueError, "included must not be negative"),
        (True, D(1), (), 0, TypeError, "quantity must be an int"),
        (1, None, (), 0, ValueError, "exactly one of unit_price and tiers"),
        (1, D(1), DEVICE_TIERS, 0, ValueError, "exactly one of unit_price and tiers"),
        (1, 6.75, (), 0, TypeError, "unit_price must be a Decimal"),
        (1, None, ((50, D(1)), (50, D(2)), (None, D(3))), 0, ValueError, "greater than"),
        (1, None, ((50, D(1)), (100, D(2))), 0, ValueError, "last tier must be open-ended"),
        (1, None, ((None, D(1)), (None, D(2))), 0, ValueError, "only the last tier"),
        (1, None, ((0, D(1)), (None, D(2))), 0, ValueError, "up_to must be at least 1"),
    ],
)
def test_unit_charge_refuses(
    *,
    quantity: int,
    unit_price: Decimal | None,
    tiers: Sequence[tuple[int | None, Decimal]],
    included: int,
    exception: type[Exception],
    message: str,
) -> None:
    """Negative counts, malformed tiers and floats raise."""
    with pytest.raises(exception, match=message):
        unit_charge(quantity, unit_price=unit_price, tiers=tiers, included=included)


@st.composite
def tier_tables(draw: st.DrawFn) -> list[tuple[int | None, Decimal]]:
    """One to five tiers with increasing bounds and prices with up to 4 places."""
    bounds = sorted(set(draw(st.lists(st.integers(1, 200), max_size=4))))
    price = st.decimals(min_value=0, max_value=1000, places=4)
    ups: list[int | None] = [*bounds, None]
    return [(up_to, draw(price)) for up_to in ups]


def unit_by_unit(tiers: Sequence[tuple[int | None, Decimal]], position: int) -> Decimal:
    """The price of the tier that unit `position` (from 1) falls in."""
    for up_to, price in tiers:
        if up_to is None or position <= up_to:
            return price
    raise AssertionError(position)


@given(
    tiers=tier_tables(),
    quantity=st.integers(0, 300),
    included=st.integers(0, 300),
    minimum=st.integers(0, 300),
)
@PROPERTIES
def test_tiers_agree_with_unit_by_unit_pricing(
    tiers: list[tuple[int | None, Decimal]], quantity: int, included: int, minimum: int
) -> None:
    """Graduated is the sum of each charged unit's own tier price; volume uses one tier."""
    billed = max(quantity, minimum)
    charged = range(included + 1, billed + 1)
    expected_graduated = sum((unit_by_unit(tiers, p) for p in charged), D(0))
    expected_volume = len(charged) * unit_by_unit(tiers, billed) if charged else D(0)

    graduated, graduated_rows = unit_charge(
        quantity, unit_price=None, tiers=tiers, included=included, minimum=minimum
    )
    volume, volume_rows = unit_charge(
        quantity,
        unit_price=None,
        tiers=tiers,
        graduated=False,
        included=included,
        minimum=minimum,
    )

    assert expected_graduated == graduated
    assert expected_volume == volume
    assert type(graduated) is Decimal
    assert type(volume) is Decimal
    assert sum(units for units, _ in graduated_rows) == len(charged)
    assert sum(units for units, _ in volume_rows) == len(charged)
    assert all(units > 0 for units, _ in graduated_rows + volume_rows)


# -- price adjustments --------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "percents", "currency", "rounding", "expected"),
    [
        ("1000.00", ["5", "5", "5"], "USD", Rounding.HALF_UP, ["1050.00", "1102.50", "1157.63"]),
        ("1000.00", ["5", "5", "5"], "USD", Rounding.HALF_EVEN, ["1050.00", "1102.50", "1157.62"]),
        ("10000", ["3", "3", "3"], "JPY", Rounding.HALF_UP, ["10300", "10609", "10927"]),
        ("1.000", ["2.5", "2.5"], "BHD", Rounding.HALF_UP, ["1.025", "1.051"]),  # 1.050625
        ("1000.00", ["-10", "0"], "USD", Rounding.HALF_UP, ["900.00", "900.00"]),
        # each step starts from the rounded price: 0.99 × 1.5 = 1.485 → 1.49, then 2.235 → 2.24
        ("0.99", ["50", "50"], "USD", Rounding.HALF_UP, ["1.49", "2.24"]),
        ("1000.00", [], "USD", Rounding.HALF_UP, []),
    ],
)
def test_compound(
    base: str, percents: list[str], currency: str, rounding: Rounding, expected: list[str]
) -> None:
    """Each step multiplies the previous rounded price and is rounded, as invoices show it."""
    actual = compound(D(base), [D(p) for p in percents], currency, rounding)

    assert [D(price) for price in expected] == actual
    assert expected == [str(price) for price in actual]


def test_compound_refuses_a_fall_of_100_percent() -> None:
    """A change of −100 % or less raises."""
    with pytest.raises(ValueError, match=r"percents\[1\] must be greater than -100"):
        compound(D("10.00"), [D(5), D(-100)], "USD")


@given(
    currency=st.sampled_from(CURRENCIES),
    data=st.data(),
    percents=st.lists(st.decimals(min_value=-50, max_value=50, places=4), max_size=6),
    rounding=ROUNDINGS,
)
@PROPERTIES
def test_compound_rounds_after_every_step(
    currency: str, data: st.DataObject, percents: list[Decimal], rounding: Rounding
) -> None:
    """Each price is the previous one × (1 + p / 100), rounded with `Money.rounded`."""
    base = data.draw(amounts(currency, limit=10**9))
    price = base
    expected: list[Decimal] = []
    exact = decimal.Context(prec=80, traps=[decimal.Inexact, decimal.InvalidOperation])
    for percent in percents:
        step = Money(exact.multiply(price, exact.add(1, exact.divide(percent, 100))), currency)
        price = step.rounded(rounding).amount
        expected.append(price)

    actual = compound(base, percents, currency, rounding)

    assert expected == actual
    assert [str(p) for p in expected] == [str(p) for p in actual]
    assert all(type(p) is Decimal for p in actual)


@pytest.mark.parametrize(
    ("case", "cap", "floor", "expected"),
    [
        ("no bounds", None, None, ["5", "8", "-2"]),
        ("cap 6, floor 0", D(6), D(0), ["5", "6", "0"]),  # +8 % capped, −2 % floored
        ("cap 4", D(4), None, ["4", "4", "-2"]),
        ("floor -1", None, D(-1), ["5", "8", "-1"]),
        ("cap 6.5, floor 0.5", D("6.5"), D("0.5"), ["5", "6.5", "0.5"]),
    ],
)
def test_index_percents(
    case: str, cap: Decimal | None, floor: Decimal | None, expected: list[str]
) -> None:
    """CPI 300 → 315 (+5 %) → 340.2 (+8 %) → 333.396 (−2 %), each year on the last."""
    actual = index_percents(CPI, ANNIVERSARIES, day("2021-01-01"), cap, floor, index="US CPI-U")

    assert [D(p) for p in expected] == actual, case
    assert expected == [str(p) for p in actual], case


def test_a_capped_year_does_not_carry_into_the_next() -> None:
    """With the cap at 6 and floor at 0, 1,000.00 becomes 1,050.00, 1,113.00, 1,113.00."""
    percents = index_percents(CPI, ANNIVERSARIES, day("2021-01-01"), D(6), D(0))

    actual = compound(D("1000.00"), percents, "USD")

    assert [D("1050.00"), D("1113.00"), D("1113.00")] == actual


def test_the_value_in_force_is_the_latest_published() -> None:
    """A day between publications uses the value published before it."""
    monthly = {
        day("2023-01-15"): D(200),
        day("2023-02-15"): D(201),
        day("2024-01-15"): D(210),
        day("2024-02-15"): D(212),
    }
    # On 2023-02-01 the January value (200) is in force; on 2024-02-01 the January one (210).
    actual = index_percents(monthly, [day("2024-02-01")], day("2023-02-01"), None, None)

    assert [D(5)] == actual


def test_index_changes_keep_ten_places() -> None:
    """300 → 301 is 1/3 %, kept to 10 places, half-even."""
    series = {day("2021-01-01"): D(300), day("2022-01-01"): D(301), day("2023-01-01"): D(300)}
    days = [day("2022-01-01"), day("2023-01-01")]

    actual = index_percents(series, days, day("2021-01-01"), None, None)

    # 301/300 − 1 = 0.3333…%; 300/301 − 1 = −0.33222591362126…%.
    assert [D("0.3333333333"), D("-0.3322259136")] == actual


@pytest.mark.parametrize(
    ("days", "base_day", "message"),
    [
        ([day("2022-01-01")], day("2020-12-31"), "US CPI-U has no value on or before 2020-12-31"),
        ([day("2020-06-01")], day("2021-01-01"), r"days\[0\]=2020-06-01 must be after base_day"),
        (
            [day("2023-01-01"), day("2023-01-01")],
            day("2021-01-01"),
            r"days\[1\]=2023-01-01 must be after days\[0\]=2023-01-01",
        ),
    ],
)
def test_index_percents_refuses(
    days: list[pendulum.Date], base_day: pendulum.Date, message: str
) -> None:
    """A day before the first value, or days out of order, raise naming the day."""
    with pytest.raises(ValueError, match=message):
        index_percents(CPI, days, base_day, None, None, index="US CPI-U")


@pytest.mark.parametrize(
    ("series", "cap", "floor", "exception", "message"),
    [
        ({}, None, None, ValueError, "has no published values"),
        ({day("2021-01-01"): D(0)}, None, None, ValueError, "must be positive"),
        ({day("2021-01-01"): 1.5}, None, None, TypeError, "must be a Decimal"),
        (CPI, D(0), D(1), ValueError, "floor=1 must not be above cap=0"),
        (CPI, D(-100), None, ValueError, "cap must be greater than -100"),
        ({pendulum.datetime(2021, 1, 1): D(1)}, None, None, TypeError, "pendulum.Date"),
    ],
)
def test_index_percents_refuses_bad_series_and_bounds(
    series: dict[pendulum.Date, Decimal],
    cap: Decimal | None,
    floor: Decimal | None,
    exception: type[Exception],
    message: str,
) -> None:
    """Empty series, non-positive or float values, DateTimes and crossed bounds raise."""
    with pytest.raises(exception, match=message):
        index_percents(series, [day("2022-01-01")], day("2021-06-01"), cap, floor)


@given(
    values=st.lists(st.decimals(min_value="0.001", max_value=10_000, places=3), min_size=2),
    cap=st.none() | st.decimals(min_value=0, max_value=20, places=2),
    floor=st.none() | st.decimals(min_value=-20, max_value=0, places=2),
)
@PROPERTIES
def test_index_changes_stay_within_the_bounds(
    values: list[Decimal], cap: Decimal | None, floor: Decimal | None
) -> None:
    """Every change lies in [floor, cap] and is the exact change to 10 places otherwise."""
    start = day("2000-01-01")
    series = {start.add(years=k): value for k, value in enumerate(values)}
    days = [start.add(years=k) for k in range(1, len(values))]

    actual = index_percents(series, days, start, cap, floor)

    for before, after, change in zip(values, values[1:], actual, strict=False):
        assert type(change) is Decimal
        exact = (Fraction(after) / Fraction(before) - 1) * 100
        if cap is not None:
            exact = min(exact, Fraction(cap))
        if floor is not None:
            exact = max(exact, Fraction(floor))
        assert abs(Fraction(change) - exact) <= Fraction(1, 2 * 10**10)
        assert cap is None or change <= cap
        assert floor is None or change >= floor
