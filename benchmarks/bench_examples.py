"""Print the running time of every gallery example, run as a script.

Usage: python benchmarks/bench_examples.py [substring ...]
Only examples whose path contains one of the substrings run, if any are given.
The data cache is warmed first, so the times are the examples' own.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from mlpviz.datasets import load_mnist

GALLERY = Path(__file__).parents[1] / "gallery"


def main(filters):
    load_mnist()
    examples = sorted(GALLERY.glob("*/plot_*.py"))
    if filters:
        examples = [e for e in examples if any(f in str(e) for f in filters)]
    env = dict(os.environ, MPLBACKEND="Agg")
    total = 0.0
    print(f"{'example':60s} {'seconds':>8s}")
    for example in examples:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(example)], env=env, capture_output=True, text=True
        )
        elapsed = time.perf_counter() - start
        total += elapsed
        status = "" if result.returncode == 0 else "  FAILED"
        print(f"{example.relative_to(GALLERY)!s:60s} {elapsed:8.1f}{status}")
        if result.returncode:
            print(result.stderr[-2000:])
    print(f"{'total':60s} {total:8.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
