"""Billing periods: anchored schedules clipped to the service, invoice and due days.

The hand-computed tables follow SEMANTICS §1 and §5; the properties check
that the periods tile the service, sit on boundaries computed from the
anchor (by python-dateutil, which shares nothing with our arithmetic), and
do not depend on how far back the anchor lies.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Final

import attrs
import pendulum
import pytest
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model._engines import billing
from msa_model._engines.billing import MAX_SPANS, Span, billing_spans
from msa_model._engines.schedule import add_days, add_months

if TYPE_CHECKING:
    from collections.abc import Callable

PROPERTIES: Final = settings(max_examples=300, deadline=None)


def day(text: str) -> pendulum.Date:
    """Read a calendar day written as `YYYY-MM-DD`."""
    year, month, day_of_month = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, day_of_month)


def net(days: int) -> Callable[[pendulum.Date], pendulum.Date]:
    """Payment terms of `days` calendar days after the invoice day."""
    return lambda invoice_day: add_days(invoice_day, days)


def spans_of(
    *,
    anchor: str,
    months: int,
    start: str,
    end: str | None = None,
    through: str,
    in_arrears: bool = False,
    due: Callable[[pendulum.Date], pendulum.Date] | None = None,
) -> list[Span]:
    """Call `billing_spans` with days written as text; due on receipt unless told."""
    return billing_spans(
        anchor=day(anchor),
        months=months,
        service_start=day(start),
        service_end=None if end is None else day(end),
        through=day(through),
        in_arrears=in_arrears,
        due=net(0) if due is None else due,
    )


def billed(spans: list[Span]) -> list[tuple[int, str, str, int, int]]:
    """Each span as (index, first day billed, last day billed, days billed, days in period)."""
    return [(s.index, str(s.start), str(s.end), s.days, s.period_days) for s in spans]


def oracle(anchor: pendulum.Date, months: int) -> pendulum.Date:
    """Return `anchor + months` by python-dateutil (clamped to the month's end)."""
    plain = dt.date(anchor.year, anchor.month, anchor.day) + relativedelta(months=months)
    return pendulum.Date(plain.year, plain.month, plain.day)


# --- Boundaries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        pytest.param(
            "2024-01-31",
            1,
            ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"],
            id="monthly from 2024-01-31 → 02-29, 03-31, 04-30, 05-31",
        ),
        pytest.param(
            "2024-01-31",
            3,
            ["2024-01-31", "2024-04-30", "2024-07-31", "2024-10-31", "2025-01-31"],
            id="quarterly from 2024-01-31 → 04-30, 07-31, 10-31, 2025-01-31",
        ),
        pytest.param(
            "2024-02-29",
            12,
            ["2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"],
            id="annual from 2024-02-29 → 2025-02-28, 2026-02-28, 2027-02-28, 2028-02-29",
        ),
        pytest.param(
            "2025-01-30",
            1,
            ["2025-01-30", "2025-02-28", "2025-03-30", "2025-04-30", "2025-05-30"],
            id="monthly from 2025-01-30 → 02-28, then back to the 30th",
        ),
    ],
)
def test_periods_start_on_boundaries_computed_from_the_anchor(
    anchor: str, months: int, expected: list[str]
) -> None:
    """Period k starts on anchor + k × months, so a short month does not pull later ones back."""
    spans = spans_of(anchor=anchor, months=months, start=anchor, through=expected[-1])

    actual = [str(span.full_start) for span in spans]

    assert expected == actual


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        pytest.param(
            "2024-01-31",
            1,
            [
                (0, "2024-01-31", "2024-02-28", 29, 29),
                (1, "2024-02-29", "2024-03-30", 31, 31),
                (2, "2024-03-31", "2024-04-29", 30, 30),
                (3, "2024-04-30", "2024-05-30", 31, 31),
            ],
            id="monthly from 2024-01-31: 29, 31, 30 and 31 days",
        ),
        pytest.param(
            "2024-01-31",
            3,
            [
                (0, "2024-01-31", "2024-04-29", 90, 90),
                (1, "2024-04-30", "2024-07-30", 92, 92),
                (2, "2024-07-31", "2024-10-30", 92, 92),
                (3, "2024-10-31", "2025-01-30", 92, 92),
            ],
            id="quarterly from 2024-01-31: 90, 92, 92 and 92 days",
        ),
        pytest.param(
            "2024-02-29",
            12,
            [
                (0, "2024-02-29", "2025-02-27", 365, 365),
                (1, "2025-02-28", "2026-02-27", 365, 365),
                (2, "2026-02-28", "2027-02-27", 365, 365),
                (3, "2027-02-28", "2028-02-28", 366, 366),
            ],
            id="annual from 2024-02-29: the year back to the 29th has 366 days",
        ),
        pytest.param(
            "2024-01-01",
            12,
            [(0, "2024-01-01", "2024-12-31", 366, 366), (1, "2025-01-01", "2025-12-31", 365, 365)],
            id="annual from 2024-01-01: a leap year has 366 days",
        ),
    ],
)
def test_a_period_ends_the_day_before_the_next_boundary(
    anchor: str, months: int, expected: list[tuple[int, str, str, int, int]]
) -> None:
    """Each period's last day is the day before the next boundary; days count both ends."""
    through = expected[-1][1]

    actual = billed(spans_of(anchor=anchor, months=months, start=anchor, through=through))

    assert expected == actual


