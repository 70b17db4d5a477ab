from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pendulum
import pytest

from msa_model import (
    Alignment,
    BusinessCalendar,
    BusinessDays,
    CauseTermination,
    ConvenienceTermination,
    FixedTerminationFee,
    Money,
    MonthlyFeesTerminationFee,
    NonPaymentTermination,
    Notice,
    PartyRole,
    Period,
    RemainingFeesTerminationFee,
    Renewal,
    RenewalMode,
    RollConvention,
    Term,
    TerminationRights,
    ValidationError,
)

if TYPE_CHECKING:
    from collections.abc import Callable

START = pendulum.Date(2025, 1, 1)
NINETY_DAYS = Notice(length=Period(days=90))
US_OFFICE = BusinessCalendar.always_open("America/New_York", id="us-office")


def term(**changes: object) -> Term:
    """Build a 36-month evergreen term with 90 days' notice, with some fields changed."""
    fields: dict[str, object] = {
        "start": START,
        "initial": Period(months=36),
        "renewal": Renewal.automatic(Period(years=1)),
        "notice": NINETY_DAYS,
    }
    fields.update(changes)
    return Term(**fields)  # type: ignore[arg-type]


def messages(error: ValidationError) -> list[str]:
    """List the problems of an error as text."""
    return [str(problem) for problem in error.problems]


# --- Renewal ------------------------------------------------------------------


def test_renewal_none() -> None:
    """`Renewal.none()` lets the term expire: no length, no limit."""
    expected = (RenewalMode.NONE, None, None)

    renewal = Renewal.none()

    assert expected == (renewal.mode, renewal.length, renewal.max_renewals)


@pytest.mark.parametrize(
    ("build", "mode"),
    [(Renewal.automatic, RenewalMode.AUTOMATIC), (Renewal.manual, RenewalMode.MANUAL)],
    ids=["automatic", "manual"],
)
def test_renewal_named_constructors(
    build: Callable[..., Renewal],
    mode: RenewalMode,
) -> None:
    """`Renewal.automatic` and `Renewal.manual` take a length and an optional limit."""
    renewal = build(Period(years=1), max_renewals=3)

    assert (mode, Period(years=1), 3) == (renewal.mode, renewal.length, renewal.max_renewals)


def test_renewal_without_a_limit() -> None:
    """Without `max_renewals` an evergreen term renews without limit."""
    assert Renewal.automatic(Period(months=12)).max_renewals is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            {"mode": RenewalMode.NONE, "length": Period(years=1)},
            "Renewal.length: must be absent when mode is 'none'",
            id="none with a length",
        ),
        pytest.param(
            {"mode": RenewalMode.NONE, "max_renewals": 2},
            "Renewal.max_renewals: must be absent when mode is 'none'",
            id="none with a limit",
        ),
        pytest.param(
            {"mode": RenewalMode.AUTOMATIC},
            "Renewal.length: is required when mode is 'automatic'",
            id="automatic without a length",
        ),
        pytest.param(
            {"mode": RenewalMode.MANUAL},
            "Renewal.length: is required when mode is 'manual'",
            id="manual without a length",
        ),
        pytest.param(
            {"mode": RenewalMode.AUTOMATIC, "length": Period()},
            "Renewal.length: must not be zero (got 'P0D')",
            id="zero length",
        ),
        pytest.param(
            {"mode": RenewalMode.AUTOMATIC, "length": Period(years=1), "max_renewals": 0},
            "Renewal.max_renewals: must be at least 1 (got 0)",
            id="a limit of zero renewals",
        ),
        pytest.param(
            {"mode": RenewalMode.AUTOMATIC, "length": Period(years=1), "max_renewals": True},
            "Renewal.max_renewals: must be an int or None (got bool)",
            id="a bool limit",
        ),
        pytest.param(
            {"mode": "automatic", "length": Period(years=1)},
            "Renewal.mode: must be a RenewalMode (got str)",
            id="mode as text",
        ),
    ],
)
def test_renewal_problems(fields: dict[str, object], message: str) -> None:
    """A renewal has a non-zero length exactly when it can renew."""
    with pytest.raises(ValidationError) as caught:
        Renewal(**fields)  # type: ignore[arg-type]

    assert message == str(caught.value)


