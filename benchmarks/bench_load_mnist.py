"""Print how long importing mlpviz.datasets and loading MNIST take.

The import is timed in fresh Python processes. Each cold load starts from an
empty cache folder; the warm loads that follow read the decoded arrays that
the cold load cached. A fresh process that imports the package and loads
from a warm cache shows what a script or notebook pays before its first
line of real work.
"""

import statistics
import subprocess
import sys
import tempfile
import time

from mlpviz.datasets import load_mnist

REPEATS = 5
IMPORT = """
import time
start = time.perf_counter()
import mlpviz.datasets
print(time.perf_counter() - start)
"""
FIRST_WARM_LOAD = """
import sys, time
start = time.perf_counter()
from mlpviz.datasets import load_mnist
load_mnist(return_X_y=True, data_home=sys.argv[1])
print(time.perf_counter() - start)
"""


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def in_fresh_process(code, *args):
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def report(label, times):
    print(
        f"  {label:44s} median {statistics.median(times):.3f} s"
        f" (min {min(times):.3f}, max {max(times):.3f})"
    )


def main():
    imports = [in_fresh_process(IMPORT) for _ in range(REPEATS)]
    cold, warm, fresh = [], [], []
    for _ in range(REPEATS):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(timed(lambda: load_mnist(data_home=cache)))
            warm.extend(timed(lambda: load_mnist(data_home=cache)) for _ in range(3))
            fresh.append(in_fresh_process(FIRST_WARM_LOAD, cache))
    print(
        f"mlpviz.datasets: {REPEATS} imports, {REPEATS} cold loads, "
        f"{len(warm)} warm loads"
    )
    report("import mlpviz.datasets (fresh process)", imports)
    report("first load (verify, decode, cache)", cold)
    report("warm load (from the cache)", warm)
    report("import + warm load, X and y (fresh process)", fresh)
    print(f"  warm / first: {statistics.median(warm) / statistics.median(cold):.1%}")


if __name__ == "__main__":
    main()
