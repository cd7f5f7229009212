"""Print how long importing mlpviz.datasets and loading MNIST take.

The import is timed in fresh Python processes. Each cold load starts from an
empty cache folder; the warm loads that follow read the decoded arrays that
the cold load cached. A fresh process that imports the package and loads
from a warm cache shows what a script or notebook pays before its first
line of real work.

Last, what refusing a damaged training-images file costs, in time and peak
memory of a fresh process: a 2 GiB file of junk and a gzip bomb (a valid
IDX header followed by 1 GiB of zeros), next to a load of the intact files.
"""

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mlpviz.datasets import fetch_mnist_files, load_mnist

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
# Load in a fresh process; print the outcome, the time and the peak memory.
LOAD_MEASURED = """
import resource, time
start = time.perf_counter()
from mlpviz.datasets import DataIntegrityError, load_mnist
try:
    load_mnist(return_X_y=True)
    outcome = "loaded"
except DataIntegrityError:
    outcome = "refused"
try:  # Linux: this process's own peak (ru_maxrss would carry the parent's over)
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(outcome, time.perf_counter() - start, peak)
"""
TRAIN_IMAGES = "train-images-idx3-ubyte.gz"


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


def write_junk(path):
    with open(path, "wb") as file:
        file.truncate(2 << 30)


def write_gzip_bomb(path):
    header = bytes.fromhex("00000803") + b"".join(
        n.to_bytes(4, "big") for n in (60_000, 28, 28)
    )
    block = bytes(1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as file:
        file.write(header)
        for _ in range(1024):
            file.write(block)


def damaged_file_costs():
    """Load from a data folder whose training images are intact, junk, a bomb."""
    print("Refusing a damaged training-images file (fresh process each)")
    intact = fetch_mnist_files()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "data", "mnist")
        folder.mkdir(parents=True)
        for path in intact.values():
            shutil.copyfile(path, folder / Path(path).name)
        cases = {
            "intact files (first load, for scale)": None,
            "2 GiB of junk": write_junk,
            "gzip bomb, 1 GiB of zeros": write_gzip_bomb,
        }
        for label, damage in cases.items():
            target = folder / TRAIN_IMAGES
            if damage is not None:
                target.unlink()
                damage(target)
            size = target.stat().st_size
            with tempfile.TemporaryDirectory() as cache:
                env = {**os.environ, "MLPVIZ_DATA": str(folder.parent)}
                env["MLPVIZ_CACHE"] = cache
                result = subprocess.run(
                    [sys.executable, "-c", LOAD_MEASURED],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=env,
                )
            outcome, seconds, peak_mib = result.stdout.split()
            print(
                f"  {label:38s} {size / 2**20:8.1f} MiB on disk: {outcome} in "
                f"{float(seconds):.2f} s, peak memory {float(peak_mib):.0f} MiB"
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
    damaged_file_costs()


if __name__ == "__main__":
    main()
