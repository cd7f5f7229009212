"""The mlpviz site's Sphinx extension: what Sphinx-Gallery, Sphinx and the
theme do not do, on top of their own options (set in docs/conf.py). One
module per concern: ``examples`` (which examples run, in what order, and a
fresh site every build over their kept outputs), ``scraper`` (figures and
videos as readers need them), ``downloads`` (the scripts, notebooks and zips),
``html`` (figures', videos' and tags' HTML), ``roles.lua`` (pandoc filter).

Every handler, in the order it runs. Sphinx runs an event's handlers by
priority, those of equal priority in the order they were connected.

=========================  ====  ==============================================
``config-inited``
``Fingerprint.compute``       5  asks Sphinx-Gallery (which fills in its
                                 settings at 10) to run every example again
                                 when their fingerprint changed
``fresh_environment``       500  deletes Sphinx's state of the last build
                                 before Sphinx loads it
``builder-inited``
``fresh_html_pass``         100  empties the HTML folder and the API pages
                                 before anything writes there
``prune_gallery``           100  removes removed examples' outputs before
                                 Sphinx-Gallery reads them
``require_inventories``     500  stops the build if an inventory is missing:
                                 after intersphinx loads them (set up before
                                 it), before the examples run (set up before
                                 Sphinx-Gallery)
``Fingerprint.record``      900  after Sphinx-Gallery ran the examples (500)
``finish_downloads``        900  rewrites the downloads Sphinx-Gallery wrote
``palette_images``          900  stores Sphinx-Gallery's figures with a palette
``html-page-context``
``example_preview_card``    400  before sphinxext-opengraph (500) writes it
``build-finished``
``leave_only_the_site``     500  removes what is not the site from its folder
=========================  ====  ==============================================
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
