from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pendulum
import pytest

from msa_model import (
    BusinessDays,
    BusinessTime,
    Money,
    Notice,
    OpeningWindow,
    Party,
    Period,
    Renewal,
    RenewalMode,
    Service,
    ServiceCategory,
    ServiceScope,
    Term,
    TimeOfDay,
    Unit,
    ValidationError,
    Weekday,
)
from msa_model._values import invariants
from msa_model._values.invariants import (
    MAX_ID,
    MAX_ITEMS,
    MAX_NAME,
    MAX_TEXT,
    Checked,
    describe,
    type_check,
    types_guaranteed,
)
from msa_model.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator


def messages(problems: Iterable[Problem]) -> list[str]:
    """List problems as text."""
    return [str(problem) for problem in problems]


def service(**changes: object) -> Service:
    """Build a valid service with some fields changed."""
    fields: dict[str, object] = {
        "id": "rmm",
        "name": "Monitoring",
        "category": ServiceCategory.MONITORING,
        "unit": Unit.DEVICE,
    }
    fields.update(changes)
    return Service(**fields)  # type: ignore[arg-type]


# --- describe -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(Decimal("-5.00"), "'-5.00'", id="Decimal keeps its digits"),
        pytest.param(Decimal("1E+3"), "'1000'", id="Decimal without exponent"),
        pytest.param(7, "7", id="int"),
        pytest.param(True, "True", id="bool"),
        pytest.param(None, "None", id="None"),
        pytest.param("abc", "'abc'", id="short text"),
        pytest.param("x" * 60, repr("x" * 60), id="60 characters in full"),
        pytest.param("x" * 61, repr("x" * 57 + "..."), id="61 characters cut to 57 and dots"),
        pytest.param(Weekday.MON, "'mon'", id="enum by value"),
        pytest.param(pendulum.Date(2024, 1, 5), "'2024-01-05'", id="date as ISO text"),
    ],
)
def test_describe_quotes_values_as_messages_show_them(value: object, expected: str) -> None:
    """`describe` shows a value the way an error message quotes it."""
    assert expected == describe(value)


# --- type checks from annotations ---------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        pytest.param(
            lambda: OpeningWindow(
                days=[Weekday.MON],  # type: ignore[arg-type]
                start=TimeOfDay(0),
                end=TimeOfDay(60),
            ),
            "OpeningWindow.days: must be a tuple (got list)",
            id="a list where a tuple is expected",
        ),
        pytest.param(
            lambda: TimeOfDay("540"),  # type: ignore[arg-type]
            "TimeOfDay.minutes: must be an int (got str)",
            id="a str where an int is expected",
        ),
        pytest.param(
            lambda: BusinessDays(True),  # noqa: FBT003 # the bool is the point
            "BusinessDays.count: must be an int (got bool)",
            id="a bool where an int is expected",
        ),
        pytest.param(
            lambda: Term(
                start=pendulum.datetime(2025, 1, 1),
                initial=Period(months=12),
                renewal=Renewal.none(),
            ),
            "Term.start: must be a Date (got DateTime)",
            id="a DateTime where a Date is expected",
        ),
        pytest.param(
            lambda: Term(
                start=dt.date(2025, 1, 1),  # type: ignore[arg-type]
                initial=Period(months=12),
                renewal=Renewal.none(),
            ),
            "Term.start: must be a Date (got date)",
            id="a stdlib date where a Date is expected",
        ),
        pytest.param(
            lambda: Money(1.5, "EUR"),  # type: ignore[arg-type]
            "Money.amount: must be a Decimal (got float)",
            id="a float where a Decimal is expected",
        ),
        pytest.param(
            lambda: Party(id="p", role="provider", legal_name="P"),  # type: ignore[arg-type]
            "Party.role: must be a PartyRole (got str)",
            id="a str where an enum is expected",
        ),
        pytest.param(
            lambda: Renewal(mode=RenewalMode.AUTOMATIC, length="P1Y"),  # type: ignore[arg-type]
            "Renewal.length: must be a Period or None (got str)",
            id="a str where an optional Period is expected",
        ),
        pytest.param(
            lambda: Renewal.automatic(Period(years=1), max_renewals="2"),  # type: ignore[arg-type]
            "Renewal.max_renewals: must be an int or None (got str)",
            id="a str where an optional int is expected",
        ),
        pytest.param(
            lambda: Notice(length=BusinessTime(3600)),  # type: ignore[arg-type]
            "Notice.length: must be a Period or a BusinessDays (got BusinessTime)",
            id="business time where a notice length is expected",
        ),
        pytest.param(
            lambda: ServiceScope(services=(service(), "vcio")),  # type: ignore[arg-type]
            "ServiceScope.services[1]: must be a Service (got str)",
            id="a str as an item of a tuple of services",
        ),
        pytest.param(
            lambda: service(sla_applies=1),
            "Service.sla_applies: must be a bool (got int)",
            id="an int where a bool is expected",
        ),
        pytest.param(
            lambda: service(locations=("site",) * (MAX_ITEMS + 1)),
            "Service.locations: must have at most 10000 items (got 10001)",
            id="a tuple longer than 10000 items",
        ),
    ],
)
def test_field_types_are_checked_from_annotations(
    build: Callable[[], object], expected: str
) -> None:
    """Every field's type is checked exactly, with a message naming the type expected and got."""
    with pytest.raises(ValidationError) as caught:
        build()

    assert expected == str(caught.value)


