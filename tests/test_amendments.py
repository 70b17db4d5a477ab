"""Amendments: the agreement as of any day, its history, and the engines across changes.

The histories are hand-made change orders on the Harbor Point example
(examples/harbor-point-amended.json): twenty more service desk seats from
2026-03-16, a faster P1 response from 2026-07-01, a price review at the
second anniversary (2027-02-01) and a one-year extension of the initial
term from 2027-07-01. Every expected figure was worked out by hand from
those clauses; the arithmetic is in the comments.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msa_model import (
    Agreement,
    Amendment,
    BillingFrequency,
    BillingPolicy,
    BusinessTime,
    ChangePrice,
    ChangeQuantity,
    ChangeTarget,
    KeyDateKind,
    Money,
    Period,
    ReplaceFees,
    Ticket,
    TicketEvent,
    TicketEventKind,
    ValidationError,
    dumps,
    loads,
)

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
TEXT: Final = (EXAMPLES / "harbor-point-amended.json").read_text(encoding="utf-8")
AMENDED: Final = loads(TEXT)
ORIGINAL: Final = attrs.evolve(AMENDED, amendments=())
COUNTS: Final = {
    "managed-devices": 60,
    "edr-seats": 30,
    "mailboxes": 45,
    "servers": 4,
    "backup-servers": 4,
    "sites": 2,
}
"""Measured counts for every per-unit line but the service desk, which has a contracted count."""
NEW_YORK: Final = "America/New_York"


def day(text: str) -> pendulum.Date:
    """Read a calendar day written as `YYYY-MM-DD`."""
    year, month, day_of_month = (int(part) for part in text.split("-"))
    return pendulum.Date(year, month, day_of_month)


def moment(text: str) -> pendulum.DateTime:
    """Read an ISO 8601 date and time with its offset."""
    found = pendulum.parse(text)
    assert isinstance(found, pendulum.DateTime)
    return found


def usd(text: str) -> Money:
    """An amount in US dollars."""
    return Money.of(text, "USD")


def with_amendments(*amendments: Amendment) -> Agreement:
    """The example as originally signed, with these amendments."""
    return attrs.evolve(AMENDED, amendments=amendments)


def order(identifier: str, effective: str, *changes: Any) -> Amendment:
    """A change order signed on 2026-01-05."""
    return Amendment(
        id=identifier,
        signed_on=day("2026-01-05"),
        effective_on=day(effective),
        description=f"Change order {identifier}",
        changes=changes,
    )


# --- the agreement as of a day -------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "seats", "p1_response", "edr_price", "vcio", "initial", "later"),
    [
        # Before the first amendment: the agreement as signed.
        ("2025-02-01", 40, "PT30M", "12.50", "1500.00", "P36M", 4),
        ("2026-03-15", 40, "PT30M", "12.50", "1500.00", "P36M", 4),
        # CO-2026-01 from its effective day: 40 -> 60 seats.
        ("2026-03-16", 60, "PT30M", "12.50", "1500.00", "P36M", 3),
        ("2026-06-30", 60, "PT30M", "12.50", "1500.00", "P36M", 3),
        # CO-2026-02: P1 response 30 -> 15 minutes.
        ("2026-07-01", 60, "PT15M", "12.50", "1500.00", "P36M", 2),
        # CO-2027-01: EDR 12.50 -> 14.00 a device, vCIO 1,500 -> 1,650 a month.
        ("2027-02-01", 60, "PT15M", "14.00", "1650.00", "P36M", 1),
        # CO-2027-02: the initial term runs 48 months instead of 36.
        ("2027-07-01", 60, "PT15M", "14.00", "1650.00", "P48M", 0),
        ("2040-01-01", 60, "PT15M", "14.00", "1650.00", "P48M", 0),
    ],
)
def test_as_of_applies_the_amendments_in_force(  # noqa: PLR0917 # a column each
    on: str, seats: int, p1_response: str, edr_price: str, vcio: str, initial: str, later: int
) -> None:
    """Each view shows every change effective on or before its day, and none after."""
    view = AMENDED.as_of(day(on))

    actual = (
        view.fees.line("helpdesk-users").quantity,  # type: ignore[union-attr]
        str(view.sla.priority("P1").response),
        view.fees.line("edr-seats").unit_price,  # type: ignore[union-attr]
        view.fees.line("vcio").amount,  # type: ignore[union-attr]
        str(view.term.initial),
        len(view.amendments),
    )

    assert (seats, p1_response, usd(edr_price), usd(vcio), initial, later) == actual


def test_as_of_before_the_first_amendment_is_the_agreement_itself() -> None:
    """Nothing is in force yet, so the answer is the original, amendments and all."""
    assert AMENDED.as_of(day("2026-03-15")) is AMENDED


def test_as_of_leaves_the_original_untouched() -> None:
    """Views are new objects: the document still says what was signed."""
    AMENDED.as_of(day("2030-01-01"))

    assert (AMENDED.fees.line("helpdesk-users").quantity, len(AMENDED.amendments)) == (40, 4)  # type: ignore[union-attr]
    assert loads(TEXT) == AMENDED


def test_a_view_goes_on_from_its_day() -> None:
    """A view keeps the amendments still to come, so asking it about a later day agrees."""
    view = AMENDED.as_of(day("2026-07-01"))

    assert [a.id for a in view.amendments] == ["CO-2027-01", "CO-2027-02"]
    assert view.as_of(day("2027-07-01")) == AMENDED.as_of(day("2027-07-01"))


def test_round_trip_keeps_every_amendment() -> None:
    """Writing and reading back loses nothing of the history."""
    again = loads(dumps(AMENDED))

    assert again == AMENDED
    assert [a.id for a in again.amendments] == [
        "CO-2026-01",
        "CO-2026-02",
        "CO-2027-01",
        "CO-2027-02",
    ]


def test_history_says_what_changed_when() -> None:
    """Each amendment in order of effective day, each change in words against what it replaced."""
    actual = [
        (str(entry.amendment.effective_on), entry.amendment.id, entry.changes)
        for entry in AMENDED.history()
    ]

    assert actual == [
        ("2026-03-16", "CO-2026-01", ("fee line 'helpdesk-users': quantity 40 -> 60",)),
        ("2026-07-01", "CO-2026-02", ("priority 'P1': response PT30M -> PT15M",)),
        (
            "2027-02-01",
            "CO-2027-01",
            (
                "fee line 'edr-seats': price 12.50 USD -> 14.00 USD",
                "fee line 'vcio': price 1500.00 USD -> 1650.00 USD",
            ),
        ),
        ("2027-07-01", "CO-2027-02", ("term: initial P36M -> P48M",)),
    ]


def test_amendments_apply_by_effective_day_not_by_listing() -> None:
    """Listed out of order, they still apply in order of effective day; history follows."""
    shuffled = with_amendments(*reversed(AMENDED.amendments))

    assert shuffled.as_of(day("2030-01-01")).fees == AMENDED.as_of(day("2030-01-01")).fees
    assert [e.amendment.id for e in shuffled.history()] == [
        "CO-2026-01",
        "CO-2026-02",
        "CO-2027-01",
        "CO-2027-02",
    ]


# --- engines across amendments ------------------------------------------------------------


def charge_rows(agreement: Agreement, month: str) -> list[tuple[str, str, str, int | None, str]]:
    """The charges of the monthly period starting on the 1st of `month`, as rows."""
    first = day(f"{month}-01")
    (period,) = [p for p in agreement.billing_periods(first) if p.start == first]
    charges = agreement.charges(period, quantities=COUNTS)
    return [
        (line.line, str(line.start), str(line.end), line.quantity, str(line.amount.amount))
        for line in charges.lines
    ]


def test_a_seat_increase_mid_month_splits_only_its_line() -> None:
    """March 2026 (31 days): 40 seats for 1-15 March, 60 from the 16th, at 65.00 a seat.

    40 x 65.00 x 15/31 = 1,258.0645 -> 1,258.06; 60 x 65.00 x 16/31 = 2,012.9032 -> 2,012.90.
    Every other line is charged once for the month.
    """
    actual = charge_rows(AMENDED, "2026-03")

    assert actual == [
        ("managed-devices", "2026-03-01", "2026-03-31", 60, "2650.00"),  # 50 x 45 + 10 x 40
        ("edr-seats", "2026-03-01", "2026-03-31", 30, "375.00"),
        ("helpdesk-users", "2026-03-01", "2026-03-15", 40, "1258.06"),
        ("helpdesk-users", "2026-03-16", "2026-03-31", 60, "2012.90"),
        ("mailboxes", "2026-03-01", "2026-03-31", 40, "270.00"),  # 45 less 5 included
        ("servers", "2026-03-01", "2026-03-31", 4, "600.00"),
        ("backup-servers", "2026-03-01", "2026-03-31", 4, "380.00"),
        ("sites", "2026-03-01", "2026-03-31", 2, "500.00"),
        ("vcio", "2026-03-01", "2026-03-31", None, "1500.00"),
    ]


@pytest.mark.parametrize(
    ("month", "edr", "vcio"),
    [
        ("2027-01", "375.00", "1500.00"),  # 30 x 12.50
        ("2027-02", "420.00", "1650.00"),  # 30 x 14.00, from the anniversary, no split
    ],
)
def test_a_price_rise_at_the_anniversary(month: str, edr: str, vcio: str) -> None:
    """CO-2027-01 takes effect on a period's first day: the whole period at the new prices."""
    rows = {line: amount for line, _start, _end, _count, amount in charge_rows(AMENDED, month)}

    assert (edr, vcio, 8) == (rows["edr-seats"], rows["vcio"], len(rows))


