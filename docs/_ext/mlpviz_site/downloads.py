"""The downloads as a reader runs them: scripts, notebooks and their zips.

After Sphinx-Gallery wrote them, the scripts lose the build-only blocks and
``# sphinx_gallery_`` settings (it removes them from page and notebook only),
the notebooks that import the ``cnn`` extra's packages install it too, the
notebooks' titles get their level back (``pandoc_options``), and every zip is
written again, sorted and dated ``SOURCE_DATE_EPOCH``: same sources, same bytes.
"""

from __future__ import annotations

import json
import os
import re
import time
import zipfile
from importlib import import_module, metadata
from pathlib import Path

from docutils import nodes
from packaging.requirements import Requirement
from sphinx.errors import ExtensionError
from sphinx_gallery.py_source_parser import remove_config_comments, remove_ignore_blocks

DISTRIBUTION = "mlpviz"
EXTRA = "cnn"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can hold
BROWSER_TRAIN = 10_000  # MNIST training images in JupyterLite
BROWSER_CELL = """\
%pip install {wheel}
import os
os.environ["MLPVIZ_DATA_URL"] = "{site}data/"  # the site's copy of MNIST
os.environ["MLPVIZ_TRAIN_SIZE"] = "{size}"  # empty: all the training images
"""
BROWSER_NOTE = f"""In the browser, this notebook trains on {BROWSER_TRAIN:,} of MNIST's
60,000 training images (`MLPVIZ_TRAIN_SIZE`): its numbers differ from the page's."""

# The first cell of every notebook (Sphinx-Gallery's first_notebook_cell).
INSTALL_CELL = """\
# Installs {name} {version}, the version this notebook was made with, unless
# you have it (an editable install is left alone). Delete this cell to skip it.
import json
from importlib import metadata, util

try:
    installed = metadata.distribution("mlpviz")
    origin = json.loads(installed.read_text("direct_url.json") or "{{}}")
    editable = origin.get("dir_info", {{}}).get("editable", False)
    ready = editable or installed.version == "{version}"
except metadata.PackageNotFoundError:
    ready = False
if not {condition}:
    %pip install --quiet "{name} @ {wheel_url}"
"""


def pandoc_options(site_url: str) -> dict:
    """Sphinx-Gallery's ``pypandoc`` setting: GitHub Markdown, roles as links,
    headings a level down (pandoc reads each block on its own, so each block's
    first heading would be a title; ``adapt_notebook`` lifts the title)."""
    return {
        "extra_args": [
            *("--to=gfm", "--wrap=preserve", "--shift-heading-level-by=1"),
            f"--lua-filter={Path(__file__).with_name('roles.lua')}",
            f"--metadata=site:{site_url}",
        ]
    }


def wheel_url(site_url: str, version: str) -> str:
    """Where the site publishes mlpviz's wheel (see conf.py's html_extra_path)."""
    return f"{site_url.rstrip('/')}/wheels/mlpviz-{version}-py3-none-any.whl"


def extra_modules(extra: str = EXTRA) -> list[str]:
    """The distributions that mlpviz's ``extra`` adds: needed with it, not without."""
    requirements = map(Requirement, metadata.requires(DISTRIBUTION) or [])
    markers = [(r.name, r.marker) for r in requirements if r.marker]
    return [n for n, m in markers if m.evaluate({"extra": extra}) > m.evaluate()]


def install_cell(site_url: str, version: str, extra: str | None = None) -> str:
    """The notebooks' install cell, with mlpviz's ``extra`` if given."""
    return INSTALL_CELL.format(
        name=f"{DISTRIBUTION}[{extra}]" if extra else DISTRIBUTION,
        version=version,
        wheel_url=wheel_url(site_url, version),
        condition=(
            f"(ready and all(map(util.find_spec, {json.dumps(extra_modules(extra))})))"
            if extra
            else "ready"
        ),
    )


