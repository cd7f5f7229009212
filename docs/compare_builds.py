"""Compare two builds of the site, byte for byte, except the running times.

Usage::

    python docs/compare_builds.py FIRST/docs/_build/html SECOND/docs/_build/html

Every file of the two HTML folders is compared: pages, figures, notebooks,
zips, scripts, search index. The one thing allowed to differ is the line
Sphinx-Gallery ends each example with, "Total running time of the script:
(0 minutes 1.234 seconds)", in the page and in its copied source; only its
numbers are masked. Sphinx's own state (``.doctrees``, ``.buildinfo``) is not
part of the site and is skipped. Exits with status 1 and lists the files that
differ, or exits 0.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Sphinx-Gallery's TIMING_CONTENT, as reST (copied sources) and as HTML.
RUNNING_TIME = re.compile(
    rb"(Total running time of the script:(?:\*\*|</strong>) \()"
    rb"\d+ minutes \d+\.\d+ seconds\)"
)
MASKED = rb"\1<time> minutes <time> seconds)"
TEXT_SUFFIXES = (".html", ".txt")
NOT_THE_SITE = (".doctrees", ".buildinfo", ".buildinfo.bak")


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site, by relative path, running times masked."""
    files = {}
    for path in sorted(Path(folder).rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or relative.parts[0] in NOT_THE_SITE:
            continue
        content = path.read_bytes()
        if path.suffix in TEXT_SUFFIXES:
            content = RUNNING_TIME.sub(MASKED, content)
        files[relative.as_posix()] = content
    return files


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """One line per file that is in only one site or differs between them."""
    lines = [f"only in the first: {name}" for name in sorted(first.keys() - second)]
    lines += [f"only in the second: {name}" for name in sorted(second.keys() - first)]
    lines += [
        f"differs: {name}"
        for name in sorted(first.keys() & second.keys())
        if first[name] != second[name]
    ]
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    first, second = (Path(arg) for arg in argv)
    for folder in (first, second):
        if not (folder / "index.html").is_file():
            print(f"{folder} holds no built site (no index.html)")
            return 2
    first_files, second_files = site_files(first), site_files(second)
    found = differences(first_files, second_files)
    print(
        f"compared {len(first_files)} and {len(second_files)} files "
        "(running-time lines masked)"
    )
    for line in found:
        print(line)
    print("the two sites are identical" if not found else f"{len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
