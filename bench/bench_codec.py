"""Time msa_model's JSON codec against msgspec, pydantic v2 and plain orjson.

For the bundled example and a larger agreement (bench/large_agreement.py),
each codec reads the JSON text into its model (`loads`) and writes the
model back as compact JSON (`dumps`); orjson alone, reading into and
writing from plain dicts, shows the floor set by the JSON parser. Every
codec must first read both documents and write back the same JSON data.

Usage:
    python bench/bench_codec.py            # about 30 s
    python bench/bench_codec.py --quick    # a few seconds, rougher figures
    python bench/bench_codec.py --profile  # cProfile of msa_model on the large document
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import pstats
import sys
import time
from collections.abc import Callable
from typing import Any, Final, NamedTuple

import orjson
from large_agreement import EXTRA_SITES, example_text, large_agreement_text
from peers import MsgspecPeer, PydanticPeer

import msa_model

LOADS_TARGET: Final = 2.5
"""Goal: msa_model.loads at most this many times slower than msgspec."""
DUMPS_TARGET: Final = 3.0
"""Goal: msa_model.dumps at most this many times slower than msgspec."""


class Settings(NamedTuple):
    """How long to time each call."""

    batch_seconds: float
    repeats: int


DEFAULT: Final = Settings(batch_seconds=0.02, repeats=60)
QUICK: Final = Settings(batch_seconds=0.005, repeats=10)
INDENTED: Final = "msa_model (indented)"
"""Row of msa_model.dumps with its default indent; the peers write compact JSON."""


class Codec(NamedTuple):
    """A way to read JSON text into a model and write the model back."""

    name: str
    loads: Callable[[str], Any]
    dumps: Callable[[Any], str | bytes]


def _ours_compact(agreement: msa_model.Agreement) -> str:
    return msa_model.dumps(agreement, indent=False)


def codecs() -> list[Codec]:
    """Return the codecs compared, msa_model first and plain orjson last."""
    msgspec_peer, pydantic_peer = MsgspecPeer(), PydanticPeer()
    return [
        Codec("msa_model", msa_model.loads, _ours_compact),
        Codec("msgspec", msgspec_peer.loads, msgspec_peer.dumps),
        Codec("pydantic", pydantic_peer.loads, pydantic_peer.dumps),
        Codec("orjson (dicts)", orjson.loads, orjson.dumps),
    ]


def verify(codec: Codec, name: str, text: str) -> None:
    """Check that `codec` reads `text` and writes back the same JSON data.

    Raises:
        SystemExit: It does not; the comparison would not be fair.
    """
    written = codec.dumps(codec.loads(text))
    if orjson.loads(written) != orjson.loads(text):
        msg = f"{codec.name} does not write back the {name} document it read"
        raise SystemExit(msg)


class Task(NamedTuple):
    """One call to time: a codec's operation on a document."""

    document: str
    codec: str
    operation: str
    call: Callable[[], object]


def tasks(documents: dict[str, str], compared: list[Codec]) -> list[Task]:
    """List every call to time: loads and dumps per codec and document."""
    found = []
    for document, text in documents.items():
        for codec in compared:
            model = codec.loads(text)
            found.append(Task(document, codec.name, "loads", functools.partial(codec.loads, text)))
            found.append(Task(document, codec.name, "dumps", functools.partial(codec.dumps, model)))
        # The default form of msa_model.dumps, indented for files and diffs.
        agreement = msa_model.loads(text)
        found.append(
            Task(document, INDENTED, "dumps", functools.partial(msa_model.dumps, agreement))
        )
    return found


def calibrate(call: Callable[[], object], batch_seconds: float) -> int:
    """Return how many calls make a batch of at least `batch_seconds`, doubling from one."""
    number = 1
    while _batch(call, number) < batch_seconds:
        number *= 2
    return number


