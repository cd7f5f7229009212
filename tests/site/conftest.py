"""Fixtures of the site tests: the site built for a loopback address."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from offline import offline
from PIL import Image

ROOT = Path(__file__).parents[2]


def build_wheel(folder: Path) -> Path:
    """mlpviz's wheel, built from this checkout as `nox -s docs` builds it."""
    command = [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d"]
    subprocess.run([*command, str(folder)], cwd=ROOT, check=True, capture_output=True)
    (wheel,) = folder.glob("*.whl")
    return wheel


def write_hero_stand_in(docs: Path) -> Path:
    """A grey PNG where the landing page's hero figure goes.

    The examples' figures exist only where the examples ran, and the hero is
    one of them: without a file, Sphinx cannot size it and the build fails.
    """
    index = (docs / "index.rst").read_text(encoding="utf-8")
    (figure,) = re.findall(r"^\.\. figure:: /(\S+)$", index, flags=re.MULTILINE)
    path = docs / figure
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", (800, 600), color=128).save(path)
    return path


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
    """The site built from a copy of docs/, gallery/ and .binder/ without
    running the examples, and without network.

    Building in a copy keeps the maintainer's own build (and its cached example
    results) untouched. The site is built for ``site_url``, and publishes the
    wheel of this checkout. Returns the copy's root; the HTML is in ``html/``.
    """
    root = tmp_path_factory.mktemp("site")
    ignore = shutil.ignore_patterns("_build", "auto_examples", "gen_modules")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=ignore)
    shutil.copytree(ROOT / "gallery", root / "gallery")
    shutil.copytree(ROOT / ".binder", root / ".binder")  # Binder's requirements
    build_wheel(root / "docs" / "_build" / "extra" / "wheels")
    write_hero_stand_in(root / "docs")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html"]
    command += ["-d", "doctrees", "-D", "plot_gallery=0", "docs", "html"]
    # The tests never need the other projects' documentation, and the build
    # (JupyterLite's included) must need no network.
    env = {**os.environ, "MLPVIZ_SITE_URL": site_url, "MLPVIZ_OFFLINE": "1"}
    prefix, env = offline(env)
    result = subprocess.run(
        [*prefix, *command], cwd=root, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return root