def test_a_price_change_inside_a_period_is_prorated_on_each_side() -> None:
    """The vCIO retainer goes 1,500 -> 1,650 from 16 April 2026 (April has 30 days).

    1,500 x 15/30 = 750.00 for 1-15 April; 1,650 x 15/30 = 825.00 for 16-30 April.
    """
    agreement = with_amendments(
        order("CO-9", "2026-04-16", ChangePrice(line="vcio", price=usd("1650.00")))
    )

    actual = [row for row in charge_rows(agreement, "2026-04") if row[0] == "vcio"]

    assert actual == [
        ("vcio", "2026-04-01", "2026-04-15", None, "750.00"),
        ("vcio", "2026-04-16", "2026-04-30", None, "825.00"),
    ]


def test_measured_counts_that_change_are_read_per_part() -> None:
    """Counts given as changes are cut at the amendment: 60 devices, 70 from 2026-04-21.

    EDR at 12.50 to 15 April, 14.00 from the 16th (April has 30 days):
    30 x 12.50 x 15/30 = 187.50; 30 x 14.00 x 5/30 = 70.00; 40 x 14.00 x 10/30 = 186.666 -> 186.67.
    """
    agreement = with_amendments(
        order("CO-9", "2026-04-16", ChangePrice(line="edr-seats", price=usd("14.00")))
    )
    (period,) = [
        p for p in agreement.billing_periods(day("2026-04-01")) if p.start == day("2026-04-01")
    ]
    counts: dict[str, int | list[tuple[pendulum.Date, int]]] = {
        **COUNTS,
        "edr-seats": [(day("2026-04-01"), 30), (day("2026-04-21"), 40)],
    }

    charges = agreement.charges(period, quantities=counts)

    actual = [
        (str(line.start), str(line.end), line.quantity, str(line.amount.amount))
        for line in charges.lines
        if line.line == "edr-seats"
    ]
    assert actual == [
        ("2026-04-01", "2026-04-15", 30, "187.50"),
        ("2026-04-16", "2026-04-20", 30, "70.00"),
        ("2026-04-21", "2026-04-30", 40, "186.67"),
    ]


