"""Make every downloaded notebook run for a reader who has only the site.

Sphinx-Gallery writes a notebook next to each example. This extension then
rewrites each notebook it has not rewritten yet:

1. A first code cell installs the mlpviz that built the page, from the wheel
   published with the site (``site_wheel``), with the ``cnn`` extra when the
   notebook imports Keras. It installs nothing when that version is already
   installed, and leaves a developer's editable install alone, whatever its
   version.
2. The reST that Sphinx-Gallery leaves in the markdown cells becomes
   Markdown: roles naming mlpviz objects link to their API pages on the
   site, other projects' objects become code spans, references to examples
   link to their pages. Anything it cannot convert fails the build, naming
   the notebook, rather than reach readers as raw reST.

Then it rewrites the example's zip file, and the gallery's zip of all
notebooks, so that they hold the rewritten notebooks. The zips are written
deterministically: sorted entries stamped with ``SOURCE_DATE_EPOCH`` (else
1980-01-01).

A rewritten notebook records in its metadata the version, site and rewriting
code it was made with, so a rebuild that leaves it unchanged skips it, and a
change of any of the three rewrites it again.
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import os
import re
import textwrap
import time
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from site_wheel import DISTRIBUTION, site_url, wheel_url
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Sphinx-Gallery generates the notebooks in its builder-inited handler, at the
# default priority (500); this must run after it.
PRIORITY = 550
INSTALL_TAG = "mlpviz-install"
# Where autosummary writes the API pages (api.rst's :toctree:).
API_DIR = "gen_modules"
METADATA_KEY = "mlpviz"
# The one optional extra an example may need; its requirements are read from
# mlpviz's metadata.
EXTRA = "cnn"
ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest date a zip file can hold
PROCESSOR = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]

# The cell's one comment line: what it does, how to skip it. The cell prints
# pip's messages itself: a kernel does not show a child process's output.
INSTALL_COMMENT = (
    "# Installs {requirement_name} {version}, this notebook's version, if missing;"
    " delete this cell to skip.\n"
)
INSTALL_CELL = """\
import importlib
import json
import subprocess
import sys
from importlib import metadata


def _distribution(name):
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None


def _install_mlpviz(version, requirement, extra_requires):
    mlpviz = _distribution("mlpviz")
    if mlpviz is not None:
        origin = json.loads(mlpviz.read_text("direct_url.json") or "{{}}")
        if origin.get("dir_info", {{}}).get("editable", False):
            print(f"Using your editable install of mlpviz {{mlpviz.version}}.")
            return
        if mlpviz.version == version and all(map(_distribution, extra_requires)):
            print(f"mlpviz {{version}} is installed.")
            return
    print(f"Installing {{requirement}}")
    command = [sys.executable, "-m", "pip", "install", "--quiet", requirement]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as pip:
        for line in pip.stdout:
            print(line, end="")
    if pip.returncode:
        raise subprocess.CalledProcessError(pip.returncode, command)
    importlib.invalidate_caches()
    installed = _distribution("mlpviz")
    if installed is None:
        raise RuntimeError(f"{{sys.executable}} cannot see the mlpviz pip installed")
    print(f"Installed mlpviz {{installed.version}}.")
    if "mlpviz" in sys.modules:
        print("Restart the kernel to use it: another mlpviz is already imported.")


_install_mlpviz(
    {version},
    {requirement},
    {extra_requires},
)"""


# -- The install cell ----------------------------------------------------------


def extra_requirements(extra: str = EXTRA) -> list[str]:
    """Names of the distributions that mlpviz's ``extra`` adds."""
    names = []
    for line in metadata.requires(DISTRIBUTION) or []:
        requirement = Requirement(line)
        marker = requirement.marker
        # Requirements of the extra only, not those of every install.
        if (
            marker
            and marker.evaluate({"extra": extra})
            and not marker.evaluate({"extra": ""})
        ):
            names.append(requirement.name)
    if not names:
        raise ExtensionError(f"mlpviz's metadata declares no {extra!r} extra")
    return names


