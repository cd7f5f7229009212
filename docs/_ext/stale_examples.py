"""Re-run a gallery example when anything it depends on changes.

Sphinx-Gallery re-runs an example only when the example's own file changes:
it keeps an MD5 of the file beside the generated page and skips the example
while that MD5 is current. Our examples also depend on

- the modules of the helper package (``mlpviz``) that they import, directly or
  through other modules of the package, and the data files kept next to those
  modules (such as a registry of data hashes);
- the Python version and the versions of the libraries that compute and draw;
- the Sphinx-Gallery settings that shape an example's output (scrapers, image
  sizes, animations, notebook cells...), and whether the example is executed
  at all (``filename_pattern``, ``plot_gallery``).

Before Sphinx-Gallery looks at its MD5 files, this extension fingerprints
those inputs for each example and deletes the MD5 file of every example whose
fingerprint changed since the last build, so that Sphinx-Gallery runs it
again. The fingerprints of the last build are kept in
``<gallery_dir>/.dependency-fingerprints.json``.

The extension relies on two details of Sphinx-Gallery, and checks both in
every build:

- the MD5 file of ``<gallery_dir>/<section>/<example>.py`` is
  ``<example>.py.md5`` beside the generated page: after Sphinx-Gallery has run,
  every example it executed must have one there, or the build warns;
- Sphinx-Gallery generates the gallery in a ``builder-inited`` handler of the
  default priority (500): the invalidation runs before it (priority 100), and
  the checks after it (priority 900). An example whose MD5 file was deleted
  but that Sphinx-Gallery still skipped means this order was broken; the
  build warns then too.

Configuration (``conf.py``):

``stale_examples_packages``
    Top-level packages whose imported modules are tracked (default:
    ``("mlpviz",)``).
``stale_examples_libraries``
    Distributions whose version is part of every fingerprint.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import platform
import re
from importlib import metadata
from pathlib import Path

from sphinx.util import logging
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

logger = logging.getLogger(__name__)

RECORD_NAME = ".dependency-fingerprints.json"
# Libraries whose version changes what an example computes or draws.
LIBRARIES = (
    "numpy",
    "scipy",
    "scikit-learn",
    "pandas",
    "matplotlib",
    "pillow",
    "keras",
    "jax",
    "jaxlib",
    "sphinx-gallery",
)
# Sphinx-Gallery settings that do not change what an example's own files
# contain (they order, collect or summarise examples), and the build's state
# that Sphinx-Gallery keeps among them. The values in effect of every other
# setting Sphinx-Gallery knows are part of the fingerprint, so that a setting
# added by a new Sphinx-Gallery errs on the side of re-running, while writing
# a default value into conf.py re-runs nothing.
SETTINGS_WITHOUT_EFFECT_ON_EXAMPLES = frozenset(
    {
        "abort_on_example_error",
        "api_usage_ignore",
        "backreferences_dir",
        "copyfile_regex",
        "css",
        "doc_module",
        "download_all_examples",
        "examples_dirs",
        "exclude_implicit_doc",
        "expected_failing_examples",
        "failing_examples",  # build state
        "filename_pattern",  # fingerprinted per example, as "executed or not"
        "gallery_dirs",
        "ignore_pattern",
        "junit",
        "log_level",
        "min_reported_time",
        "minigallery_sort_order",
        "nested_sections",
        "only_warn_on_example_error",
        "parallel",
        "passing_examples",  # build state
        "plot_gallery",  # fingerprinted per example, as "executed or not"
        "prefer_full_module",
        "recommender",
        "run_stale_examples",
        "stale_examples",  # build state
        "show_api_usage",
        "show_signature",
        "subsection_order",
        "within_subsection_order",
        "write_computation_times",
    }
)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# The folder of the helper package the site's examples import.
PACKAGE_DIR = Path(
    next(iter(importlib.util.find_spec("mlpviz").submodule_search_locations))
)


def _package_dirs(packages) -> dict[str, Path]:
    """Source folder of each tracked top-level package (never imported here)."""
    dirs = {}
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise ValueError(
                f"stale_examples_packages names {name!r}, which is not an "
                "importable package: install it or fix the name in conf.py"
            )
        dirs[name] = Path(next(iter(spec.submodule_search_locations)))
    return dirs


def _module_file(name: str, package_dirs: dict[str, Path]) -> Path | None:
    """Map ``package.a.b`` to its source file, or None if it is not a module."""
    top, *parts = name.split(".")
    if top not in package_dirs:
        return None
    base = package_dirs[top].joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _parse(source: str) -> ast.Module | None:
    """The syntax tree of ``source``, or None if it is not valid Python."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):  # ValueError: null bytes in the source
        return None