def test_every_field_of_the_wrong_type_is_reported() -> None:
    """Wrong types in several fields give one problem each, in field order."""
    expected = [
        "Money.amount: must be a Decimal (got float)",
        "Money.currency: must be a str (got int)",
    ]

    with pytest.raises(ValidationError) as caught:
        Money(1.5, 978)  # type: ignore[arg-type]

    assert expected == messages(caught.value.problems)


def test_rules_run_only_when_the_types_are_right() -> None:
    """A wrong type stops the class's own rules, which assume the types (months=-1 is not shown)."""
    expected = ["Period.years: must be an int (got str)"]

    with pytest.raises(ValidationError) as caught:
        Period(years="1", months=-1)  # type: ignore[arg-type]

    assert expected == messages(caught.value.problems)


def test_problems_of_an_object_are_rooted_at_its_class() -> None:
    """An object built in Python reports paths from its class name."""
    with pytest.raises(ValidationError) as caught:
        Money.of("1", "HRK")

    (problem,) = caught.value.problems
    assert problem.root == "Money"
    assert problem.path == ("currency",)


@pytest.mark.parametrize(
    ("hint", "value", "expected"),
    [
        pytest.param(int, 5, [], id="int accepts an int"),
        pytest.param(int, True, ["$: must be an int (got bool)"], id="int refuses a bool"),
        pytest.param(bool, 1, ["$: must be a bool (got int)"], id="bool refuses an int"),
        pytest.param(str, b"x", ["$: must be a str (got bytes)"], id="str refuses bytes"),
        pytest.param(
            Decimal, 1.0, ["$: must be a Decimal (got float)"], id="Decimal refuses a float"
        ),
        pytest.param(
            pendulum.Date,
            pendulum.datetime(2024, 1, 1),
            ["$: must be a Date (got DateTime)"],
            id="Date refuses a DateTime",
        ),
        pytest.param(Weekday, Weekday.SUN, [], id="an enum accepts its members"),
        pytest.param(
            tuple[int, ...],
            (1, "2", 3, True),
            ["$[1]: must be an int (got str)", "$[3]: must be an int (got bool)"],
            id="a tuple checks each item by index",
        ),
        pytest.param(
            tuple[int, ...], [1], ["$: must be a tuple (got list)"], id="a tuple refuses a list"
        ),
        pytest.param(int | None, None, [], id="optional accepts None"),
        pytest.param(
            int | None, "1", ["$: must be an int or None (got str)"], id="optional names both"
        ),
        pytest.param(
            tuple[int, ...] | None,
            [1],
            ["$: must be a tuple or None (got list)"],
            id="optional tuple",
        ),
        pytest.param(
            Period | BusinessDays,
            BusinessDays(3),
            [],
            id="a union accepts any member",
        ),
    ],
)
def test_type_check(hint: object, value: object, expected: list[str]) -> None:
    """`type_check` builds a checker that yields one problem per wrong value, with its path."""
    check = type_check(hint)

    assert expected == messages(check(value, ()))


def test_type_check_accepts_subclasses_of_classes() -> None:
    """For model classes `isinstance` is enough: a subclass instance passes."""

    class SubclassError(Exception):
        pass

    check = type_check(Exception)

    assert list(check(SubclassError(), ("field",))) == []


# --- rule helpers -------------------------------------------------------------


def test_problem_helper_builds_paths() -> None:
    """`problem` takes one field or a path of fields."""
    assert Problem(("name",), "m") == invariants.problem("name", "m")
    assert Problem(("lines", 2, "id"), "m") == invariants.problem(("lines", 2, "id"), "m")


@pytest.mark.parametrize(
    ("value", "optional", "expected"),
    [
        pytest.param("Monitoring", False, [], id="text"),
        pytest.param(None, True, [], id="absent and optional"),
        pytest.param(None, False, ["$.name: must be a string (got None)"], id="absent"),
        pytest.param(5, False, ["$.name: must be a string (got 5)"], id="a number"),
        pytest.param("", False, ["$.name: must not be empty or blank"], id="empty"),
        pytest.param(" \t\n", False, ["$.name: must not be empty or blank"], id="blank"),
        pytest.param("x" * 20, False, [], id="20 characters"),
        pytest.param(
            "x" * 21, False, ["$.name: must be at most 20 characters (got 21)"], id="21 characters"
        ),
    ],
)
def test_text(value: object, *, optional: bool, expected: list[str]) -> None:
    """`text` wants a non-blank string no longer than its limit."""
    assert expected == messages(invariants.text(value, "name", max_length=20, optional=optional))