def test_a_change_of_billing_policy_cuts_the_periods_at_its_day() -> None:
    """Monthly in advance until 15 April 2026, then quarterly from the term start's anchor.

    The April month ends on the 15th (prorated over its 30 days); the quarter
    February-April (anchored on 2025-02-01) is billed from the 16th,
    invoiced that day and due 30 days later; then quarters run as usual.
    """
    quarterly = attrs.evolve(
        ORIGINAL.fees, billing=BillingPolicy(frequency=BillingFrequency.QUARTERLY)
    )
    agreement = with_amendments(order("CO-9", "2026-04-16", ReplaceFees(fees=quarterly)))

    actual = [
        (
            str(p.start),
            str(p.end),
            str(p.full_start),
            str(p.full_end),
            str(p.invoice_day),
            str(p.due_day),
        )
        for p in agreement.billing_periods(day("2026-08-01"))
        if p.end >= day("2026-03-01")
    ]

    assert actual == [
        ("2026-03-01", "2026-03-31", "2026-03-01", "2026-03-31", "2026-03-01", "2026-03-31"),
        ("2026-04-01", "2026-04-15", "2026-04-01", "2026-04-30", "2026-04-01", "2026-05-01"),
        ("2026-04-16", "2026-04-30", "2026-02-01", "2026-04-30", "2026-04-16", "2026-05-16"),
        ("2026-05-01", "2026-07-31", "2026-05-01", "2026-07-31", "2026-05-01", "2026-05-31"),
        ("2026-08-01", "2026-10-31", "2026-08-01", "2026-10-31", "2026-08-01", "2026-08-31"),
    ]


