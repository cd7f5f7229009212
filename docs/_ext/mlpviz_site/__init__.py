"""The mlpviz site's Sphinx extension: what Sphinx-Gallery, Sphinx and the
theme do not do for us, on top of their own options (set in docs/conf.py).

One module per concern:

- ``examples``: which examples run and in what order; a fresh site, every
  build, over the examples' kept outputs;
- ``scraper``: figures and videos as readers need them;
- ``downloads``: the scripts, notebooks and zips readers download;
- ``html``: the HTML of figures, videos, tags and API titles;
- ``roles.lua``: the pandoc filter that links the notebooks' Sphinx roles.

The handlers of ``builder-inited``, in the order they run (Sphinx runs the
handlers of an event by priority, and those of equal priority in the order
they were connected):

====  ========================  ===============================================
  10  (Sphinx-Gallery)          fills in its settings
 100  ``fresh_html_pass``       empties the HTML folder and the generated API
                                pages, before anything writes there
 100  ``prune_gallery``         removes the outputs of removed examples,
                                before Sphinx-Gallery reads them
 500  (autosummary)             writes the API pages
 500  (intersphinx)             loads the other projects' inventories
 500  ``require_inventories``   stops the build if one is missing, before the
                                examples run: set up after intersphinx and
                                before Sphinx-Gallery, below
 500  (Sphinx-Gallery)          runs the examples, writes pages and downloads
 900  ``Fingerprint.record``    records what the examples ran with
 900  ``finish_downloads``      rewrites the downloads Sphinx-Gallery wrote
 900  ``palette_images``        stores its figures with a palette
====  ========================  ===============================================

``config-inited``, priority 5 (before Sphinx-Gallery fills in its settings,
at 10): ``Fingerprint.compute`` asks it to run every example again when the
fingerprint changed; at 500, before Sphinx loads its state of the last
build, ``fresh_environment`` deletes it.

``html-page-context``, priority 400: ``example_preview_card`` sets an
example page's preview image before sphinxext-opengraph (500) writes it.
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
            f"No inventory for {', '.join(missing)}, so the links to their "
            "documentation would be missing. Check the network or the proxy "
            "variables (HTTPS_PROXY); to build without network access on "
            "purpose, set MLPVIZ_OFFLINE=1."
        )


def setup(app):
    if "sphinx_gallery.gen_gallery" in app.extensions:
        raise ExtensionError(
            "conf.py must list mlpviz_site before sphinx_gallery.gen_gallery "
            "(mlpviz_site sets it up, see the order in its docstring)"
        )
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
    app.setup_extension("sphinxcontrib.video")
    html.setup(app)
    app.connect("html-page-context", html.example_preview_card, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
