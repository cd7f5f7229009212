"""Refuse gallery figures whose text would be too small to read on the page.

A figure wider than the page's column is shrunk to fit it, and its text with
it: a 12-inch figure with 8-point tick labels ends up with 6-pixel text. This
wraps Sphinx-Gallery's matplotlib scraper: before a figure is saved, the
smallest text it holds is converted to CSS pixels at the width the page shows
it, and a figure under the limit is reported with its title, its width and
the size it would need.

Examples may run in worker processes (Sphinx-Gallery's ``parallel``), where
Sphinx's logging does not reach the build's warning count. So the scraper does
not log: it writes a directive into the example's page, and the directive
warns when Sphinx reads that page, in the main process, where ``-W`` turns
the warning into a failed build.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from docutils.parsers.rst import Directive
from matplotlib.text import Text
from sphinx.util import logging
from sphinx_gallery.scrapers import matplotlib_scraper

logger = logging.getLogger(__name__)

# Width of the content column, in CSS pixels, of an example page in a
# 1400-pixel-wide browser window (measured in Chromium), and the smallest
# text height readers should meet there.
COLUMN_WIDTH_PX = 714
MIN_TEXT_PX = 9.0
POINTS_PER_INCH = 72


def drawn_texts(figure) -> list[Text]:
    """The non-empty texts that drawing ``figure`` shows.

    Tick labels of Axes whose axis is switched off stay in the figure but are
    not drawn, so they are left out.
    """
    texts = list(figure.texts)
    for subfigure in figure.subfigs:
        texts += drawn_texts(subfigure)
    for ax in figure.axes:
        if not ax.get_visible():
            continue
        texts += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                texts += [axis.label, *axis.get_ticklabels(which="both")]
        legend = ax.get_legend()
        if legend is not None:
            texts += [legend.get_title(), *legend.get_texts()]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def smallest_text_px(figure, column_px: float = COLUMN_WIDTH_PX) -> tuple[float, str]:
    """Return the smallest text of ``figure`` in CSS pixels at ``column_px``, and it.

    A figure is shown at its natural size (one CSS pixel per dot at the
    figure's dpi) unless it is wider than the column, then shrunk to fit.
    """
    dpi = figure.dpi
    width_px = figure.get_figwidth() * dpi
    scale = min(1.0, column_px / width_px)
    texts = drawn_texts(figure)
    if not texts:
        return float("inf"), ""
    smallest = min(texts, key=Text.get_fontsize)
    pixels = smallest.get_fontsize() / POINTS_PER_INCH * dpi * scale
    return pixels, smallest.get_text()


class FigureWarning(Directive):
    """Warn, at the page being read, about a figure the scraper found wanting.

    The argument is the warning's subtype, the content its message.
    """

    required_arguments = 1
    has_content = True

    def run(self):
        logger.warning(
            " ".join(self.content),
            location=(self.state.document.settings.env.docname, self.lineno),
            type="mlpviz",
            subtype=self.arguments[0],
        )
        return []


def figure_warning_rst(subtype: str, message: str) -> str:
    """The reST that makes Sphinx warn ``message`` when it reads the page."""
    return f"\n.. mlpviz-figure-warning:: {subtype}\n\n   {' '.join(message.split())}\n"


def checked_matplotlib_scraper(block, block_vars, gallery_conf, **kwargs):
    """Sphinx-Gallery's matplotlib scraper, after a legibility check of each figure."""
    reports = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        pixels, text = smallest_text_px(figure)
        if pixels < MIN_TEXT_PX:
            title = figure._suptitle.get_text() if figure._suptitle else ""
            name = " ".join((title or f"number {number}").split())
            reports.append(
                figure_warning_rst(
                    "figure_legibility",
                    f"Figure {name!r} ({figure.get_figwidth():.1f} in wide) shows "
                    f"{' '.join(text.split())[:40]!r} at {pixels:.1f} px on the "
                    f"page; text needs at least {MIN_TEXT_PX:.0f} px: make the "
                    "figure narrower or its text larger.",
                )
            )
    return "".join(reports) + matplotlib_scraper(
        block, block_vars, gallery_conf, **kwargs
    )


def setup(app):
    app.add_directive("mlpviz-figure-warning", FigureWarning)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
