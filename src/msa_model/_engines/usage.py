"""Hourly work and blocks of hours drawn down by it (SEMANTICS §5).

Everything is exact: times are whole seconds (ints), hours bought are whole
hours, rates and multipliers are `Decimal`s, and amounts are `Fraction`s that
the charge line rounds once. Floats are refused everywhere.

Hourly work (`price_engagement`), one engagement at a time:

- The rate is per hour within business hours; time outside them is charged
  at rate × multiplier, with the multiplier at least 1.
- Billed minutes are the engagement's length rounded *up* to whole billing
  increments, worked out on seconds (ceil(seconds / (increment × 60)) ×
  increment, so 15 minutes and 1 second in 15-minute increments bills 30),
  and then at least the minimum. The minimum is taken as written, not itself
  rounded to increments, and a zero-length engagement bills the minimum.
- Rounding up and the minimum scale the engagement's time but keep its mix
  of business and after-hours time: amount = rate × billed / 60 ×
  (business + (total − business) × multiplier) / total. An engagement of
  length 0 bills its minimum at the business rate.

Blocks of hours (`block_ledger`), a prepaid balance drawn down by work:

- Purchases are given in strictly increasing day order; a block bought on
  day D holds its hours from D. Draws (work time charged against the
  blocks) may come in any order: they are processed by day, draws on the
  same day in the order given, and reported in the order given.
- On one day, hours that expire that day lapse first, then a block bought
  that day arrives (taking over the previous block's balance, see below),
  then the day's draws are taken. So a draw on a purchase day already sees
  the new block, and never hours that expire that day.
- A draw uses the oldest hours first: the balance is a queue of lots in
  purchase order (hours carried over from earlier blocks before the current
  block's own), and a draw takes from the front of it. Work beyond the
  whole balance is overage, which the caller prices at the hourly line
  named for overage.
- `expires_after(D)` gives the first day on which hours of a block bought
  on D are no longer available; it must be after D. Hours lapse on that day
  whatever lot they have been carried into: carried hours keep their
  original block's expiry day. None means hours never expire.
- Without rollover, the balance left when the next block is bought lapses
  on that purchase day (or earlier, on the expiry day, if that comes
  first). With rollover it carries into the new block, at most
  `rollover_cap_hours` hours of it (None: no limit); the excess lapses on
  the purchase day, taken from the oldest lots first, so the hours carried
  are the newest ones, which expire last.
- The ledger has one row per purchase, describing the days from that
  purchase up to the next one (the last row runs on without end): seconds
  rolled in from the previous block, seconds used by draws, seconds rolled
  over into the next block, seconds lapsed (by day) and seconds remaining
  at the end. Each row balances: rolled in + bought = used + rolled over +
  lapsed + remaining. Only the last row can have seconds remaining; expiry
  days are applied however long after the last draw they fall, as the
  draws given are taken to be all the work done against the blocks. A
  caller who stops counting at some day can treat lapses after it as
  hours still available.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs
import pendulum

from msa_model._engines import arguments as check

__all__ = [
    "SECONDS_PER_HOUR",
    "BlockRow",
    "Draw",
    "DrawRow",
    "Lapse",
    "Ledger",
    "Purchase",
    "block_ledger",
    "price_engagement",
]

SECONDS_PER_HOUR: Final = 3600
"""Seconds in one hour of a block."""

_SECONDS_PER_MINUTE: Final = 60


# -- checks -------------------------------------------------------------------


def _decimal(value: object, name: str, *, minimum: int) -> Decimal:
    """`value` as a finite Decimal of at least `minimum`; floats and ints refused."""
    value = check.finite_decimal(value, name)
    if value < minimum:
        rule = "must not be negative" if minimum == 0 else f"must be at least {minimum}"
        msg = f"{name} {rule} (got {value})"
        raise ValueError(msg)
    return value


# -- hourly work --------------------------------------------------------------


def price_engagement(  # noqa: PLR0913 -- one keyword for each part of an hourly rate clause
    *,
    total_seconds: int,
    business_seconds: int,
    rate: Decimal,
    multiplier: Decimal,
    increment_minutes: int,
    minimum_minutes: int,
) -> tuple[int, Fraction]:
    """Bill one engagement of hourly work: minutes billed and the exact amount.

    Applies the hourly rules of the module docstring: rounding up to whole
    increments on seconds, then the minimum, both scaling the engagement's
    mix of business and after-hours time.

    Args:
        total_seconds: Length of the engagement.
        business_seconds: The part of it within business hours.
        rate: Price per hour within business hours.
        multiplier: Factor on the rate outside business hours, at least 1.
        increment_minutes: Time is billed in whole blocks of this many
            minutes, rounded up; at least 1.
        minimum_minutes: Least time billed for the engagement.

    Returns:
        The billed minutes and the amount, exact and unrounded.

    Raises:
        TypeError: An argument is of the wrong type (bools, floats and, for
            the rate and multiplier, ints are refused).
        ValueError: A count is negative, the increment is 0, business time
            exceeds the total, the rate is negative or not finite, or the
            multiplier is below 1.

    Example:
        Fifty minutes, twenty of them after hours at 1.5 ×, billed in
        15-minute increments: the hour billed keeps the 3 : 2 mix, so 36
        minutes at 150.00 and 24 at 225.00.

        >>> price_engagement(
        ...     total_seconds=50 * 60,
        ...     business_seconds=30 * 60,
        ...     rate=Decimal("150.00"),
        ...     multiplier=Decimal("1.5"),
        ...     increment_minutes=15,
        ...     minimum_minutes=0,
        ... )
        (60, Fraction(180, 1))

        A ten-minute call under a 30-minute minimum bills the minimum:

        >>> price_engagement(
        ...     total_seconds=600,
        ...     business_seconds=600,
        ...     rate=Decimal("150.00"),
        ...     multiplier=Decimal(1),
        ...     increment_minutes=15,
        ...     minimum_minutes=30,
        ... )
        (30, Fraction(75, 1))
    """
    total = check.count(total_seconds, "total_seconds")
    business = check.count(business_seconds, "business_seconds")
    if business > total:
        msg = (
            f"business_seconds={business} must not be more than total_seconds={total}: "
            "business time is part of the engagement"
        )
        raise ValueError(msg)
    increment = check.count(increment_minutes, "increment_minutes", minimum=1)
    minimum = check.count(minimum_minutes, "minimum_minutes")
    hourly = Fraction(_decimal(rate, "rate", minimum=0))
    factor = Fraction(_decimal(multiplier, "multiplier", minimum=1))

    step = increment * _SECONDS_PER_MINUTE
    billed = max(-(-total // step) * increment, minimum)
    # The whole billed time at the business rate when there is no mix to keep.
    weight = (business + (total - business) * factor) / total if total else Fraction(1)
    return billed, hourly * billed / _SECONDS_PER_MINUTE * weight


# -- blocks of hours ----------------------------------------------------------


@attrs.frozen
class Purchase:
    """A block of hours bought on a day.

    Attributes:
        day: Day the block is bought; its hours are available from then.
        hours: Whole hours bought, not negative.
    """

    day: pendulum.Date
    hours: int

    def __attrs_post_init__(self) -> None:
        """Refuse a day that is not a plain Date, and hours that are not a count."""
        check.day(self.day, "day")
        check.count(self.hours, "hours")


@attrs.frozen
class Draw:
    """Work time drawn against the blocks on a day.

    Attributes:
        day: Day the work is done.
        seconds: Length of the work, not negative.
    """

    day: pendulum.Date
    seconds: int

    def __attrs_post_init__(self) -> None:
        """Refuse a day that is not a plain Date, and seconds that are not a count."""
        check.day(self.day, "day")
        check.count(self.seconds, "seconds")


@attrs.frozen
class Lapse:
    """Hours of a block that were lost unused.

    Attributes:
        day: Day they stopped being available: an expiry day, or the day
            the next block was bought.
        seconds: How much lapsed that day.
    """

    day: pendulum.Date
    seconds: int


@attrs.frozen(kw_only=True)
class BlockRow:
    """One purchase and what happened to the balance until the next one.

    Attributes:
        day: Day the block was bought.
        hours: Hours bought.
        rolled_in: Seconds carried in from the previous block's balance.
        used: Seconds drawn by work from the purchase day up to the day
            before the next purchase.
        rolled_over: Seconds carried into the next block.
        lapses: Seconds lost in those days, one entry per day, by day.
        remaining: Seconds still available after every draw and expiry; 0
            on every row but the last.
    """

    day: pendulum.Date
    hours: int
    rolled_in: int
    used: int
    rolled_over: int
    lapses: tuple[Lapse, ...]
    remaining: int

    def __attrs_post_init__(self) -> None:
        """Refuse a row that does not balance: in = out."""
        if self.rolled_in + self.bought != (
            self.used + self.rolled_over + self.lapsed + self.remaining
        ):
            msg = (
                f"block of {self.day} does not balance: rolled_in={self.rolled_in} + "
                f"bought={self.bought} must equal used={self.used} + "
                f"rolled_over={self.rolled_over} + lapsed={self.lapsed} + "
                f"remaining={self.remaining}"
            )
            raise ValueError(msg)

    @property
    def bought(self) -> int:
        """Seconds bought: hours × 3600."""
        return self.hours * SECONDS_PER_HOUR

    @property
    def lapsed(self) -> int:
        """Seconds lost in total."""
        return sum(lapse.seconds for lapse in self.lapses)


@attrs.frozen(kw_only=True)
class DrawRow:
    """One draw and how it was paid for.

    Attributes:
        day: Day of the work.
        seconds: Length of the work.
        covered: Seconds paid for by block hours.
        overage: Seconds beyond the balance: `seconds − covered`.
        block: Index of the purchase whose row the draw falls in; None for
            work before the first purchase.
        sources: Where the covered seconds came from, in the order taken,
            as (index of the purchase that bought them, seconds).
    """

    day: pendulum.Date
    seconds: int
    covered: int
    overage: int
    block: int | None
    sources: tuple[tuple[int, int], ...]

    def __attrs_post_init__(self) -> None:
        """Refuse a row whose parts do not add up."""
        if self.covered + self.overage != self.seconds or self.covered != sum(
            taken for _, taken in self.sources
        ):
            msg = (
                f"draw of {self.day}: covered={self.covered} + overage={self.overage} must "
                f"equal seconds={self.seconds}, and covered must be the sum of {self.sources}"
            )
            raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Ledger:
    """What became of blocks of hours and the work drawn against them.

    Attributes:
        blocks: One row per purchase, in purchase order.
        draws: One row per draw, in the order the draws were given.
    """

    blocks: tuple[BlockRow, ...]
    draws: tuple[DrawRow, ...]

    @property
    def overage(self) -> int:
        """Seconds of work beyond the blocks, over all draws."""
        return sum(row.overage for row in self.draws)

    @property
    def remaining(self) -> int:
        """Seconds still available at the end."""
        return sum(row.remaining for row in self.blocks)


@attrs.define
class _Lot:
    """Hours of one purchase still in the balance."""

    origin: int
    expiry: pendulum.Date | None
    seconds: int


@attrs.define
class _Tally:
    """A block row being filled in."""

    rolled_in: int = 0
    used: int = 0
    rolled_over: int = 0
    lapses: dict[pendulum.Date, int] = attrs.Factory(dict)

    def lapse(self, day: pendulum.Date, seconds: int) -> None:
        """Record `seconds` lost on `day`."""
        if seconds:
            self.lapses[day] = self.lapses.get(day, 0) + seconds


class _Balance:
    """The queue of lots and the rows being filled in, advanced day by day."""

    def __init__(
        self,
        purchases: Sequence[Purchase],
        expiries: Sequence[pendulum.Date | None],
        *,
        rollover: bool,
        cap: int | None,
    ) -> None:
        self.purchases = purchases
        self.expiries = expiries
        self.rollover = rollover
        self.cap = cap
        self.lots: deque[_Lot] = deque()
        self.total = 0  # seconds in `lots`, kept so a purchase need not add them up
        self.tallies: list[_Tally] = []
        self.next_expiry: pendulum.Date | None = None

    def expire(self, day: pendulum.Date) -> None:
        """Lapse every lot whose expiry day is `day` or earlier, on its expiry day."""
        if self.next_expiry is None or self.next_expiry > day:
            return
        kept: deque[_Lot] = deque()
        for lot in self.lots:
            if lot.expiry is not None and lot.expiry <= day:
                self.tallies[-1].lapse(lot.expiry, lot.seconds)
                self.total -= lot.seconds
            else:
                kept.append(lot)
        self.lots = kept
        self._find_next_expiry()

    def _find_next_expiry(self) -> None:
        days = [lot.expiry for lot in self.lots if lot.expiry is not None]
        self.next_expiry = min(days, default=None)

    def buy(self, index: int) -> None:
        """Bring in purchase `index`, rolling over or lapsing the balance before it."""
        day = self.purchases[index].day
        self.expire(day)
        carried = 0
        if self.tallies:
            tally = self.tallies[-1]
            balance = self.total
            keep = (
                0 if not self.rollover else balance if self.cap is None else min(balance, self.cap)
            )
            excess = balance - keep
            while excess:  # the oldest hours lapse first, so the newest carry
                lot = self.lots[0]
                taken = min(lot.seconds, excess)
                lot.seconds -= taken
                excess -= taken
                tally.lapse(day, taken)
                if not lot.seconds:
                    self.lots.popleft()
            self.total = keep
            tally.rolled_over = carried = keep
        self.tallies.append(_Tally(rolled_in=carried))
        seconds = self.purchases[index].hours * SECONDS_PER_HOUR
        expiry = self.expiries[index]
        if seconds:
            self.lots.append(_Lot(index, expiry, seconds))
            self.total += seconds
            if expiry is not None and (self.next_expiry is None or expiry < self.next_expiry):
                self.next_expiry = expiry

    def draw(self, draw: Draw) -> DrawRow:
        """Take `draw` from the front of the queue; what the queue lacks is overage."""
        self.expire(draw.day)
        wanted = draw.seconds
        sources: list[tuple[int, int]] = []
        while wanted and self.lots:
            lot = self.lots[0]
            taken = min(lot.seconds, wanted)
            lot.seconds -= taken
            wanted -= taken
            sources.append((lot.origin, taken))
            if not lot.seconds:
                self.lots.popleft()
        covered = draw.seconds - wanted
        self.total -= covered
        if covered:  # an emptied lot may leave `next_expiry` early, which costs one scan
            self.tallies[-1].used += covered
        return DrawRow(
            day=draw.day,
            seconds=draw.seconds,
            covered=covered,
            overage=wanted,
            block=len(self.tallies) - 1 if self.tallies else None,
            sources=tuple(sources),
        )

    def close(self) -> tuple[BlockRow, ...]:
        """Apply the expiries still to come, and write the rows."""
        last = max((lot.expiry for lot in self.lots if lot.expiry is not None), default=None)
        if last is not None:
            self.expire(last)
        remaining = self.total
        rows = []
        for index, (purchase, tally) in enumerate(zip(self.purchases, self.tallies, strict=True)):
            rows.append(
                BlockRow(
                    day=purchase.day,
                    hours=purchase.hours,
                    rolled_in=tally.rolled_in,
                    used=tally.used,
                    rolled_over=tally.rolled_over,
                    lapses=tuple(Lapse(day, tally.lapses[day]) for day in sorted(tally.lapses)),
                    remaining=remaining if index == len(self.tallies) - 1 else 0,
                )
            )
        return tuple(rows)


def _expiries(
    purchases: Sequence[Purchase],
    expires_after: Callable[[pendulum.Date], pendulum.Date] | None,
) -> list[pendulum.Date | None]:
    """Each purchase's expiry day, checked to be a Date after the purchase day."""
    if expires_after is None:
        return [None] * len(purchases)
    found: list[pendulum.Date | None] = []
    for index, purchase in enumerate(purchases):
        expiry = check.day(expires_after(purchase.day), f"expires_after({purchase.day})")
        if expiry <= purchase.day:
            msg = (
                f"expires_after({purchase.day})={expiry} of purchases[{index}] must be after "
                "the purchase day: hours are available from the day they are bought"
            )
            raise ValueError(msg)
        found.append(expiry)
    return found


