"""The site's build, on a tiny gallery (tests/site/tiny_gallery.py).

An incremental build gives the site a clean build gives, after every kind of
edit a maintainer makes, and runs only what must run; the downloads hold no
build-only check; a broken claim, an unreadable or untitled figure and a
missing inventory stop the build; two builds in two folders are identical.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import time
import zipfile
from pathlib import Path

import pytest
from tiny_gallery import ALPHA, BETA, SITE_URL, RunningBuild, TinyProject, gamma

sys.path.insert(0, str(Path(__file__).parents[2] / "docs"))
from compare_builds import differences, site_files

pytestmark = pytest.mark.site

FIRST = "gallery/first"
SECOND = "gallery/second"
ALL = ["plot_alpha", "plot_beta", "plot_gamma"]


@pytest.fixture(scope="module")
def pycache(tmp_path_factory):
    return tmp_path_factory.getbasetemp() / "pycache"


@pytest.fixture(scope="module")
def built_gallery(tmp_path_factory, pycache):
    """The tiny gallery, built once from scratch."""
    project = TinyProject(tmp_path_factory.mktemp("built") / "gallery", pycache)
    build = project.build()
    assert build.returncode == 0, build.output
    assert build.ran == ALL
    return project


class CleanBuilds:
    """Compares each incremental build with a clean build of its sources,
    each clean build running in the background while the edits go on."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.sites: dict[str, dict[str, bytes]] = {}  # sources digest -> site
        self.pending: list[tuple[str, str, dict, TinyProject, RunningBuild]] = []

    def add_clean(self, project: TinyProject) -> None:
        self.sites[project.sources_digest()] = site_files(project.html)

    def compare(self, edit: str, project: TinyProject) -> None:
        incremental = site_files(project.html)
        digest = project.sources_digest()
        if digest in {pending[1] for pending in self.pending}:
            self.wait()
        if digest in self.sites:
            self._check(edit, incremental, self.sites[digest])
            return
        self.wait()  # one clean build at a time, beside the edits
        clean = project.copy(self.folder / f"clean-{len(self.sites)}")
        self.pending.append((edit, digest, incremental, clean, clean.start_build()))

    def wait(self) -> None:
        for edit, digest, incremental, clean, running in self.pending:
            build = running.wait()
            assert build.returncode == 0, f"clean build after {edit}:\n{build.output}"
            self.sites[digest] = site_files(clean.html)
            self._check(edit, incremental, self.sites[digest])
        self.pending = []

    @staticmethod
    def _check(edit: str, incremental: dict, clean: dict) -> None:
        found = differences(incremental, clean)
        assert not found, f"after {edit}, the incremental build differs from a " + (
            "clean build:\n" + "\n".join(found)
        )


def test_every_edit_gives_the_clean_build_and_reruns_only_what_changed(
    built_gallery, tmp_path
):
    clean_builds = CleanBuilds(tmp_path)
    clean_builds.add_clean(built_gallery)
    # A built checkout copied to another folder (as from a CI cache).
    project = built_gallery.copy(tmp_path / "maintainer", with_build=True)

    def check(edit: str, expected_runs: list[str]) -> None:
        build = project.build()
        assert build.returncode == 0, f"after {edit}:\n{build.output}"
        assert build.ran == sorted(expected_runs), f"after {edit}: ran {build.ran}"
        clean_builds.compare(edit, project)

    check("moving the built checkout", [])
    check("no edit", [])

    project.write(f"{FIRST}/plot_alpha.py", ALPHA.replace('title("A', 'title("One'))
    check("editing an example", ["plot_alpha"])

    shapes = project.read("src/tinyhelpers/shapes.py")
    project.write("src/tinyhelpers/shapes.py", shapes.replace('"C0"', '"C1"'))
    check("editing a helper", ALL)

    project.write("src/tinyhelpers/data/registry.txt", "3\n1\n2\n")
    check("editing the data registry", ALL)

    project.move("site/tinylib-1.0.dist-info", "site/tinylib-1.1.dist-info")
    metadata = project.read("site/tinylib-1.1.dist-info/METADATA")
    project.write("site/tinylib-1.1.dist-info/METADATA", metadata.replace("1.0", "1.1"))
    check("upgrading a library", ALL)

    project.write(f"{FIRST}/plot_delta.py", gamma("Delta", "plot_delta"))
    check("adding an example", ["plot_delta"])

    project.delete(f"{FIRST}/plot_delta.py")
    project.write(f"{FIRST}/plot_epsilon.py", gamma("Delta", "plot_epsilon"))
    check("renaming an example", ["plot_epsilon"])

    project.move(f"{FIRST}/plot_epsilon.py", f"{SECOND}/plot_epsilon.py")
    check("moving an example to another section", ["plot_epsilon"])

    project.delete(f"{SECOND}/plot_epsilon.py")
    check("deleting an example", [])
    assert not list(project.html.rglob("*epsilon*"))

    project.write("gallery/third/README.rst", "Third section\n-------------\n")
    project.write("gallery/third/plot_zeta.py", gamma("Zeta", "plot_zeta"))
    check("adding a section", ["plot_zeta"])

    project.delete("gallery/third")
    check("deleting a section", [])
    assert not (project.html / "auto_examples" / "third").exists()

    # Alpha is the only example that uses draw_square: its API page must stop
    # listing it, and linking to its deleted page.
    api_page = project.html / "gen_modules" / "tinyhelpers.shapes.draw_square.html"
    project.delete(f"{FIRST}/plot_alpha.py")
    check("deleting the only example that uses a helper", [])
    assert "plot_alpha" not in api_page.read_text()
    project.write(f"{FIRST}/plot_alpha.py", ALPHA)
    check("restoring it", ["plot_alpha"])

    renamed = shapes.replace("def draw_square", "def draw_box")
    project.write("src/tinyhelpers/shapes.py", renamed)
    project.write("docs/api.rst", project.read("docs/api.rst").replace("square", "box"))
    project.write(f"{FIRST}/plot_alpha.py", ALPHA.replace("draw_square", "draw_box"))
    check("renaming a helper", ALL)
    assert not api_page.exists()

    # A syntax error is reported like any failing example.
    broken = BETA.replace("values = registered_values()", "values = registered(")
    project.write(f"{FIRST}/plot_beta.py", broken)
    build = project.build()
    assert build.returncode != 0
    assert "gallery/first/plot_beta.py" in build.output
    assert "SyntaxError: '(' was never closed" in build.output
    # Undoing the edit exactly: the example runs again, although its file is
    # back to the content of its last successful run.
    project.write(f"{FIRST}/plot_beta.py", BETA)
    check("fixing the syntax error", ["plot_beta"])

    conf = project.read("docs/conf.py")
    hidpi = conf.replace('"remove_config_comments": True,', '"image_srcset": ["2x"],')
    project.write("docs/conf.py", hidpi)
    check("asking Sphinx-Gallery for hi-dpi figures", ALL)
    assert (project.html / "_images" / "sphx_glr_plot_beta_001_2_00x.png").is_file()
    clean_builds.wait()


