"""A quick first reading of documents that are valid, with the converter as the judge.

Most documents read are valid. For them, the converter's care (each field
read in its own `try`, notes on every error, a path for every problem) is
time spent on nothing: this module builds, for each model class, one flat
function that reads a JSON object straight into the class, checking the
same things the converter checks (exact JSON types, no unknown key, known
enum values and `kind`s, bounded lists), and raising `Refused` at the first
thing that is not right, without saying what.

The model's own rules still run, as always, when each object is built. A
document the quick reading refuses for any reason, a broken rule included,
is read again by the converter, which reports every problem with its path
(codec.py): so the quick reading decides nothing and may refuse more than
it must, but it must never accept what the converter refuses, nor build
anything else than the converter would. Leaf values that are more than a
type check (decimals, dates, lengths, times, business days) are read by the
converter's own hooks, so the two readings share that code.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from typing import Any, Final

import attrs
import cattrs

from msa_model._json.converter import LEAF_TYPES
from msa_model._values.invariants import MAX_ITEMS, Tagged

__all__ = ["Refused", "reader"]

Reader = Callable[[Any], Any]


class Refused(Exception):  # noqa: N818 # not an error: the sign to read again, carefully
    """The quick reading stops here; the converter reads the document again."""


_PLAIN: Final = {str: "str", int: "int", bool: "bool"}


def reader(converter: cattrs.Converter, cls: type) -> Reader:
    """Return the quick reader of an attrs class, built with the readers of its parts.

    The reader takes parsed JSON and returns the object, or raises (`Refused`,
    or any error of the model's rules).
    """
    return _Builder(converter).reader(cls, tagged=False)


class _Builder:
    """Writes the source of one reading function per class, as cattrs generates its own."""

    def __init__(self, converter: cattrs.Converter) -> None:
        self._converter = converter
        self._readers: dict[tuple[type, bool], Reader] = {}
        self._helpers: dict[str, object] = {
            # Raised as a class, so each refusal is a new exception (one kept keeps its frames).
            "_REFUSED": Refused,
            "_MAX_ITEMS": MAX_ITEMS,
        }

    def reader(self, cls: type, *, tagged: bool) -> Reader:
        """The reader of `cls`; `tagged` readers accept the `kind` key as well."""
        key = (cls, tagged)
        found = self._readers.get(key)
        if found is not None:
            return found
        # A late-bound trampoline first, so classes that contain themselves can be built.
        cell: list[Reader] = []

        def late(value: Any) -> Any:
            return cell[0](value)

        self._readers[key] = late
        built = self._compile(cls, tagged=tagged)
        cell.append(built)
        self._readers[key] = built
        return built

    def _name(self, prefix: str, value: object) -> str:
        name = f"_{prefix}{len(self._helpers)}"
        self._helpers[name] = value
        return name

    def _compile(self, cls: type, *, tagged: bool) -> Reader:
        hints = typing.get_type_hints(cls)
        fields = [field for field in attrs.fields(cls) if field.init]
        allowed = frozenset(field.name for field in fields) | ({"kind"} if tagged else set())
        lines = [
            "def read(o):",
            f"    if type(o) is not dict or not o.keys() <= {self._name('keys', allowed)}:",
            "        raise _REFUSED",
        ]
        arguments = []
        for index, field in enumerate(fields):
            target = f"a{index}"
            arguments.append(f"{field.alias}={target}")
            key = repr(field.name)
            if field.default is attrs.NOTHING:
                lines.append(f"    v = o[{key}]")
                lines.extend(f"    {line}" for line in self._value(hints[field.name], target))
                continue
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type] # attrs' Factory is a class
                missing = f"{self._name('factory', default.factory)}()"
            else:
                missing = self._name("default", default)
            lines.append(f"    if {key} in o:")
            lines.append(f"        v = o[{key}]")
            lines.extend(f"        {line}" for line in self._value(hints[field.name], target))
            lines.append("    else:")
            lines.append(f"        {target} = {missing}")
        lines.append(f"    return {self._name('cls', cls)}({', '.join(arguments)})")
        return self._define(lines, cls.__qualname__)

    def _value(self, hint: Any, target: str) -> list[str]:
        """Lines that read `v` as a value of `hint` into `target`, or raise."""
        if hint in _PLAIN:
            return [f"if type(v) is not {_PLAIN[hint]}:", "    raise _REFUSED", f"{target} = v"]
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            members = self._name("members", {member.value: member for member in hint})
            return [
                f"{target} = {members}.get(v) if type(v) is str else None",
                f"if {target} is None:",
                "    raise _REFUSED",
            ]
        if _is_class(hint):
            return [f"{target} = {self._name('read', self.reader(hint, tagged=False))}(v)"]
        if typing.get_origin(hint) is tuple:
            return self._items(typing.get_args(hint)[0], target)
        if typing.get_origin(hint) in (types.UnionType, typing.Union):
            return self._union(hint, target)
        hook = self._name("hook", self._converter.get_structure_hook(hint))
        return [f"{target} = {hook}(v, {self._name('hint', hint)})"]

    def _items(self, item: Any, target: str) -> list[str]:
        head = ["if type(v) is not list or len(v) > _MAX_ITEMS:", "    raise _REFUSED"]
        if item in _PLAIN:
            return [
                *head,
                "for x in v:",
                f"    if type(x) is not {_PLAIN[item]}:",
                "        raise _REFUSED",
                f"{target} = tuple(v)",
            ]
        read = self._name("item", self._item_reader(item))
        return [*head, f"{target} = tuple([{read}(x) for x in v])"]

    def _item_reader(self, hint: Any) -> Reader:
        if _is_class(hint):
            return self.reader(hint, tagged=False)
        lines = ["def read(v):", *(f"    {line}" for line in self._value(hint, "r"))]
        return self._define([*lines, "    return r"], "an item")

    def _define(self, lines: list[str], what: str) -> Reader:
        """Compile the function `read` of `lines`, seeing every helper named so far."""
        namespace = dict(self._helpers)
        source = "\n".join(lines)
        exec(compile(source, f"<quick reader of {what}>", "exec"), namespace)  # noqa: S102 # our own source, from the model's annotations
        return typing.cast("Reader", namespace["read"])

    def _union(self, hint: Any, target: str) -> list[str]:
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        optional = len(options) < len(typing.get_args(hint))
        if len(options) == 1:
            inner = self._value(options[0], target)
        elif all(isinstance(option, type) and issubclass(option, Tagged) for option in options):
            readers = {
                option.KIND: self.reader(option, tagged=True)
                for option in options
                if isinstance(option, type) and issubclass(option, Tagged)
            }
            by_kind = self._name("kinds", readers)
            inner = [
                "k = v.get('kind') if type(v) is dict else None",
                f"r = {by_kind}.get(k) if type(k) is str else None",
                "if r is None:",
                "    raise _REFUSED",
                f"{target} = r(v)",
            ]
        else:  # lengths as text or business days: the converter's own choice
            hook = self._name("hook", self._converter.get_structure_hook(hint))
            return [f"{target} = {hook}(v, {self._name('hint', hint)})"]
        if not optional:
            return inner
        return [
            "if v is None:",
            f"    {target} = None",
            "else:",
            *(f"    {line}" for line in inner),
        ]


def _is_class(hint: Any) -> bool:
    """Tell whether `hint` is a model class read field by field (not a leaf with a hook)."""
    return isinstance(hint, type) and attrs.has(hint) and hint not in LEAF_TYPES
