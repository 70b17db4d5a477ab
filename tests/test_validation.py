"""One bad document per rule of the model and of the JSON layer, with its exact problems.

Each row starts from the bundled example and breaks one rule by a small
targeted edit, then checks the exact list of problems `loads` reports,
path and message.
"""

from __future__ import annotations

import copy
import json
import re
import time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs
import pendulum
import pytest

import msa_model
from msa_model import (
    BusinessDays,
    BusinessTime,
    CreditTier,
    Money,
    MsaError,
    Notice,
    OpeningWindow,
    Party,
    PartyRole,
    Period,
    PerUnitFee,
    Problem,
    Renewal,
    RenewalMode,
    ServiceScope,
    Term,
    TimeOfDay,
    Unit,
    ValidationError,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from _pytest.mark.structures import ParameterSet

EXAMPLE: Final = Path(__file__).parent.parent / "examples" / "harbor-point-managed-it.json"
BASE: Final[dict[str, Any]] = json.loads(EXAMPLE.read_text(encoding="utf-8"))

DELETE: Final = object()
"""An edit value that removes the key (or array item) instead of setting it."""

_SEGMENT = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def segments(path: str) -> list[str | int]:
    """Split `fees.lines[2].unit_price` into `['fees', 'lines', 2, 'unit_price']`."""
    return [int(index) if index else key for index, key in _SEGMENT.findall(path)]


def edited(edits: Mapping[str, object]) -> dict[str, Any]:
    """Return a deep copy of the example with each path set to its value, in order.

    A value of `DELETE` removes the key; an index one past the end of an
    array appends to it.
    """
    document = copy.deepcopy(BASE)
    for path, value in edits.items():
        *parents, last = segments(path)
        node: Any = document
        for segment in parents:
            node = node[segment]
        if value is DELETE:
            del node[last]
        elif isinstance(last, int) and last == len(node):
            node.append(copy.deepcopy(value))
        else:
            node[last] = copy.deepcopy(value)
    return document


def problems_of(text: str | bytes) -> list[str]:
    """Load `text`, expecting a ValidationError, and return its problems as text."""
    with pytest.raises(ValidationError) as caught:
        msa_model.loads(text)
    return [str(problem) for problem in caught.value.problems]


def row(rule: str, edits: Mapping[str, object], *expected: str) -> ParameterSet:
    """One table row: the rule as its id, the edits, the exact problems expected."""
    return pytest.param(edits, list(expected), id=rule)


def block(**changes: object) -> dict[str, object]:
    """A valid block-of-hours fee line, with `changes` applied (`DELETE` removes a key)."""
    line: dict[str, object] = {
        "kind": "block",
        "id": "support-hours",
        "description": "Prepaid support hours",
        "hours": 10,
        "price": {"amount": "1500.00", "currency": "USD"},
        "per": "monthly",
        "rollover": True,
        "rollover_cap": 20,
        "expires_after": "P3M",
        "overage": "project-work",
    }
    for key, value in changes.items():
        if value is DELETE:
            del line[key]
        else:
            line[key] = value
    return line


def days_from(first: pendulum.Date, count: int) -> list[str]:
    """`count` consecutive days from `first`, as ISO text."""
    return [first.add(days=offset).isoformat() for offset in range(count)]


def minute_windows(count: int, days: list[str]) -> list[dict[str, object]]:
    """`count` one-minute windows on `days`: 00:00-00:01, 00:01-00:02, ..."""
    return [
        {
            "days": days,
            "start": f"{minute // 60:02d}:{minute % 60:02d}",
            "end": f"{(minute + 1) // 60:02d}:{(minute + 1) % 60:02d}",
        }
        for minute in range(count)
    ]


ALL_WEEK: Final = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
USD_5: Final = {"amount": "5.00", "currency": "USD"}
EUR_5: Final = {"amount": "5.00", "currency": "EUR"}

ID_RULE: Final = (
    "must be an id of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
)
DECIMAL_RULE: Final = (
    "must be a decimal number written as a string, such as '12.50', "
    "with at most 18 digits before and 10 after the point"
)
PERIOD_RULE: Final = (
    "must be an ISO 8601 period of whole years, months, weeks and days such as 'P36M' or 'P90D'"
)
TIME_RULE: Final = (
    "must be an ISO 8601 length of whole hours, minutes and seconds such as 'PT4H' or 'PT30M'"
)
CURRENCY_RULE: Final = "must be an ISO 4217 currency code in current use, in upper case"
TIME_OF_DAY_RULE: Final = "must be a time of day 'HH:MM' from '00:00' to '24:00'"
NEEDS_CALENDAR: Final = "30 business days needs a calendar: set term.calendar"
UNKNOWN_KEY: Final = "unknown key (not part of the schema)"

# The example's fee lines, by index.
TIERED, EDR, HELPDESK, MAILBOXES, RECURRING, ONE_TIME, HOURLY, NEW = 0, 1, 2, 3, 7, 8, 9, 10
LINE: Final = "fees.lines"
ETF: Final = "term.termination.convenience.early_termination_fee"
CONVENIENCE: Final = "term.termination.convenience"
AVAILABILITY: Final = "sla.availability[0]"
WINDOW: Final = "sla.calendars[0].windows[0]"

# Lengths in business days need term.calendar; the example counts only
# non_payment.cure in business days, so these rows move it to calendar days.
WITHOUT_CALENDAR: Final = {
    "term.calendar": DELETE,
    "term.termination.non_payment.cure": "P10D",
}


# --- The base documents are valid ---------------------------------------------


def test_the_example_loads() -> None:
    """The unedited example is valid, so each row's problems come from its edit alone."""
    agreement = msa_model.loads(json.dumps(BASE))

    assert agreement.id == "NWT-MSA-2025-014"


def test_the_example_with_a_block_of_hours_loads() -> None:
    """The block-of-hours line the fee rows break is valid as it stands."""
    agreement = msa_model.loads(json.dumps(edited({f"{LINE}[{NEW}]": block()})))

    assert agreement.fees.lines[NEW].id == "support-hours"


def test_the_example_without_a_term_calendar_loads_when_nothing_counts_business_days() -> None:
    """The business-day rows start from a valid document without a term calendar."""
    agreement = msa_model.loads(json.dumps(edited(WITHOUT_CALENDAR)))

    assert agreement.term.calendar is None


# --- JSON text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "{",
            [
                (
                    "$: invalid JSON: Expecting property name enclosed in double quotes: "
                    "line 1 column 2 (char 1)"
                )
            ],
            id="truncated",
        ),
        pytest.param(
            "", ["$: invalid JSON: Expecting value: line 1 column 1 (char 0)"], id="empty"
        ),
        pytest.param(
            '{"schema_version": "1.0"} x',
            ["$: invalid JSON: Extra data: line 1 column 27 (char 26)"],
            id="content after the document",
        ),
        pytest.param(
            b"\xff\xfe", ["$: invalid JSON: not UTF-8 text (at byte 0)"], id="bytes not UTF-8"
        ),
        pytest.param(
            '{"title": "\ud800"}',
            ["$: invalid JSON: lone surrogate at character 11"],
            id="text with a lone surrogate",
        ),
        pytest.param(
            '{"schema_version": "1.0", "title": "\\ud800"}',
            ["$.title: must not contain a lone surrogate (unpaired \\udXXX)"],
            id="escaped lone surrogate in a string",
        ),
        pytest.param(
            '{"schema_version": "1.0", "\\udc00": 1}',
            ["$['\\\\udc00']: key must not contain a lone surrogate"],
            id="escaped lone surrogate in a key",
        ),
        pytest.param(
            '{"schema_version": "1.0", "id": NaN}',
            ["$: invalid JSON: NaN is not a JSON value"],
            id="NaN",
        ),
        pytest.param(
            '{"schema_version": "1.0", "id": "a", "id": "b"}',
            ["$.id: key given more than once in one object"],
            id="key given twice",
        ),
        pytest.param(
            '{"schema_version": "1.0", "scope": {"services": [{"id": "a", "id": "a"}]}}',
            ["$.scope.services[0].id: key given more than once in one object"],
            id="key given twice deep inside",
        ),
        pytest.param(
            "[" * 100_000, ["$: invalid JSON: nested too deeply"], id="nested 100000 deep"
        ),
        pytest.param("[]", ["$: must be an object (got an array)"], id="document is an array"),
        pytest.param("5", ["$: must be an object (got number 5)"], id="document is a number"),
        pytest.param("null", ["$: must be an object (got null)"], id="document is null"),
        pytest.param(
            '"1.0"', ["$: must be an object (got string '1.0')"], id="document is a string"
        ),
        pytest.param(
            "{}",
            ["$.schema_version: required key is missing (this release writes '1.1')"],
            id="schema version missing from an empty object",
        ),
    ],
)
def test_text_that_is_not_a_json_object_is_refused(text: str | bytes, expected: list[str]) -> None:
    """Text that is not a JSON object gives one problem at the root, never a crash."""
    assert expected == problems_of(text)


