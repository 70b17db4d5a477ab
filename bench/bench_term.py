"""Time `Term.notice_deadline` over 100,000 generated terms, new and 50 years old.

The terms are generated deterministically: starts on any day (often the
28th to the 31st), initial and renewal lengths in months, years, days,
weeks or both months and days, notice in days, months or business days of
a Monday-to-Friday calendar with explicit holidays, under every roll
convention. Each term is evergreen, and is asked for its deadline on a day
of its initial term ("new"), of its first renewal ("renewed") and 50 years
after the "new" day ("50 years").

Two kinds of call are timed: the first call on a term just built (as a
scan over stored agreements asks it), and a repeat call on the same term.
Every deadline is checked against the forward rule on a sample before
timing.

Usage:
    python bench/bench_term.py            # about 55 s
    python bench/bench_term.py --quick    # a few seconds, rougher figures
    python bench/bench_term.py --profile  # cProfile of notice_deadline
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import pstats
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Final, NamedTuple

import attrs
import pendulum

from msa_model import (
    BusinessCalendar,
    BusinessDays,
    Notice,
    OpeningWindow,
    Period,
    Renewal,
    RollConvention,
    Term,
    TimeOfDay,
    Weekday,
)

RATE_TARGET: Final = 200_000
"""Goal: at least this many deadlines per second in one process."""
AGE_TARGET: Final = 1.2
"""Goal: a deadline 50 years into the term at most this many times slower than a new one."""
YEARS_OLD: Final = 50
SEED: Final = 20240131
BATCH: Final = 5_000
"""Terms timed together; the cases take turns batch by batch."""
CASES: Final = ("new", "renewed", f"{YEARS_OLD} years")
CALLS: Final = ("first call", "repeat call")


class Settings(NamedTuple):
    """How many terms to generate and how many times to time each pass over them."""

    terms: int
    rounds: int


DEFAULT: Final = Settings(terms=100_000, rounds=2)
QUICK: Final = Settings(terms=10_000, rounds=3)


class Workload(NamedTuple):
    """Generated terms with the days to ask them about, one per case."""

    terms: list[Term]
    as_of: dict[str, list[pendulum.Date]]
    kinds: Counter[str]
    groups: dict[str, list[int]]
    """Indexes of the terms by the unit of their notice: days, months or business days."""


def _calendars(rng: random.Random) -> list[BusinessCalendar]:
    """Return four Monday-to-Friday calendars with explicit holidays from 1990 to 2100."""
    weekdays = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
    window = OpeningWindow(days=weekdays, start=TimeOfDay(9 * 60), end=TimeOfDay(17 * 60))
    found = []
    for number, zone in enumerate(("UTC", "Europe/London", "America/New_York", "Asia/Tokyo")):
        fixed = {(1, 1), (12, 25), (12, 26)} | {
            (rng.randint(2, 11), rng.randint(1, 28)) for _ in range(3)
        }
        holidays = tuple(
            pendulum.Date(year, month, day)
            for year in range(1990, 2101)
            for month, day in sorted(fixed)
        )
        found.append(
            BusinessCalendar(id=f"office-{number}", zone=zone, windows=(window,), holidays=holidays)
        )
    return found


@functools.cache
def _period(*, years: int = 0, months: int = 0, weeks: int = 0, days: int = 0) -> Period:
    """Return a `Period`, shared between terms: validating 300,000 of them would take seconds."""
    return Period(years=years, months=months, weeks=weeks, days=days)


@functools.cache
def _notice_of(length: Period | BusinessDays, roll: RollConvention) -> Notice:
    return Notice(length=length, roll=roll)


@functools.cache
def _evergreen(length: Period) -> Renewal:
    return Renewal.automatic(length)


def _length(rng: random.Random, longest_years: int) -> tuple[str, Period]:
    """Return a random non-zero term length and the name of its unit."""
    roll = rng.random()
    if roll < 0.35:
        return "months", _period(months=rng.choice((1, 3, 6, 12, 24, 36, rng.randint(1, 60))))
    if roll < 0.60:
        return "years", _period(years=rng.randint(1, longest_years))
    if roll < 0.80:
        return "days", _period(days=rng.randint(30, 365 * longest_years))
    if roll < 0.95:
        return "weeks", _period(weeks=rng.randint(4, 52 * longest_years))
    return "months+days", _period(months=rng.randint(1, 24), days=rng.randint(1, 20))


def _start(rng: random.Random) -> pendulum.Date:
    """Return a start day; about a third fall on the 28th or later."""
    year, month = rng.randint(1995, 2030), rng.randint(1, 12)
    last = pendulum.Date(year, month, 1).days_in_month
    day = rng.randint(28, last) if rng.random() < 0.35 else rng.randint(1, 27)
    return pendulum.Date(year, month, day)


def _notice(
    rng: random.Random, calendars: Sequence[BusinessCalendar]
) -> tuple[str, Notice, BusinessCalendar | None]:
    """Return a notice clause, its kind, and the calendar it needs (if any)."""
    roll = rng.random()
    if roll < 0.20:
        count = rng.choice((5, 10, 15, 20, 30, 45, 60))
        convention = rng.choice(tuple(RollConvention))
        notice = _notice_of(BusinessDays(count), convention)
        return "business days", notice, rng.choice(calendars)
    if roll < 0.60:
        length = _period(days=rng.choice((10, 30, 45, 60, 90, 120, 180)))
        kind = "days"
    else:
        length = _period(months=rng.randint(1, 6))
        kind = "months"
    if rng.random() < 0.1:  # a calendar notice rolled onto a business day
        convention = rng.choice(tuple(RollConvention)[1:])
        return f"{kind}, rolled", _notice_of(length, convention), rng.choice(calendars)
    return kind, _notice_of(length, RollConvention.NONE), None


def workload(count: int, seed: int = SEED) -> Workload:
    """Generate `count` evergreen terms and, per case, the day each is asked about."""
    rng = random.Random(seed)
    calendars = _calendars(rng)
    terms: list[Term] = []
    as_of: dict[str, list[pendulum.Date]] = {case: [] for case in CASES}
    kinds: Counter[str] = Counter()
    groups: dict[str, list[int]] = {"days": [], "months": [], "business days": []}
    for index in range(count):
        start = _start(rng)
        initial_kind, initial = _length(rng, longest_years=5)
        renewal_kind, renewal = _length(rng, longest_years=3)
        notice_kind, notice, calendar = _notice(rng, calendars)
        kinds.update((f"initial in {initial_kind}", f"renewal in {renewal_kind}"))
        kinds[f"notice in {notice_kind}"] += 1
        groups[notice_kind.removesuffix(", rolled")].append(index)
        terms.append(
            Term(
                start=start,
                initial=initial,
                renewal=_evergreen(renewal),
                notice=notice,
                calendar=calendar,
            )
        )
        # Any day of the initial term, and any day of the first renewal.
        first_renewal = initial.add_to(start).toordinal()
        shortest = renewal.add_to(pendulum.Date.fromordinal(first_renewal)).toordinal()
        shortest -= first_renewal
        new = pendulum.Date.fromordinal(rng.randrange(start.toordinal(), first_renewal))
        renewed = pendulum.Date.fromordinal(first_renewal + rng.randrange(shortest))
        as_of["new"].append(new)
        as_of["renewed"].append(renewed)
        as_of[f"{YEARS_OLD} years"].append(new.add(years=YEARS_OLD))
    return Workload(terms, as_of, kinds, groups)


def verify(work: Workload, sample: int = 2_000) -> None:
    """Check a sample of deadlines against the forward rule, for every case.

    A deadline D of a notice that does not roll is the latest day with D +
    notice ≤ the last day of the period containing `as_of`; for business
    days, the latest day with that many business days after it, up to and
    including the last day.

    Raises:
        SystemExit: A deadline breaks the rule; timing it would be pointless.
    """
    step = max(1, len(work.terms) // sample)
    for case, days in work.as_of.items():
        for index in range(0, len(work.terms), step):
            term, as_of = work.terms[index], days[index]
            deadline, period = term.notice_deadline(as_of), term.period_on(as_of)
            if deadline is None or period is None or not period.start <= as_of <= period.end:
                raise SystemExit(f"{case}: term {index} has no period or deadline on {as_of}")
            notice = term.notice
            assert notice is not None  # noqa: S101 # every generated term has one
            if notice.roll is not RollConvention.NONE:
                continue
            later = deadline.add(days=1)
            if isinstance(notice.length, Period):
                timely = notice.length.add_to(deadline) <= period.end
                too_late = notice.length.add_to(later) > period.end
            else:
                assert term.calendar is not None  # noqa: S101 # business days need one
                count = notice.length.count
                timely = _business_days(term.calendar, deadline, period.end) >= count
                too_late = _business_days(term.calendar, later, period.end) < count
            if not (timely and too_late):
                msg = f"{case}: term {index} has deadline {deadline} for the period {period}"
                raise SystemExit(msg)


def _business_days(calendar: BusinessCalendar, after: pendulum.Date, last: pendulum.Date) -> int:
    """Count the business days in (after, last], one day at a time (a slow, plain oracle)."""
    holidays = set(calendar.holidays)
    found, day = 0, after.add(days=1)
    while day <= last:
        found += day.isoweekday() <= 5 and day not in holidays
        day = day.add(days=1)
    return found


def _pass(terms: Sequence[Term], days: Sequence[pendulum.Date]) -> float:
    """Return the seconds one pass of `notice_deadline` over every term takes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for term, day in zip(terms, days, strict=True):
            term.notice_deadline(day)
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def fresh(terms: Sequence[Term]) -> list[Term]:
    """Return new terms equal to `terms` that have not yet built their schedules.

    Each is built again from the fields, through `__init__` as the JSON
    reader builds a term, so nothing it works out and keeps on first use
    is there yet, as for a term just read from a file.
    """
    return [attrs.evolve(term) for term in terms]


