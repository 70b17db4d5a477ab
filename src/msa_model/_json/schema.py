"""The JSON Schema (draft 2020-12) of an agreement, generated from the model.

The schema states the shape of a document: keys, types, text forms,
enumerations and tagged unions. Rules that tie values together (ids that
must resolve, tiers in order) are checked by `loads`, which reports them
with paths; the schema lets tools in other languages catch most mistakes.
"""

from __future__ import annotations

import enum
import functools
import inspect
import types
import typing
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum

from msa_model._model.agreement import SCHEMA_VERSION, SUPPORTED_SCHEMA_VERSIONS, Agreement
from msa_model._values.calendar import TimeOfDay
from msa_model._values.invariants import (
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    MAX_ITEMS,
    Tagged,
)
from msa_model._values.period import BusinessDays, BusinessTime, Period

__all__ = ["json_schema"]

SCHEMA_ID: Final = f"urn:msa-model:agreement:{SCHEMA_VERSION}"
"""The `$id` of the generated schema."""

_LEAVES: Final[dict[object, dict[str, Any]]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    Decimal: {
        "type": "string",
        "pattern": rf"^-?(0|[1-9][0-9]{{0,{MAX_INTEGER_DIGITS - 1}}})"
        rf"(\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})?$",
        "description": "A decimal number written as a string, e.g. '12.50'.",
    },
    pendulum.Date: {
        "type": "string",
        "format": "date",
        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    },
    Period: {
        "type": "string",
        "pattern": r"^P(?!$)([0-9]{1,4}Y)?([0-9]{1,4}M)?([0-9]{1,4}W)?([0-9]{1,4}D)?$",
        "description": "ISO 8601 calendar length, e.g. 'P36M', 'P90D'.",
    },
    BusinessTime: {
        "type": "string",
        "pattern": r"^PT(?!$)([0-9]{1,6}H)?([0-9]{1,6}M)?([0-9]{1,8}S)?$",
        "description": "ISO 8601 business-time length in hours, minutes, seconds, e.g. 'PT4H'.",
    },
    TimeOfDay: {
        "type": "string",
        "pattern": r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$",
        "description": "Local wall-clock time 'HH:MM'; '24:00' closes a day.",
    },
    BusinessDays: {
        "type": "object",
        "properties": {"business_days": {"type": "integer", "minimum": 0}},
        "required": ["business_days"],
        "additionalProperties": False,
        "description": "A number of business days of a calendar.",
    },
}


@functools.cache
def _schema() -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    root = _type_schema(Agreement, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Managed Services Agreement",
        "description": "An agreement in the JSON form of msa_model.",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of an agreement document.

    A fresh copy each call, so callers may change it.

    Example:
        >>> schema = json_schema()
        >>> schema["$schema"], schema["$defs"]["Agreement"]["properties"]["schema_version"]
        ('https://json-schema.org/draft/2020-12/schema', {'enum': ['1.0', '1.1']})
    """
    import copy  # noqa: PLC0415 # only needed here

    return copy.deepcopy(_schema())


def _type_schema(hint: object, definitions: dict[str, Any]) -> dict[str, Any]:
    if hint in _LEAVES:
        return dict(_LEAVES[hint])
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [_type_schema(option, definitions) for option in typing.get_args(hint)]
        return {"anyOf": options}
    if origin is tuple:
        item = _type_schema(typing.get_args(hint)[0], definitions)
        return {"type": "array", "items": item, "maxItems": MAX_ITEMS}
    if hint is type(None):
        return {"type": "null"}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    if isinstance(hint, type) and attrs.has(hint):
        name = hint.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder against recursion
            definitions[name] = _class_schema(hint, definitions)
        return {"$ref": f"#/$defs/{name}"}
    msg = f"no JSON Schema for {hint!r}"  # pragma: no cover - a model declaration error
    raise TypeError(msg)  # pragma: no cover


def _class_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    if issubclass(cls, Tagged):
        properties["kind"] = {"const": cls.KIND}
        required.append("kind")
    for field in attrs.fields(cls):
        if cls is Agreement and field.name == "schema_version":
            properties[field.name] = {"enum": sorted(SUPPORTED_SCHEMA_VERSIONS)}
            required.append(field.name)
            continue
        properties[field.name] = _type_schema(hints[field.name], definitions)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    summary = (inspect.getdoc(cls) or "").split("\n", 1)[0]
    return {
        "type": "object",
        "description": summary,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
