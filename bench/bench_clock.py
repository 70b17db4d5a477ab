"""Time the business clock's due times and elapsed time against pandas and businesstime.

On a Monday-to-Friday 09:00-17:00 calendar with the US federal holidays of
2024 to 2027, 10,000 random opened-at instants of 2024 to 2026 get a due
time 4 h, 40 h and 400 h of business time later:

- with msa_model's public API, `calendar.add(opened_at, BusinessTime)`, the
  opened-at times being pendulum DateTimes in America/New_York, and again
  on a UTC calendar (a zone without DST);
- with the clock engine on integer instants, `clock_for(calendar).add`, to
  show what the conversions of the public API cost;
- with pandas' `CustomBusinessHour`, added to naive local `Timestamp`s
  (pandas knows no time zones here).

businesstime has no way to add business hours, so it is compared on
elapsed business time instead: `businesstimedelta(start, end)` against
`calendar.elapsed(start, end)`, for ends 1 to 60 days after the starts.

Before timing, the due times are checked against pandas and the elapsed
times against businesstime, on the first 1,000 instants.

Usage:
    python bench/bench_clock.py            # about 45 s
    python bench/bench_clock.py --quick    # a few seconds, rougher figures
    python bench/bench_clock.py --profile  # cProfile of BusinessCalendar.add
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import pstats
import random
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Final, NamedTuple, TypeVar

import businesstime  # type: ignore[import-untyped] # the package ships no type hints
import pandas as pd  # type: ignore[import-untyped] # pandas ships no type hints (pandas-stubs)
import pendulum
from pandas.tseries.offsets import CustomBusinessHour  # type: ignore[import-untyped] # as above

from msa_model import BusinessCalendar, BusinessTime, OpeningWindow, TimeOfDay, Weekday
from msa_model._engines.clock import US, Clock, clock_for, from_instant, to_instant, zone_rules

T = TypeVar("T")

SPEED_TARGET: Final = 20.0
"""Goal: each due time at least this many times faster than pandas."""
LENGTH_TARGET: Final = 1.5
"""Goal: a 400 h due time at most this many times slower than a 4 h one."""
HOURS: Final = (4, 40, 400)
"""The targets added, in hours of business time."""
SEED: Final = 20240404
ZONE: Final = "America/New_York"
OPENS, CLOSES = dt.time(9), dt.time(17)
FIRST: Final = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
LAST: Final = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
"""The opened-at instants are drawn from [FIRST, LAST), whole minutes."""
CHECKED: Final = 1_000
"""Instants whose due and elapsed times are compared with the peers before timing."""
SHOWN: Final = 5
"""Mismatches printed per check."""
BATCHES: Final = 20
"""Batches each case is timed in; the cases take turns batch by batch."""

# The US federal holidays of 2024 to 2027 as the `holidays` package (0.109) lists them, the
# observed days included; listed here so that every library gets the same dates whatever the
# installed version of `holidays` says.
HOLIDAYS: Final = tuple(
    dt.date.fromisoformat(day)
    for day in (
        *("2024-01-01", "2024-01-15", "2024-02-19", "2024-05-27", "2024-06-19", "2024-07-04"),
        *("2024-09-02", "2024-10-14", "2024-11-11", "2024-11-28", "2024-12-25"),
        *("2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04"),
        *("2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25"),
        *("2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03"),
        *("2026-07-04", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"),
        *("2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-06-19"),
        *("2027-07-04", "2027-07-05", "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25"),
        *("2027-12-24", "2027-12-25", "2027-12-31"),
    )
)

API_NY, API_UTC = "API, New York", "API, UTC"
ENGINE_NY, ENGINE_UTC = "engine, New York", "engine, UTC"
OURS: Final = (API_NY, API_UTC, ENGINE_NY, ENGINE_UTC)
"""The ways msa_model is timed: public API or engine, in New York or UTC."""
PANDAS, BUSINESSTIME = "pandas", "businesstime"
DUE, ELAPSED = "due", "elapsed"
"""The two kinds of call timed: a due time (by hours added) and elapsed time."""


class Settings(NamedTuple):
    """How many instants to time, how many of them for the slow peers, and how many rounds."""

    instants: int
    peer_instants: int
    rounds: int


DEFAULT: Final = Settings(instants=10_000, peer_instants=1_000, rounds=5)
QUICK: Final = Settings(instants=2_000, peer_instants=300, rounds=3)


class Workload(NamedTuple):
    """The opened-at instants and the ends of the elapsed-time pairs, in every form needed."""

    ny: BusinessCalendar
    utc: BusinessCalendar
    micros: list[int]
    """Opened-at instants, microseconds since the epoch."""
    end_micros: list[int]
    ny_starts: list[pendulum.DateTime]
    """pendulum DateTimes in New York (a fixed offset where the wall time occurs twice)."""
    ny_ends: list[pendulum.DateTime]
    utc_starts: list[pendulum.DateTime]
    utc_ends: list[pendulum.DateTime]
    local_starts: list[dt.datetime]
    """Naive New York wall times, for pandas and businesstime."""
    local_ends: list[dt.datetime]
    utc_naive_starts: list[dt.datetime]
    """Naive UTC wall times, for comparing pandas with the UTC calendar."""
    repeated: int
    """How many opened-at instants fall in New York's repeated hour."""