def _checked(purchases: Sequence[Purchase], draws: Sequence[Draw]) -> None:
    """Refuse items of the wrong type and purchases out of day order."""
    for index, purchase in enumerate(purchases):
        if not isinstance(purchase, Purchase):
            msg = f"purchases[{index}] must be a Purchase, not {type(purchase).__name__}"
            raise TypeError(msg)
        if index and purchase.day <= purchases[index - 1].day:
            msg = (
                f"purchases[{index}].day={purchase.day} must be after "
                f"purchases[{index - 1}].day={purchases[index - 1].day}: "
                "purchases come in strictly increasing day order"
            )
            raise ValueError(msg)
    for index, draw in enumerate(draws):
        if not isinstance(draw, Draw):
            msg = f"draws[{index}] must be a Draw, not {type(draw).__name__}"
            raise TypeError(msg)


def block_ledger(
    purchases: Sequence[Purchase],
    draws: Sequence[Draw],
    *,
    rollover: bool,
    rollover_cap_hours: int | None,
    expires_after: Callable[[pendulum.Date], pendulum.Date] | None,
) -> Ledger:
    """Draw work down from blocks of hours, with rollover, expiry and overage.

    Applies the block rules of the module docstring: oldest hours first,
    lapses at the next purchase or on expiry, rollover up to a cap with the
    original expiry kept.

    Args:
        purchases: Blocks bought, in strictly increasing day order.
        draws: Work drawn against the blocks, in any order.
        rollover: Whether the balance carries into the next block.
        rollover_cap_hours: Most hours carried into a block; None for no
            limit. Must be None without rollover.
        expires_after: The first day on which hours bought on a given day
            are no longer available (after that day); None if they never
            expire.

    Returns:
        One row per purchase and one per draw, draws in the order given.

    Raises:
        TypeError: An item or flag is of the wrong type, or `expires_after`
            gives something other than a `pendulum.Date`.
        ValueError: Purchases are out of order or share a day, the cap is
            negative or given without rollover, or an expiry day is not
            after its purchase day.

    Example:
        Ten hours a month, rolling over at most 2. In January 6 hours are
        used and 2 of the 4 left carry into February, which then holds 12;
        February's work of 13 hours uses the 2 carried hours first and
        runs 1 hour over.

        >>> jan, feb = pendulum.Date(2024, 1, 1), pendulum.Date(2024, 2, 1)
        >>> ledger = block_ledger(
        ...     [Purchase(jan, 10), Purchase(feb, 10)],
        ...     [Draw(jan.add(days=9), 6 * 3600), Draw(feb.add(days=4), 13 * 3600)],
        ...     rollover=True,
        ...     rollover_cap_hours=2,
        ...     expires_after=None,
        ... )
        >>> january, february = ledger.blocks
        >>> january.rolled_over // 3600, january.lapses
        (2, (Lapse(day=Date(2024, 2, 1), seconds=7200),))
        >>> february.rolled_in // 3600, february.used // 3600
        (2, 12)
        >>> ledger.draws[1].sources, ledger.draws[1].overage // 3600
        (((0, 7200), (1, 36000)), 1)
    """
    _checked(purchases, draws)
    if type(rollover) is not bool:
        msg = f"rollover must be a bool, not {type(rollover).__name__} (got {rollover!r})"
        raise TypeError(msg)
    cap = None
    if rollover_cap_hours is not None:
        if not rollover:
            msg = (
                f"rollover_cap_hours={rollover_cap_hours} must be None when rollover is false: "
                "nothing is carried over"
            )
            raise ValueError(msg)
        cap = check.count(rollover_cap_hours, "rollover_cap_hours") * SECONDS_PER_HOUR
    balance = _Balance(purchases, _expiries(purchases, expires_after), rollover=rollover, cap=cap)

    rows: list[DrawRow | None] = [None] * len(draws)
    bought = 0
    for index in sorted(range(len(draws)), key=lambda index: draws[index].day):
        draw = draws[index]
        while bought < len(purchases) and purchases[bought].day <= draw.day:
            balance.buy(bought)
            bought += 1
        rows[index] = balance.draw(draw)
    while bought < len(purchases):
        balance.buy(bought)
        bought += 1
    return Ledger(blocks=balance.close(), draws=tuple(row for row in rows if row is not None))
