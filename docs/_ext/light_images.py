"""Keep the gallery's images light: 256-colour PNGs instead of full RGBA.

Matplotlib and Sphinx-Gallery write every figure, its 2x copy and every
thumbnail as 32-bit RGBA PNGs. Our figures are plots: a few hundred
colours at most (a colormap has 256, plus the anti-aliased text), on an
opaque white background. Stored with a 256-colour palette, without
dithering, they look the same and weigh two to three times less, which
keeps every page, its 2x figures included, within the 1 MB budget.

This runs when the build starts, after Sphinx-Gallery has run the examples,
and converts the images that are not converted yet. Thumbnails are shown on
white (mlpviz.css), so the transparent margins Sphinx-Gallery gives them are
made white first; other images with transparent pixels are left as they are.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from sphinx.util import logging

logger = logging.getLogger(__name__)

PALETTE_COLOURS = 256


def to_palette(path: Path, *, on_white: bool = False) -> bool:
    """Store the PNG at ``path`` with a 256-colour palette; True if it changed.

    With ``on_white``, transparent pixels are first laid on a white page.
    """
    with Image.open(path) as image:
        if image.mode == "P":
            return False
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema()[0] < 255:
            if not on_white:
                return False  # a palette would not keep the transparency exactly
            image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
        palette = image.convert("RGB").quantize(
            colors=PALETTE_COLOURS,
            method=Image.Quantize.MEDIANCUT,
            dither=Image.Dither.NONE,
        )
    palette.save(path, format="PNG", optimize=True)
    return True


def lighten_gallery_images(app):
    """Convert the PNGs under every gallery's ``images`` folders."""
    converted = 0
    for gallery_dir in app.config.sphinx_gallery_conf["gallery_dirs"]:
        for path in sorted(Path(app.srcdir, gallery_dir).glob("**/images/**/*.png")):
            converted += to_palette(path, on_white=path.parent.name == "thumb")
    if converted:
        logger.info("light_images: %d gallery images stored with a palette", converted)


def setup(app):
    app.setup_extension("sphinx_gallery.gen_gallery")
    # After Sphinx-Gallery (priority 500) has run the examples and made the
    # thumbnails, before Sphinx reads the pages that show them.
    app.connect("builder-inited", lighten_gallery_images, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