def _download(html: Path, name: str) -> Path:
    (path,) = html.glob(f"_downloads/*/{name}")
    return path


@pytest.mark.compat
def test_a_clean_build_publishes_pages_and_downloads_for_readers(built_gallery):
    """The build `nox -s compat` runs with the lowest and newest Sphinx."""
    html = built_gallery.html
    page = (html / "auto_examples" / "first" / "plot_alpha.html").read_text()
    assert 'alt="A square drawn with 5 points."' in page
    assert "claim:" not in page and "four sides" not in page
    script = _download(html, "plot_alpha.py").read_text()
    assert "draw_square(ax)" in script
    assert "claim:" not in script and "sphinx_gallery_" not in script
    notebook = json.loads(_download(html, "plot_alpha.ipynb").read_text())
    install, title, *cells = notebook["cells"]
    wheel = f"{SITE_URL}wheels/mlpviz-0.1.0-py3-none-any.whl"
    assert f'%pip install --quiet "mlpviz @ {wheel}"' in "".join(install["source"])
    assert "".join(title["source"]).startswith("# Alpha draws a square\n")
    text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "## A square" in text
    assert "`draw_square()` draws it, in `ax`." in text
    assert "claim:" not in json.dumps(notebook)
    # The zip holds these same files, sorted, dated by SOURCE_DATE_EPOCH.
    with zipfile.ZipFile(_download(html, "plot_alpha.zip")) as archive:
        assert archive.namelist() == ["plot_alpha.ipynb", "plot_alpha.py"]
        assert archive.read("plot_alpha.py").decode() == script
        assert {info.date_time for info in archive.infolist()} == {
            time.gmtime(1700000000)[:6]
        }


def test_a_broken_claim_fails_the_build(built_gallery, tmp_path):
    project = built_gallery.copy(tmp_path / "claim", with_build=True)
    project.write(f"{FIRST}/plot_alpha.py", ALPHA.replace("== 5", "== 4"))
    build = project.build()
    assert build.returncode != 0
    assert "AssertionError: claim: four sides, closed" in build.output


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ('fig.set_label(f"A square', '# fig.set_label(f"A square'),
            "Figure 1 has no description beyond its titles",
        ),
        (
            ("drawn with {len(line.get_xdata())} points.", ""),
            "Figure 1 has no description beyond its titles",
        ),
        (
            ("figsize=(2, 2)", "figsize=(20, 2)"),
            r"Figure 1 \(20\.0 in wide\) shows '.+' at 5\.0 px in the page's "
            "column; text needs 9 px",
        ),
    ],
)
def test_a_figure_readers_cannot_read_fails_its_example(
    built_gallery, tmp_path, edit, message
):
    project = built_gallery.copy(tmp_path / "figure", with_build=True)
    project.write(f"{FIRST}/plot_alpha.py", ALPHA.replace(*edit))
    build = project.build()
    assert build.returncode != 0
    assert "gallery/first/plot_alpha.py" in build.output
    assert re.search(message, " ".join(build.output.split()))


def test_two_builds_in_two_folders_are_identical(built_gallery, tmp_path):
    other = built_gallery.copy(tmp_path / "elsewhere" / "other-name")
    build = other.build()
    assert build.returncode == 0, build.output
    assert not differences(site_files(built_gallery.html), site_files(other.html))


def test_a_missing_inventory_stops_the_build_before_any_example_runs(
    built_gallery, tmp_path
):
    project = built_gallery.copy(tmp_path / "offline")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    project.write(
        "docs/conf.py",
        project.read("docs/conf.py")
        + f"intersphinx_mapping = {{'py': ('http://127.0.0.1:{port}/', None)}}\n",
    )
    build = project.build()
    assert build.returncode != 0
    assert build.ran == []
    assert re.search(r"No inventory for py\b.*set MLPVIZ_OFFLINE=1", build.output)
