from __future__ import annotations

import attrs
import pytest

from msa_model import (
    ClientRequirement,
    Exclusion,
    Location,
    Service,
    ServiceCategory,
    ServiceScope,
    Unit,
    ValidationError,
)

ID_RULE = (
    "must be an id of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
)


def service(**changes: object) -> Service:
    """Build a per-device monitoring service with some fields changed."""
    fields: dict[str, object] = {
        "id": "rmm",
        "name": "Remote monitoring",
        "category": ServiceCategory.MONITORING,
        "unit": Unit.DEVICE,
    }
    fields.update(changes)
    return Service(**fields)  # type: ignore[arg-type]


RMM = service()
HELPDESK = service(
    id="helpdesk", name="Service desk", category=ServiceCategory.HELPDESK, unit=Unit.USER
)
HQ = Location(id="hq", name="Head office", address="1 Main Street")


def messages(error: ValidationError) -> list[str]:
    """List the problems of an error as text."""
    return [str(problem) for problem in error.problems]


# --- Service ------------------------------------------------------------------


def test_service_defaults() -> None:
    """A service has SLAs by default, no description, no coverage calendar, all locations."""
    expected = (None, None, True, ())

    actual = service()

    assert expected == (actual.description, actual.coverage, actual.sla_applies, actual.locations)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"id": ""}, f"Service.id: {ID_RULE} (got '')", id="empty id"),
        pytest.param({"id": "r m m"}, f"Service.id: {ID_RULE} (got 'r m m')", id="id with spaces"),
        pytest.param({"name": " "}, "Service.name: must not be empty or blank", id="blank name"),
        pytest.param(
            {"name": "x" * 501},
            "Service.name: must be at most 500 characters (got 501)",
            id="name over 500 characters",
        ),
        pytest.param(
            {"description": ""},
            "Service.description: must not be empty or blank",
            id="empty description",
        ),
        pytest.param(
            {"coverage": "24 x 7"},
            f"Service.coverage: {ID_RULE} (got '24 x 7')",
            id="coverage not an id",
        ),
        pytest.param(
            {"unit": "device"},
            "Service.unit: must be a Unit (got str)",
            id="unit as text",
        ),
        pytest.param(
            {"category": Unit.DEVICE},
            "Service.category: must be a ServiceCategory (got Unit)",
            id="a unit as the category",
        ),
        pytest.param(
            {"sla_applies": "yes"},
            "Service.sla_applies: must be a bool (got str)",
            id="sla_applies as text",
        ),
        pytest.param(
            {"locations": ["hq"]},
            "Service.locations: must be a tuple (got list)",
            id="locations as a list",
        ),
    ],
)
def test_service_problems(changes: dict[str, object], message: str) -> None:
    """A service needs an id, a name, enums for category and unit, and tuples."""
    with pytest.raises(ValidationError) as caught:
        service(**changes)

    assert message == str(caught.value)


# --- Exclusion, ClientRequirement, Location -----------------------------------


@pytest.mark.parametrize("cls", [Exclusion, ClientRequirement], ids=lambda cls: cls.__name__)
def test_exclusions_and_requirements_apply_to_all_services_by_default(
    cls: type[Exclusion | ClientRequirement],
) -> None:
    """Without services listed, an exclusion or requirement applies to the whole agreement."""
    actual = cls(id="hardware", description="The cost of hardware.")

    assert actual.services == ()


@pytest.mark.parametrize("cls", [Exclusion, ClientRequirement], ids=lambda cls: cls.__name__)
def test_exclusions_and_requirements_need_an_id_and_a_description(
    cls: type[Exclusion | ClientRequirement],
) -> None:
    """An exclusion or requirement has a valid id and a non-blank description."""
    expected = [
        f"{cls.__name__}.id: {ID_RULE} (got '-x')",
        f"{cls.__name__}.description: must not be empty or blank",
    ]

    with pytest.raises(ValidationError) as caught:
        cls(id="-x", description="\t")

    assert expected == messages(caught.value)


def test_location_problems() -> None:
    """A location has a valid id, a name, and an optional non-blank address."""
    expected = [
        "Location.name: must not be empty or blank",
        "Location.address: must not be empty or blank",
    ]

    with pytest.raises(ValidationError) as caught:
        Location(id="hq", name="", address=" ")

    assert expected == messages(caught.value)


# --- ServiceScope -------------------------------------------------------------


