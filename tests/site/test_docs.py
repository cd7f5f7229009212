"""The site, built without running the examples, and what readers take from it.

The site is built from a copy of docs/ and gallery/ for a loopback address
(``unexecuted_site``); its pages, the wheel it publishes, the notebooks and
scripts readers download and their install cell are checked here. The
notebooks' Markdown comes from pandoc with the site's filter (roles.lua),
tested on its own below.
"""

import html
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
import pypandoc
import pytest
from notebook_checks import raw_rest

import mlpviz
from conftest import build_wheel
from mlpviz.datasets._registry import MNIST_FILES

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from mlpviz_site.downloads import pandoc_options  # noqa: E402
from mlpviz_site.examples import READING_ORDER  # noqa: E402

EXAMPLES = sorted((ROOT / "gallery").glob("*/plot_*.py"))
PROJECT_URLS = dict(
    entry.split(", ", 1) for entry in metadata.metadata("mlpviz").get_all("Project-URL")
)
VERSION = mlpviz.__version__
WHEEL = f"mlpviz-{VERSION}-py3-none-any.whl"

pytestmark = pytest.mark.site


def _imports_keras(example):
    return re.search(r"^(import|from) keras\b", example.read_text(), re.M) is not None


CNN_EXAMPLE = next(example for example in EXAMPLES if _imports_keras(example))
PLAIN_EXAMPLE = next(example for example in EXAMPLES if not _imports_keras(example))


def _download(site, example, suffix):
    (path,) = (site / "html" / "_downloads").glob(f"*/{example.stem}{suffix}")
    return path


def _notebook(site, example):
    return nbformat.read(_download(site, example, ".ipynb"), as_version=4)


def _page_text(path):
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


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
    assert sorted(READING_ORDER) == sorted(example.stem for example in EXAMPLES)


def test_data_page_lists_every_registered_hash():
    text = (ROOT / "docs" / "data.rst").read_text()
    for entry in MNIST_FILES.values():
        assert entry.name in text
        assert entry.content_sha256 in text


def test_site_pages_exist(unexecuted_site):
    html_dir = unexecuted_site / "html"
    index = (html_dir / "index.html").read_text()
    for example in EXAMPLES:
        page = html_dir / "auto_examples" / example.parent.name / f"{example.stem}.html"
        assert page.is_file(), page
        # Every example is on the landing page's mini-galleries.
        assert f"auto_examples/{example.parent.name}/{example.stem}.html" in index
    assert (html_dir / "api.html").is_file()
    assert (html_dir / "data.html").is_file()
    # Only the site: Sphinx's state and the reST sources stay out of it.
    assert not {".doctrees", ".buildinfo", "_sources"} & {
        path.name for path in html_dir.iterdir()
    }


def test_api_pages_end_with_examples_using_them(unexecuted_site):
    page = unexecuted_site / "html" / "gen_modules" / "mlpviz.datasets.load_mnist.html"
    text = page.read_text()
    assert "Examples using" in text
    assert "plot_mnist_filters.html" in text


def test_downloads_are_what_a_reader_runs_without_the_builds_checks(unexecuted_site):
    for example in EXAMPLES:
        script = _download(unexecuted_site, example, ".py").read_text()
        notebook = _download(unexecuted_site, example, ".ipynb").read_text()
        nbformat.validate(nbformat.reads(notebook, as_version=4))
        for text in (script, notebook):
            assert "claim:" not in text, example.name
            assert "sphinx_gallery_" not in text, example.name
        # What the build checks is in the example itself, and runs in the build.
        source = example.read_text()
        assert source.count("# sphinx_gallery_start_ignore") == source.count(
            "# sphinx_gallery_end_ignore"
        )
        assert ("claim:" in source) == ("sphinx_gallery_start_ignore" in source)


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
    assert build_wheel(tmp_path).read_bytes() == published.read_bytes()


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
    index = (unexecuted_site / "html" / "index.html").read_text()
    assert f'href="{repository}"' in index


def test_readme_gives_the_project_addresses_and_the_wheel():
    readme = (ROOT / "README.md").read_text()
    for url in PROJECT_URLS.values():
        assert url in readme
    # The wheel of this version: the site publishes only the one it was built with.
    assert f"{PROJECT_URLS['Documentation']}wheels/{WHEEL}" in readme
    assert "MLPVIZ_SITE_URL" in readme


def test_notebooks_open_with_the_install_cell(unexecuted_site, site_url):
    for example in EXAMPLES:
        notebook = _notebook(unexecuted_site, example)
        cell = notebook.cells[0]
        assert cell.cell_type == "code"
        lines = cell.source.splitlines()
        # Two comment lines say what the cell does and how to skip it.
        assert [line for line in lines if line.startswith("#")] == lines[:2]
        assert "Delete this cell to skip it." in lines[1]
        extra = "[cnn]" if _imports_keras(example) else ""
        assert f"# Installs mlpviz{extra} {VERSION}," in lines[0]
        assert (
            f'%pip install --quiet "mlpviz{extra} @ {site_url}wheels/{WHEEL}"'
            in (lines[-1])
        )
        # The notebook's title, then its sections one level down.
        assert notebook.cells[1].source.startswith("# ")
        assert any(c.source.startswith("## ") for c in notebook.cells[2:])


