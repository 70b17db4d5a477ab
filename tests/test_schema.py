"""The JSON Schema: valid draft 2020-12, accepts every valid document, rejects bad shapes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator, ValidationError

from msa_model import Agreement, json_schema, to_dict

if TYPE_CHECKING:  # mypy sees tests/ as a folder of top-level modules
    from strategies import agreements
else:  # pytest imports it through the rootdir, as tests.strategies
    from tests.strategies import agreements

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
BUNDLED: Final = EXAMPLES / "harbor-point-managed-it.json"
EXAMPLE_FILES: Final = sorted(EXAMPLES.glob("*.json"))
VALIDATOR: Final = Draft202012Validator(json_schema())

Document = dict[str, Any]


def _errors(document: object) -> list[str]:
    """Every schema error of a document, as `path: message`."""
    return [f"{error.json_path}: {error.message}" for error in VALIDATOR.iter_errors(document)]


def _bundled() -> Document:
    document: Document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return document


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The generated schema passes the draft 2020-12 meta-schema."""
    schema = json_schema()

    Draft202012Validator.check_schema(schema)

    expected = "https://json-schema.org/draft/2020-12/schema"
    assert expected == schema["$schema"]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[path.name for path in EXAMPLE_FILES])
def test_every_example_validates(path: Path) -> None:
    """Every file in examples/ is valid against the schema."""
    document = json.loads(path.read_text(encoding="utf-8"))

    expected: list[str] = []
    assert expected == _errors(document)


@settings(max_examples=300, deadline=None)
@given(agreements())
def test_every_valid_agreement_validates(agreement: Agreement) -> None:
    """What `to_dict` makes of any valid agreement is valid against the schema."""
    actual = _errors(to_dict(agreement))

    expected: list[str] = []
    assert expected == actual


def _set(path: tuple[str | int, ...], value: object) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        *parents, last = path
        target: Any = document
        for step in parents:
            target = target[step]
        target[last] = value

    return change


def _delete(path: tuple[str | int, ...]) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        *parents, last = path
        target: Any = document
        for step in parents:
            target = target[step]
        del target[last]

    return change


BAD_DOCUMENTS: Final = [
    pytest.param(_set(("colour",), "blue"), "$", id="unknown key at the root"),
    pytest.param(
        _set(("term", "renewal", "notice_days"), 90), "$.term.renewal", id="unknown nested key"
    ),
    pytest.param(_set(("parties", 0, "role"), "vendor"), "$.parties[0].role", id="role 'vendor'"),
    pytest.param(
        _set(("fees", "lines", 1, "unit_price", "amount"), 12.5),
        "$.fees.lines[1].unit_price.amount",
        id="amount as the float 12.5",
    ),
    pytest.param(
        _set(("fees", "lines", 1, "unit_price", "amount"), "1.25e1"),
        "$.fees.lines[1].unit_price.amount",
        id="amount with an exponent",
    ),
    pytest.param(_delete(("fees", "lines", 0, "kind")), "$.fees.lines[0]", id="fee line no kind"),
    pytest.param(
        _set(("liability_cap", "kind"), "unlimited"),
        "$.liability_cap.kind",
        id="unknown cap kind",
    ),
    pytest.param(_set(("term", "initial"), "36 months"), "$.term.initial", id="period '36 months'"),
    pytest.param(_set(("term", "initial"), "P1.5Y"), "$.term.initial", id="period 'P1.5Y'"),
    pytest.param(
        _set(("sla", "priorities", 0, "response"), "P1D"),
        "$.sla.priorities[0].response",
        id="business time 'P1D'",
    ),
    pytest.param(
        _set(("term", "termination", "non_payment", "cure"), {"business_days": "10"}),
        "$.term.termination.non_payment.cure.business_days",
        id="business days as text",
    ),
    pytest.param(
        _set(("sla", "calendars", 0, "windows", 0, "start"), "9:00"),
        "$.sla.calendars[0].windows[0].start",
        id="time of day '9:00'",
    ),
    pytest.param(_set(("effective_on",), "15/01/2025"), "$.effective_on", id="date '15/01/2025'"),
    pytest.param(_set(("schema_version",), "2.0"), "$.schema_version", id="schema version 2.0"),
    pytest.param(_delete(("scope",)), "$", id="missing scope"),
    pytest.param(_set(("parties",), {}), "$.parties", id="parties as an object"),
    pytest.param(
        _set(("scope", "services", 0, "sla_applies"), "yes"),
        "$.scope.services[0].sla_applies",
        id="boolean as text",
    ),
]


def _leaf_paths(errors: Iterable[ValidationError]) -> list[str]:
    """Paths of the errors that explain the others (inside `anyOf`), deepest first."""
    paths = []
    for error in errors:
        paths += _leaf_paths(error.context) if error.context else [error.json_path]
    return sorted(paths, key=len, reverse=True)


@pytest.mark.parametrize(("change", "location"), BAD_DOCUMENTS)
def test_bad_document_is_rejected_at_the_bad_value(
    change: Callable[[Document], None], location: str
) -> None:
    """A document with one bad value fails the schema, and an error points at that value."""
    document = _bundled()
    change(document)

    actual = _leaf_paths(VALIDATOR.iter_errors(document))

    assert location in actual


def test_bundled_example_is_valid_before_it_is_broken() -> None:
    """The document the bad documents start from is valid, so each failure is its one change."""
    actual = _errors(_bundled())

    expected: list[str] = []
    assert expected == actual


def test_json_schema_returns_a_fresh_copy() -> None:
    """Changing the returned schema, deep inside, does not change the next one returned."""
    expected = copy.deepcopy(json_schema())
    changed = json_schema()
    changed["$defs"]["Agreement"]["properties"].clear()
    changed["title"] = "changed"

    actual = json_schema()

    assert expected == actual