@pytest.mark.parametrize(
    ("as_of", "deadline"),
    [
        # Initial term 36 months from 2025-02-01: ends 2028-01-31; 90 days before -> 2027-11-02.
        ("2027-06-30", "2027-11-02"),
        # Extended to 48 months from 2027-07-01: ends 2029-01-31; 90 days before -> 2028-11-02.
        ("2027-07-01", "2028-11-02"),
    ],
)
def test_notice_deadlines_follow_the_term_in_force(as_of: str, deadline: str) -> None:
    """The extension moves the end of the initial term, and the deadline with it."""
    assert str(AMENDED.as_of(day(as_of)).term.notice_deadline(day(as_of))) == deadline


@pytest.mark.parametrize(
    ("as_of", "horizon", "expected"),
    [
        # No amendment in the window: the dates of the 36-month term.
        (
            "2027-05-01",
            Period(months=1),
            [("2027-11-02", "notice_deadline", None), ("2028-01-31", "period_end", None)],
        ),
        # The extension takes effect in the window: from 2027-07-01 the dates are the amended
        # term's, so the deadline a manager sees on 20 June is the one that will bind.
        (
            "2027-06-20",
            Period(months=3),
            [
                ("2027-07-01", "amendment", "CO-2027-02"),
                ("2028-11-02", "notice_deadline", None),
                ("2029-01-31", "period_end", None),
            ],
        ),
    ],
)
def test_key_dates_follow_the_agreement_in_force_on_each_day(
    as_of: str, horizon: Period, expected: list[tuple[str, str, str | None]]
) -> None:
    """Each key date is that of the agreement in force on its day."""
    kinds = {KeyDateKind.AMENDMENT, KeyDateKind.NOTICE_DEADLINE, KeyDateKind.PERIOD_END}
    dates = AMENDED.key_dates(day(as_of), horizon)

    actual = [(str(d.day), d.kind.value, d.ref) for d in dates if d.kind in kinds]

    assert actual == expected


