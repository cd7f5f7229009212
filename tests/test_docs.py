"""The Sphinx site builds, warnings as errors, and generates what readers use."""

import html
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
from notebook_checks import raw_rest

import mlpviz
from mlpviz.datasets._registry import MNIST_FILES

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "gallery").glob("*/plot_*.py"))
PROJECT_URLS = dict(
    entry.split(", ", 1) for entry in metadata.metadata("mlpviz").get_all("Project-URL")
)

pytestmark = pytest.mark.docs


def test_every_section_is_ordered_and_introduced():
    import runpy

    from sphinx.util.tags import Tags

    sections = {path.parent.name for path in EXAMPLES}
    # Sphinx runs conf.py with a `tags` object in its namespace.
    conf = runpy.run_path(str(ROOT / "docs" / "conf.py"), {"tags": Tags()})
    ordered = [Path(p).name for p in conf["sphinx_gallery_conf"]["subsection_order"]]
    assert sorted(ordered) == sorted(sections)
    for section in sections:
        assert (ROOT / "gallery" / section / "README.rst").is_file()


def test_every_example_has_a_place_in_the_reading_order():
    import sys

    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from gallery_order import READING_ORDER

    assert sorted(READING_ORDER) == sorted(example.stem for example in EXAMPLES)


def test_site_pages_exist(unexecuted_site):
    html = unexecuted_site / "html"
    index = (html / "index.html").read_text()
    for example in EXAMPLES:
        page = html / "auto_examples" / example.parent.name / f"{example.stem}.html"
        assert page.is_file(), page
        # Every example is on the landing page's mini-galleries.
        assert f"auto_examples/{example.parent.name}/{example.stem}.html" in index
    assert (html / "api.html").is_file()
    assert (html / "data.html").is_file()


def test_api_pages_end_with_examples_using_them(unexecuted_site):
    page = unexecuted_site / "html" / "gen_modules" / "mlpviz.datasets.load_mnist.html"
    text = page.read_text()
    assert "Examples using" in text
    assert "plot_mnist_filters.html" in text


def test_data_page_lists_every_registered_hash():
    text = (ROOT / "docs" / "data.rst").read_text()
    for entry in MNIST_FILES.values():
        assert entry.name in text
        assert entry.content_sha256 in text


