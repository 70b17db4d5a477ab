"""JSON round trips: every valid agreement is written and read back unchanged (SEMANTICS §6)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pytest
from hypothesis import given, settings

from msa_model import (
    Agreement,
    BusinessTime,
    CreditTier,
    Party,
    PartyRole,
    Period,
    Renewal,
    TimeOfDay,
    ValidationError,
    dumps,
    from_dict,
    loads,
    to_dict,
)

if TYPE_CHECKING:  # mypy sees tests/ as a folder of top-level modules
    from strategies import agreements, business_times, periods, times_of_day
else:  # pytest imports it through the rootdir, as tests.strategies
    from tests.strategies import agreements, business_times, periods, times_of_day

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
BUNDLED: Final = EXAMPLES / "harbor-point-managed-it.json"
EXAMPLE_FILES: Final = sorted(EXAMPLES.glob("*.json"))

ROUND_TRIPS: Final = settings(max_examples=1000, deadline=None)


@ROUND_TRIPS
@given(agreements())
def test_loads_reads_back_what_dumps_writes(agreement: Agreement) -> None:
    """Loading the text `dumps` wrote gives an equal agreement."""
    actual = loads(dumps(agreement))

    assert agreement == actual


@ROUND_TRIPS
@given(agreements())
def test_round_trip_keeps_every_decimal_digit(agreement: Agreement) -> None:
    """A round trip keeps each value as written, not just equal: `12.50` stays `12.50`, not `12.5`.

    `==` cannot tell them apart (`Decimal("12.50") == Decimal("12.5")`); the reprs can.
    """
    actual = loads(dumps(agreement))

    assert repr(agreement) == repr(actual)


@ROUND_TRIPS
@given(agreements())
def test_text_is_unchanged_by_a_round_trip(agreement: Agreement) -> None:
    """Writing an agreement read back from `dumps` gives the same text again."""
    expected = dumps(agreement)

    actual = dumps(loads(expected))

    assert expected == actual


@ROUND_TRIPS
@given(agreements())
def test_from_dict_reads_back_what_to_dict_makes(agreement: Agreement) -> None:
    """Building from the data `to_dict` made gives an equal agreement."""
    actual = from_dict(to_dict(agreement), Agreement)

    assert agreement == actual


@ROUND_TRIPS
@given(agreements())
def test_compact_and_indented_text_read_the_same(agreement: Agreement) -> None:
    """The compact and the indented text of an agreement load to the same agreement."""
    compact = loads(dumps(agreement, indent=False))
    indented = loads(dumps(agreement, indent=True))

    assert compact == indented


@ROUND_TRIPS
@given(agreements())
def test_dumps_is_deterministic(agreement: Agreement) -> None:
    """Writing the same agreement twice gives the same text, so stored agreements diff cleanly."""
    first = dumps(agreement)
    second = dumps(agreement)

    assert first == second


def test_bundled_example_round_trips_to_the_same_json() -> None:
    """The bundled example, read and written again, is the same JSON as the file."""
    text = BUNDLED.read_text(encoding="utf-8")

    actual = json.loads(dumps(loads(text)))

    assert json.loads(text) == actual


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[path.name for path in EXAMPLE_FILES])
def test_every_example_round_trips(path: Path) -> None:
    """Every file in examples/ reads back to the same agreement after a round trip."""
    agreement = loads(path.read_text(encoding="utf-8"))

    actual = loads(dumps(agreement))

    assert agreement == actual


@ROUND_TRIPS
@given(periods())
def test_period_text_round_trips(period: Period) -> None:
    """A period parses back from its ISO 8601 text."""
    actual = Period.parse(str(period))

    assert period == actual


@ROUND_TRIPS
@given(business_times())
def test_business_time_text_round_trips(length: BusinessTime) -> None:
    """A business time parses back from its ISO 8601 text."""
    actual = BusinessTime.parse(str(length))

    assert length == actual


@ROUND_TRIPS
@given(times_of_day())
def test_time_of_day_text_round_trips(time: TimeOfDay) -> None:
    """A time of day parses back from its `HH:MM` text, `24:00` included."""
    actual = TimeOfDay.parse(str(time))

    assert time == actual


ACCEPTED_OR_REFUSED: Final = [
    pytest.param(
        lambda: CreditTier(below=Decimal("0.00000000001"), credit=Decimal(5)),
        id="credit tier below 0.00000000001 (11 places, JSON allows 10)",
    ),
    pytest.param(
        lambda: Renewal.automatic(Period(years=1), max_renewals=2**64),
        id="max_renewals 2**64 (JSON integers stop at 2**64 - 1)",
    ),
    pytest.param(
        lambda: Party(id="p", role=PartyRole.CLIENT, legal_name="Acme \ud800 Ltd"),
        id="legal name with a lone surrogate (not writable as UTF-8)",
    ),
]


@pytest.mark.parametrize("build", ACCEPTED_OR_REFUSED)
def test_what_the_model_accepts_json_carries_back(build: Callable[[], object]) -> None:
    """A value at the edge of JSON is either refused by the model or written and read back equal."""
    try:
        expected = build()
    except ValidationError:
        return  # refused when built: it can never reach dumps

    actual = from_dict(json.loads(dumps(expected)), type(expected))

    assert expected == actual
