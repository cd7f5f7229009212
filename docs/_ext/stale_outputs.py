"""Remove what the current sources no longer produce, so that an incremental
build gives the site a clean build would give.

Sphinx-Gallery and Sphinx add and update files, but never delete them. After a
maintainer deletes, renames or moves an example or a whole section, the old
generated page would stay in the gallery folder (Sphinx then reads it and
warns that it is in no toctree), its figures, notebook and zip would stay, and
its built page and downloads would stay in the output. This extension removes

before Sphinx-Gallery runs (``builder-inited``, priority 200):
    - the folder of every section that no longer exists;
    - every generated file of an example that no longer exists: the copied
      script and its ``.md5``, the ``.rst`` page, ``.ipynb``, ``.zip``, the
      ``.codeobj.json`` and ``.cost.json`` caches, its figures and thumbnail;
    - the figures and thumbnail of every example that is about to run again,
      so that a figure the example no longer draws does not linger;
    - the timing pages, when Sphinx-Gallery is not writing them;

after autosummary has written its pages (``builder-inited``, priority 600):
    - the API pages of objects that no ``autosummary`` directive lists any
      more (a helper renamed or removed);

after Sphinx-Gallery has run (``builder-inited``, priority 900):
    - the "Examples using ..." lists of API objects that no example uses any
      more (emptied, as a clean build leaves them), since they would link to
      deleted pages;

when the build finishes, from the HTML output:
    - pages and ``_sources`` of documents that no longer exist (for pages at
      the top level, only those Sphinx saw removed since the last build);
    - Sphinx-Gallery figures in ``_images`` and files in ``_downloads`` that no
      page uses any more;
    - highlighted module sources (``_modules``) of modules that are gone;

and it has Sphinx read and write again the page of every example that ran,
whether or not its text changed, so that its new figures are copied, and
rewrite the pages that show other pages: every page when
documents are added, removed, retitled or reordered (navigation links and
sidebars), and the pages with a mini-gallery when an example changes. It also keeps
the search index as a clean build makes it (``save_index_entries``,
``drop_words_of_removed_pages``).

The names of Sphinx-Gallery's generated files are listed in
``EXAMPLE_FILE_SUFFIXES`` and ``_owns_image``; the tests build a small
gallery through every kind of edit and compare it with a clean build, so a
Sphinx-Gallery upgrade that renames them fails the tests.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
from pathlib import Path

from sphinx.util import logging
from sphinx_gallery.directives import imgsgnode
from sphinx_gallery.utils import get_md5sum

logger = logging.getLogger(__name__)

# What Sphinx-Gallery writes beside the copy of an example ``<stem><ext>``.
EXAMPLE_FILE_SUFFIXES = (".rst", ".ipynb", ".zip", ".codeobj.json", ".cost.json")
# Files in a gallery folder that belong to no single example.
GALLERY_FILES = ("index.rst", "sg_execution_times.rst")
TIMINGS = "sg_execution_times.rst"


def _header_names(conf) -> set[str]:
    """Names of the files that make a folder a gallery section."""
    suffixes = [".txt", *sorted(conf["source_suffix"])]
    return {
        f"{name}{suffix}"
        for name in ("GALLERY_HEADER", "README", "readme")
        for suffix in suffixes
    }


def _is_section(folder: Path, conf) -> bool:
    return folder.is_dir() and any(
        (folder / name).is_file() for name in _header_names(conf)
    )


def _example_names(folder: Path, conf) -> set[str]:
    """File names of the examples Sphinx-Gallery collects in ``folder``."""
    if not folder.is_dir():
        return set()
    return {
        path.name
        for path in folder.iterdir()
        if path.is_file()
        and path.suffix in conf["example_extensions"]
        and path.name not in _header_names(conf)
        and not re.search(conf["ignore_pattern"], path.name)
    }


def _owns_image(stem: str, image_name: str) -> bool:
    """Whether Sphinx-Gallery named ``image_name`` after example ``stem``."""
    pattern = rf"sphx_glr_{re.escape(stem)}_(\d{{3}}|thumb\.)"
    return re.match(pattern, image_name) is not None


def _remove(path: Path, removed: list[Path]) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    else:
        return
    removed.append(path)


def _will_run(source: Path, target_dir: Path) -> bool:
    """Whether Sphinx-Gallery will generate ``source``'s outputs anew.

    It does unless the MD5 file beside the copy matches the source.
    """
    md5 = target_dir / f"{source.name}.md5"
    return not md5.is_file() or md5.read_text() != get_md5sum(source, mode="t")


def _clean_gallery_folder(
    source_dir: Path, target_dir: Path, conf, removed: list[Path], rerun: set[str]
) -> None:
    """Remove a gallery folder's files that its current examples do not own.

    The figures of the examples about to run again are removed too, and the
    examples named in ``rerun``.
    """
    current = _example_names(source_dir, conf)
    stems = {Path(name).stem for name in current}
    extensions = tuple(conf["example_extensions"])
    # Every example that has left files behind, current or not.
    previous = {
        path.name[: -len(".md5")]
        for path in target_dir.glob("*.md5")
        if path.name[: -len(".md5")].endswith(extensions)
    } | {
        path.name
        for path in target_dir.iterdir()
        if path.is_file() and path.name.endswith(extensions)
    }
    for name in sorted(previous - current):
        stem = Path(name).stem
        for file_name in (
            name,
            f"{name}.md5",
            *(stem + s for s in EXAMPLE_FILE_SUFFIXES),
        ):
            _remove(target_dir / file_name, removed)
    # A page whose script is gone (e.g. deleted while its run failed).
    for page in target_dir.glob("*.rst"):
        if page.name not in GALLERY_FILES and page.stem not in stems:
            for suffix in EXAMPLE_FILE_SUFFIXES:
                _remove(page.with_suffix(suffix), removed)
    running = {
        Path(name).stem for name in current if _will_run(source_dir / name, target_dir)
    }
    images = target_dir / "images"
    for image in [*images.glob("sphx_glr_*"), *images.glob("thumb/sphx_glr_*")]:
        owners = {stem for stem in stems if _owns_image(stem, image.name)}
        if not owners:
            _remove(image, removed)
        elif owners & running:
            image.unlink()
            rerun.update(owners & running)
    if not conf["write_computation_times"]:
        _remove(target_dir / TIMINGS, removed)


def remove_stale_sources(app) -> None:
    """Before Sphinx-Gallery runs: remove generated files of removed examples."""
    conf = app.config.sphinx_gallery_conf
    srcdir = Path(app.srcdir)
    removed: list[Path] = []
    rerun: set[str] = set()
    for examples_dir, gallery_dir in zip(conf["examples_dirs"], conf["gallery_dirs"]):
        source_root = srcdir / examples_dir
        target_root = srcdir / gallery_dir
        if not target_root.is_dir():
            continue
        sections = {
            folder.name for folder in source_root.iterdir() if _is_section(folder, conf)
        }
        for folder in sorted(target_root.iterdir()):
            # `images` holds the figures of the examples at the gallery's root.
            if folder.is_dir() and folder.name not in sections | {"images"}:
                _remove(folder, removed)
        _clean_gallery_folder(source_root, target_root, conf, removed, rerun)
        for section in sorted(sections):
            if (target_root / section).is_dir():
                _clean_gallery_folder(
                    source_root / section, target_root / section, conf, removed, rerun
                )
    if not conf["write_computation_times"]:
        _remove(srcdir / TIMINGS, removed)
    if removed:
        logger.info(
            "[stale_outputs] removed what the gallery no longer produces: %s",
            ", ".join(sorted(os.path.relpath(path, srcdir) for path in removed)),
        )
    if rerun:
        logger.info(
            "[stale_outputs] removed the old figures of the examples about to run: %s",
            ", ".join(sorted(rerun)),
        )


def remove_unlisted_api_pages(app) -> None:
    """After autosummary wrote its pages: remove those no autosummary lists.

    autosummary writes a page for every object an ``autosummary`` directive
    lists, and never deletes one: after a helper is renamed or removed, its
    old page would stay, fail to import and be in no toctree.
    """
    from sphinx.ext.autosummary.generate import find_autosummary_in_files

    srcdir = Path(app.srcdir)
    sources = [
        str(app.env.doc2path(docname))
        for docname in app.env.found_docs
        if Path(app.env.doc2path(docname)).is_file()
    ]
    listed: dict[Path, set[str]] = {}
    for entry in find_autosummary_in_files(sources):
        if entry.path:
            folder = (srcdir / entry.path).resolve()
            listed.setdefault(folder, set()).add(f"{entry.name}.rst")
    removed: list[Path] = []
    for folder, names in listed.items():
        if folder.is_dir():
            for page in sorted(folder.glob("*.rst")):
                if page.name not in names:
                    _remove(page, removed)
    if removed:
        logger.info(
            "[stale_outputs] removed the API pages no autosummary lists: %s",
            ", ".join(sorted(os.path.relpath(path, srcdir) for path in removed)),
        )


def empty_unused_backreferences(app) -> None:
    """After Sphinx-Gallery runs: empty the example lists no example feeds."""
    conf = app.config.sphinx_gallery_conf
    if not conf["backreferences_dir"]:
        return
    folder = Path(app.srcdir) / conf["backreferences_dir"]
    index = folder / "backreferences_all.json"
    if not index.is_file():
        return
    used = set(json.loads(index.read_text(encoding="utf-8")))
    for path in folder.glob("*.examples"):
        name = path.name[: -len(".examples")]
        if name not in used and path.stat().st_size:
            path.write_text("", encoding="utf-8")


# -- Figures that Sphinx-Gallery copies into _images itself ------------------
# Sphinx copies the images it knows of (`env.images`); Sphinx-Gallery's
# `image-sg` nodes are copied by Sphinx-Gallery when a page is written, so
# they are recorded here, per document, to know which ones are still used.


def _gallery_images(env) -> dict[str, set[str]]:
    if not hasattr(env, "stale_outputs_images"):
        env.stale_outputs_images = {}
    return env.stale_outputs_images


def record_gallery_images(app, doctree) -> None:
    names = set()
    for node in doctree.findall(imgsgnode):
        entries = (node.get("srcset") or node["uri"]).split(",")
        names.update(Path(entry.strip().split(" ")[0]).name for entry in entries)
    _gallery_images(app.env)[app.env.docname] = names


def purge_gallery_images(app, env, docname) -> None:
    _gallery_images(env).pop(docname, None)


def merge_gallery_images(app, env, docnames, other) -> None:
    for docname in docnames:
        _gallery_images(env)[docname] = _gallery_images(other).get(docname, set())


# -- Index entries of the search index --------------------------------------
# Sphinx collects the index entries of the search index while it writes the
# pages, after it has saved the environment, so an incremental build forgets
# those of the pages it does not rewrite (sphinx-doc/sphinx#12599). They are
# saved when the build finishes and given back before the pages are written.
INDEX_ENTRIES = "stale_outputs_index_entries.pickle"


def save_index_entries(app, exception) -> None:
    entries = getattr(app.env, "_search_index_index_entries", None)
    if exception is None and entries is not None:
        with open(Path(app.doctreedir) / INDEX_ENTRIES, "wb") as file:
            pickle.dump(dict(entries), file, pickle.HIGHEST_PROTOCOL)


def restore_index_entries(app, env) -> list[str]:
    entries = getattr(env, "_search_index_index_entries", None)
    saved = Path(app.doctreedir) / INDEX_ENTRIES
    if entries is not None and saved.is_file():
        try:
            with open(saved, "rb") as file:
                previous = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError):
            previous = {}
        for docname, doc_entries in previous.items():
            if docname in env.all_docs:
                entries.setdefault(docname, doc_entries)
    return []


def drop_words_of_removed_pages(app):
    """Forget the search words that only removed pages contained.

    An incremental build removes a deleted page from each word's pages, but
    keeps the words with no page left, which a clean build does not have.
    Runs before the search index is written (html-collect-pages).
    """
    indexer = getattr(app.builder, "indexer", None)
    for name in ("_mapping", "_title_mapping"):
        words = getattr(indexer, name, None)
        if words is not None:
            for word in [word for word, pages in words.items() if not pages]:
                del words[word]
    return []


def plain_image_names(app, env) -> list[str]:
    """Give every image its own file name in ``_images`` when it is free.

    Sphinx names an image after its file, adding a number when the name is
    taken. An image that moves (an example moved to another section) is added
    before its old path is forgotten, and would keep the numbered name that a
    clean build does not give it. Returns the pages to rewrite.
    """
    images = env.images
    taken = {unique for _docs, unique in images.values()}
    pages = set()
    for filename, (docs, unique) in sorted(images.items()):
        plain = Path(filename).name
        if unique != plain and plain not in taken:
            taken.discard(unique)
            taken.add(plain)
            images[filename] = (docs, plain)
            pages |= docs
    images._existing = set(taken)
    return sorted(pages)


# -- Pages that show other pages ---------------------------------------------
# A page's navigation (previous / next links, the sidebar's table of
# contents) shows other pages' titles and order, and a mini-gallery shows the
# examples' titles and thumbnails. Sphinx rewrites only the pages whose own
# sources changed, so these would keep showing the old site.


def navigation(env) -> tuple:
    """What every page's navigation is made of: documents, toctrees, titles."""
    return (
        sorted(env.all_docs),
        sorted(
            (doc, tuple(children)) for doc, children in env.toctree_includes.items()
        ),
        sorted((doc, title.astext()) for doc, title in env.titles.items()),
    )


