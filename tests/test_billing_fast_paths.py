"""The billing fast paths give exactly what the general paths give.

`FeeSchedule.charges` charges the usual line (one price and one count for
the period) without `Call`; `billing_rows` builds each period's bounds from
month numbers; `rounding.scaled_money` builds Money without its checks.
Each is compared here with the path it stands in for.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import BillingPeriod, ChargeKind, ChargeLine, FeeSchedule, Money, Rounding, Term
from msa_model._engines.billing import MAX_SPANS, billing_rows
from msa_model._engines.pricing import round_scaled
from msa_model._engines.rounding import money_terms, scaled_money
from msa_model._engines.schedule import add_days, add_months
from msa_model._model import invoicing
from msa_model._model.pricecall import Call
from msa_model._model.pricelist import PER_UNIT, RECURRING, plan_of
from msa_model.errors import OutOfRangeError

if TYPE_CHECKING:  # mypy sees tests/ as a folder of top-level modules
    from test_pricelist import INDEX, SERIES, _quantities, cases
else:  # pytest imports it through the rootdir, as tests.test_pricelist
    from tests.test_pricelist import INDEX, SERIES, _quantities, cases

PROPERTIES: Final = settings(max_examples=300, deadline=None)
PRICED: Final = {ChargeKind.RECURRING, ChargeKind.PER_UNIT}
Day = pendulum.Date


# -- charges: the usual line against the general path ----------------------------------


def _general(
    fees: FeeSchedule, term: Term, period: BillingPeriod, quantities: Mapping[str, object]
) -> list[ChargeLine]:
    """The recurring and per-unit lines of `period`, every one charged through `Call`."""
    plan = plan_of(fees)
    days = (period.start, period.end, period.period_days)
    call = Call(plan, term, days, quantities, {INDEX: SERIES})  # type: ignore[arg-type]
    found: list[ChargeLine] = []
    for each in plan.lines:
        if each.code == RECURRING:
            parts, kind = call.recurring(each), ChargeKind.RECURRING
        elif each.code == PER_UNIT:
            parts, kind = call.per_unit(each), ChargeKind.PER_UNIT
        else:
            continue
        found.extend(invoicing._charge_line(each.line, kind, part) for part in parts)
    return found


@PROPERTIES
@given(case=cases(), data=st.data())
def test_the_usual_line_is_charged_as_the_general_path_charges_it(
    case: tuple[FeeSchedule, Term, int], data: st.DataObject
) -> None:
    """Every line, record for record (repr included), equals what `Call` charges."""
    fees, term, number = case
    periods = fees.billing_periods(term, term.start.add(months=6 * 12))
    period = periods[min(number, len(periods) - 1)]
    quantities = data.draw(_quantities(fees, period))

    fast = fees.charges(period, term, quantities=quantities, indexes={INDEX: SERIES})  # type: ignore[arg-type]
    slow = _general(copy.copy(fees), copy.copy(term), period, quantities)
    priced = [
        line for line in fast.lines if line.kind in {ChargeKind.RECURRING, ChargeKind.PER_UNIT}
    ]

    assert [(line, repr(line)) for line in priced] == [(line, repr(line)) for line in slow]


# -- rounding: Money without its checks -------------------------------------------------


@PROPERTIES
@given(
    numerator=st.integers(-(10**20), 10**20),
    denominator=st.integers(1, 10**6),
    places=st.sampled_from((0, 2, 3)),
    rounding=st.sampled_from(tuple(Rounding)),
)
def test_scaled_money_is_the_rounded_amount_as_money(
    numerator: int, denominator: int, places: int, rounding: Rounding
) -> None:
    """Equal to `Money(round_scaled(...))`, repr and hash included, or refused as Money refuses."""
    currency = {0: "JPY", 2: "USD", 3: "BHD"}[places]
    exact = round_scaled(numerator, denominator, places, rounding)
    try:
        expected = Money(exact, currency)
    except ValueError:
        with pytest.raises(ValueError, match="must be smaller than"):
            scaled_money(numerator, denominator, money_terms(places, rounding, currency))
        return

    found = scaled_money(numerator, denominator, money_terms(places, rounding, currency))

    assert (found, repr(found), hash(found)) == (expected, repr(expected), hash(expected))
    assert found.amount.as_tuple() == expected.amount.as_tuple()


# -- billing rows: month numbers against day ordinals ----------------------------------


def _reference_rows(  # the arguments of billing_rows
    *,
    anchor: Day,
    months: int,
    service_start: Day,
    service_end: Day | None,
    through: Day,
    in_arrears: bool,
    due: Callable[[Day], Day],
    since: Day | None = None,
) -> Iterator[tuple[object, ...]]:
    """The rows as `billing_rows` listed them before: each bound by `add_months` and `add_days`."""
    last_start = through if service_end is None else min(through, service_end)
    if last_start < service_start:
        return

    def index_on(day: Day) -> int:
        index = ((day.year - anchor.year) * 12 + day.month - anchor.month) // months
        return index - 1 if add_months(anchor, index * months) > day else index

    first_index = index_on(service_start)
    if since is not None:
        first_index = max(first_index, index_on(since))
    boundary = add_months(anchor, first_index * months)
    for index in range(first_index, index_on(last_start) + 1):
        following = add_months(anchor, (index + 1) * months)
        full_end = add_days(following, -1)
        start = max(service_start, boundary)
        end = full_end if service_end is None or full_end < service_end else service_end
        invoice_day = add_days(end, 1) if in_arrears else start
        yield index, boundary, full_end, start, end, invoice_day, due(invoice_day)
        boundary = following


def _day(value: dt.date) -> Day:
    return Day(value.year, value.month, value.day)


@PROPERTIES
@given(
    anchor=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    months=st.sampled_from((1, 3, 12)),
    offset=st.integers(-800, 800),
    length=st.none() | st.integers(0, 3000),
    extra=st.integers(-100, 3000),
    since=st.none() | st.integers(-400, 3000),
    arrears=st.booleans(),
)
def test_billing_rows_equal_rows_built_from_day_ordinals(  # noqa: PLR0917 # one per drawn value
    anchor: dt.date,
    months: int,
    offset: int,
    length: int | None,
    extra: int,
    since: int | None,
    arrears: bool,  # noqa: FBT001 # drawn by Hypothesis
) -> None:
    """The same rows, or the same error, as the former walk by `add_months` and `add_days`."""
    first = _day(anchor)

    def shifted(days: int) -> Day:
        return _day(dt.date.fromordinal(min(max(1, first.toordinal() + days), 3_652_059)))

    start = shifted(offset)
    arguments: dict[str, object] = {
        "anchor": first,
        "months": months,
        "service_start": start,
        "service_end": None if length is None else shifted(offset + length),
        "through": shifted(offset + extra),
        "in_arrears": arrears,
        "due": lambda day: day,
        "since": None if since is None else shifted(offset + since),
    }
    try:
        expected = list(_reference_rows(**arguments))  # type: ignore[arg-type]
    except OutOfRangeError:
        with pytest.raises(OutOfRangeError):
            list(billing_rows(**arguments))  # type: ignore[arg-type]
        return
    if len(expected) > MAX_SPANS:
        return

    assert list(billing_rows(**arguments)) == expected  # type: ignore[arg-type]


def test_a_period_ending_past_year_9999_is_out_of_range() -> None:
    """The last billing period of time has no next boundary: out of range, as before."""
    rows = billing_rows(
        anchor=Day(9999, 12, 1),
        months=1,
        service_start=Day(9999, 12, 5),
        service_end=None,
        through=Day(9999, 12, 31),
        in_arrears=False,
        due=lambda day: day,
    )

    with pytest.raises(OutOfRangeError, match="outside years 1 to 9999"):
        list(rows)


def test_the_first_price_change_is_the_earliest_of_the_adjustments() -> None:
    """A period ending before the first anniversary is charged at the prices as written."""
    fees, term = _adjusted_schedule()
    year = fees.billing_periods(term, term.start.add(months=13))
    indexes: Mapping[str, Mapping[Day, Decimal]] = {}

    amounts = [fees.charges(p, term, indexes=indexes).total.amount for p in year]

    assert plan_of(fees).first_change(term) == Day(2025, 1, 31)
    assert amounts[:12] == [Decimal("100.00")] * 12
    assert amounts[12] == Decimal("105.00")


def _adjusted_schedule() -> tuple[FeeSchedule, Term]:
    from msa_model import (  # noqa: PLC0415 # only this test needs them
        AdjustmentTiming,
        Notice,
        PercentageAdjustment,
        Period,
        RecurringFee,
        Renewal,
    )

    line = RecurringFee(id="flat", description="Flat", amount=Money.of("100.00", "USD"))
    fees = FeeSchedule(
        currency="USD",
        lines=(line,),
        payment_terms=Period(days=30),
        adjustments=(
            PercentageAdjustment(percent=Decimal(5), at=AdjustmentTiming.ANNIVERSARY),
            PercentageAdjustment(percent=Decimal(1), at=AdjustmentTiming.RENEWAL),
        ),
    )
    term = Term(
        start=Day(2024, 1, 31),
        initial=Period(months=24),
        renewal=Renewal.automatic(Period(years=1)),
        notice=Notice(length=Period(days=30)),
    )
    return fees, term
