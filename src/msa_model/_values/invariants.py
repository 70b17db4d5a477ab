"""How every class of the model checks itself.

A class lists its rules once, in `_problems()`, as a generator of
`Problem`s with paths relative to the object. `Checked.__attrs_post_init__`
runs them on every construction, so an object built in Python, evolved, or
loaded from JSON is valid or does not exist. When JSON is loaded, the
serialisation layer catches the `ValidationError` of each object and
prefixes the paths with where that object sits in the document, so every
problem of every object is reported at once.

The helpers here return problems instead of raising, so a class reports all
of its broken rules together.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Callable, Collection, Iterable, Iterator
from decimal import Decimal
from typing import Any, ClassVar, Final

import attrs
import pendulum

from msa_model.errors import PathSegment, Problem, ValidationError

MAX_TEXT: Final = 20_000
"""Longest free text (descriptions) accepted, in characters."""
MAX_NAME: Final = 500
"""Longest name or title accepted, in characters."""
MAX_ID: Final = 64
"""Longest identifier accepted, in characters."""
MAX_ITEMS: Final = 10_000
"""Most items accepted in one list of a document."""
MAX_INTEGER_DIGITS: Final = 18
"""Most digits before the decimal point of a decimal number."""
MAX_FRACTION_DIGITS: Final = 10
"""Most digits after the decimal point of a decimal number."""

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def describe(value: object) -> str:
    """Show a value the way an error message quotes it: `'-5.00'`, `7`, `None`."""
    if isinstance(value, Decimal):
        return repr(format(value, "f"))
    if isinstance(value, enum.Enum):
        return repr(value.value)
    if isinstance(value, pendulum.Date):
        return repr(value.isoformat())
    if isinstance(value, str) and len(value) > 60:
        return repr(value[:57] + "...")
    return repr(value)


class Tagged:
    """A member of a tagged union: `KIND` is its `kind` in JSON."""

    __slots__ = ()
    KIND: ClassVar[str]


TypeCheck = Callable[[object, tuple[PathSegment, ...]], Iterator[Problem]]


class Checked:
    """Mixin for frozen attrs classes that validate themselves on construction.

    Field types are checked from the annotations (so a float never sneaks
    into a Decimal field, nor a DateTime into a Date field); when they are
    right, the class's own rules in `_problems()` run.
    """

    __slots__ = ()

    def _problems(self) -> Iterator[Problem]:
        """Yield every rule this object breaks; subclasses override."""
        return iter(())

    def __attrs_post_init__(self) -> None:
        """Raise `ValidationError` listing every broken rule."""
        cls = type(self)
        problems: list[Problem] = []
        if not _TYPES_GUARANTEED.get():
            checks = _FIELD_CHECKS.get(cls)
            if checks is None:
                checks = _FIELD_CHECKS[cls] = _field_checks(cls)
            problems = [p for name, check in checks for p in check(getattr(self, name), (name,))]
        if not problems:
            problems = list(self._problems())
        if problems:
            raise ValidationError(p.at(root=cls.__name__) for p in problems)


_FIELD_CHECKS: dict[type, list[tuple[str, TypeCheck]]] = {}
_TYPES_GUARANTEED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "msa_model_types_guaranteed", default=False
)


@contextlib.contextmanager
def types_guaranteed() -> Iterator[None]:
    """Skip the annotation type checks while a strict converter builds objects.

    The JSON converter only ever passes values of the declared types, so
    checking them again would only cost time; the rules still run. The flag
    is a context variable, so other threads and tasks keep full checks.
    """
    token = _TYPES_GUARANTEED.set(True)
    try:
        yield
    finally:
        _TYPES_GUARANTEED.reset(token)


def _field_checks(cls: type) -> list[tuple[str, TypeCheck]]:
    hints = typing.get_type_hints(cls)
    return [(field.name, type_check(hints[field.name])) for field in attrs.fields(cls)]


def _type_name(hint: object) -> str:
    if hint is type(None):
        return "None"
    if typing.get_origin(hint) is tuple:
        return "a tuple"
    name = getattr(hint, "__name__", str(hint))
    return f"{_article(name)} {name}"


def type_check(hint: object) -> TypeCheck:
    """Build a checker for values of the type `hint` (as attrs fields declare them).

    Exact types are required for `str`, `int`, `bool`, `Decimal` and
    `pendulum.Date` (a bool is no int, a DateTime no Date); classes and
    enums are checked with `isinstance`; `tuple[X, ...]` checks each item.
    """
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return _union_check(typing.get_args(hint))
    if origin is tuple:
        return _tuple_check(type_check(typing.get_args(hint)[0]))
    if not isinstance(hint, type):  # pragma: no cover - a model declaration error
        msg = f"cannot check values of type {hint!r}"
        raise TypeError(msg)
    return _leaf_check(hint)


def _union_check(options: tuple[object, ...]) -> TypeCheck:
    checks = [type_check(option) for option in options]
    names = " or ".join(_type_name(option) for option in options)

    def check_union(value: object, path: tuple[PathSegment, ...]) -> Iterator[Problem]:
        for check in checks:
            if next(check(value, path), None) is None:
                return
        yield Problem(path, f"must be {names} (got {type(value).__name__})")

    return check_union


def _tuple_check(item_check: TypeCheck) -> TypeCheck:
    def check_tuple(value: object, path: tuple[PathSegment, ...]) -> Iterator[Problem]:
        if type(value) is not tuple:
            yield Problem(path, f"must be a tuple (got {type(value).__name__})")
            return
        if len(value) > MAX_ITEMS:
            yield Problem(path, f"must have at most {MAX_ITEMS} items (got {len(value)})")
            return
        for index, item in enumerate(value):
            yield from item_check(item, (*path, index))

    return check_tuple


def _leaf_check(hint: type) -> TypeCheck:
    exact = hint in (str, int, bool, Decimal, pendulum.Date, type(None))
    name = _type_name(hint)

    def check_type(value: object, path: tuple[PathSegment, ...]) -> Iterator[Problem]:
        if (type(value) is not hint) if exact else not isinstance(value, hint):
            yield Problem(path, f"must be {name} (got {type(value).__name__})")

    return check_type


def problem(field: PathSegment | tuple[PathSegment, ...], message: str) -> Problem:
    """Build a problem at a field (or a path of fields) of the object being checked."""
    path = field if isinstance(field, tuple) else (field,)
    return Problem(path, message)


def text(
    value: object, field: PathSegment, *, max_length: int = MAX_TEXT, optional: bool = False
) -> tuple[Problem, ...]:
    """Check free text: a string, not blank, not longer than `max_length`."""
    if value is None and optional:
        return ()
    if type(value) is not str:
        return (problem(field, f"must be a string (got {describe(value)})"),)
    if not value or value.isspace():
        return (problem(field, "must not be empty or blank"),)
    if not value.isascii() and not is_unicode(value):
        return (
            problem(field, "must not contain a lone surrogate (it cannot be written as UTF-8)"),
        )
    if len(value) > max_length:
        return (problem(field, f"must be at most {max_length} characters (got {len(value)})"),)
    return ()


def identifier(value: object, field: PathSegment, *, optional: bool = False) -> tuple[Problem, ...]:
    """Check an id: letters, digits, `.`, `_` and `-`, starting with a letter or digit."""
    if value is None and optional:
        return ()
    if type(value) is not str:
        return (problem(field, f"must be a string (got {describe(value)})"),)
    if len(value) > MAX_ID or not _ID.fullmatch(value):
        return (
            problem(
                field,
                f"must be an id of 1 to {MAX_ID} letters, digits, '.', '_' or '-', "
                f"starting with a letter or digit (got {describe(value)})",
            ),
        )
    return ()


def integer(
    value: object,
    field: PathSegment,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    optional: bool = False,
) -> tuple[Problem, ...]:
    """Check an integer (not a bool) within optional inclusive bounds."""
    if value is None and optional:
        return ()
    if type(value) is not int:
        return (problem(field, f"must be an integer (got {describe(value)})"),)
    if minimum is not None and value < minimum:
        return (problem(field, f"must be at least {minimum} (got {value})"),)
    if maximum is not None and value > maximum:
        return (problem(field, f"must be at most {maximum} (got {value})"),)
    return ()


def decimal(  # noqa: PLR0911, PLR0913 # one return per rule; the bounds are keyword-only
    value: object,
    field: PathSegment,
    *,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    above: Decimal | None = None,
    optional: bool = False,
) -> tuple[Problem, ...]:
    """Check a finite Decimal (never a float) within optional bounds."""
    if value is None and optional:
        return ()
    if type(value) is not Decimal:
        return (problem(field, f"must be a Decimal, not {type(value).__name__} (got {value!r})"),)
    if not value.is_finite():
        return (problem(field, f"must be a finite number (got {describe(value)})"),)
    whole, fraction = _digits(value)
    if fraction > MAX_FRACTION_DIGITS:
        return (
            problem(
                field,
                f"must have at most {MAX_FRACTION_DIGITS} digits after the decimal point "
                f"(got {describe(value)})",
            ),
        )
    if whole > MAX_INTEGER_DIGITS:
        return (
            problem(
                field,
                f"must have at most {MAX_INTEGER_DIGITS} digits before the decimal point "
                f"(got {describe(value)})",
            ),
        )
    if minimum is not None and value < minimum:
        rule = "must not be negative" if minimum == 0 else f"must be at least {minimum}"
        return (problem(field, f"{rule} (got {describe(value)})"),)
    if maximum is not None and value > maximum:
        return (problem(field, f"must be at most {maximum} (got {describe(value)})"),)
    if above is not None and value <= above:
        return (problem(field, f"must be greater than {above} (got {describe(value)})"),)
    return ()


def unique(
    values: Iterable[Any], field: PathSegment, key: str = "id", what: str = "id"
) -> Iterator[Problem]:
    """Check that the `key` attribute of each item of a tuple is unique.

    The problem is reported at the later duplicate, naming the earlier one.
    """
    keys = [getattr(item, key, None) for item in values]
    for index, value in _repeats(keys):
        yield problem(
            (field, index, key), f"duplicate {what} {describe(value)} {_first(field, keys, value)}"
        )


def _article(noun: str) -> str:
    # "a Unit", "a user": a vowel letter that sounds like "you" takes "a".
    sounds_like_you = noun[:3].lower() in {"uni", "use", "usu"}
    return "an" if noun[:1].lower() in "aeiou" and not sounds_like_you else "a"


def unique_values(values: Iterable[object], field: PathSegment, what: str) -> Iterator[Problem]:
    """Check that the items of a tuple are distinct, reporting each later duplicate."""
    items = list(values)
    for index, value in _repeats(items):
        yield problem(
            (field, index), f"duplicate {what} {describe(value)} {_first(field, items, value)}"
        )


def _repeats(values: list[Any]) -> Iterator[tuple[int, Any]]:
    """Yield (index, value) for each value already seen earlier in the list (None skipped)."""
    if len(set(values)) == len(values):  # the common case: nothing repeats
        return
    seen: set[object] = set()
    for index, value in enumerate(values):
        if value is not None and value in seen:
            yield index, value
        seen.add(value)


def _first(field: PathSegment, values: list[Any], value: object) -> str:
    return f"(first at {field}[{values.index(value)}])"


def reference(
    value: str | None,
    field: PathSegment | tuple[PathSegment, ...],
    known: Collection[str],
    what: str,
) -> tuple[Problem, ...]:
    """Check that an id names one of `known`; None (no reference) passes."""
    if value is not None and value not in known:
        return (problem(field, f"unknown {what} {describe(value)}"),)
    return ()


def references(
    values: Collection[str],
    field: PathSegment | tuple[PathSegment, ...],
    known: Collection[str],
    what: str,
) -> Iterator[Problem]:
    """Check that every id of a tuple names one of `known`."""
    if all(value in known for value in values):  # the common case: build no paths
        return
    base = field if isinstance(field, tuple) else (field,)
    for index, value in enumerate(values):
        yield from reference(value, (*base, index), known, what)


def _digits(value: Decimal) -> tuple[int, int]:
    """Digits before and after the point of a finite Decimal, as its JSON text shows them."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 # finite, checked by the caller
    return max(0, len(digits) + exponent), max(0, -exponent)


def is_unicode(text: str) -> bool:
    """Tell whether `text` can be written as UTF-8 (it holds no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def time_span(start: object, end: object, *, empty: bool) -> Iterator[Problem]:
    """Check `start` and `end`: aware datetimes, `end` after `start` (or equal when `empty`)."""
    aware = True
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, dt.datetime) and value.utcoffset() is None:
            aware = False
            yield problem(name, f"must have an offset or time zone (got {describe(value)})")
    if not (aware and isinstance(start, dt.datetime) and isinstance(end, dt.datetime)):
        return
    if end < start or (end == start and not empty):
        rule = "must not be before" if empty else "must be after"
        yield problem("end", f"{rule} start={start.isoformat()}")
