"""Maintainer commands: ``nox -s tests``, ``nox -s docs``, ``nox -s lint``.

``nox -s reproducible`` checks that two clean builds give the same site.

Environments are reused between runs and built with uv when it is
installed, so a second run starts in seconds. The package is installed in
editable mode, so the docs and tests always see the current sources.
"""

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "docs"]

ROOT = Path(__file__).parent
DOCS_OUT = ROOT / "docs" / "_build" / "html"
# The examples' networks are small: with more than one BLAS thread per
# process, threads wait on each other and fits run several times slower.
SINGLE_THREADED = {
    name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
}
# Everything Sphinx and Sphinx-Gallery generate inside the source tree.
DOCS_GENERATED = ("docs/_build", "docs/auto_examples", "docs/gen_modules")


def source_date_epoch() -> dict[str, str]:
    """SOURCE_DATE_EPOCH for the site's dates: as set, else the last commit's time.

    (docs/_ext/reproducible_build.py does the same for a bare sphinx-build.)
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return {"SOURCE_DATE_EPOCH": os.environ["SOURCE_DATE_EPOCH"]}
    commit_time = subprocess.run(
        ["git", "log", "-1", "--format=%ct"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return {"SOURCE_DATE_EPOCH": commit_time}


@nox.session
def tests(session):
    """Run the test suite (pass pytest options after --, e.g. -m 'not notebooks')."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs, env=SINGLE_THREADED)


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
        env={**SINGLE_THREADED, **source_date_epoch()},
    )
    session.log(f"Open {DOCS_OUT / 'index.html'}")


@nox.session
def reproducible(session):
    """Build the site twice from scratch, in two folders with different names,
    and check that every file is the same but the running-time lines.

    Takes the time of two clean builds. The builds are left in
    .nox/reproducible/tmp for a look at any difference.
    """
    session.install("-e", ".[docs,cnn]")
    listed = session.run(
        "git",
        "ls-files",
        "--cached",
        "--others",
        "--exclude-standard",
        external=True,
        silent=True,
    )
    sources = [name for name in listed.splitlines() if (ROOT / name).is_file()]
    tmp = Path(session.create_tmp())
    copies = [tmp / "first-build" / "mlpviz", tmp / "second" / "site-elsewhere"]
    # Once for both builds: a commit made meanwhile must not change the dates.
    epoch = source_date_epoch()
    for copy in copies:
        shutil.rmtree(copy.parent, ignore_errors=True)
        for name in sources:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, copy / name)
        with session.chdir(copy):
            session.run(
                "sphinx-build",
                "-W",
                "--keep-going",
                "-b",
                "html",
                "docs",
                "docs/_build/html",
                # Each copy imports its own mlpviz, not the checkout's.
                env={**SINGLE_THREADED, **epoch, "PYTHONPATH": str(copy / "src")},
            )
    session.run(
        "python",
        "docs/compare_builds.py",
        *(str(copy / "docs" / "_build" / "html") for copy in copies),
    )


@nox.session
def lint(session):
    """Check style and formatting with ruff."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def benchmarks(session):
    """Print the MNIST loader's cold and warm load times and each example's time."""
    session.install("-e", ".[cnn]")
    session.run("python", "benchmarks/bench_load_mnist.py")
    session.run(
        "python", "benchmarks/bench_examples.py", *session.posargs, env=SINGLE_THREADED
    )
