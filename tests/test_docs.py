"""The Sphinx site builds, warnings as errors, and generates what readers use."""

from pathlib import Path

import nbformat
import pytest

from mlpviz.datasets._registry import MNIST_FILES

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "gallery").glob("*/plot_*.py"))

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
        assert code[0].source.strip() == "%matplotlib inline"
        assert len(code) >= 3
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
