"""Parse untrusted JSON text into plain data, refusing what would be lost or unsafe.

The standard library's parser is the reference because it lets us see
every key of every object: a key given twice is a problem (SEMANTICS §6:
nothing is silently dropped), whereas faster parsers keep the last value
without a word. Text must be UTF-8 and may not hold lone surrogates, which
could not be written back; `NaN` and `Infinity` are not JSON.

`quick_parse` tries orjson first, and keeps its result only when the text
shows it is what the standard parser would give; `loads` reads a document
the model refuses again from `parse`, so every report is the reference's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Final

import orjson

from msa_model._values.invariants import is_unicode
from msa_model.errors import PathSegment, Problem, ValidationError

__all__ = ["MAX_DOCUMENT_BYTES", "failure", "parse", "quick_parse"]

MAX_DOCUMENT_BYTES: Final = 8 * 1024 * 1024
"""Largest JSON document accepted, in bytes (UTF-8)."""

# An escaped surrogate (`\ud83d`): half of an escaped pair, or a lone one.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPED_COLON: Final = "\\u003"
"""The start of `\\u003a` (and of the escapes of digits and `;<=>?`, which are as rare)."""


def failure(message: str, *path: str | int) -> ValidationError:
    """Return a `ValidationError` with one problem at `path` (the root by default)."""
    return ValidationError([Problem(path, message)])


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def quick_parse(text: str | bytes) -> tuple[str, Any]:
    r"""Check the text's size and encoding, and parse it quickly when that is safe.

    orjson parses several times faster than the standard library but keeps
    the last of a key given twice without a word. So its result is used
    only when the text shows that no key was given twice: as many colons in
    the text as in orjson's own writing of the result. Every member of an
    object is written with one colon, and the colons inside strings are
    written as they are, so a member dropped for a repeated key leaves the
    text with more colons than the result (an escaped colon, `\u003a`, would
    upset the count, so a text with one is not tried).

    The one other difference is that orjson reads an integer beyond 64 bits
    as a float. No model field takes a float, so such a document is refused
    by the model, and `loads` reads every refused document again from
    `parse`: its report is always the standard parser's.

    Returns:
        The text, checked, and its parsed data; None as data when `parse`
        must read it (it is not JSON as orjson reads it, or it gives a key
        twice, or it holds an escaped colon).

    Raises:
        ValidationError: The text is too large or is not UTF-8.
    """
    checked = _checked_text(text)
    if _ESCAPED_COLON in checked:
        return checked, None
    try:
        data = orjson.loads(checked)
    except ValueError:  # not JSON as orjson reads it: `parse` says why
        return checked, None
    if checked.count(":") != orjson.dumps(data).count(b":"):
        return checked, None  # a key given twice
    return checked, data


def parse(text: str | bytes) -> Any:
    """Parse `text` as one JSON document, or raise `ValidationError` saying why not."""
    text = _checked_text(text)
    duplicated: dict[int, list[str]] = {}

    def object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            twice = duplicated.setdefault(id(result), [])
            for key, _ in pairs:
                if key in seen and key not in twice:
                    twice.append(key)
                seen.add(key)
        return result

    try:
        data = json.loads(text, object_pairs_hook=object_pairs, parse_constant=_refuse_constant)
    except ValueError as error:  # JSONDecodeError, NaN, or an integer too long to read
        raise failure(f"invalid JSON: {error}") from None
    except RecursionError:
        raise failure("invalid JSON: nested too deeply") from None
    problems = _duplicate_problems(data, duplicated) if duplicated else []
    if _ESCAPED_SURROGATE.search(text):
        problems += _surrogate_problems(data)
    if problems:
        raise ValidationError(problems)
    return data


def _checked_text(text: str | bytes) -> str:
    """Return the document as text, checking its size and that it is UTF-8."""
    if isinstance(text, bytes):
        size = len(text)
        try:
            decoded = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise failure(f"invalid JSON: not UTF-8 text (at byte {error.start})") from None
    elif text.isascii():  # one byte a character, and no surrogate: nothing to encode
        decoded, size = text, len(text)
    else:
        decoded = text
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as error:
            raise failure(f"invalid JSON: lone surrogate at character {error.start}") from None
    if size > MAX_DOCUMENT_BYTES:
        raise failure(f"document is too large: {size} bytes (at most {MAX_DOCUMENT_BYTES})")
    return decoded


def _duplicate_problems(data: Any, duplicated: dict[int, list[str]]) -> list[Problem]:
    return [
        Problem((*path, key), "key given more than once in one object")
        for path, value in _walk(data)
        if isinstance(value, dict)
        for key in duplicated.get(id(value), ())
    ]


def _surrogate_problems(data: Any) -> list[Problem]:
    problems = []
    for path, value in _walk(data):
        if isinstance(value, str) and not is_unicode(value):
            problems.append(Problem(path, "must not contain a lone surrogate (unpaired \\udXXX)"))
        elif isinstance(value, dict):
            problems.extend(
                Problem((*path, _escaped(key)), "key must not contain a lone surrogate")
                for key in value
                if not is_unicode(key)
            )
    return problems


def _escaped(text: str) -> str:
    """Return text that can be printed: unpaired surrogates written as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _walk(data: Any) -> Iterator[tuple[tuple[PathSegment, ...], Any]]:
    """Yield every value of a parsed document with its path, depth first, in order."""
    stack: list[tuple[tuple[PathSegment, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in reversed(list(enumerate(value))))