def test_renewal_none_with_length_and_limit_reports_both() -> None:
    """Both fields that must be absent are reported."""
    expected = [
        "Renewal.length: must be absent when mode is 'none'",
        "Renewal.max_renewals: must be absent when mode is 'none'",
    ]

    with pytest.raises(ValidationError) as caught:
        Renewal(mode=RenewalMode.NONE, length=Period(years=1), max_renewals=1)

    assert expected == messages(caught.value)


def test_enum_values_are_lower_case() -> None:
    """Renewal modes and alignments are lower-case words in JSON."""
    assert [mode.value for mode in RenewalMode] == ["none", "automatic", "manual"]
    assert [alignment.value for alignment in Alignment] == [
        "none",
        "end_of_month",
        "end_of_term_period",
    ]


# --- Notice -------------------------------------------------------------------


@pytest.mark.parametrize(
    "length",
    [Period(days=90), Period(months=3), BusinessDays(30)],
    ids=["P90D", "P3M", "30 business days"],
)
def test_notice_takes_a_period_or_business_days(length: Period | BusinessDays) -> None:
    """A notice length is calendar units or business days, and keeps no roll by default."""
    notice = Notice(length=length)

    assert (length, RollConvention.NONE) == (notice.length, notice.roll)


def test_notice_with_a_roll() -> None:
    """A notice can roll a deadline that falls on a non-business day."""
    notice = Notice(length=BusinessDays(30), roll=RollConvention.PRECEDING)

    assert notice.roll is RollConvention.PRECEDING


# --- termination fees ---------------------------------------------------------


def test_termination_fee_kinds() -> None:
    """Each early-termination fee has its `kind` for JSON."""
    kinds = [
        FixedTerminationFee.KIND,
        RemainingFeesTerminationFee.KIND,
        MonthlyFeesTerminationFee.KIND,
    ]

    assert kinds == ["fixed", "remaining_fees", "monthly_fees"]


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(
            lambda: FixedTerminationFee(amount=Money.of("0", "USD")), id="fixed fee of zero"
        ),
        pytest.param(
            lambda: FixedTerminationFee(amount=Money.of("2500.00", "USD")), id="fixed fee"
        ),
        pytest.param(
            lambda: RemainingFeesTerminationFee(percent=Decimal(100)), id="all remaining fees"
        ),
        pytest.param(
            lambda: RemainingFeesTerminationFee(percent=Decimal("0.5")), id="half a percent"
        ),
        pytest.param(lambda: MonthlyFeesTerminationFee(months=1), id="one month"),
        pytest.param(lambda: MonthlyFeesTerminationFee(months=120), id="ten years"),
    ],
)
def test_termination_fees_within_bounds(build: Callable[[], object]) -> None:
    """Fees within their bounds are built."""
    fee = build()

    assert attrs.has(type(fee))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(
            lambda: FixedTerminationFee(amount=Money.of("-1.00", "USD")),
            "FixedTerminationFee.amount: must not be negative (got '-1.00')",
            id="negative fixed fee",
        ),
        pytest.param(
            lambda: RemainingFeesTerminationFee(percent=Decimal(0)),
            "RemainingFeesTerminationFee.percent: must be greater than 0 (got '0')",
            id="zero percent",
        ),
        pytest.param(
            lambda: RemainingFeesTerminationFee(percent=Decimal("100.5")),
            "RemainingFeesTerminationFee.percent: must be at most 100 (got '100.5')",
            id="over 100 percent",
        ),
        pytest.param(
            lambda: RemainingFeesTerminationFee(percent=50),  # type: ignore[arg-type]
            "RemainingFeesTerminationFee.percent: must be a Decimal (got int)",
            id="percent as an int",
        ),
        pytest.param(
            lambda: MonthlyFeesTerminationFee(months=0),
            "MonthlyFeesTerminationFee.months: must be at least 1 (got 0)",
            id="zero months",
        ),
        pytest.param(
            lambda: MonthlyFeesTerminationFee(months=121),
            "MonthlyFeesTerminationFee.months: must be at most 120 (got 121)",
            id="over ten years",
        ),
    ],
)
def test_termination_fee_problems(build: Callable[[], object], message: str) -> None:
    """Fees are not negative, percentages in (0, 100], months from 1 to 120."""
    with pytest.raises(ValidationError) as caught:
        build()

    assert message == str(caught.value)


# --- termination rights -------------------------------------------------------


def test_convenience_termination_defaults() -> None:
    """Convenience termination takes effect when notice runs out, without minimum or fee."""
    right = ConvenienceTermination(parties=(PartyRole.CLIENT,), notice=NINETY_DAYS)

    assert (right.alignment, right.minimum_term, right.early_termination_fee) == (
        Alignment.NONE,
        None,
        None,
    )


