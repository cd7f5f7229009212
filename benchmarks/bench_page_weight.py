"""Print the weight of every page of the built site, heaviest first.

Usage: python benchmarks/bench_page_weight.py [path/to/html]

A page's own weight is its HTML file plus every image and video it
references; for an image with a ``srcset``, the largest candidate counts, as
a hi-dpi screen downloads it. Style sheets, scripts and fonts shared by every
page are left out: a reader's browser fetches them once for the whole site.
The budget is 1 MB (10**6 bytes) per page.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

BUDGET_BYTES = 1_000_000
DEFAULT_SITE = Path(__file__).parents[1] / "docs" / "_build" / "html"


class _MediaReferences(HTMLParser):
    """Collect the files an HTML page shows: images, their srcsets, videos."""

    def __init__(self):
        super().__init__()
        self.groups: list[list[str]] = []  # alternatives: the largest one counts

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            candidates = [attrs.get("src") or ""]
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    candidates.append(candidate.split()[0])
            self.groups.append(candidates)
        elif tag in ("video", "audio", "source", "track"):
            for name in ("src", "poster"):
                if attrs.get(name):
                    self.groups.append([attrs[name]])


def _local_file(page: Path, url: str, site: Path) -> Path | None:
    """The file under ``site`` that ``url``, written in ``page``, points at."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another host, or a data: URL (already in the HTML)
    path = unquote(parts.path)
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    target = target.resolve()
    return target if target.is_file() else None


def page_weight(page: Path, site: Path) -> tuple[int, list[tuple[str, int]]]:
    """Return the weight of ``page`` in bytes and the media files it counted.

    Each media file counts once per page, even when referenced twice.
    """
    page, site = page.resolve(), site.resolve()
    parser = _MediaReferences()
    parser.feed(page.read_text(encoding="utf-8"))
    counted: dict[Path, int] = {}
    for group in parser.groups:
        files = [_local_file(page, url, site) for url in group]
        sizes = {f: f.stat().st_size for f in files if f is not None}
        if sizes:
            largest = max(sizes, key=sizes.get)
            counted[largest] = sizes[largest]
    total = page.stat().st_size + sum(counted.values())
    media = [(str(path.relative_to(site)), size) for path, size in counted.items()]
    return total, sorted(media, key=lambda item: -item[1])


def site_weights(site: Path) -> dict[str, int]:
    """The weight of every HTML page under ``site``, keyed by its relative path
    (but the JupyterLite app's, in lite/: an app, not a page)."""
    site = site.resolve()
    return {
        str(page.relative_to(site)): page_weight(page, site)[0]
        for page in sorted(site.rglob("*.html"))
        if page.relative_to(site).parts[0] != "lite"
    }


def main(argv):
    site = Path(argv[0]) if argv else DEFAULT_SITE
    if not (site / "index.html").is_file():
        sys.exit(f"no built site in {site}: run `nox -s docs` first")
    weights = site_weights(site)
    print(f"{'page':70s} {'kB':>8s}")
    for page, weight in sorted(weights.items(), key=lambda item: -item[1]):
        flag = "  OVER BUDGET" if weight > BUDGET_BYTES else ""
        print(f"{page:70s} {weight / 1000:8.1f}{flag}")
    over = sum(weight > BUDGET_BYTES for weight in weights.values())
    print(
        f"{len(weights)} pages, {over} over the {BUDGET_BYTES / 1e6:.0f} MB budget; "
        f"heaviest {max(weights.values()) / 1000:.1f} kB"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
