"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from loader_helpers import free_port, serve_folder, tiny_arrays, write_tiny_files

import mlpviz.datasets._mnist as mnist_module
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

    Tests that use it are marked ``slow``: ``pytest -m "not slow"`` leaves
    them out. Skipped on a developer's machine without the data; in CI (``CI`` set) a
    missing ``MLPVIZ_DATA`` is an error, so the real-data tests cannot be
    skipped silently.
    """
    if not os.environ.get("MLPVIZ_DATA"):
        message = "set MLPVIZ_DATA to the folder that holds mnist/*.gz"
        if os.environ.get("CI"):
            pytest.fail(f"CI runs the real-data tests: {message}")
        pytest.skip(message)
    return load_mnist()


@pytest.fixture
def tiny_mnist(tmp_path, monkeypatch):
    """Four tiny IDX files in a data folder, registered in place of MNIST's.

    Downloads go to a closed loopback port, so they fail at once.
    """
    arrays = tiny_arrays()
    data_dir = tmp_path / "data"
    registry = write_tiny_files(data_dir / "mnist", arrays)
    monkeypatch.setattr(mnist_module, "MNIST_FILES", registry)
    monkeypatch.setattr(
        mnist_module, "MNIST_MIRRORS", (f"http://127.0.0.1:{free_port()}/",)
    )
    monkeypatch.setenv("MLPVIZ_DATA", str(data_dir))
    monkeypatch.setenv("MLPVIZ_CACHE", str(tmp_path / "cache"))
    return {
        "arrays": arrays,
        "data_dir": data_dir,
        "registry": registry,
        "cache": tmp_path / "cache",
    }


@pytest.fixture
def mirror(tiny_mnist, tmp_path, monkeypatch):
    """Serve the tiny files over loopback HTTP and hide the data folder.

    Yields the served folder: change a file there to change what is served.
    """
    served = tmp_path / "served"
    served.mkdir()
    for path in (tiny_mnist["data_dir"] / "mnist").iterdir():
        (served / path.name).write_bytes(path.read_bytes())
    with serve_folder(served) as url:
        monkeypatch.setattr(mnist_module, "MNIST_MIRRORS", (url,))
        monkeypatch.delenv("MLPVIZ_DATA")
        yield served


ROOT = Path(__file__).parents[1]


def pytest_collection_modifyitems(items):
    """Mark as slow the tests that read real data, build the site or run notebooks."""
    for item in items:
        needs_real_data = "mnist" in getattr(item, "fixturenames", ())
        builds = item.get_closest_marker("docs") or item.get_closest_marker("notebooks")
        if needs_real_data or builds:
            item.add_marker(pytest.mark.slow)


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
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return root