def imports_any(notebook: dict, modules: list[str]) -> bool:
    """Whether the notebook's code (after its install cell) imports a module."""
    cells = [c for c in notebook["cells"][1:] if c["cell_type"] == "code"]
    code = "\n".join("".join(cell["source"]) for cell in cells)
    names = "|".join(map(re.escape, modules))
    pattern = rf"^\s*(import|from)\s+({names})\b"
    return bool(modules) and re.search(pattern, code, re.M) is not None


def browser_notebook(notebook: dict, path: str) -> None:
    """The notebook as JupyterLite runs it (notebook_modification_function)."""
    cells = notebook["cells"]
    wheel = re.search(r'@ (\S+)"', "".join(cells[0]["source"]))[1]
    fewer = any("load_mnist_split(" in "".join(cell["source"]) for cell in cells)
    site, size = wheel.rpartition("wheels/")[0], BROWSER_TRAIN if fewer else ""
    cells[0]["source"] = BROWSER_CELL.format(wheel=wheel, site=site, size=size)
    note = {"cell_type": "markdown", "metadata": {}, "source": BROWSER_NOTE}
    cells[:0] = [note] if fewer else []


def adapt_notebook(path: Path, site_url: str, version: str) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    if imports_any(notebook, extra_modules()):
        notebook["cells"][0]["source"] = install_cell(site_url, version, EXTRA)
    title = next(cell for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    title["source"] = re.sub(r"^## ", "# ", "".join(title["source"]), count=1)
    path.write_text(json.dumps(notebook, indent=2), encoding="utf-8")


def rewrite_zip(path: Path, date_time: tuple[int, ...]) -> None:
    """Zip again the files ``path`` holds, from disk, in a fixed order and date."""
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            entry = zipfile.ZipInfo(name, date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, whatever the building system
            entry.external_attr = 0o100644 << 16  # a regular rw-r--r-- file
            archive.writestr(entry, (path.parent / name).read_bytes())


def finish_downloads(app) -> None:
    """After Sphinx-Gallery has run: the downloads as the docstring says."""
    site_url, version = app.config.html_baseurl, app.config.release
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or ZIP_EPOCH)
    date_time = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    for gallery_dir in app.config.sphinx_gallery_conf["gallery_dirs"]:
        gallery = Path(app.srcdir, gallery_dir)
        for notebook in sorted(gallery.rglob("*.ipynb")):
            script = notebook.with_suffix(".py")
            text = remove_ignore_blocks(script.read_text(encoding="utf-8"))
            script.write_text(remove_config_comments(text), encoding="utf-8")
            adapt_notebook(notebook, site_url, version)
        for archive in sorted(gallery.rglob("*.zip")):
            rewrite_zip(archive, date_time)


def require_wheel(app) -> None:
    """Stop before the examples run when the wheel to publish is stale."""
    if not app.config.html_extra_path:
        return  # a site that publishes no wheel
    wheel = Path(app.config.html_extra_path[0] + wheel_url("", app.config.release))
    package = Path(import_module(DISTRIBUTION).__file__).parent
    newest = max(path.stat().st_mtime for path in package.rglob("*.py"))
    if not wheel.is_file() or wheel.stat().st_mtime < newest:
        raise ExtensionError(
            f"The site publishes {wheel}, which is missing or older than "
            f"{package}: build the site with `nox -s docs`, or the wheel first: "
            f"hatchling build -t wheel -d {wheel.parent}"
        )


def no_lite_badge(app, doctree, docname) -> None:
    """No JupyterLite button on an example that needs the cnn extra (Pyodide
    has no JAX), but why: Sphinx-Gallery gives every example one."""
    containers = doctree.findall(nodes.container)
    for badge in [c for c in containers if "lite-badge" in c["classes"]]:
        notebook = json.loads(Path(app.srcdir, f"{docname}.ipynb").read_text("utf-8"))
        if imports_any(notebook, extra_modules()):
            why = "Not in JupyterLite: it needs JAX, which Pyodide lacks."
            badge.replace_self(nodes.paragraph(why, why))