def run(work: Workload, rounds: int) -> dict[tuple[str, str], float]:
    """Time every case, first and repeat calls, batch by batch; keep each batch's best of `rounds`.

    The terms are timed in batches of `BATCH`, and the cases take turns
    batch by batch, so a busy spell of the machine slows every case alike
    instead of one. In a batch, the first call runs on fresh copies of the
    terms, then the repeat call on those same copies, one notice kind at a
    time. A figure is the sum of its batches' best times, as the best of
    many short runs in timeit.

    Returns:
        Deadlines per second by (call or notice kind, case).
    """
    best: dict[tuple[str, str, int], float] = {}
    count = len(work.terms)
    batches = [range(first, min(first + BATCH, count)) for first in range(0, count, BATCH)]
    kinds = {index: kind for kind, indexes in work.groups.items() for index in indexes}
    for _ in range(rounds):
        for number, batch in enumerate(batches):
            for case in CASES:
                days = work.as_of[case]
                terms = fresh([work.terms[index] for index in batch])
                seconds = _pass(terms, [days[index] for index in batch])
                _keep(best, ("first call", case, number), seconds)
                for kind in work.groups:
                    chosen = [
                        (term, days[index])
                        for term, index in zip(terms, batch, strict=True)
                        if kinds[index] == kind
                    ]
                    seconds = _pass([term for term, _ in chosen], [day for _, day in chosen])
                    _keep(best, (kind, case, number), seconds)
    totals: dict[tuple[str, str], float] = {}
    for (row, case, _), seconds in best.items():
        totals[row, case] = totals.get((row, case), 0.0) + seconds
    rates = {key: _size(work, key[0]) / seconds for key, seconds in totals.items()}
    for case in CASES:
        repeat = sum(totals[kind, case] for kind in work.groups)
        rates["repeat call", case] = count / repeat
    return rates


