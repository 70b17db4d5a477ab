from __future__ import annotations

import attrs
import pendulum
import pytest

from msa_model import (
    PartyRole,
    Period,
    Raci,
    Recurrence,
    Responsibility,
    ResponsibilityCategory,
    ValidationError,
)

PROVIDER, CLIENT, THIRD = PartyRole.PROVIDER, PartyRole.CLIENT, PartyRole.THIRD_PARTY


def duty(**changes: object) -> Responsibility:
    """Build the provider's monthly report duty with some fields changed."""
    fields: dict[str, object] = {
        "id": "monthly-report",
        "party": PROVIDER,
        "category": ResponsibilityCategory.REPORTING,
        "title": "Monthly service report",
    }
    fields.update(changes)
    return Responsibility(**fields)  # type: ignore[arg-type]


def messages(error: ValidationError) -> list[str]:
    """List the problems of an error as text."""
    return [str(problem) for problem in error.problems]


# --- Raci ---------------------------------------------------------------------


def test_raci_with_every_role() -> None:
    """A RACI names who is responsible, accountable, consulted and informed."""
    raci = Raci(responsible=(PROVIDER, THIRD), accountable=(PROVIDER,), consulted=(CLIENT,))

    assert (raci.consulted, raci.informed) == ((CLIENT,), ())


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param(
            {"responsible": (), "accountable": (PROVIDER,)},
            ["Raci.responsible: must name at least one party role"],
            id="nobody responsible",
        ),
        pytest.param(
            {"responsible": (PROVIDER,), "accountable": ()},
            ["Raci.accountable: must name exactly one party role (got 0)"],
            id="nobody accountable",
        ),
        pytest.param(
            {"responsible": (PROVIDER,), "accountable": (PROVIDER, CLIENT)},
            ["Raci.accountable: must name exactly one party role (got 2)"],
            id="two accountable",
        ),
        pytest.param(
            {"responsible": (PROVIDER,), "accountable": (PROVIDER, PROVIDER)},
            [
                "Raci.accountable: must name exactly one party role (got 2)",
                "Raci.accountable[1]: duplicate party role 'provider' (first at accountable[0])",
            ],
            id="the same role accountable twice",
        ),
        pytest.param(
            {
                "responsible": (PROVIDER,),
                "accountable": (PROVIDER,),
                "consulted": (CLIENT, THIRD, CLIENT),
            },
            ["Raci.consulted[2]: duplicate party role 'client' (first at consulted[0])"],
            id="consulted twice",
        ),
        pytest.param(
            {"responsible": (PROVIDER,), "accountable": (PROVIDER,), "informed": (CLIENT, CLIENT)},
            ["Raci.informed[1]: duplicate party role 'client' (first at informed[0])"],
            id="informed twice",
        ),
        pytest.param(
            {"responsible": ("provider",), "accountable": (PROVIDER,)},
            ["Raci.responsible[0]: must be a PartyRole (got str)"],
            id="a role as text",
        ),
    ],
)
def test_raci_problems(fields: dict[str, object], expected: list[str]) -> None:
    """Someone is responsible, exactly one is accountable, and no role is listed twice."""
    with pytest.raises(ValidationError) as caught:
        Raci(**fields)  # type: ignore[arg-type]

    assert expected == messages(caught.value)


# --- Recurrence ---------------------------------------------------------------


def test_recurrence_is_anchored_on_the_term_start_by_default() -> None:
    """Without an anchor a recurrence counts from the term start."""
    assert Recurrence(every=Period(months=1)).anchor is None


