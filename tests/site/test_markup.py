"""Every page of the built site is valid HTML, as the Nu Html Checker reads it.

The checker (vnu.jar, from the npm package vnu-jar pinned in
tests/site/package.json; ``npm ci`` runs here on first use) reads every page
in one Java process. Its errors (not its warnings) are grouped by message; the
test fails on any error that KNOWN_UPSTREAM does not list as coming from a
tool we build the site with. Errors of our own output are never listed there:
they are to be fixed.

Run: ``pytest -m browser tests/site/test_markup.py`` (after ``nox -s docs``;
needs Java 11 or later and npm).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_helpers import PAGES, SITE, require_site, unavailable

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
VNU_JAR = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors that the tools the site is built with write, each with the pattern of
# its message, where it comes from and the project to fix it in.
KNOWN_UPSTREAM: list[dict[str, str]] = [
    {
        "pattern": r"^Attribute “tooltip” not allowed on element “div”",
        "source": "the gallery's thumbnails: <div class=sphx-glr-thumbcontainer "
        "tooltip=...>, on gallery indexes, mini-galleries and the landing page",
        "upstream": "Sphinx-Gallery",
    },
    {
        "pattern": r"^Duplicate ID “sg-tag-list”",
        "source": "the tag filter: one <div id=sg-tag-list> per gallery section, "
        "so several on auto_examples/index.html",
        "upstream": "Sphinx-Gallery",
    },
    {
        "pattern": r"^Element “div” not allowed as child of element “pre”",
        "source": "the highlighted source of _modules/ pages: sphinx.ext.viewcode "
        "puts a <div class=viewcode-block> per function inside the <pre>",
        "upstream": "Sphinx",
    },
    {
        "pattern": r"^Attribute “scoped” not allowed on element “style”",
        "source": "a DataFrame's HTML output (DataFrame._repr_html_) starts "
        "with <style scoped>, shown as is by Sphinx-Gallery",
        "upstream": "pandas",
    },
    {
        "pattern": r"^The selector “\.dataframe [^”]*” matches, or might match, "
        r"an element that comes before the parent of this “style” element",
        "source": "the rules of that same <style scoped> of a DataFrame's output",
        "upstream": "pandas",
    },
    {
        "pattern": r"^Attribute “halign” not allowed on element “th”",
        "source": "a DataFrame's output with two levels of column names "
        "(<th colspan=3 halign=left>)",
        "upstream": "pandas",
    },
]


def _vnu_jar() -> Path:
    """The checker's jar, installed from the lock file if it is missing."""
    if not shutil.which("java"):
        unavailable("no Java found (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        if not shutil.which("npm"):
            unavailable("no npm found to install vnu-jar (apt-get install npm)")
        # The package's install script would download a Java: not wanted.
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=HERE,
            check=True,
        )
    return VNU_JAR


@pytest.fixture(scope="module")
def errors() -> dict[str, list[str]]:
    """The checker's errors: for each message, the pages (and lines) it is on."""
    require_site()
    command = ["java", "-jar", str(_vnu_jar()), "--format", "json", "--skip-non-html"]
    result = subprocess.run(
        [*command, *(str(SITE / page) for page in PAGES)],
        capture_output=True,
        text=True,
        check=False,
    )
    # The report goes to stderr; the exit code is 1 when there is an error.
    messages = json.loads(result.stderr)["messages"]
    grouped: dict[str, list[str]] = {}
    for message in messages:
        if message["type"] != "error":
            continue  # "info", warnings included
        page = Path(message.get("url", "").removeprefix("file:")).relative_to(SITE)
        grouped.setdefault(message["message"], []).append(
            f"{page.as_posix()}:{message.get('lastLine', '?')}"
        )
    return grouped


def _upstream(message: str) -> dict[str, str] | None:
    for entry in KNOWN_UPSTREAM:
        if re.search(entry["pattern"], message):
            return entry
    return None


def test_no_markup_errors_of_our_own(errors):
    ours = {m: where for m, where in errors.items() if _upstream(m) is None}
    assert not ours, "\n".join(
        f"{len(where)}x on {len({w.rsplit(':', 1)[0] for w in where})} pages: "
        f"{message} (first: {', '.join(where[:3])})"
        for message, where in sorted(ours.items(), key=lambda item: -len(item[1]))
    )


def test_known_upstream_errors_still_occur(errors):
    """An entry that no longer matches anything is to be removed."""
    unused = [
        entry["pattern"]
        for entry in KNOWN_UPSTREAM
        if not any(re.search(entry["pattern"], message) for message in errors)
    ]
    assert not unused, f"KNOWN_UPSTREAM entries that match no error: {unused}"