def imported_modules(notebook: dict) -> set[str]:
    """Top-level names of the modules the notebook's code imports."""
    names = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        # IPython magics and shell escapes are not Python.
        source = re.sub(r"^\s*[%!].*$", "", source, flags=re.MULTILINE)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def install_cell(version: str, url: str, extra_requires: list[str]) -> dict:
    """The notebook's first cell: install mlpviz ``version`` from ``url``."""
    name = f"{DISTRIBUTION}[{EXTRA}]" if extra_requires else DISTRIBUTION
    source = INSTALL_COMMENT.format(requirement_name=name, version=version)
    source += INSTALL_CELL.format(
        version=json.dumps(version),
        requirement=json.dumps(f"{name} @ {url}"),
        extra_requires=json.dumps(extra_requires),
    )
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": [INSTALL_TAG]},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }


# -- reST to Markdown ------------------------------------------------------------

FENCED_BLOCK = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
ROLE = re.compile(
    r"(?<![\w`]):(?:(?P<domain>[a-z]+):)?(?P<role>[a-z]+):`(?P<content>[^`]+)`"
)
EXPLICIT_TITLE = re.compile(r"(?P<title>.+?)\s*<(?P<target>[^<>]+)>", re.DOTALL)
# Sphinx-Gallery turns :ref:`label` into `label`, and :ref:`title <label>`
# into `title <label>`.
GALLERY_REF = re.compile(
    r"`(?:(?P<title>[^`<]+?)\s*<)?(?P<label>sphx_glr_[^`<>\s]+?)>?`"
)
INLINE_LITERAL = re.compile(
    r"(?<!`)``(?!`)(?P<code>[^`](?:.*?[^`])??)``(?!`)", re.DOTALL
)
# Sphinx-Gallery converts `text <url>`__ to [text](url)_.
STRAY_LINK_END = re.compile(r"(\]\([^)\s]+\))_(?!\w)")
PYTHON_ROLES = {
    "attr",
    "class",
    "const",
    "data",
    "exc",
    "func",
    "meth",
    "mod",
    "obj",
    "property",
    "type",
}
CALLABLE_ROLES = {"func", "meth"}
LITERAL_ROLES = {
    "code",
    "command",
    "envvar",
    "file",
    "kbd",
    "literal",
    "program",
    "samp",
}
# What no Markdown cell may still hold: first in its prose, then outside code.
LEFTOVERS_IN_PROSE = {
    "role": re.compile(r":[a-z]+(?::[a-z]+)?:`"),
    "reST inline literal": re.compile(r"(?<!`)``(?=[^`\s])"),
    "reST link": re.compile(r"`__?(?!\w)"),
}
LEFTOVERS_OUTSIDE_CODE = {
    "directive, comment or target": re.compile(r"^[ \t]*\.\.[ \t]", re.MULTILINE),
    "literal block marker": re.compile(r"::[ \t]*$", re.MULTILINE),
}


def _rst_title(text: str) -> str | None:
    """The first section title of reST ``text``."""
    lines = [line.rstrip() for line in text.splitlines()]
    adornment = re.compile(r"([=\-`:.'\"~^_*+#<>])\1+")
    for line, under in itertools.pairwise(lines):
        title = line.strip()
        is_title = (
            title and not adornment.fullmatch(title) and adornment.fullmatch(under)
        )
        if is_title and len(under) >= len(title):
            return title
    return None


class SiteLinks:
    """Where the names the notebooks mention live on the published site."""

    def __init__(self, app):
        srcdir = Path(app.srcdir)
        self.base = site_url(app.config)
        self.srcdir = srcdir
        self.parentheses = app.config.add_function_parentheses
        # API pages that autosummary generated (it runs before this handler).
        self.api_pages = {path.stem for path in (srcdir / API_DIR).glob("*.rst")}
        self.modules = {}
        for path in srcdir.glob("*.rst"):
            for module in re.findall(
                r"^\.\. automodule:: (\S+)", path.read_text(), re.M
            ):
                self.modules[module] = path.stem
        self.examples = {}
        for gallery_dir in app.config.sphinx_gallery_conf["gallery_dirs"]:
            for path in sorted((srcdir / gallery_dir).rglob("*")):
                relative = path.relative_to(srcdir).with_suffix("")
                if path.suffix == ".py":
                    label = "sphx_glr_" + path.relative_to(srcdir).as_posix()
                    title = _rst_title(
                        ast.get_docstring(ast.parse(path.read_text())) or ""
                    )
                elif path.name == "index.rst":
                    label = "sphx_glr_" + relative.parent.as_posix()
                    title = _rst_title(path.read_text())
                else:
                    continue
                self.examples[label.replace("/", "_")] = (relative.as_posix(), title)

    def page(self, docname: str, anchor: str = "") -> str:
        return f"{self.base}{docname}.html" + (f"#{anchor}" if anchor else "")

    def python_object(self, role: str, target: str) -> str | None:
        """The URL of mlpviz object ``target``; None for other projects' objects."""
        if target.split(".")[0] != DISTRIBUTION:
            return None
        if target in self.modules:
            return self.page(self.modules[target], f"module-{target}")
        parts = target.split(".")
        for end in range(len(parts), 1, -1):
            name = ".".join(parts[:end])
            if name in self.api_pages:
                anchor = target if end < len(parts) else ""
                return self.page(f"{API_DIR}/{name}", anchor)
        raise ValueError(f":{role}:`{target}` names no page of the API reference")

    def document(self, target: str, docdir: str) -> tuple[str, str]:
        docname = target.lstrip("/") if target.startswith("/") else f"{docdir}/{target}"
        docname = os.path.normpath(docname).replace(os.sep, "/").lstrip("./")
        path = self.srcdir / f"{docname}.rst"
        if not path.is_file():
            raise ValueError(f":doc:`{target}` names no page of the site")
        return self.page(docname), _rst_title(path.read_text()) or docname