def test_a_document_over_8_mib_is_refused_before_parsing() -> None:
    """A valid document padded to one byte over 8 MiB is refused for its size alone."""
    text = json.dumps(BASE)
    padded = text + " " * (8 * 1024 * 1024 - len(text) + 1)
    expected = ["$: document is too large: 8388609 bytes (at most 8388608)"]

    assert expected == problems_of(padded)


def test_a_document_of_exactly_8_mib_is_accepted() -> None:
    """The size bound is inclusive: exactly 8 MiB of valid JSON loads."""
    text = json.dumps(BASE)
    padded = text + " " * (8 * 1024 * 1024 - len(text))

    assert msa_model.loads(padded).id == "NWT-MSA-2025-014"


def test_a_decimal_with_a_huge_exponent_fails_fast() -> None:
    """`"1e999999999"` is refused by its form at once, never expanded to a billion digits."""
    text = json.dumps(edited({f"{LINE}[{HELPDESK}].unit_price.amount": "1e999999999"}))
    started = time.perf_counter()

    problems = problems_of(text)
    elapsed = time.perf_counter() - started

    assert [
        f"$.fees.lines[2].unit_price.amount: {DECIMAL_RULE} (got string '1e999999999')"
    ] == problems
    assert elapsed < 1.0


# --- JSON structure and types -------------------------------------------------

JSON_ROWS: Final = [
    # schema_version
    row(
        "schema version missing",
        {"schema_version": DELETE},
        "$.schema_version: required key is missing (this release writes '1.1')",
    ),
    row(
        "schema version unsupported",
        {"schema_version": "2.0"},
        (
            "$.schema_version: unsupported schema version "
            "(got string '2.0'; this release reads '1.0', '1.1')"
        ),
    ),
    row(
        "schema version written as a number",
        {"schema_version": 1.0},
        (
            "$.schema_version: unsupported schema version "
            "(got number 1.0; this release reads '1.0', '1.1')"
        ),
    ),
    row(
        "schema version null",
        {"schema_version": None},
        (
            "$.schema_version: unsupported schema version "
            "(got null; this release reads '1.0', '1.1')"
        ),
    ),
    row(
        "schema version an array",
        {"schema_version": ["1.0"]},
        (
            "$.schema_version: unsupported schema version "
            "(got an array; this release reads '1.0', '1.1')"
        ),
    ),
    row(
        "schema version an object",
        {"schema_version": {}},
        (
            "$.schema_version: unsupported schema version "
            "(got an object; this release reads '1.0', '1.1')"
        ),
    ),
    # unknown and missing keys
    row("unknown key at the root", {"notes": "x"}, f"$.notes: {UNKNOWN_KEY}"),
    row(
        "unknown key in a fee line",
        {f"{LINE}[2].discount": "5"},
        f"$.fees.lines[2].discount: {UNKNOWN_KEY}",
    ),
    row(
        "unknown key in money inside a fee line",
        {f"{LINE}[2].unit_price.tax": "0"},
        f"$.fees.lines[2].unit_price.tax: {UNKNOWN_KEY}",
    ),
    row(
        "unknown key in an opening window",
        {f"{WINDOW}.note": "x"},
        f"$.sla.calendars[0].windows[0].note: {UNKNOWN_KEY}",
    ),
    row(
        "unknown key of another kind of a tagged union",
        {"liability_cap.amount": USD_5},
        f"$.liability_cap.amount: {UNKNOWN_KEY}",
    ),
    row("required key missing at the root", {"title": DELETE}, "$.title: required key is missing"),
    row(
        "required key missing deep inside",
        {"term.start": DELETE},
        "$.term.start: required key is missing",
    ),
    row(
        "price tier without up_to (null is required for the open end)",
        {f"{LINE}[0].tiers[0].up_to": DELETE},
        "$.fees.lines[0].tiers[0].up_to: required key is missing",
    ),
    row(
        "tagged union member without its own required key",
        {"liability_cap.lookback": DELETE},
        "$.liability_cap.lookback: required key is missing",
    ),
    # primitives
    row("string given a number", {"title": 5}, "$.title: must be a string (got number 5)"),
    row("string given null", {"title": None}, "$.title: must be a string (got null)"),
    row(
        "integer given a boolean",
        {f"{LINE}[2].minimum": True},
        "$.fees.lines[2].minimum: must be an integer (got boolean true)",
    ),
    row(
        "integer given a float",
        {f"{LINE}[2].minimum": 20.0},
        "$.fees.lines[2].minimum: must be an integer (got number 20.0)",
    ),
    row(
        "integer given a string",
        {f"{LINE}[2].minimum": "20"},
        "$.fees.lines[2].minimum: must be an integer (got string '20')",
    ),
    row(
        "integer beyond 64 bits",
        {f"{LINE}[2].minimum": 2**64},
        "$.fees.lines[2].minimum: must be at most 10000000 (got 18446744073709551616)",
    ),
    row(
        "boolean given a string",
        {"scope.services[9].sla_applies": "false"},
        "$.scope.services[9].sla_applies: must be true or false (got string 'false')",
    ),
    row(
        "boolean given a number",
        {"scope.services[9].sla_applies": 0},
        "$.scope.services[9].sla_applies: must be true or false (got number 0)",
    ),
    row(
        "object given an array",
        {"term": []},
        "$.term: must be an object (got an array)",
    ),
    row(
        "array given a string",
        {"parties": "northwind"},
        "$.parties: must be an array (got string 'northwind')",
    ),
    row(
        "array of weekdays given a string",
        {f"{WINDOW}.days": "mon"},
        "$.sla.calendars[0].windows[0].days: must be an array (got string 'mon')",
    ),
    row(
        "array over 10000 items",
        {"sla.calendars[1].holidays": days_from(pendulum.Date(2000, 1, 1), 10_001)},
        "$.sla.calendars[1].holidays: must have at most 10000 items (got 10001)",
    ),
    # decimals
    row(
        "decimal given a JSON number",
        {f"{LINE}[2].unit_price.amount": 65.0},
        f"$.fees.lines[2].unit_price.amount: {DECIMAL_RULE} (got number 65.0)",
    ),
    row(
        "decimal with an exponent",
        {f"{LINE}[2].unit_price.amount": "1E2"},
        f"$.fees.lines[2].unit_price.amount: {DECIMAL_RULE} (got string '1E2')",
    ),
    row(
        "decimal with 19 integer digits",
        {f"{LINE}[2].unit_price.amount": "1234567890123456789"},
        f"$.fees.lines[2].unit_price.amount: {DECIMAL_RULE} (got string '1234567890123456789')",
    ),
    row(
        "decimal with 11 fraction digits",
        {f"{LINE}[2].unit_price.amount": "1.12345678901"},
        f"$.fees.lines[2].unit_price.amount: {DECIMAL_RULE} (got string '1.12345678901')",
    ),
    row(
        "decimal with a leading zero",
        {f"{LINE}[2].unit_price.amount": "065.00"},
        f"$.fees.lines[2].unit_price.amount: {DECIMAL_RULE} (got string '065.00')",
    ),
    row(
        "decimal NaN",
        {f"{LINE}[2].unit_price.amount": "NaN"},
        f"$.fees.lines[2].unit_price.amount: {DECIMAL_RULE} (got string 'NaN')",
    ),
    row(
        "decimal with a leading space",
        {f"{LINE}[2].unit_price.amount": " 5"},
        f"$.fees.lines[2].unit_price.amount: {DECIMAL_RULE} (got string ' 5')",
    ),
    # dates
    row(
        "date that does not exist",
        {"signed_on": "2025-02-30"},
        "$.signed_on: is not a valid date (got string '2025-02-30')",
    ),
    row(
        "date without zero padding",
        {"signed_on": "2025-2-1"},
        "$.signed_on: must be a date 'YYYY-MM-DD' (got string '2025-2-1')",
    ),
    row(
        "date with a time",
        {"signed_on": "2025-01-10T00:00:00"},
        "$.signed_on: must be a date 'YYYY-MM-DD' (got string '2025-01-10T00:00:00')",
    ),
    row(
        "date given a number",
        {"signed_on": 20250110},
        "$.signed_on: must be a date 'YYYY-MM-DD' (got number 20250110)",
    ),
    row(
        "date with month 13",
        {"responsibilities[2].recurrence.anchor": "2025-13-01"},
        "$.responsibilities[2].recurrence.anchor: is not a valid date (got string '2025-13-01')",
    ),
    # periods
    row(
        "period without P",
        {"term.initial": "36M"},
        f"$.term.initial: {PERIOD_RULE} (got '36M')",
    ),
    row(
        "period with a fraction",
        {"term.initial": "P1.5Y"},
        f"$.term.initial: {PERIOD_RULE} (got 'P1.5Y')",
    ),
    row(
        "period with a sign",
        {"term.initial": "-P1M"},
        f"$.term.initial: {PERIOD_RULE} (got '-P1M')",
    ),
    row(
        "period with five digits in a unit",
        {"term.initial": "P10000D"},
        f"$.term.initial: {PERIOD_RULE} (got 'P10000D')",
    ),
    row("period with no units", {"term.initial": "P"}, f"$.term.initial: {PERIOD_RULE} (got 'P')"),
    row(
        "period with hours",
        {"term.initial": "PT1H"},
        f"$.term.initial: {PERIOD_RULE} (got 'PT1H')",
    ),
    row(
        "period given a number",
        {"term.initial": 36},
        "$.term.initial: must be a string (got number 36)",
    ),
    row(
        "period or business days given a number",
        {"fees.payment_terms": 30},
        "$.fees.payment_terms: must be a period such as 'P90D' or "
        '{"business_days": N} (got number 30)',
    ),
    # business time and business days
    row(
        "business time with days",
        {"sla.priorities[0].response": "P1D"},
        "$.sla.priorities[0].response: business time must not use days, weeks, months or years "
        "(got 'P1D'): write hours such as 'PT24H', or use business days",
    ),
    row(
        "business time with no units",
        {"sla.priorities[0].response": "PT"},
        f"$.sla.priorities[0].response: {TIME_RULE} (got 'PT')",
    ),
    row(
        "business time with a fraction",
        {"sla.priorities[0].response": "PT0.5H"},
        f"$.sla.priorities[0].response: {TIME_RULE} (got 'PT0.5H')",
    ),
    row(
        "business time over 87600 hours",
        {"sla.priorities[0].response": "PT999999H"},
        "$.sla.priorities[0].response: must be at most 87600 hours (got 'PT999999H')",
    ),
    row(
        "business time or days given a number",
        {"sla.priorities[0].response": 30},
        "$.sla.priorities[0].response: must be a time such as 'PT4H' or "
        '{"business_days": N} (got number 30)',
    ),
    row(
        "business days object with an extra key",
        {"sla.priorities[0].response": {"business_days": 1, "hours": 2}},
        f"$.sla.priorities[0].response.hours: {UNKNOWN_KEY}",
    ),
    row(
        "business days object without business_days",
        {"sla.priorities[0].response": {}},
        "$.sla.priorities[0].response.business_days: required key is missing",
    ),
    row(
        "business days given a string",
        {"sla.priorities[0].response": {"business_days": "1"}},
        "$.sla.priorities[0].response.business_days: must be an integer (got string '1')",
    ),
    row(
        "business days negative",
        {"term.notice.length": {"business_days": -1}},
        "$.term.notice.length.business_days: must be at least 0 (got -1)",
    ),
    row(
        "business days over 9999",
        {"sla.priorities[0].response": {"business_days": 10_000}},
        "$.sla.priorities[0].response.business_days: must be at most 9999 (got 10000)",
    ),
    # times of day
    row(
        "time of day without zero padding",
        {f"{WINDOW}.start": "8:00"},
        f"$.sla.calendars[0].windows[0].start: {TIME_OF_DAY_RULE} (got '8:00')",
    ),
    row(
        "time of day after 24:00",
        {f"{WINDOW}.start": "24:01"},
        f"$.sla.calendars[0].windows[0].start: {TIME_OF_DAY_RULE} (got '24:01')",
    ),
    row(
        "time of day given a number",
        {f"{WINDOW}.start": 800},
        "$.sla.calendars[0].windows[0].start: must be a string (got number 800)",
    ),
    # enums
    row(
        "unknown enum value",
        {"parties[0].role": "vendor"},
        "$.parties[0].role: must be one of 'provider', 'client', 'third_party' "
        "(got string 'vendor')",
    ),
    row(
        "enum value in the wrong case",
        {"parties[0].role": "Provider"},
        "$.parties[0].role: must be one of 'provider', 'client', 'third_party' "
        "(got string 'Provider')",
    ),
    row(
        "unknown weekday",
        {f"{WINDOW}.days": ["mon", "funday"]},
        "$.sla.calendars[0].windows[0].days[1]: must be one of 'mon', 'tue', 'wed', 'thu', "
        "'fri', 'sat', 'sun' (got string 'funday')",
    ),
    # tagged unions
    row(
        "tagged union without kind",
        {"liability_cap": {"lookback": "P12M"}},
        "$.liability_cap: required key 'kind' is missing (one of 'amount', 'fees_paid')",
    ),
    row(
        "tagged union with an unknown kind",
        {"liability_cap.kind": "bogus"},
        "$.liability_cap: kind must be one of 'amount', 'fees_paid' (got string 'bogus')",
    ),
    row(
        "tagged union with a kind that is not a string",
        {"liability_cap.kind": 5},
        "$.liability_cap: kind must be one of 'amount', 'fees_paid' (got number 5)",
    ),
    row(
        "tagged union given a string",
        {"liability_cap": "fees_paid"},
        "$.liability_cap: must be an object with a 'kind' of 'amount', 'fees_paid' "
        "(got string 'fees_paid')",
    ),
    row(
        "fee line with an unknown kind",
        {f"{LINE}[0].kind": "flat"},
        "$.fees.lines[0]: kind must be one of 'recurring', 'per_unit', 'hourly', 'one_time', "
        "'block' (got string 'flat')",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), JSON_ROWS)
