"""Same sources, same bytes: dates and zip archives that do not depend on
when or where the site is built.

- ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/)
  is set to the time of the last git commit when the environment does not set
  it. Sphinx reads it for the copyright year, matplotlib for the dates it
  writes into PDF and SVG files, and this extension for zip entries.
- Sphinx-Gallery zips each example's script and notebook, and every gallery's
  scripts and notebooks, with the files' modification times and in the order
  the file system lists them. After it has run, every zip in the gallery
  folders is rewritten with its entries sorted by name, dated
  ``SOURCE_DATE_EPOCH`` and with fixed permissions. A zip whose normalised
  bytes did not change keeps its old modification time, so that Sphinx does
  not re-read the pages that link to it.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import time
import zipfile
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

# The earliest date a zip entry can hold (1980-01-01 00:00:00 UTC).
ZIP_EPOCH = 315532800


def last_commit_time(folder: Path) -> int | None:
    """Unix time of the last commit of the git checkout holding ``folder``."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(result.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return None


def set_source_date_epoch(folder: Path) -> None:
    """Set ``SOURCE_DATE_EPOCH`` from git unless the environment already does."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    commit_time = last_commit_time(folder)
    if commit_time is None:
        logger.info(
            "[reproducible_build] SOURCE_DATE_EPOCH is not set and %s is not a "
            "git checkout: zip entries get the date 1980-01-01",
            folder,
        )
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(commit_time)


def zip_date() -> tuple[int, int, int, int, int, int]:
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH") or ZIP_EPOCH), ZIP_EPOCH)
    return time.gmtime(epoch)[:6]


def normalised_zip(data: bytes, date_time) -> bytes:
    """The same archive, entries sorted by name, with fixed dates and modes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = sorted(source.infolist(), key=lambda info: info.filename)
        contents = [(info, source.read(info)) for info in entries]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info, content in contents:
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = info.compress_type
            fixed.create_system = 3  # Unix, whatever the building system
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    return buffer.getvalue()


def _gallery_zips(app) -> list[Path]:
    srcdir = Path(app.srcdir)
    conf = app.config.sphinx_gallery_conf
    return sorted(
        path
        for gallery_dir in conf["gallery_dirs"]
        for path in (srcdir / gallery_dir).rglob("*.zip")
    )


class ZipNormaliser:
    def __init__(self):
        self.before: dict[Path, tuple[str, int]] = {}

    def remember(self, app) -> None:
        """Before Sphinx-Gallery runs: the digest and time of every zip."""
        self.before = {
            path: (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                path.stat().st_mtime_ns,
            )
            for path in _gallery_zips(app)
        }

    def normalise(self, app) -> None:
        """After Sphinx-Gallery runs: rewrite every zip deterministically."""
        date_time = zip_date()
        for path in _gallery_zips(app):
            data = path.read_bytes()
            fixed = normalised_zip(data, date_time)
            if fixed != data:
                path.write_bytes(fixed)
            digest, mtime = self.before.get(path, (None, None))
            if digest == hashlib.sha256(fixed).hexdigest():
                os.utime(path, ns=(mtime, mtime))


def setup(app):
    set_source_date_epoch(Path(app.confdir))
    normaliser = ZipNormaliser()
    # Sphinx-Gallery writes its zips in a builder-inited handler of the
    # default priority (500).
    app.connect("builder-inited", normaliser.remember, priority=150)
    app.connect("builder-inited", normaliser.normalise, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