# --- The service start, the anchor and the last service day ---------------------------------


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        pytest.param(
            "2024-04-16",
            [(0, "2024-04-16", "2024-05-15", 30, 30), (1, "2024-05-16", "2024-06-15", 31, 31)],
            id="anchored on the start 2024-04-16: whole periods from the 16th",
        ),
        pytest.param(
            "2024-04-01",
            [(0, "2024-04-16", "2024-04-30", 15, 30), (1, "2024-05-01", "2024-05-31", 31, 31)],
            id="anchored on 2024-04-01: the first period is 04-16..04-30, 15 of 30 days",
        ),
        pytest.param(
            "2024-01-01",
            [(3, "2024-04-16", "2024-04-30", 15, 30), (4, "2024-05-01", "2024-05-31", 31, 31)],
            id="anchored on 2024-01-01: the same periods, counted from January",
        ),
    ],
)
def test_a_start_mid_period_is_billed_from_the_start(
    anchor: str, expected: list[tuple[int, str, str, int, int]]
) -> None:
    """A term starting 2024-04-16 bills whole periods from its start, or a partial first one."""
    actual = billed(spans_of(anchor=anchor, months=1, start="2024-04-16", through="2024-05-31"))

    assert expected == actual


def test_a_partial_first_period_keeps_its_full_bounds() -> None:
    """The first span of a start mid-period is partial and keeps the schedule's whole period."""
    (first,) = spans_of(anchor="2024-04-01", months=1, start="2024-04-16", through="2024-04-30")

    assert (day("2024-04-01"), day("2024-04-30")) == (first.full_start, first.full_end)
    assert first.is_partial


