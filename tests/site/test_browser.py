"""The built site as readers see it, in headless Chromium.

Every page of docs/_build/html is served on a loopback address as its host
serves it (under its base path, with its 404 page for anything missing) and
opened at a phone's width (390 px) and a desktop's (1400 px), in the light
and the dark theme, then scrolled to its end as a reader does. A page fails
when it is wider than the screen, logs a console error, fails to load
something of its own, asks another host for anything, shows an image that
does not load, has no alt attribute or no size (a gallery figure needs a
real alt text, and a link to its full-size copy), dims a figure in dark
mode, shifts its layout by more than 0.01 while it loads and scrolls, forbids
zooming, or weighs more than the budget. The gallery's animations must play,
and a missing URL at any depth must get the styled 404 page.

Run with ``nox -s browser`` after ``nox -s docs``. Without Playwright, a
Chromium or a built site the tests skip and say why; in CI (``CI`` set) they
fail instead. Playwright drives the system's Chromium: set ``MLPVIZ_CHROMIUM``
to use another executable.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    PAGES,
    SITE,
    chromium,
    served_site,
    theme_script,
    unavailable,
)

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_page_weight import BUDGET_BYTES, page_weight  # noqa: E402

pytestmark = pytest.mark.browser

# Screen widths in CSS pixels, with their device pixel ratio: phones have
# hi-dpi screens (and so load the figures' 2x copies), desktops often not.
SCREENS = ((390, 2), (1400, 1))
THEMES = ("light", "dark")
HEIGHT = 900
MAX_LAYOUT_SHIFT = 0.01
VIDEO_PAGES = [page for page in PAGES if "<video" in (SITE / page).read_text("utf-8")]


@pytest.fixture(scope="module")
def site_url():
    """The built site, served on a loopback address for the module's tests,
    its images late enough that one without a size shifts the page."""
    with served_site(media_delay=0.3) as url:
        yield url


@pytest.fixture(scope="module")
def browser_problems(site_url):
    """Open every page in every width and theme; the problems found, per page."""
    from playwright.async_api import async_playwright

    return asyncio.run(_visit_all(async_playwright, chromium(), site_url))


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


# Added to every page before it loads: the sum of its layout shifts, and
# what moved in each (so that a failure names the elements). In a block, so
# that its names cannot collide with the page's own scripts.
_MEASURE_LAYOUT_SHIFT = """{
window.mlpvizLayoutShift = 0;
window.mlpvizShifted = [];
const describe = (node) => !node ? "?" : node.nodeName.toLowerCase()
  + (node.id ? "#" + node.id : "")
  + (typeof node.className === "string" && node.className
    ? "." + node.className.trim().split(/\\s+/).join(".") : "");
new PerformanceObserver((entries) => {
  for (const shift of entries.getEntries()) {
    if (shift.hadRecentInput) continue;
    window.mlpvizLayoutShift += shift.value;
    const moved = shift.sources.map((source) => {
      const [before, after] = [source.previousRect, source.currentRect];
      return `${describe(source.node)} y ${Math.round(before.y)}→${Math.round(after.y)}`
        + ` h ${Math.round(before.height)}→${Math.round(after.height)}`;
    });
    const size = `${shift.value.toFixed(3)} at ${Math.round(shift.startTime)} ms`;
    window.mlpvizShifted.push(`${size}: ${moved.join(", ")}`);
  }
}).observe({type: "layout-shift", buffered: true});
}"""
# Run in the page once it has loaded: it is scrolled to its end, a screen at
# a time, and its images awaited; then the layout, the images and the
# figures' filters are read.
_INSPECT = """async () => {
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  while (window.scrollY + innerHeight < document.documentElement.scrollHeight - 1) {
    const before = window.scrollY;
    window.scrollBy(0, innerHeight);
    await pause(30);
    if (window.scrollY === before) break;
  }
  const images = [...document.images];
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done);
    img.addEventListener("error", done);
  })));
  await pause(100);
  const figures = "img.sphx-glr-single-img, img.sphx-glr-multi-img, .mlpviz-hero img";
  const gallery = "img.sphx-glr-single-img, img.sphx-glr-multi-img";
  const viewport = document.querySelector("meta[name=viewport]").content;
  const fixedScale = /user-scalable\\s*=\\s*(no|0)|maximum-scale\\s*=\\s*1(\\.0*)?\\b/;
  return {
    layoutShift: window.mlpvizLayoutShift,
    shifted: window.mlpvizShifted,
    noZoom: fixedScale.test(viewport),
    unsized: [...document.querySelectorAll("img, video")]
      .filter((el) => !(el.getAttribute("width") && el.getAttribute("height")))
      .map((el) => el.currentSrc || el.src || el.outerHTML.slice(0, 80)),
    notFullSize: [...document.querySelectorAll(gallery)]
      .filter((img) => !img.closest("a.mlpviz-full-size[href]"))
      .map((img) => img.src),
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
    await context.add_init_script(theme_script(theme) + _MEASURE_LAYOUT_SHIFT)
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
        if seen["layoutShift"] > MAX_LAYOUT_SHIFT:
            problem(
                f"layout shifts by {seen['layoutShift']:.3f} while it loads "
                f"({'; '.join(seen['shifted'])})"
            )
        if seen["noZoom"]:
            problem("the viewport forbids zooming")
        for key, text in [
            ("unsized", "image or video without width and height"),
            ("notFullSize", "figure without a link to its full-size copy"),
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
        unavailable(f"no built site in {SITE}: run `nox -s docs` first")
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
  const described = document.getElementById(video.getAttribute("aria-describedby"));
  return {first, second: video.currentTime, controls: video.controls,
          paused: video.paused, width: video.videoWidth,
          shownWidth: video.getBoundingClientRect().width,
          description: described ? described.textContent.trim() : "",
          nextToIt: video.parentElement.nextElementSibling === described};
}"""


@pytest.mark.parametrize("page", VIDEO_PAGES or ["(no page with a video)"])
def test_animation_plays(page, site_url):
    """The gallery's animation has controls, plays, its frames advance, and
    the text right under it describes it to screen readers."""
    if not VIDEO_PAGES:
        pytest.fail(
            "no page of the site shows a video: the gallery's animation is missing"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=CHROMIUM_ARGS
        )
        tab = browser.new_page(viewport={"width": 1400, "height": HEIGHT})
        tab.goto(site_url + page, wait_until="load")
        videos = tab.locator("video")
        for number in range(videos.count()):
            played = videos.nth(number).evaluate(_PLAY)
            where = f"{page}, video {number + 1}"
            assert played["controls"], f"{where}: no play button or scrubber"
            assert played["second"] > played["first"], f"{where}: frames do not advance"
            assert (
                played["description"].startswith("Animation: ") and played["nextToIt"]
            ), f"{where}: no description under it, linked by aria-describedby"
            # Encoded at twice its size on the page, so sharp on hi-dpi screens.
            assert played["width"] >= 2 * played["shownWidth"] - 2, (
                f"{where}: {played['width']} px of video shown "
                f"{played['shownWidth']:.0f} px wide"
            )
        browser.close()


@pytest.mark.parametrize(
    "missing", ["no-such-page.html", "auto_examples/gone/deeper/still/old.html"]
)
def test_a_missing_url_gets_the_styled_404_page(missing, site_url):
    """At any depth, the 404 page loads its styles and links from the site."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=CHROMIUM_ARGS
        )
        tab = browser.new_page(viewport={"width": 390, "height": HEIGHT})
        failed = []
        tab.on(
            "response",
            lambda r: (
                r.status >= 400 and r.url != site_url + missing and failed.append(r.url)
            ),
        )
        response = tab.goto(site_url + missing, wait_until="load")
        assert response.status == 404
        assert "Page not found" in tab.title()
        # Styled: the theme's header is laid out, not shown as a bare list.
        header = tab.locator("header.bd-header").bounding_box()
        assert header and 40 < header["height"] < 200, header
        assert not failed, f"the 404 page failed to load: {failed}"
        links = tab.eval_on_selector_all(
            "a.nav-link[href], form.bd-search",
            "els => els.map(e => e.href || e.action)",
        )
        # The site's own links (the header also links to the repository).
        links = [link for link in links if link.startswith(site_url)]
        assert links
        for link in links:
            assert tab.request.get(link).status == 200, link
        browser.close()
