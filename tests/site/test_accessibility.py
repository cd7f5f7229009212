"""Every page of the built site passes axe-core's WCAG 2.1 A and AA rules.

Each page is checked at a phone's width (390 px) and a desktop's (1400 px),
in the theme's light and dark mode, with the axe-core that
axe-playwright-python bundles (no network needed). A page fails on any
violation not in ALLOWED below; the message lists each one with its rule,
impact, width, theme, an element and what to fix.

Run: ``pytest -m browser tests/site/test_accessibility.py`` (after
``nox -s docs``; ``MLPVIZ_SITE_DIR`` names another built site). Set
``MLPVIZ_AXE_JSON`` to a file name to also write every violation found there.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re

import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    PAGES,
    chromium,
    served_site,
    theme_script,
    unavailable,
)

pytestmark = pytest.mark.browser

WIDTHS = (390, 1400)
THEMES = ("light", "dark")
# Code blocks hold thousands of Pygments spans, one per token, and axe spends
# most of its time on their contrast (10 of 12 s on the longest example). A
# token's colours depend only on its class and its parent's (a highlighted
# line): the first run leaves code blocks out, a second one checks every link
# in them and one element per class and parent class. (Unwrapped text, in the
# colour of the block, is then left out; the "n" names have that colour too.)
# On the baseline site both ways find the same violations.
CODE = ".highlight pre"
_SAMPLE_CODE = """() => {
  const seen = new Set();
  for (const el of document.querySelectorAll(".highlight pre *")) {
    const key = `${el.tagName}.${el.className} in .${el.parentElement.className}`;
    if (el.tagName === "A" || !seen.has(key)) el.dataset.axeSample = "";
    seen.add(key);
  }
  return seen.size > 0;
}"""
SAMPLED = ' data-axe-sample=""'  # the mark, left out of the report

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# Violations of the theme's (or an extension's) own markup that this project
# cannot change. Each entry: the axe rule id, a regular expression the
# element's selector must match, why it is allowed, and the upstream issue
# that tracks it, e.g.
#   {"rule": "color-contrast", "target": r"\.some-theme-class",
#    "reason": "the theme's colour for ...", "upstream": "https://github.com/..."}
ALLOWED: list[dict[str, str]] = []


def _allowed(violation: dict) -> bool:
    return any(
        entry["rule"] == violation["rule"]
        and re.search(entry["target"], violation["target"])
        for entry in ALLOWED
    )


@pytest.fixture(scope="module")
def violations():
    """Every violation axe finds, on every page, width and theme."""
    if importlib.util.find_spec("axe_playwright_python") is None:
        unavailable("axe-playwright-python is not installed (pip install '.[browser]')")
    browser_path = chromium()
    with served_site() as site_url:
        found = asyncio.run(_check_all(browser_path, site_url))
    if os.environ.get("MLPVIZ_AXE_JSON"):
        with open(os.environ["MLPVIZ_AXE_JSON"], "w", encoding="utf-8") as file:
            json.dump(found, file, indent=1)
    return found


async def _check_all(browser_path: str, site_url: str) -> list[dict]:
    from playwright.async_api import async_playwright

    found: list[dict] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=browser_path, args=CHROMIUM_ARGS
        )
        # One tab per width and theme, each checking every page in turn; the
        # four tabs work at the same time.
        await asyncio.gather(
            *(
                _check_every_page(browser, site_url, width, theme, found)
                for width in WIDTHS
                for theme in THEMES
            )
        )
        await browser.close()
    return found


async def _check_every_page(browser, site_url, width, theme, found):
    from axe_playwright_python.base import AXE_SCRIPT  # its bundled axe.min.js

    context = await browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=theme
    )
    await context.add_init_script(theme_script(theme))
    tab = await context.new_page()
    for page in PAGES:
        await tab.goto(site_url + page, wait_until="load")
        await tab.evaluate(AXE_SCRIPT)
        scopes = [{"exclude": [CODE]}]
        if await tab.evaluate(_SAMPLE_CODE):
            scopes.append({"include": ["[data-axe-sample]"]})
        for scope in scopes:
            results = await tab.evaluate(
                "([scope, options]) => axe.run(scope, options)", [scope, AXE_OPTIONS]
            )
            for rule in results["violations"]:
                for node in rule["nodes"]:
                    found.append(
                        {
                            "rule": rule["id"],
                            "impact": node.get("impact") or rule["impact"],
                            "page": page,
                            "width": width,
                            "theme": theme,
                            "target": " >> ".join(map(str, node["target"])),
                            "html": node["html"].replace(SAMPLED, "")[:200],
                            "summary": " ".join(node["failureSummary"].split()),
                        }
                    )
    await context.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_accessibility_violations(page, violations):
    failing = [v for v in violations if v["page"] == page and not _allowed(v)]
    assert not failing, f"{len(failing)} axe violations on {page}:\n" + "\n".join(
        f"{v['rule']} ({v['impact']}) at {v['width']} px, {v['theme']} theme: "
        f"{v['target']}: {v['summary']}"
        for v in failing
    )


def test_allowlist_entries_say_why():
    for entry in ALLOWED:
        assert entry.keys() >= {"rule", "target", "reason", "upstream"}, entry