def test_convenience_termination_with_a_minimum_term_and_a_fee() -> None:
    """A minimum term, an alignment and a fee can all be stated."""
    right = ConvenienceTermination(
        parties=(PartyRole.CLIENT, PartyRole.PROVIDER),
        notice=NINETY_DAYS,
        alignment=Alignment.END_OF_MONTH,
        minimum_term=Period(months=12),
        early_termination_fee=RemainingFeesTerminationFee(percent=Decimal(50)),
    )

    assert right.minimum_term == Period(months=12)


def test_convenience_termination_minimum_term_must_not_be_zero() -> None:
    """A zero minimum term says nothing: leave it out instead."""
    expected = (
        "ConvenienceTermination.minimum_term: must not be zero (leave it out for no minimum term)"
    )

    with pytest.raises(ValidationError) as caught:
        ConvenienceTermination(
            parties=(PartyRole.CLIENT,), notice=NINETY_DAYS, minimum_term=Period()
        )

    assert expected == str(caught.value)


def test_cause_termination_is_for_both_parties_by_default() -> None:
    """Either party may terminate for an uncured breach unless the clause says otherwise."""
    right = CauseTermination(cure=Period(days=30))

    assert right.parties == (PartyRole.PROVIDER, PartyRole.CLIENT)


@pytest.mark.parametrize(
    ("parties", "expected"),
    [
        pytest.param(
            (),
            ["{cls}.parties: must list at least one party role"],
            id="nobody",
        ),
        pytest.param(
            (PartyRole.THIRD_PARTY,),
            ["{cls}.parties[0]: only the provider or the client may terminate"],
            id="a third party",
        ),
        pytest.param(
            (PartyRole.CLIENT, PartyRole.CLIENT),
            ["{cls}.parties[1]: duplicate party role 'client' (first at parties[0])"],
            id="the client twice",
        ),
        pytest.param(
            [PartyRole.CLIENT],
            ["{cls}.parties: must be a tuple (got list)"],
            id="a list",
        ),
    ],
)
@pytest.mark.parametrize(
    ("build", "cls"),
    [
        pytest.param(
            lambda parties: ConvenienceTermination(parties=parties, notice=NINETY_DAYS),
            "ConvenienceTermination",
            id="convenience",
        ),
        pytest.param(
            lambda parties: CauseTermination(cure=Period(days=30), parties=parties),
            "CauseTermination",
            id="cause",
        ),
    ],
)
def test_terminating_parties(
    build: Callable[[object], object], cls: str, parties: object, expected: list[str]
) -> None:
    """Only the provider and the client, each at most once, may terminate."""
    with pytest.raises(ValidationError) as caught:
        build(parties)

    assert [message.format(cls=cls) for message in expected] == messages(caught.value)


def test_termination_rights_default_to_none() -> None:
    """Without clauses, no early termination right exists."""
    rights = TerminationRights()

    assert (rights.convenience, rights.cause, rights.non_payment) == (None, None, None)


# --- Term ---------------------------------------------------------------------


def test_term_with_defaults() -> None:
    """A term needs a start, a length and a renewal; the rest defaults."""
    actual = Term(start=START, initial=Period(months=12), renewal=Renewal.none())

    assert (actual.notice, actual.termination, actual.transition, actual.calendar) == (
        None,
        TerminationRights(),
        None,
        None,
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"initial": Period()},
            ["Term.initial: must not be zero (got 'P0D')"],
            id="zero initial term",
        ),
        pytest.param(
            {"notice": None},
            ["Term.notice: is required when renewal mode is 'automatic'"],
            id="automatic without notice",
        ),
        pytest.param(
            {"notice": None, "renewal": Renewal.manual(Period(years=1))},
            ["Term.notice: is required when renewal mode is 'manual'"],
            id="manual without notice",
        ),
        pytest.param(
            {"transition": Period()},
            ["Term.transition: must not be zero (leave it out for no transition)"],
            id="zero transition",
        ),
        pytest.param(
            {"start": pendulum.datetime(2025, 1, 1)},
            ["Term.start: must be a Date (got DateTime)"],
            id="a DateTime start",
        ),
        pytest.param(
            {"initial": Period(), "notice": None},
            [
                "Term.initial: must not be zero (got 'P0D')",
                "Term.notice: is required when renewal mode is 'automatic'",
            ],
            id="every problem at once",
        ),
    ],
)
def test_term_problems(changes: dict[str, object], expected: list[str]) -> None:
    """A term has a non-zero initial length and, when it can renew, a notice."""
    with pytest.raises(ValidationError) as caught:
        term(**changes)

    assert expected == messages(caught.value)