def test_json_that_breaks_the_schema_is_refused(
    edits: Mapping[str, object], expected: list[str]
) -> None:
    """A document with a wrong key, type or text form is refused with exactly these problems."""
    text = json.dumps(edited(edits))

    assert expected == problems_of(text)


# --- Rules of the model -------------------------------------------------------

MODEL_ROWS: Final = [
    # ids
    row(
        "agreement id with a space",
        {"id": "NWT MSA"},
        f"$.id: {ID_RULE} (got 'NWT MSA')",
    ),
    row("id starting with a dash", {"id": "-nwt"}, f"$.id: {ID_RULE} (got '-nwt')"),
    row("id of 65 characters", {"id": "a" * 65}, f"$.id: {ID_RULE} (got '{'a' * 57}...')"),
    row(
        "party id with a space",
        {"parties[0].id": "north wind"},
        f"$.parties[0].id: {ID_RULE} (got 'north wind')",
    ),
    row(
        "calendar id with a space",
        {"term.calendar.id": "nj days"},
        f"$.term.calendar.id: {ID_RULE} (got 'nj days')",
    ),
    row(
        "priority refers to a calendar by a malformed id",
        {"sla.priorities[1].calendar": "week ends"},
        f"$.sla.priorities[1].calendar: {ID_RULE} (got 'week ends')",
    ),
    row(
        "block overage refers to a line by a malformed id",
        {f"{LINE}[{NEW}]": block(overage="no thing")},
        f"$.fees.lines[10].overage: {ID_RULE} (got 'no thing')",
    ),
    # ids unique in each list
    row(
        "party ids repeat",
        {"parties[2].id": "northwind"},
        "$.parties[2].id: duplicate party id 'northwind' (first at parties[0])",
    ),
    row(
        "service ids repeat",
        {"scope.services[10]": BASE["scope"]["services"][0]},
        "$.scope.services[10].id: duplicate service id 'rmm' (first at services[0])",
    ),
    row(
        "exclusion ids repeat",
        {"scope.exclusions[1].id": "hardware"},
        "$.scope.exclusions[1].id: duplicate exclusion id 'hardware' (first at exclusions[0])",
    ),
    row(
        "client requirement ids repeat",
        {"scope.client_requirements[1].id": "supported-os"},
        "$.scope.client_requirements[1].id: duplicate requirement id 'supported-os' "
        "(first at client_requirements[0])",
    ),
    row(
        "location ids repeat",
        {"scope.locations[2]": BASE["scope"]["locations"][0]},
        "$.scope.locations[2].id: duplicate location id 'red-bank' (first at locations[0])",
    ),
    row(
        "calendar ids repeat",
        {"sla.calendars[2]": BASE["sla"]["calendars"][0]},
        "$.sla.calendars[2].id: duplicate calendar id 'business-hours' (first at calendars[0])",
    ),
    row(
        "priority ids repeat",
        {"sla.priorities[1].id": "P1"},
        "$.sla.priorities[1].id: duplicate priority id 'P1' (first at priorities[0])",
    ),
    row(
        "support level ids repeat",
        {"sla.support_levels[3]": BASE["sla"]["support_levels"][0]},
        "$.sla.support_levels[3].id: duplicate support level id 'L1' (first at support_levels[0])",
    ),
    row(
        "availability targets repeat a service",
        {"sla.availability[1].service": "rmm"},
        "$.sla.availability[1].service: duplicate service 'rmm' (first at availability[0])",
    ),
    row(
        "fee line ids repeat",
        {f"{LINE}[{HOURLY}].id": "onboarding"},
        "$.fees.lines[9].id: duplicate fee line id 'onboarding' (first at lines[8])",
    ),
    row(
        "responsibility ids repeat",
        {"responsibilities[1].id": "deliver-services"},
        "$.responsibilities[1].id: duplicate responsibility id 'deliver-services' "
        "(first at responsibilities[0])",
    ),
    # text
    row("title blank", {"title": "   "}, "$.title: must not be empty or blank"),
    row("title empty", {"title": ""}, "$.title: must not be empty or blank"),
    row(
        "title over 500 characters",
        {"title": "x" * 501},
        "$.title: must be at most 500 characters (got 501)",
    ),
    row(
        "party address over 20000 characters",
        {"parties[0].address": "x" * 20_001},
        "$.parties[0].address: must be at most 20000 characters (got 20001)",
    ),
    row(
        "party contact blank",
        {"parties[0].contact": " "},
        "$.parties[0].contact: must not be empty or blank",
    ),
    row(
        "party legal name blank",
        {"parties[1].legal_name": "\t"},
        "$.parties[1].legal_name: must not be empty or blank",
    ),
    row(
        "governing law blank", {"governing_law": ""}, "$.governing_law: must not be empty or blank"
    ),
    row(
        "service name blank",
        {"scope.services[1].name": " "},
        "$.scope.services[1].name: must not be empty or blank",
    ),
    row(
        "exclusion description blank",
        {"scope.exclusions[1].description": " "},
        "$.scope.exclusions[1].description: must not be empty or blank",
    ),
    row(
        "location name blank",
        {"scope.locations[1].name": ""},
        "$.scope.locations[1].name: must not be empty or blank",
    ),
    row(
        "calendar name blank",
        {"term.calendar.name": ""},
        "$.term.calendar.name: must not be empty or blank",
    ),
    row(
        "priority name blank",
        {"sla.priorities[1].name": " "},
        "$.sla.priorities[1].name: must not be empty or blank",
    ),
    row(
        "support level name blank",
        {"sla.support_levels[0].name": " "},
        "$.sla.support_levels[0].name: must not be empty or blank",
    ),
    row(
        "escalation contact blank",
        {"sla.escalation[1].contact": ""},
        "$.sla.escalation[1].contact: must not be empty or blank",
    ),
    row(
        "fee line description over 500 characters",
        {f"{LINE}[{HOURLY}].description": "x" * 501},
        "$.fees.lines[9].description: must be at most 500 characters (got 501)",
    ),
    row(
        "hourly role blank",
        {f"{LINE}[{HOURLY}].role": ""},
        "$.fees.lines[9].role: must not be empty or blank",
    ),
    row(
        "price index name blank",
        {"fees.adjustments[0].index": ""},
        "$.fees.adjustments[0].index: must not be empty or blank",
    ),
    row(
        "responsibility title blank",
        {"responsibilities[1].title": ""},
        "$.responsibilities[1].title: must not be empty or blank",
    ),
    row(
        "confidentiality description blank",
        {"confidentiality.description": ""},
        "$.confidentiality.description: must not be empty or blank",
    ),
    # money
    row(
        "currency unknown",
        {f"{LINE}[2].unit_price.currency": "XYZ"},
        f"$.fees.lines[2].unit_price.currency: {CURRENCY_RULE} (got 'XYZ')",
    ),
    row(
        "currency withdrawn (HRK)",
        {f"{LINE}[2].unit_price.currency": "HRK"},
        f"$.fees.lines[2].unit_price.currency: {CURRENCY_RULE} (got 'HRK')",
    ),
    row(
        "currency in lower case",
        {f"{LINE}[2].unit_price.currency": "usd"},
        f"$.fees.lines[2].unit_price.currency: {CURRENCY_RULE} (got 'usd')",
    ),
    row(
        "fee schedule currency in lower case",
        {"fees.currency": "usd"},
        f"$.fees.currency: {CURRENCY_RULE} (got 'usd')",
    ),
    row(
        "amount of a quadrillion",
        {f"{LINE}[2].unit_price.amount": "1000000000000000"},
        "$.fees.lines[2].unit_price.amount: must be smaller than 1000000000000000 in size "
        "(got '1000000000000000')",
    ),
    row(
        "amount of minus a quadrillion",
        {f"{LINE}[2].unit_price.amount": "-1000000000000000"},
        "$.fees.lines[2].unit_price.amount: must be smaller than 1000000000000000 in size "
        "(got '-1000000000000000')",
    ),
    row(
        "amount of 18 digits",
        {f"{LINE}[2].unit_price.amount": "999999999999999999"},
        "$.fees.lines[2].unit_price.amount: must be smaller than 1000000000000000 in size "
        "(got '999999999999999999')",
    ),
    # Term - renewal
    row(
        "renewal mode none with a length and a maximum",
        {"term.renewal": {"mode": "none", "length": "P1Y", "max_renewals": 2}},
        "$.term.renewal.length: must be absent when mode is 'none'",
        "$.term.renewal.max_renewals: must be absent when mode is 'none'",
    ),
    row(
        "automatic renewal without a length",
        {"term.renewal.length": DELETE},
        "$.term.renewal.length: is required when mode is 'automatic'",
    ),
    row(
        "manual renewal of zero length",
        {"term.renewal": {"mode": "manual", "length": "P0D"}},
        "$.term.renewal.length: must not be zero (got 'P0D')",
    ),
    row(
        "renewal at most zero times",
        {"term.renewal.max_renewals": 0},
        "$.term.renewal.max_renewals: must be at least 1 (got 0)",
    ),
    # Term - zero lengths and notice
    row(
        "initial term of zero",
        {"term.initial": "P0M"},
        "$.term.initial: must not be zero (got 'P0D')",
    ),
    row(
        "notice missing with automatic renewal",
        {"term.notice": DELETE},
        "$.term.notice: is required when renewal mode is 'automatic'",
    ),
    row(
        "notice null with automatic renewal",
        {"term.notice": None},
        "$.term.notice: is required when renewal mode is 'automatic'",
    ),
    # Term - business-day lengths need term.calendar
    row(
        "business-day cure without term calendar",
        {"term.calendar": DELETE},
        "$.term.termination.non_payment.cure: 10 business days needs a calendar: set term.calendar",
    ),
    row(
        "business-day notice without term calendar",
        {**WITHOUT_CALENDAR, "term.notice.length": {"business_days": 30}},
        f"$.term.notice.length: {NEEDS_CALENDAR}",
    ),
    row(
        "business-day convenience notice without term calendar",
        {**WITHOUT_CALENDAR, f"{CONVENIENCE}.notice.length": {"business_days": 30}},
        f"$.term.termination.convenience.notice.length: {NEEDS_CALENDAR}",
    ),
    row(
        "business-day cause cure without term calendar",
        {**WITHOUT_CALENDAR, "term.termination.cause.cure": {"business_days": 30}},
        f"$.term.termination.cause.cure: {NEEDS_CALENDAR}",
    ),
    row(
        "business-day overdue period without term calendar",
        {**WITHOUT_CALENDAR, "term.termination.non_payment.overdue": {"business_days": 30}},
        f"$.term.termination.non_payment.overdue: {NEEDS_CALENDAR}",
    ),
    row(
        "business-day payment terms without term calendar",
        {**WITHOUT_CALENDAR, "fees.payment_terms": {"business_days": 30}},
        f"$.fees.payment_terms: {NEEDS_CALENDAR}",
    ),
    # Term - who may terminate
    row(
        "no party may terminate for convenience",
        {f"{CONVENIENCE}.parties": []},
        "$.term.termination.convenience.parties: must list at least one party role",
    ),
    row(
        "a third party may terminate",
        {f"{CONVENIENCE}.parties": ["client", "third_party"]},
        "$.term.termination.convenience.parties[1]: only the provider or the client may terminate",
    ),
    row(
        "a party named twice may terminate for cause",
        {"term.termination.cause.parties": ["client", "client"]},
        "$.term.termination.cause.parties[1]: duplicate party role 'client' (first at parties[0])",
    ),
    row(
        "unknown termination alignment",
        {f"{CONVENIENCE}.alignment": "end_of_year"},
        "$.term.termination.convenience.alignment: must be one of 'none', 'end_of_month', "
        "'end_of_term_period' (got string 'end_of_year')",
    ),
    # Term - early-termination fees
    row(
        "fixed early-termination fee negative",
        {f"{ETF}": {"kind": "fixed", "amount": {"amount": "-1", "currency": "USD"}}},
        f"$.{ETF}.amount: must not be negative (got '-1')",
    ),
    row(
        "fixed early-termination fee in another currency than the fees",
        {f"{ETF}": {"kind": "fixed", "amount": {"amount": "1000.00", "currency": "EUR"}}},
        f"$.{ETF}.amount.currency: must be the schedule's currency 'USD' (got 'EUR')",
    ),
    row(
        "early-termination share of remaining fees of zero",
        {f"{ETF}.percent": "0"},
        f"$.{ETF}.percent: must be greater than 0 (got '0')",
    ),
    row(
        "early-termination share of remaining fees over 100",
        {f"{ETF}.percent": "101"},
        f"$.{ETF}.percent: must be at most 100 (got '101')",
    ),
    row(
        "early-termination fee of zero months",
        {f"{ETF}": {"kind": "monthly_fees", "months": 0}},
        f"$.{ETF}.months: must be at least 1 (got 0)",
    ),
    row(
        "early-termination fee of 121 months",
        {f"{ETF}": {"kind": "monthly_fees", "months": 121}},
        f"$.{ETF}.months: must be at most 120 (got 121)",
    ),
    # calendars
    row(
        "calendar zone unknown",
        {"term.calendar.zone": "Mars/Base"},
        "$.term.calendar.zone: must be an IANA time zone name (got 'Mars/Base')",
    ),
    row(
        "calendar zone in lower case",
        {"term.calendar.zone": "america/new_york"},
        "$.term.calendar.zone: must be an IANA time zone name (got 'america/new_york')",
    ),
    row(
        "calendar zone a file path",
        {"term.calendar.zone": "../../etc/passwd"},
        "$.term.calendar.zone: must be an IANA time zone name (got '../../etc/passwd')",
    ),
    row(
        "SLA zone unknown",
        {"sla.zone": "Mars/Base"},
        "$.sla.zone: must be an IANA time zone name (got 'Mars/Base')",
    ),
    row(
        "calendar without windows",
        {"sla.calendars[0].windows": []},
        "$.sla.calendars[0].windows: must list at least one opening window",
    ),
    row(
        "windows overlap on a shared day",
        {"sla.calendars[0].windows[1]": {"days": ["fri", "sat"], "start": "17:00", "end": "20:00"}},
        "$.sla.calendars[0].windows[1]: overlaps windows[0] on 'fri' (17:00-20:00 and 08:00-18:00)",
    ),
    row(
        "window ends when it starts",
        {f"{WINDOW}.end": "08:00"},
        "$.sla.calendars[0].windows[0].end: must be after start=08:00 (got 08:00)",
    ),
    row(
        "window ends before it starts",
        {f"{WINDOW}.end": "07:00"},
        "$.sla.calendars[0].windows[0].end: must be after start=08:00 (got 07:00)",
    ),
    row(
        "window without days",
        {f"{WINDOW}.days": []},
        "$.sla.calendars[0].windows[0].days: must list at least one weekday",
    ),
    row(
        "window repeats a weekday",
        {f"{WINDOW}.days": ["mon", "tue", "mon"]},
        "$.sla.calendars[0].windows[0].days[2]: duplicate weekday 'mon' (first at days[0])",
    ),
    row(
        "calendar with 101 windows",
        {"sla.calendars[1].windows": minute_windows(101, ["mon"])},
        "$.sla.calendars[1].windows: must have at most 100 windows (got 101)",
    ),
    row(
        "calendar with 101 windows that all overlap",
        {"sla.calendars[1].windows": [{"days": ALL_WEEK, "start": "00:00", "end": "00:01"}] * 101},
        "$.sla.calendars[1].windows: must have at most 100 windows (got 101)",
    ),
    row(
        "holidays repeat",
        {"sla.calendars[0].holidays[3]": "2025-01-01"},
        "$.sla.calendars[0].holidays[3]: duplicate holiday '2025-01-01' (first at holidays[0])",
    ),
    row(
        "calendar with 5001 holidays",
        {"sla.calendars[1].holidays": days_from(pendulum.Date(2000, 1, 1), 5001)},
        "$.sla.calendars[1].holidays: must have at most 5000 days (got 5001)",
    ),
    row(
        "public holidays country in lower case",
        {"term.calendar.public_holidays.country": "us"},
        "$.term.calendar.public_holidays.country: must be an ISO 3166-1 alpha-2 code (got 'us')",
    ),
    row(
        "public holidays country of three letters",
        {"term.calendar.public_holidays.country": "USA"},
        "$.term.calendar.public_holidays.country: must be an ISO 3166-1 alpha-2 code (got 'USA')",
    ),
    row(
        "public holidays subdivision malformed",
        {"term.calendar.public_holidays.subdivision": "new-jersey"},
        "$.term.calendar.public_holidays.subdivision: must be an ISO 3166-2 subdivision code "
        "such as 'NY' (got 'new-jersey')",
    ),
    # SLA
    row(
        "SLA without calendars",
        {"sla.calendars": []},
        "$.sla.calendars: must list at least one calendar",
        "$.sla.priorities[0].calendar: unknown calendar '24x7'",
        "$.sla.priorities[1].calendar: unknown calendar 'business-hours'",
        "$.sla.priorities[2].calendar: unknown calendar 'business-hours'",
        "$.sla.priorities[3].calendar: unknown calendar 'business-hours'",
    ),
    row(
        "SLA without priorities",
        {"sla.priorities": []},
        "$.sla.priorities: must list at least one priority",
    ),
    row(
        "priority refers to unknown calendar",
        {"sla.priorities[1].calendar": "weekends"},
        "$.sla.priorities[1].calendar: unknown calendar 'weekends'",
    ),
    row(
        "resolution shorter than response",
        {"sla.priorities[1].resolution": "PT30M"},
        "$.sla.priorities[1].resolution: resolution=PT30M must not be shorter than response=PT1H",
    ),
    row(
        "resolution in business days shorter than response",
        {"sla.priorities[3].resolution": {"business_days": 0}},
        "$.sla.priorities[3].resolution: resolution=0 business days must not be shorter than "
        "response=1 business day",
    ),
    row(
        "escalation steps out of order",
        {"sla.escalation[1].after": "PT1H"},
        "$.sla.escalation[1].after: must not be earlier than escalation[0].after=PT2H (got PT1H)",
    ),
    row(
        "escalation to an unknown level",
        {"sla.escalation[1].level": "L4"},
        "$.sla.escalation[1].level: unknown support level 'L4'",
    ),
    row(
        "credit tiers not strictly decreasing",
        {f"{AVAILABILITY}.tiers[1].below": "99.9"},
        "$.sla.availability[0].tiers[1].below: must be lower than tiers[0].below='99.9' "
        "(got '99.9')",
    ),
    row(
        "credit tiers not strictly increasing in credit",
        {f"{AVAILABILITY}.tiers[1].credit": "5"},
        "$.sla.availability[0].tiers[1].credit: must be higher than tiers[0].credit='5' (got '5')",
    ),
    row(
        "first credit tier above the target",
        {f"{AVAILABILITY}.tiers[0].below": "99.95"},
        "$.sla.availability[0].tiers[0].below: must not be above the target '99.9' (got '99.95')",
    ),
    row(
        "credit tier below zero percent",
        {f"{AVAILABILITY}.tiers[0].below": "0"},
        "$.sla.availability[0].tiers[0].below: must be greater than 0 (got '0')",
    ),
    row(
        "credit tier of zero",
        {f"{AVAILABILITY}.tiers[0].credit": "0"},
        "$.sla.availability[0].tiers[0].credit: must be greater than 0 (got '0')",
    ),
    row(
        "credit tier over 100",
        {f"{AVAILABILITY}.tiers[2].credit": "100.01"},
        "$.sla.availability[0].tiers[2].credit: must be at most 100 (got '100.01')",
    ),
    row(
        "credit cap of zero",
        {f"{AVAILABILITY}.cap": "0"},
        "$.sla.availability[0].cap: must be greater than 0 (got '0')",
    ),
    row(
        "credit cap over 100",
        {f"{AVAILABILITY}.cap": "101"},
        "$.sla.availability[0].cap: must be at most 100 (got '101')",
    ),
    row(
        "availability target of zero",
        {f"{AVAILABILITY}.target": "0"},
        "$.sla.availability[0].target: must be greater than 0 (got '0')",
        "$.sla.availability[0].tiers[0].below: must not be above the target '0' (got '99.9')",
    ),
    row(
        "availability target over 100",
        {f"{AVAILABILITY}.target": "100.1"},
        "$.sla.availability[0].target: must be at most 100 (got '100.1')",
    ),
    row(
        "rolling credit cap of zero",
        {"sla.rolling_cap": "0"},
        "$.sla.rolling_cap: must be greater than 0 (got '0')",
    ),
    row(
        "maintenance window ends before it starts",
        {f"{AVAILABILITY}.maintenance[0].end": "01:00"},
        "$.sla.availability[0].maintenance[0].end: must be after start=02:00 (got 01:00)",
    ),
    # Fees - currency
    row(
        "per-unit price in another currency than the schedule",
        {f"{LINE}[2].unit_price.currency": "EUR"},
        "$.fees.lines[2].unit_price.currency: must be the schedule's currency 'USD' (got 'EUR')",
    ),
    row(
        "tier price in another currency than the schedule",
        {f"{LINE}[0].tiers[0].unit_price.currency": "EUR"},
        "$.fees.lines[0].tiers[0].unit_price.currency: "
        "must be the schedule's currency 'USD' (got 'EUR')",
    ),
    row(
        "recurring amount in another currency than the schedule",
        {f"{LINE}[{RECURRING}].amount.currency": "EUR"},
        "$.fees.lines[7].amount.currency: must be the schedule's currency 'USD' (got 'EUR')",
    ),
    row(
        "one-time amount in another currency than the schedule",
        {f"{LINE}[{ONE_TIME}].amount.currency": "EUR"},
        "$.fees.lines[8].amount.currency: must be the schedule's currency 'USD' (got 'EUR')",
    ),
    row(
        "hourly rate in another currency than the schedule",
        {f"{LINE}[{HOURLY}].rate.currency": "EUR"},
        "$.fees.lines[9].rate.currency: must be the schedule's currency 'USD' (got 'EUR')",
    ),
    row(
        "block price in another currency than the schedule",
        {f"{LINE}[{NEW}]": block(price=EUR_5)},
        "$.fees.lines[10].price.currency: must be the schedule's currency 'USD' (got 'EUR')",
    ),
    row(
        "late fee minimum in another currency than the schedule",
        {"fees.late_fee.minimum": EUR_5},
        "$.fees.late_fee.minimum.currency: must be the schedule's currency 'USD' (got 'EUR')",
    ),
    # Fees - per-unit lines
    row(
        "per-unit fee with unit flat",
        {f"{LINE}[{EDR}].unit": "flat"},
        "$.fees.lines[1].unit: a per-unit fee needs a counted unit, not 'flat'",
    ),
    row(
        "per-unit fee without unit price or tiers",
        {f"{LINE}[{EDR}].unit_price": DELETE},
        "$.fees.lines[1].unit_price: give exactly one of unit_price or tiers",
    ),
    row(
        "per-unit fee with both unit price and tiers",
        {f"{LINE}[{TIERED}].unit_price": USD_5},
        "$.fees.lines[0].unit_price: give exactly one of unit_price or tiers",
    ),
    row(
        "per-unit fee with an empty list of tiers",
        {f"{LINE}[{TIERED}].tiers": []},
        "$.fees.lines[0].unit_price: give exactly one of unit_price or tiers",
        "$.fees.lines[0].tier_mode: must be absent without tiers",
    ),
    row(
        "unit price negative",
        {f"{LINE}[{HELPDESK}].unit_price.amount": "-5.00"},
        "$.fees.lines[2].unit_price: must not be negative (got '-5.00')",
    ),
    row(
        "tiers without a tier mode",
        {f"{LINE}[{TIERED}].tier_mode": DELETE},
        "$.fees.lines[0].tier_mode: is required with tiers ('graduated' or 'volume')",
    ),
    row(
        "tier mode without tiers",
        {f"{LINE}[{EDR}].tier_mode": "volume"},
        "$.fees.lines[1].tier_mode: must be absent without tiers",
    ),
    row(
        "tier up_to equal to the one before",
        {f"{LINE}[{TIERED}].tiers[1].up_to": 50},
        "$.fees.lines[0].tiers[1].up_to: must be greater than tiers[0].up_to=50 (got 50)",
    ),
    row(
        "tier up_to below the one before",
        {f"{LINE}[{TIERED}].tiers[1].up_to": 40},
        "$.fees.lines[0].tiers[1].up_to: must be greater than tiers[0].up_to=50 (got 40)",
    ),
    row(
        "open-ended tier before the last",
        {f"{LINE}[{TIERED}].tiers[1].up_to": None},
        "$.fees.lines[0].tiers[1].up_to: only the last tier may be open-ended",
    ),
    row(
        "last tier not open-ended",
        {f"{LINE}[{TIERED}].tiers[2].up_to": 200},
        "$.fees.lines[0].tiers[2].up_to: the last tier must be open-ended (no up_to)",
    ),
    row(
        "tier up to zero units",
        {f"{LINE}[{TIERED}].tiers[0].up_to": 0},
        "$.fees.lines[0].tiers[0].up_to: must be at least 1 (got 0)",
    ),
    row(
        "tier price negative",
        {f"{LINE}[{TIERED}].tiers[0].unit_price.amount": "-1"},
        "$.fees.lines[0].tiers[0].unit_price: must not be negative (got '-1')",
    ),
    row(
        "included units negative",
        {f"{LINE}[{MAILBOXES}].included": -1},
        "$.fees.lines[3].included: must be at least 0 (got -1)",
    ),
    row(
        "minimum units negative",
        {f"{LINE}[{HELPDESK}].minimum": -1},
        "$.fees.lines[2].minimum: must be at least 0 (got -1)",
    ),
    row(
        "minimum units over ten million",
        {f"{LINE}[{HELPDESK}].minimum": 10_000_001},
        "$.fees.lines[2].minimum: must be at most 10000000 (got 10000001)",
    ),
    # Fees - hourly lines
    row(
        "after-hours multiplier below 1",
        {f"{LINE}[{HOURLY}].after_hours_multiplier": "0.5"},
        "$.fees.lines[9].after_hours_multiplier: must be at least 1 (got '0.5')",
    ),
    row(
        "after-hours multiplier over 10",
        {f"{LINE}[{HOURLY}].after_hours_multiplier": "10.5"},
        "$.fees.lines[9].after_hours_multiplier: must be at most 10 (got '10.5')",
    ),
    row(
        "after-hours multiplier without business hours",
        {f"{LINE}[{HOURLY}].business_hours": DELETE},
        "$.fees.lines[9].business_hours: is required when after_hours_multiplier is not 1",
    ),
    row(
        "billing increment of zero minutes",
        {f"{LINE}[{HOURLY}].increment_minutes": 0},
        "$.fees.lines[9].increment_minutes: must be at least 1 (got 0)",
    ),
    row(
        "billing increment over a day",
        {f"{LINE}[{HOURLY}].increment_minutes": 1441},
        "$.fees.lines[9].increment_minutes: must be at most 1440 (got 1441)",
    ),
    row(
        "minimum minutes negative",
        {f"{LINE}[{HOURLY}].minimum_minutes": -1},
        "$.fees.lines[9].minimum_minutes: must be at least 0 (got -1)",
    ),
    row(
        "minimum minutes over a week",
        {f"{LINE}[{HOURLY}].minimum_minutes": 10_081},
        "$.fees.lines[9].minimum_minutes: must be at most 10080 (got 10081)",
    ),
    row(
        "hourly rate negative",
        {f"{LINE}[{HOURLY}].rate.amount": "-175.00"},
        "$.fees.lines[9].rate: must not be negative (got '-175.00')",
    ),
    # Fees - recurring and one-time lines
    row(
        "recurring amount negative",
        {f"{LINE}[{RECURRING}].amount.amount": "-1500.00"},
        "$.fees.lines[7].amount: must not be negative (got '-1500.00')",
    ),
    row(
        "one-time amount negative",
        {f"{LINE}[{ONE_TIME}].amount.amount": "-1"},
        "$.fees.lines[8].amount: must not be negative (got '-1')",
    ),
    # Fees - blocks of hours
    row(
        "block of zero hours",
        {f"{LINE}[{NEW}]": block(hours=0)},
        "$.fees.lines[10].hours: must be at least 1 (got 0)",
    ),
    row(
        "block of over ten million hours",
        {f"{LINE}[{NEW}]": block(hours=10_000_001)},
        "$.fees.lines[10].hours: must be at most 10000000 (got 10000001)",
    ),
    row(
        "block price negative",
        {f"{LINE}[{NEW}]": block(price={"amount": "-1", "currency": "USD"})},
        "$.fees.lines[10].price: must not be negative (got '-1')",
    ),
    row(
        "block rollover cap with rollover false",
        {f"{LINE}[{NEW}]": block(rollover=False)},
        "$.fees.lines[10].rollover_cap: must be absent when rollover is false",
    ),
    row(
        "block rollover cap without rollover",
        {f"{LINE}[{NEW}]": block(rollover=DELETE)},
        "$.fees.lines[10].rollover_cap: must be absent when rollover is false",
    ),
    row(
        "block rollover cap of zero",
        {f"{LINE}[{NEW}]": block(rollover_cap=0)},
        "$.fees.lines[10].rollover_cap: must be at least 1 (got 0)",
    ),
    row(
        "block expiring after zero",
        {f"{LINE}[{NEW}]": block(expires_after="P0D")},
        "$.fees.lines[10].expires_after: must not be zero",
    ),
    row(
        "block overage names a line that is not hourly",
        {f"{LINE}[{NEW}]": block(overage="onboarding")},
        "$.fees.lines[10].overage: must name an hourly fee line ('onboarding' is 'one_time')",
    ),
    row(
        "block overage names no line",
        {f"{LINE}[{NEW}]": block(overage="nothing")},
        "$.fees.lines[10].overage: unknown fee line 'nothing'",
    ),
    # Fees - schedule, late fee, adjustments
    row(
        "fee schedule without lines",
        {"fees.lines": []},
        "$.fees.lines: must list at least one fee line",
    ),
    row(
        "late fee of zero percent",
        {"fees.late_fee.percent_per_month": "0"},
        "$.fees.late_fee.percent_per_month: must be greater than 0 (got '0')",
    ),
    row(
        "late fee over 100 percent",
        {"fees.late_fee.percent_per_month": "100.5"},
        "$.fees.late_fee.percent_per_month: must be at most 100 (got '100.5')",
    ),
    row(
        "late fee minimum negative",
        {"fees.late_fee.minimum": {"amount": "-1", "currency": "USD"}},
        "$.fees.late_fee.minimum: must not be negative (got '-1')",
    ),
    row(
        "index adjustment refers to an unknown line",
        {"fees.adjustments[0].lines": ["nope"]},
        "$.fees.adjustments[0].lines[0]: unknown fee line 'nope'",
    ),
    row(
        "percentage adjustment refers to an unknown line",
        {
            "fees.adjustments[0]": {
                "kind": "percentage",
                "percent": "5",
                "at": "renewal",
                "lines": ["nope"],
            }
        },
        "$.fees.adjustments[0].lines[0]: unknown fee line 'nope'",
    ),
    row(
        "index floor above cap",
        {"fees.adjustments[0].floor": "6"},
        "$.fees.adjustments[0].floor: floor='6' must not be above cap='5'",
    ),
    row(
        "index cap of minus 100",
        {"fees.adjustments[0].cap": "-100", "fees.adjustments[0].floor": DELETE},
        "$.fees.adjustments[0].cap: must be greater than -100 (got '-100')",
    ),
    row(
        "index cap over 100",
        {"fees.adjustments[0].cap": "100.5"},
        "$.fees.adjustments[0].cap: must be at most 100 (got '100.5')",
    ),
    row(
        "index floor of minus 100",
        {"fees.adjustments[0].floor": "-100"},
        "$.fees.adjustments[0].floor: must be greater than -100 (got '-100')",
    ),
    row(
        "percentage adjustment of minus 100",
        {"fees.adjustments[0]": {"kind": "percentage", "percent": "-100", "at": "renewal"}},
        "$.fees.adjustments[0].percent: must be greater than -100 (got '-100')",
    ),
    row(
        "percentage adjustment over 100",
        {"fees.adjustments[0]": {"kind": "percentage", "percent": "100.01", "at": "renewal"}},
        "$.fees.adjustments[0].percent: must be at most 100 (got '100.01')",
    ),
    # responsibilities
    row(
        "RACI without anyone responsible",
        {"responsibilities[0].raci.responsible": []},
        "$.responsibilities[0].raci.responsible: must name at least one party role",
    ),
    row(
        "RACI without anyone accountable",
        {"responsibilities[0].raci.accountable": []},
        "$.responsibilities[0].raci.accountable: must name exactly one party role (got 0)",
    ),
    row(
        "RACI with two accountable",
        {"responsibilities[0].raci.accountable": ["provider", "client"]},
        "$.responsibilities[0].raci.accountable: must name exactly one party role (got 2)",
    ),
    row(
        "RACI names a role twice as responsible",
        {"responsibilities[0].raci.responsible": ["provider", "provider"]},
        "$.responsibilities[0].raci.responsible[1]: duplicate party role 'provider' "
        "(first at responsible[0])",
    ),
    row(
        "RACI names a role twice as consulted",
        {"responsibilities[0].raci.consulted": ["client", "client"]},
        "$.responsibilities[0].raci.consulted[1]: duplicate party role 'client' "
        "(first at consulted[0])",
    ),
    row(
        "RACI names a role twice as informed",
        {"responsibilities[0].raci.informed": ["client", "client"]},
        "$.responsibilities[0].raci.informed[1]: duplicate party role 'client' "
        "(first at informed[0])",
    ),
    row(
        "RACI leaves out the owing party",
        {"responsibilities[0].raci": {"responsible": ["client"], "accountable": ["client"]}},
        "$.responsibilities[0].raci.responsible: must include the owing party 'provider' "
        "as responsible or accountable",
    ),
    row(
        "recurrence every zero",
        {"responsibilities[2].recurrence.every": "P0M"},
        "$.responsibilities[2].recurrence.every: must not be zero",
    ),
    # scope
    row(
        "scope without services",
        {"scope.services": [], "scope.exclusions": [], "scope.client_requirements": []},
        "$.scope.services: must list at least one service",
    ),
    row(
        "service delivered at an unknown location",
        {"scope.services[3].locations": ["red-bank", "asbury"]},
        "$.scope.services[3].locations[1]: unknown location 'asbury'",
    ),
    row(
        "exclusion refers to an unknown service",
        {"scope.exclusions[2].services": ["helpdesk", "dns"]},
        "$.scope.exclusions[2].services[1]: unknown service 'dns'",
    ),
    row(
        "client requirement refers to an unknown service",
        {"scope.client_requirements[0].services": ["dns"]},
        "$.scope.client_requirements[0].services[0]: unknown service 'dns'",
    ),
    # the agreement as a whole
    row(
        "two providers and no client",
        {"parties[1].role": "provider"},
        "$.parties: must include exactly one provider (got 2)",
        "$.parties: must include exactly one client (got 0)",
    ),
    row(
        "no client",
        {"parties": [BASE["parties"][0]]},
        "$.parties: must include exactly one client (got 0)",
    ),
    row(
        "term starts before the agreement is effective",
        {"term.start": "2025-01-14"},
        "$.term.start: must not be before effective_on='2025-01-15' (got '2025-01-14')",
    ),
    row(
        "service starts before the agreement is effective",
        {"service_start_on": "2025-01-14"},
        "$.service_start_on: must not be before effective_on='2025-01-15' (got '2025-01-14')",
    ),
    row(
        "service covered by an unknown calendar",
        {"scope.services[1].coverage": "weekends"},
        "$.scope.services[1].coverage: unknown calendar 'weekends'",
    ),
    row(
        "fee line for an unknown service",
        {f"{LINE}[{EDR}].service": "nope"},
        "$.fees.lines[1].service: unknown service 'nope'",
    ),
    row(
        "block of hours for an unknown service",
        {f"{LINE}[{NEW}]": block(service="nope")},
        "$.fees.lines[10].service: unknown service 'nope'",
    ),
    row(
        "hourly business hours from an unknown calendar",
        {f"{LINE}[{HOURLY}].business_hours": "weekends"},
        "$.fees.lines[9].business_hours: unknown calendar 'weekends'",
    ),
    row(
        "per-unit fee counted per another unit than its service",
        {f"{LINE}[{EDR}].service": "helpdesk"},
        "$.fees.lines[1].unit: must match service 'helpdesk', counted per 'user' (got 'device')",
    ),
    row(
        "per-unit fee for a flat service",
        {f"{LINE}[{EDR}].service": "vcio"},
        "$.fees.lines[1].unit: must match service 'vcio', counted per 'flat' (got 'device')",
    ),
    row(
        "availability target for an unknown service",
        {f"{AVAILABILITY}.service": "dns"},
        "$.sla.availability[0].service: unknown service 'dns'",
    ),
    row(
        "availability target for a service outside the SLA",
        {f"{AVAILABILITY}.service": "vcio"},
        "$.sla.availability[0].service: service 'vcio' is marked sla_applies=false",
    ),
    row(
        "responsibility for an unknown service",
        {"responsibilities[1].services": ["rmm", "dns"]},
        "$.responsibilities[1].services[1]: unknown service 'dns'",
    ),
    row(
        "liability cap of zero",
        {"liability_cap": {"kind": "amount", "amount": {"amount": "0", "currency": "USD"}}},
        "$.liability_cap.amount: must be positive (got '0')",
    ),
    row(
        "liability cap negative",
        {"liability_cap": {"kind": "amount", "amount": {"amount": "-1", "currency": "USD"}}},
        "$.liability_cap.amount: must be positive (got '-1')",
    ),
    row(
        "termination notice with a roll convention",
        {f"{CONVENIENCE}.notice.roll": "preceding"},
        f"$.{CONVENIENCE}.notice.roll: "
        "must be 'none': a termination notice has no deadline to roll",
    ),
    row(
        "maximum renewals over 9999",
        {"term.renewal.max_renewals": 10_000},
        "$.term.renewal.max_renewals: must be at most 9999 (got 10000)",
    ),
    row(
        "escalation after business days returns to a time shorter than an earlier step",
        {
            "sla.escalation": [
                {"level": "L2", "after": "PT2H"},
                {"level": "L3", "after": {"business_days": 1}},
                {"level": "L3", "after": "PT1H"},
            ]
        },
        "$.sla.escalation[2].after: must not be earlier than escalation[0].after=PT2H (got PT1H)",
    ),
    row(
        "liability cap in another currency than the fees",
        {"liability_cap": {"kind": "amount", "amount": {"amount": "50000", "currency": "EUR"}}},
        "$.liability_cap.amount.currency: must be the schedule's currency 'USD' (got 'EUR')",
    ),
    row(
        "responsibility owed by a third party the agreement does not name",
        {"parties[2]": DELETE, "responsibilities[1].party": "third_party"},
        "$.responsibilities[1].party: is 'third_party' but the agreement names no third party",
    ),
    row(
        "price adjustment aimed at a one-time fee",
        {"fees.adjustments[0].lines": ["vcio", "onboarding"]},
        "$.fees.adjustments[0].lines[1]: a one-time fee cannot be adjusted "
        "('onboarding' is 'one_time')",
    ),
    row(
        "minimum term of zero",
        {f"{CONVENIENCE}.minimum_term": "P0D"},
        f"$.{CONVENIENCE}.minimum_term: must not be zero (leave it out for no minimum term)",
    ),
    row(
        "transition of zero",
        {"term.transition": "P0M"},
        "$.term.transition: must not be zero (leave it out for no transition)",
    ),
    row(
        "liability cap on fees paid over zero months",
        {"liability_cap.lookback": "P0M"},
        "$.liability_cap.lookback: must not be zero",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), MODEL_ROWS)
