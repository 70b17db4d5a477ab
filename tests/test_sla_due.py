"""Due times and ticket evaluation on the bundled agreement's SLA (docs/sla.md).

The SLA: P1 on a 24x7 calendar (respond in 30 minutes, resolve in 4 hours);
P2 (1 h / 8 h), P3 (4 h / 3 business days) and P4 (1 / 5 business days) on
business hours, Mon-Fri 08:00-18:00 America/New_York, closed on
Thanksgiving 2026-11-26 and the day after. Every answer below was worked
out by hand from those clauses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pendulum
import pytest

from msa_model import (
    LocalTimeError,
    NotInAgreementError,
    ValidationError,
    loads,
)
from msa_model._model.tickets import (
    Stage,
    StageStatus,
    Ticket,
    TicketEvent,
    TicketEventKind,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "harbor-point-managed-it.json"
SLA = loads(EXAMPLE.read_text(encoding="utf-8")).sla
ET = "-05:00"


def at(text: str) -> pendulum.DateTime:
    """A New York winter time written without its offset, e.g. `2026-11-20 16:30`."""
    moment = pendulum.parse(text.replace(" ", "T") + ET)
    assert isinstance(moment, pendulum.DateTime)
    return moment


def show(moment: pendulum.DateTime | None) -> str | None:
    """Write a due time as a New York weekday, date and time."""
    return (
        None
        if moment is None
        else moment.in_timezone("America/New_York").format("ddd YYYY-MM-DD HH:mm")
    )


@pytest.mark.parametrize(
    ("clause", "priority", "opened", "response", "resolution"),
    [
        (
            "P1 runs around the clock: 30 minutes and 4 hours of real time",
            "P1",
            "2026-11-20 16:30",
            "Fri 2026-11-20 17:00",
            "Fri 2026-11-20 20:30",
        ),
        (
            "P2 response ends inside Friday; resolution carries 6.5 h into Monday",
            "P2",
            "2026-11-20 16:30",
            "Fri 2026-11-20 17:30",
            "Mon 2026-11-23 14:30",
        ),
        (
            "P3: 1.5 h on Friday, 2.5 h on Monday; 3 business days keep the time of day",
            "P3",
            "2026-11-20 16:30",
            "Mon 2026-11-23 10:30",
            "Wed 2026-11-25 16:30",
        ),
        (
            "P3 opened a minute before closing: 1 min Friday, 3 h 59 min Monday",
            "P3",
            "2026-11-20 17:59",
            "Mon 2026-11-23 11:59",
            "Wed 2026-11-25 17:59",
        ),
        (
            "P4 opened on Saturday counts from Monday's opening at 08:00",
            "P4",
            "2026-11-21 10:00",
            "Tue 2026-11-24 08:00",
            "Wed 2026-12-02 08:00",
        ),
        (
            "P4 opened the day before Thanksgiving skips both holidays and the weekend",
            "P4",
            "2026-11-25 17:30",
            "Mon 2026-11-30 17:30",
            "Fri 2026-12-04 17:30",
        ),
        (
            "P2 opened exactly at closing time starts at the next opening",
            "P2",
            "2026-11-20 18:00",
            "Mon 2026-11-23 09:00",
            "Mon 2026-11-23 16:00",
        ),
        (
            "P3: 4 hours from Friday 14:00 use up Friday exactly and end at its closing time",
            "P3",
            "2026-11-20 14:00",
            "Fri 2026-11-20 18:00",
            "Wed 2026-11-25 14:00",
        ),
    ],
)
def test_due_times(clause: str, priority: str, opened: str, response: str, resolution: str) -> None:
    """Due times."""
    due = SLA.due(priority, at(opened))
    assert (show(due.response), show(due.resolution)) == (response, resolution), clause
    assert due.priority == priority
    assert due.opened_at == at(opened)


def test_due_times_are_in_the_calendar_zone_whatever_the_input_offset() -> None:
    """Due times are in the calendar zone whatever the input offset."""
    due = SLA.due("P2", pendulum.datetime(2026, 11, 20, 21, 30, tz="UTC"))
    assert due.response.isoformat() == "2026-11-20T17:30:00-05:00"
    assert due.opened_at.isoformat() == "2026-11-20T16:30:00-05:00"


def test_a_pause_moves_a_business_day_target_out_by_the_business_time_paused() -> None:
    """P4 opened Fri 10:00, paused 11:00-13:00: due Mon 10:00 moves out 2 h to 12:00."""
    due = SLA.due(
        "P4", at("2026-11-20 10:00"), pauses=[(at("2026-11-20 11:00"), at("2026-11-20 13:00"))]
    )
    assert show(due.response) == "Mon 2026-11-23 12:00"
    assert show(due.resolution) == "Tue 2026-12-01 12:00"


def test_a_pause_moves_a_business_time_target_out() -> None:
    """P2 opened Mon 09:00, paused 10:00-14:00: 1 h before, 4 h until 18:00, 3 h on Tuesday."""
    due = SLA.due(
        "P2", at("2026-11-23 09:00"), pauses=[(at("2026-11-23 10:00"), at("2026-11-23 14:00"))]
    )
    assert show(due.response) == "Mon 2026-11-23 10:00"
    assert show(due.resolution) == "Tue 2026-11-24 11:00"


def test_an_unknown_priority_is_named() -> None:
    """An unknown priority is named."""
    with pytest.raises(NotInAgreementError, match=r"no priority 'P9' \(it has 'P1', 'P2'"):
        SLA.due("P9", at("2026-11-20 16:30"))


def test_an_opening_time_without_an_offset_is_refused() -> None:
    """An opening time without an offset is refused."""
    with pytest.raises(LocalTimeError, match="has no offset"):
        SLA.due("P1", dt.datetime(2026, 11, 20, 16, 30))  # noqa: DTZ001 # the point of the test


def test_an_opening_time_skipped_by_the_clock_change_is_refused() -> None:
    """2:30 on 8 March 2026 does not exist in New York."""
    skipped = dt.datetime(2026, 3, 8, 2, 30, tzinfo=ZoneInfo("America/New_York"))
    with pytest.raises(LocalTimeError, match=r"does not exist .* \(-05:00 or -04:00\)"):
        SLA.due("P1", skipped)


def test_an_opening_time_in_the_repeated_hour_is_the_instant_its_fold_names() -> None:
    """Pendulum takes the second 01:30 of 1 November 2026 (EST): P1 answers by 02:00 EST."""
    second = pendulum.datetime(2026, 11, 1, 1, 30, tz="America/New_York")
    assert SLA.due("P1", second).response.isoformat() == "2026-11-01T02:00:00-05:00"


def event(kind: str, moment: str, priority: str | None = None) -> TicketEvent:
    """Build a ticket event at a New York winter time."""
    return TicketEvent(kind=TicketEventKind(kind), at=at(moment), priority=priority)


def test_a_met_ticket_with_a_pause() -> None:
    """P2 opened Mon 09:00, answered 09:30, paused 10:00-14:00, resolved Tue 09:00."""
    ticket = Ticket(
        priority="P2",
        opened_at=at("2026-11-23 09:00"),
        events=(
            event("responded", "2026-11-23 09:30"),
            event("paused", "2026-11-23 10:00"),
            event("resumed", "2026-11-23 14:00"),
            event("resolved", "2026-11-24 09:00"),
        ),
    )
    result = SLA.evaluate(ticket)
    response, resolution = result.response, result.resolution
    assert response.stage is Stage.RESPONSE
    assert (response.status, response.elapsed, response.margin) == (
        StageStatus.MET,
        dt.timedelta(minutes=30),
        dt.timedelta(minutes=30),
    )
    assert show(response.due) == "Mon 2026-11-23 10:00"
    assert resolution is not None
    assert show(resolution.due) == "Tue 2026-11-24 11:00"
    assert (resolution.status, resolution.elapsed, resolution.margin) == (
        StageStatus.MET,
        dt.timedelta(hours=6),
        dt.timedelta(hours=2),
    )
    assert not result.breached


def test_upgrading_a_ticket_judges_it_by_the_new_priority_from_the_original_opening() -> None:
    """P3 opened Fri 16:30, raised to P1 at 16:45: response due 17:00, answered 17:10."""
    ticket = Ticket(
        priority="P3",
        opened_at=at("2026-11-20 16:30"),
        events=(
            event("reprioritised", "2026-11-20 16:45", "P1"),
            event("responded", "2026-11-20 17:10"),
            event("resolved", "2026-11-20 20:00"),
        ),
    )
    result = SLA.evaluate(ticket)
    assert result.response.priority == "P1"
    assert show(result.response.due) == "Fri 2026-11-20 17:00"
    assert result.response.status is StageStatus.BREACHED
    assert result.response.margin == -dt.timedelta(minutes=10)
    assert result.resolution is not None
    assert result.resolution.status is StageStatus.MET
    assert result.resolution.margin == dt.timedelta(minutes=30)
    assert result.breached


def test_a_stage_ended_before_a_change_of_priority_keeps_its_priority() -> None:
    """P3 answered Fri 17:00, raised to P1 at 17:30: the response stays judged as P3."""
    ticket = Ticket(
        priority="P3",
        opened_at=at("2026-11-20 16:30"),
        events=(
            event("responded", "2026-11-20 17:00"),
            event("reprioritised", "2026-11-20 17:30", "P1"),
        ),
    )
    result = SLA.evaluate(ticket, as_of=at("2026-11-20 19:00"))
    assert result.response.priority == "P3"
    assert result.response.status is StageStatus.MET
    assert result.response.margin == dt.timedelta(hours=3, minutes=30)  # 1 h Fri, 2.5 h Mon
    assert result.resolution is not None
    assert result.resolution.priority == "P1"
    assert result.resolution.status is StageStatus.RUNNING
    assert result.resolution.elapsed == dt.timedelta(hours=2, minutes=30)
    assert result.resolution.margin == dt.timedelta(hours=1, minutes=30)


def test_a_running_ticket_past_its_due_time_is_breached() -> None:
    """A running ticket past its due time is breached."""
    ticket = Ticket(priority="P2", opened_at=at("2026-11-23 09:00"))
    result = SLA.evaluate(ticket, as_of=at("2026-11-23 10:15"))
    assert result.response.status is StageStatus.BREACHED
    assert result.response.margin == -dt.timedelta(minutes=15)
    assert result.resolution is not None
    assert result.resolution.status is StageStatus.RUNNING


def test_a_running_ticket_without_as_of_has_no_elapsed_time() -> None:
    """A running ticket without as of has no elapsed time."""
    result = SLA.evaluate(Ticket(priority="P2", opened_at=at("2026-11-23 09:00")))
    assert result.response.status is StageStatus.RUNNING
    assert (result.response.elapsed, result.response.margin, result.response.ended_at) == (
        None,
        None,
        None,
    )


def test_a_ticket_resolved_without_a_response_was_responded_to_on_resolution() -> None:
    """A ticket resolved without a response was responded to on resolution."""
    ticket = Ticket(
        priority="P2",
        opened_at=at("2026-11-23 09:00"),
        events=(event("resolved", "2026-11-23 09:45"),),
    )
    result = SLA.evaluate(ticket)
    assert show(result.response.ended_at) == "Mon 2026-11-23 09:45"
    assert result.response.status is StageStatus.MET


def test_a_pause_still_open_lasts_until_as_of() -> None:
    """P2 opened Mon 09:00, answered 09:30, paused at 10:00 and not resumed by Tue 12:00."""
    ticket = Ticket(
        priority="P2",
        opened_at=at("2026-11-23 09:00"),
        events=(event("responded", "2026-11-23 09:30"), event("paused", "2026-11-23 10:00")),
    )
    result = SLA.evaluate(ticket, as_of=at("2026-11-24 12:00"))
    assert result.resolution is not None
    assert result.resolution.elapsed == dt.timedelta(hours=1)
    assert show(result.resolution.due) == "Wed 2026-11-25 09:00"  # 7 h left after Tue 12:00
    assert result.resolution.margin == dt.timedelta(hours=7)
    assert result.resolution.status is StageStatus.RUNNING


def test_as_of_before_the_opening_is_refused() -> None:
    """As of before the opening is refused."""
    ticket = Ticket(priority="P2", opened_at=at("2026-11-23 09:00"))
    with pytest.raises(ValueError, match="before the ticket was opened"):
        SLA.evaluate(ticket, as_of=at("2026-11-23 08:00"))


def test_a_ticket_naming_an_unknown_priority_is_refused() -> None:
    """A ticket naming an unknown priority is refused."""
    ticket = Ticket(
        priority="P2",
        opened_at=at("2026-11-23 09:00"),
        events=(event("reprioritised", "2026-11-23 09:10", "P7"),),
    )
    with pytest.raises(NotInAgreementError, match="'P7'"):
        SLA.evaluate(ticket)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (
            (event("responded", "2026-11-23 08:00"),),
            "Ticket.events[0].at: must not be before opened_at",
        ),
        (
            (event("paused", "2026-11-23 10:00"), event("responded", "2026-11-23 09:30")),
            "Ticket.events[1].at: must not be before events[0].at",
        ),
        (
            (event("resolved", "2026-11-23 10:00"), event("responded", "2026-11-23 10:30")),
            "Ticket.events[1]: comes after the ticket was resolved (events[0])",
        ),
        (
            (event("responded", "2026-11-23 10:00"), event("responded", "2026-11-23 10:30")),
            "Ticket.events[1]: repeats events[0]: 'responded' happens once",
        ),
        (
            (event("resumed", "2026-11-23 10:00"),),
            "Ticket.events[0]: resumes a ticket that is not paused",
        ),
        (
            (event("paused", "2026-11-23 10:00"), event("paused", "2026-11-23 10:30")),
            "Ticket.events[1]: pauses a ticket that is already paused",
        ),
    ],
)
def test_a_ticket_history_that_cannot_have_happened_is_refused(
    events: tuple[TicketEvent, ...], message: str
) -> None:
    """A ticket history that cannot have happened is refused."""
    with pytest.raises(ValidationError) as caught:
        Ticket(priority="P2", opened_at=at("2026-11-23 09:00"), events=events)
    assert message in str(caught.value)


def test_a_reprioritisation_needs_the_new_priority() -> None:
    """A reprioritisation needs the new priority."""
    with pytest.raises(ValidationError, match="priority"):
        TicketEvent(kind=TicketEventKind.REPRIORITISED, at=at("2026-11-23 09:00"))
    with pytest.raises(ValidationError, match="only for 'reprioritised'"):
        TicketEvent(kind=TicketEventKind.PAUSED, at=at("2026-11-23 09:00"), priority="P1")


def test_a_naive_event_time_is_refused() -> None:
    """A naive event time is refused."""
    with pytest.raises(ValidationError, match="must have an offset"):
        TicketEvent(kind=TicketEventKind.PAUSED, at=dt.datetime(2026, 11, 23, 9))  # noqa: DTZ001
