"""The one cattrs converter between the model and JSON-ready Python data.

Strict by design (SEMANTICS §6): no coercion of primitives, no unknown
keys, Decimal amounts only as decimal strings, dates only as ISO 8601
text, tagged unions only with a known `kind`. Every failure becomes a
`Problem` with its JSON path through `problems_from`.
"""

from __future__ import annotations

import enum
import functools
import operator
import re
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, Final

import attrs
import cattrs
import cattrs.fns
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from msa_model._model.agreement import Agreement
from msa_model._values.calendar import TimeOfDay
from msa_model._values.invariants import (
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    MAX_ITEMS,
    Tagged,
)
from msa_model._values.period import MAX_UNIT, BusinessDays, BusinessTime, Period
from msa_model.errors import PathSegment, Problem, ValidationError

__all__ = ["LEAF_TYPES", "make_converter", "problems_from"]


_DECIMAL = re.compile(
    rf"-?(?:0|[1-9][0-9]{{0,{MAX_INTEGER_DIGITS - 1}}})(?:\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})?"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


LEAF_TYPES: Final = frozenset(
    {str, int, bool, Decimal, pendulum.Date, Period, BusinessTime, TimeOfDay, BusinessDays}
)
"""Types read by a hook of their own, not field by field (some are attrs classes)."""


class InvalidJsonError(ValueError):
    """A JSON value of the wrong type or form; the message states the rule."""


def json_type(value: object) -> str:  # noqa: PLR0911 # one return per JSON type
    """Name the JSON type of a parsed value and show it: `number 7`, `string 'x'`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"string {shown!r}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__  # pragma: no cover - not produced by JSON parsers


def _str(value: object, _: type) -> str:
    if type(value) is not str:
        raise InvalidJsonError(f"must be a string (got {json_type(value)})")
    return value


def _int(value: object, _: type) -> int:
    if type(value) is not int:
        raise InvalidJsonError(f"must be an integer (got {json_type(value)})")
    return value


def _bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise InvalidJsonError(f"must be true or false (got {json_type(value)})")
    return value


def _decimal(value: object, _: type) -> Decimal:
    if type(value) is not str or not _DECIMAL.fullmatch(value):
        raise InvalidJsonError(
            "must be a decimal number written as a string, such as '12.50', with at most "
            f"{MAX_INTEGER_DIGITS} digits before and {MAX_FRACTION_DIGITS} after the point "
            f"(got {json_type(value)})"
        )
    return Decimal(value)


def _date(value: object, _: type) -> pendulum.Date:
    if type(value) is not str:
        raise InvalidJsonError(f"must be a date 'YYYY-MM-DD' (got {json_type(value)})")
    return _date_text(value)


@functools.lru_cache(maxsize=4096)
def _date_text(value: str) -> pendulum.Date:
    """Read a date; documents repeat the same days (holidays), and dates are immutable."""
    match = _DATE.fullmatch(value)
    if match is None:
        raise InvalidJsonError(f"must be a date 'YYYY-MM-DD' (got {json_type(value)})")
    try:
        return pendulum.Date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InvalidJsonError(f"is not a valid date (got {json_type(value)})") from None


def _parsed(parse: Callable[[str], Any]) -> Callable[[object, type], Any]:
    """Structure a value type from its text form; the parser's message is the rule.

    Documents repeat the same few lengths and times (`P30D`, `09:00`), and the
    values are immutable, so parsed values are cached and shared.
    """
    cached = functools.lru_cache(maxsize=4096)(parse)

    def structure(value: object, _: type) -> Any:
        if type(value) is not str:
            raise InvalidJsonError(f"must be a string (got {json_type(value)})")
        try:
            return cached(value)
        except ValueError as error:
            raise InvalidJsonError(str(error)) from None

    return structure


def _business_days(value: object, _: type) -> BusinessDays:
    if type(value) is not dict:
        raise InvalidJsonError(f'must be an object {{"business_days": N}} (got {json_type(value)})')
    problems = [
        Problem((key,), "unknown key (not part of the schema)")
        for key in value
        if key != "business_days"
    ]
    count = value.get("business_days")
    if "business_days" not in value:
        problems.insert(0, Problem(("business_days",), "required key is missing"))
    elif type(count) is not int:
        problems.insert(
            0, Problem(("business_days",), f"must be an integer (got {json_type(count)})")
        )
    elif count < 0:
        problems.insert(0, Problem(("business_days",), f"must be at least 0 (got {count})"))
    elif count > MAX_UNIT:
        problems.insert(0, Problem(("business_days",), f"must be at most {MAX_UNIT} (got {count})"))
    if problems:
        raise ValidationError(problems)
    return BusinessDays(count)  # type: ignore[arg-type] # checked to be an int above


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    members = {member.value: member for member in cls}
    expected = ", ".join(repr(value) for value in members)

    def structure(value: object, _: type) -> enum.Enum:
        member = members.get(value) if type(value) is str else None
        if member is None:
            raise InvalidJsonError(f"must be one of {expected} (got {json_type(value)})")
        return member

    return structure


def _is_union(hint: object) -> bool:
    return typing.get_origin(hint) in (types.UnionType, typing.Union)


def _is_tuple(hint: object) -> bool:
    return typing.get_origin(hint) is tuple


def make_converter() -> cattrs.Converter:
    """Build the converter: strict hooks for every type of the model.

    Example:
        >>> converter = make_converter()
        >>> converter.unstructure(Period(months=3))
        'P3M'
    """
    converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    for kind, hook in (
        (str, _str),
        (int, _int),
        (bool, _bool),
        (Decimal, _decimal),
        (pendulum.Date, _date),
        (Period, _parsed(Period.parse)),
        (BusinessTime, _parsed(BusinessTime.parse)),
        (TimeOfDay, _parsed(TimeOfDay.parse)),
        (BusinessDays, _business_days),
    ):
        assert kind in LEAF_TYPES  # noqa: S101 # the quick reader (fast.py) relies on the list
        converter.register_structure_hook(kind, hook)
    # DateTime subclasses Date: register both so dispatch never mixes them up.
    converter.register_unstructure_hook(pendulum.Date, pendulum.Date.isoformat)
    converter.register_unstructure_hook(pendulum.DateTime, pendulum.DateTime.isoformat)
    converter.register_unstructure_hook(Decimal, lambda value: format(value, "f"))
    for kind in (Period, BusinessTime, TimeOfDay):
        converter.register_unstructure_hook(kind, str)
    converter.register_unstructure_hook(BusinessDays, lambda days: {"business_days": days.count})
    converter.register_structure_hook_factory(
        lambda hint: isinstance(hint, type) and issubclass(hint, enum.Enum), _enum_hook
    )
    converter.register_unstructure_hook_factory(
        lambda hint: isinstance(hint, type) and issubclass(hint, enum.Enum),
        lambda _: operator.attrgetter("_value_"),  # faster than the `value` property
    )
    converter.register_structure_hook_factory(_is_tuple, lambda hint: _tuple_hook(converter, hint))
    converter.register_unstructure_hook_factory(
        _is_tuple, lambda hint: _tuple_unstructure_hook(converter, hint)
    )
    converter.register_structure_hook_factory(_is_union, lambda hint: _union_hook(converter, hint))
    converter.register_unstructure_hook_factory(
        _is_union, lambda hint: _union_unstructure_hook(converter, hint)
    )
    converter.register_structure_hook_factory(
        attrs.has, lambda cls: _class_structure_hook(converter, cls)
    )
    converter.register_unstructure_hook_factory(
        attrs.has, lambda cls: _class_unstructure_hook(converter, cls)
    )
    return converter


def _class_structure_hook(converter: cattrs.Converter, cls: type) -> Callable[[object, type], Any]:
    generated: Callable[[Any, type], Any] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True
    )

    def structure(value: object, _: type) -> Any:
        if type(value) is not dict:
            raise InvalidJsonError(f"must be an object (got {json_type(value)})")
        return generated(value, cls)

    return structure


def _class_unstructure_hook(converter: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
    # Fields equal to their default are left out, except: the version, which
    # readers need, and Decimals, since `1.00 == 1` but the text differs.
    always = {
        field.name
        for field in attrs.fields(cls)
        if isinstance(field.default, Decimal)
        or (cls is Agreement and field.name == "schema_version")
    }
    overrides: dict[str, Any] = {name: override(omit_if_default=False) for name in always}
    return make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True, **overrides)


def _tuple_hook(
    converter: cattrs.Converter, hint: object
) -> Callable[[object, type], tuple[Any, ...]]:
    (item_type, *_) = typing.get_args(hint)
    item_hook = converter.get_structure_hook(item_type)

    def structure(value: object, _: type) -> tuple[Any, ...]:
        if type(value) is not list:
            raise InvalidJsonError(f"must be an array (got {json_type(value)})")
        if len(value) > MAX_ITEMS:
            raise InvalidJsonError(f"must have at most {MAX_ITEMS} items (got {len(value)})")
        result = []
        errors = []
        for index, item in enumerate(value):
            try:
                result.append(item_hook(item, item_type))
            except Exception as error:  # noqa: BLE001 # collected and reported with its path
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(f"Structuring {hint} @ index {index}", index, item_type),
                ]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {hint!r}", errors, tuple)
        return tuple(result)

    return structure


def _union_hook(converter: cattrs.Converter, hint: object) -> Callable[[object, type], Any]:
    options = [option for option in typing.get_args(hint) if option is not type(None)]
    optional = len(options) < len(typing.get_args(hint))
    hooks = {option: converter.get_structure_hook(option) for option in options}
    if len(options) == 1:  # `X | None`: the common case, kept short
        only, only_hook = options[0], hooks[options[0]]

        def structure_optional(value: object, _: type) -> Any:
            return None if value is None else only_hook(value, only)

        return structure_optional
    tagged = {option.KIND: option for option in options if issubclass(option, Tagged)}
    if tagged and len(tagged) != len(options):  # pragma: no cover - a model declaration error
        msg = f"cannot mix tagged and untagged types in {hint!r}"
        raise TypeError(msg)
    choose = _tagged_chooser(tagged) if tagged else _text_or_object_chooser(options)

    def structure(value: object, _: type) -> Any:
        if value is None and optional:
            return None
        chosen = choose(value)
        if tagged:
            # The tag chose the class; the class itself has no `kind` field.
            value = {key: item for key, item in value.items() if key != "kind"}  # type: ignore[attr-defined]
        return hooks[chosen](value, chosen)

    return structure


def _tagged_chooser(tagged: dict[str, type]) -> Callable[[object], type]:
    expected = ", ".join(repr(kind) for kind in tagged)

    def choose(value: object) -> type:
        if type(value) is not dict:
            raise InvalidJsonError(
                f"must be an object with a 'kind' of {expected} (got {json_type(value)})"
            )
        if "kind" not in value:
            raise InvalidJsonError(f"required key 'kind' is missing (one of {expected})")
        kind = value["kind"]
        chosen = tagged.get(kind) if type(kind) is str else None
        if chosen is None:
            raise InvalidJsonError(f"kind must be one of {expected} (got {json_type(kind)})")
        return chosen

    return choose


def _text_or_object_chooser(options: list[type]) -> Callable[[object], type]:
    """Choose between a length written as text (`P3M`, `PT4H`) and business days (an object)."""
    by_json_type: dict[type, type] = {
        (dict if option is BusinessDays else str): option for option in options
    }
    if len(by_json_type) != len(options):  # pragma: no cover - a model declaration error
        msg = f"cannot tell {options} apart by JSON type"
        raise TypeError(msg)
    text_form = {Period: "a period such as 'P90D'", BusinessTime: "a time such as 'PT4H'"}
    text_kind = next(text_form[o] for o in options if o is not BusinessDays)

    def choose(value: object) -> type:
        chosen = by_json_type.get(type(value))
        if chosen is None:
            raise InvalidJsonError(
                f'must be {text_kind} or {{"business_days": N}} (got {json_type(value)})'
            )
        return chosen

    return choose


_PLAIN = (str, int, bool, type(None))


def _union_unstructure_hook(converter: cattrs.Converter, hint: object) -> Callable[[Any], Any]:
    if all(option in _PLAIN for option in typing.get_args(hint)):
        return cattrs.fns.identity
    hooks: dict[type, Callable[[Any], Any]] = {}

    def unstructure(value: Any) -> Any:
        if value is None:
            return None
        kind = type(value)
        hook = hooks.get(kind)
        if hook is None:
            hook = hooks[kind] = converter.get_unstructure_hook(kind)
        if isinstance(value, Tagged):
            return {"kind": value.KIND, **hook(value)}
        return hook(value)

    return unstructure


def _tuple_unstructure_hook(converter: cattrs.Converter, hint: object) -> Callable[[Any], Any]:
    (item_type, *_) = typing.get_args(hint)
    if item_type in _PLAIN:
        return list
    item_hook = converter.get_unstructure_hook(item_type)
    return lambda items: [item_hook(item) for item in items]


def problems_from(error: BaseException, path: tuple[PathSegment, ...] = ()) -> Iterator[Problem]:
    """Turn a structuring failure into problems with JSON paths, in document order."""
    if isinstance(error, ValidationError):
        yield from (problem.at(*path, root="$") for problem in error.problems)
    elif isinstance(error, ClassValidationError | IterableValidationError):
        for inner in error.exceptions:
            yield from problems_from(inner, (*path, *_note_segment(inner)))
    elif isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields):
            yield Problem((*path, key), "unknown key (not part of the schema)")
    elif isinstance(error, KeyError):
        yield Problem(path, "required key is missing")
    elif isinstance(error, InvalidJsonError):
        yield Problem(path, str(error))
    else:
        raise error


def _note_segment(error: BaseException) -> tuple[PathSegment, ...]:
    """The key or index cattrs noted on an error, if any."""
    for note in reversed(getattr(error, "__notes__", ())):
        if isinstance(note, AttributeValidationNote):
            return (note.name,)
        if isinstance(note, IterableValidationNote):
            return (note.index,)
    return ()
