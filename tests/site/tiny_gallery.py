"""A tiny Sphinx-Gallery project, built by the site tests in seconds.

It has the real site's layout and its extension (copied from docs/_ext):
three examples in two sections that each draw one small figure, and a helper
package, ``tinyhelpers``, whose modules the examples import as the real ones
import ``mlpviz``:

- ``plot_alpha`` (section ``first``) draws with ``tinyhelpers.shapes``, and
  checks a claim in a block that only the build runs;
- ``plot_beta`` (section ``first``) reads ``tinyhelpers.data``, whose values
  come from the data file ``registry.txt`` next to it;
- ``plot_gamma`` (section ``second``) uses neither.

Every example records its name in the file named by ``TINY_GALLERY_RUN_LOG``
when it runs (``tinyhelpers.runlog``), so a test knows exactly which examples
a build executed. A fake distribution, ``tinylib``, stands for a library whose
version the examples depend on.

The files are written from this module rather than kept as a folder of
fixtures, so that no tool collecting ``*.py`` files under tests/ imports them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

ROOT = Path(__file__).parents[2]
EXTENSIONS = ROOT / "docs" / "_ext"
SITE_URL = "https://tiny.example.org/gallery/"

CONF = f'''\
"""Sphinx configuration of the tiny test gallery."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from mlpviz_site.downloads import install_cell, pandoc_options

