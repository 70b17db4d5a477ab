from __future__ import annotations

import copy
import importlib
import pickle
from typing import TYPE_CHECKING

import attrs
import pytest

import msa_model
from msa_model import BusinessTime, Money, Period, TimeOfDay
from msa_model.errors import MsaError, ParseError, PathSegment, Problem, ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable

NEGATIVE = "must not be negative (got '-5.00')"


# --- Problem ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "root", "expected"),
    [
        pytest.param((), "$", "$", id="the root itself"),
        pytest.param(("id",), "$", "$.id", id="one key"),
        pytest.param(
            ("fees", "lines", 2, "unit_price"),
            "$",
            "$.fees.lines[2].unit_price",
            id="keys and an index",
        ),
        pytest.param((0,), "$", "$[0]", id="an index at the root"),
        pytest.param(("matrix", 0, 1), "$", "$.matrix[0][1]", id="two indexes in a row"),
        pytest.param(("amount",), "Money", "Money.amount", id="rooted at a class"),
        pytest.param(
            ("windows", 1), "BusinessCalendar", "BusinessCalendar.windows[1]", id="class and index"
        ),
    ],
)
def test_location_writes_keys_with_dots_and_indexes_in_brackets(
    path: tuple[PathSegment, ...], root: str, expected: str
) -> None:
    """`location` starts at the root, then `.key` for keys and `[i]` for indexes."""
    assert expected == Problem(path, "m", root).location


def test_str_is_location_then_message() -> None:
    """`str(problem)` is `location: message`."""
    problem = Problem(("fees", "lines", 2, "unit_price"), NEGATIVE)

    assert str(problem) == "$.fees.lines[2].unit_price: must not be negative (got '-5.00')"


def test_root_defaults_to_dollar() -> None:
    """A problem is rooted at a JSON document (`$`) unless told otherwise."""
    assert Problem(("id",), "m").root == "$"


@pytest.mark.parametrize(
    ("prefix", "root", "expected"),
    [
        pytest.param(("lines", 2), None, "Money.lines[2].amount", id="prefix keeps the root"),
        pytest.param(("fees",), "$", "$.fees.amount", id="prefix and a new root"),
        pytest.param((), "$", "$.amount", id="only a new root"),
        pytest.param((), None, "Money.amount", id="nothing changes"),
    ],
)
def test_at_prefixes_the_path(
    prefix: tuple[PathSegment, ...], root: str | None, expected: str
) -> None:
    """`at(*prefix)` sees a problem from further up: the prefix goes before the path."""
    problem = Problem(("amount",), "m", "Money")

    actual = problem.at(*prefix, root=root)

    assert expected == actual.location
    assert actual.message == "m"


def test_at_leaves_the_problem_unchanged() -> None:
    """`at` returns a new problem; the original keeps its path."""
    problem = Problem(("amount",), "m", "Money")

    problem.at("lines", 0, root="$")

    assert problem == Problem(("amount",), "m", "Money")


def test_problem_is_a_frozen_hashable_value() -> None:
    """Problems compare by value, hash, and cannot be changed."""
    problem = Problem(("id",), "m")

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        problem.message = "other"  # type: ignore[misc]
    assert {problem, Problem(("id",), "m")} == {problem}


# --- ValidationError ----------------------------------------------------------


def test_one_problem_is_the_whole_message() -> None:
    """With one problem, the error's message is that problem."""
    error = ValidationError([Problem(("id",), "must be a string (got number 7)")])

    assert str(error) == "$.id: must be a string (got number 7)"


def test_several_problems_are_counted_and_listed_one_per_line() -> None:
    """With several problems, the message counts them and lists each indented."""
    problems = [
        Problem(("id",), "must be a string (got number 7)"),
        Problem(("fees", "lines", 2, "unit_price"), NEGATIVE),
        Problem(("amount",), "must be a Decimal (got float)", "Money"),
    ]
    expected = (
        "3 problems:\n"
        "  $.id: must be a string (got number 7)\n"
        "  $.fees.lines[2].unit_price: must not be negative (got '-5.00')\n"
        "  Money.amount: must be a Decimal (got float)"
    )

    assert expected == str(ValidationError(problems))


def test_problems_are_kept_in_order_as_a_tuple() -> None:
    """`problems` keeps the order given, as a tuple, from any iterable."""
    first, second = Problem(("b",), "m"), Problem(("a",), "m")

    error = ValidationError(problem for problem in (first, second))

    assert error.problems == (first, second)