def test_recurrence_with_an_anchor() -> None:
    """A recurrence can start on its own day."""
    anchor = pendulum.Date(2025, 3, 31)

    actual = Recurrence(every=Period(months=3), anchor=anchor)

    assert (Period(months=3), anchor) == (actual.every, actual.anchor)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"every": Period()}, "Recurrence.every: must not be zero", id="every P0D"),
        pytest.param(
            {"every": Period(months=1), "anchor": pendulum.datetime(2025, 3, 5)},
            "Recurrence.anchor: must be a Date or None (got DateTime)",
            id="anchor a DateTime",
        ),
        pytest.param(
            {"every": "P1M"}, "Recurrence.every: must be a Period (got str)", id="every as text"
        ),
    ],
)
def test_recurrence_problems(fields: dict[str, object], message: str) -> None:
    """A recurrence repeats after a non-zero period from a calendar day."""
    with pytest.raises(ValidationError) as caught:
        Recurrence(**fields)  # type: ignore[arg-type]

    assert message == str(caught.value)


# --- Responsibility -----------------------------------------------------------


def test_responsibility_defaults() -> None:
    """A duty needs an id, a party, a category and a title; the rest is optional."""
    expected = (None, None, None, ())

    actual = duty()

    assert expected == (actual.description, actual.raci, actual.recurrence, actual.services)


@pytest.mark.parametrize(
    "raci",
    [
        pytest.param(Raci(responsible=(PROVIDER,), accountable=(PROVIDER,)), id="responsible"),
        pytest.param(Raci(responsible=(THIRD,), accountable=(PROVIDER,)), id="accountable only"),
    ],
)
def test_owing_party_in_the_raci(raci: Raci) -> None:
    """The owing party is responsible or accountable in its RACI."""
    actual = duty(raci=raci, recurrence=Recurrence(every=Period(months=1)), services=("rmm",))

    assert raci == actual.raci


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"raci": Raci(responsible=(CLIENT,), accountable=(CLIENT,))},
            [
                (
                    "Responsibility.raci.responsible: must include the owing party 'provider' "
                    "as responsible or accountable"
                )
            ],
            id="owing party missing from the RACI",
        ),
        pytest.param(
            {
                "party": CLIENT,
                "raci": Raci(responsible=(PROVIDER,), accountable=(PROVIDER,), informed=(CLIENT,)),
            },
            [
                (
                    "Responsibility.raci.responsible: must include the owing party 'client' "
                    "as responsible or accountable"
                )
            ],
            id="owing party only informed",
        ),
        pytest.param(
            {"title": "", "description": " "},
            [
                "Responsibility.title: must not be empty or blank",
                "Responsibility.description: must not be empty or blank",
            ],
            id="blank title and description",
        ),
        pytest.param(
            {"id": "monthly report"},
            [
                (
                    "Responsibility.id: must be an id of 1 to 64 letters, digits, '.', '_' or '-', "
                    "starting with a letter or digit (got 'monthly report')"
                )
            ],
            id="id with a space",
        ),
        pytest.param(
            {"category": "reporting"},
            ["Responsibility.category: must be a ResponsibilityCategory (got str)"],
            id="category as text",
        ),
    ],
)
def test_responsibility_problems(changes: dict[str, object], expected: list[str]) -> None:
    """A duty has an id, a title, and a RACI that includes the owing party."""
    with pytest.raises(ValidationError) as caught:
        duty(**changes)

    assert expected == messages(caught.value)


def test_categories_are_lower_case() -> None:
    """Every category is its name in lower case in JSON."""
    assert all(category.value == category.name.lower() for category in ResponsibilityCategory)
    assert ResponsibilityCategory("access_and_cooperation") is (
        ResponsibilityCategory.ACCESS_AND_COOPERATION
    )


def test_evolve_revalidates() -> None:
    """`attrs.evolve` handing a provider duty to the client without its RACI raises."""
    valid = duty(raci=Raci(responsible=(PROVIDER,), accountable=(PROVIDER,)))

    with pytest.raises(ValidationError, match="must include the owing party 'client'"):
        attrs.evolve(valid, party=CLIENT)


def test_responsibility_is_frozen_and_hashable() -> None:
    """Duties are immutable values usable in sets."""
    valid = duty(raci=Raci(responsible=(PROVIDER,), accountable=(PROVIDER,)))

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        valid.title = "Other"  # type: ignore[misc]
    assert {valid, duty(raci=Raci(responsible=(PROVIDER,), accountable=(PROVIDER,)))} == {valid}