def test_every_example_has_a_notebook_and_a_script(unexecuted_site):
    for example in EXAMPLES:
        folder = unexecuted_site / "docs" / "auto_examples" / example.parent.name
        notebook = nbformat.read(folder / f"{example.stem}.ipynb", as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code[0].metadata.tags == ["mlpviz-install"]
        assert code[1].source.strip() == "%matplotlib inline"
        assert len(code) >= 4
        downloads = unexecuted_site / "html" / "_downloads"
        assert list(downloads.rglob(f"{example.stem}.py")), example.stem
        assert list(downloads.rglob(f"{example.stem}.ipynb")), example.stem


def test_stale_example_detection_follows_imports():
    import sys

    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    import stale_examples

    files = {p.name for p in stale_examples.dependency_files(EXAMPLES[0])}
    # Every example loads data, so every example depends on the loader.
    assert {"__init__.py", "_mnist.py", "_fetch.py", "_registry.py"} <= files
    filters = ROOT / "gallery" / "weights_as_images" / "plot_mnist_filters.py"
    names = {
        str(p.relative_to(stale_examples.PACKAGE_DIR))
        for p in stale_examples.dependency_files(filters)
    }
    assert "weights.py" in names and "_validation.py" in names
    assert "feature_maps.py" not in names


# -- What readers download: the wheel, the notebooks, their zips -----------------

VERSION = mlpviz.__version__
WHEEL = f"mlpviz-{VERSION}-py3-none-any.whl"


def _imports_keras(example):
    return re.search(r"^(import|from) keras\b", example.read_text(), re.M) is not None


CNN_EXAMPLE = next(example for example in EXAMPLES if _imports_keras(example))
PLAIN_EXAMPLE = next(example for example in EXAMPLES if not _imports_keras(example))


def _generated(site, example, suffix):
    return (
        site / "docs" / "auto_examples" / example.parent.name / (example.stem + suffix)
    )


def _notebook(site, example):
    return nbformat.read(_generated(site, example, ".ipynb"), as_version=4)


def _page_text(path):
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


def _build_wheel(out_dir):
    """Build the wheel as the site does (docs/_ext/site_wheel.py)."""
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    import site_wheel

    subprocess.run(
        site_wheel._build_command(ROOT, out_dir), check=True, capture_output=True
    )
    (wheel,) = out_dir.glob("*.whl")
    return wheel


def test_site_publishes_the_wheel_its_sources_build(unexecuted_site, tmp_path):
    published = unexecuted_site / "html" / "wheels" / WHEEL
    with zipfile.ZipFile(published) as wheel:
        names = set(wheel.namelist())
        info = wheel.read(f"mlpviz-{VERSION}.dist-info/METADATA").decode()
    assert f"Version: {VERSION}" in info.splitlines()
    sources = ROOT / "src"
    modules = {path.relative_to(sources).as_posix() for path in sources.rglob("*.py")}
    assert modules <= names
    # Same sources, same bytes: hatchling stamps a fixed date into the wheel.
    rebuilt = _build_wheel(tmp_path)
    assert rebuilt.read_bytes() == published.read_bytes()


def test_install_page_gives_the_three_ways_to_install(unexecuted_site, site_url):
    page = unexecuted_site / "html" / "install.html"
    text = _page_text(page)
    repository = PROJECT_URLS["Repository"]
    assert "pip install mlpviz" in text
    assert f'pip install "mlpviz @ {site_url}wheels/{WHEEL}"' in text
    assert f'pip install "mlpviz[cnn] @ {site_url}wheels/{WHEEL}"' in text
    assert f'href="wheels/{WHEEL}"' in page.read_text()
    assert f"git clone {repository}" in text
    assert "MLPVIZ_SITE_URL" in text
    # The navbar of every page links to the repository.
    assert (
        f'href="{repository}"' in (unexecuted_site / "html" / "index.html").read_text()
    )


def test_readme_gives_the_project_addresses_and_the_wheel():
    readme = (ROOT / "README.md").read_text()
    for url in PROJECT_URLS.values():
        assert url in readme
    # The wheel of this version: the site publishes only the one it was built with.
    assert f"{PROJECT_URLS['Documentation']}wheels/{WHEEL}" in readme
    assert "MLPVIZ_SITE_URL" in readme


def test_notebooks_open_with_the_install_cell(unexecuted_site, site_url):
    assert CNN_EXAMPLE and PLAIN_EXAMPLE
    for example in EXAMPLES:
        notebook = _notebook(unexecuted_site, example)
        cell = notebook.cells[0]
        assert cell.cell_type == "code"
        assert cell.metadata.tags == ["mlpviz-install"]
        lines = cell.source.splitlines()
        # One comment line says what the cell does and how to skip it.
        assert [line for line in lines if line.lstrip().startswith("#")] == lines[:1]
        assert "delete this cell" in lines[0]
        extra = "[cnn]" if _imports_keras(example) else ""
        assert f"mlpviz{extra} {VERSION}" in lines[0]
        assert f'"mlpviz{extra} @ {site_url}wheels/{WHEEL}"' in cell.source
        assert f'"{VERSION}"' in cell.source
        assert notebook.metadata.mlpviz.version == VERSION


def test_notebooks_markdown_holds_no_rest(unexecuted_site):
    for example in EXAMPLES:
        for cell in _notebook(unexecuted_site, example).cells:
            if cell.cell_type == "markdown":
                assert not raw_rest(cell.source), (example.name, raw_rest(cell.source))


def test_roles_become_links_to_the_api_pages(unexecuted_site, site_url):
    text = "".join(
        cell.source
        for cell in _notebook(unexecuted_site, CNN_EXAMPLE).cells
        + _notebook(unexecuted_site, PLAIN_EXAMPLE).cells
        if cell.cell_type == "markdown"
    )
    links = re.findall(rf"\]\(({re.escape(site_url)}[^)]+)\)", text)
    assert links
    for url in links:
        page, _, anchor = url.removeprefix(site_url).partition("#")
        html_page = unexecuted_site / "html" / page
        assert html_page.is_file(), url
        assert not anchor or f'id="{anchor}"' in html_page.read_text(), url


def _fake_distribution(site_packages, name, version, editable=False):
    info = site_packages / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    )
    origin = {"url": "file:///home/developer/mlpviz", "dir_info": {"editable": True}}
    if not editable:
        origin = {
            "url": f"https://example.org/{name}-{version}.whl",
            "archive_info": {},
        }
    (info / "direct_url.json").write_text(json.dumps(origin))


