"""Links to other projects' documentation: kept behind a proxy, left out when
the build is asked to run offline, and a clear error when neither works.

Each test builds a one-page Sphinx project, warnings as errors, whose page
links to a function documented by a project at http://docs.example.invalid
(a name that never resolves). A proxy on the loopback interface serves that
project's inventory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

pytestmark = pytest.mark.sphinx_build

EXTENSIONS = Path(__file__).parents[1] / "docs" / "_ext"
REMOTE = "http://docs.example.invalid/stable"
CONF = f"""\
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))
project = "links"
extensions = ["sphinx.ext.intersphinx", "offline_intersphinx"]
intersphinx_mapping = {{"example": ({REMOTE!r}, None)}}
intersphinx_timeout = 5
html_theme = "basic"
"""
INDEX = """\
Links
=====

See :py:func:`example.compute`.
"""
INVENTORY = b"".join(
    [
        b"# Sphinx inventory version 2\n",
        b"# Project: example\n",
        b"# Version: 1.0\n",
        b"# The remainder of this file is compressed using zlib.\n",
        zlib.compress(b"example.compute py:function 1 api.html#$ -\n"),
    ]
)


class Proxy(BaseHTTPRequestHandler):
    """A forward proxy that knows one site: the example project's docs."""

    requests: ClassVar[list[str]] = []

    def do_GET(self):
        Proxy.requests.append(self.path)
        if self.path == f"{REMOTE}/objects.inv":
            self.send_response(200)
            self.send_header("Content-Length", str(len(INVENTORY)))
            self.end_headers()
            self.wfile.write(INVENTORY)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Proxy.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def build(tmp_path: Path, **env: str) -> tuple[int, str, str]:
    """Build the one-page project; return status, output and the page."""
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "conf.py").write_text(CONF)
    (tmp_path / "docs" / "index.rst").write_text(INDEX)
    shutil.copytree(EXTENSIONS, tmp_path / "docs" / "_ext")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
        and key != "MLPVIZ_OFFLINE"
    }
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-b", "html", "docs", "html"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    page = tmp_path / "html" / "index.html"
    return (
        result.returncode,
        result.stdout + result.stderr,
        page.read_text() if page.exists() else "",
    )


def test_links_are_kept_when_the_inventory_is_only_reachable_through_a_proxy(
    tmp_path, proxy
):
    status, output, page = build(tmp_path, HTTP_PROXY=proxy)
    assert status == 0, output
    assert Proxy.requests == [f"{REMOTE}/objects.inv"]
    assert f'href="{REMOTE}/api.html#example.compute"' in page


def test_the_offline_switch_builds_without_links_and_without_network(tmp_path, proxy):
    status, output, page = build(tmp_path, HTTP_PROXY=proxy, MLPVIZ_OFFLINE="1")
    assert status == 0, output
    assert Proxy.requests == []
    assert "MLPVIZ_OFFLINE=1: building without links" in output
    assert "example.compute" in page
    assert REMOTE not in page


def test_an_unreachable_inventory_fails_the_build_and_names_the_switch(tmp_path):
    # Nothing listens on the discard port: as a proxy that is down.
    status, output, _page = build(tmp_path, HTTP_PROXY="http://127.0.0.1:9")
    assert status != 0
    assert "no inventory for example" in output
    assert "MLPVIZ_OFFLINE=1" in output


def test_an_unclear_switch_value_is_an_error(tmp_path):
    status, output, _page = build(tmp_path, MLPVIZ_OFFLINE="maybe")
    assert status != 0
    assert "MLPVIZ_OFFLINE='maybe' is not understood" in output