class NavigationWatch:
    """Rewrites every page when the site's navigation changed."""

    def __init__(self):
        self.before: tuple | None = None

    def remember(self, app, env, added, changed, removed) -> list[str]:
        self.before = navigation(env)
        return []

    def pages_to_rewrite(self, app, env) -> list[str]:
        if self.before is not None and navigation(env) != self.before:
            return sorted(env.found_docs)
        return []


def reread_examples_that_ran(app, env, added, changed, removed) -> list[str]:
    """The pages of the examples that ran in this build, to read and write again.

    An example that ran again may draw other figures with the same page text
    (same names, same output, even the same running time to the millisecond):
    Sphinx-Gallery then leaves its page untouched, and Sphinx, which copies a
    page's images only when it writes the page, would keep the old figures.
    """
    conf = app.config.sphinx_gallery_conf
    ran = [*conf.get("passing_examples", []), *conf.get("failing_examples", {})]
    srcdir = Path(app.srcdir)
    pages = []
    for examples_dir, gallery_dir in zip(conf["examples_dirs"], conf["gallery_dirs"]):
        source_root = (srcdir / examples_dir).resolve()
        for source in map(Path, ran):
            source = source.resolve()
            if source.is_relative_to(source_root):
                relative = source.relative_to(source_root).with_suffix("")
                pages.append((Path(gallery_dir) / relative).as_posix())
    return [page for page in pages if page in env.found_docs]


