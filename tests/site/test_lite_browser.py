"""The built site's JupyterLite app in headless Chromium, and its MNIST copy.

The site (after ``nox -s docs``) is served on a loopback address. The app
must load from the site alone and open every notebook it holds; the only
request to another host is the kernel's, for the Pyodide runtime at the
configured address (recorded and refused: no Pyodide build of the
examples' libraries reaches this machine, so no notebook runs here). The
loader's path for the browser, MLPVIZ_DATA_URL, must read MNIST from the
served site, through the code Pyodide runs but for the transport.

Run with ``nox -s browser``; without Playwright, a Chromium or a built site
the tests skip and say why, and in CI (``CI`` set) they fail instead.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import quote, urlsplit

import pytest
from browser_helpers import CHROMIUM_ARGS, SITE, chromium, require_site, served_site

import mlpviz.datasets._mnist as mnist_module
from mlpviz.datasets import load_mnist

pytestmark = pytest.mark.browser

LITE = SITE / "lite"
# Seconds for the app to show a notebook's first cell, and for its kernel to
# ask for Pyodide.
OPEN_TIMEOUT = 60
KERNEL_TIMEOUT = 20


def lite_notebooks() -> list[str]:
    return sorted(
        path.relative_to(LITE / "files").as_posix()
        for path in (LITE / "files").rglob("*.ipynb")
    )


def pyodide_url() -> str:
    settings = json.loads((LITE / "jupyter-lite.json").read_text())
    plugins = settings["jupyter-config-data"]["litePluginSettings"]
    return plugins["@jupyterlite/pyodide-kernel-extension:kernel"]["pyodideUrl"]


@pytest.fixture(scope="module")
def app_visits():
    """Open every notebook in the app; what each showed, and every request."""
    require_site()
    from playwright.async_api import async_playwright

    with served_site() as url:
        return asyncio.run(_open_all(async_playwright, chromium(), url))


async def _open_all(async_playwright, executable, site_url):
    """Each notebook in a fresh context: JupyterLab reopens a workspace's tabs."""
    host = urlsplit(site_url).netloc
    visits = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        for name in lite_notebooks():
            visits[name] = await _open(browser, host, site_url, name)
        await browser.close()
    return visits


async def _open(browser, host, site_url, name):
    outside, failed = [], []
    # No service worker: every request goes through the routes below.
    context = await browser.new_context(service_workers="block")

    async def refuse_other_hosts(route):
        if urlsplit(route.request.url).netloc == host:
            await route.continue_()
        else:
            outside.append(route.request.url)
            await route.abort()

    await context.route("**/*", refuse_other_hosts)
    page = await context.new_page()
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and failed.append(f"{response.status} {response.url}")
        ),
    )
    await page.goto(f"{site_url}lite/lab/index.html?path={quote(name)}")
    first_cell = page.locator(".jp-NotebookPanel .jp-CodeCell:visible").first
    await first_cell.wait_for(timeout=OPEN_TIMEOUT * 1000)
    tab = page.locator(".lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel:visible")
    # Its editor fills in once it is laid out.
    for _ in range(OPEN_TIMEOUT * 10):
        if (cell := await first_cell.inner_text()).strip():
            break
        await page.wait_for_timeout(100)
    shown = {"tab": await tab.first.inner_text(), "cell": cell}
    # The notebook's kernel starts, and asks for Pyodide.
    for _ in range(KERNEL_TIMEOUT * 10):
        if outside:
            break
        await page.wait_for_timeout(100)
    await context.close()
    return {**shown, "outside": outside, "failed": failed}


def test_the_app_opens_every_notebook(app_visits):
    names = lite_notebooks()
    assert len(names) >= 15
    assert set(app_visits) == set(names)
    for name, visit in app_visits.items():
        assert visit["tab"] == name.rpartition("/")[2], name
        assert "%pip install" in visit["cell"], name
        assert "MLPVIZ_DATA_URL" in visit["cell"], name


def test_only_pyodide_comes_from_another_host(app_visits):
    for name, visit in app_visits.items():
        assert visit["outside"], f"{name}: its kernel never asked for Pyodide"
        assert set(visit["outside"]) == {pyodide_url()}, name


def test_the_app_finds_everything_it_asks_the_site_for(app_visits):
    assert {name: visit["failed"] for name, visit in app_visits.items()} == {
        name: [] for name in app_visits
    }


def test_the_loader_reads_mnist_from_the_served_site(tmp_path, monkeypatch):
    require_site()
    published = SITE / "data" / "mnist"
    assert sorted(p.name for p in published.glob("*.gz")) == sorted(
        entry.name for entry in mnist_module.MNIST_FILES.values()
    ), "the site publishes no copy of MNIST: build it with `nox -s docs`"
    monkeypatch.delenv("MLPVIZ_DATA", raising=False)
    monkeypatch.setenv("MLPVIZ_CACHE", str(tmp_path))
    # No mirror answers: the files can only come from the site.
    monkeypatch.setattr(mnist_module, "MNIST_MIRRORS", ("http://127.0.0.1:9/",))
    with served_site() as url:
        monkeypatch.setenv("MLPVIZ_DATA_URL", f"{url}data/")
        mnist = load_mnist()
    assert mnist.data.shape == (70_000, 784)
    for path in published.iterdir():
        assert (tmp_path / "mnist" / path.name).read_bytes() == path.read_bytes()
    assert list(tmp_path.glob("mnist-*.npz")), "no cache of the arrays was written"
