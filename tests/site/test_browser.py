"""The built site as readers see it, in headless Chromium.

Every page of docs/_build/html is served on a loopback address and opened at
a phone's width (390 px) and a desktop's (1400 px), in the light and the dark
theme. A page fails when it is wider than the screen, logs a console error,
fails to load something of its own, asks another host for anything, shows an
image that does not load or has no alt attribute (a gallery figure needs a
real one), dims a figure in dark mode, or weighs more than the budget. The
gallery's animation must play.

Run with ``nox -s browser`` after ``nox -s docs``. Without Playwright, a
Chromium or a built site the tests skip and say why; in CI (``CI`` set) they
fail instead. Playwright drives the system's Chromium: set ``MLPVIZ_CHROMIUM``
to use another executable.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import importlib.util
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SITE = ROOT / "docs" / "_build" / "html"
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_page_weight import BUDGET_BYTES, page_weight  # noqa: E402

pytestmark = pytest.mark.browser

# Screen widths in CSS pixels, with their device pixel ratio: phones have
# hi-dpi screens (and so load the figures' 2x copies), desktops often not.
SCREENS = ((390, 2), (1400, 1))
THEMES = ("light", "dark")
HEIGHT = 900
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    # Every host name but the loopback fails to resolve: a request to another
    # host is seen (and reported) without reaching the network or hanging.
    # Routing the requests instead would turn the browser's cache off.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# Every page of the site; _static holds the theme's HTML snippets, not pages.
PAGES = sorted(
    str(path.relative_to(SITE))
    for path in SITE.rglob("*.html")
    if path.relative_to(SITE).parts[0] != "_static"
)
VIDEO_PAGES = [page for page in PAGES if "<video" in (SITE / page).read_text("utf-8")]


def _unavailable(reason: str):
    """Skip, or fail in CI, where the browser test must always run."""
    if os.environ.get("CI"):
        pytest.fail(f"CI runs the browser test: {reason}")
    pytest.skip(reason)


def _chromium() -> str:
    """The Chromium for Playwright to drive; unavailable without either."""
    if importlib.util.find_spec("playwright") is None:
        _unavailable("Playwright is not installed (pip install '.[browser]')")
    candidates = [os.environ.get("MLPVIZ_CHROMIUM")]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser")]
    for path in candidates:
        if path and Path(path).is_file():
            return path
    _unavailable("no Chromium found (apt-get install chromium, or MLPVIZ_CHROMIUM)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site_url():
    """The built site, served on a loopback address for the module's tests."""
    if not (SITE / "index.html").is_file():
        _unavailable(f"no built site in {SITE}: run `nox -s docs` first")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser_problems(site_url):
    """Open every page in every width and theme; the problems found, per page."""
    chromium = _chromium()
    from playwright.async_api import async_playwright

    return asyncio.run(_visit_all(async_playwright, chromium, site_url))


async def _visit_all(async_playwright, chromium, site_url):
    problems = {page: [] for page in PAGES}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        # One tab per screen and theme, each visiting every page in turn; the
        # four tabs work at the same time.
        await asyncio.gather(
            *(
                _visit_every_page(browser, site_url, screen, theme, problems)
                for screen in SCREENS
                for theme in THEMES
            )
        )
        await browser.close()
    return problems


# Run in the page once it has loaded: lazy images are made eager and awaited,
# then the layout, the images and the figures' filters are read.
_INSPECT = """async () => {
  const images = [...document.images];
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done);
    img.addEventListener("error", done);
  })));
  const figures = "img.sphx-glr-single-img, img.sphx-glr-multi-img, .mlpviz-hero img";
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    theme: document.documentElement.dataset.theme,
    broken: images.filter((img) => !(img.complete && img.naturalWidth > 0))
      .map((img) => img.currentSrc || img.src),
    noAlt: images.filter((img) => !img.hasAttribute("alt")).map((img) => img.src),
    figuresWithoutAlt: [...document.querySelectorAll(figures)]
      .filter((img) => !img.alt.trim()).map((img) => img.src),
    dimmedFigures: [...document.querySelectorAll(figures + ", video")]
      .filter((el) => getComputedStyle(el).filter !== "none")
      .map((el) => `${el.currentSrc || el.src}: ${getComputedStyle(el).filter}`),
  };
}"""


