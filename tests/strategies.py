"""Hypothesis strategies that build valid model objects, from values up to whole agreements.

Every strategy yields objects that keep their own `_problems()` rules, and
whole agreements keep the rules that tie sections together. Strategies for
parts that refer to other parts take what they may refer to (calendar ids,
services, line ids), so references always resolve.

Speed matters here: the round-trip properties draw thousands of whole
agreements, and each Hypothesis draw costs about 50 microseconds, more
than building the objects. So the helpers draw through a `Source`: every
choice (which optional fields are there, which enum member, how many
items, a period's units, an amount) is a digit taken from a 1024-bit
integer, and a new integer is drawn only when one runs low; text comes
from a pool of four strings and ids from two stems. A whole agreement
then costs about six draws instead of several hundred. Hypothesis still
shrinks: each integer shrinks toward 0, and all-zero digits are the first
option everywhere (absent, first member, fewest items). Values range over
every unit, union branch and optional field; the text pool holds random
Unicode (control characters, quotes, emoji) and `NASTY_TEXTS`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final, TypeVar

import pendulum
from hypothesis import strategies as st

from msa_model import (
    SLA,
    AdjustmentTiming,
    Agreement,
    Alignment,
    AmountCap,
    AvailabilityTarget,
    BillingFrequency,
    BillingPolicy,
    BillingTiming,
    BlockOfHours,
    BusinessCalendar,
    BusinessDays,
    BusinessTime,
    CauseTermination,
    ClientRequirement,
    Confidentiality,
    ConvenienceTermination,
    CreditTier,
    EarlyTerminationFee,
    EscalationStep,
    Exclusion,
    FeeLine,
    FeeSchedule,
    FeesPaidCap,
    FixedTerminationFee,
    HourlyRate,
    IndexAdjustment,
    LateFee,
    LiabilityCap,
    Location,
    MeasurementPeriod,
    Money,
    MonthlyFeesTerminationFee,
    NonPaymentTermination,
    Notice,
    OneTimeFee,
    OpeningWindow,
    Party,
    PartyRole,
    PercentageAdjustment,
    Period,
    PerUnitFee,
    PriceAdjustment,
    PriceTier,
    PriorityTarget,
    PublicHolidays,
    Raci,
    Recurrence,
    RecurringFee,
    RemainingFeesTerminationFee,
    Renewal,
    RenewalMode,
    Responsibility,
    ResponsibilityCategory,
    RollConvention,
    Rounding,
    Service,
    ServiceCategory,
    ServiceScope,
    SupportLevel,
    Term,
    TerminationRights,
    TierMode,
    TimeOfDay,
    Unit,
    Weekday,
)
from msa_model._model.fees import MAX_QUANTITY
from msa_model._values.invariants import MAX_ID, MAX_NAME
from msa_model._values.money import MAX_AMOUNT
from msa_model._values.period import MAX_BUSINESS_SECONDS, MAX_UNIT

T = TypeVar("T")
Length = Period | BusinessDays
Target = BusinessTime | BusinessDays

CURRENCIES: Final = ("USD", "EUR", "JPY", "BHD", "GBP", "CHF", "KWD", "INR")
"""Currencies with 0 (JPY), 2 (USD, EUR, ...) and 3 (BHD, KWD) minor units."""

ZONES: Final = (
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "UTC",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "America/St_Johns",
)
"""Real IANA zones: DST north and south, a half-hour DST shift (Lord Howe), odd offsets."""

NASTY_TEXTS: Final = (
    'a "quoted" name',
    "back\\slash \\u0041 \\n",
    "line one\nline two\r\nline three\ttabbed",
    "control \x00 \x1f \b \f \x7f",
    "Zürich – Genève €12,50 ¥500",
    "中文合同 日本語 한국어",
    "emoji 😀 👩\u200d💻 🇳🇿",
    "separators \u2028 \u2029 bom \ufeff nbsp\u00a0",
    "</script><!-- & ' \" -->",
    " padded ",
    "é" * MAX_NAME,
)
"""Text that JSON must escape, that UTF-8 writes in several bytes, or that sits on a limit.

Each fits every text field (at most `MAX_NAME` characters). Lone surrogates
are left out: they cannot be written as UTF-8.
"""

LINE_KINDS: Final = ("recurring", "per_unit", "hourly", "one_time", "block")
"""The `kind` of each fee line class."""

MAX_ITEMS: Final = 3
"""Most items in a generated list (usually one or two), to keep agreements quick to draw."""

_ID_CHARACTERS: Final = "abcxyzABCXYZ0189._-"
_ROLES: Final = tuple(PartyRole)
_BOTH: Final = (PartyRole.CLIENT, PartyRole.PROVIDER)
_TERMINATING: Final = ((PartyRole.PROVIDER,), (PartyRole.CLIENT,), _BOTH)
_COUNTED_UNITS: Final = tuple(unit for unit in Unit if unit is not Unit.FLAT)
_COUNTRIES: Final = ("US", "GB", "DE", "AU", "NZ", "JP")
_SUBDIVISIONS: Final = (None, "NY", "ENG", "NSW", "BY", "13")
_SIZES: Final = (0, 1, 1, 2, 3)
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_TEN: Final = Decimal(10)
_HUNDRED: Final = Decimal(100)
_LARGEST_AMOUNT: Final = MAX_AMOUNT - Decimal("0.0001")
_FIRST_DAY: Final = pendulum.Date(1900, 1, 1).toordinal()
_DAYS: Final = pendulum.Date(2199, 12, 31).toordinal() - _FIRST_DAY + 1
_LAST_ORDINAL: Final = pendulum.Date(9999, 12, 31).toordinal()
_POOL: Final = 4
"""Strings in a `Source`'s text pool: a text digit is below this."""
_MAYBE: Final = _POOL + 1
"""An optional text digit: 0 for none, else a pool entry."""


def _not_blank(value: str) -> bool:
    return bool(value.strip())


def _id_from(text: str) -> str:
    # An id starts with a letter or digit; replacing a leading '.', '_' or '-' beats retrying.
    return text if text[0].isalnum() else "x" + text[1:]


_TEXTS: Final = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(_not_blank)
_IDS: Final = st.text(_ID_CHARACTERS, min_size=1, max_size=MAX_ID).map(_id_from)


