"""Print how long load_mnist takes cold (from the IDX files) and warm (from its cache).

Each cold load starts from an empty cache folder; the warm loads that follow
read the decoded arrays that the cold load cached.
"""

import statistics
import tempfile
import time

from mlpviz.datasets import load_mnist

REPEATS = 5


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    cold, warm = [], []
    for _ in range(REPEATS):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(timed(lambda: load_mnist(data_home=cache)))
            warm.extend(timed(lambda: load_mnist(data_home=cache)) for _ in range(3))
    print(f"load_mnist, {REPEATS} cold loads and {len(warm)} warm loads")
    for label, times in (
        ("first load (verify, decode, cache)", cold),
        ("warm load (from the cache)", warm),
    ):
        print(
            f"  {label:36s} median {statistics.median(times):.3f} s"
            f" (min {min(times):.3f}, max {max(times):.3f})"
        )
    print(f"  warm / first: {statistics.median(warm) / statistics.median(cold):.1%}")


if __name__ == "__main__":
    main()
