"""A larger agreement for benchmarks, grown deterministically from the bundled example.

The bundled example (about 17 KB) is extended with more client sites,
services, fee lines, SLA targets, responsibilities, exclusions,
requirements and holidays. Every added item has a unique id and refers
only to things that exist, so `msa_model.loads` accepts the result.

Run it to print the size of the document: `python bench/large_agreement.py`.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any, Final

EXAMPLE: Final = (
    Path(__file__).resolve().parent.parent / "examples" / "harbor-point-managed-it.json"
)
"""The bundled example the large document is grown from."""
EXTRA_SITES: Final = 4
"""Sites added by default; each brings a service, a fee line and more (about 30 KB in all)."""

_CATEGORIES: Final = ("monitoring", "endpoint", "server", "backup", "network", "security", "cloud")
_UNITS: Final = ("device", "workstation", "server", "site", "mailbox", "user", "license")
_RESPONSIBILITY_CATEGORIES: Final = (
    "monitoring",
    "reporting",
    "security",
    "resource_management",
    "continuous_improvement",
)


def example_text() -> str:
    """Return the bundled example as text."""
    return EXAMPLE.read_text(encoding="utf-8")


def _holidays(first_year: int, last_year: int) -> list[str]:
    """Fixed-date closures for each year: New Year, Independence Day, Christmas Eve and Day."""
    return [
        dt.date(year, month, day).isoformat()
        for year in range(first_year, last_year + 1)
        for month, day in ((1, 1), (7, 4), (12, 24), (12, 25))
    ]


def _site(number: int) -> dict[str, Any]:
    return {
        "id": f"site-{number:02d}",
        "name": f"Satellite office {number}",
        "address": f"{100 + number} Ocean Avenue, Suite {number}, Long Branch, NJ 07740",
    }


def _service(number: int, site: str) -> dict[str, Any]:
    return {
        "id": f"svc-{number:02d}",
        "name": f"Managed {_CATEGORIES[number % len(_CATEGORIES)]} service for site {number}",
        "category": _CATEGORIES[number % len(_CATEGORIES)],
        "unit": _UNITS[number % len(_UNITS)],
        "description": (
            f"Day-to-day operation of the {_CATEGORIES[number % len(_CATEGORIES)]} estate at "
            f"satellite office {number}, with monthly health checks and a named engineer."
        ),
        "coverage": "24x7" if number % 2 else "business-hours",
        "locations": [site],
    }


def _fee_line(number: int, service: dict[str, Any]) -> dict[str, Any]:
    base = 20 + 5 * number
    if number % 3 == 0:
        return {
            "kind": "per_unit",
            "id": f"fee-{number:02d}",
            "description": f"{service['name']}, tiered per {service['unit']}",
            "service": service["id"],
            "unit": service["unit"],
            "tiers": [
                {"up_to": 10, "unit_price": {"amount": f"{base}.00", "currency": "USD"}},
                {"up_to": 50, "unit_price": {"amount": f"{base - 5}.50", "currency": "USD"}},
                {"up_to": None, "unit_price": {"amount": f"{base - 10}.25", "currency": "USD"}},
            ],
            "tier_mode": "volume" if number % 2 else "graduated",
            "minimum": number,
        }
    return {
        "kind": "per_unit",
        "id": f"fee-{number:02d}",
        "description": f"{service['name']}, per {service['unit']}",
        "service": service["id"],
        "unit": service["unit"],
        "unit_price": {"amount": f"{base}.75", "currency": "USD"},
        "included": 1 + number % 4,
    }


def _availability(service: str, number: int) -> dict[str, Any]:
    target: dict[str, Any] = {
        "service": service,
        "target": "99.5" if number % 2 else "99.9",
        "maintenance": [{"days": ["sat"], "start": "22:00", "end": "24:00"}],
        "tiers": [
            {"below": "99.5" if number % 2 else "99.9", "credit": "5"},
            {"below": "99.0", "credit": "10"},
            {"below": "98.0", "credit": "20"},
        ],
        "cap": "20",
    }
    if number % 3 == 0:
        target["measurement"] = "quarter"
    return target


def _responsibility(number: int, service: str) -> dict[str, Any]:
    duty: dict[str, Any] = {
        "id": f"duty-{number:02d}",
        "party": "provider",
        "category": _RESPONSIBILITY_CATEGORIES[number % len(_RESPONSIBILITY_CATEGORIES)],
        "title": f"Review of satellite office {number}",
        "description": (
            f"Walk through the systems of satellite office {number} with its office manager, "
            "record open risks and agree the actions for the next quarter."
        ),
        "raci": {"responsible": ["provider"], "accountable": ["provider"], "informed": ["client"]},
        "services": [service],
    }
    if number % 2:
        duty["recurrence"] = {"every": "P3M", "anchor": f"2025-{(number % 12) + 1:02d}-15"}
    return duty


def build_document(extra_sites: int = EXTRA_SITES) -> dict[str, Any]:
    """Return the example grown by `extra_sites` sites, as parsed JSON.

    Each site adds a location, a service at it, a fee line for the service,
    an availability target (every other site), a responsibility, an
    exclusion and a client requirement. The SLA calendar gains fixed-date
    holidays up to 2040, and the fees a block of hours and a price increase.
    """
    data: dict[str, Any] = copy.deepcopy(json.loads(example_text()))
    scope, sla, fees = data["scope"], data["sla"], data["fees"]
    for number in range(1, extra_sites + 1):
        site = _site(number)
        service = _service(number, site["id"])
        scope["locations"].append(site)
        scope["services"].append(service)
        scope["exclusions"].append(
            {
                "id": f"exclusion-{number:02d}",
                "description": f"Cabling and building works at satellite office {number}.",
                "services": [service["id"]],
            }
        )
        scope["client_requirements"].append(
            {
                "id": f"requirement-{number:02d}",
                "description": f"Satellite office {number} keeps a supported firewall and UPS.",
                "services": [service["id"]],
            }
        )
        fees["lines"].append(_fee_line(number, service))
        if number % 2:
            sla["availability"].append(_availability(service["id"], number))
        data["responsibilities"].append(_responsibility(number, service["id"]))
    business_hours = next(c for c in sla["calendars"] if c["id"] == "business-hours")
    known = set(business_hours["holidays"])
    business_hours["holidays"] += [day for day in _holidays(2028, 2040) if day not in known]
    fees["lines"].append(
        {
            "kind": "block",
            "id": "project-block",
            "description": "Prepaid block of project hours",
            "hours": 40,
            "price": {"amount": "6400.00", "currency": "USD"},
            "per": "quarterly",
            "rollover": True,
            "rollover_cap": 20,
            "expires_after": "P6M",
            "overage": "project-work",
        }
    )
    fees["adjustments"].append({"kind": "percentage", "percent": "3.5", "at": "anniversary"})
    return data


def large_agreement_text(extra_sites: int = EXTRA_SITES) -> str:
    """Return the large agreement as JSON text, indented by two spaces like the example."""
    return json.dumps(build_document(extra_sites), indent=2, ensure_ascii=False)


if __name__ == "__main__":
    example = example_text()
    large = large_agreement_text()
    print(f"example: {len(example.encode()):,} bytes")
    print(f"large:   {len(large.encode()):,} bytes ({EXTRA_SITES} extra sites)")