@pytest.mark.parametrize(
    ("months", "end", "expected"),
    [
        pytest.param(
            1,
            "2024-03-14",
            [
                (0, "2024-01-01", "2024-01-31", 31, 31),
                (1, "2024-02-01", "2024-02-29", 29, 29),
                (2, "2024-03-01", "2024-03-14", 14, 31),
            ],
            id="monthly, last service day 2024-03-14 → March billed 14 of 31 days",
        ),
        pytest.param(
            3,
            "2024-05-20",
            [(0, "2024-01-01", "2024-03-31", 91, 91), (1, "2024-04-01", "2024-05-20", 50, 91)],
            id="quarterly, last service day 2024-05-20 → Q2 billed 50 of 91 days",
        ),
        pytest.param(
            1,
            "2024-02-29",
            [(0, "2024-01-01", "2024-01-31", 31, 31), (1, "2024-02-01", "2024-02-29", 29, 29)],
            id="monthly, last service day on a period's last day → no partial period",
        ),
        pytest.param(
            1,
            "2024-03-01",
            [
                (0, "2024-01-01", "2024-01-31", 31, 31),
                (1, "2024-02-01", "2024-02-29", 29, 29),
                (2, "2024-03-01", "2024-03-01", 1, 31),
            ],
            id="monthly, last service day on a period's first day → one day billed",
        ),
        pytest.param(
            12,
            "2024-01-01",
            [(0, "2024-01-01", "2024-01-01", 1, 366)],
            id="annual, a one-day service → 1 of 366 days",
        ),
    ],
)
def test_the_last_service_day_clips_the_final_period(
    months: int, end: str, expected: list[tuple[int, str, str, int, int]]
) -> None:
    """A termination mid-period bills the final period up to the last service day, then stops."""
    spans = spans_of(
        anchor="2024-01-01", months=months, start="2024-01-01", end=end, through="2030-01-01"
    )

    actual = billed(spans)

    assert expected == actual


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        pytest.param(
            "2024-07-31",
            [
                (-4, "2024-04-16", "2024-04-29", 14, 30),
                (-3, "2024-04-30", "2024-05-30", 31, 31),
                (-2, "2024-05-31", "2024-06-29", 30, 30),
                (-1, "2024-06-30", "2024-07-30", 31, 31),
                (0, "2024-07-31", "2024-08-30", 31, 31),
            ],
            id="anchor 2024-07-31 after the start 2024-04-16 → period −4 is 03-31..04-29",
        ),
        pytest.param(
            "2024-07-01",
            [
                (-3, "2024-04-16", "2024-04-30", 15, 30),
                (-2, "2024-05-01", "2024-05-31", 31, 31),
                (-1, "2024-06-01", "2024-06-30", 30, 30),
                (0, "2024-07-01", "2024-07-31", 31, 31),
            ],
            id="anchor 2024-07-01 after the start 2024-04-16 → period −3 is April",
        ),
    ],
)
def test_an_anchor_after_the_start_counts_back(
    anchor: str, expected: list[tuple[int, str, str, int, int]]
) -> None:
    """An anchor after the service start gives negative k, still computed from the anchor."""
    actual = billed(spans_of(anchor=anchor, months=1, start="2024-04-16", through=anchor))

    assert expected == actual


def test_a_negative_period_runs_from_its_own_boundary() -> None:
    """Period −4 of a schedule anchored on 2024-07-31 is 03-31..04-29 (anchor − 4 months)."""
    first = spans_of(anchor="2024-07-31", months=1, start="2024-04-16", through="2024-04-16")[0]

    assert (day("2024-03-31"), day("2024-04-29")) == (first.full_start, first.full_end)


@pytest.mark.parametrize(
    ("anchor", "offset"),
    [
        pytest.param("2024-01-31", 0, id="anchored 2024-01-31"),
        pytest.param("1974-01-31", 600, id="anchored 50 years back, 1974-01-31"),
        pytest.param("1024-01-31", 12_000, id="anchored 1,000 years back, 1024-01-31"),
    ],
)
def test_an_old_anchor_gives_the_same_periods(anchor: str, offset: int) -> None:
    """Anchors 50 or 1,000 years back on the same day of the month give the same periods."""
    expected = [
        (2 + offset, "2024-04-16", "2024-04-29", 14, 30),
        (3 + offset, "2024-04-30", "2024-05-30", 31, 31),
        (4 + offset, "2024-05-31", "2024-06-29", 30, 30),
    ]

    actual = billed(spans_of(anchor=anchor, months=1, start="2024-04-16", through="2024-05-31"))

    assert expected == actual


def test_an_old_anchor_costs_what_a_new_one_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first period is found by arithmetic: the same month additions for any anchor's age."""
    calls: list[int] = []

    def counting(day: pendulum.Date, months: int) -> pendulum.Date:
        calls.append(months)
        return add_months(day, months)

    monkeypatch.setattr(billing, "add_months", counting)
    counts = []
    for anchor in ("2024-01-31", "1974-01-31", "1024-01-31"):
        calls.clear()
        spans_of(anchor=anchor, months=1, start="2024-04-16", through="2024-05-31")
        counts.append(len(calls))

    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 3 + 3  # the first and last periods located, then one per period


