"""Publish, with the site, the wheel of mlpviz that the site was built with.

A reader who downloads a notebook gets mlpviz from the site itself: the
notebook's first cell installs this wheel (see ``reader_notebooks``). So the
site must carry the exact package that built it, even before mlpviz is on
PyPI. When the HTML builder starts, this extension builds a wheel from the
project's source tree into a staging folder; when the build has succeeded it
copies the wheel to ``wheels/`` in the output, at the address
:func:`wheel_url` gives.

Pages show the wheel through two substitutions, defined on the pages that use
them: ``|mlpviz_wheel_url|`` (the wheel's address on the published site) and
``|mlpviz_wheel_link|`` (a download link relative to the page).

The wheel is reproducible: hatchling stamps its files with
``SOURCE_DATE_EPOCH`` when set, else with a fixed date, so the same sources
give the same bytes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from packaging.utils import canonicalize_name
from packaging.version import Version
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

DISTRIBUTION = "mlpviz"
WHEELS_DIR = "wheels"


def site_url(config) -> str:
    """The site's base URL (``html_baseurl``), ending with a slash."""
    url = config.html_baseurl
    if urlsplit(url).scheme not in ("http", "https", "file"):
        raise ConfigError(
            f"html_baseurl is {url!r}, but notebooks install mlpviz from the site: "
            "set MLPVIZ_SITE_URL to the http(s) address the site is published at"
        )
    return url.rstrip("/") + "/"


def wheel_filename(version: str) -> str:
    """The file name of mlpviz's pure-Python wheel for ``version``."""
    name = canonicalize_name(DISTRIBUTION).replace("-", "_")
    return f"{name}-{Version(version)}-py3-none-any.whl"


def wheel_url(config) -> str:
    """Where the published site serves the wheel of this build."""
    return f"{site_url(config)}{WHEELS_DIR}/{wheel_filename(config.release)}"


def _editable_location() -> Path | None:
    """The source folder of an editable install of mlpviz, if there is one."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    origin = json.loads(dist.read_text("direct_url.json") or "{}")
    if not origin.get("dir_info", {}).get("editable"):
        return None
    parts = urlsplit(origin["url"])
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def _is_project(folder: Path) -> bool:
    pyproject = folder / "pyproject.toml"
    return pyproject.is_file() and re.search(
        rf'^name\s*=\s*"{DISTRIBUTION}"', pyproject.read_text(), re.MULTILINE
    )


def project_root(app) -> Path:
    """The folder holding mlpviz's pyproject.toml.

    ``mlpviz_project_root`` in the configuration wins; else the folder above
    the documentation's sources; else the folder of an editable install.
    """
    configured = app.config.mlpviz_project_root
    if configured:
        root = Path(app.confdir, configured).resolve()
        if not _is_project(root):
            raise ConfigError(
                f"mlpviz_project_root is {configured!r}, but {root} holds no "
                f"pyproject.toml of the {DISTRIBUTION} project"
            )
        return root
    for candidate in (Path(app.confdir).parent, _editable_location()):
        if candidate is not None and _is_project(candidate):
            return candidate
    raise ConfigError(
        "Cannot find the mlpviz project (its pyproject.toml) to build the wheel "
        "the site publishes: build the documentation from a checkout, install "
        "mlpviz from it in editable mode (pip install -e .), or pass "
        "-D mlpviz_project_root=<folder of pyproject.toml> to sphinx-build"
    )


def _build_command(root: Path, out_dir: Path) -> list[str]:
    uv = shutil.which("uv")
    if uv:
        return [uv, "build", "--wheel", "--quiet", "--out-dir", str(out_dir), str(root)]
    return [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-w",
        str(out_dir),
        str(root),
    ]


def build_wheel(app) -> None:
    """Build the wheel into a staging folder (HTML builders only)."""
    app.mlpviz_wheel = None
    if app.builder.format != "html":
        return
    root = project_root(app)
    staging = Path(tempfile.mkdtemp(prefix="mlpviz-wheel-"))
    command = _build_command(root, staging)
    logger.info("[site_wheel] building the wheel of %s: %s", root, " ".join(command))
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise ExtensionError(
            f"Building the wheel of {root} failed:\n{result.stdout}{result.stderr}"
        )
    built = sorted(staging.glob("*.whl"))
    expected = wheel_filename(app.config.release)
    if [path.name for path in built] != [expected]:
        raise ExtensionError(
            f"The site documents mlpviz {app.config.release} (imported from "
            f"{sys.modules[DISTRIBUTION].__file__}), but the sources in {root} "
            f"built {[path.name for path in built]}. Install mlpviz from these "
            "sources in editable mode (pip install -e .) so the two agree."
        )
    app.mlpviz_wheel = built[0]


def publish_wheel(app, exception) -> None:
    """Copy the wheel into the output once the build has succeeded."""
    wheel = getattr(app, "mlpviz_wheel", None)
    if wheel is None:
        return
    if exception is None:
        target = Path(app.outdir) / WHEELS_DIR
        if target.is_dir():
            shutil.rmtree(target)  # wheels of earlier versions
        target.mkdir(parents=True)
        shutil.copy2(wheel, target / wheel.name)
        logger.info("[site_wheel] published %s/%s", WHEELS_DIR, wheel.name)
    shutil.rmtree(wheel.parent, ignore_errors=True)


def define_substitutions(app, docname: str, source: list[str]) -> None:
    """Define the wheel's substitutions on the pages that use them."""
    if "|mlpviz_wheel_" not in source[0]:
        return
    name = wheel_filename(app.config.release)
    relative = "../" * docname.count("/") + f"{WHEELS_DIR}/{name}"
    source[0] += (
        "\n\n"
        f".. |mlpviz_wheel_url| replace:: {wheel_url(app.config)}\n"
        f".. |mlpviz_wheel_link| replace:: `{name} <{relative}>`__\n"
    )


def setup(app):
    app.add_config_value("mlpviz_project_root", None, "env", types=[str, type(None)])
    # Before the notebooks are rewritten (reader_notebooks, priority 550).
    app.connect("builder-inited", build_wheel, priority=400)
    app.connect("source-read", define_substitutions)
    app.connect("build-finished", publish_wheel)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
