"""Which examples run, in what order, and a fresh site over their outputs.

Sphinx-Gallery runs an example again when its MD5 changes; when the
fingerprint of what else they depend on changes, it runs them all again. No
Sphinx state is kept: every build writes every page afresh over the examples'
kept outputs, less those of removed sources, so nothing a deleted, renamed or
moved source produced is published.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
from importlib import metadata, util
from pathlib import Path

from sphinx.application import ENV_PICKLE_FILENAME

# Libraries whose version changes what an example computes or draws.
LIBRARIES = (
    *("numpy", "scipy", "scikit-learn", "pandas", "matplotlib", "pillow"),
    *("keras", "jax", "jaxlib", "sphinx-gallery", "pypandoc-binary"),
)
FINGERPRINT_FILE = ".fingerprint"
# Where autosummary writes the API pages (api.rst's :toctree:), and
# Sphinx-Gallery its backreferences: written anew by every build.
GENERATED_API = "gen_modules"
READING_ORDER = """
    plot_mnist_filters plot_longer_training plot_watch_filters_form
    plot_what_excites_a_unit plot_one_digits_decision plot_confidence_and_mistakes
    plot_your_own_model plot_ng_digits_data plot_one_vs_rest plot_mlp_learning_rate
    plot_overfitting plot_learning_strategies plot_ng_weights
    plot_activations_on_a_line plot_lesson_mlps
    plot_cnn_kernels_and_maps plot_cnn_vs_mlp_parameters
""".split()  # noqa: SIM905 (a list would take a line per name)


def reading_order(filename: str) -> tuple[int, str]:
    """Sort key of the examples: listed ones in reading order, then by name."""
    stem = Path(filename).stem
    listed = stem in READING_ORDER
    return (READING_ORDER.index(stem) if listed else len(READING_ORDER)), stem


def one_blas_thread(gallery_conf, fname) -> None:
    """Before each example: one BLAS thread (its small fits are faster so)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class Fingerprint:
    """What the examples depend on besides their own files."""

    value = ""

    def compute(self, app, config) -> None:
        """Before Sphinx-Gallery reads its settings: run stale examples if changed."""
        digest = hashlib.sha256(platform.python_version().encode())
        for name in config.mlpviz_example_libraries:
            try:
                digest.update(f"{name}=={metadata.version(name)};".encode())
            except metadata.PackageNotFoundError:
                digest.update(f"{name} absent;".encode())
        for package in config.mlpviz_example_packages:
            folder = Path(util.find_spec(package).origin).parent
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(path.relative_to(folder).as_posix().encode())
                    digest.update(path.read_bytes())
        digest.update(Path(__file__).with_name("scraper.py").read_bytes())
        settings = config.sphinx_gallery_conf
        # Paths in the settings (pandoc's filter) are the checkout's: moving
        # it elsewhere runs nothing again.
        text = json.dumps(settings, sort_keys=True, default=repr)
        digest.update(text.replace(str(Path(app.confdir).parent), "").encode())
        self.value = digest.hexdigest()[:16]
        if self.value != _recorded(app, config):
            settings["run_stale_examples"] = True

    def record(self, app) -> None:
        """After Sphinx-Gallery has run: record, and forget the failures."""
        conf = app.config.sphinx_gallery_conf
        if not conf["plot_gallery"]:
            return
        # An example that failed keeps the MD5 of its last success: without
        # it, the example runs again even if its file goes back to that state.
        for source in conf["failing_examples"]:
            _target(app, source).with_suffix(".py.md5").unlink(missing_ok=True)
        for gallery_dir in conf["gallery_dirs"]:
            path = Path(app.srcdir, gallery_dir, FINGERPRINT_FILE)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.value, encoding="utf-8")


def _recorded(app, config) -> str:
    dirs = config.sphinx_gallery_conf.get("gallery_dirs", "auto_examples")
    dirs = [dirs] if isinstance(dirs, str) else dirs
    paths = [Path(app.srcdir, d, FINGERPRINT_FILE) for d in dirs]
    return "".join(p.read_text() for p in paths if p.is_file())


def _target(app, source) -> Path:
    """Sphinx-Gallery's copy of the example ``source`` in its gallery folder."""
    conf = app.config.sphinx_gallery_conf
    for examples_dir, gallery_dir in zip(conf["examples_dirs"], conf["gallery_dirs"]):
        root = Path(app.srcdir, examples_dir).resolve()
        if Path(source).resolve().is_relative_to(root):
            relative = Path(source).resolve().relative_to(root)
            return Path(app.srcdir, gallery_dir, relative)
    raise ValueError(f"{source} is in no gallery of this site")


def fresh_html_pass(app) -> None:
    """Before anything is written: no page, figure or API page of a past build."""
    if app.builder.format != "html":
        return
    for path in [*Path(app.outdir).iterdir(), Path(app.srcdir, GENERATED_API)]:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def fresh_environment(app, config) -> None:
    """No Sphinx state from a past build: every page is read, none removed known."""
    Path(app.doctreedir, ENV_PICKLE_FILENAME).unlink(missing_ok=True)


def leave_only_the_site(app, exception) -> None:
    """Remove what is not the site: ``.buildinfo`` (for incremental builds,
    which a fresh pass does not make) and ``_sources`` (empty: made anyway)."""
    if exception is None and app.builder.format == "html":
        Path(app.outdir, ".buildinfo").unlink(missing_ok=True)
        sources = Path(app.outdir, "_sources")
        if sources.is_dir() and not any(sources.iterdir()):
            sources.rmdir()


def prune_gallery(app) -> None:
    """Before Sphinx-Gallery runs: remove what no current example produces
    (named after it: ``plot_a.py.md5``...; figures no page shows stay unpublished)."""
    conf = app.config.sphinx_gallery_conf
    for examples_dir, gallery_dir in zip(conf["examples_dirs"], conf["gallery_dirs"]):
        sources, target = Path(app.srcdir, examples_dir), Path(app.srcdir, gallery_dir)
        if not target.is_dir():
            continue
        folders = [target, *(p for p in target.iterdir() if p.is_dir())]
        for folder in folders:
            if folder.name == "images":
                continue
            source = sources / folder.relative_to(target)
            if not source.is_dir():
                shutil.rmtree(folder)
                continue
            stems = {path.stem for path in source.iterdir() if path.is_file()}
            for path in folder.iterdir():
                stem = path.name.split(".")[0]
                if path.is_file() and stem and stem not in stems | {"index"}:
                    path.unlink()
