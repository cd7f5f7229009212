"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import shutil
import socket
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


ROOT = Path(__file__).parents[1]


# Tests that build a site, open one in a browser or run its notebooks.
SITE_MARKERS = ("docs", "notebooks", "browser", "gallery_build", "sphinx_build")


def pytest_collection_modifyitems(items):
    """Mark as slow the tests that read real data, or build, open or run the site."""
    for item in items:
        needs_real_data = "mnist" in getattr(item, "fixturenames", ())
        uses_site = any(item.get_closest_marker(name) for name in SITE_MARKERS)
        if needs_real_data or uses_site:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def site_socket():
    """A loopback socket, bound and listening, for serving the test site.

    The site is built for this socket's address, so that its notebooks
    install mlpviz from a server the tests run (see ``test_reader_notebooks``).
    """
    with socket.create_server(("127.0.0.1", 0)) as server_socket:
        yield server_socket


@pytest.fixture(scope="session")
def site_url(site_socket):
    """The address the test site is built for: ``http://127.0.0.1:<port>/``."""
    host, port = site_socket.getsockname()[:2]
    return f"http://{host}:{port}/"


@pytest.fixture(scope="session")
def unexecuted_site(tmp_path_factory, site_url):
    """The site built from a copy of docs/ and gallery/ without running examples.

    Building in a copy keeps the maintainer's own build (and its cached example
    results) untouched. The site is built for ``site_url``, and the wheel it
    publishes from this checkout. Returns the copy's root; the HTML is in
    ``html/``.
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
        "-D",
        f"mlpviz_project_root={ROOT}",
        "docs",
        "html",
    ]
    # The tests never need the other projects' documentation (offline_intersphinx).
    env = {**os.environ, "MLPVIZ_SITE_URL": site_url, "MLPVIZ_OFFLINE": "1"}
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return root
