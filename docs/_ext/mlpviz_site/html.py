"""The HTML of the gallery's figures and videos.

Every image and video carries its size (the page does not shift while it
loads), and every gallery figure opens at full size with a tap or a click.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.images import get_image_size
from sphinx_gallery.directives import depart_imgsg_html, imgsgnode, visit_imgsg_html
from sphinxcontrib.video import depart_video_node_html, video_node


def visit_figure(translator, node) -> None:
    """Sphinx-Gallery's figure, with its size (it writes none) and its alt
    text escaped (it writes it raw), linked to its largest copy."""
    alt = node["alt"]
    node["alt"] = escape(alt, quote=True)
    try:
        visit_imgsg_html(translator, node)
    finally:
        node["alt"] = alt
    tag = translator.body[-1]
    width, height = get_image_size(Path(translator.builder.srcdir, node["uri"][1:]))
    largest = re.search(r'srcset="(?:[^"]*,\s*)?(\S+)[^",]*"', tag)[1]
    translator.body[-1] = (
        f'<a class="mlpviz-full-size" href="{largest}">'
        + tag.replace("<img ", f'<img width="{width}" height="{height}" ', 1)
        + "</a>"
    )


def visit_video(translator, node) -> None:
    """A video with its size, label, description (the text under it) and
    controls: sphinxcontrib-video writes ``controls="True"`` and no label."""
    flags = [name for name in ("controls", "loop", "playsinline") if node[name]]
    size = [f'{name}="{node[name]}"' for name in ("width", "height") if node[name]]
    label = f'aria-label="{escape(node["alt"], quote=True)}"' if node["alt"] else ""
    described = node.next_node(descend=False, siblings=True)
    if described and "mlpviz-video-description" in described.get("classes", []):
        described["ids"] = [f"{Path(node['sources'][0][0]).stem}-description"]
        label += f' aria-describedby="{described["ids"][0]}"'
    classes = f'class="{node["klass"]}"' if node["klass"] else ""
    sources = ""
    for src, type_, _ in node["sources"]:
        if src in (images := translator.builder.images):
            src = Path(translator.builder.imgpath, quote(images[src]))
        sources += f'<source src="{Path(src).as_posix()}" type="{type_}">'
    attributes = " ".join(filter(None, [*flags, 'preload="metadata"', *size, label]))
    translator.body.append(
        f'<div class="sphinx-contrib-video-container align-{node["align"]}">'
        f"<video {attributes} {classes}>{sources}"
    )


class ImageSizes(SphinxPostTransform):
    """Every image with its size, read from its file (a ``scale`` of 100 %
    makes Sphinx read it); thumbnails fetched only when they come into view."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs):
        for image in self.document.findall(nodes.image):
            if "://" not in image["uri"] and "scale" not in image:
                image["scale"] = 100
            if image["uri"].endswith("_badge_logo.svg"):  # 150 px wide, 20 high
                del image["width"]  # stretched the Binder and JupyterLite buttons
            if "/images/thumb/sphx_glr_" in image["uri"]:
                image["loading"] = "lazy"


def example_preview_card(app, pagename, templatename, context, doctree) -> None:
    """An example's preview card shows its thumbnail, other pages the hero
    (Sphinx-Gallery cannot write the ``og:image`` field sphinxext-opengraph reads)."""
    section, _, name = pagename.rpartition("/")
    if doctree is None or not section.startswith("auto_examples/"):
        return
    if not name.startswith("plot_"):
        return
    image = f"{app.config.html_baseurl}_images/sphx_glr_{name}_thumb.png"
    alt = f"Thumbnail of the example: {context.get('title', name)}"
    context["meta"] = {**(context.get("meta") or {}), "og:image": image}
    context["meta"]["og:image:alt"] = alt


def without_jupyterlite_sphinx_assets(app, pagename, templatename, context, doctree):
    """No page loads jupyterlite-sphinx's styles, script and Google font: they
    serve its directives, which the site does not use, and its setup() adds
    them to every page with no option to leave them out."""
    unused = re.compile(r"(^|/)jupyterlite_sphinx\.|//fonts\.googleapis\.com/")
    for key in ("css_files", "script_files"):
        names = [(a, str(getattr(a, "filename", a))) for a in context.get(key, [])]
        context[key] = [asset for asset, name in names if not unused.search(name)]


def setup(app) -> None:
    app.add_node(imgsgnode, override=True, html=(visit_figure, depart_imgsg_html))
    app.add_node(video_node, override=True, html=(visit_video, depart_video_node_html))
    for transform in (ImageSizes,):
        app.add_post_transform(transform)
