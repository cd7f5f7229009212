"""A reader with only a keyboard can reach and see every control of the site.

Tab is pressed through a page at 1400 px (light theme) until focus leaves the
page, and each stop is recorded. A page fails when a visible link or control
is never reached, when one of the controls it must offer (search, colour mode,
the gallery's tag filter, the video's controls) is missing from the tab
order, when the order goes back up the page, or when a focused element looks
the same as unfocused (no visible focus indicator).

Run: ``pytest -m browser tests/site/test_keyboard.py`` (after ``nox -s docs``).
"""

from __future__ import annotations

import itertools

import pytest
from browser_helpers import CHROMIUM_ARGS, chromium, served_site, theme_script

pytestmark = pytest.mark.browser

# The pages and the controls each must have in its tab order (CSS selectors).
SEARCH = "button.search-button__button"
THEME_SWITCH = "button.theme-switch-button"
REQUIRED = {
    "index.html": [SEARCH, THEME_SWITCH],
    # The landing page has no tag filter: the gallery's index has it.
    "auto_examples/index.html": [SEARCH, THEME_SWITCH, ".sphx-glr-tag"],
    "auto_examples/what_the_network_sees/plot_watch_filters_form.html": [
        SEARCH,
        THEME_SWITCH,
        "video[controls]",
    ],
}
# What a reader can focus, or should: Sphinx-Gallery's tags are <div>s that
# act as buttons on a click, so they are listed beside the real controls.
FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "video[controls], audio[controls], iframe, [tabindex]:not([tabindex='-1']), "
    ".sphx-glr-tag"
)
PADDING = 8  # px around an element's box where a focus ring may be drawn

# The focused element, where it sits in the page, and the area it covers
# (with its children's: a <summary> of the theme's navigation has no height,
# its chevron is drawn outside it), once the transitions focus started (the
# skip link slides in) have ended.
_STOP = """async () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const moving = document.getAnimations().map((a) => a.finished.catch(() => null));
  await Promise.race([Promise.all(moving), new Promise((r) => setTimeout(r, 1000))]);
  window.__stops = window.__stops || [];
  window.__stops.push(el);
  const boxes = [el, ...el.querySelectorAll("*")].map((e) => e.getBoundingClientRect())
    .filter((b) => b.width > 0 && b.height > 0);
  const box = boxes.length === 0 ? el.getBoundingClientRect() : {
    left: Math.min(...boxes.map((b) => b.left)),
    top: Math.min(...boxes.map((b) => b.top)),
    right: Math.max(...boxes.map((b) => b.right)),
    bottom: Math.max(...boxes.map((b) => b.bottom)),
  };
  const main = document.querySelector("main");
  const where = !main ? "?" : main.contains(el) ? "main"
    : el.closest("header") ? "header" : el.closest("footer") ? "footer"
    : main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING
      ? "before main" : "after main";
  return {
    index: window.__stops.length - 1,
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute("aria-label") || el.innerText || el.title || el.textContent)
      .trim().replace(/\\s+/g, " ").slice(0, 50),
    href: el.getAttribute("href"),
    where,
    box: {x: box.left, y: box.top, width: box.right - box.left,
          height: box.bottom - box.top},
    scroll: [window.scrollX, window.scrollY],
    inView: box.right > box.left && box.bottom > box.top && box.bottom > 0
      && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  };
}"""

# Whether stop ``i`` comes after stop ``i - 1`` in the document.
_IN_ORDER = """(i) => {
  const [a, b] = [window.__stops[i - 1], window.__stops[i]];
  return a === b || !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""

# The visible links and controls of the page that no stop reached.
_MISSED = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.checkVisibility({visibilityProperty: true})
    && !el.closest("[inert]") && !el.disabled
    && !window.__stops.includes(el))
  .map((el) => el.outerHTML.slice(0, 120))"""


def _describe(stop: dict) -> str:
    return f"<{stop['tag']}> {stop['text']!r}" + (
        f" href={stop['href']}" if stop["href"] else ""
    )


def _clip(stop: dict) -> dict:
    box = stop["box"]
    x, y = max(box["x"] - PADDING, 0), max(box["y"] - PADDING, 0)
    return {
        "x": x,
        "y": y,
        "width": box["width"] + box["x"] + PADDING - x,
        "height": box["height"] + box["y"] + PADDING - y,
    }


def _tab_through(tab) -> list[dict]:
    """Press Tab until focus leaves the page; each stop, with a screenshot."""
    stops = []
    for _ in range(400):  # a bound, should focus never leave the page
        tab.keyboard.press("Tab")
        stop = tab.evaluate(_STOP)
        if stop is None:
            break
        if stop["inView"]:
            stop["focused"] = tab.screenshot(clip=_clip(stop))
        stops.append(stop)
    return stops


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site_url():
    with served_site() as url:
        yield url


@pytest.mark.parametrize("page", list(REQUIRED))
def test_keyboard_reaches_and_shows_every_control(page, browser, site_url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(theme_script("light"))
    tab = context.new_page()
    tab.goto(site_url + page, wait_until="load")
    stops = _tab_through(tab)
    problems = []

    for selector in REQUIRED[page]:
        if not tab.evaluate(
            "(s) => window.__stops.some((el) => el.matches(s))", selector
        ):
            problems.append(f"never reached: {selector}")
    for html in tab.evaluate(_MISSED, FOCUSABLE):
        problems.append(f"visible but never reached: {html}")
    for before, stop in itertools.pairwise(stops):
        if not tab.evaluate(_IN_ORDER, stop["index"]):
            problems.append(
                f"order goes back up the page: {_describe(before)} "
                f"({before['where']}) then {_describe(stop)} ({stop['where']})"
            )

    # Focus has left the page: each area again, unfocused, at the same scroll.
    for stop in stops:
        if not stop["inView"]:
            problems.append(f"focused but not on screen: {_describe(stop)}")
            continue
        tab.evaluate("([x, y]) => window.scrollTo(x, y)", stop["scroll"])
        if tab.screenshot(clip=_clip(stop)) == stop["focused"]:
            problems.append(f"no visible focus indicator: {_describe(stop)}")
    context.close()

    sequence = "\n".join(f"  {s['where']}: {_describe(s)}" for s in stops)
    assert not problems, (
        f"{page}, {len(stops)} tab stops:\n"
        + "\n".join(problems)
        + f"\nThe tab order:\n{sequence}"
    )
