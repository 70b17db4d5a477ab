"""The quick reading of valid documents (`_json/fast.py`) against the converter.

The quick reader may refuse more than it must (the converter then reads the
document again and says why), but it must never accept what the converter
refuses, and must build exactly what the converter builds.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import Agreement, ValidationError, from_dict, to_dict
from msa_model._json import codec
from msa_model._json.fast import Refused
from msa_model._values.invariants import types_guaranteed

if TYPE_CHECKING:  # mypy sees tests/ as a folder of top-level modules
    from strategies import agreements
else:  # pytest imports it through the rootdir, as tests.strategies
    from tests.strategies import agreements

EXAMPLES: Final = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))
DOCUMENTS: Final = [json.loads(path.read_text()) for path in EXAMPLES]


def quick(data: Any) -> Any:
    """Read with the quick reader only."""
    with types_guaranteed():
        return codec._quick_reader(Agreement)(data)


def careful(data: Any) -> Any:
    """Read with the converter only."""
    with types_guaranteed():
        return codec._converter().structure(data, Agreement)


def outcome(read: Any, data: Any) -> tuple[str, str]:
    """What reading gives: ("ok", repr of the agreement) or ("refused", "")."""
    try:
        return "ok", repr(read(data))
    except Exception:  # noqa: BLE001 # any refusal: only whether it refused matters here
        return "refused", ""


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_the_examples_read_quickly_as_the_converter_reads_them(path: Path) -> None:
    """Every bundled example is read quickly into the very objects the converter builds."""
    data = json.loads(path.read_text())

    assert repr(quick(data)) == repr(careful(data))


@settings(max_examples=300, deadline=None)
@given(agreements())
def test_any_valid_agreement_reads_quickly_as_the_converter_reads_it(agreement: Agreement) -> None:
    """Any valid agreement, written to JSON data, is read quickly as the converter reads it."""
    data = to_dict(agreement)

    assert repr(quick(data)) == repr(careful(data)) == repr(agreement)


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value of a parsed document with its path, the root included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _places(value, (*path, index))


_ODD_VALUES: Final = [
    None,
    True,
    0,
    -1,
    1.5,
    "",
    "x",
    "P1M",
    "2025-02-30",
    "12.50",
    "kind",
    [],
    [1],
    {},
    {"kind": "fixed"},
    {"business_days": 3},
]


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    """An example document with one to three edits: a value replaced, a key added or removed."""
    document: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["replace", "add key", "remove key", "rename kind"]))
        places = [
            (path, node)
            for path, node in _places(document)
            # Values are replaced where they are leaves, more often than not.
            if action != "replace" or not isinstance(node, dict | list) or draw(st.booleans())
        ]
        path, node = draw(st.sampled_from(places))
        if action == "replace" and path:
            parent = document
            for segment in path[:-1]:
                parent = parent[segment]
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(_ODD_VALUES)))
        elif action == "add key" and isinstance(node, dict):
            node[draw(st.sampled_from(["kind", "extra", "id", "amount", "tiers"]))] = copy.deepcopy(
                draw(st.sampled_from(_ODD_VALUES))
            )
        elif action == "remove key" and isinstance(node, dict) and node:
            del node[draw(st.sampled_from(sorted(node)))]
        elif action == "rename kind" and isinstance(node, dict) and "kind" in node:
            node["kind"] = draw(st.sampled_from(["fixed", "per_unit", "recurring", "nope", 1]))
    return document


@settings(max_examples=600, deadline=None)
@given(_mutated())
def test_an_edited_document_is_never_accepted_quickly_when_the_converter_refuses_it(
    document: dict[str, Any],
) -> None:
    """Whatever the quick reader accepts, the converter accepts and reads the same."""
    quick_outcome, careful_outcome = outcome(quick, document), outcome(careful, document)

    if quick_outcome[0] == "ok":
        assert careful_outcome == quick_outcome


def test_a_refused_document_is_reported_by_the_converter_with_every_problem() -> None:
    """The quick reader stops at the first problem; `from_dict` still reports them all."""
    document = copy.deepcopy(DOCUMENTS[0])
    document["fees"]["lines"][0]["id"] = 7
    document["term"]["extra"] = True
    with pytest.raises(Refused):
        quick(document)

    with pytest.raises(ValidationError) as caught:
        from_dict(document)

    assert [str(problem) for problem in caught.value.problems] == [
        "$.term.extra: unknown key (not part of the schema)",
        "$.fees.lines[0].id: must be a string (got number 7)",
    ]