def _code_span(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"`` {text} ``"


def _convert_role(match: re.Match, links: SiteLinks, docdir: str) -> str:
    role, content = match["role"], " ".join(match["content"].split())
    explicit = EXPLICIT_TITLE.fullmatch(content)
    title, target = (
        (explicit["title"], explicit["target"]) if explicit else (None, content)
    )
    if role in LITERAL_ROLES:
        return _code_span(content)
    if role in PYTHON_ROLES:
        shorten = target.startswith("~")
        target = target.lstrip("~!.")
        if title is None:
            title = target.split(".")[-1] if shorten else target
            if role in CALLABLE_ROLES and links.parentheses:
                title += "()"
            title = _code_span(title)
        url = links.python_object(role, target)
        return f"[{title}]({url})" if url else title
    if role == "ref":
        if target not in links.examples:
            raise ValueError(f":ref:`{content}` names no example or gallery section")
        docname, default_title = links.examples[target]
        return f"[{title or default_title}]({links.page(docname)})"
    if role == "doc":
        url, default_title = links.document(target, docdir)
        return f"[{title or default_title}]({url})"
    raise ValueError(f"no Markdown for the role :{role}: in {match[0]!r}")


def _convert_gallery_ref(match: re.Match, links: SiteLinks) -> str:
    if match["label"] not in links.examples:
        raise ValueError(f"{match[0]} names no example or gallery section")
    docname, title = links.examples[match["label"]]
    return f"[{match['title'] or title}]({links.page(docname)})"


def _convert_literal_blocks(text: str) -> str:
    """reST ``para::`` + indented block -> ``para:`` + fenced code block."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if (
            line.rstrip().endswith("::")
            and i + 2 < len(lines)
            and not lines[i + 1].strip()
        ):
            j = i + 2
            while j < len(lines) and (not lines[j].strip() or lines[j][:1] in " \t"):
                j += 1
            block = "\n".join(lines[i + 2 : j]).rstrip("\n")
            if block and block[:1] in " \t":
                intro = line.rstrip()[:-2]
                intro = intro.rstrip() if intro.endswith(" ") else intro + ":"
                if intro.strip():
                    out.append(intro)
                out += ["", "```", textwrap.dedent(block), "```", ""]
                i = j
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _strip_code(text: str) -> str:
    """``text`` without Markdown code spans (for the leftover checks)."""
    return re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", "", text, flags=re.DOTALL)


def _check_no_rest(prose: str) -> None:
    """Raise ValueError, quoting the line, if ``prose`` still holds reST."""
    checks = [(kind, pattern, prose) for kind, pattern in LEFTOVERS_IN_PROSE.items()]
    code_free = _strip_code(prose)
    checks += [
        (kind, pattern, code_free) for kind, pattern in LEFTOVERS_OUTSIDE_CODE.items()
    ]
    for kind, pattern, text in checks:
        leftover = pattern.search(text)
        if leftover:
            start = text.rfind("\n", 0, leftover.start()) + 1
            stop = text.find("\n", leftover.end())
            line = text[start : stop if stop >= 0 else None].strip()
            raise ValueError(f"raw reST ({kind}) left in a Markdown cell: {line!r}")


def _outside_fences(text: str, convert) -> str:
    """Apply ``convert`` to the parts of Markdown ``text`` outside fenced code."""
    pieces = []
    position = 0
    for fence in FENCED_BLOCK.finditer(text):
        pieces += [convert(text[position : fence.start()]), fence[0]]
        position = fence.end()
    return "".join([*pieces, convert(text[position:])])


def _convert_inline(prose: str, links: SiteLinks, docdir: str) -> str:
    prose = ROLE.sub(lambda m: _convert_role(m, links, docdir), prose)
    prose = GALLERY_REF.sub(lambda m: _convert_gallery_ref(m, links), prose)
    prose = INLINE_LITERAL.sub(lambda m: _code_span(m["code"]), prose)
    prose = STRAY_LINK_END.sub(r"\1", prose)
    _check_no_rest(prose)
    return prose


def rst_to_markdown(text: str, links: SiteLinks, docdir: str) -> str:
    """Convert the reST left in a Markdown cell; raise ValueError on leftovers."""
    text = _outside_fences(text, _convert_literal_blocks)
    return _outside_fences(text, lambda prose: _convert_inline(prose, links, docdir))


# -- Zip files ---------------------------------------------------------------------


def _zip_date_time() -> tuple[int, ...]:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH_MIN))
    return time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]


def rewrite_zip(zip_path: Path, base: Path) -> None:
    """Rewrite ``zip_path`` with the files on disk its entries name, deterministically.

    Entries are sorted, stamped with one date, and given the same permissions,
    so the same files give the same bytes.
    """
    with zipfile.ZipFile(zip_path) as archive:
        names = sorted(archive.namelist())
    date_time = _zip_date_time()
    partial = zip_path.with_name(zip_path.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in names:
            source = (base / name).resolve()
            if not source.is_relative_to(base.resolve()):
                raise ExtensionError(f"{zip_path} names a file outside {base}: {name}")
            entry = zipfile.ZipInfo(name, date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, whatever the building system
            entry.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(entry, source.read_bytes())
    os.replace(partial, zip_path)


# -- The build step ----------------------------------------------------------------


def rewrite_notebook(
    path: Path, links: SiteLinks, version: str, url: str, mark: dict, extra: list[str]
) -> bool:
    """Rewrite one notebook in place; return whether it changed.

    ``extra`` names the distributions of the optional extra, installed for
    notebooks that import one of them.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    if notebook["metadata"].get(METADATA_KEY) == mark:
        return False
    cells = [
        cell
        for cell in notebook["cells"]
        if INSTALL_TAG not in cell.get("metadata", {}).get("tags", [])
    ]
    needs_extra = bool(imported_modules(notebook) & {name.lower() for name in extra})
    docdir = path.parent.relative_to(links.srcdir).as_posix()
    for cell in cells:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            try:
                text = rst_to_markdown(text, links, docdir)
            except ValueError as error:
                raise ExtensionError(f"{path}: {error}") from None
            cell["source"] = text.splitlines(keepends=True)
    notebook["cells"] = [
        install_cell(version, url, extra if needs_extra else []),
        *cells,
    ]
    notebook["metadata"][METADATA_KEY] = mark
    with open(path, "w") as stream:  # as Sphinx-Gallery writes notebooks
        json.dump(notebook, stream, indent=2)
    return True


def rewrite_notebooks(app) -> None:
    if "sphinx_gallery_conf" not in app.config or app.builder.format != "html":
        return
    version = app.config.release
    url = wheel_url(app.config)
    mark = {"version": version, "wheel": url, "processor": PROCESSOR}
    links = SiteLinks(app)
    extra = extra_requirements()
    srcdir = Path(app.srcdir)
    rewritten = 0
    for gallery_dir in app.config.sphinx_gallery_conf["gallery_dirs"]:
        gallery = srcdir / gallery_dir
        for path in sorted(gallery.rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts:
                continue
            if rewrite_notebook(path, links, version, url, mark, extra):
                rewritten += 1
                example_zip = path.with_suffix(".zip")
                if example_zip.is_file():
                    rewrite_zip(example_zip, path.parent)
        for all_notebooks in gallery.glob("*_jupyter.zip"):
            rewrite_zip(all_notebooks, gallery)
    logger.info(
        "[reader_notebooks] %d notebook(s) rewritten to install mlpviz %s from %s",
        rewritten,
        version,
        url,
    )


def setup(app):
    app.setup_extension("site_wheel")
    app.connect("builder-inited", rewrite_notebooks, priority=PRIORITY)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