@functools.cache
def _integers(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


_BLOCK_SIZE: Final = 2**1024
_BLOCK: Final = _integers(0, _BLOCK_SIZE - 1)
_SPARE: Final = 2**32
"""A block is replaced while this much is left, so the last digits drawn stay uniform."""


def _scaled(places: int, low: Decimal, high: Decimal, *, exclude_low: bool) -> tuple[int, int]:
    """The smallest and largest multiples of 10**-places in the bounds, scaled to integers."""
    scale = 10**places
    first = math.ceil(low * scale)
    if exclude_low and first == low * scale:
        first += 1
    return first, math.floor(high * scale)


class Source:
    """What the drawing helpers draw from: blocks of random bits, a text pool and id stems.

    One `Source` serves one drawn value (an agreement, a period...).

    Attributes:
        draw: Hypothesis's draw function.
    """

    def __init__(self, draw: st.DrawFn) -> None:
        """Start with no bits drawn; the first `digits` call draws a block."""
        self.draw = draw
        self._number = 0
        self._capacity = 0

    @functools.cached_property
    def texts(self) -> tuple[str, ...]:
        """Four strings that text fields take by digit: two random, two of `NASTY_TEXTS`."""
        first, second = self.digits(len(NASTY_TEXTS), len(NASTY_TEXTS))
        return (self.draw(_TEXTS), self.draw(_TEXTS), NASTY_TEXTS[first], NASTY_TEXTS[second])

    @functools.cached_property
    def stems(self) -> tuple[str, ...]:
        """Two ids that lists of distinct ids are made from."""
        return (self.draw(_IDS), self.draw(_IDS))

    def digits(self, *radices: int) -> list[int]:
        """Draw several independent choices at once: digit i is below `radices[i]`.

        The digits are taken from a block of random bits, and a new block
        is drawn only when the current one runs low.
        """
        need = math.prod(radices)
        if need * _SPARE > self._capacity:
            self._number, self._capacity = self.draw(_BLOCK), _BLOCK_SIZE
        self._capacity //= need
        found = []
        for radix in radices:
            self._number, digit = divmod(self._number, radix)
            found.append(digit)
        return found

    def integer(self, low: int, high: int) -> int:
        """Draw an integer in `[low, high]`."""
        (offset,) = self.digits(high - low + 1)
        return low + offset

    def text(self, digit: int) -> str:
        """The pool's text for a digit below `_POOL`."""
        return self.texts[digit]

    def maybe_text(self, digit: int) -> str | None:
        """None for digit 0, else the pool's text for a digit below `_MAYBE`."""
        return self.texts[digit - 1] if digit else None

    def ids(self, count: int, stem: int = 0) -> list[str]:
        """`count` distinct ids from one stem: the stem, then the stem with `-1`, `-2`..."""
        base = self.stems[stem % len(self.stems)]
        return [base if n == 0 else f"{base[: MAX_ID - 3]}-{n}" for n in range(count)]

    def day(self) -> pendulum.Date:
        """Draw a day: mostly from 1900 to 2199, sometimes any from year 1 to 9999."""
        anywhere, number = self.digits(4, _LAST_ORDINAL)
        ordinal = 1 + number if anywhere == 0 else _FIRST_DAY + number % _DAYS
        return pendulum.Date.fromordinal(ordinal)

    def later(self, day: pendulum.Date) -> pendulum.Date:
        """Draw `day` or a day up to about ten years after it (never after 9999-12-31)."""
        ordinal = min(day.toordinal() + self.integer(0, 3660), _LAST_ORDINAL)
        return pendulum.Date.fromordinal(ordinal)

    def decimal(self, low: Decimal, high: Decimal, *, exclude_low: bool = False) -> Decimal:
        """Draw a decimal in `[low, high]` (or `(low, high]`), 0 to 4 places, zeros kept.

        Sizes spread from a few digits to the bound, and negative values
        come whenever the bounds allow them.
        """
        negative, places, size, mantissa = self.digits(2, 5, 20, 10**19)
        first, last = _scaled(places, low, high, exclude_low=exclude_low)
        if first > last:  # no number with so few places fits, e.g. (0, 0.5] with none
            places = 4
            first, last = _scaled(places, low, high, exclude_low=exclude_low)
        magnitude = mantissa % 10**size
        number = -magnitude if negative else magnitude
        if not first <= number <= last:
            number = first + magnitude % (last - first + 1)
        return Decimal(number).scaleb(-places)

    def percent(self) -> Decimal:
        """Draw a percentage above 0 and at most 100."""
        return self.decimal(_ZERO, _HUNDRED, exclude_low=True)

    def change(self) -> Decimal:
        """Draw a percentage change above -100 and at most 100."""
        return self.decimal(-_HUNDRED, _HUNDRED, exclude_low=True)

    def money(
        self,
        currency: str | None = None,
        *,
        low: Decimal = -_LARGEST_AMOUNT,
        positive: bool = False,
    ) -> Money:
        """Draw money of at least `low` (above it when `positive`) in `currency` or any of ours."""
        code = currency or CURRENCIES[self.integer(0, len(CURRENCIES) - 1)]
        return Money(self.decimal(low, _LARGEST_AMOUNT, exclude_low=positive), code)

    def period(self, *, allow_zero: bool = True) -> Period:
        """Draw a length with any combination of years, months, weeks and days.

        A mask says which units are present, so every combination (and
        `P0D` when allowed) is equally likely; a size digit keeps many units
        small (1 to 9) while others reach 9999.
        """
        mask, size, *units = self.digits(16, 4, *[MAX_UNIT] * 4)
        if not allow_zero and mask == 0:
            mask = 1 + size
        top = 10 ** (size + 1) - 1
        years, months, weeks, days = (
            1 + unit % top if mask & (1 << bit) else 0 for bit, unit in enumerate(units)
        )
        return Period(years=years, months=months, weeks=weeks, days=days)

    def business_days(self) -> BusinessDays:
        """Draw a count of business days, small or up to 9999."""
        size, count = self.digits(4, MAX_UNIT + 1)
        return BusinessDays(count % 10 ** (size + 1))

    def business_time(self) -> BusinessTime:
        """Draw whole hours, whole minutes or any seconds of business time."""
        form, size, number = self.digits(3, 9, MAX_BUSINESS_SECONDS + 1)
        number %= 10 ** (size + 1)
        unit = (3600, 60, 1)[form]
        return BusinessTime(min(number, MAX_BUSINESS_SECONDS // unit) * unit)

    def length(self, *, business: bool, digit: int) -> Length:
        """Draw business days when `business` and the digit is odd, else a period."""
        return self.business_days() if business and digit % 2 else self.period()

    def target(self, digit: int) -> Target:
        """Draw business days when the digit is odd, else business time."""
        return self.business_days() if digit % 2 else self.business_time()

    def window(self) -> OpeningWindow:
        """Draw a window on distinct weekdays (in week order or reversed) ending after it starts."""
        start, span, mask, reverse = self.digits(1440, 1440, 127, 2)
        days = [day for bit, day in enumerate(Weekday) if (mask + 1) & (1 << bit)]
        return OpeningWindow(
            days=tuple(reversed(days) if reverse else days),
            start=TimeOfDay(start),
            end=TimeOfDay(start + 1 + span % (1440 - start)),
        )

    def subset(self, values: Sequence[T]) -> tuple[T, ...]:
        """Draw distinct items of `values` (at most `MAX_ITEMS`), in their order."""
        if not values:
            return ()
        (mask,) = self.digits(2 ** len(values))
        return tuple(value for bit, value in enumerate(values) if mask & (1 << bit))[:MAX_ITEMS]

    def picks(self, values: Sequence[T]) -> tuple[T, ...]:
        """Draw up to two references to items of `values`, repeats allowed."""
        if not values:
            return ()
        size, first, second = self.digits(3, len(values), len(values))
        return (values[first], values[second])[:size]


def _pick(values: Sequence[T], digit: int) -> T | None:
    """None for digit 0, else the item the digit names (a digit below `len(values) + 1`)."""
    return values[digit - 1] if digit else None


def _strategy(build: Callable[[Source], T]) -> st.SearchStrategy[T]:
    """Turn a helper that needs only a `Source` into a strategy."""

    @st.composite
    def strategy(draw: st.DrawFn) -> T:
        return build(Source(draw))

    return strategy()


# --- Values -----------------------------------------------------------------------------------


def texts() -> st.SearchStrategy[str]:
    """Text that fits every text field: random Unicode (not blank), or one of `NASTY_TEXTS`."""
    return _TEXTS | st.sampled_from(NASTY_TEXTS)


def ids() -> st.SearchStrategy[str]:
    """Identifiers of 1 to 64 letters, digits, `.`, `_` and `-`, starting with a letter or digit."""
    return _IDS


def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 codes in current use with 0, 2 and 3 minor units."""
    return st.sampled_from(CURRENCIES)


@functools.cache
def decimals(
    low: Decimal, high: Decimal, *, exclude_low: bool = False
) -> st.SearchStrategy[Decimal]:
    """Exact decimals in `[low, high]` (or `(low, high]`) with 0 to 4 places, zeros kept."""
    return _strategy(lambda source: source.decimal(low, high, exclude_low=exclude_low))


@functools.cache
def money(currency: str | None = None, *, non_negative: bool = False) -> st.SearchStrategy[Money]:
    """Money with 0 to 4 decimal places, small to the largest allowed.

    Args:
        currency: The currency; any of `CURRENCIES` when None.
        non_negative: Leave out amounts below zero.
    """
    low = _ZERO if non_negative else -_LARGEST_AMOUNT
    return _strategy(lambda source: source.money(currency, low=low))


@functools.cache
def periods(*, allow_zero: bool = True) -> st.SearchStrategy[Period]:
    """Calendar lengths in every combination of years, months, weeks and days."""
    return _strategy(lambda source: source.period(allow_zero=allow_zero))


def business_days() -> st.SearchStrategy[BusinessDays]:
    """Business-day counts from 0 to the largest allowed."""
    return _strategy(Source.business_days)


def business_times() -> st.SearchStrategy[BusinessTime]:
    """Business-time lengths: whole hours, whole minutes or any seconds, up to the largest."""
    return _strategy(Source.business_time)


def times_of_day() -> st.SearchStrategy[TimeOfDay]:
    """Wall-clock times from `00:00` to `24:00`."""
    return st.builds(TimeOfDay, _integers(0, 1440))


def opening_windows() -> st.SearchStrategy[OpeningWindow]:
    """An opening window on one or more distinct weekdays, ending after it starts."""
    return _strategy(Source.window)


def _without_overlaps(windows: Sequence[OpeningWindow]) -> tuple[OpeningWindow, ...]:
    """Keep each window on the weekdays where no earlier window overlaps it."""
    kept: list[OpeningWindow] = []
    for window in windows:
        free = tuple(
            day
            for day in window.days
            if not any(
                day in other.days
                and window.start.minutes < other.end.minutes
                and other.start.minutes < window.end.minutes
                for other in kept
            )
        )
        if free:
            kept.append(OpeningWindow(days=free, start=window.start, end=window.end))
    return tuple(kept)


def _calendar(source: Source, calendar_id: str) -> BusinessCalendar:
    zone, windows, holidays, country, subdivision, name = source.digits(
        len(ZONES), MAX_ITEMS, MAX_ITEMS, len(_COUNTRIES) + 1, len(_SUBDIVISIONS), _MAYBE
    )
    public = _pick(_COUNTRIES, country)
    return BusinessCalendar(
        id=calendar_id,
        zone=ZONES[zone],
        windows=_without_overlaps([source.window() for _ in range(windows + 1)]),
        holidays=tuple(dict.fromkeys(source.day() for _ in range(holidays))),
        public_holidays=PublicHolidays(country=public, subdivision=_SUBDIVISIONS[subdivision])
        if public
        else None,
        name=source.maybe_text(name),
    )


def _sla_calendars(source: Source) -> tuple[BusinessCalendar, ...]:
    count, stem = source.digits(2, 2)
    return tuple(_calendar(source, i) for i in source.ids(count + 1, stem))


def business_calendars() -> st.SearchStrategy[BusinessCalendar]:
    """Business calendars in real IANA zones, windows never overlapping, holidays distinct."""
    return _strategy(lambda source: _calendar(source, source.stems[0]))


def sla_calendar_lists() -> st.SearchStrategy[tuple[BusinessCalendar, ...]]:
    """One or two business calendars with distinct ids."""
    return _strategy(_sla_calendars)


# --- Parties and term -------------------------------------------------------------------------


def _parties(source: Source) -> tuple[Party, ...]:
    third_parties, order, stem = source.digits(3, 24, 2)
    roles = [PartyRole.PROVIDER, PartyRole.CLIENT, *[PartyRole.THIRD_PARTY] * third_parties]
    found = []
    for role, party_id in zip(roles, source.ids(len(roles), stem), strict=True):
        name, address, contact = source.digits(_POOL, _MAYBE, _MAYBE)
        found.append(
            Party(
                id=party_id,
                role=role,
                legal_name=source.text(name),
                address=source.maybe_text(address),
                contact=source.maybe_text(contact),
            )
        )
    # Vary the order: rotate, and swap the first two on odd orders.
    turn = order % len(found)
    found = found[turn:] + found[:turn]
    if order // len(found) % 2:
        found[0], found[1] = found[1], found[0]
    return tuple(found)


def party_lists() -> st.SearchStrategy[tuple[Party, ...]]:
    """Exactly one provider, exactly one client and up to two third parties, in varied order."""
    return _strategy(_parties)


def _renewal(source: Source) -> Renewal:
    mode, limited, limit = source.digits(3, 2, 1000)
    if mode == 0:
        return Renewal.none()
    return Renewal(
        mode=(RenewalMode.AUTOMATIC, RenewalMode.MANUAL)[mode - 1],
        length=source.period(allow_zero=False),
        max_renewals=limit + 1 if limited else None,
    )


def _notice(source: Source, *, business: bool, rolls: bool = True) -> Notice:
    """A notice; a roll convention needs a calendar (`business`) and a deadline (`rolls`)."""
    roll, unit = source.digits(len(RollConvention), 2)
    convention = list(RollConvention)[roll] if business and rolls else RollConvention.NONE
    return Notice(length=source.length(business=business, digit=unit), roll=convention)


def _early_termination_fee(source: Source, kind: int, currency: str | None) -> EarlyTerminationFee:
    if kind == 0:
        return FixedTerminationFee(amount=source.money(currency, low=_ZERO))
    if kind == 1:
        return RemainingFeesTerminationFee(percent=source.percent())
    return MonthlyFeesTerminationFee(months=source.integer(1, 120))


def _termination(source: Source, *, business: bool, currency: str | None) -> TerminationRights:
    (convenience, cause, non_payment, who, cause_who, alignment, minimum, fee, *units) = (
        source.digits(2, 2, 2, 3, 3, len(Alignment), 2, 4, 2, 2, 2)
    )
    return TerminationRights(
        convenience=ConvenienceTermination(
            parties=_TERMINATING[who],
            notice=_notice(source, business=business, rolls=False),
            alignment=list(Alignment)[alignment],
            minimum_term=source.period(allow_zero=False) if minimum else None,
            early_termination_fee=_early_termination_fee(source, fee - 1, currency)
            if fee
            else None,
        )
        if convenience
        else None,
        cause=CauseTermination(
            cure=source.length(business=business, digit=units[0]), parties=_TERMINATING[cause_who]
        )
        if cause
        else None,
        non_payment=NonPaymentTermination(
            overdue=source.length(business=business, digit=units[1]),
            cure=source.length(business=business, digit=units[2]),
        )
        if non_payment
        else None,
    )


def _term(
    source: Source, *, start: pendulum.Date, has_calendar: bool, currency: str | None
) -> Term:
    renewal = _renewal(source)
    notice, transition = source.digits(2, 2)
    needs_notice = renewal.mode is not RenewalMode.NONE
    return Term(
        start=start,
        initial=source.period(allow_zero=False),
        renewal=renewal,
        notice=_notice(source, business=has_calendar) if notice or needs_notice else None,
        termination=_termination(source, business=has_calendar, currency=currency),
        transition=source.period(allow_zero=False) if transition else None,
        calendar=_calendar(source, source.stems[1]) if has_calendar else None,
    )


def renewals() -> st.SearchStrategy[Renewal]:
    """Renewal clauses in all three modes."""
    return _strategy(_renewal)


@functools.cache
def notices(*, business: bool = True) -> st.SearchStrategy[Notice]:
    """Notice requirements; business days and roll conventions only when `business`."""
    return _strategy(lambda source: _notice(source, business=business))


def early_termination_fees() -> st.SearchStrategy[EarlyTerminationFee]:
    """Every kind of early-termination fee."""
    return _strategy(lambda source: _early_termination_fee(source, source.integer(0, 2), None))


@functools.cache
def termination_rights(*, business: bool = True) -> st.SearchStrategy[TerminationRights]:
    """Termination rights with every right sometimes present, in every form."""
    return _strategy(lambda source: _termination(source, business=business, currency=None))


@functools.cache
def terms(*, has_calendar: bool | None = None) -> st.SearchStrategy[Term]:
    """Terms in any renewal mode; lengths in business days only when the term has a calendar.

    Args:
        has_calendar: Whether the term has a calendar; either when None.
    """

    def build(source: Source) -> Term:
        calendar = bool(source.integer(0, 1)) if has_calendar is None else has_calendar
        return _term(source, start=source.day(), has_calendar=calendar, currency=None)

    return _strategy(build)


# --- Scope ------------------------------------------------------------------------------------


def _service(
    source: Source, service_id: str, calendar_ids: Sequence[str], location_ids: Sequence[str]
) -> Service:
    category, unit, name, description, coverage, applies = source.digits(
        len(ServiceCategory), len(Unit), _POOL, _MAYBE, len(calendar_ids) + 1, 2
    )
    return Service(
        id=service_id,
        name=source.text(name),
        category=list(ServiceCategory)[category],
        unit=list(Unit)[unit],
        description=source.maybe_text(description),
        coverage=_pick(calendar_ids, coverage),
        sla_applies=bool(applies),
        locations=source.picks(location_ids),
    )


def _scope(source: Source, calendar_ids: Sequence[str]) -> ServiceScope:
    services, locations, exclusions, requirements, *stems = source.digits(
        MAX_ITEMS, MAX_ITEMS, MAX_ITEMS, MAX_ITEMS, 2, 2, 2, 2
    )
    location_ids = source.ids(locations, stems[0])
    service_ids = source.ids(services + 1, stems[1])
    found_exclusions = []
    for exclusion_id in source.ids(exclusions, stems[2]):
        (description,) = source.digits(_POOL)
        found_exclusions.append(
            Exclusion(
                id=exclusion_id,
                description=source.text(description),
                services=source.picks(service_ids),
            )
        )
    found_requirements = []
    for requirement_id in source.ids(requirements, stems[3]):
        (description,) = source.digits(_POOL)
        found_requirements.append(
            ClientRequirement(
                id=requirement_id,
                description=source.text(description),
                services=source.picks(service_ids),
            )
        )
    found_locations = []
    for location_id in location_ids:
        name, address = source.digits(_POOL, _MAYBE)
        found_locations.append(
            Location(id=location_id, name=source.text(name), address=source.maybe_text(address))
        )
    return ServiceScope(
        services=tuple(_service(source, i, calendar_ids, location_ids) for i in service_ids),
        exclusions=tuple(found_exclusions),
        client_requirements=tuple(found_requirements),
        locations=tuple(found_locations),
    )


@functools.cache
def service_scopes(*, calendar_ids: tuple[str, ...] = ()) -> st.SearchStrategy[ServiceScope]:
    """Services with distinct ids, and exclusions, requirements and locations that resolve.

    Args:
        calendar_ids: Ids of the SLA calendars a service's coverage may name.
    """
    return _strategy(lambda source: _scope(source, calendar_ids))


# --- SLA --------------------------------------------------------------------------------------


def _priority(source: Source, priority_id: str, calendar_ids: Sequence[str]) -> PriorityTarget:
    unit, resolution_kind, calendar, name, description = source.digits(
        2, 3, len(calendar_ids), _POOL, _MAYBE
    )
    response = source.target(unit)
    resolution: Target | None = None
    if resolution_kind == 1:  # in the other unit: any length
        resolution = source.target(unit + 1)
    elif resolution_kind == 2:  # in the same unit: never shorter
        if isinstance(response, BusinessTime):
            extra = source.integer(0, MAX_BUSINESS_SECONDS - response.seconds)
            resolution = BusinessTime(response.seconds + extra)
        else:
            resolution = BusinessDays(response.count + source.integer(0, MAX_UNIT - response.count))
    return PriorityTarget(
        id=priority_id,
        name=source.text(name),
        calendar=calendar_ids[calendar],
        response=response,
        resolution=resolution,
        description=source.maybe_text(description),
    )


def _escalation(source: Source, level_ids: Sequence[str]) -> tuple[EscalationStep, ...]:
    if not level_ids:
        return ()
    count, *units = source.digits(MAX_ITEMS + 1, 2, 2, 2)
    afters = [source.target(unit) for unit in units[:count]]
    # Sorting each unit on its own keeps the steps non-decreasing per unit, in any mix of units.
    times = iter(sorted(after.seconds for after in afters if isinstance(after, BusinessTime)))
    counts = iter(sorted(after.count for after in afters if isinstance(after, BusinessDays)))
    steps = []
    for after in afters:
        level, contact = source.digits(len(level_ids), _MAYBE)
        steps.append(
            EscalationStep(
                level=level_ids[level],
                after=BusinessTime(next(times))
                if isinstance(after, BusinessTime)
                else BusinessDays(next(counts)),
                contact=source.maybe_text(contact),
            )
        )
    return tuple(steps)


def _tiers(source: Source, target: Decimal, count: int) -> tuple[CreditTier, ...]:
    belows = {source.decimal(_ZERO, target, exclude_low=True) for _ in range(count)}
    credit_values = {source.percent() for _ in range(count)}
    size = min(len(belows), len(credit_values))  # equal values collapse; both must be strict
    return tuple(
        CreditTier(below=below, credit=credit)
        for below, credit in zip(
            sorted(belows, reverse=True)[:size], sorted(credit_values)[:size], strict=True
        )
    )


def _availability(source: Source, service_id: str) -> AvailabilityTarget:
    measurement, maintenance, tiers, capped = source.digits(
        len(MeasurementPeriod), MAX_ITEMS, MAX_ITEMS + 1, 2
    )
    target = source.percent()
    return AvailabilityTarget(
        service=service_id,
        target=target,
        measurement=list(MeasurementPeriod)[measurement],
        maintenance=tuple(source.window() for _ in range(maintenance)),
        tiers=_tiers(source, target, tiers),
        cap=source.percent() if capped else None,
    )


def _sla(source: Source, scope: ServiceScope, calendars: Sequence[BusinessCalendar]) -> SLA:
    calendar_ids = [calendar.id for calendar in calendars]
    zone, priorities, levels, capped, *stems = source.digits(
        len(ZONES), MAX_ITEMS, MAX_ITEMS, 2, 2, 2
    )
    level_ids = source.ids(levels, stems[0])
    found_levels = []
    for level_id in level_ids:
        name, description = source.digits(_POOL, _MAYBE)
        found_levels.append(
            SupportLevel(
                id=level_id, name=source.text(name), description=source.maybe_text(description)
            )
        )
    measured = [service.id for service in scope.services if service.sla_applies]
    return SLA(
        zone=ZONES[zone],
        calendars=tuple(calendars),
        priorities=tuple(
            _priority(source, i, calendar_ids) for i in source.ids(priorities + 1, stems[1])
        ),
        support_levels=tuple(found_levels),
        escalation=_escalation(source, level_ids),
        availability=tuple(_availability(source, i) for i in source.subset(measured)),
        rolling_cap=source.percent() if capped else None,
    )


@st.composite
def priority_targets(draw: st.DrawFn, *, calendar_ids: Sequence[str] = ("24x7",)) -> PriorityTarget:
    """A priority on one of `calendar_ids`; resolution never shorter than response in one unit."""
    source = Source(draw)
    return _priority(source, source.stems[0], calendar_ids)


@st.composite
def escalation_paths(
    draw: st.DrawFn, *, level_ids: Sequence[str] = ("L1", "L2")
) -> tuple[EscalationStep, ...]:
    """Escalation steps to the given support levels, non-decreasing within each unit."""
    return _escalation(Source(draw), level_ids)


@st.composite
def availability_targets(draw: st.DrawFn, *, service_id: str = "svc") -> AvailabilityTarget:
    """An uptime target whose tiers fall in `below` from at most the target and rise in credit."""
    return _availability(Source(draw), service_id)


@st.composite
def slas(
    draw: st.DrawFn, *, scope: ServiceScope, calendars: Sequence[BusinessCalendar] | None = None
) -> SLA:
    """An SLA whose priorities, escalation and availability targets all resolve.

    Args:
        draw: Hypothesis's draw function.
        scope: The services availability targets may measure (those with
            `sla_applies` only).
        calendars: The SLA's calendars, ids distinct; drawn when None.
    """
    source = Source(draw)
    return _sla(source, scope, _sla_calendars(source) if calendars is None else calendars)


# --- Fees -------------------------------------------------------------------------------------


def _tier_prices(source: Source, currency: str) -> tuple[PriceTier, ...]:
    count, *bounds = source.digits(3, MAX_QUANTITY, MAX_QUANTITY)
    up_tos = sorted({bound + 1 for bound in bounds[:count]})
    return tuple(
        PriceTier(up_to=up_to, unit_price=source.money(currency, low=_ZERO))
        for up_to in [*up_tos, None]
    )


def _per_unit_fee(
    source: Source,
    common: tuple[str, str, BillingFrequency],
    currency: str,
    service: Service | None,
) -> PerUnitFee:
    line_id, description, frequency = common
    tiered, mode, unit, included, minimum = source.digits(
        2, len(TierMode), len(_COUNTED_UNITS), MAX_QUANTITY + 1, MAX_QUANTITY + 1
    )
    counted = service if service is not None and service.unit is not Unit.FLAT else None
    return PerUnitFee(
        id=line_id,
        description=description,
        unit=counted.unit if counted else _COUNTED_UNITS[unit],
        unit_price=None if tiered else source.money(currency, low=_ZERO),
        tiers=_tier_prices(source, currency) if tiered else (),
        tier_mode=list(TierMode)[mode] if tiered else None,
        included=included,
        minimum=minimum,
        per=frequency,
        service=counted.id if counted else None,
    )


def _hourly_rate(
    source: Source,
    common: tuple[str, str, BillingFrequency],
    currency: str,
    service_id: str | None,
    calendar_ids: Sequence[str],
) -> HourlyRate:
    line_id, description, _ = common
    multiplied, hours, role, increment, minimum = source.digits(
        2, len(calendar_ids) + 1, _POOL, 1440, 1440 * 7 + 1
    )
    return HourlyRate(
        id=line_id,
        description=description,
        role=source.text(role),
        rate=source.money(currency, low=_ZERO),
        # A multiplier other than 1 needs business hours to tell which hours are after hours.
        after_hours_multiplier=source.decimal(_ONE, _TEN) if multiplied and hours else _ONE,
        business_hours=_pick(calendar_ids, hours),
        increment_minutes=increment + 1,
        minimum_minutes=minimum,
        service=service_id,
    )


def _block_of_hours(
    source: Source,
    common: tuple[str, str, BillingFrequency],
    currency: str,
    service_id: str | None,
    hourly_ids: Sequence[str],
) -> BlockOfHours:
    line_id, description, frequency = common
    periodic, rollover, capped, expires, overage, hours, cap = source.digits(
        2, 2, 2, 2, len(hourly_ids) + 1, MAX_QUANTITY, MAX_QUANTITY
    )
    return BlockOfHours(
        id=line_id,
        description=description,
        hours=hours + 1,
        price=source.money(currency, low=_ZERO),
        per=frequency if periodic else None,
        rollover=bool(rollover),
        rollover_cap=cap + 1 if rollover and capped else None,
        expires_after=source.period(allow_zero=False) if expires else None,
        overage=_pick(hourly_ids, overage),
        service=service_id,
    )


def _line(
    source: Source,
    kind: str,
    line_id: str,
    *,
    currency: str,
    services: Sequence[Service],
    calendar_ids: Sequence[str],
    hourly_ids: Sequence[str],
) -> FeeLine:
    """Draw a fee line of `kind` whose references name only what it is given."""
    service, description, per, billed = source.digits(
        len(services) + 1, _POOL, len(BillingFrequency), 2
    )
    chosen = _pick(services, service)
    service_id = chosen.id if chosen else None
    common = (line_id, source.text(description), list(BillingFrequency)[per])
    if kind == "per_unit":
        return _per_unit_fee(source, common, currency, chosen)
    if kind == "hourly":
        return _hourly_rate(source, common, currency, service_id, calendar_ids)
    if kind == "block":
        return _block_of_hours(source, common, currency, service_id, hourly_ids)
    if kind == "one_time":
        return OneTimeFee(
            id=line_id,
            description=common[1],
            amount=source.money(currency, low=_ZERO),
            billed_on=source.day() if billed else None,
            service=service_id,
        )
    return RecurringFee(
        id=line_id,
        description=common[1],
        amount=source.money(currency, low=_ZERO),
        per=common[2],
        service=service_id,
    )


def _adjustment(source: Source, line_ids: Sequence[str]) -> PriceAdjustment:
    kind, at, capped, floored, index = source.digits(2, len(AdjustmentTiming), 2, 2, _POOL)
    timing = list(AdjustmentTiming)[at]
    if kind == 0:
        return PercentageAdjustment(
            percent=source.change(), at=timing, lines=source.picks(line_ids)
        )
    cap = source.change() if capped else None
    floor = source.change() if floored else None
    if cap is not None and floor is not None and floor > cap:
        cap, floor = floor, cap
    return IndexAdjustment(
        index=source.text(index), at=timing, cap=cap, floor=floor, lines=source.picks(line_ids)
    )


def _billing(source: Source) -> BillingPolicy:
    frequency, timing, anchored = source.digits(len(BillingFrequency), len(BillingTiming), 2)
    return BillingPolicy(
        frequency=list(BillingFrequency)[frequency],
        timing=list(BillingTiming)[timing],
        anchor=source.day() if anchored else None,
    )


def _late_fee(source: Source, currency: str | None) -> LateFee:
    (minimum,) = source.digits(2)
    return LateFee(
        percent_per_month=source.percent(),
        grace=source.period(),
        minimum=source.money(currency, low=_ZERO) if minimum else None,
    )


def _fees(
    source: Source,
    services: Sequence[Service],
    calendar_ids: Sequence[str],
    *,
    business: bool,
    currency: str | None,
) -> FeeSchedule:
    code, lines, stem, unit, late, adjustments, rounding = source.digits(
        len(CURRENCIES), 4, 2, 2, 2, 3, len(Rounding)
    )
    schedule_currency = currency or CURRENCIES[code]
    line_ids = source.ids(lines + 1, stem)
    kinds = [LINE_KINDS[i] for i in source.digits(*[len(LINE_KINDS)] * len(line_ids))]
    hourly_ids = [i for i, kind in zip(line_ids, kinds, strict=True) if kind == "hourly"]
    adjustable = [i for i, kind in zip(line_ids, kinds, strict=True) if kind != "one_time"]
    return FeeSchedule(
        currency=schedule_currency,
        lines=tuple(
            _line(
                source,
                kind,
                i,
                currency=schedule_currency,
                services=services,
                calendar_ids=calendar_ids,
                hourly_ids=hourly_ids,
            )
            for i, kind in zip(line_ids, kinds, strict=True)
        ),
        payment_terms=source.length(business=business, digit=unit),
        billing=_billing(source),
        late_fee=_late_fee(source, schedule_currency) if late else None,
        adjustments=tuple(_adjustment(source, adjustable) for _ in range(adjustments)),
        rounding=list(Rounding)[rounding],
    )


@st.composite
def fee_lines(
    draw: st.DrawFn,
    *,
    currency: str = "USD",
    services: Sequence[Service] = (),
    calendar_ids: Sequence[str] = (),
    hourly_ids: Sequence[str] = (),
) -> FeeLine:
    """A fee line of any of the five kinds, referring only to what it is given.

    Args:
        draw: Hypothesis's draw function.
        currency: The currency of every amount.
        services: Services the line may pay for (a per-unit line takes the
            unit of its service).
        calendar_ids: SLA calendars an hourly line's business hours may name.
        hourly_ids: Hourly lines a block's overage may name.
    """
    source = Source(draw)
    kind = LINE_KINDS[source.integer(0, len(LINE_KINDS) - 1)]
    return _line(
        source,
        kind,
        source.stems[0],
        currency=currency,
        services=services,
        calendar_ids=calendar_ids,
        hourly_ids=hourly_ids,
    )


def billing_policies() -> st.SearchStrategy[BillingPolicy]:
    """Billing policies of every frequency and timing, with or without an anchor."""
    return _strategy(_billing)


@functools.cache
def late_fees(currency: str | None = None) -> st.SearchStrategy[LateFee]:
    """Late fees, with a minimum in `currency` (any when None) or without."""
    return _strategy(lambda source: _late_fee(source, currency))


@st.composite
def price_adjustments(draw: st.DrawFn, *, line_ids: Sequence[str] = ()) -> PriceAdjustment:
    """Either kind of price adjustment, adjusting only lines of `line_ids`."""
    return _adjustment(Source(draw), line_ids)


@st.composite
def fee_schedules(
    draw: st.DrawFn,
    *,
    services: Sequence[Service] = (),
    calendar_ids: Sequence[str] = (),
    business: bool = False,
) -> FeeSchedule:
    """A fee schedule in one currency whose lines and adjustments all resolve.

    Args:
        draw: Hypothesis's draw function.
        services: Services the lines may pay for.
        calendar_ids: SLA calendars an hourly line's business hours may name.
        business: Whether payment terms may be business days (the term has a calendar).
    """
    return _fees(Source(draw), services, calendar_ids, business=business, currency=None)


# --- Responsibilities -------------------------------------------------------------------------


def _raci(source: Source, party: PartyRole) -> Raci:
    responsible, accountable, consulted, informed = source.digits(7, 3, 8, 8)
    roles = [role for bit, role in enumerate(_ROLES) if (responsible + 1) & (1 << bit)]
    if party not in (*roles, _ROLES[accountable]):
        roles.append(party)
    return Raci(
        responsible=tuple(roles),
        accountable=(_ROLES[accountable],),
        consulted=tuple(role for bit, role in enumerate(_ROLES) if consulted & (1 << bit)),
        informed=tuple(role for bit, role in enumerate(_ROLES) if informed & (1 << bit)),
    )


def _recurrence(source: Source) -> Recurrence:
    (anchored,) = source.digits(2)
    return Recurrence(
        every=source.period(allow_zero=False), anchor=source.day() if anchored else None
    )


def _responsibility(
    source: Source, duty_id: str, service_ids: Sequence[str], owing: Sequence[PartyRole]
) -> Responsibility:
    """Draw a duty owed by one of `owing` (a third party only when the agreement names one)."""
    party, category, title, description, with_raci, recurring = source.digits(
        len(owing), len(ResponsibilityCategory), _POOL, _MAYBE, 2, 2
    )
    role = owing[party]
    return Responsibility(
        id=duty_id,
        party=role,
        category=list(ResponsibilityCategory)[category],
        title=source.text(title),
        description=source.maybe_text(description),
        raci=_raci(source, role) if with_raci else None,
        recurrence=_recurrence(source) if recurring else None,
        services=source.picks(service_ids),
    )


def recurrences() -> st.SearchStrategy[Recurrence]:
    """Recurrences with a non-zero interval, with or without an anchor."""
    return _strategy(_recurrence)


@functools.cache
def racis(*, party: PartyRole = PartyRole.PROVIDER) -> st.SearchStrategy[Raci]:
    """RACIs with exactly one accountable role and `party` responsible or accountable."""
    return _strategy(lambda source: _raci(source, party))


@functools.cache
def responsibilities(*, service_ids: tuple[str, ...] = ()) -> st.SearchStrategy[Responsibility]:
    """Responsibilities of any party, with a consistent RACI when they have one."""
    return _strategy(lambda source: _responsibility(source, source.stems[0], service_ids, _ROLES))


# --- The agreement ----------------------------------------------------------------------------


def _liability_cap(source: Source, kind: int, currency: str | None) -> LiabilityCap:
    if kind == 0:
        return AmountCap(amount=source.money(currency, low=_ZERO, positive=True))
    return FeesPaidCap(lookback=source.period(allow_zero=False))


def _agreement(source: Source) -> Agreement:
    (signed, starts_later, governed, has_calendar, duties, stem) = source.digits(
        2, 2, _MAYBE, 2, len(_SIZES), 2
    )
    (title, currency, confidential, survives, described, cap) = source.digits(
        _POOL, len(CURRENCIES), 2, 2, _MAYBE, 3
    )
    # Amounts outside the fee schedule (a fixed termination fee, a cap) use its currency.
    code = CURRENCIES[currency]
    effective_on = source.day()
    calendars = _sla_calendars(source)
    calendar_ids = [calendar.id for calendar in calendars]
    scope = _scope(source, calendar_ids)
    service_ids = [service.id for service in scope.services]
    parties = _parties(source)
    owing = _ROLES if len(parties) > 2 else _BOTH
    return Agreement(
        id=source.stems[0],
        title=source.text(title),
        parties=parties,
        signed_on=source.day() if signed else None,
        effective_on=effective_on,
        service_start_on=source.later(effective_on) if starts_later else None,
        governing_law=source.maybe_text(governed),
        term=_term(
            source,
            start=source.later(effective_on),
            has_calendar=bool(has_calendar),
            currency=code,
        ),
        scope=scope,
        sla=_sla(source, scope, calendars),
        fees=_fees(
            source, scope.services, calendar_ids, business=bool(has_calendar), currency=code
        ),
        responsibilities=tuple(
            _responsibility(source, i, service_ids, owing) for i in source.ids(_SIZES[duties], stem)
        ),
        confidentiality=Confidentiality(
            survives=source.period() if survives else None,
            description=source.maybe_text(described),
        )
        if confidential
        else None,
        liability_cap=_liability_cap(source, cap - 1, code) if cap else None,
    )


def liability_caps() -> st.SearchStrategy[LiabilityCap]:
    """Both kinds of liability cap."""
    return _strategy(lambda source: _liability_cap(source, source.integer(0, 1), None))


def confidentialities() -> st.SearchStrategy[Confidentiality]:
    """Confidentiality clauses with each field sometimes present."""

    def build(source: Source) -> Confidentiality:
        survives, described = source.digits(2, _MAYBE)
        return Confidentiality(
            survives=source.period() if survives else None,
            description=source.maybe_text(described),
        )

    return _strategy(build)


_AGREEMENTS: Final = _strategy(_agreement)


def agreements() -> st.SearchStrategy[Agreement]:
    """Whole valid agreements: every section present, every cross reference resolving.

    The term and the services start on or after the effective day; lengths
    in business days (notice, cure, payment terms) appear only when the
    term has a calendar to count them; amounts outside the fee schedule
    are in its currency; a third party owes duties only when one is named.
    """
    return _AGREEMENTS


# --- The term engine --------------------------------------------------------------------------

_FIRST_TERM_YEAR: Final = 1950
_TERM_YEARS: Final = 120
_OFFICE_HOURS: Final = (TimeOfDay(9 * 60), TimeOfDay(17 * 60))
_HOLIDAY_SPAN: Final = (
    pendulum.Date(2022, 1, 1).toordinal(),
    pendulum.Date(2027, 12, 31).toordinal(),
)


def _term_day(source: Source) -> pendulum.Date:
    """Draw a day from 1950 to 2069: on the 28th to the 31st of its month half of the time."""
    year, month, late, day = source.digits(_TERM_YEARS, 12, 2, 31)
    first = pendulum.Date(_FIRST_TERM_YEAR + year, month + 1, 1)
    last = first.days_in_month
    return first.replace(day=min(28 + day % 4, last) if late else 1 + day % last)


def _term_length(source: Source) -> Period:
    """Draw a non-zero length of days, weeks, months, years, or a mix, up to a few years."""
    kind, days, weeks, months, years = source.digits(5, 400, 60, 40, 5)
    if kind == 0:
        return Period(days=days + 1)
    if kind == 1:
        return Period(weeks=weeks + 1)
    if kind == 2:
        return Period(months=months + 1)
    if kind == 3:
        return Period(years=years + 1)
    return Period(years=years % 2, months=months % 14, weeks=weeks % 5, days=1 + days % 40)


def _notice_length(source: Source) -> Period:
    """Draw a notice length: like a term length, and now and then zero."""
    (zero,) = source.digits(10)
    return Period() if zero == 0 else _term_length(source)


def term_days() -> st.SearchStrategy[pendulum.Date]:
    """Days from 1950 to 2069, half of them on the 28th to the 31st of their month."""
    return _strategy(_term_day)


def term_lengths() -> st.SearchStrategy[Period]:
    """Non-zero calendar lengths (days, weeks, months, years or mixed) up to a few years."""
    return _strategy(_term_length)


@functools.cache
def engine_terms(
    *,
    modes: tuple[RenewalMode, ...] = (RenewalMode.AUTOMATIC,),
    limited: bool = True,
) -> st.SearchStrategy[Term]:
    """Terms for the term engine: starts often on month ends, short lengths, calendar notice.

    Args:
        modes: The renewal modes drawn.
        limited: Whether automatic and manual renewals may have a maximum
            (1 to 60 renewals, a third of the time).
    """

    def build(source: Source) -> Term:
        mode, capped, limit = source.digits(len(modes), 3, 60)
        chosen = modes[mode]
        renewal = (
            Renewal.none()
            if chosen is RenewalMode.NONE
            else Renewal(
                mode=chosen,
                length=_term_length(source),
                max_renewals=limit + 1 if limited and capped == 0 else None,
            )
        )
        return Term(
            start=_term_day(source),
            initial=_term_length(source),
            renewal=renewal,
            notice=Notice(length=_notice_length(source)),
        )

    return _strategy(build)


def office_calendars() -> st.SearchStrategy[BusinessCalendar]:
    """Calendars open 09:00-17:00 on some weekdays, with up to 40 closed days in 2022-2027."""

    def build(source: Source) -> BusinessCalendar:
        mask, count = source.digits(127, 41)
        days = tuple(day for bit, day in enumerate(Weekday) if (mask + 1) & (1 << bit))
        closed = {pendulum.Date.fromordinal(source.integer(*_HOLIDAY_SPAN)) for _ in range(count)}
        return BusinessCalendar(
            id="office",
            zone="UTC",
            windows=(OpeningWindow(days=days, start=_OFFICE_HOURS[0], end=_OFFICE_HOURS[1]),),
            holidays=tuple(sorted(closed)),
        )

    return _strategy(build)
