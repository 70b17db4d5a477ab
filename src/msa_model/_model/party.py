"""The parties to an agreement and their roles."""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs

from msa_model._values.invariants import MAX_NAME, MAX_TEXT, Checked, identifier, text
from msa_model.errors import Problem

__all__ = ["Party", "PartyRole"]


class PartyRole(enum.Enum):
    """The role a party plays: the managed service provider, its client, or a third party."""

    PROVIDER = "provider"
    CLIENT = "client"
    THIRD_PARTY = "third_party"


@attrs.frozen(kw_only=True)
class Party(Checked):
    """A party to the agreement.

    Attributes:
        id: How the agreement refers to this party.
        role: Provider, client or third party.
        legal_name: The party's registered name.
        address: Registered or notice address.
        contact: Contact for notices, e.g. a name and an e-mail address.
    """

    id: str
    role: PartyRole
    legal_name: str
    address: str | None = None
    contact: str | None = None

    def _problems(self) -> Iterator[Problem]:
        yield from identifier(self.id, "id")
        yield from text(self.legal_name, "legal_name", max_length=MAX_NAME)
        yield from text(self.address, "address", max_length=MAX_TEXT, optional=True)
        yield from text(self.contact, "contact", max_length=MAX_NAME, optional=True)