# Runs an install cell with pip replaced by a recorder, in an interpreter
# without site-packages (-S), so that only the fake distributions exist. The
# fake pip "installs" the wheel it is given by writing its metadata.
INSTALL_HARNESS = """
import glob, io, json, os, re, shutil, subprocess, sys
calls = []

class FakePip:
    returncode = 0

    def __init__(self, command, **options):
        calls.append(command[1:])
        site = os.environ["PYTHONPATH"]
        for old in glob.glob(f"{site}/mlpviz-*.dist-info"):
            shutil.rmtree(old)
        version = re.search(r"mlpviz-([^-]+)-py3", command[-1])[1]
        info = f"{site}/mlpviz-{version}.dist-info"
        os.makedirs(info)
        with open(f"{info}/METADATA", "w") as stream:
            stream.write("Metadata-Version: 2.1\\nName: mlpviz\\n")
            stream.write(f"Version: {version}\\n")
        self.stdout = io.StringIO("")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

subprocess.Popen = FakePip
exec(compile(sys.stdin.read(), "install-cell", "exec"), {"__name__": "__main__"})
print("pip calls:", json.dumps(calls))
"""
OTHER_VERSION = "0.0.1.dev0"


@pytest.mark.parametrize(
    ("example", "installed", "installs"),
    [
        (PLAIN_EXAMPLE, {}, True),
        (PLAIN_EXAMPLE, {"mlpviz": VERSION}, False),
        (PLAIN_EXAMPLE, {"mlpviz": OTHER_VERSION}, True),
        (PLAIN_EXAMPLE, {"mlpviz": (OTHER_VERSION, "editable")}, False),
        (CNN_EXAMPLE, {"mlpviz": VERSION}, True),
        (CNN_EXAMPLE, {"mlpviz": VERSION, "keras": "3.6.0", "jax": "0.4.30"}, False),
        (CNN_EXAMPLE, {"mlpviz": (OTHER_VERSION, "editable")}, False),
    ],
    ids=[
        "nothing installed",
        "this version",
        "another version",
        "editable install of another version",
        "cnn notebook without keras",
        "cnn notebook with keras",
        "cnn notebook, editable install without keras",
    ],
)
def test_install_cell_installs_only_what_is_missing(
    unexecuted_site, tmp_path, example, installed, installs
):
    cell = _notebook(unexecuted_site, example).cells[0].source
    site_packages = tmp_path / "site-packages"
    site_packages.mkdir()
    for name, version in installed.items():
        version, *editable = version if isinstance(version, tuple) else (version,)
        _fake_distribution(site_packages, name, version, editable=bool(editable))
    result = subprocess.run(
        [sys.executable, "-S", "-c", INSTALL_HARNESS],
        input=cell,
        env={"PYTHONPATH": str(site_packages), "PATH": os.environ["PATH"]},
        cwd=site_packages,
        capture_output=True,
        text=True,
        check=True,
    )
    calls = json.loads(result.stdout.split("pip calls:")[1])
    requirement = re.search(r'"(mlpviz(?:\[cnn\])? @ [^"]+)"', cell)[1]
    expected = [["-m", "pip", "install", "--quiet", requirement]] if installs else []
    assert calls == expected
    assert (f"Installed mlpviz {VERSION}." in result.stdout) == installs
    if "editable" in str(installed):
        assert "editable" in result.stdout


def test_unrun_pages_carry_the_note_and_notebooks_do_not(unexecuted_site):
    cnn_extra = all(importlib.util.find_spec(name) for name in ("keras", "jax"))
    note = "built without the optional mlpviz[cnn] extra"
    html_dir = unexecuted_site / "html" / "auto_examples"
    for example in EXAMPLES:
        page = html_dir / example.parent.name / f"{example.stem}.html"
        expected = int(_imports_keras(example) and not cnn_extra)
        assert " ".join(_page_text(page).split()).count(note) == expected, page
        notebook = _generated(unexecuted_site, example, ".ipynb").read_text()
        assert "without the optional" not in notebook
    section_index = html_dir / CNN_EXAMPLE.parent.name / "index.html"
    assert " ".join(_page_text(section_index).split()).count(note) == int(not cnn_extra)