# --- Invoice and due days --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("in_arrears", "expected"),
    [
        pytest.param(
            False,
            [
                ("2024-04-16", "2024-05-16"),
                ("2024-05-01", "2024-05-31"),
                ("2024-06-01", "2024-07-01"),
            ],
            id="in advance: the first day billed (04-16, 05-01, 06-01), net 30",
        ),
        pytest.param(
            True,
            [
                ("2024-05-01", "2024-05-31"),
                ("2024-06-01", "2024-07-01"),
                ("2024-06-11", "2024-07-11"),
            ],
            id="in arrears: the day after the last day billed (05-01, 06-01, 06-11), net 30",
        ),
    ],
)
def test_invoice_and_due_days(in_arrears: bool, expected: list[tuple[str, str]]) -> None:  # noqa: FBT001 -- a parameter of the table
    """Service 2024-04-16..06-10, monthly on the 1st: invoiced in advance or arrears, due net 30."""
    spans = spans_of(
        anchor="2024-04-01",
        months=1,
        start="2024-04-16",
        end="2024-06-10",
        through="2024-12-31",
        in_arrears=in_arrears,
        due=net(30),
    )

    actual = [(str(span.invoice_day), str(span.due_day)) for span in spans]

    assert expected == actual


@pytest.mark.parametrize(
    ("anchor", "in_arrears", "expected"),
    [
        pytest.param("2024-02-01", False, "2024-03-02", id="invoiced 2024-02-01, net 30 → 03-02"),
        pytest.param("2023-02-01", False, "2023-03-03", id="invoiced 2023-02-01, net 30 → 03-03"),
        pytest.param(
            "2024-01-01", True, "2024-03-02", id="January in arrears: invoiced 02-01 → 03-02"
        ),
        pytest.param(
            "2024-12-01", True, "2025-01-31", id="December in arrears: invoiced 2025-01-01 → 01-31"
        ),
    ],
)
def test_net_30_counts_calendar_days_from_the_invoice_day(
    anchor: str,
    in_arrears: bool,  # noqa: FBT001 -- a parameter of the table
    expected: str,
) -> None:
    """Net 30 is 30 calendar days after the invoice day, across February and the year end."""
    (first,) = spans_of(
        anchor=anchor, months=1, start=anchor, through=anchor, in_arrears=in_arrears, due=net(30)
    )

    assert day(expected) == first.due_day


def test_due_is_the_callers_rule_applied_to_each_invoice_day() -> None:
    """The caller's payment terms decide the due day (net 30 moved off a weekend, here)."""
    seen: list[pendulum.Date] = []

    def net_30_next_weekday(invoice_day: pendulum.Date) -> pendulum.Date:
        seen.append(invoice_day)
        due = add_days(invoice_day, 30)
        return add_days(due, {5: 2, 6: 1}.get(due.weekday(), 0))

    spans = spans_of(
        anchor="2024-08-01", months=1, start="2024-08-01", through="2024-09-01",
        due=net_30_next_weekday,
    )  # fmt: skip

    assert [day("2024-08-01"), day("2024-09-01")] == seen
    assert [day("2024-09-02"), day("2024-10-01")] == [span.due_day for span in spans]


# --- Edges and refusals ----------------------------------------------------------------------


def test_nothing_is_listed_through_a_day_before_the_service() -> None:
    """No period starts on or before a `through` day that precedes the service start."""
    expected: list[Span] = []

    actual = spans_of(anchor="2024-01-01", months=1, start="2024-04-16", through="2024-04-15")

    assert expected == actual


def test_through_the_service_start_lists_its_period() -> None:
    """The period containing the service start is listed when `through` is the start."""
    expected = [(0, "2024-02-10", "2024-03-31", 51, 91)]
    spans = spans_of(anchor="2024-01-01", months=3, start="2024-02-10", through="2024-02-10")

    actual = billed(spans)

    assert expected == actual


def test_periods_after_the_last_service_day_are_not_listed() -> None:
    """A `through` past the last service day stops at the period holding that day."""
    expected = [0]

    actual = spans_of(
        anchor="2024-01-01", months=1, start="2024-01-01", end="2024-01-31", through="2024-06-01"
    )

    assert expected == [span.index for span in actual]


@pytest.mark.parametrize(
    "months",
    [
        pytest.param(0, id="0 months"),
        pytest.param(2, id="2 months"),
        pytest.param(6, id="6 months"),
        pytest.param(24, id="24 months"),
        pytest.param(-1, id="−1 month"),
        pytest.param(True, id="True, a bool"),
    ],
)
def test_frequencies_other_than_1_3_12_are_refused(months: int) -> None:
    """Only monthly, quarterly and annual billing exist."""
    with pytest.raises(ValueError, match=r"must be 1, 3 or 12"):
        spans_of(anchor="2024-01-01", months=months, start="2024-01-01", through="2024-12-31")