def _imported_modules(
    tree: ast.Module, package_dirs: dict[str, Path], current: str | None = None
) -> set[str]:
    """Names of the tracked modules that ``tree`` imports.

    ``current`` is the dotted name of the package module being read, used to
    resolve relative imports.
    """
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level and current:
                package = current.split(".")
                # A module's package is its name minus the last part, but a
                # package's __init__ is its own package.
                if _module_file(current, package_dirs).name != "__init__.py":
                    package = package[:-1]
                package = package[: len(package) - node.level + 1]
                module = ".".join(package + ([node.module] if node.module else []))
            elif node.module:
                module = node.module
            else:
                continue
            names.add(module)
            # `from package import weights` imports a module, not a name.
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in names if _module_file(name, package_dirs) is not None}


def _data_files(module_file: Path) -> list[Path]:
    """Files other than Python sources kept in a module's folder."""
    return [
        path
        for path in module_file.parent.iterdir()
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        and not path.name.startswith(".")
    ]


def dependency_files(example: Path, packages=("mlpviz",)) -> list[Path]:
    """Every tracked file that running ``example`` reads.

    These are the sources of the modules of ``packages`` that the example
    imports, directly or through other modules (importing ``a.b.c`` runs the
    ``__init__`` of ``a`` and ``a.b`` too), and the data files next to them.
    A file that is not valid Python is included, but not followed: running
    it fails, and the failure is reported by Sphinx-Gallery.
    """
    package_dirs = _package_dirs(packages)
    tree = _parse(example.read_text(encoding="utf-8"))
    pending = _imported_modules(tree, package_dirs) if tree else set()
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        pending.update(".".join(parts[:i]) for i in range(1, len(parts)))
        tree = _parse(_module_file(name, package_dirs).read_text(encoding="utf-8"))
        if tree is not None:
            pending.update(_imported_modules(tree, package_dirs, current=name) - seen)
    files = {_module_file(name, package_dirs) for name in seen}
    files.update(data for module in list(files) for data in _data_files(module))
    return sorted(files)


