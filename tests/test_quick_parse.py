"""The quick parse (orjson, checked by the text) against the standard library's parse.

`quick_parse` may decline a text (None), leaving it to `parse`; when it
does not, its data must be exactly what `parse` gives: same types, same
values, and never a document in which `parse` finds a key given twice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import ValidationError, loads
from msa_model._json.parse import parse, quick_parse

EXAMPLES: Final = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))
BUNDLED: Final = EXAMPLES[0].with_name("harbor-point-managed-it.json")


_LOWEST, _HIGHEST = -(2**63), 2**64 - 1
"""The integers orjson reads as integers; it reads the others as floats."""


def same(left: Any, right: Any) -> bool:
    """Equal and of the same types all the way down (`1 == 1.0`, but not here).

    `right` is the standard parser's data; an integer beyond orjson's 64 bits
    is taken as the float orjson reads (the model refuses both, see parse.py).
    """
    if type(right) is int and not _LOWEST <= right <= _HIGHEST:
        right = float(right)
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[key], right[key]) for key in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    return bool(left == right)


_CHARACTERS: Final = st.sampled_from(["a", "b", ":", '"', "\\", " ", "é", "€", "\u2028", "1"])
_TEXT: Final = st.lists(_CHARACTERS, max_size=5).map("".join)


def _string(text: str, *, escape: bool) -> str:
    r"""A JSON string for `text`, with every character escaped as `\uXXXX` if asked."""
    if escape:
        return '"' + "".join(f"\\u{ord(character):04x}" for character in text) + '"'
    return json.dumps(text, ensure_ascii=False)


_LEAVES: Final = st.one_of(
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["true", "false", "null", "1e400", "-0", "0.1"]),
    st.builds(_string, _TEXT, escape=st.booleans()),
)


def _object(members: list[tuple[tuple[str, bool], str]]) -> str:
    return (
        "{"
        + ", ".join(f"{_string(key, escape=escape)}: {value}" for (key, escape), value in members)
        + "}"
    )


_DOCUMENTS: Final = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ",".join(items) + "]"),
        # Keys from a small set, so that some objects give a key twice.
        st.lists(st.tuples(st.tuples(_TEXT, st.booleans()), inner), max_size=4).map(_object),
    ),
    max_leaves=12,
)


@settings(max_examples=2000, deadline=None)
@given(_DOCUMENTS)
def test_the_quick_parse_gives_what_the_standard_parse_gives_or_declines(text: str) -> None:
    """Either the quick parse declines, or both parse the text to the very same data."""
    _, quick = quick_parse(text)
    try:
        reference = parse(text)
    except ValidationError:
        assert quick is None
        return
    if quick is not None:
        assert same(quick, reference)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a": {"b": ":", "b": "::"}}',
        '{"a:": 1, "a:": 2}',
        '{"a": 1, "\\u0061": 2}',
        '[{"x": 1}, {"y": {"z": 1, "z": 1}}]',
    ],
)
def test_a_key_given_twice_is_never_parsed_quickly(text: str) -> None:
    """The member orjson drops leaves the text with more colons than its result."""
    assert quick_parse(text)[1] is None


@pytest.mark.parametrize("text", ['{"a": 1e400}', '{"a": "\\ud800"}', '{"a": "\\u003a"}'])
def test_what_orjson_refuses_or_may_miscount_is_left_to_the_standard_parse(text: str) -> None:
    """Infinities, lone surrogates and escaped colons go the careful way."""
    assert quick_parse(text)[1] is None


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_the_examples_parse_quickly(path: Path) -> None:
    """A plain document is parsed quickly, to the standard parser's data."""
    text = path.read_text()

    _, quick = quick_parse(text)

    assert quick is not None
    assert same(quick, parse(text))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.30000000000000004", "must be a string (got number 0.30000000000000004)"),
        (
            "123456789012345678901234567890",
            "must be a string (got number 123456789012345678901234567890)",
        ),
    ],
)
def test_a_document_refused_after_a_quick_parse_is_reported_from_the_standard_parse(
    value: str, expected: str
) -> None:
    """A float, or an integer orjson reads as one, is reported as the standard parser reads it."""
    text = BUNDLED.read_text().replace('"currency": "USD"', f'"currency": {value}', 1)
    assert quick_parse(text)[1] is not None

    with pytest.raises(ValidationError) as caught:
        loads(text)

    assert [str(problem) for problem in caught.value.problems] == [f"$.fees.currency: {expected}"]