def test_a_service_ending_before_it_starts_is_refused() -> None:
    """A last service day before the first is refused, naming both."""
    with pytest.raises(ValueError, match=r"service_end=2024-03-31 must not be before"):
        spans_of(
            anchor="2024-01-01",
            months=1,
            start="2024-04-01",
            end="2024-03-31",
            through="2024-12-31",
        )


def test_more_than_max_spans_periods_are_refused() -> None:
    """Monthly billing from year 1 through 9999 is about 120,000 periods: refused, not built."""
    with pytest.raises(ValueError, match=r"119977 billing periods .* more than 100000"):
        spans_of(anchor="0001-01-01", months=1, start="0001-01-01", through="9999-01-01")


def test_exactly_max_spans_periods_are_listed() -> None:
    """The limit is inclusive: `MAX_SPANS` periods are listed, one more is refused."""
    last = add_months(day("0001-01-01"), MAX_SPANS - 1)
    spans = billing_spans(
        anchor=day("0001-01-01"),
        months=1,
        service_start=day("0001-01-01"),
        service_end=None,
        through=last,
        in_arrears=False,
        due=net(0),
    )

    assert len(spans) == MAX_SPANS
    assert last == spans[-1].start
    with pytest.raises(ValueError, match=r"more than 100000"):
        billing_spans(
            anchor=day("0001-01-01"),
            months=1,
            service_start=day("0001-01-01"),
            service_end=None,
            through=add_months(last, 1),
            in_arrears=False,
            due=net(0),
        )


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(dt.date(2024, 1, 1), id="a stdlib date"),
        pytest.param(pendulum.datetime(2024, 1, 1), id="a pendulum DateTime"),
    ],
)
@pytest.mark.parametrize("field", ["anchor", "service_start", "service_end", "through"])
def test_days_must_be_pendulum_dates(field: str, bad: object) -> None:
    """A stdlib date (30-day months) or a DateTime is refused for every day argument."""
    arguments: dict[str, object] = {
        "anchor": day("2024-01-01"),
        "service_start": day("2024-01-01"),
        "service_end": day("2024-12-31"),
        "through": day("2024-12-31"),
    }
    arguments[field] = bad

    with pytest.raises(TypeError, match=rf"{field} must be a pendulum.Date"):
        billing_spans(months=1, in_arrears=False, due=net(0), **arguments)  # type: ignore[arg-type]


def test_a_due_rule_returning_a_stdlib_date_is_refused() -> None:
    """Payment terms must give a `pendulum.Date`."""

    def stdlib(invoice_day: pendulum.Date) -> pendulum.Date:
        return dt.date(invoice_day.year, invoice_day.month, invoice_day.day)  # type: ignore[return-value]

    with pytest.raises(TypeError, match=r"due\(invoice_day\) must be a pendulum.Date"):
        spans_of(
            anchor="2024-01-01", months=1, start="2024-01-01", through="2024-01-01", due=stdlib
        )


def test_a_due_day_before_the_invoice_day_is_refused() -> None:
    """Payment terms never make an invoice due before it is issued."""
    with pytest.raises(ValueError, match=r"due_day=2023-12-31 must not be before invoice_day"):
        spans_of(
            anchor="2024-01-01", months=1, start="2024-01-01", through="2024-01-01", due=net(-1)
        )


def test_a_span_outside_its_period_is_refused() -> None:
    """A span's billed days lie inside its full period."""
    with pytest.raises(ValueError, match=r"must lie inside the period"):
        Span(
            index=0,
            full_start=day("2024-01-01"),
            full_end=day("2024-01-31"),
            start=day("2023-12-31"),
            end=day("2024-01-31"),
            invoice_day=day("2023-12-31"),
            due_day=day("2023-12-31"),
        )


# --- Properties ------------------------------------------------------------------------------

DAYS: Final = st.integers(
    pendulum.Date(1950, 1, 1).toordinal(), pendulum.Date(2100, 12, 31).toordinal()
).map(pendulum.Date.fromordinal) | st.builds(
    lambda year, month: add_days(add_months(pendulum.Date(year, month, 1), 1), -1),
    st.integers(1950, 2100),
    st.integers(1, 12),
)
"""Days from 1950 to 2100, with extra weight on month ends, where clamping happens."""