def _stable_repr(value) -> str:
    """A repr that is the same in every process (sets and dicts sorted)."""
    if isinstance(value, dict):
        items = sorted((_stable_repr(k), _stable_repr(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_stable_repr(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_stable_repr(v) for v in value) + "]"
    return _ADDRESS.sub("", repr(value))


def output_settings(gallery_conf: dict) -> str:
    """The Sphinx-Gallery settings in effect that shape example outputs."""
    keys = (set(DEFAULT_GALLERY_CONF) | {"compress_images_args", "default_role"}) - (
        SETTINGS_WITHOUT_EFFECT_ON_EXAMPLES
    )
    return _stable_repr({key: gallery_conf.get(key) for key in keys})


def environment_digest(libraries, settings: str) -> str:
    """Digest of what every example depends on: Python, libraries, settings."""
    digest = hashlib.sha256()
    digest.update(f"python=={platform.python_version()};".encode())
    for library in libraries:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{library}=={version};".encode())
    digest.update(settings.encode())
    return digest.hexdigest()


def example_fingerprint(
    example: Path, environment: str, executed: bool, packages=("mlpviz",)
) -> str:
    """Digest of an example's dependencies, environment and execution."""
    digest = hashlib.sha256(f"{environment};executed={executed};".encode())
    roots = [folder.parent for folder in _package_dirs(packages).values()]
    for path in dependency_files(example, packages):
        # Paths relative to the packages' folder: moving the checkout to
        # another folder must not re-run anything.
        root = next(root for root in roots if path.is_relative_to(root))
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def md5_file(target: Path) -> Path:
    """Where Sphinx-Gallery keeps the MD5 of the example copied to ``target``."""
    return target.with_name(target.name + ".md5")


def _examples(gallery_conf, examples_root: Path):
    """The example files of one gallery: its root and its sections."""
    extensions = tuple(gallery_conf["example_extensions"])
    for folder in [examples_root, *sorted(examples_root.iterdir())]:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if (
                path.is_file()
                and path.suffix in extensions
                and not re.search(gallery_conf["ignore_pattern"], path.name)
            ):
                yield path


def _is_executed(example: Path, gallery_conf) -> bool:
    """Sphinx-Gallery's own rule (``executable_script``)."""
    return bool(
        re.search(gallery_conf["filename_pattern"], os.path.normpath(example))
        and gallery_conf["plot_gallery"]
    )


class StaleExamples:
    """The extension's state during one build."""

    def __init__(self):
        # target file -> why its MD5 was deleted
        self.invalidated: dict[Path, str] = {}

    def invalidate(self, app) -> None:
        conf = app.config.sphinx_gallery_conf
        packages = tuple(app.config.stale_examples_packages)
        environment = environment_digest(
            app.config.stale_examples_libraries, output_settings(conf)
        )
        srcdir = Path(app.srcdir)
        self.invalidated = {}
        for examples_dir, gallery_dir in zip(
            conf["examples_dirs"], conf["gallery_dirs"]
        ):
            source_root = srcdir / examples_dir
            target_root = srcdir / gallery_dir
            record_path = target_root / RECORD_NAME
            try:
                recorded = json.loads(record_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                recorded = {}
            current = {}
            for example in _examples(conf, source_root):
                relative = example.relative_to(source_root).as_posix()
                current[relative] = example_fingerprint(
                    example, environment, _is_executed(example, conf), packages
                )
                target = target_root / relative
                if (
                    recorded.get(relative) != current[relative]
                    and md5_file(target).exists()
                ):
                    md5_file(target).unlink()
                    self.invalidated[target] = relative
            target_root.mkdir(parents=True, exist_ok=True)
            record_path.write_text(
                json.dumps(current, indent=1, sort_keys=True), encoding="utf-8"
            )
        if self.invalidated:
            logger.info(
                "[stale_examples] dependencies changed, re-running: %s",
                ", ".join(sorted(self.invalidated.values())),
            )

    def check(self, app) -> None:
        """After Sphinx-Gallery has run: forget failures, check its MD5 files."""
        conf = app.config.sphinx_gallery_conf
        if not conf["plot_gallery"]:
            return
        srcdir = Path(app.srcdir)
        # An example that failed keeps the MD5 of its last successful run, so
        # undoing the breaking edit would make Sphinx-Gallery keep the page
        # with the traceback. Without its MD5 it runs again, whatever changes.
        for source in conf["failing_examples"]:
            target = _target_of(source, conf, srcdir)
            if target is not None:
                md5_file(target).unlink(missing_ok=True)
        skipped = {Path(path).resolve() for path in conf["stale_examples"]}
        ignored = sorted(
            relative
            for target, relative in self.invalidated.items()
            if target.resolve() in skipped
        )
        if ignored:
            logger.warning(
                "[stale_examples] Sphinx-Gallery did not re-run %s although "
                "their dependencies changed: the MD5 files were deleted too late "
                "(this extension's builder-inited handler must run before "
                "Sphinx-Gallery's generate_gallery_rst) or Sphinx-Gallery no "
                "longer reads them. Run `nox -s docs -- clean` to rebuild "
                "everything, and fix docs/_ext/stale_examples.py.",
                ", ".join(ignored),
                type="stale_examples",
                subtype="order",
            )
        passed = {
            _target_of(source, conf, srcdir) for source in conf["passing_examples"]
        }
        missing = sorted(
            os.path.relpath(md5_file(target), srcdir)
            for target in skipped | (passed - {None})
            if not md5_file(target).exists()
        )
        if missing:
            logger.warning(
                "[stale_examples] Sphinx-Gallery ran or skipped examples but "
                "their MD5 files are not where this extension deletes them "
                "(%s). Sphinx-Gallery probably renamed them, so changes to "
                "helper modules, data or libraries no longer re-run examples. "
                "Update md5_file() in docs/_ext/stale_examples.py.",
                ", ".join(missing),
                type="stale_examples",
                subtype="md5",
            )


def _target_of(source, conf, srcdir: Path) -> Path | None:
    """The copy Sphinx-Gallery makes of the example ``source``."""
    source = Path(source).resolve()
    for examples_dir, gallery_dir in zip(conf["examples_dirs"], conf["gallery_dirs"]):
        source_root = (srcdir / examples_dir).resolve()
        if source.is_relative_to(source_root):
            return (srcdir / gallery_dir / source.relative_to(source_root)).resolve()
    return None


# Sphinx-Gallery generates the gallery in a builder-inited handler of the
# default priority; the tests check that these run before and after it.
INVALIDATE_PRIORITY = 100
CHECK_PRIORITY = 900


def setup(app):
    app.add_config_value("stale_examples_packages", ("mlpviz",), "env")
    app.add_config_value("stale_examples_libraries", LIBRARIES, "env")
    state = StaleExamples()
    app.connect("builder-inited", state.invalidate, priority=INVALIDATE_PRIORITY)
    app.connect("builder-inited", state.check, priority=CHECK_PRIORITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
