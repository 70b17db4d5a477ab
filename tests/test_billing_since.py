"""`since`: a billing run lists only the periods from the one containing a day.

The periods listed with `since` must be exactly those listed without it
whose schedule period ends on or after `since`, whatever the anchor,
frequency, service dates and timing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import (
    Amendment,
    BillingFrequency,
    BillingPolicy,
    BillingTiming,
    ReplaceFees,
    loads,
)
from msa_model._engines.billing import billing_rows
from msa_model._engines.schedule import add_days

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
AMENDED: Final = loads((EXAMPLES / "harbor-point-amended.json").read_text(encoding="utf-8"))
ORIGINAL: Final = attrs.evolve(AMENDED, amendments=())


def day(text: str) -> pendulum.Date:
    """Read a calendar day written as `YYYY-MM-DD`."""
    year, month, day_of_month = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, day_of_month)


_DAYS = st.integers(min_value=0, max_value=20 * 365).map(
    lambda n: pendulum.Date(2015, 1, 1).add(days=n)
)


@settings(max_examples=300, deadline=None)
@given(
    anchor=_DAYS,
    months=st.sampled_from([1, 3, 12]),
    start=_DAYS,
    length=st.none() | st.integers(min_value=0, max_value=4000),
    through=_DAYS,
    since=_DAYS,
    in_arrears=st.booleans(),
)
def test_since_leaves_out_exactly_the_periods_before_it(  # noqa: PLR0917 # one per argument
    anchor: pendulum.Date,
    months: int,
    start: pendulum.Date,
    length: int | None,
    through: pendulum.Date,
    since: pendulum.Date,
    in_arrears: bool,  # noqa: FBT001 # a drawn value
) -> None:
    """Listing from `since` equals listing everything and dropping what ends before it."""
    arguments = {
        "anchor": anchor,
        "months": months,
        "service_start": start,
        "service_end": None if length is None else add_days(start, length),
        "through": through,
        "in_arrears": in_arrears,
        "due": lambda invoice: add_days(invoice, 30),
    }

    everything = list(billing_rows(**arguments))  # type: ignore[arg-type]
    some = list(billing_rows(**arguments, since=since))  # type: ignore[arg-type]

    assert some == [row for row in everything if row[2] >= since]


def test_since_on_the_fee_schedule_and_the_agreement() -> None:
    """March 2026 alone, from either entry point; an old anchor costs no listing."""
    through = day("2026-03-31")
    full = ORIGINAL.fees.billing_periods(ORIGINAL.term, through)

    from_fees = ORIGINAL.fees.billing_periods(ORIGINAL.term, through, since=day("2026-03-01"))
    from_agreement = AMENDED.billing_periods(through, since=day("2026-03-15"))

    assert from_fees == full[-1:]
    assert [(str(p.start), str(p.end)) for p in from_agreement] == [("2026-03-01", "2026-03-31")]


def test_since_across_a_change_of_billing_policy() -> None:
    """With a switch to quarterly billing, `since` keeps what the full list has from there."""
    quarterly = attrs.evolve(
        ORIGINAL.fees,
        billing=BillingPolicy(frequency=BillingFrequency.QUARTERLY, timing=BillingTiming.ARREARS),
    )
    change = Amendment(
        id="CO-9",
        signed_on=day("2026-04-01"),
        effective_on=day("2026-04-16"),
        description="Quarterly billing in arrears",
        changes=(ReplaceFees(fees=quarterly),),
    )
    agreement = attrs.evolve(ORIGINAL, amendments=(change,))
    through = day("2026-12-31")
    full = agreement.billing_periods(through)

    for since in ("2026-03-20", "2026-04-15", "2026-04-16", "2026-06-01"):
        listed = agreement.billing_periods(through, since=day(since))
        assert listed == tuple(p for p in full if p.full_end >= day(since)), since
