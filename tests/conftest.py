"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
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
def mlpviz_data():
    """The folder named by ``MLPVIZ_DATA``, which holds the real MNIST files.

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
    return Path(os.environ["MLPVIZ_DATA"])


@pytest.fixture(scope="session")
def mnist(isolated_cache, mlpviz_data):
    """The real MNIST data, read from the folder named by ``MLPVIZ_DATA``."""
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