def _keep(
    best: dict[tuple[str, str, int], float], key: tuple[str, str, int], seconds: float
) -> None:
    best[key] = min(best.get(key, float("inf")), seconds)


def _size(work: Workload, row: str) -> int:
    return len(work.groups[row]) if row in work.groups else len(work.terms)


def report(work: Workload, rates: dict[tuple[str, str], float]) -> None:
    """Print the tables of deadlines per second, the age ratio and the targets."""
    old = f"{YEARS_OLD} years"
    header = f"{'deadlines per second':<26}" + "".join(f"{case:>12}" for case in CASES)
    header += f"{'old / new':>12}{'old / renewed':>15}"
    rows = [*CALLS, "", *(f"repeat, {kind}" for kind in work.groups)]
    print(header)
    print("-" * len(header))
    for row in rows:
        if not row:
            print("by notice length:")
            continue
        key = row.removeprefix("repeat, ")
        cells = "".join(f"{rates[key, case]:>12,.0f}" for case in CASES)
        new, renewed = (
            rates[key, "new"] / rates[key, old],
            rates[key, "renewed"] / rates[key, old],
        )
        share = f" ({len(work.groups[key]) / len(work.terms):.0%})" if key in work.groups else ""
        print(f"{row + share:<26}{cells}{f'{new:.2f}×':>12}{f'{renewed:.2f}×':>15}")
    print("-" * len(header))
    print(f"(old is {old}; a ratio compares time per deadline, above 1 when old is slower)")
    print()
    for call in CALLS:
        slowest = min(rates[call, case] for case in CASES)
        ratio = rates[call, "new"] / rates[call, old]
        print(
            f"{call}: slowest case {slowest:,.0f}/s (target ≥ {RATE_TARGET:,}/s: "
            f"{'met' if slowest >= RATE_TARGET else 'missed'}), "
            f"{old} {ratio:.2f}× new (target ≤ {AGE_TARGET}×: "
            f"{'met' if ratio <= AGE_TARGET else 'missed'})"
        )