def test_document_that_breaks_a_rule_is_refused(
    edits: Mapping[str, object], expected: list[str]
) -> None:
    """A document breaking one rule of the model is refused with exactly that rule's problems."""
    text = json.dumps(edited(edits))

    assert expected == problems_of(text)


def test_every_problem_is_reported_at_once_in_document_order() -> None:
    """Independent problems in different sections are all reported, in document order."""
    # Edited from the end backwards: the order of the report comes from the document.
    document = edited(
        {
            "liability_cap.lookback": "P0M",
            "responsibilities[0].raci.accountable": [],
            f"{LINE}[{HELPDESK}].unit_price.amount": "-5.00",
            "sla.priorities[1].resolution": "PT30M",
            "scope.services[1].name": " ",
            "term.initial": "P0M",
            "signed_on": "2025-2-1",
            "parties[0].id": "north wind",
        }
    )

    problems = problems_of(json.dumps(document))

    assert [
        f"$.parties[0].id: {ID_RULE} (got 'north wind')",
        "$.signed_on: must be a date 'YYYY-MM-DD' (got string '2025-2-1')",
        "$.term.initial: must not be zero (got 'P0D')",
        "$.scope.services[1].name: must not be empty or blank",
        "$.sla.priorities[1].resolution: resolution=PT30M must not be shorter than response=PT1H",
        "$.fees.lines[2].unit_price: must not be negative (got '-5.00')",
        "$.responsibilities[0].raci.accountable: must name exactly one party role (got 0)",
        "$.liability_cap.lookback: must not be zero",
    ] == problems


