"""Maintainer commands: ``nox -s tests``, ``nox -s docs``, ``nox -s lint``, and
``nox -s browser`` (the built site in headless Chromium).

Environments are reused between runs and built with uv when it is
installed, so a second run starts in seconds. The package is installed in
editable mode, so the docs and tests always see the current sources.
"""

import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "docs", "browser"]

ROOT = Path(__file__).parent
DOCS_OUT = ROOT / "docs" / "_build" / "html"
# The examples' networks are small: with more than one BLAS thread per
# process, threads wait on each other and fits run several times slower.
SINGLE_THREADED = {
    name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
}
# Everything Sphinx and Sphinx-Gallery generate inside the source tree.
DOCS_GENERATED = ("docs/_build", "docs/auto_examples", "docs/gen_modules")


@nox.session
def tests(session):
    """Run the test suite (pass pytest options after --, e.g. -m 'not notebooks').

    The browser tests need a built site and run in their own session
    (``nox -s browser``); a ``-m`` given after -- replaces their exclusion.
    """
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "not browser", *session.posargs, env=SINGLE_THREADED)


@nox.session
def docs(session):
    """Build the site into docs/_build/html; warnings and failing examples are errors.

    Only examples whose file, mlpviz dependencies, data or libraries changed
    are re-run. ``nox -s docs -- clean`` starts from scratch.
    """
    if "clean" in session.posargs:
        for path in DOCS_GENERATED:
            shutil.rmtree(ROOT / path, ignore_errors=True)
    session.install("-e", ".[docs,cnn]")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "docs",
        str(DOCS_OUT),
        env=SINGLE_THREADED,
    )
    session.log(f"Open {DOCS_OUT / 'index.html'}")


@nox.session
def browser(session):
    """Open every page of the built site in headless Chromium (after ``nox -s docs``).

    Checks the layout at 390 and 1400 px in both themes, requests, images,
    page weights and the animation. Drives the system's Chromium (Debian:
    ``apt-get install chromium``; or set MLPVIZ_CHROMIUM).
    """
    session.install("-e", ".[browser]")
    session.run("pytest", "-m", "browser", "tests/test_browser.py", *session.posargs)


@nox.session
def lint(session):
    """Check style and formatting with ruff."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def benchmarks(session):
    """Print the MNIST loader's load times, each example's time, each page's weight.

    The page weights are those of the last build in docs/_build/html.
    """
    session.install("-e", ".[cnn]")
    session.run("python", "benchmarks/bench_page_weight.py", str(DOCS_OUT))
    session.run("python", "benchmarks/bench_load_mnist.py")
    session.run(
        "python", "benchmarks/bench_examples.py", *session.posargs, env=SINGLE_THREADED
    )
