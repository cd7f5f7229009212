"""Small fixes to the HTML readers get from Sphinx-Gallery and the API pages.

- Alt texts of gallery figures are HTML-escaped. Sphinx-Gallery writes the
  figure's titles into ``alt="..."`` as they are, so a title holding a quote
  (``order="F": column by column``) ended the attribute early and the
  reader's alt text was cut there.
- Gallery videos get their text alternative as ``aria-label``, which screen
  readers announce (sphinxcontrib-video only puts it inside the element, as
  the fallback of browsers without video).
- Thumbnails are lazy-loaded: a gallery page fetches only those in view.
- The tags of an example link to the gallery, filtered on that tag.
- Titles that are one long dotted name (the API pages) may break after
  each dot on a narrow screen.
- The sitemap lists every page, not only those the build rewrote:
  sphinx-sitemap collects pages as they are written
  (jdillard/sphinx-sitemap#13), so an incremental build gave a sitemap of
  the changed pages only.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_gallery.directives import depart_imgsg_html, imgsgnode, visit_imgsg_html
from sphinxcontrib.video import (
    depart_video_node_html,
    video_node,
    visit_video_node_html,
)

GALLERY_INDEX = "auto_examples/index"
TAGS_CLASS = "sphx-glr-example-tags"
DOTTED_NAME = re.compile(r"^\w+(\.\w+)+$")


def visit_imgsg_escaped(translator, node):
    """Sphinx-Gallery's image visitor, with the alt text escaped for HTML."""
    alt = node["alt"]
    node["alt"] = escape(alt, quote=True)
    try:
        visit_imgsg_html(translator, node)
    finally:
        node["alt"] = alt


def visit_video_labelled(translator, node):
    """sphinxcontrib-video's visitor, with the alt text as the video's label."""
    alt = node["alt"]
    node["alt"] = escape(alt)
    try:
        visit_video_node_html(translator, node)
    finally:
        node["alt"] = alt
    if alt:
        label = escape(alt, quote=True)
        translator.body[-1] = translator.body[-1].replace(
            "<video ", f'<video aria-label="{label}" ', 1
        )


class LazyThumbnails(SphinxPostTransform):
    """Let the browser fetch gallery thumbnails only when they come into view."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs):
        for image in self.document.findall(nodes.image):
            if "/images/thumb/sphx_glr_" in image["uri"]:
                image["loading"] = "lazy"


class TagLinks(SphinxPostTransform):
    """Turn an example's "Tags: a, b" line into links to the filtered gallery."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs):
        for paragraph in self.document.findall(nodes.paragraph):
            if TAGS_CLASS not in paragraph["classes"]:
                continue
            _, _, names = paragraph.astext().partition("Tags:")
            gallery = self.app.builder.get_relative_uri(self.env.docname, GALLERY_INDEX)
            paragraph.children = [nodes.Text("Tags: ")]
            for number, tag in enumerate(t.strip() for t in names.split(",")):
                if number:
                    paragraph += nodes.Text(", ")
                paragraph += nodes.reference(
                    tag, tag, refuri=f"{gallery}?sg-tags={quote(tag)}"
                )


class BreakableDottedTitles(SphinxPostTransform):
    """Allow a line break after each dot of a title like ``mlpviz.weights.f``."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs):
        for title in self.document.findall(nodes.title):
            if len(title.children) != 1 or not isinstance(title[0], nodes.Text):
                continue
            text = title.astext()
            if not DOTTED_NAME.match(text):
                continue
            parts = text.split(".")
            children = []
            for part in parts[:-1]:
                children += [
                    nodes.Text(part + "."),
                    nodes.raw("", "<wbr>", format="html"),
                ]
            title.children = [*children, nodes.Text(parts[-1])]
            for child in title.children:
                child.parent = title


def complete_sitemap(app, exception):
    """Add the pages this build did not rewrite to sphinx-sitemap's list."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None:
        return
    from sphinx_sitemap import is_excluded

    collected = []
    while not links.empty():
        collected.append(links.get_nowait())
    listed = {link for link, _ in collected}
    suffix = app.config.html_file_suffix or ".html"
    for docname in sorted(app.env.found_docs):
        link = docname + suffix
        if link not in listed and not is_excluded(link, app.config.sitemap_excludes):
            collected.append((link, None))
    for item in collected:
        links.put(item)


def setup(app):
    app.setup_extension("sphinx_gallery.gen_gallery")
    app.setup_extension("sphinxcontrib.video")
    app.add_node(
        imgsgnode, override=True, html=(visit_imgsg_escaped, depart_imgsg_html)
    )
    app.add_node(
        video_node, override=True, html=(visit_video_labelled, depart_video_node_html)
    )
    app.add_post_transform(LazyThumbnails)
    app.add_post_transform(TagLinks)
    app.add_post_transform(BreakableDottedTitles)
    # Before sphinx-sitemap (priority 500) writes the sitemap.
    app.connect("build-finished", complete_sitemap, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
