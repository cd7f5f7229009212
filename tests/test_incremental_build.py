"""An incremental build gives the site a clean build gives, re-running only
what must re-run, after every kind of edit a maintainer makes.

The edits are made in sequence on one copy of the tiny gallery
(tests/tiny_gallery.py) that keeps its build between edits, as a maintainer's
checkout does. After each edit the incremental build must run exactly the
expected examples and give the same files, byte for byte (running times
aside), as a clean build of the same sources in another folder. The clean
builds run in the background while the edits go on, and sources already
built clean are not built again.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tiny_gallery import ALPHA, BETA, RunningBuild, TinyProject, gamma

sys.path.insert(0, str(Path(__file__).parents[1] / "docs"))
from compare_builds import differences, site_files

pytestmark = pytest.mark.gallery_build

FIRST = "gallery/first"
SECOND = "gallery/second"
ALL = ["plot_alpha", "plot_beta", "plot_gamma"]


class CleanBuilds:
    """Compares each incremental build with a clean build of its sources."""

    def __init__(self, folder: Path):
        self.folder = folder
        # sources digest and build options -> site
        self.sites: dict[str, dict[str, bytes]] = {}
        self.pending: list[tuple[str, str, dict, TinyProject, RunningBuild]] = []
        self.count = 0

    def add_clean(self, project: TinyProject) -> None:
        self.sites[project.sources_digest()] = site_files(project.html)

    def compare(self, edit: str, project: TinyProject, *extra_args: str) -> None:
        incremental = site_files(project.html)
        digest = " ".join([project.sources_digest(), *extra_args])
        if digest in {pending[1] for pending in self.pending}:
            self.wait()
        if digest in self.sites:
            self._check(edit, incremental, self.sites[digest])
            return
        self.wait()  # one clean build at a time, beside the edits
        self.count += 1
        clean = project.copy(self.folder / f"clean-{self.count}")
        running = clean.start_build(*extra_args)
        self.pending.append((edit, digest, incremental, clean, running))

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


@pytest.fixture(scope="module")
def built_gallery(tmp_path_factory):
    """The tiny gallery, built once from scratch."""
    project = TinyProject(
        tmp_path_factory.mktemp("built") / "gallery",
        pycache=tmp_path_factory.getbasetemp() / "pycache",
    )
    build = project.build()
    assert build.returncode == 0, build.output
    assert build.ran == ALL
    return project


def test_every_edit_gives_the_clean_build_and_reruns_only_what_changed(
    built_gallery, tmp_path
):
    clean_builds = CleanBuilds(tmp_path)
    clean_builds.add_clean(built_gallery)
    # A built checkout copied to another folder (as from a CI cache).
    project = built_gallery.copy(tmp_path / "maintainer", with_build=True)

    def check(edit: str, expected_runs: list[str], *extra_args: str) -> None:
        build = project.build(*extra_args)
        assert build.returncode == 0, f"after {edit}:\n{build.output}"
        assert build.ran == sorted(expected_runs), f"after {edit}: ran {build.ran}"
        clean_builds.compare(edit, project, *extra_args)

    check("moving the built checkout", [])
    check("no edit", [])

    project.write(f"{FIRST}/plot_alpha.py", ALPHA.replace('title("A', 'title("One'))
    check("editing an example", ["plot_alpha"])

    shapes = project.read("src/tinyhelpers/shapes.py")
    project.write("src/tinyhelpers/shapes.py", shapes.replace('"C0"', '"C1"'))
    check("editing the helper only alpha uses", ["plot_alpha"])

    project.write("src/tinyhelpers/data/registry.txt", "3\n1\n2\n")
    check("editing the data registry only beta reads", ["plot_beta"])

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

    project.write("gallery/third/README.rst", "Third section\n-------------\n")
    project.write("gallery/third/plot_zeta.py", gamma("Zeta", "plot_zeta"))
    check("adding a section", ["plot_zeta"])

    project.delete("gallery/third")
    check("deleting a section", [])

    # Alpha is the only example that uses draw_square: its API page must stop
    # listing it, and linking to its deleted page.
    project.delete(f"{FIRST}/plot_alpha.py")
    check("deleting the only example that uses a helper", [])
    assert "plot_alpha" not in (project.html / "api.html").read_text()
    project.write(f"{FIRST}/plot_alpha.py", ALPHA)
    check("restoring it", ["plot_alpha"])

    # A syntax error is reported like any failing example.
    broken = BETA.replace("values = registered_values()", "values = registered(")
    project.write(f"{FIRST}/plot_beta.py", broken)
    build = project.build()
    assert build.returncode != 0
    line = broken.splitlines().index("values = registered(") + 1
    assert "Unexpected failing examples (1)" in build.output
    assert "gallery/first/plot_beta.py" in build.output
    assert f"line {line}" in build.output
    assert "SyntaxError: '(' was never closed" in build.output
    assert "(stale_examples)" not in build.output
    # Undoing the edit exactly: the example runs again, although its file is
    # back to the content of its last successful run.
    project.write(f"{FIRST}/plot_beta.py", BETA)
    check("fixing the syntax error", ["plot_beta"])

    project.write(
        f"{FIRST}/plot_beta.py",
        BETA.replace("print(", "raise RuntimeError('beta is broken')\nprint("),
    )
    build = project.build()
    assert build.returncode != 0
    assert build.ran == ["plot_beta"]
    assert "Unexpected failing examples (1)" in build.output
    assert "gallery/first/plot_beta.py" in build.output
    assert "RuntimeError: beta is broken" in build.output
    project.write(f"{FIRST}/plot_beta.py", BETA)
    check("fixing the runtime error", ["plot_beta"])

    project.write("src/tinyhelpers/shapes.py", shapes + "\ndef broken(:\n")
    build = project.build()
    assert build.returncode != 0
    assert build.ran == ["plot_alpha"]  # it fails when it imports the helper
    assert "Unexpected failing examples (1)" in build.output
    assert "shapes.py" in build.output and "SyntaxError" in build.output
    assert "(stale_examples)" not in build.output
    project.write("src/tinyhelpers/shapes.py", shapes)
    check("fixing a helper's syntax error", ["plot_alpha"])

    conf = project.read("docs/conf.py")
    project.write(
        "docs/conf.py",
        conf.replace('"remove_config_comments": True,', '"image_srcset": ["2x"],'),
    )
    check("asking Sphinx-Gallery for hi-dpi figures", ALL)
    assert (project.html / "_images" / "sphx_glr_plot_alpha_001_2_00x.png").is_file()

    check("building without running the examples", [], "-D", "plot_gallery=0")
    check("running them again", ALL)
    clean_builds.wait()