@pytest.mark.parametrize(
    ("opened", "response"),
    [
        # P1 runs on the 24x7 calendar: 30 minutes before CO-2026-02, 15 from 2026-07-01.
        ("2026-06-30T23:50:00-04:00", "2026-07-01T00:20:00-04:00"),
        ("2026-07-01T00:00:00-04:00", "2026-07-01T00:15:00-04:00"),
        # 03:55 UTC on 1 July is 23:55 on 30 June in New York: the old target.
        ("2026-07-01T03:55:00+00:00", "2026-07-01T00:25:00-04:00"),
    ],
)
def test_due_times_use_the_targets_in_force_when_the_ticket_was_opened(
    opened: str, response: str
) -> None:
    """The day that counts is the opening's day in the SLA's zone."""
    due = AMENDED.due("P1", moment(opened))

    assert due.response == moment(response)


def test_evaluate_judges_by_the_targets_in_force_when_opened() -> None:
    """Responded 20 minutes after opening: met on 30 June (30 min), breached on 1 July (15 min)."""
    results = []
    for opened in ("2026-06-30T10:00:00-04:00", "2026-07-01T10:00:00-04:00"):
        opened_at = moment(opened)
        responded = TicketEvent(kind=TicketEventKind.RESPONDED, at=opened_at.add(minutes=20))
        ticket = Ticket(priority="P1", opened_at=opened_at, events=(responded,))
        results.append(AMENDED.evaluate(ticket).response.status.value)

    assert results == ["met", "breached"]


# --- validation ---------------------------------------------------------------------------


def document() -> dict[str, Any]:
    """The amended example as JSON data, to break."""
    data: dict[str, Any] = json.loads(TEXT)
    return data


def problems(data: dict[str, Any]) -> list[str]:
    """Read a broken document and return its problems as text."""
    with pytest.raises(ValidationError) as caught:
        loads(json.dumps(data))
    return [str(problem) for problem in caught.value.problems]


def edited(**changes: Any) -> dict[str, Any]:
    """The example with the first amendment's fields replaced."""
    data = document()
    data["amendments"][0].update(changes)
    return data