def calendar(zone: str) -> BusinessCalendar:
    """Return the Monday-to-Friday 09:00-17:00 calendar of `zone` with the federal holidays."""
    weekdays = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
    window = OpeningWindow(days=weekdays, start=TimeOfDay(9 * 60), end=TimeOfDay(17 * 60))
    holidays = tuple(pendulum.Date(day.year, day.month, day.day) for day in HOLIDAYS)
    return BusinessCalendar(id="office", zone=zone, windows=(window,), holidays=holidays)


def _in_zone(second: int, zone: str) -> tuple[pendulum.DateTime, bool]:
    """Return the pendulum DateTime of `second` in `zone`, and whether its wall time repeats.

    A repeated wall time is given with its fixed offset, which names the
    instant without relying on `fold` (msa_model reads either form).
    """
    moment = pendulum.from_timestamp(second, tz=zone)
    if moment.replace(fold=1 - moment.fold).utcoffset() == moment.utcoffset():
        return moment, False
    offset = moment.utcoffset()
    assert offset is not None  # noqa: S101 # a zone always has an offset
    fixed = pendulum.FixedTimezone(int(offset.total_seconds()))
    return pendulum.from_timestamp(second).in_timezone(fixed), True


def workload(count: int, seed: int = SEED) -> Workload:
    """Draw `count` opened-at instants (whole minutes) and the ends 1 to 60 days after them."""
    rng = random.Random(seed)
    first, last = int(FIRST.timestamp()) // 60, int(LAST.timestamp()) // 60
    starts, ends = [], []
    for _ in range(count):  # drawn together, so the first instants do not depend on `count`
        starts.append(rng.randrange(first, last) * 60)
        ends.append(starts[-1] + rng.randint(1 * 1440, 60 * 1440) * 60)
    ny_starts, ny_ends, repeated = [], [], 0
    for start, end in zip(starts, ends, strict=True):
        moment, twice = _in_zone(start, ZONE)
        ny_starts.append(moment)
        ny_ends.append(_in_zone(end, ZONE)[0])
        repeated += twice
    utc_starts = [pendulum.from_timestamp(start, tz="UTC") for start in starts]
    return Workload(
        ny=calendar(ZONE),
        utc=calendar("UTC"),
        micros=[start * US for start in starts],
        end_micros=[end * US for end in ends],
        ny_starts=ny_starts,
        ny_ends=ny_ends,
        utc_starts=utc_starts,
        utc_ends=[pendulum.from_timestamp(end, tz="UTC") for end in ends],
        local_starts=[_naive(moment, ZONE) for moment in ny_starts],
        local_ends=[_naive(moment, ZONE) for moment in ny_ends],
        utc_naive_starts=[_naive(moment, "UTC") for moment in utc_starts],
        repeated=repeated,
    )


def _naive(moment: dt.datetime, zone: str) -> dt.datetime:
    """Return the wall time of `moment` in `zone` as a naive stdlib datetime."""
    return from_instant(to_instant(moment), zone_rules(zone).zone).replace(tzinfo=None)


def _offset(hours: int) -> CustomBusinessHour:
    return CustomBusinessHour(n=hours, start="09:00", end="17:00", holidays=list(HOLIDAYS))


def _peer_clock() -> businesstime.BusinessTime:
    return businesstime.BusinessTime(business_hours=(OPENS, CLOSES), holidays=frozenset(HOLIDAYS))


def _peer_elapsed(peer: businesstime.BusinessTime, start: dt.datetime, end: dt.datetime) -> int:
    """Return businesstime's elapsed business time in microseconds.

    `businesstimedelta` counts whole business days as days of the timedelta
    and the rest as its time; a business day is 8 hours here.
    """
    delta: dt.timedelta = peer.businesstimedelta(start, end)
    rest = delta - dt.timedelta(days=delta.days)
    return delta.days * 8 * 3600 * US + rest // dt.timedelta(microseconds=1)