def test_validation_error_needs_a_problem() -> None:
    """A validation error without a problem is a programming error."""
    with pytest.raises(ValueError, match=r"^ValidationError needs at least one problem$"):
        ValidationError([])


@pytest.mark.parametrize("cls", [ValidationError, ParseError], ids=lambda cls: cls.__name__)
def test_errors_are_msa_errors_and_value_errors(cls: type[Exception]) -> None:
    """Callers may catch a validation or parse error as MsaError or as ValueError."""
    assert issubclass(cls, MsaError)
    assert issubclass(cls, ValueError)
    assert issubclass(MsaError, Exception)


@pytest.mark.parametrize(
    "clone",
    [
        pytest.param(lambda e: pickle.loads(pickle.dumps(e)), id="pickle"),  # noqa: S301 # our own bytes
        pytest.param(copy.copy, id="copy"),
        pytest.param(copy.deepcopy, id="deepcopy"),
    ],
)
def test_validation_error_survives_pickling_and_copying(
    clone: Callable[[ValidationError], ValidationError],
) -> None:
    """A validation error crosses process boundaries with its problems and message."""
    error = ValidationError([Problem(("a",), "x"), Problem(("b", 0), "y", "Money")])

    actual = clone(error)

    assert type(actual) is ValidationError
    assert error.problems == actual.problems
    assert str(error) == str(actual)


def test_errors_module_is_public() -> None:
    """`msa_model.errors` is importable and holds the same classes as the package."""
    errors = importlib.import_module("msa_model.errors")

    assert errors.__all__ == [
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
    assert all(getattr(errors, name) is getattr(msa_model, name) for name in errors.__all__)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        ("HolidayDataError", LookupError),
        ("MissingDependencyError", ImportError),
        ("NotInAgreementError", LookupError),
        ("OutOfRangeError", OverflowError),
        ("OutOfTermError", ValueError),
        ("ParseError", ValueError),
        ("ValidationError", ValueError),
    ],
)
def test_each_error_is_an_msa_error_and_the_builtin_it_means(error: str, builtin: type) -> None:
    """Callers may catch an error as MsaError or as the builtin it stands for."""
    cls = getattr(msa_model, error)

    assert issubclass(cls, msa_model.MsaError)
    assert issubclass(cls, builtin)


def test_errors_of_objects_built_in_python_are_validation_errors() -> None:
    """A rule broken by an object built in Python raises ValidationError rooted at its class."""
    with pytest.raises(ValidationError) as caught:
        Money.of("-5.001", "HRK")

    assert [problem.location for problem in caught.value.problems] == ["Money.currency"]


@pytest.mark.parametrize(
    "bad_input",
    [
        pytest.param(lambda: Period.parse("P1.5M"), id="Period.parse"),
        pytest.param(lambda: BusinessTime.parse("P1D"), id="BusinessTime.parse"),
        pytest.param(lambda: TimeOfDay.parse("24:01"), id="TimeOfDay.parse"),
        pytest.param(lambda: Money.of("12,50", "EUR"), id="Money.of"),
    ],
)
def test_bad_text_raises_parse_error(bad_input: Callable[[], object]) -> None:
    """Text in the wrong form raises ParseError, which callers may catch as ValueError."""
    with pytest.raises(ParseError) as caught:
        bad_input()

    assert isinstance(caught.value, MsaError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "bad_input",
    [
        pytest.param(lambda: Period.parse("P1.5M"), id="Period.parse"),
        pytest.param(lambda: BusinessTime.parse("P1D"), id="BusinessTime.parse"),
        pytest.param(lambda: TimeOfDay.parse("24:01"), id="TimeOfDay.parse"),
        pytest.param(lambda: Money.of("12,50", "EUR"), id="Money.of text"),
        pytest.param(lambda: Period(months=-1), id="Period fields"),
        pytest.param(lambda: Money.of("1", "eur"), id="Money currency"),
    ],
)
def test_every_error_for_bad_input_is_an_msa_error(bad_input: Callable[[], object]) -> None:
    """Bad input always raises an MsaError (and a ValueError), as errors.py promises."""
    with pytest.raises(MsaError) as caught:
        bad_input()

    assert isinstance(caught.value, ValueError)
