"""The mlpviz site's Sphinx extension: what Sphinx-Gallery, Sphinx and the
theme do not do, on top of their options (docs/conf.py). Modules: ``examples``
(which run, in what order; a fresh site over their kept outputs), ``scraper``
(figures and videos), ``downloads`` (scripts, notebooks, zips, wheel),
``html`` (figures', videos' and tags' HTML), ``roles.lua`` (pandoc filter).

Every handler, by event, in the order it runs (priority, then as connected):

- config-inited: ``Fingerprint.compute`` (5) asks Sphinx-Gallery, before it
  fills in its settings (10), to run every example when the fingerprint
  changed; ``fresh_environment`` (500) deletes Sphinx's state of the last
  build before Sphinx loads it; ``drop_lite_contents`` (950) undoes an entry
  Sphinx-Gallery adds at 900.
- builder-inited: ``fresh_html_pass``, ``prune_gallery``, ``require_wheel``
  (100) clear the HTML folder and removed examples' outputs, and check the
  wheel, before Sphinx-Gallery reads or writes anything; ``require_inventories``
  (500) after intersphinx loads them and before the examples run (set up
  between the two); Sphinx-Gallery (500) runs the examples;
  ``Fingerprint.record``, ``finish_downloads``, ``palette_images`` (900) after.
- doctree-resolved: ``no_lite_badge`` (500).
- html-page-context: ``example_preview_card`` (400) before sphinxext-opengraph
  (500) writes it; ``without_jupyterlite_sphinx_assets`` (500).
- build-finished: ``leave_only_the_site`` (500).
"""

from __future__ import annotations

from sphinx.errors import ExtensionError
from sphinx.ext.intersphinx import InventoryAdapter

from . import downloads, examples, html, scraper
from .examples import one_blas_thread, reading_order  # named in conf.py

__all__ = ["one_blas_thread", "reading_order"]

BEFORE_SETTINGS = 5
BEFORE_GALLERY = 100
AFTER_GALLERY = 900


def require_inventories(app) -> None:
    """Stop at once when an inventory is missing, rather than after every
    example ran (the missing links fail a build with -W at its end)."""
    loaded = InventoryAdapter(app.env).named_inventory
    missing = sorted(set(app.config.intersphinx_mapping) - set(loaded))
    if missing:
        raise ExtensionError(
            f"No inventory for {', '.join(missing)}, so the links to their docs "
            "would be missing. Check the network or the proxy variables "
            "(HTTPS_PROXY); to build offline on purpose, set MLPVIZ_OFFLINE=1."
        )


def drop_lite_contents(app, config) -> None:
    """Serve Sphinx-Gallery's notebooks from the folder jupyterlite-sphinx
    builds from, not as an entry of ``jupyterlite_contents``, which 0.23
    stages one level too deep (jupyterlite/jupyterlite-sphinx#337)."""
    if "jupyterlite_contents" in config:
        config.jupyterlite_contents = []


def setup(app):
    if "sphinx_gallery.gen_gallery" in app.extensions:
        message = "conf.py must list mlpviz_site before sphinx_gallery.gen_gallery"
        raise ExtensionError(f"{message} (it sets it up: see its docstring)")
    app.add_config_value("mlpviz_example_packages", ("mlpviz",), "html")
    app.add_config_value("mlpviz_example_libraries", examples.LIBRARIES, "html")
    fingerprint = examples.Fingerprint()
    app.connect("config-inited", fingerprint.compute, priority=BEFORE_SETTINGS)
    app.connect("builder-inited", examples.fresh_html_pass, priority=BEFORE_GALLERY)
    app.connect("builder-inited", examples.prune_gallery, priority=BEFORE_GALLERY)
    app.connect("config-inited", examples.fresh_environment)
    app.connect("build-finished", examples.leave_only_the_site)
    app.setup_extension("sphinx.ext.intersphinx")
    app.connect("builder-inited", require_inventories)
    app.setup_extension("sphinx_gallery.gen_gallery")
    app.connect("builder-inited", fingerprint.record, priority=AFTER_GALLERY)
    app.connect("builder-inited", downloads.finish_downloads, priority=AFTER_GALLERY)
    app.connect("builder-inited", scraper.palette_images, priority=AFTER_GALLERY)
    app.connect("builder-inited", downloads.require_wheel, priority=BEFORE_GALLERY)
    app.connect("config-inited", drop_lite_contents, priority=AFTER_GALLERY + 50)
    app.connect("doctree-resolved", downloads.no_lite_badge)
    app.setup_extension("sphinxcontrib.video")
    html.setup(app)
    app.connect("html-page-context", html.example_preview_card, priority=400)
    app.connect("html-page-context", html.without_jupyterlite_sphinx_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