project = "tiny gallery"
release = "0.1.0"
html_baseurl = {SITE_URL!r}
extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "mlpviz_site"]
exclude_patterns = ["_build"]
html_theme = "basic"
autosummary_generate = True
mlpviz_example_packages = ("tinyhelpers",)
mlpviz_example_libraries = ("tinylib", "matplotlib")
sphinx_gallery_conf = {{
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": "/plot_",
    "doc_module": ("tinyhelpers",),
    "backreferences_dir": "gen_modules/backreferences",
    "remove_config_comments": True,
    "first_notebook_cell": install_cell(html_baseurl, release),
    "pypandoc": pandoc_options(html_baseurl),
    "image_scrapers": ("mlpviz_site.scraper.matplotlib_for_readers",),
    "within_subsection_order": "mlpviz_site.reading_order",
    "write_computation_times": False,
}}
'''

INDEX = """\
Tiny gallery
============

.. minigallery:: ../gallery/first/plot_*.py

.. toctree::

   auto_examples/index
   api
"""

API = """\
API
===

.. currentmodule:: tinyhelpers.shapes

.. autosummary::
   :toctree: gen_modules/

   draw_square
"""


def example(title: str, body: str) -> str:
    """The source of an example: a titled docstring, then ``# %%`` cells."""
    return (
        f'"""\n{title}\n{"=" * len(title)}\n\nAn example of the tiny gallery.\n"""\n\n'
        + dedent(body).lstrip()
    )


ALPHA = example(
    "Alpha draws a square",
    """
    from tinyhelpers.runlog import note_run

    note_run("plot_alpha")

    # %%
    # A square
    # --------
    # :func:`~tinyhelpers.shapes.draw_square` draws it, in ``ax``.
    import matplotlib.pyplot as plt

    from tinyhelpers.shapes import draw_square

    fig, ax = plt.subplots(figsize=(2, 2))
    (line,) = draw_square(ax)
    ax.set_title("A square")
    # sphinx_gallery_start_ignore
    fig.set_label(f"A square drawn with {len(line.get_xdata())} points.")
    assert len(line.get_xdata()) == 5, "claim: four sides, closed"
    # sphinx_gallery_end_ignore
    plt.show()
    """,
)

BETA = example(
    "Beta plots the registry",
    """
    from tinyhelpers.runlog import note_run

    note_run("plot_beta")

    # %%
    # The registered values
    # ---------------------
    import matplotlib.pyplot as plt

    from tinyhelpers.data import registered_values

    values = registered_values()
    print("values:", values)
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.bar(range(len(values)), values)
    ax.set_title("Registered values")
    fig.set_label(f"{len(values)} bars, one per registered value.")
    plt.show()
    """,
)


def gamma(title: str = "Gamma draws a line", name: str = "plot_gamma") -> str:
    return example(
        title,
        f"""
        from tinyhelpers.runlog import note_run

        note_run({name!r})

        # %%
        # A line
        # ------
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(2, 2))
        ax.plot([0, 1], [0, 1])
        ax.set_title({title!r})
        fig.set_label("A straight line, from corner to corner.")
        plt.show()
        """,
    )


FILES = {
    "docs/conf.py": CONF,
    "docs/index.rst": INDEX,
    "docs/api.rst": API,
    "gallery/README.rst": "Examples\n========\n",
    "gallery/first/README.rst": "First section\n-------------\n",
    "gallery/first/plot_alpha.py": ALPHA,
    "gallery/first/plot_beta.py": BETA,
    "gallery/second/README.rst": "Second section\n--------------\n",
    "gallery/second/plot_gamma.py": gamma(),
    "src/tinyhelpers/__init__.py": '"""Helpers of the tiny gallery."""\n',
    "src/tinyhelpers/runlog.py": dedent(
        '''\
        """Record which examples ran."""

        import os


        def note_run(name):
            """Append ``name`` to the file named by ``TINY_GALLERY_RUN_LOG``."""
            log = os.environ.get("TINY_GALLERY_RUN_LOG")
            if log:
                with open(log, "a", encoding="utf-8") as file:
                    file.write(name + "\\n")
        '''
    ),
    "src/tinyhelpers/shapes.py": dedent(
        '''\
        """Shapes to draw."""


        def draw_square(ax):
            """Draw the unit square on ``ax``."""
            return ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], color="C0")
        '''
    ),
    "src/tinyhelpers/data/__init__.py": dedent(
        '''\
        """Values read from the registry next to this module."""

        from pathlib import Path


        def registered_values():
            """The numbers listed in registry.txt."""
            text = (Path(__file__).parent / "registry.txt").read_text()
            return [float(line) for line in text.split()]
        '''
    ),
    "src/tinyhelpers/data/registry.txt": "1\n2\n3\n",
    "site/tinylib-1.0.dist-info/METADATA": (
        "Metadata-Version: 2.1\nName: tinylib\nVersion: 1.0\n"
    ),
}

# What a build writes into the project; none of it is copied to a clean copy.
GENERATED = ("docs/_build", "docs/auto_examples", "docs/gen_modules")
RUN_LOG = "run.log"


@dataclass
class Build:
    """The outcome of one ``sphinx-build`` of the tiny project."""

    returncode: int
    output: str
    ran: list[str]


class TinyProject:
    """A copy of the tiny gallery in ``root``, to edit and build."""

    def __init__(self, root: Path, pycache: Path | None = None):
        self.root = Path(root)
        # Where the builds keep compiled Python files: without them every
        # build compiles Sphinx, matplotlib... anew (PYTHONDONTWRITEBYTECODE).
        self.pycache = pycache
        for name, text in FILES.items():
            self.write(name, text)
        shutil.copytree(
            EXTENSIONS,
            self.root / "docs" / "_ext",
            ignore=shutil.ignore_patterns("__pycache__"),
        )

    @property
    def html(self) -> Path:
        return self.root / "docs" / "_build" / "html"

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def move(self, name: str, new_name: str) -> None:
        (self.root / new_name).parent.mkdir(parents=True, exist_ok=True)
        (self.root / name).rename(self.root / new_name)

    def delete(self, name: str) -> None:
        path = self.root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()

    def copy(self, root: Path, *, with_build: bool = False) -> TinyProject:
        """A copy of this project, with or without what was built."""
        copy = TinyProject.__new__(TinyProject)
        copy.root = Path(root)
        copy.pycache = self.pycache
        shutil.copytree(
            self.root,
            copy.root,
            ignore=lambda folder, names: [
                name
                for name in names
                if name == "__pycache__"
                or (
                    not with_build
                    and (Path(folder) / name).relative_to(self.root).as_posix()
                    in GENERATED
                )
            ],
        )
        return copy

    def sources_digest(self) -> str:
        """Digest of the project's sources: equal sources build equal sites."""
        digest = hashlib.sha256()
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root).as_posix()
            if (
                path.is_file()
                and not relative.startswith(GENERATED)
                and "__pycache__" not in relative
                and relative != RUN_LOG
            ):
                digest.update(relative.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def start_build(self, *extra_args: str, env: dict | None = None) -> RunningBuild:
        """Start sphinx-build (warnings are errors) in the background.

        ``env`` adds to (or overrides) the environment variables.
        """
        run_log = self.root / RUN_LOG
        run_log.unlink(missing_ok=True)
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                [str(self.root / "src"), str(self.root / "site")]
            ),
            "TINY_GALLERY_RUN_LOG": str(run_log),
            "MPLBACKEND": "agg",
            "SOURCE_DATE_EPOCH": "1700000000",
            **(env or {}),
        }
        if self.pycache is not None:
            environment.pop("PYTHONDONTWRITEBYTECODE", None)
            environment["PYTHONPYCACHEPREFIX"] = str(self.pycache)
        command = [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            *("-b", "html", "-d", str(self.root / "docs" / "_build" / "doctrees")),
            *extra_args,
            "docs",
            str(self.html),
        ]
        process = subprocess.Popen(
            command,
            cwd=self.root,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return RunningBuild(process, run_log)

    def build(self, *extra_args: str, env: dict | None = None) -> Build:
        """Run sphinx-build (warnings are errors) and report what ran."""
        return self.start_build(*extra_args, env=env).wait()


@dataclass
class RunningBuild:
    process: subprocess.Popen
    run_log: Path

    def wait(self) -> Build:
        output, _ = self.process.communicate()
        log = self.run_log
        ran = log.read_text().split() if log.exists() else []
        return Build(self.process.returncode, output, sorted(ran))