def test_notebooks_markdown_holds_no_rest(unexecuted_site):
    for example in EXAMPLES:
        for cell in _notebook(unexecuted_site, example).cells:
            if cell.cell_type == "markdown":
                assert not raw_rest(cell.source), (example.name, raw_rest(cell.source))


def test_roles_become_links_to_pages_of_the_site(unexecuted_site, site_url):
    text = "".join(
        cell.source
        for example in EXAMPLES
        for cell in _notebook(unexecuted_site, example).cells
        if cell.cell_type == "markdown"
    )
    links = re.findall(rf"\]\(({re.escape(site_url)}[^)]+)\)", text)
    assert len(links) >= 20
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
    if editable:
        origin = {
            "url": "file:///home/developer/mlpviz",
            "dir_info": {"editable": True},
        }
    else:
        origin = {
            "url": f"https://example.org/{name}-{version}.whl",
            "archive_info": {},
        }
    (info / "direct_url.json").write_text(json.dumps(origin))
    if name != "mlpviz":  # importable, as util.find_spec looks for it
        (site_packages / name).mkdir()
        (site_packages / name / "__init__.py").write_text("")


# Runs an install cell in an interpreter without site-packages (-S), so that
# only the fake distributions exist, with IPython's %pip recorded instead of
# run (the reader test runs the real cell in real kernels).
INSTALL_HARNESS = """
import json, re, sys
calls = []
cell = re.sub(r"^( *)%pip (.*)$", r"\\1calls.append(\\2)", sys.stdin.read(), flags=re.M)
cell = re.sub(r"calls.append\\((.*)\\)$", r"calls.append('''\\1''')", cell, flags=re.M)
exec(compile(cell, "install-cell", "exec"), {"calls": calls})
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
        (CNN_EXAMPLE, {"mlpviz": (OTHER_VERSION, "editable")}, True),
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
    assert calls == ([f'install --quiet "{requirement}"'] if installs else [])


def test_zips_hold_the_downloads_deterministically(unexecuted_site):
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", 315532800))
    date_time = time.gmtime(max(epoch, 315532800))[:6]
    # A zip entry's time has a resolution of two seconds.
    date_time = (*date_time[:5], date_time[5] // 2 * 2)
    downloads = unexecuted_site / "html" / "_downloads"
    archives = [_download(unexecuted_site, example, ".zip") for example in EXAMPLES]
    archives += downloads.glob("*/auto_examples_*.zip")
    assert len(archives) == len(EXAMPLES) + 2
    for archive_path in archives:
        with zipfile.ZipFile(archive_path) as archive:
            entries = archive.infolist()
            assert [e.filename for e in entries] == sorted(e.filename for e in entries)
            for entry in entries:
                assert entry.date_time == date_time
                (served,) = downloads.glob(f"*/{Path(entry.filename).name}")
                assert archive.read(entry) == served.read_bytes(), entry.filename


SITE = "https://example.org/site/"
API = f"{SITE}gen_modules/"


def _markdown(rest):
    options = pandoc_options(SITE)
    return pypandoc.convert_text(rest, to="md", format="rst", **options).strip()


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
            f"[the loaders]({SITE}api.html#module-mlpviz.datasets)",
        ),
        (":class:`~sklearn.multiclass.OneVsRestClassifier`", "`OneVsRestClassifier`"),
        (
            ":func:`sklearn.model_selection.learning_curve`",
            "`sklearn.model_selection.learning_curve()`",
        ),
        (":envvar:`MLPVIZ_DATA`", "`MLPVIZ_DATA`"),
        (
            ":ref:`B <sphx_glr_auto_examples_a_b_plot_c.py>`",
            f"[B]({SITE}auto_examples/a_b/plot_c.html)",
        ),
        ("``x = 1`` and ``y``", "`x = 1` and `y`"),
        ("`a link <https://example.org>`_", "[a link](https://example.org)"),
        (
            "Run this::\n\n    pip install x\n\nthen",
            "Run this:\n\n    pip install x\n\nthen",
        ),
        ("Title\n-----\n\nText", "## Title\n\nText"),
    ],
)
def test_rest_becomes_markdown(rest, markdown):
    assert _markdown(rest) == markdown


@pytest.mark.parametrize(
    "rest", [":term:`epoch`", ":ref:`sphx_glr_nowhere.py`", ":doc:`/install`"]
)
def test_a_role_without_markdown_stops_the_conversion(rest):
    with pytest.raises(RuntimeError, match="no Markdown for"):
        _markdown(rest)
