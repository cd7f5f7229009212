"""Gallery figures shown outside their example: the landing page's hero figure
and the image of each page's social preview card.

The figure is named in conf.py by its example and number, as
``hero_figure = ("weights_as_images/plot_longer_training", 1)``: the build
takes the image (and its 2x copy) that running the example wrote, and the
alt text Sphinx-Gallery gave it there, so the landing page always shows the
current figure, described as on its own page. When the examples were not
run (``-D plot_gallery=0``) the directive shows only the link to the example.

Preview cards (sphinxext-opengraph): an example page shows its own
thumbnail; every other page shows the hero figure.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

GALLERY_DIR = "auto_examples"


def _figure_paths(example: str, number: int) -> tuple[str, str]:
    """Source-relative paths of a gallery figure's image and its 2x copy."""
    section, name = example.split("/")
    stem = f"{GALLERY_DIR}/{section}/images/sphx_glr_{name}_{number:03d}"
    return f"{stem}.png", f"{stem}_2_00x.png"


def _alt_text(example_rst: Path, image: str) -> str:
    """The alt text Sphinx-Gallery wrote for ``image`` in the example's reST."""
    text = example_rst.read_text(encoding="utf-8")
    options = rf"image-sg:: /{re.escape(image)}\n(?:[ \t]+:.*\n)*?[ \t]+:alt: (.*)\n"
    match = re.search(options, text)
    return match[1].strip() if match else ""


class HeroFigure(SphinxDirective):
    """Show the configured gallery figure, linked to its example."""

    has_content = False

    def run(self):
        example, number = self.config.hero_figure
        docname = f"{GALLERY_DIR}/{example}"
        image, image_2x = _figure_paths(example, number)
        example_rst = self.env.srcdir / f"{docname}.rst"
        link = f"From the example :doc:`/{docname}`."
        if not (self.env.srcdir / image).is_file() or not example_rst.is_file():
            logger.info("hero figure %s not built: showing only its link", image)
            return self.parse_text_to_nodes(link)
        # Re-read this page when the example's page (and its figure) changes.
        self.env.note_dependency(str(example_rst))
        alt = _alt_text(example_rst, image) or f"Figure {number} of {example}"
        srcset = f"/{image}"
        if (self.env.srcdir / image_2x).is_file():
            srcset += f", /{image_2x} 2.00x"
        rst = (
            ".. container:: mlpviz-hero\n\n"
            f"   .. image-sg:: /{image}\n"
            f"      :alt: {alt}\n"
            f"      :srcset: {srcset}\n"
            "      :class: sphx-glr-single-img\n\n"
            f"   {link}\n"
        )
        return self.parse_text_to_nodes(rst)


def preview_image(app, pagename, templatename, context, doctree):
    """Set the page's preview image before sphinxext-opengraph writes its tags."""
    if doctree is None:
        return
    parts = pagename.split("/")
    if parts[0] == GALLERY_DIR and len(parts) == 3 and parts[2].startswith("plot_"):
        _, section, name = parts
        image = f"{GALLERY_DIR}/{section}/images/thumb/sphx_glr_{name}_thumb.png"
        alt = f"Thumbnail of the example: {context.get('title', name)}"
    else:
        example, number = app.config.hero_figure
        image = _figure_paths(example, number)[0]
        example_rst = Path(app.srcdir) / f"{GALLERY_DIR}/{example}.rst"
        alt = _alt_text(example_rst, image) if example_rst.is_file() else ""
    if not (Path(app.srcdir) / image).is_file():
        return
    base = app.config.html_baseurl.rstrip("/")
    # A copy: the page's own meta fields stay as the environment holds them.
    context["meta"] = {
        **(context.get("meta") or {}),
        "og:image": f"{base}/_images/{Path(image).name}",
        "og:image:alt": alt or app.config.project,
    }


def setup(app):
    app.add_config_value("hero_figure", None, "env", types=(tuple,))
    app.add_directive("hero-figure", HeroFigure)
    # Before sphinxext-opengraph (priority 500) reads the page's meta fields.
    app.connect("html-page-context", preview_image, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