def test_scope_with_every_part() -> None:
    """A scope links services, exclusions, requirements and locations by id."""
    scope = ServiceScope(
        services=(service(id="onsite", unit=Unit.SITE, locations=("hq",)), RMM),
        exclusions=(Exclusion(id="hardware", description="Hardware.", services=("rmm",)),),
        client_requirements=(
            ClientRequirement(id="os", description="Supported OS.", services=("onsite", "rmm")),
        ),
        locations=(HQ,),
    )

    assert scope.service_ids == frozenset({"onsite", "rmm"})


@pytest.mark.parametrize("service_id", ["rmm", "helpdesk"])
def test_service_lookup(service_id: str) -> None:
    """`service(id)` returns the service with that id."""
    scope = ServiceScope(services=(RMM, HELPDESK))

    actual = scope.service(service_id)

    assert service_id == actual.id


def test_service_lookup_of_an_unknown_id_raises_key_error() -> None:
    """`service(id)` raises KeyError naming the id when no service has it."""
    scope = ServiceScope(services=(RMM,))

    with pytest.raises(KeyError) as caught:
        scope.service("backup")

    assert caught.value.args == ("backup",)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param(
            {"services": ()},
            ["ServiceScope.services: must list at least one service"],
            id="no services",
        ),
        pytest.param(
            {"services": (RMM, HELPDESK, RMM)},
            ["ServiceScope.services[2].id: duplicate service id 'rmm' (first at services[0])"],
            id="a service id twice",
        ),
        pytest.param(
            {
                "services": (RMM,),
                "exclusions": (
                    Exclusion(id="x", description="X."),
                    Exclusion(id="x", description="Y."),
                ),
            },
            [
                (
                    "ServiceScope.exclusions[1].id: duplicate exclusion id 'x' "
                    "(first at exclusions[0])"
                )
            ],
            id="an exclusion id twice",
        ),
        pytest.param(
            {
                "services": (RMM,),
                "client_requirements": (
                    ClientRequirement(id="os", description="X."),
                    ClientRequirement(id="os", description="Y."),
                ),
            },
            [
                (
                    "ServiceScope.client_requirements[1].id: duplicate requirement id 'os' "
                    "(first at client_requirements[0])"
                )
            ],
            id="a requirement id twice",
        ),
        pytest.param(
            {"services": (RMM,), "locations": (HQ, HQ)},
            [("ServiceScope.locations[1].id: duplicate location id 'hq' (first at locations[0])")],
            id="a location id twice",
        ),
        pytest.param(
            {"services": (service(locations=("hq", "branch")),), "locations": (HQ,)},
            ["ServiceScope.services[0].locations[1]: unknown location 'branch'"],
            id="a service at an unknown location",
        ),
        pytest.param(
            {
                "services": (RMM,),
                "exclusions": (Exclusion(id="x", description="X.", services=("rmm", "backup")),),
            },
            ["ServiceScope.exclusions[0].services[1]: unknown service 'backup'"],
            id="an exclusion of an unknown service",
        ),
        pytest.param(
            {
                "services": (RMM,),
                "client_requirements": (
                    ClientRequirement(id="os", description="X.", services=("edr",)),
                ),
            },
            ["ServiceScope.client_requirements[0].services[0]: unknown service 'edr'"],
            id="a requirement of an unknown service",
        ),
        pytest.param(
            {"services": [RMM]},
            ["ServiceScope.services: must be a tuple (got list)"],
            id="services as a list",
        ),
    ],
)
def test_scope_problems(fields: dict[str, object], expected: list[str]) -> None:
    """Ids are unique per list and every reference names something in scope."""
    with pytest.raises(ValidationError) as caught:
        ServiceScope(**fields)  # type: ignore[arg-type]

    assert expected == messages(caught.value)


def test_enum_values_are_lower_case() -> None:
    """Categories and units are lower-case words in JSON."""
    assert all(member.value == member.name.lower() for member in ServiceCategory)
    assert [unit.value for unit in Unit] == [
        "flat",
        "device",
        "user",
        "site",
        "server",
        "workstation",
        "mailbox",
        "license",
        "gigabyte",
    ]


def test_evolve_revalidates() -> None:
    """`attrs.evolve` removing a location still referred to raises."""
    scope = ServiceScope(services=(service(locations=("hq",)),), locations=(HQ,))

    with pytest.raises(ValidationError) as caught:
        attrs.evolve(scope, locations=())

    assert str(caught.value) == "ServiceScope.services[0].locations[0]: unknown location 'hq'"


def test_scope_is_frozen_and_hashable() -> None:
    """Scopes are immutable values usable in sets."""
    scope = ServiceScope(services=(RMM, HELPDESK))

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        scope.services = ()  # type: ignore[misc]
    assert {scope, ServiceScope(services=(RMM, HELPDESK))} == {scope}