def test_text_limits() -> None:
    """Free text holds 20,000 characters, names 500 and ids 64."""
    assert (MAX_TEXT, MAX_NAME, MAX_ID) == (20_000, 500, 64)


ID_RULE = (
    "must be an id of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param("rmm", None, id="letters"),
        pytest.param("P1", None, id="letter and digit"),
        pytest.param("NWT-MSA-2025.014_a", None, id="dots, dashes and underscores"),
        pytest.param("7", None, id="one digit"),
        pytest.param("x" * 64, None, id="64 characters"),
        pytest.param("x" * 65, repr("x" * 57 + "..."), id="65 characters"),
        pytest.param("", "''", id="empty"),
        pytest.param("-rmm", "'-rmm'", id="starts with a dash"),
        pytest.param(".rmm", "'.rmm'", id="starts with a dot"),
        pytest.param("_rmm", "'_rmm'", id="starts with an underscore"),
        pytest.param("r m m", "'r m m'", id="spaces"),
        pytest.param("rmm/1", "'rmm/1'", id="slash"),
        pytest.param("caf\u00e9", "'caf\u00e9'", id="non-ASCII letter"),
        pytest.param("rmm\n", "'rmm\\n'", id="trailing newline"),
    ],
)
def test_identifier(value: str, shown: str | None) -> None:
    """Ids are 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit."""
    expected = [] if shown is None else [f"$.id: {ID_RULE} (got {shown})"]

    assert expected == messages(invariants.identifier(value, "id"))


@pytest.mark.parametrize(
    ("value", "optional", "expected"),
    [
        (None, True, []),
        (None, False, ["$.id: must be a string (got None)"]),
        (7, False, ["$.id: must be a string (got 7)"]),
    ],
    ids=["absent and optional", "absent", "a number"],
)
def test_identifier_of_other_values(value: object, *, optional: bool, expected: list[str]) -> None:
    """An id must be a string unless it is optional and absent."""
    assert expected == messages(invariants.identifier(value, "id", optional=optional))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(1, [], id="lowest"),
        pytest.param(10, [], id="highest"),
        pytest.param(0, ["$.n: must be at least 1 (got 0)"], id="below"),
        pytest.param(11, ["$.n: must be at most 10 (got 11)"], id="above"),
        pytest.param(True, ["$.n: must be an integer (got True)"], id="a bool"),
        pytest.param(1.0, ["$.n: must be an integer (got 1.0)"], id="a float"),
        pytest.param(None, ["$.n: must be an integer (got None)"], id="absent"),
    ],
)
def test_integer(value: object, expected: list[str]) -> None:
    """`integer` wants an int (never a bool) within inclusive bounds."""
    assert expected == messages(invariants.integer(value, "n", minimum=1, maximum=10))


def test_integer_optional() -> None:
    """An optional integer may be absent."""
    assert list(invariants.integer(None, "n", optional=True)) == []


ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)


@pytest.mark.parametrize(
    ("value", "minimum", "maximum", "above", "expected"),
    [
        pytest.param(Decimal(0), ZERO, None, None, [], id="zero is not negative"),
        pytest.param(
            Decimal("-5.00"),
            ZERO,
            None,
            None,
            ["$.x: must not be negative (got '-5.00')"],
            id="negative",
        ),
        pytest.param(
            Decimal("0.5"),
            ONE,
            None,
            None,
            ["$.x: must be at least 1 (got '0.5')"],
            id="below a minimum",
        ),
        pytest.param(
            Decimal("100.01"),
            None,
            HUNDRED,
            None,
            ["$.x: must be at most 100 (got '100.01')"],
            id="above a maximum",
        ),
        pytest.param(Decimal(100), None, HUNDRED, None, [], id="at the maximum"),
        pytest.param(
            Decimal(0),
            None,
            None,
            ZERO,
            ["$.x: must be greater than 0 (got '0')"],
            id="not above",
        ),
        pytest.param(Decimal("0.01"), None, None, ZERO, [], id="just above"),
        pytest.param(
            Decimal("NaN"), None, None, None, ["$.x: must be a finite number (got 'NaN')"], id="NaN"
        ),
        pytest.param(
            1.5, None, None, None, ["$.x: must be a Decimal, not float (got 1.5)"], id="a float"
        ),
        pytest.param(2, None, None, None, ["$.x: must be a Decimal, not int (got 2)"], id="an int"),
    ],
)
def test_decimal(
    value: object,
    minimum: Decimal | None,
    maximum: Decimal | None,
    above: Decimal | None,
    expected: list[str],
) -> None:
    """`decimal` wants a finite Decimal within its bounds."""
    actual = invariants.decimal(value, "x", minimum=minimum, maximum=maximum, above=above)

    assert expected == messages(actual)