FREQUENCIES: Final = st.sampled_from([1, 3, 12])


@st.composite
def billing_cases(draw: st.DrawFn) -> dict[str, object]:
    """Arguments for `billing_spans`: any anchor, a service of up to ~5 years, net 0–60."""
    service_start = draw(DAYS)
    length = draw(st.none() | st.integers(0, 1_900))
    return {
        "anchor": draw(DAYS),
        "months": draw(FREQUENCIES),
        "service_start": service_start,
        "service_end": None if length is None else add_days(service_start, length),
        "through": add_days(service_start, draw(st.integers(-40, 1_900))),
        "in_arrears": draw(st.booleans()),
        "due": net(draw(st.integers(0, 60))),
    }


def listed(case: dict[str, object]) -> list[Span]:
    """Call `billing_spans` with a drawn case."""
    return billing_spans(**case)  # type: ignore[arg-type]


@PROPERTIES
@given(billing_cases())
def test_spans_tile_the_service_without_gaps_or_overlaps(case: dict[str, object]) -> None:
    """The spans run from the service start, each the day after the last, to the last day asked."""
    spans = listed(case)
    start = case["service_start"]
    end = case["service_end"]
    through = case["through"]
    assert isinstance(start, pendulum.Date)
    assert isinstance(through, pendulum.Date)
    assert end is None or isinstance(end, pendulum.Date)
    last_start = through if end is None else min(through, end)

    if last_start < start:
        assert not spans
        return
    assert start == spans[0].start
    for before, after in itertools.pairwise(spans):
        assert add_days(before.end, 1) == after.start
        assert before.index + 1 == after.index
    assert spans[-1].start <= last_start
    assert spans[-1].end == (spans[-1].full_end if end is None else min(spans[-1].full_end, end))
    assert last_start <= spans[-1].full_end  # the next period would start after `last_start`


@PROPERTIES
@given(billing_cases())
def test_each_span_lies_inside_its_full_period(case: dict[str, object]) -> None:
    """Only the first span may start late and only the last may end early; days ≤ period days."""
    spans = listed(case)

    for position, span in enumerate(spans):
        assert span.full_start <= span.start <= span.end <= span.full_end
        assert position == 0 or span.start == span.full_start
        assert position == len(spans) - 1 or span.end == span.full_end
        assert 1 <= span.days <= span.period_days
        assert span.is_partial == (span.days < span.period_days)


@PROPERTIES
@given(billing_cases())
def test_boundaries_are_the_anchor_plus_k_steps(case: dict[str, object]) -> None:
    """Every full period is [anchor + k × months, anchor + (k + 1) × months), by dateutil."""
    anchor, months = case["anchor"], case["months"]
    assert isinstance(anchor, pendulum.Date)
    assert isinstance(months, int)

    for span in listed(case):
        assert oracle(anchor, span.index * months) == span.full_start
        assert add_days(oracle(anchor, (span.index + 1) * months), -1) == span.full_end


@PROPERTIES
@given(billing_cases(), st.integers(0, 60))
def test_invoice_and_due_days_follow_the_timing(case: dict[str, object], terms: int) -> None:
    """Advance invoices on the first day billed, arrears the day after the last; due = terms."""
    case["due"] = net(terms)

    for span in listed(case):
        invoice_day = add_days(span.end, 1) if case["in_arrears"] else span.start
        assert invoice_day == span.invoice_day
        assert add_days(invoice_day, terms) == span.due_day


@PROPERTIES
@given(billing_cases(), st.integers(1, 28), st.integers(0, 700))
def test_moving_the_anchor_back_whole_steps_changes_only_k(
    case: dict[str, object], day_of_month: int, steps: int
) -> None:
    """An anchor on the 1st–28th moved back n whole steps gives the same spans, k larger by n."""
    anchor, months = case["anchor"], case["months"]
    assert isinstance(anchor, pendulum.Date)
    assert isinstance(months, int)
    anchor = anchor.replace(day=day_of_month)
    near = listed({**case, "anchor": anchor})

    far = listed({**case, "anchor": add_months(anchor, -steps * months)})

    assert near == [attrs.evolve(span, index=span.index - steps) for span in far]
