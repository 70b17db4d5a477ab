"""The dates the engines answer with: term periods, what remains of a term, key dates."""

from __future__ import annotations

import enum

import attrs
import pendulum

__all__ = ["KeyDate", "KeyDateKind", "RemainingTerm", "TermPeriod"]


@attrs.frozen
class TermPeriod:
    """One period of the term: the initial term (index 0) or renewal `index`.

    Attributes:
        index: 0 for the initial term, k for the k-th renewal.
        start: First day of the period.
        end: Last day of the period, inclusive.
    """

    index: int
    start: pendulum.Date
    end: pendulum.Date

    @property
    def is_renewal(self) -> bool:
        """Tell whether this is a renewal period rather than the initial term."""
        return self.index > 0

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included."""
        return self.end.toordinal() - self.start.toordinal() + 1


@attrs.frozen
class RemainingTerm:
    """What is left of a term period after a last day of service (early-termination fee inputs).

    Attributes:
        period: The term period containing the last day of service.
        last_service_day: The last day on which services are delivered.
        remaining_days: Days after the last service day up to the period's end.
        remaining_months: Whole months from the day after the last service
            day that fit before the period ends.
    """

    period: TermPeriod
    last_service_day: pendulum.Date
    remaining_days: int
    remaining_months: int


class KeyDateKind(enum.Enum):
    """What a key date is."""

    EFFECTIVE = "effective"
    SERVICE_START = "service_start"
    PERIOD_START = "period_start"
    PERIOD_END = "period_end"
    NOTICE_DEADLINE = "notice_deadline"
    RENEWAL = "renewal"
    EXPIRY = "expiry"
    PRICE_ADJUSTMENT = "price_adjustment"
    OBLIGATION = "obligation"
    AMENDMENT = "amendment"


@attrs.frozen
class KeyDate:
    """A date a contracts manager acts on.

    Attributes:
        day: The date.
        kind: What it is.
        description: In words, e.g. "Last day to give notice of non-renewal".
        ref: Id of the clause or responsibility it comes from, if any.
    """

    day: pendulum.Date
    kind: KeyDateKind
    description: str
    ref: str | None = None
