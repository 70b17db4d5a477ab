"""Errors raised by `msa_model`.

Every error derives from `MsaError` and from the builtin exception it means,
so callers may catch either. `ValidationError` carries every problem found,
each with the path of the offending value.

Example:
    >>> import msa_model
    >>> try:
    ...     msa_model.loads('{"schema_version": "1.0", "id": 7}')
    ... except msa_model.ValidationError as error:
    ...     print(error.problems[0])
    $.id: must be a string (got number 7)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

__all__ = [
    "HolidayDataError",
    "MissingDependencyError",
    "MsaError",
    "NotInAgreementError",
    "OutOfRangeError",
    "OutOfTermError",
    "ParseError",
    "Problem",
    "ValidationError",
]

PathSegment = str | int
"""One step of a path: a key of an object or an index into an array."""


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _step(segment: PathSegment) -> str:
    """One step of a path: `[2]`, `.unit_price`, or `['odd key']` for other keys."""
    if isinstance(segment, int):
        return f"[{segment}]"
    return f".{segment}" if _NAME.fullmatch(segment) else f"[{segment!r}]"


class MsaError(Exception):
    """Base class of every error raised by `msa_model`."""


class ParseError(MsaError, ValueError):
    """Text that is not in the expected form, e.g. `Period.parse("P1.5M")`.

    The message says which form is expected and quotes the text.
    """


@attrs.frozen
class Problem:
    """One broken rule, at one place in a document or object.

    Attributes:
        path: Keys and indexes from the root to the offending value; empty for
            the root itself.
        message: The rule broken, with the value that broke it.
        root: How the root is written: `$` for a JSON document, the class
            name for an object built in Python.
    """

    path: tuple[PathSegment, ...]
    message: str
    root: str = "$"

    def at(self, *prefix: PathSegment, root: str | None = None) -> Problem:
        """Return this problem seen from further up: `prefix` is prepended to the path."""
        return Problem(prefix + self.path, self.message, self.root if root is None else root)

    @property
    def location(self) -> str:
        """The path as text: `$.fees.lines[2].unit_price`."""
        return self.root + "".join(map(_step, self.path))

    def __str__(self) -> str:
        """Return `location: message`."""
        return f"{self.location}: {self.message}"


class ValidationError(MsaError, ValueError):
    """A document or an object breaks one or more rules.

    Attributes:
        problems: Every problem found, in document order, each with its path.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        """Collect `problems`; at least one is required."""
        self.problems = tuple(problems)
        if not self.problems:
            msg = "ValidationError needs at least one problem"
            raise ValueError(msg)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        if count == 1:
            return str(self.problems[0])
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        return f"{count} problems:\n{lines}"

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...]]]:
        """Pickle by problems, which `__init__` takes."""
        return (type(self), (self.problems,))


class OutOfTermError(MsaError, ValueError):
    """A question about a day outside the term, e.g. a notice given before the start.

    The message names the day, the rule and the term's dates.
    """


class NotInAgreementError(MsaError, LookupError):
    """The agreement has no clause for the question, e.g. no termination for convenience."""


class OutOfRangeError(MsaError, OverflowError):
    """Date arithmetic that would leave the years 1 to 9999."""


class MissingDependencyError(MsaError, ImportError):
    """An optional part needs a package that is not installed; the message names the extra."""


class HolidayDataError(MsaError, LookupError):
    """The `holidays` package has no data for a calendar's country or subdivision."""


class LocalTimeError(MsaError, ValueError):
    """A time that does not name one instant: no offset, or a local time skipped or repeated by DST.

    Give the offset (`2024-11-03T01:30:00-04:00`) to say which instant is meant.
    """
