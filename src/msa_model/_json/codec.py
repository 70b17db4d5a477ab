"""Reading and writing agreements as JSON, safely and losslessly (SEMANTICS §6).

Untrusted input is bounded before any work is done: the document size, the
nesting depth (by the parser), the number of items in a list, and the
digits of every decimal (no exponents, so `"1e999999999"` is refused at
once). Keys given twice are refused, not silently dropped (see parse.py).
Every problem is reported together as a `ValidationError`.
"""

from __future__ import annotations

import functools
from typing import IO, Any, TypeVar

import attrs
import cattrs
import orjson

from msa_model._json.converter import InvalidJsonError, json_type, make_converter, problems_from
from msa_model._json.fast import Reader, reader
from msa_model._json.parse import MAX_DOCUMENT_BYTES, failure, parse, quick_parse
from msa_model._model.agreement import SCHEMA_VERSION, SUPPORTED_SCHEMA_VERSIONS, Agreement
from msa_model._values.invariants import types_guaranteed
from msa_model.errors import ValidationError

__all__ = ["MAX_DOCUMENT_BYTES", "dump", "dumps", "from_dict", "load", "loads", "to_dict"]

T = TypeVar("T")


@functools.cache
def _converter() -> cattrs.Converter:
    return make_converter()


@functools.cache
def _quick_reader(cls: type) -> Reader:
    """The quick reading of valid documents (fast.py); the converter reads the others."""
    return reader(_converter(), cls)


def loads(text: str | bytes) -> Agreement:
    """Read an agreement from JSON text, checking every rule.

    Args:
        text: The document, as text or UTF-8 bytes.

    Returns:
        The agreement.

    Raises:
        ValidationError: The text is not JSON, is too large, or breaks rules
            of the model; every problem is listed with its path.

    Example:
        >>> from importlib.resources import files
        >>> text = files("msa_model").joinpath("data/harbor-point-managed-it.json").read_text()
        >>> agreement = loads(text)
        >>> agreement.client.legal_name
        'Harbor Point Dental Group, P.C.'
    """
    checked, data = quick_parse(text)
    if data is not None:
        try:
            return from_dict(data)
        except ValidationError:
            pass  # reported from the standard parser's reading, as parse.py explains
    return from_dict(parse(checked))


def load(file: IO[str] | IO[bytes]) -> Agreement:
    """Read an agreement from an open JSON file; see `loads`.

    Raises:
        ValidationError: As `loads`.
    """
    return loads(file.read(MAX_DOCUMENT_BYTES + 1))


def from_dict(data: object, cls: type[T] = Agreement) -> T:  # type: ignore[assignment]
    """Build a model object from parsed JSON (dicts, lists, strings, ints, bools, None).

    Args:
        data: The parsed document.
        cls: The model class to build; an agreement unless told otherwise.

    Raises:
        ValidationError: Every problem, with its path from `$`.
    """
    if cls is Agreement:
        _check_version(data)
    quick = _quick_reader(cls) if attrs.has(cls) else None
    try:
        with types_guaranteed():
            if quick is not None:
                try:
                    return quick(data)  # type: ignore[no-any-return]
                except Exception:  # noqa: BLE001, S110 # whatever it is, the converter says it properly
                    pass
            return _converter().structure(data, cls)
    except (cattrs.BaseValidationError, ValidationError, InvalidJsonError, KeyError) as error:
        raise ValidationError(problems_from(error)) from None
    except RecursionError:
        raise failure("document is nested too deeply") from None


def _check_version(data: object) -> None:
    if type(data) is not dict:
        raise failure(f"must be an object (got {json_type(data)})")
    if "schema_version" not in data:
        raise failure(
            f"required key is missing (this release writes {SCHEMA_VERSION!r})", "schema_version"
        )
    version = data["schema_version"]
    if type(version) is not str or version not in SUPPORTED_SCHEMA_VERSIONS:
        supported = ", ".join(repr(v) for v in sorted(SUPPORTED_SCHEMA_VERSIONS))
        message = f"unsupported schema version (got {json_type(version)}; this release reads "
        raise failure(f"{message}{supported})", "schema_version")


def to_dict(obj: Any) -> Any:
    """Turn a model object into JSON-ready data: dicts, lists, strings, ints, bools.

    Defaults are left out, except the agreement's `schema_version`.
    """
    if not attrs.has(type(obj)):
        msg = f"to_dict takes a model object (got {type(obj).__name__})"
        raise TypeError(msg)
    return _converter().unstructure(obj)


def dumps(obj: Any, *, indent: bool = True) -> str:
    """Write a model object as JSON text; the same object always gives the same text.

    Args:
        obj: An agreement or any part of one.
        indent: Indent by two spaces (for files and diffs); compact otherwise.
    """
    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(to_dict(obj), option=option).decode()


def dump(obj: Any, file: IO[str], *, indent: bool = True) -> None:
    """Write a model object as JSON to an open text file, with a final newline."""
    file.write(dumps(obj, indent=indent))
    file.write("\n")
