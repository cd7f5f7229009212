"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mlpviz.datasets import load_mnist


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory):
    """Keep every test's cache writes in a temporary folder, never the user's."""
    cache = tmp_path_factory.mktemp("mlpviz-cache")
    previous = os.environ.get("MLPVIZ_CACHE")
    os.environ["MLPVIZ_CACHE"] = str(cache)
    yield cache
    if previous is None:
        del os.environ["MLPVIZ_CACHE"]
    else:
        os.environ["MLPVIZ_CACHE"] = previous


@pytest.fixture(scope="session")
def mnist(isolated_cache):
    """The real MNIST data, read from the folder named by ``MLPVIZ_DATA``.

    Skipped on a developer's machine without the data; in CI (``CI`` set) a
    missing ``MLPVIZ_DATA`` is an error, so the real-data tests cannot be
    skipped silently.
    """
    if not os.environ.get("MLPVIZ_DATA"):
        message = "set MLPVIZ_DATA to the folder that holds mnist/*.gz"
        if os.environ.get("CI"):
            pytest.fail(f"CI runs the real-data tests: {message}")
        pytest.skip(message)
    return load_mnist()


ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="session")
def unexecuted_site(tmp_path_factory):
    """The site built from a copy of docs/ and gallery/ without running examples.

    Building in a copy keeps the maintainer's own build (and its cached example
    results) untouched. Returns the copy's root; the HTML is in ``html/``.
    """
    root = tmp_path_factory.mktemp("site")
    ignore = shutil.ignore_patterns("_build", "auto_examples", "gen_modules")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=ignore)
    shutil.copytree(ROOT / "gallery", root / "gallery")
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-D",
        "plot_gallery=0",
        "docs",
        "html",
    ]
    # The tests never need the other projects' documentation (offline_intersphinx).
    env = {**os.environ, "MLPVIZ_OFFLINE": "1"}
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return root