async def _visit_every_page(browser, site_url, screen, theme, problems):
    """Open every page at one screen size and theme, and note what is wrong."""
    width, pixel_ratio = screen
    context = await browser.new_context(
        viewport={"width": width, "height": HEIGHT},
        device_scale_factor=pixel_ratio,
        color_scheme=theme,
    )
    # The theme reads the reader's choice from localStorage.
    await context.add_init_script(
        f"localStorage.setItem('mode', '{theme}');"
        f"localStorage.setItem('theme', '{theme}');"
    )
    tab = await context.new_page()
    shown = {}  # the page the tab shows now

    def problem(text):
        page = shown["page"]
        problems[page].append(f"{page} at {width} px, {theme} theme: {text}")

    def on_request(request):
        if not request.url.startswith((site_url, "data:", "blob:")):
            problem(f"request to another host: {request.url}")

    def on_console(message):
        if message.type == "error":
            problem(f"console error: {message.text}")

    def on_failed(request):
        # Leaving a page aborts what it still loads (its icon, its video).
        if request.url.startswith(site_url) and request.failure != "net::ERR_ABORTED":
            problem(f"request failed: {request.url} ({request.failure})")

    def on_response(response):
        if response.url.startswith(site_url) and response.status >= 400:
            problem(f"HTTP {response.status}: {response.url}")

    tab.on("request", on_request)
    tab.on("console", on_console)
    tab.on("pageerror", lambda error: problem(f"script error: {error}"))
    tab.on("requestfailed", on_failed)
    tab.on("response", on_response)
    for page in PAGES:
        shown["page"] = page
        await tab.goto(site_url + page, wait_until="load")
        seen = await tab.evaluate(_INSPECT)
        if seen["theme"] != theme:
            problem(f"the page shows the {seen['theme']} theme")
        if seen["scrollWidth"] > seen["innerWidth"]:
            problem(
                f"page is {seen['scrollWidth']} px wide, wider than the "
                f"{seen['innerWidth']} px screen"
            )
        for key, text in [
            ("broken", "image does not load"),
            ("noAlt", "image without an alt attribute"),
            ("figuresWithoutAlt", "figure with an empty alt text"),
            ("dimmedFigures", "figure dimmed by a CSS filter"),
        ]:
            for item in seen[key]:
                problem(f"{text}: {item}")
    await context.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_well_everywhere(page, browser_problems):
    weight, media = page_weight(SITE / page, SITE)
    problems = list(browser_problems[page])
    if weight > BUDGET_BYTES:
        heaviest = ", ".join(f"{name} {size / 1000:.0f} kB" for name, size in media[:3])
        problems.append(
            f"{page}: weighs {weight / 1000:.0f} kB, over the "
            f"{BUDGET_BYTES / 1000:.0f} kB budget (heaviest: {heaviest})"
        )
    assert not problems, "\n".join(problems)


def test_site_has_pages():
    if not PAGES:
        _unavailable(f"no built site in {SITE}: run `nox -s docs` first")
    assert "index.html" in PAGES


# Start the video, then read its clock twice, a little apart.
_PLAY = """async (video) => {
  video.muted = true;
  if (video.readyState < 2) {
    await new Promise((ready) => {
      video.addEventListener("canplay", ready, {once: true});
    });
  }
  await video.play();
  const first = video.currentTime;
  await new Promise((wait) => setTimeout(wait, 600));
  return {first, second: video.currentTime, controls: video.controls,
          paused: video.paused, width: video.videoWidth,
          shownWidth: video.getBoundingClientRect().width};
}"""


@pytest.mark.parametrize("page", VIDEO_PAGES or ["(no page with a video)"])
def test_animation_plays(page, site_url):
    """The gallery's animation has controls, plays, and its frames advance."""
    if not VIDEO_PAGES:
        pytest.fail(
            "no page of the site shows a video: the gallery's animation is missing"
        )
    chromium = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        tab = browser.new_page(viewport={"width": 1400, "height": HEIGHT})
        tab.goto(site_url + page, wait_until="load")
        videos = tab.locator("video")
        for number in range(videos.count()):
            played = videos.nth(number).evaluate(_PLAY)
            where = f"{page}, video {number + 1}"
            assert played["controls"], f"{where}: no play button or scrubber"
            assert played["second"] > played["first"], f"{where}: frames do not advance"
            # Encoded at twice its size on the page, so sharp on hi-dpi screens.
            assert played["width"] >= 2 * played["shownWidth"] - 2, (
                f"{where}: {played['width']} px of video shown "
                f"{played['shownWidth']:.0f} px wide"
            )
        browser.close()