def test_decimal_optional() -> None:
    """An optional Decimal may be absent."""
    assert list(invariants.decimal(None, "x", optional=True)) == []


def test_unique_reports_each_later_duplicate_naming_the_first() -> None:
    """`unique` reports the second and third use of an id at their own index."""
    items = [types.SimpleNamespace(id=value) for value in ("a", "b", "a", "a", None, None)]
    expected = [
        "$.lines[2].id: duplicate fee line id 'a' (first at lines[0])",
        "$.lines[3].id: duplicate fee line id 'a' (first at lines[0])",
    ]

    assert expected == messages(invariants.unique(items, "lines", what="fee line id"))


def test_unique_by_another_key() -> None:
    """`unique` can compare another attribute than `id`."""
    items = [types.SimpleNamespace(service=value) for value in ("rmm", "rmm")]
    expected = ["$.availability[1].service: duplicate service 'rmm' (first at availability[0])"]

    actual = invariants.unique(items, "availability", key="service", what="service")

    assert expected == messages(actual)


def test_unique_values() -> None:
    """`unique_values` reports repeated items by index."""
    expected = ["$.days[2]: duplicate weekday 'mon' (first at days[0])"]

    actual = invariants.unique_values((Weekday.MON, Weekday.TUE, Weekday.MON), "days", "weekday")

    assert expected == messages(actual)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("rmm", []),
        (None, []),
        ("nope", ["$.service: unknown service 'nope'"]),
    ],
    ids=["known", "no reference", "unknown"],
)
def test_reference(value: str | None, expected: list[str]) -> None:
    """`reference` wants an id among the known ones; None refers to nothing."""
    assert expected == messages(invariants.reference(value, "service", {"rmm"}, "service"))


def test_references_report_by_index_under_a_path() -> None:
    """`references` checks each id of a tuple, under a nested path."""
    expected = ["$.exclusions[0].services[1]: unknown service 'nope'"]

    actual = invariants.references(
        ("rmm", "nope"), ("exclusions", 0, "services"), {"rmm"}, "service"
    )

    assert expected == messages(actual)


@attrs.frozen
class Slot(Checked):
    """A small checked class: a slot from `start` to `end` minutes."""

    start: int
    end: int

    def _problems(self) -> Iterator[Problem]:
        yield from invariants.integer(self.start, "start", minimum=0)
        if self.end <= self.start:
            yield invariants.problem("end", f"must be after start={self.start} (got {self.end})")


def test_checked_builds_an_object_that_keeps_its_rules() -> None:
    """A `Checked` class whose rules hold is built as usual."""
    slot = Slot(0, 30)

    assert (slot.start, slot.end) == (0, 30)


def test_checked_raises_every_broken_rule_rooted_at_the_class() -> None:
    """A `Checked` class lists every broken rule of `_problems` in one ValidationError."""
    expected = [
        "Slot.start: must be at least 0 (got -5)",
        "Slot.end: must be after start=-5 (got -10)",
    ]

    with pytest.raises(ValidationError) as caught:
        Slot(-5, -10)

    assert expected == messages(caught.value.problems)


def test_checked_checks_types_before_rules() -> None:
    """A `Checked` class checks its annotated types first, so its rules never see a wrong type."""
    with pytest.raises(ValidationError) as caught:
        Slot("0", 30)  # type: ignore[arg-type]

    assert str(caught.value) == "Slot.start: must be an int (got str)"


def test_checked_runs_again_on_evolve() -> None:
    """`attrs.evolve` builds a new object, so the rules run again."""
    with pytest.raises(ValidationError, match=r"Slot\.end: must be after start=40"):
        attrs.evolve(Slot(0, 30), start=40)


def test_types_guaranteed_skips_only_the_type_checks() -> None:
    """Inside `types_guaranteed` (used by the strict converter) the rules still run."""
    with types_guaranteed(), pytest.raises(ValidationError) as caught:
        Money.of("1", "HRK")

    assert "Money.currency: must be an ISO 4217" in str(caught.value)


def test_types_guaranteed_ends_with_its_block() -> None:
    """After the block, wrong types are caught by the type checks again."""
    with types_guaranteed():
        pass

    with pytest.raises(ValidationError) as caught:
        TimeOfDay("540")  # type: ignore[arg-type]

    assert str(caught.value) == "TimeOfDay.minutes: must be an int (got str)"