def test_term_that_cannot_renew_needs_no_notice() -> None:
    """With renewal mode none there is nothing to give notice of."""
    actual = term(renewal=Renewal.none(), notice=None)

    assert actual.notice is None


ALL_BUSINESS_DAYS = TerminationRights(
    convenience=ConvenienceTermination(
        parties=(PartyRole.CLIENT,), notice=Notice(length=BusinessDays(60))
    ),
    cause=CauseTermination(cure=BusinessDays(5)),
    non_payment=NonPaymentTermination(overdue=BusinessDays(15), cure=BusinessDays(10)),
)
MIXED = TerminationRights(
    convenience=ConvenienceTermination(parties=(PartyRole.CLIENT,), notice=NINETY_DAYS),
    cause=CauseTermination(cure=BusinessDays(5)),
    non_payment=NonPaymentTermination(overdue=Period(days=30), cure=BusinessDays(10)),
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, [], id="calendar lengths only"),
        pytest.param({"renewal": Renewal.none(), "notice": None}, [], id="no notice at all"),
        pytest.param(
            {"notice": Notice(length=BusinessDays(30))},
            [(("notice", "length"), BusinessDays(30))],
            id="business-day notice",
        ),
        pytest.param(
            {"termination": MIXED},
            [
                (("termination", "cause", "cure"), BusinessDays(5)),
                (("termination", "non_payment", "cure"), BusinessDays(10)),
            ],
            id="some rights in business days",
        ),
        pytest.param(
            {"notice": Notice(length=BusinessDays(30)), "termination": ALL_BUSINESS_DAYS},
            [
                (("notice", "length"), BusinessDays(30)),
                (("termination", "convenience", "notice", "length"), BusinessDays(60)),
                (("termination", "cause", "cure"), BusinessDays(5)),
                (("termination", "non_payment", "overdue"), BusinessDays(15)),
                (("termination", "non_payment", "cure"), BusinessDays(10)),
            ],
            id="every length in business days, in field order",
        ),
    ],
)
def test_business_day_lengths(
    changes: dict[str, object], expected: list[tuple[tuple[str, ...], BusinessDays]]
) -> None:
    """`business_day_lengths` yields each length counted in business days with its path."""
    actual = term(calendar=US_OFFICE, **changes).business_day_lengths()

    assert expected == list(actual)


def test_business_days_need_a_calendar() -> None:
    """Every length in business days is reported when the term has no calendar."""
    expected = [
        "Term.notice.length: 30 business days needs a calendar: set term.calendar",
        "Term.termination.cause.cure: 5 business days needs a calendar: set term.calendar",
        "Term.termination.non_payment.cure: 10 business days needs a calendar: set term.calendar",
    ]

    with pytest.raises(ValidationError) as caught:
        term(notice=Notice(length=BusinessDays(30)), termination=MIXED)

    assert expected == messages(caught.value)


def test_business_days_with_a_calendar_are_valid() -> None:
    """With a calendar, business-day lengths are fine."""
    actual = term(notice=Notice(length=BusinessDays(30)), termination=MIXED, calendar=US_OFFICE)

    assert actual.calendar == US_OFFICE


def test_evolve_revalidates() -> None:
    """`attrs.evolve` into an invalid term raises like the constructor does."""
    valid = term()

    with pytest.raises(ValidationError) as caught:
        attrs.evolve(valid, notice=None)

    assert str(caught.value) == "Term.notice: is required when renewal mode is 'automatic'"


def test_evolve_into_a_valid_term() -> None:
    """`attrs.evolve` returns a new term and leaves the original unchanged."""
    valid = term()

    actual = attrs.evolve(valid, renewal=Renewal.none(), notice=None)

    assert actual.renewal == Renewal.none()
    assert valid.renewal == Renewal.automatic(Period(years=1))


def test_term_is_frozen_and_hashable() -> None:
    """Terms are immutable values usable as dict keys."""
    valid = term(termination=MIXED, calendar=US_OFFICE)

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        valid.start = pendulum.Date(2026, 1, 1)  # type: ignore[misc]
    assert {valid: "t"}[term(termination=MIXED, calendar=US_OFFICE)] == "t"
