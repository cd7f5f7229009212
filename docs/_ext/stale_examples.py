"""Re-run a gallery example when anything it depends on changes.

Sphinx-Gallery re-runs an example only when the example's own file changes
(it keeps an MD5 beside the generated page). Our examples also depend on the
``mlpviz`` modules they import, on the data those modules verify, and on the
libraries that compute and draw. Before Sphinx-Gallery looks at its MD5s, this
extension fingerprints each example's dependencies and deletes the MD5 of
every example whose fingerprint changed since the last build, so that a
maintainer who edits a helper never publishes stale figures.
"""

from __future__ import annotations

import ast
import hashlib
import json
from importlib import metadata
from pathlib import Path

from sphinx.util import logging

import mlpviz
from mlpviz.datasets._registry import MNIST_FILES

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(mlpviz.__file__).parent
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
)


def _module_file(name: str) -> Path | None:
    """Map ``mlpviz.a.b`` to its source file inside the package."""
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(source: str, current: str | None = None) -> set[str]:
    """Names of the mlpviz modules that ``source`` imports.

    ``current`` is the dotted name of the package module being read, used to
    resolve relative imports.
    """
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("mlpviz"))
        elif isinstance(node, ast.ImportFrom):
            if node.level and current:
                package = current.split(".")
                # A module's package is its name minus the last part, but a
                # package's __init__ is its own package.
                if _module_file(current).name != "__init__.py":
                    package = package[:-1]
                package = package[: len(package) - node.level + 1]
                module = ".".join(package + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("mlpviz"):
                module = node.module
            else:
                continue
            names.add(module)
            # `from mlpviz import weights` imports a module, not a name.
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in names if _module_file(name) is not None}


def dependency_files(example: Path) -> list[Path]:
    """Every mlpviz source file that running ``example`` executes."""
    pending = _imported_modules(example.read_text(encoding="utf-8"))
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        # Importing a.b.c runs the __init__ of a and of a.b first.
        parts = name.split(".")
        pending.update(".".join(parts[:i]) for i in range(1, len(parts)))
        source = _module_file(name).read_text(encoding="utf-8")
        pending.update(_imported_modules(source, current=name) - seen)
    return sorted({_module_file(name) for name in seen})


def _environment_digest() -> str:
    digest = hashlib.sha256()
    for entry in MNIST_FILES.values():
        digest.update(entry.content_sha256.encode())
    for library in LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{library}=={version};".encode())
    return digest.hexdigest()


def example_fingerprint(example: Path, environment: str) -> str:
    """Digest of an example's mlpviz dependencies, data and library versions."""
    digest = hashlib.sha256(environment.encode())
    for path in dependency_files(example):
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def invalidate_stale_examples(app) -> None:
    conf = app.config.sphinx_gallery_conf
    environment = _environment_digest()
    srcdir = Path(app.srcdir)
    for examples_dir, gallery_dir in zip(conf["examples_dirs"], conf["gallery_dirs"]):
        source_root = (srcdir / examples_dir).resolve()
        target_root = srcdir / gallery_dir
        record_path = target_root / RECORD_NAME
        try:
            recorded = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            recorded = {}
        current = {}
        rerun = []
        for example in sorted(source_root.rglob("*.py")):
            relative = str(example.relative_to(source_root))
            current[relative] = example_fingerprint(example, environment)
            md5_file = target_root / f"{relative}.md5"
            if recorded.get(relative) != current[relative] and md5_file.exists():
                md5_file.unlink()
                rerun.append(relative)
        if rerun:
            logger.info(
                "[stale_examples] dependencies changed, re-running: %s",
                ", ".join(rerun),
            )
        target_root.mkdir(parents=True, exist_ok=True)
        record_path.write_text(json.dumps(current, indent=1), encoding="utf-8")


def setup(app):
    # Sphinx-Gallery checks its MD5s in a builder-inited handler of priority
    # 500; this one must run first.
    app.connect("builder-inited", invalidate_stale_examples, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