def _batch(call: Callable[[], object], number: int) -> float:
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            call()
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def run(timed: list[Task], settings: Settings) -> dict[tuple[str, str, str], float]:
    """Time every task like timeit: best of `repeats` batches, each the mean of many calls.

    The tasks take turns batch by batch, so a busy spell of the machine
    slows every codec alike instead of one. As in timeit, the garbage
    collector is off while a batch runs.

    Returns:
        Microseconds per call by (document, codec, operation).
    """
    numbers = [calibrate(task.call, settings.batch_seconds) for task in timed]
    best = [float("inf")] * len(timed)
    for _ in range(settings.repeats):
        for index, (task, number) in enumerate(zip(timed, numbers, strict=True)):
            best[index] = min(best[index], _batch(task.call, number) / number)
    return {
        (task.document, task.codec, task.operation): seconds * 1e6
        for task, seconds in zip(timed, best, strict=True)
    }


def report(documents: dict[str, str], micros: dict[tuple[str, str, str], float]) -> None:
    """Print the table of timings and the ratios to the peers."""
    names = list(documents)
    header = f"{'µs per call':<24}" + "".join(
        f"{f'{name} ({len(documents[name].encode()):,} B)':>26}" for name in names
    )
    print(header)
    print(f"{'':<24}" + f"{'loads':>13}{'dumps':>13}" * len(names))
    print("-" * len(header))
    for codec in dict.fromkeys(codec for _, codec, _ in micros):
        row = "".join(
            f"{_shown(micros.get((name, codec, 'loads'))):>13}"
            f"{_shown(micros.get((name, codec, 'dumps'))):>13}"
            for name in names
        )
        print(f"{codec:<24}{row}")
    print("-" * len(header))
    for peer in ("msgspec", "pydantic"):
        row = "".join(
            f"{_ratio(micros, name, operation, peer):>13}"
            for name in names
            for operation in ("loads", "dumps")
        )
        print(f"{f'msa_model / {peer}':<24}{row}")
    print()
    for name in names:
        loads = micros[name, "msa_model", "loads"] / micros[name, "msgspec", "loads"]
        dumps = micros[name, "msa_model", "dumps"] / micros[name, "msgspec", "dumps"]
        print(
            f"{name}: loads {loads:.2f}× msgspec (target ≤ {LOADS_TARGET}×: "
            f"{'met' if loads <= LOADS_TARGET else 'missed'}), "
            f"dumps {dumps:.2f}× msgspec (target ≤ {DUMPS_TARGET}×: "
            f"{'met' if dumps <= DUMPS_TARGET else 'missed'})"
        )


def _shown(micros: float | None) -> str:
    return "" if micros is None else f"{micros:,.1f}"


def _ratio(
    micros: dict[tuple[str, str, str], float], document: str, operation: str, peer: str
) -> str:
    ratio = micros[document, "msa_model", operation] / micros[document, peer, operation]
    return f"{ratio:.2f}×"


def profile(text: str, calls: int, top: int) -> None:
    """Print cProfile's hottest functions of msa_model.loads and dumps on `text`."""
    agreement = msa_model.loads(text)
    for label, call in (
        ("msa_model.loads", lambda: msa_model.loads(text)),
        ("msa_model.dumps", lambda: msa_model.dumps(agreement, indent=False)),
    ):
        call()  # the converter builds its hooks on first use; keep that out of the profile
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            call()
        profiler.disable()
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
            print(f"==== {label} × {calls}, by {order} ====")
            print(out.getvalue().split("\n", 4)[-1].strip("\n"))
            print()


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (or the profile) and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="short batches, rough figures")
    parser.add_argument(
        "--sites", type=int, default=EXTRA_SITES, help="sites added to the large document"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile msa_model on the large document instead"
    )
    parser.add_argument("--top", type=int, default=25, help="rows per profile table")
    args = parser.parse_args(argv)
    documents = {"example": example_text(), "large": large_agreement_text(args.sites)}
    if args.profile:
        profile(documents["large"], calls=50 if args.quick else 300, top=args.top)
        return
    settings = QUICK if args.quick else DEFAULT
    compared = codecs()
    for name, text in documents.items():
        for codec in compared:
            verify(codec, name, text)
    micros = run(tasks(documents, compared), settings)
    print(f"Python {sys.version.split()[0]}, msa_model vs msgspec, pydantic and orjson")
    print(f"best of {settings.repeats} batches of at least {settings.batch_seconds} s each\n")
    report(documents, micros)


if __name__ == "__main__":
    main()
