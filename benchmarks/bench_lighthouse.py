"""Print Lighthouse's performance and accessibility scores of four pages of the site.

Usage: python benchmarks/bench_lighthouse.py [path/to/html] [--reports DIR]

The site is copied to a temporary folder with a gzip copy of every text file
beside it, and served there on a loopback port by ``http-server -g``, which
sends the .gz files, as GitHub Pages compresses what it serves. Lighthouse
(pinned in benchmarks/package.json; ``npm ci`` runs on first use) opens each
page in the system's headless Chromium, with its mobile preset (a slow phone
on a slow 4G network, simulated) and its desktop preset. Printed: one table of
scores and timings, then per page the render-blocking resources and the images
without explicit width and height. It asserts nothing: the scores depend on
the machine (its load shows in Lighthouse's benchmark index, printed too).

Needs Node 20 and a Chromium (CHROME_PATH, default /usr/bin/chromium).
Lighthouse is 12.8.2, the last release for Node 20: 12.2.3 cannot read the
traces of Chromium 156 (its render-blocking and layout-shift audits fail).
package.json pins the third-party-web that Lighthouse's trace engine asks for
as "latest", or ``npm ci`` finds the lock file out of date.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
DEFAULT_SITE = HERE.parent / "docs" / "_build" / "html"
PAGES = [
    "index.html",
    "auto_examples/weights_as_images/plot_mnist_filters.html",
    "auto_examples/inside_the_network/plot_activations_on_a_line.html",
    "api.html",
]
PRESETS = ("mobile", "desktop")
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Files worth compressing; images, videos and fonts are compressed already.
TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".xml"}


def npm_tools() -> None:
    """Install Lighthouse and http-server from the lock file, once."""
    if not (HERE / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)


def gzipped_copy(site: Path, into: Path) -> Path:
    """Copy ``site`` into ``into``, with a .gz beside every text file."""
    copy = into / "html"
    shutil.copytree(site, copy)
    for path in copy.rglob("*"):
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            data = path.read_bytes()
            # mtime=0: the same site gives the same bytes.
            path.with_name(path.name + ".gz").write_bytes(
                gzip.compress(data, compresslevel=9, mtime=0)
            )
    return copy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(folder: Path, port: int) -> subprocess.Popen:
    """Start http-server on ``folder`` and wait until it answers."""
    # -g: send file.gz for file; -c600: cached ten minutes, as on GitHub Pages.
    command = ["npx", "http-server", str(folder), "-g", "-s", "-c600"]
    server = subprocess.Popen(
        [*command, "-a", "127.0.0.1", "-p", str(port)],
        cwd=HERE,
        # http-server 14 uses an API that Node 20 warns about on every request.
        env={**os.environ, "NODE_OPTIONS": "--no-deprecation"},
        # Its own process group: npx starts node, and both must stop.
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGTERM)
    sys.exit("http-server did not start")


def lighthouse(url: str, preset: str, chrome: str) -> dict:
    """Run Lighthouse once on ``url``, in a fresh browser profile; its report."""
    with tempfile.TemporaryDirectory(prefix="lh-profile-") as profile:
        flags = " ".join([*CHROME_FLAGS, f"--user-data-dir={profile}"])
        command = [
            "npx",
            "lighthouse",
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={flags}",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        result = subprocess.run(
            command,
            cwd=HERE,
            env={**os.environ, "CHROME_PATH": chrome},
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        sys.exit(f"Lighthouse failed on {url} ({preset}):\n{result.stderr}")
    return json.loads(result.stdout)


def row(page: str, preset: str, report: dict) -> list[str]:
    audits, categories = report["audits"], report["categories"]

    def score(name):
        value = categories[name]["score"]
        return "n/a" if value is None else f"{value * 100:.0f}"

    def value(name, scale=1.0, digits=1):
        number = audits[name].get("numericValue")
        return "n/a" if number is None else f"{number * scale:.{digits}f}"

    return [
        page,
        preset,
        score("performance"),
        score("accessibility"),
        value("first-contentful-paint", 1e-3),
        value("largest-contentful-paint", 1e-3),
        value("total-blocking-time", digits=0),
        value("cumulative-layout-shift", digits=3),
    ]


def print_table(rows: list[list[str]]) -> None:
    header = ["page", "preset", "perf", "a11y", "FCP s", "LCP s", "TBT ms", "CLS"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for cells in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())


def audit_items(report: dict, name: str) -> list[dict]:
    """The items an audit lists; an audit that failed says so, not "none"."""
    audit = report["audits"][name]
    if audit.get("scoreDisplayMode") == "error":
        sys.exit(f"Lighthouse's {name} audit failed: {audit.get('errorMessage')}")
    return (audit.get("details") or {}).get("items", [])


def print_findings(page: str, reports: dict[str, dict], base: str) -> None:
    """The render-blocking resources and the unsized images of one page."""
    print(f"\n{page}")
    blocking: dict[str, dict[str, float]] = {}
    for preset, report in reports.items():
        for item in audit_items(report, "render-blocking-resources"):
            url = item["url"].removeprefix(base)
            blocking.setdefault(url, {})[preset] = item.get("wastedMs", 0)
    print("  render-blocking resources (time they block the first paint):")
    for url, blocked in sorted(blocking.items(), key=lambda kv: -max(kv[1].values())):
        times = ", ".join(f"{p} {ms:.0f} ms" for p, ms in blocked.items())
        print(f"    {url} ({times})")
    if not blocking:
        print("    none")
    # The same <img> shows another file on a phone (its 2x copy): one line each.
    unsized = {}
    for report in reports.values():
        for item in audit_items(report, "unsized-images"):
            node = item["node"]
            snippet = node.get("snippet", "").replace(base, "/")
            unsized.setdefault(node["path"], snippet)
    print("  images without explicit width and height:")
    for snippet in unsized.values():
        print(f"    {snippet[:160]}")
    if not unsized:
        print("    none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE)
    parser.add_argument("--reports", type=Path, help="keep the JSON reports here")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"no built site in {args.site}: run `nox -s docs` first")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    npm_tools()
    rows, reports, speeds = [], {}, []
    with tempfile.TemporaryDirectory(prefix="lh-site-") as tmp:
        port = free_port()
        server = serve(gzipped_copy(args.site, Path(tmp)), port)
        base = f"http://127.0.0.1:{port}/"
        try:
            for page in PAGES:
                for preset in PRESETS:
                    started = time.monotonic()
                    report = lighthouse(base + page, preset, chrome)
                    print(
                        f"{page} ({preset}): {time.monotonic() - started:.0f} s",
                        file=sys.stderr,
                    )
                    reports.setdefault(page, {})[preset] = report
                    rows.append(row(page, preset, report))
                    speeds.append(report["environment"]["benchmarkIndex"])
                    if args.reports:
                        args.reports.mkdir(parents=True, exist_ok=True)
                        name = page.replace("/", "_").removesuffix(".html")
                        (args.reports / f"{name}-{preset}.json").write_text(
                            json.dumps(report)
                        )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
    print_table(rows)
    # Lighthouse's own measure of the machine's speed, ~1000+ on a desktop;
    # a busy machine gives lower numbers and longer blocking times.
    print(f"\nbenchmark index: {min(speeds):.0f} to {max(speeds):.0f}")
    for page in PAGES:
        print_findings(page, reports[page], base)


if __name__ == "__main__":
    main()