def test_problems_from_loads_carry_structured_paths() -> None:
    """Each problem keeps its path as keys and indexes, rooted at `$`."""
    document = edited({f"{LINE}[{HELPDESK}].unit_price.amount": "-5.00"})
    expected = Problem(("fees", "lines", 2, "unit_price"), "must not be negative (got '-5.00')")

    with pytest.raises(ValidationError) as caught:
        msa_model.loads(json.dumps(document))

    assert [expected] == list(caught.value.problems)


# --- Objects built in Python --------------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        pytest.param(
            lambda: Money(amount=0.1, currency="EUR"),  # type: ignore[arg-type]
            ["Money.amount: must be a Decimal (got float)"],
            id="money amount given a float",
        ),
        pytest.param(
            lambda: Money(amount=1, currency="EUR"),  # type: ignore[arg-type]
            ["Money.amount: must be a Decimal (got int)"],
            id="money amount given an int",
        ),
        pytest.param(
            lambda: Money(Decimal("0.12345678901"), "EUR"),
            [
                (
                    "Money.amount: must have at most 10 digits after the decimal point "
                    "(got '0.12345678901')"
                )
            ],
            id="money amount with 11 fraction digits",
        ),
        pytest.param(
            lambda: Money(Decimal("NaN"), "EUR"),
            ["Money.amount: must be a finite number (got 'NaN')"],
            id="money amount not a number",
        ),
        pytest.param(
            lambda: Money(Decimal("-1E+16"), "eur"),
            [
                (
                    "Money.amount: must be smaller than 1000000000000000 in size "
                    "(got '-10000000000000000')"
                ),
                f"Money.currency: {CURRENCY_RULE} (got 'eur')",
            ],
            id="money amount too large and currency in lower case",
        ),
        pytest.param(
            lambda: Money(Decimal(1), "HRK"),
            [f"Money.currency: {CURRENCY_RULE} (got 'HRK')"],
            id="money in a withdrawn currency",
        ),
        pytest.param(
            lambda: Period(days=10_000),
            ["Period.days: must be at most 9999 (got 10000)"],
            id="period unit over 9999",
        ),
        pytest.param(
            lambda: Period(months=-1),
            ["Period.months: must be at least 0 (got -1)"],
            id="period unit negative",
        ),
        pytest.param(
            lambda: Period(days=True),
            ["Period.days: must be an int (got bool)"],
            id="period unit given a bool",
        ),
        pytest.param(
            lambda: BusinessTime(-1),
            ["BusinessTime.seconds: must be at least 0 (got -1)"],
            id="business time negative",
        ),
        pytest.param(
            lambda: BusinessTime(87_600 * 3600 + 1),
            ["BusinessTime.seconds: must be at most 315360000 (got 315360001)"],
            id="business time over 87600 hours",
        ),
        pytest.param(
            lambda: BusinessDays(10_000),
            ["BusinessDays.count: must be at most 9999 (got 10000)"],
            id="business days over 9999",
        ),
        pytest.param(
            lambda: TimeOfDay(1441),
            ["TimeOfDay.minutes: must be at most 1440 (got 1441)"],
            id="time of day after 24:00",
        ),
        pytest.param(
            lambda: Term(
                start=pendulum.datetime(2025, 1, 1),
                initial=Period(months=12),
                renewal=Renewal.none(),
            ),
            ["Term.start: must be a Date (got DateTime)"],
            id="term start given a DateTime",
        ),
        pytest.param(
            lambda: Term(
                start=pendulum.Date(2025, 1, 1),
                initial=Period(months=12),
                renewal=Renewal.automatic(Period(years=1)),
            ),
            ["Term.notice: is required when renewal mode is 'automatic'"],
            id="term renewing automatically without notice",
        ),
        pytest.param(
            lambda: Renewal(mode=RenewalMode.AUTOMATIC),
            ["Renewal.length: is required when mode is 'automatic'"],
            id="automatic renewal without a length",
        ),
        pytest.param(
            lambda: Renewal(mode="none"),  # type: ignore[arg-type]
            ["Renewal.mode: must be a RenewalMode (got str)"],
            id="renewal mode given a string",
        ),
        pytest.param(
            lambda: ServiceScope(services=[]),  # type: ignore[arg-type]
            ["ServiceScope.services: must be a tuple (got list)"],
            id="list given for a tuple",
        ),
        pytest.param(
            lambda: Notice(length=5),  # type: ignore[arg-type]
            ["Notice.length: must be a Period or a BusinessDays (got int)"],
            id="union given a value of neither type",
        ),
        pytest.param(
            lambda: OpeningWindow(days=(), start=TimeOfDay(600), end=TimeOfDay(540)),
            [
                "OpeningWindow.days: must list at least one weekday",
                "OpeningWindow.end: must be after start=10:00 (got 09:00)",
            ],
            id="window without days ending before it starts",
        ),
        pytest.param(
            lambda: PerUnitFee(
                id="seats",
                description="Seats",
                unit=Unit.FLAT,
                unit_price=Money.of("-1", "USD"),
            ),
            [
                "PerUnitFee.unit: a per-unit fee needs a counted unit, not 'flat'",
                "PerUnitFee.unit_price: must not be negative (got '-1')",
            ],
            id="per-unit fee flat and negative",
        ),
        pytest.param(
            lambda: attrs.evolve(Period(days=1), days=-3),
            ["Period.days: must be at least 0 (got -3)"],
            id="evolve checks the new value",
        ),
        pytest.param(
            lambda: CreditTier(below=Decimal("0.00000000001"), credit=Decimal(5)),
            [
                (
                    "CreditTier.below: must have at most 10 digits after the decimal point "
                    "(got '0.00000000001')"
                )
            ],
            id="percentage with more digits than JSON holds",
        ),
        pytest.param(
            lambda: Party(id="p", role=PartyRole.CLIENT, legal_name="x\ud800"),
            ["Party.legal_name: must not contain a lone surrogate (it cannot be written as UTF-8)"],
            id="text with a lone surrogate",
        ),
    ],
)
def test_objects_built_in_python_are_checked(
    build: Callable[[], object], expected: list[str]
) -> None:
    """Building an object that breaks a rule raises with paths rooted at its class."""
    with pytest.raises(ValidationError) as caught:
        build()

    assert expected == [str(problem) for problem in caught.value.problems]


def test_from_dict_of_a_part_is_rooted_at_dollar() -> None:
    """`from_dict` of a single value type reports paths from `$`, as for a document."""
    with pytest.raises(ValidationError) as caught:
        msa_model.from_dict({"amount": "-1", "currency": "usd"}, Money)

    assert [f"$.currency: {CURRENCY_RULE} (got 'usd')"] == [
        str(problem) for problem in caught.value.problems
    ]


def test_validation_error_is_a_value_error_and_an_msa_error() -> None:
    """Callers may catch a refused document as `ValueError` or as `MsaError`."""
    with pytest.raises(ValidationError) as caught:
        msa_model.loads("[]")

    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, MsaError)