def test_amendments_need_schema_version_1_1() -> None:
    """A 1.0 reader would refuse the key, so a 1.0 document cannot carry one."""
    data = document()
    data["schema_version"] = "1.0"

    assert problems(data) == ["$.amendments: need schema_version '1.1' or later (got '1.0')"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"effective_on": "2025-01-14"},
            [
                (
                    "$.amendments[0].effective_on: must not be before the agreement's "
                    "effective_on='2025-01-15' (got '2025-01-14')"
                )
            ],
            id="effective before the agreement",
        ),
        pytest.param(
            {"signed_on": "2025-01-09"},
            [
                (
                    "$.amendments[0].signed_on: must not be before the agreement's "
                    "signed_on='2025-01-10' (got '2025-01-09')"
                )
            ],
            id="signed before the agreement",
        ),
        pytest.param(
            {"id": "CO-2026-02"},
            ["$.amendments[1].id: duplicate amendment id 'CO-2026-02' (first at amendments[0])"],
            id="duplicate id",
        ),
        pytest.param(
            {"changes": []},
            ["$.amendments[0].changes: must hold at least one change"],
            id="no changes",
        ),
        pytest.param(
            {"changes": [{"kind": "change_quantity", "line": "no-such-line", "quantity": 60}]},
            ["$.amendments[0].changes[0].line: unknown fee line 'no-such-line'"],
            id="unknown fee line",
        ),
        pytest.param(
            {"changes": [{"kind": "change_quantity", "line": "vcio", "quantity": 60}]},
            [
                (
                    "$.amendments[0].changes[0].line: fee line 'vcio' is not a per-unit fee: "
                    "it has no quantity"
                )
            ],
            id="quantity of a flat fee",
        ),
        pytest.param(
            {
                "changes": [
                    {
                        "kind": "change_price",
                        "line": "managed-devices",
                        "price": {"amount": "50.00", "currency": "USD"},
                    }
                ]
            },
            [
                (
                    "$.amendments[0].changes[0].line: fee line 'managed-devices' has tiers, "
                    "not one price: use change_fee_line"
                )
            ],
            id="price of a tiered line",
        ),
        pytest.param(
            {"changes": [{"kind": "remove_service", "service": "rmm"}]},
            [
                (
                    "$.amendments[0]: from 2026-03-16 the agreement in force would be invalid: "
                    "Agreement.fees.lines[0].service: unknown service 'rmm'"
                ),
                (
                    "$.amendments[0]: from 2026-03-16 the agreement in force would be invalid: "
                    "Agreement.sla.availability[0].service: unknown service 'rmm'"
                ),
                (
                    "$.amendments[0]: from 2026-03-16 the agreement in force would be invalid: "
                    "Agreement.responsibilities[1].services[0]: unknown service 'rmm'"
                ),
            ],
            id="removed service still billed",
        ),
        pytest.param(
            {"changes": [{"kind": "change_target", "priority": "P9", "response": "PT1H"}]},
            ["$.amendments[0].changes[0].priority: unknown priority 'P9'"],
            id="unknown priority",
        ),
        pytest.param(
            {"changes": [{"kind": "change_target", "priority": "P1"}]},
            [
                (
                    "$.amendments[0].changes[0].response: give a response or a resolution "
                    "target, or both"
                )
            ],
            id="target without a target",
        ),
        pytest.param(
            {"changes": [{"kind": "change_term"}]},
            ["$.amendments[0].changes[0].initial: give at least one of initial, renewal or notice"],
            id="term change without a change",
        ),
        pytest.param(
            {
                "changes": [
                    {"kind": "change_quantity", "line": "helpdesk-users", "quantity": 60},
                    {"kind": "remove_fee_line", "line": "helpdesk-users"},
                ]
            },
            [
                (
                    "$.amendments[0].changes[1]: changes fee line 'helpdesk-users', "
                    "which changes[0] already changes"
                )
            ],
            id="one thing changed twice in one amendment",
        ),
        pytest.param(
            {
                "changes": [
                    {
                        "kind": "change_price",
                        "line": "vcio",
                        "price": {"amount": "1650.00", "currency": "EUR"},
                    }
                ]
            },
            [
                (
                    "$.amendments[0]: from 2026-03-16 the agreement in force would be invalid: "
                    "FeeSchedule.lines[7].amount.currency: must be the schedule's currency 'USD' "
                    "(got 'EUR')"
                )
            ],
            id="price in another currency",
        ),
        pytest.param(
            {"changes": [{"kind": "change_target", "priority": "P1", "response": "PT5H"}]},
            [
                (
                    "$.amendments[0].changes[0]: would make PriorityTarget.resolution invalid: "
                    "resolution=PT4H must not be shorter than response=PT5H"
                )
            ],
            id="response target beyond the resolution target",
        ),
        pytest.param(
            {
                "changes": [
                    {
                        "kind": "add_service",
                        "service": {"id": "rmm", "name": "x", "category": "other", "unit": "flat"},
                    }
                ]
            },
            ["$.amendments[0].changes[0].service.id: service 'rmm' is already in scope"],
            id="service added twice",
        ),
        pytest.param(
            {
                "changes": [
                    {
                        "kind": "change_service",
                        "service": {"id": "sql", "name": "x", "category": "other", "unit": "flat"},
                    }
                ]
            },
            ["$.amendments[0].changes[0].service.id: unknown service 'sql'"],
            id="unknown service changed",
        ),
        pytest.param(
            {
                "changes": [
                    {"kind": "change_quantity", "line": "helpdesk-users", "quantity": 60},
                    {"kind": "replace_fees", "fees": json.loads(TEXT)["fees"]},
                ]
            },
            [
                (
                    "$.amendments[0].changes[1]: changes the fee schedule, "
                    "which changes[0] already changes"
                )
            ],
            id="a line and the whole schedule in one amendment",
        ),
    ],
)
def test_amendment_problems(changes: dict[str, Any], expected: list[str]) -> None:
    """Each broken amendment is refused with the rule and the path of what breaks it."""
    assert problems(edited(**changes)) == expected


