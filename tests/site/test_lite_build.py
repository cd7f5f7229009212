"""The site's JupyterLite app and its Binder buttons, as the build makes them.

The site is built without running the examples, and without network (see
``conftest.offline``): the app, its notebooks rewritten for the browser, the
buttons on the example pages. ``test_lite_browser`` opens the app in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from offline import offline

pytestmark = pytest.mark.site

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from mlpviz_site.downloads import imports_any  # noqa: E402

import mlpviz  # noqa: E402

CDN_PYODIDE = re.compile(
    r"^https://cdn\.jsdelivr\.net/pyodide/v[\d.]+/full/pyodide\.mjs$"
)
NOT_IN_BROWSER = {"keras", "jax"}
PYPI = "https://pypi.org/simple/"
REACH_PYPI = f"import urllib.request; urllib.request.urlopen({PYPI!r}, timeout=5)"


def notebooks(folder: Path) -> dict[str, dict]:
    """The notebooks under ``folder``, by their path there."""
    return {
        path.relative_to(folder).as_posix(): json.loads(path.read_text())
        for path in sorted(folder.rglob("plot_*.ipynb"))
    }


def source(cell: dict) -> str:
    return "".join(cell["source"])


def test_the_build_had_no_network():
    prefix, env = offline({})
    result = subprocess.run(
        [*prefix, sys.executable, "-c", REACH_PYPI],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert result.returncode != 0, "the site's build could reach PyPI"


def test_the_app_loads_pyodide_from_its_cdn(unexecuted_site):
    lite = unexecuted_site / "html" / "lite"
    assert (lite / "lab" / "index.html").is_file()
    settings = json.loads((lite / "jupyter-lite.json").read_text())
    kernel = settings["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"
    ]
    assert CDN_PYODIDE.match(kernel["pyodideUrl"]), kernel


def test_the_app_holds_every_notebook_that_can_run_there(unexecuted_site, site_url):
    html = unexecuted_site / "html"
    lite = notebooks(html / "lite" / "files")
    gallery = notebooks(unexecuted_site / "docs" / "auto_examples")
    runnable = {
        f"auto_examples/{name}": notebook
        for name, notebook in gallery.items()
        if not imports_any(notebook, sorted(NOT_IN_BROWSER))
    }
    assert len(runnable) >= 15 and len(runnable) < len(gallery)
    assert set(lite) == set(runnable)
    wheel = f"{site_url}wheels/mlpviz-{mlpviz.__version__}-py3-none-any.whl"
    for name, notebook in lite.items():
        original = runnable[name]["cells"]
        cells = notebook["cells"]
        fewer = any("load_mnist_split(" in source(cell) for cell in original)
        if fewer:
            note = cells.pop(0)
            assert note["cell_type"] == "markdown", name
            assert "10,000 of MNIST's\n60,000 training images" in source(note), name
        first = source(cells[0])
        assert first.startswith(f"%pip install {wheel}\n"), name
        assert f'os.environ["MLPVIZ_DATA_URL"] = "{site_url}data/"' in first
        size = "10000" if fewer else ""
        assert f'os.environ["MLPVIZ_TRAIN_SIZE"] = "{size}"' in first, name
        # Only the install cell changed.
        assert [source(c) for c in cells[1:]] == [source(c) for c in original[1:]]


def test_every_example_page_has_its_buttons(unexecuted_site):
    html = unexecuted_site / "html"
    pages = sorted((html / "auto_examples").rglob("plot_*.html"))
    assert len(pages) >= 17
    for page in pages:
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(html).with_suffix(".ipynb").as_posix()
        binder = re.findall(r'href="(https://mybinder\.org/[^"]+)"', text)
        assert [unescape(url) for url in binder] == [
            "https://mybinder.org/v2/gh/mlpviz/mlpviz/main"
            f"?urlpath=lab/tree/notebooks/{name}"
        ], page
        lite = re.findall(r'href="([^"]*lite/lab/index\.html\?path=[^"]+)"', text)
        if "/convolutional/" in name:
            assert lite == [], page
            assert "Not in JupyterLite: it needs JAX, which Pyodide lacks." in text
            continue
        (link,) = lite
        target = (page.parent / unescape(link).split("?")[0]).resolve()
        assert target == (html / "lite" / "lab" / "index.html").resolve(), page
        assert (html / "lite" / "files" / unescape(link).split("?path=")[1]).is_file()


def test_binder_gets_the_pinned_requirements(unexecuted_site):
    published = unexecuted_site / "html" / "binder" / "requirements.txt"
    assert published.read_text() == (ROOT / ".binder" / "requirements.txt").read_text()
    lines = [line for line in published.read_text().splitlines() if line[:1] != "#"]
    assert lines[0] == ".[cnn]"
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", line) for line in lines[1:])