def test_zips_hold_the_rewritten_notebooks_deterministically(unexecuted_site):
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", 315532800))
    date_time = time.gmtime(max(epoch, 315532800))[:6]
    gallery = unexecuted_site / "docs" / "auto_examples"
    archives = [_generated(unexecuted_site, example, ".zip") for example in EXAMPLES]
    archives.append(gallery / "auto_examples_jupyter.zip")
    for archive_path in archives:
        with zipfile.ZipFile(archive_path) as archive:
            entries = archive.infolist()
            assert [e.filename for e in entries] == sorted(e.filename for e in entries)
            for entry in entries:
                assert entry.date_time == date_time
                if entry.filename.endswith(".ipynb"):
                    on_disk = archive_path.parent / entry.filename
                    assert archive.read(entry) == on_disk.read_bytes()
    # The download buttons serve the rewritten notebooks too.
    downloads = unexecuted_site / "html" / "_downloads"
    for example in EXAMPLES:
        (served,) = downloads.rglob(f"{example.stem}.ipynb")
        assert (
            served.read_bytes()
            == _generated(unexecuted_site, example, ".ipynb").read_bytes()
        )


def _rest_converter():
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    import reader_notebooks

    links = reader_notebooks.SiteLinks.__new__(reader_notebooks.SiteLinks)
    links.base = "https://example.org/site/"
    links.srcdir = ROOT / "docs"
    links.parentheses = True
    links.api_pages = {
        "mlpviz.datasets.load_mnist",
        "mlpviz.snapshots.TrainingSnapshots",
    }
    links.modules = {"mlpviz.datasets": "api"}
    links.examples = {
        "sphx_glr_auto_examples_a_plot_b.py": ("auto_examples/a/plot_b", "B")
    }
    return lambda text: reader_notebooks.rst_to_markdown(text, links, "auto_examples/a")


API = "https://example.org/site/gen_modules/"


@pytest.mark.parametrize(
    ("rest", "markdown"),
    [
        (
            ":func:`~mlpviz.datasets.load_mnist` loads",
            f"[`load_mnist()`]({API}mlpviz.datasets.load_mnist.html) loads",
        ),
        (
            ":meth:`mlpviz.snapshots.TrainingSnapshots.at`",
            f"[`mlpviz.snapshots.TrainingSnapshots.at()`]({API}mlpviz.snapshots."
            "TrainingSnapshots.html#mlpviz.snapshots.TrainingSnapshots.at)",
        ),
        (
            ":mod:`the loaders <mlpviz.datasets>`",
            "[the loaders](https://example.org/site/api.html#module-mlpviz.datasets)",
        ),
        (":class:`~sklearn.multiclass.OneVsRestClassifier`", "`OneVsRestClassifier`"),
        (
            ":func:`sklearn.model_selection.learning_curve`",
            "`sklearn.model_selection.learning_curve()`",
        ),
        (":envvar:`MLPVIZ_DATA`", "`MLPVIZ_DATA`"),
        (":doc:`/install`", "[Install](https://example.org/site/install.html)"),
        (
            "`sphx_glr_auto_examples_a_plot_b.py`",
            "[B](https://example.org/site/auto_examples/a/plot_b.html)",
        ),
        ("``x = 1`` and ``y``", "`x = 1` and `y`"),
        ("[a link](https://example.org)_", "[a link](https://example.org)"),
        (
            "Run this::\n\n    pip install x\n\nthen",
            "Run this:\n\n```\npip install x\n```\n\nthen",
        ),
        (
            "```python\nx = a[::2]  # :func:`f`\n```",
            "```python\nx = a[::2]  # :func:`f`\n```",
        ),
    ],
)
def test_rest_becomes_markdown(rest, markdown):
    assert _rest_converter()(rest) == markdown


@pytest.mark.parametrize(
    "rest",
    [
        ".. only:: html\n\n   Site only.",
        ":func:`mlpviz.datasets.no_such_function`",
        ":term:`epoch`",
        "`sphx_glr_auto_examples_nowhere.py`",
    ],
)
def test_rest_that_cannot_become_markdown_is_an_error(rest):
    with pytest.raises(ValueError, match=r"reST|names no|no Markdown"):
        _rest_converter()(rest)