def profile(work: Workload, top: int) -> None:
    """Print cProfile's hottest functions of notice_deadline, first and repeat calls."""
    old = f"{YEARS_OLD} years"
    for case in ("new", old):
        days = work.as_of[case]
        terms = fresh(work.terms)  # copied before profiling: the copies are no part of it
        for call in CALLS:  # the first pass on terms just built, the second on the same
            profiler = cProfile.Profile()
            profiler.enable()
            _pass(terms, days)
            profiler.disable()
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
                stats.print_stats(top)
                print(f"==== notice_deadline, {case}, {call}, by {order} ====")
                print(out.getvalue().split("\n", 4)[-1].strip("\n"))
                print()


def main(argv: list[str] | None = None) -> None:
    """Generate the terms, check them, and time (or profile) their notice deadlines."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer terms, fewer rounds")
    parser.add_argument("--count", type=int, help="terms to generate (default 100,000)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the generator")
    parser.add_argument(
        "--profile", action="store_true", help="profile notice_deadline instead of timing it"
    )
    parser.add_argument("--top", type=int, default=25, help="rows per profile table")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else DEFAULT
    count = args.count or settings.terms
    started = time.perf_counter()
    work = workload(count, args.seed)
    built = time.perf_counter() - started
    verify(work)
    if args.profile:
        profile(work, args.top)
        return
    rates = run(work, settings.rounds)
    print(f"Python {sys.version.split()[0]}, Term.notice_deadline over {count:,} terms")
    print(f"generated and validated in {built:.1f} s", end="; ")
    print(f"best of {settings.rounds} runs per batch of {BATCH:,} terms")
    for part in ("initial", "renewal", "notice"):
        shares = sorted(
            (kind.removeprefix(f"{part} in "), share)
            for kind, share in work.kinds.items()
            if kind.startswith(part)
        )
        print(
            f"{part + ':':<9}" + ", ".join(f"{kind} {share / count:.0%}" for kind, share in shares)
        )
    print()
    report(work, rates)


if __name__ == "__main__":
    main()