# -- checks ------------------------------------------------------------------


def check_pandas(work: Workload, count: int) -> None:
    """Compare msa_model's due times with pandas', on both calendars, and print the findings.

    pandas moves a due time that lands exactly on a closing time to the
    next opening (Fri 13:00 + 4 h gives Mon 09:00), where msa_model keeps
    the closing time (SEMANTICS §3); those differences are counted apart.
    """
    cases = (
        ("UTC calendar", work.utc, work.utc_starts, work.utc_naive_starts, "UTC"),
        ("New York calendar", work.ny, work.ny_starts, work.local_starts, ZONE),
    )
    for name, office, starts, naive, zone in cases:
        for hours in HOURS:
            length = BusinessTime.parse(f"PT{hours}H")
            offset = _offset(hours)
            same = at_closing = 0
            others = []
            for index in range(count):
                ours = office.add(starts[index], length)
                theirs = (pd.Timestamp(naive[index]) + offset).to_pydatetime()
                wall = _naive(ours, zone)
                if wall == theirs:
                    same += 1
                elif ours.time() == CLOSES and _naive(office.next_opening(ours), zone) == theirs:
                    at_closing += 1
                else:
                    others.append((naive[index], wall, theirs))
            print(
                f"check, {name}, {hours} h: {same:,} of {count:,} equal to pandas, "
                f"{at_closing:,} at a closing time that pandas moves to the next opening, "
                f"{len(others):,} other mismatches"
            )
            for opened, wall, theirs in others[:SHOWN]:
                print(f"  opened {opened}: msa_model {wall}, pandas {theirs}")


def _utc(text: str) -> pendulum.DateTime:
    return pendulum.instance(dt.datetime.fromisoformat(f"{text}+00:00"))


EDGES: Final = (
    ("start at closing, Fri 17:00 + 1 h", _utc("2024-11-15T17:00:00"), 1),
    ("start at opening, Fri 09:00 + 8 h", _utc("2024-11-15T09:00:00"), 8),
    ("ends at closing, Fri 13:00 + 4 h", _utc("2024-11-15T13:00:00"), 4),
    ("ends past closing, Fri 13:00 + 5 h", _utc("2024-11-15T13:00:00"), 5),
    ("before opening, Mon 08:00 + 1 h", _utc("2024-11-18T08:00:00"), 1),
    ("weekend, Sat 10:00 + 1 h", _utc("2024-11-16T10:00:00"), 1),
    ("holiday next, Wed 16:30 + 1 h", _utc("2024-11-27T16:30:00"), 1),
    ("half a second, Fri 16:59:59.5 + 1 h", _utc("2024-11-15T16:59:59.500000"), 1),
)
"""Hand-picked opened-at times and hours, to show where pandas' rules differ."""


def check_edges(work: Workload) -> None:
    """Print msa_model's and pandas' due times for the `EDGES`, on the UTC calendar."""
    for label, opened, hours in EDGES:
        ours = _naive(work.utc.add(opened, BusinessTime.parse(f"PT{hours}H")), "UTC")
        theirs = (pd.Timestamp(_naive(opened, "UTC")) + _offset(hours)).to_pydatetime()
        verdict = "same" if ours == theirs else "differ"
        print(f"edge, {label}: msa_model {ours}, pandas {theirs} ({verdict})")


def check_businesstime(work: Workload, count: int) -> None:
    """Compare msa_model's elapsed times with businesstime's and print the findings."""
    peer = _peer_clock()
    for name, office, starts, ends in (
        ("UTC calendar", work.utc, work.utc_starts, work.utc_ends),
        ("New York calendar", work.ny, work.ny_starts, work.ny_ends),
    ):
        others = []
        for index in range(count):
            ours = office.elapsed(starts[index], ends[index]) // dt.timedelta(microseconds=1)
            naive = (_naive(starts[index], office.zone), _naive(ends[index], office.zone))
            theirs = _peer_elapsed(peer, *naive)
            if ours != theirs:
                others.append((*naive, ours, theirs))
        same = count - len(others)
        print(f"check, elapsed, {name}: {same:,} of {count:,} equal to businesstime")
        for start, end, ours, theirs in others[:SHOWN]:
            print(
                f"  {start} to {end}: msa_model {dt.timedelta(microseconds=ours)}, "
                f"businesstime {dt.timedelta(microseconds=theirs)}"
            )