def test_two_amendments_of_one_day_must_not_change_the_same_thing() -> None:
    """The order of two same-day orders would decide the result: refused, naming both."""
    data = document()
    data["amendments"][1]["effective_on"] = "2026-03-16"
    data["amendments"][1]["changes"] = [
        {"kind": "change_quantity", "line": "helpdesk-users", "quantity": 70}
    ]

    assert problems(data) == [
        (
            "$.amendments[1].changes[0]: changes fee line 'helpdesk-users' (quantity), which "
            "amendment 'CO-2026-01' (amendments[0].changes[0]) also changes on 2026-03-16"
        )
    ]


def test_a_whole_section_and_a_part_of_it_on_one_day_conflict() -> None:
    """Replacing the fee schedule and changing one of its lines on one day: refused."""
    data = document()
    data["amendments"][1]["effective_on"] = "2026-03-16"
    data["amendments"][1]["changes"] = [{"kind": "replace_fees", "fees": data["fees"]}]

    assert problems(data) == [
        (
            "$.amendments[1].changes[0]: changes the fee schedule, which amendment 'CO-2026-01' "
            "(amendments[0].changes[0]) also changes on 2026-03-16"
        )
    ]


def test_a_view_may_not_outgrow_the_bounds_of_a_document() -> None:
    """Services added day after day stop at 10,000, as in a document (a bound on work)."""
    data = document()
    service = {"name": "x", "category": "other", "unit": "flat"}
    data["amendments"] = [
        {
            "id": f"A-{day_number}",
            "signed_on": "2025-01-10",
            "effective_on": str(pendulum.Date(2025, 2, 1).add(days=day_number)),
            "description": "More services",
            "changes": [
                {"kind": "add_service", "service": {"id": f"s-{day_number}-{n}", **service}}
                for n in range(100)
            ],
        }
        for day_number in range(101)
    ]

    assert problems(data) == [
        (
            "$.amendments[99]: from 2025-05-11 the agreement in force would be invalid: "
            "$: scope.services would hold 10010 items (at most 10000)"
        )
    ]


def test_at_most_500_amendments() -> None:
    """The count of amendments is bounded before any is applied."""
    data = document()
    data["amendments"] = [
        {**data["amendments"][0], "id": f"A-{n}", "effective_on": "2026-03-16"} for n in range(501)
    ]

    assert problems(data) == ["$.amendments: must hold at most 500 amendments"]


def test_the_same_thing_may_change_on_different_days() -> None:
    """A second seat change a month later is an ordinary history."""
    data = document()
    data["amendments"][1]["changes"] = [
        {"kind": "change_quantity", "line": "helpdesk-users", "quantity": 70}
    ]

    agreement = loads(json.dumps(data))

    assert agreement.as_of(day("2026-07-01")).fees.line("helpdesk-users").quantity == 70  # type: ignore[union-attr]


# --- properties ---------------------------------------------------------------------------

_SINGLE_PRICE: Final = ("edr-seats", "helpdesk-users", "mailboxes", "servers", "sites", "vcio")
_PER_UNIT: Final = ("edr-seats", "helpdesk-users", "mailboxes", "servers", "sites")


@st.composite
def changes(draw: st.DrawFn) -> Any:
    """One targeted change on the example."""
    kind = draw(st.sampled_from(["price", "quantity", "target"]))
    if kind == "price":
        cents = draw(st.integers(min_value=0, max_value=500_000))
        return ChangePrice(
            line=draw(st.sampled_from(_SINGLE_PRICE)),
            price=Money(Decimal(cents).scaleb(-2), "USD"),
        )
    if kind == "quantity":
        return ChangeQuantity(
            line=draw(st.sampled_from(_PER_UNIT)), quantity=draw(st.integers(0, 500))
        )
    minutes = draw(st.integers(min_value=1, max_value=240))  # P1 must resolve within 4 h
    return ChangeTarget(
        priority=draw(st.sampled_from(["P1", "P2"])),
        response=BusinessTime.of(minutes=minutes),
    )


