"""Print how long the site takes to build, clean and incremental, and CI as a whole.

Usage: python benchmarks/bench_build.py [--with-ci]

Run it through ``nox -s benchmarks``, which also prints the data loader's
times (``-- --with-ci`` adds the CI run: about eight more minutes).

Everything runs in a fresh clone of the current commit, beside this checkout
(so that ``../shared`` resolves as in CI), which is deleted at the end. The
docs environment is created first and not timed. Then, in one run, so that
the ratios hold on a noisy machine:

1. a clean build with one process (the baseline: examples one after another);
2. a clean build as ``nox -s docs -- clean`` runs it (examples in parallel);
3. a rebuild with nothing changed;
4. a rebuild after editing one example, beside that example's own time;
5. the running time of every example, from the baseline build;
6. the weight of every page of the clean build (bench_page_weight.py);
7. with ``--with-ci``, the whole of ``.ci/run`` in another fresh clone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITED_EXAMPLE = "gallery/ng_digits/plot_mlp_learning_rate.py"
RUNNING_TIME = re.compile(
    r"\*\*Total running time of the script:\*\* \((\d+) minutes ([\d.]+) seconds\)"
)
GOALS = {
    "clean build": 150.0,
    "no-change rebuild": 15.0,
    "one-example overhead": 15.0,
    "slowest example": 30.0,
    ".ci/run": 480.0,
}


def fresh_clone(name: str) -> Path:
    target = ROOT.parent / f"{name}-{os.getpid()}"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)],
        check=True,
    )
    return target


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(
            f"{' '.join(command)} failed in {cwd}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return elapsed


def example_times(clone: Path) -> dict[str, float]:
    """Each example's running time, as Sphinx-Gallery wrote it on its page."""
    times = {}
    for page in sorted((clone / "docs" / "auto_examples").glob("*/plot_*.rst")):
        match = RUNNING_TIME.search(page.read_text(encoding="utf-8"))
        if match:
            minutes, seconds = match.groups()
            times[f"{page.parent.name}/{page.stem}"] = 60 * int(minutes) + float(
                seconds
            )
    return times


def row(label: str, seconds: float, goal: str = "", note: str = "") -> None:
    print(f"  {label:44s} {seconds:8.1f} s  {goal:>10s}  {note}")


def verdict(name: str, seconds: float) -> str:
    goal = GOALS[name]
    return f"<= {goal:.0f} s {'ok' if seconds <= goal else 'OVER'}"


def main(with_ci: bool) -> None:
    nox = [sys.executable, "-m", "nox"] if shutil.which("nox") is None else ["nox"]
    clone = fresh_clone("mlpviz-bench")
    try:
        print(f"Building in a fresh clone of {ROOT.name} at {clone}")
        subprocess.run([*nox, "-s", "docs", "--install-only"], cwd=clone, check=True)
        docs = [*nox, "-s", "docs", "--reuse-existing-virtualenvs", "--no-install"]

        serial = timed([*docs, "--", "clean", "serial"], clone)
        per_example = example_times(clone)
        parallel = timed([*docs, "--", "clean"], clone)
        page_weight = ROOT / "benchmarks" / "bench_page_weight.py"
        site = clone / "docs" / "_build" / "html"
        command = [sys.executable, str(page_weight), str(site)]
        page_weights = subprocess.run(command, capture_output=True, text=True).stdout
        unchanged = timed(docs, clone)
        edited = clone / EDITED_EXAMPLE
        edited.write_text(edited.read_text() + "\n# An edit, for the benchmark.\n")
        one_edit = timed(docs, clone)
        edited_name = f"{edited.parent.name}/{edited.stem}"
        own_time = example_times(clone)[edited_name]

        print("\nSite build (environments already created)")
        row("clean build, one process (baseline)", serial)
        row(
            "clean build, nox -s docs -- clean",
            parallel,
            verdict("clean build", parallel),
            f"{parallel / serial:.0%} of the baseline",
        )
        row(
            "rebuild, nothing changed",
            unchanged,
            verdict("no-change rebuild", unchanged),
        )
        overhead = one_edit - own_time
        row(
            f"rebuild after editing {edited_name}",
            one_edit,
            "",
            f"the example itself {own_time:.1f} s, the rest {overhead:.1f} s "
            f"({verdict('one-example overhead', overhead)})",
        )
        slowest = max(per_example, key=per_example.get)
        print("\nExamples, one after another (baseline build)")
        for name, seconds in sorted(per_example.items(), key=lambda item: -item[1]):
            row(name, seconds)
        row(
            f"slowest: {slowest}",
            per_example[slowest],
            verdict("slowest example", per_example[slowest]),
        )
        row("all examples", sum(per_example.values()))
        print("\nPage weights of the clean build")
        print(page_weights)
    finally:
        shutil.rmtree(clone, ignore_errors=True)

    if with_ci:
        ci_clone = fresh_clone("mlpviz-ci")
        try:
            env = dict(os.environ, CI="true")
            start = time.perf_counter()
            result = subprocess.run(["bash", ".ci/run"], cwd=ci_clone, env=env)
            elapsed = time.perf_counter() - start
            print("\nCI")
            status = "" if result.returncode == 0 else f"FAILED ({result.returncode})"
            row(
                ".ci/run from a clean clone",
                elapsed,
                verdict(".ci/run", elapsed),
                status,
            )
        finally:
            shutil.rmtree(ci_clone, ignore_errors=True)


if __name__ == "__main__":
    main(with_ci="--with-ci" in sys.argv[1:])