def depend_on_gallery_indexes(app, docname, source) -> None:
    """Re-read a page with a mini-gallery when the gallery's examples change.

    The mini-gallery reads the examples themselves, unknown to Sphinx; the
    gallery's generated indexes change whenever an example is added, removed,
    renamed or given another title, introduction or thumbnail.
    """
    if ".. minigallery::" not in source[0]:
        return
    conf = app.config.sphinx_gallery_conf
    srcdir = Path(app.srcdir)
    for gallery_dir in conf["gallery_dirs"]:
        for index in sorted((srcdir / gallery_dir).rglob("index.rst")):
            app.env.note_dependency(str(index))


class OutputPruner:
    """Deletes output files that no current document produces."""

    def __init__(self):
        self.removed_docs: set[str] = set()

    def note_removed(self, app, env, added, changed, removed):
        self.removed_docs = set(removed)
        return []

    def prune(self, app, exception) -> None:
        if exception is not None or app.builder.format != "html":
            return
        env, builder = app.env, app.builder
        outdir = Path(builder.outdir)
        removed: list[Path] = []
        pages = {Path(builder.get_outfilename(doc)) for doc in env.all_docs}
        for doc in self.removed_docs - set(env.all_docs):
            _remove(Path(builder.get_outfilename(doc)), removed)
        for page in outdir.rglob(f"*{builder.out_suffix}"):
            # Pages in folders without a leading underscore are documents;
            # the others (genindex, search, _modules, _static) are not.
            relative = page.relative_to(outdir)
            in_documents = len(relative.parts) > 1 and relative.parts[0][0] != "_"
            if in_documents and page not in pages:
                _remove(page, removed)
        self._prune_folder(outdir / "_sources", self._sources(app), removed)
        images = {name for _docs, name in env.images.values()}
        images.update(*_gallery_images(env).values())
        for image in (outdir / builder.imagedir).glob("sphx_glr_*"):
            if image.name not in images:
                _remove(image, removed)
        downloads = {Path(dest).as_posix() for _docs, dest in env.dlfiles.values()}
        self._prune_folder(outdir / "_downloads", downloads, removed)
        modules = getattr(env, "_viewcode_modules", None)
        if modules is not None:
            module_pages = {"index.html"} | {
                name.replace(".", "/") + builder.out_suffix
                for name, entry in modules.items()
                if entry
            }
            self._prune_folder(outdir / "_modules", module_pages, removed)
        if removed:
            logger.info(
                "[stale_outputs] removed %d output files that no document "
                "produces any more: %s",
                len(removed),
                ", ".join(sorted(os.path.relpath(path, outdir) for path in removed)),
            )

    @staticmethod
    def _sources(app) -> set[str]:
        if not app.config.html_copy_source:
            return set()
        suffix = app.config.html_sourcelink_suffix
        names = set()
        for doc in app.env.all_docs:
            name = Path(app.env.doc2path(doc, False)).as_posix()
            names.add(name if name.endswith(suffix) else name + suffix)
        return names

    @staticmethod
    def _prune_folder(folder: Path, keep: set[str], removed: list[Path]) -> None:
        """Delete the files under ``folder`` not listed (relative, posix) in keep."""
        if not folder.is_dir():
            return
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and path.relative_to(folder).as_posix() not in keep:
                _remove(path, removed)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def setup(app):
    # Sphinx-Gallery generates the gallery in a builder-inited handler of the
    # default priority (500), after stale_examples (100) deleted the MD5s of
    # the examples to re-run.
    app.connect("builder-inited", remove_stale_sources, priority=200)
    app.connect("builder-inited", empty_unused_backreferences, priority=900)
    # autosummary writes its pages at builder-inited, with the default priority.
    app.connect("builder-inited", remove_unlisted_api_pages, priority=600)
    app.connect("doctree-read", record_gallery_images)
    app.connect("env-purge-doc", purge_gallery_images)
    app.connect("env-merge-info", merge_gallery_images)
    pruner = OutputPruner()
    app.connect("env-get-outdated", pruner.note_removed)
    app.connect("build-finished", pruner.prune, priority=100)
    app.connect("env-updated", restore_index_entries)
    watch = NavigationWatch()
    app.connect("env-get-outdated", watch.remember)
    app.connect("env-get-outdated", reread_examples_that_ran)
    app.connect("env-get-updated", watch.pages_to_rewrite)
    app.connect("env-get-updated", plain_image_names)
    app.connect("source-read", depend_on_gallery_indexes)
    app.connect("html-collect-pages", drop_words_of_removed_pages)
    app.connect("build-finished", save_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
