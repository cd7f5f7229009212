"""What stale_examples assumes about Sphinx-Gallery, checked.

The extension deletes Sphinx-Gallery's MD5 file of an example whose
dependencies changed, before Sphinx-Gallery reads it. That relies on the MD5
file's name and on the order of the two ``builder-inited`` handlers. These
tests break each assumption on purpose, in a real build of the tiny gallery,
and check that the build says so instead of silently re-running nothing. That
a helper edit re-runs exactly the examples that import it, in a real build, is
checked by tests/test_incremental_build.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

import pytest
import sphinx_gallery.gen_gallery
from tiny_gallery import TinyProject

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import stale_examples  # noqa: E402

GALLERY = ROOT / "gallery"


def test_dependencies_follow_imports_through_the_package():
    filters = GALLERY / "weights_as_images" / "plot_mnist_filters.py"
    names = {
        path.relative_to(stale_examples.PACKAGE_DIR).as_posix()
        for path in stale_examples.dependency_files(filters)
    }
    # The example imports mlpviz.weights, which imports the validation helpers;
    # it loads data through mlpviz.datasets.
    assert {"__init__.py", "weights.py", "_validation.py"} <= names
    assert "datasets/__init__.py" in names
    assert "feature_maps.py" not in names


def test_an_example_with_a_syntax_error_depends_on_nothing_but_does_not_crash(
    tmp_path,
):
    example = tmp_path / "plot_broken.py"
    example.write_text("import mlpviz.weights\nvalues = (\n")
    assert stale_examples.dependency_files(example) == []


def test_data_files_next_to_an_imported_module_are_dependencies(tmp_path):
    package = tmp_path / "pkg_with_data"
    package.mkdir()
    (package / "__init__.py").write_text("from . import loader\n")
    (package / "loader.py").write_text("")
    (package / "registry.txt").write_text("a 1\n")
    example = tmp_path / "plot_data.py"
    example.write_text("from pkg_with_data import loader\n")
    with mock.patch.object(sys, "path", [str(tmp_path), *sys.path]):
        files = stale_examples.dependency_files(example, ("pkg_with_data",))
    assert [path.name for path in files] == ["__init__.py", "loader.py", "registry.txt"]


def test_settings_written_with_their_default_value_change_no_fingerprint():
    defaults = sphinx_gallery.gen_gallery._fill_gallery_conf_defaults({})
    explicit = sphinx_gallery.gen_gallery._fill_gallery_conf_defaults(
        {"capture_repr": ("_repr_html_", "__repr__"), "image_scrapers": ("matplotlib",)}
    )
    srcset = sphinx_gallery.gen_gallery._fill_gallery_conf_defaults(
        {"image_srcset": ["2x"]}
    )
    assert stale_examples.output_settings(explicit) == stale_examples.output_settings(
        defaults
    )
    assert stale_examples.output_settings(srcset) != stale_examples.output_settings(
        defaults
    )


def test_the_handlers_run_before_and_after_sphinx_gallery_generates_the_gallery():
    app = mock.MagicMock()
    sphinx_gallery.gen_gallery.setup(app)
    (generate,) = [
        call
        for call in app.connect.call_args_list
        if call.args
        == ("builder-inited", sphinx_gallery.gen_gallery.generate_gallery_rst)
    ]
    gallery_priority = generate.kwargs.get("priority", 500)  # Sphinx's default
    assert (
        stale_examples.INVALIDATE_PRIORITY
        < gallery_priority
        < stale_examples.CHECK_PRIORITY
    )


# A handler added to the tiny gallery's conf.py to break one assumption.
RENAME_MD5_FILES = '''

def rename_md5_files(app):
    """As a Sphinx-Gallery that names its MD5 files differently would."""
    from pathlib import Path

    for md5 in Path(app.srcdir, "auto_examples").rglob("*.py.md5"):
        md5.rename(md5.with_name(md5.name.replace(".py.md5", ".md5sum")))


def setup(app):
    app.connect("builder-inited", rename_md5_files, priority=700)
'''

RESTORE_MD5_FILES = '''

def restore_md5_files(app):
    """As if Sphinx-Gallery had read its MD5 files before they were deleted."""
    from pathlib import Path

    from sphinx_gallery.utils import get_md5sum

    for example in Path(app.srcdir, "..", "gallery").glob("*/plot_*.py"):
        section = Path(app.srcdir, "auto_examples", example.parent.name)
        md5 = section / (example.name + ".md5")
        md5.write_text(get_md5sum(example, mode="t"))


def setup(app):
    # After stale_examples deleted the MD5s, before the gallery is cleaned.
    app.connect("builder-inited", restore_md5_files, priority=150)
'''


@pytest.fixture
def project(tmp_path_factory):
    project = TinyProject(
        tmp_path_factory.mktemp("stale") / "gallery",
        pycache=tmp_path_factory.getbasetemp() / "pycache",
    )
    build = project.build()
    assert build.returncode == 0, build.output
    return project


@pytest.mark.gallery_build
def test_md5_files_under_another_name_fail_the_build(project):
    project.write("docs/conf.py", project.read("docs/conf.py") + RENAME_MD5_FILES)
    project.write(
        "gallery/first/plot_alpha.py",
        project.read("gallery/first/plot_alpha.py") + "\n",
    )
    build = project.build()
    assert build.returncode != 0
    assert "their MD5 files are not where this extension deletes them" in build.output
    assert "first/plot_alpha.py.md5" in build.output


@pytest.mark.gallery_build
def test_md5_files_read_before_they_are_deleted_fail_the_build(project):
    project.write("docs/conf.py", project.read("docs/conf.py") + RESTORE_MD5_FILES)
    # The conf.py edit alone re-runs nothing: it changes no example's settings.
    build = project.build()
    assert build.returncode == 0, build.output
    assert build.ran == []
    shapes = project.read("src/tinyhelpers/shapes.py")
    project.write("src/tinyhelpers/shapes.py", shapes.replace('"C0"', '"C2"'))
    build = project.build()
    assert build.returncode != 0
    assert build.ran == []
    assert "Sphinx-Gallery did not re-run first/plot_alpha.py" in build.output
