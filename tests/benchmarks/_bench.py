"""Timing helpers for the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def report(name: str, measured: float, baseline: float, baseline_name: str) -> float:
    ratio = measured / baseline if baseline else float("inf")
    print(
        f"\n[benchmark] {name}: {measured * 1000:.1f} ms; {baseline_name}: "
        f"{baseline * 1000:.1f} ms; ratio {ratio:.2f}"
    )
    return ratio
