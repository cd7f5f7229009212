"""What the browser tests of the built site share: where it is, its pages, a
server that serves it as a static host does, and the Chromium to open it in.

The site is ``MLPVIZ_SITE_DIR`` if set, else docs/_build/html. Without a built
site, Playwright or a Chromium the tests skip and say why; in CI (``CI`` set)
they fail instead.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).parents[2]
SITE = Path(os.environ.get("MLPVIZ_SITE_DIR") or ROOT / "docs" / "_build" / "html")
# Every page of the site; _static holds the theme's HTML snippets, not pages,
# and lite/ the JupyterLite app (test_lite_browser), which is no page either.
NOT_PAGES = ("_static", "lite")
PAGES = sorted(
    path.relative_to(SITE).as_posix()
    for path in SITE.rglob("*.html")
    if path.relative_to(SITE).parts[0] not in NOT_PAGES
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Every host name but the loopback fails to resolve: nothing reaches out.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def unavailable(reason: str):
    """Skip, or fail in CI, where the site's audits must always run."""
    if os.environ.get("CI"):
        pytest.fail(f"CI runs the site's audits: {reason}")
    pytest.skip(reason)


def require_site() -> None:
    if not (SITE / "index.html").is_file():
        unavailable(f"no built site in {SITE}: run `nox -s docs` first")


def chromium() -> str:
    """The Chromium for Playwright to drive; unavailable without either."""
    if importlib.util.find_spec("playwright") is None:
        unavailable("Playwright is not installed (pip install '.[browser]')")
    candidates = [os.environ.get("MLPVIZ_CHROMIUM")]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser")]
    for path in candidates:
        if path and Path(path).is_file():
            return path
    unavailable("no Chromium found (apt-get install chromium, or MLPVIZ_CHROMIUM)")


def base_path() -> str:
    """The site's path on its host (``/mlpviz/``), from its pages' canonical links."""
    index = (SITE / "index.html").read_text(encoding="utf-8")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', index)[1]
    return urlsplit(canonical).path.rpartition("/")[0] + "/"


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """The site under its base path, and its 404 page for anything missing
    (with the status 404), as GitHub Pages serves it. Images and videos may
    be sent ``media_delay`` seconds late, as a network sends them after the
    page: the page is laid out before they arrive."""

    base = "/"
    media_delay = 0.0

    def do_GET(self):
        if self.media_delay and self.path.endswith((".png", ".jpg", ".svg", ".mp4")):
            time.sleep(self.media_delay)
        super().do_GET()

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(self.base):
            return ""  # no such file
        return super().translate_path("/" + path.removeprefix(self.base))

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def served_site(media_delay: float = 0.0):
    """The built site, served on a loopback address; yields its URL."""
    require_site()
    settings = {"base": base_path(), "media_delay": media_delay}
    handler = functools.partial(
        type("Host", (StaticHost,), settings), directory=str(SITE)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{settings['base']}"
    finally:
        server.shutdown()
        server.server_close()


def theme_script(theme: str) -> str:
    """An init script choosing the pydata theme's mode, as a reader's click does."""
    return (
        f"localStorage.setItem('mode', '{theme}');"
        f"localStorage.setItem('theme', '{theme}');"
    )