def check_engine(work: Workload, count: int) -> None:
    """Check that the engine gives the public API's due times, as instants.

    Raises:
        SystemExit: They differ; timing both would compare different work.
    """
    clock = clock_for(work.ny)
    for hours in HOURS:
        length = BusinessTime.parse(f"PT{hours}H")
        for index in range(count):
            due = work.ny.add(work.ny_starts[index], length)
            if to_instant(due) != clock.add(work.micros[index], hours * 3600 * US):
                msg = f"engine and API differ for {work.ny_starts[index]} + {hours} h"
                raise SystemExit(msg)


# -- timing ------------------------------------------------------------------


Batch = tuple[int, Callable[[], None]]
"""A batch to time: how many calls it makes, and the loop making them."""


class Task(NamedTuple):
    """Calls to time for one library and case, split into batches: (calls, run) pairs."""

    kind: str
    who: str
    hours: int
    batches: list[Batch]


def _batches(items: Sequence[T], loop: Callable[[Sequence[T]], Callable[[], None]]) -> list[Batch]:
    """Split `items` into `BATCHES` batches; return each one's size and its timed loop."""
    size = -(-len(items) // BATCHES)
    return [
        (len(items[i : i + size]), loop(items[i : i + size])) for i in range(0, len(items), size)
    ]


def _api_add(office: BusinessCalendar, starts: Sequence[pendulum.DateTime], hours: int) -> Task:
    length = BusinessTime.parse(f"PT{hours}H")
    add = office.add

    def loop(batch: Sequence[pendulum.DateTime]) -> Callable[[], None]:
        def run() -> None:
            for start in batch:
                add(start, length)

        return run

    who = API_NY if office.zone == ZONE else API_UTC
    return Task(DUE, who, hours, _batches(starts, loop))


def _engine_add(clock: Clock, micros: Sequence[int], hours: int, who: str) -> Task:
    length = hours * 3600 * US
    add = clock.add

    def loop(batch: Sequence[int]) -> Callable[[], None]:
        def run() -> None:
            for start in batch:
                add(start, length)

        return run

    return Task(DUE, who, hours, _batches(micros, loop))


def _pandas_add(naive: Sequence[dt.datetime], hours: int) -> Task:
    stamps = [pd.Timestamp(moment) for moment in naive]
    offset = _offset(hours)

    def loop(batch: Sequence[pd.Timestamp]) -> Callable[[], None]:
        def run() -> None:
            for stamp in batch:
                stamp + offset

        return run

    return Task(DUE, PANDAS, hours, _batches(stamps, loop))


def _pairs_task(
    who: str, starts: Sequence[T], ends: Sequence[T], measure: Callable[[T, T], object]
) -> Task:
    def loop(batch: Sequence[tuple[T, T]]) -> Callable[[], None]:
        def run() -> None:
            for start, end in batch:
                measure(start, end)

        return run

    return Task(ELAPSED, who, 0, _batches(list(zip(starts, ends, strict=True)), loop))


def tasks(work: Workload, peer_count: int) -> list[Task]:
    """List every pass to time; the peers get the first `peer_count` instants only."""
    ny_clock, utc_clock = clock_for(work.ny), clock_for(work.utc)
    found = []
    for hours in HOURS:
        found += [
            _api_add(work.ny, work.ny_starts, hours),
            _api_add(work.utc, work.utc_starts, hours),
            _engine_add(ny_clock, work.micros, hours, ENGINE_NY),
            _engine_add(utc_clock, work.micros, hours, ENGINE_UTC),
            _pandas_add(work.local_starts[:peer_count], hours),
        ]
    peer = _peer_clock()
    found += [
        _pairs_task(API_NY, work.ny_starts, work.ny_ends, work.ny.elapsed),
        _pairs_task(API_UTC, work.utc_starts, work.utc_ends, work.utc.elapsed),
        _pairs_task(ENGINE_NY, work.micros, work.end_micros, ny_clock.elapsed),
        _pairs_task(
            BUSINESSTIME,
            work.local_starts[:peer_count],
            work.local_ends[:peer_count],
            peer.businesstimedelta,
        ),
    ]
    return found


def _seconds(run: Callable[[], None]) -> float:
    """Return the seconds one batch takes, with the garbage collector off as in timeit."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def timed(found: Sequence[Task], rounds: int) -> dict[tuple[str, str, int], float]:
    """Return the microseconds per call of every task: its batches' best times, summed.

    Every batch runs `rounds` times and its best time is kept, as timeit
    does. The tasks take turns batch by batch, so a busy spell of the
    machine slows every library alike instead of one, and the best of
    many short batches dodges most of it.
    """
    best = [[float("inf")] * len(task.batches) for task in found]
    for _ in range(rounds):
        for index in range(BATCHES):
            for task, times in zip(found, best, strict=True):
                if index < len(task.batches):
                    times[index] = min(times[index], _seconds(task.batches[index][1]))
    return {
        (task.kind, task.who, task.hours): sum(times)
        / sum(calls for calls, _ in task.batches)
        * 1e6
        for task, times in zip(found, best, strict=True)
    }


# -- report ------------------------------------------------------------------


def report(best: dict[tuple[str, str, int], float]) -> None:
    """Print the tables of microseconds per call, the ratios and the targets."""
    header = f"{'due time (add)':<26}{'msa_model µs':>14}{'pandas µs':>12}{'pandas/msa':>12}"
    print(header)
    print("-" * len(header))
    for who in OURS:
        for hours in HOURS:
            ours, theirs = best[DUE, who, hours], best[DUE, PANDAS, hours]
            case = f"{who}, {hours} h"
            print(f"{case:<26}{ours:>14.1f}{theirs:>12.1f}{f'{theirs / ours:.1f}×':>12}")
    print("-" * len(header))
    print("msa_model 400 h / 4 h: ", end="")
    print(", ".join(f"{who} {best[DUE, who, 400] / best[DUE, who, 4]:.2f}×" for who in OURS))
    print()
    header = f"{'elapsed (1-60 days)':<26}{'msa_model µs':>14}{'busitime µs':>12}"
    header += f"{'busitime/msa':>14}"
    print(header)
    print("-" * len(header))
    theirs = best[ELAPSED, BUSINESSTIME, 0]
    for who in (API_NY, API_UTC, ENGINE_NY):
        ours = best[ELAPSED, who, 0]
        print(f"{who:<26}{ours:>14.1f}{theirs:>12.1f}{f'{theirs / ours:.1f}×':>14}")
    print("-" * len(header))
    print("(busitime is businesstime.businesstimedelta on naive New York times)")
    print()
    for who in (API_NY, ENGINE_NY):
        speed = ", ".join(
            f"{hours} h {best[DUE, PANDAS, hours] / best[DUE, who, hours]:.1f}×" for hours in HOURS
        )
        slowest = min(best[DUE, PANDAS, hours] / best[DUE, who, hours] for hours in HOURS)
        length = best[DUE, who, 400] / best[DUE, who, 4]
        print(
            f"{who}: faster than pandas by {speed} (target ≥ {SPEED_TARGET:.0f}×: "
            f"{'met' if slowest >= SPEED_TARGET else 'missed'}); 400 h {length:.2f}× 4 h "
            f"(target ≤ {LENGTH_TARGET}×: {'met' if length <= LENGTH_TARGET else 'missed'})"
        )


def profile(work: Workload, top: int) -> None:
    """Print cProfile's hottest functions of `BusinessCalendar.add` in New York, 4 h and 400 h."""
    for hours in (4, 400):
        runs = [run for _, run in _api_add(work.ny, work.ny_starts, hours).batches]
        for run in runs:  # warm the clock's caches: steady state, as when timed
            run()
        profiler = cProfile.Profile()
        profiler.enable()
        for run in runs:
            run()
        profiler.disable()
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
            stats.print_stats(top)
            print(f"==== BusinessCalendar.add, New York, {hours} h, by {order} ====")
            print(out.getvalue().split("\n", 4)[-1].strip("\n"))
            print()


def main(argv: list[str] | None = None) -> None:
    """Draw the instants, check the due and elapsed times, and time (or profile) them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer instants, fewer rounds")
    parser.add_argument("--count", type=int, help="opened-at instants (default 10,000)")
    parser.add_argument("--peer-count", type=int, help="instants timed with the peers (1,000)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the generator")
    parser.add_argument(
        "--profile", action="store_true", help="profile BusinessCalendar.add instead of timing"
    )
    parser.add_argument("--top", type=int, default=25, help="rows per profile table")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else DEFAULT
    count = args.count or settings.instants
    peer_count = min(args.peer_count or settings.peer_instants, count)
    work = workload(count, args.seed)
    if args.profile:
        profile(work, args.top)
        return
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("msa-model", "pandas", "businesstime")
    )
    print(f"Python {sys.version.split()[0]}, {versions}")
    print(
        f"{count:,} opened-at instants in 2024-2026 (seed {args.seed}), pandas and businesstime "
        f"on the first {peer_count:,}; {work.repeated} fall in New York's repeated hour and "
        "are given with a fixed offset"
    )
    checked = min(CHECKED, count)
    check_engine(work, checked)
    check_pandas(work, checked)
    check_edges(work)
    check_businesstime(work, checked)
    print()
    best = timed(tasks(work, peer_count), settings.rounds)
    print(f"best of {settings.rounds} rounds, microseconds per call")
    report(best)


if __name__ == "__main__":
    main()
