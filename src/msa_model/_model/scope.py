"""The scope of services: what is delivered, what is excluded, what the client must meet."""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs

from msa_model._values.invariants import (
    MAX_NAME,
    Checked,
    identifier,
    problem,
    references,
    text,
    unique,
)
from msa_model.errors import Problem

__all__ = [
    "ClientRequirement",
    "Exclusion",
    "Location",
    "Service",
    "ServiceCategory",
    "ServiceScope",
    "Unit",
]


class ServiceCategory(enum.Enum):
    """The kind of a managed service."""

    MONITORING = "monitoring"
    HELPDESK = "helpdesk"
    ONSITE_SUPPORT = "onsite_support"
    BACKUP = "backup"
    SECURITY = "security"
    NETWORK = "network"
    SERVER = "server"
    ENDPOINT = "endpoint"
    CLOUD = "cloud"
    EMAIL = "email"
    CONSULTING = "consulting"
    PROCUREMENT = "procurement"
    OTHER = "other"


class Unit(enum.Enum):
    """What a service is counted and charged by; `flat` is not counted."""

    FLAT = "flat"
    DEVICE = "device"
    USER = "user"
    SITE = "site"
    SERVER = "server"
    WORKSTATION = "workstation"
    MAILBOX = "mailbox"
    LICENSE = "license"
    GIGABYTE = "gigabyte"


@attrs.frozen(kw_only=True)
class Service(Checked):
    """A service in scope.

    Attributes:
        id: How fees, SLA targets and responsibilities refer to the service.
        name: Name for people.
        category: The kind of service.
        unit: What the service is counted by (device, user, site, flat...).
        description: What is delivered.
        coverage: Id of the SLA calendar during which the service is covered.
        sla_applies: Whether SLA targets and credits apply to the service.
        locations: Ids of the locations where it is delivered; empty for all.
    """

    id: str
    name: str
    category: ServiceCategory
    unit: Unit
    description: str | None = None
    coverage: str | None = None
    sla_applies: bool = True
    locations: tuple[str, ...] = ()

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        yield from text(self.name, "name", max_length=MAX_NAME)
        yield from text(self.description, "description", optional=True)
        yield from identifier(self.coverage, "coverage", optional=True)


@attrs.frozen(kw_only=True)
class Exclusion(Checked):
    """Something explicitly out of scope.

    Attributes:
        id: Identifier of the exclusion.
        description: What is excluded.
        services: Ids of the services it qualifies; empty for the whole agreement.
    """

    id: str
    description: str
    services: tuple[str, ...] = ()

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        yield from text(self.description, "description")


@attrs.frozen(kw_only=True)
class ClientRequirement(Checked):
    """A minimum standard the client's systems must meet for the provider to be liable.

    Attributes:
        id: Identifier of the requirement.
        description: The standard, e.g. "servers run a vendor-supported OS".
        services: Ids of the services it conditions; empty for all.
    """

    id: str
    description: str
    services: tuple[str, ...] = ()

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        yield from text(self.description, "description")


@attrs.frozen(kw_only=True)
class Location(Checked):
    """A client site where services are delivered.

    Attributes:
        id: How services refer to the location.
        name: Name for people.
        address: Postal address.
    """

    id: str
    name: str
    address: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        yield from text(self.name, "name", max_length=MAX_NAME)
        yield from text(self.address, "address", optional=True)


@attrs.frozen(kw_only=True)
class ServiceScope(Checked):
    """What the provider delivers, what it does not, and what the client must meet.

    Attributes:
        services: Services in scope; at least one, ids unique.
        exclusions: What is explicitly out of scope.
        client_requirements: Standards the client's systems must meet.
        locations: Client sites.
    """

    services: tuple[Service, ...]
    exclusions: tuple[Exclusion, ...] = ()
    client_requirements: tuple[ClientRequirement, ...] = ()
    locations: tuple[Location, ...] = ()

    @property
    def service_ids(self) -> frozenset[str]:
        """Ids of every service in scope."""
        return frozenset(service.id for service in self.services)

    def service(self, service_id: str) -> Service:
        """Return the service with this id.

        Raises:
            KeyError: No service has this id.
        """
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)

    def _problems(self) -> Iterator[Problem]:
        if not self.services:
            yield problem("services", "must list at least one service")
        yield from unique(self.services, "services", what="service id")
        yield from unique(self.exclusions, "exclusions", what="exclusion id")
        yield from unique(self.client_requirements, "client_requirements", what="requirement id")
        yield from unique(self.locations, "locations", what="location id")
        services = self.service_ids
        locations = {location.id for location in self.locations}
        for index, service in enumerate(self.services):
            path = ("services", index, "locations")
            yield from references(service.locations, path, locations, "location")
        for index, exclusion in enumerate(self.exclusions):
            path = ("exclusions", index, "services")
            yield from references(exclusion.services, path, services, "service")
        for index, requirement in enumerate(self.client_requirements):
            path = ("client_requirements", index, "services")
            yield from references(requirement.services, path, services, "service")