@st.composite
def histories(draw: st.DrawFn) -> tuple[Amendment, ...]:
    """Up to six amendments on days from 2025 to 2028, never two on one thing on one day."""
    count = draw(st.integers(min_value=1, max_value=6))
    found: list[Amendment] = []
    taken: set[tuple[pendulum.Date, str, str]] = set()
    for index in range(count):
        effective = pendulum.Date(2025, 1, 15).add(days=draw(st.integers(0, 4 * 365)))
        change = draw(changes())
        subject = (effective, type(change).__name__, getattr(change, "line", "") or change.priority)
        if subject in taken:
            continue
        taken.add(subject)
        found.append(
            Amendment(
                id=f"A-{index}",
                signed_on=pendulum.Date(2025, 1, 10),
                effective_on=effective,
                description="Generated change",
                changes=(change,),
            )
        )
    return tuple(found)


def one_by_one(amendments: tuple[Amendment, ...], on: pendulum.Date) -> Agreement:
    """Apply each amendment in force on `on` by itself, in order, to the result of the last."""
    current = ORIGINAL
    for amendment in sorted(amendments, key=lambda a: a.effective_on):
        if amendment.effective_on <= on:
            alone = attrs.evolve(current, amendments=(amendment,))
            current = attrs.evolve(alone.as_of(amendment.effective_on), amendments=())
    return current


@settings(max_examples=60, deadline=None)
@given(histories(), st.integers(min_value=-30, max_value=5 * 365))
def test_one_by_one_equals_all_together(amendments: tuple[Amendment, ...], offset: int) -> None:
    """Applying amendments one at a time gives the same agreement as applying them together."""
    on = pendulum.Date(2025, 1, 15).add(days=offset)
    agreement = attrs.evolve(ORIGINAL, amendments=amendments)

    together = attrs.evolve(agreement.as_of(on), amendments=())

    assert together == one_by_one(amendments, on)


@settings(max_examples=40, deadline=None)
@given(histories())
def test_before_the_first_amendment_the_view_is_the_original(
    amendments: tuple[Amendment, ...],
) -> None:
    """The day before the first effective day, nothing has changed."""
    agreement = attrs.evolve(ORIGINAL, amendments=amendments)
    first = min(a.effective_on for a in amendments)

    assert agreement.as_of(first.subtract(days=1)) is agreement


@settings(max_examples=40, deadline=None)
@given(histories())
def test_round_trips_keep_every_amendment(amendments: tuple[Amendment, ...]) -> None:
    """JSON out and back gives the same agreement, history and all."""
    agreement = attrs.evolve(ORIGINAL, amendments=amendments)

    assert loads(dumps(agreement)) == agreement


@settings(max_examples=40, deadline=None)
@given(histories(), st.integers(0, 5 * 365), st.integers(0, 5 * 365))
def test_views_chain(amendments: tuple[Amendment, ...], first: int, second: int) -> None:
    """Asking a view about a later day is asking the agreement about that day."""
    agreement = attrs.evolve(ORIGINAL, amendments=amendments)
    earlier, later = sorted((first, second))
    start = pendulum.Date(2025, 1, 15)

    chained = agreement.as_of(start.add(days=earlier)).as_of(start.add(days=later))

    assert chained == agreement.as_of(start.add(days=later))


def test_examples_do_not_share_state() -> None:
    """The module's fixtures are what the file says (a guard for the tests above)."""
    assert copy.deepcopy(ORIGINAL) == ORIGINAL
    assert ORIGINAL.amendments == ()
    assert AMENDED.schema_version == "1.1"


def test_an_invalid_agreement_is_not_amended_again_and_again() -> None:
    """A problem of the agreement itself is reported once, not once more per effective day."""
    data = document()
    data["fees"]["lines"][1]["service"] = "no-such-service"

    assert problems(data) == ["$.fees.lines[1].service: unknown service 'no-such-service'"]
