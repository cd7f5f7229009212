"""An API reference page goes away with the object it documents (stale_outputs).

A one-page Sphinx project lists the functions of a small module with
``autosummary``; renaming one must not leave the old page behind, neither as
a generated source (it would fail to import, and be in no toctree, under -W)
nor in the built HTML.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sphinx_build

EXTENSIONS = Path(__file__).parents[1] / "docs" / "_ext"
CONF = f"""\
import sys
from pathlib import Path

sys.path.insert(0, {str(EXTENSIONS)!r})
sys.path.insert(0, str(Path(__file__).parent))
project = "api"
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx_gallery.gen_gallery",
    "stale_outputs",
]
autosummary_generate = True
html_theme = "basic"
sphinx_gallery_conf = {{"examples_dirs": [], "gallery_dirs": []}}
"""
INDEX = """\
API
===

.. currentmodule:: shapes

.. autosummary::
   :toctree: generated/

   {names}
"""


def module(*names: str) -> str:
    return "".join(f"def {name}():\n    '''Draw a {name}.'''\n\n\n" for name in names)


def build(project: Path, *names: str) -> subprocess.CompletedProcess:
    (project / "shapes.py").write_text(module(*names))
    (project / "index.rst").write_text(INDEX.format(names="\n   ".join(names)))
    command = [sys.executable, "-m", "sphinx", "-W", "-b", "html", ".", "_build"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


def test_a_renamed_function_leaves_no_page_behind(tmp_path):
    (tmp_path / "conf.py").write_text(CONF)
    first = build(tmp_path, "square", "circle")
    assert first.returncode == 0, first.stdout + first.stderr
    assert (tmp_path / "generated" / "shapes.circle.rst").is_file()
    assert (tmp_path / "_build" / "generated" / "shapes.circle.html").is_file()

    renamed = build(tmp_path, "square", "disc")
    assert renamed.returncode == 0, renamed.stdout + renamed.stderr
    assert "shapes.circle.rst" in renamed.stdout  # said what it removed
    pages = sorted(path.name for path in (tmp_path / "generated").glob("*.rst"))
    assert pages == ["shapes.disc.rst", "shapes.square.rst"]
    html = sorted(path.name for path in (tmp_path / "_build" / "generated").iterdir())
    assert html == ["shapes.disc.html", "shapes.square.html"]
