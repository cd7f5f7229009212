"""Sphinx-Gallery's matplotlib scraper, with what the site's readers need.

- A figure's alt text is its label (``fig.set_label(...)``, set in a block
  the build alone runs): what it shows and what to notice, in a sentence or
  two. A figure without one, or whose label only repeats its titles, fails
  its example. A video's label is also written under it, as the description
  of what changes as it plays (``html.visit_video`` links the two).
- A figure whose smallest text would be under 9 CSS pixels in the page's
  column fails its example, with the size it would have.
- Animations become H.264 videos at twice the figure's pixels, shown at its
  size (as ``image_srcset = ["2x"]`` does for figures), that wait for play,
  loop and play inline on phones.

Examples run in worker processes, whose log messages never reach Sphinx: a
problem is raised as an error of the example, which fails the build.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import imageio_ffmpeg
import matplotlib
import matplotlib.pyplot as plt
from matplotlib.animation import FFMpegWriter, writers
from matplotlib.text import Text
from PIL import Image
from sphinx_gallery.scrapers import matplotlib_scraper

# The content column of an example page in a 1400-px window (measured in
# Chromium), and the smallest text readers should meet there.
COLUMN_WIDTH_PX = 714
MIN_TEXT_PX = 9.0
MAX_ALT_CHARS = 300
PIXEL_DENSITY = 2
# Index first (the player knows the length before the file has arrived),
# x264 tuned for flat plots, and one thread with bit-exact muxing: the same
# frames give the same file on any machine.
FFMPEG_ARGS = [
    *("-movflags", "+faststart", "-tune", "animation", "-threads", "1"),
    *("-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1"),
]
# What Sphinx-Gallery writes for each figure, in the order of the figures.
FIGURE_DIRECTIVE = re.compile(
    r"^(?P<indent> *)\.\. (?P<kind>image-sg|video):: (?P<uri>\S+)\n"
    r"(?P<options>(?:(?P=indent)   :.*\n)*)",
    re.MULTILINE,
)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def figure_titles(figure) -> str:
    """All the figure's titles: suptitles (subfigures' too) and Axes titles."""
    figures = [figure]
    for current in figures:
        figures += current.subfigs
    titles = [f.get_suptitle() for f in figures]
    sides = ("left", "center", "right")
    titles += [ax.get_title(side) for ax in figure.axes for side in sides]
    return ", ".join(_one_line(title) for title in titles if title.strip())


def figure_alt(figure) -> str:
    return _one_line(figure.get_label())


def drawn_texts(figure) -> list[Text]:
    """The non-empty texts that drawing ``figure`` shows."""
    figure.draw_without_rendering()  # tick labels get their text when drawn
    hidden = set()
    for ax in figure.axes:
        if not ax.get_visible():
            hidden.update(map(id, ax.findobj(Text)))
        elif not ax.axison:  # the tick labels stay in the Axes, undrawn
            for axis in (ax.xaxis, ax.yaxis):
                hidden.update(map(id, [axis.label, *axis.get_ticklabels(which="both")]))
    return [
        text
        for text in figure.findobj(Text)
        if id(text) not in hidden and text.get_visible() and text.get_text().strip()
    ]


def smallest_text_px(figure, column_px: float = COLUMN_WIDTH_PX) -> tuple[float, str]:
    """The smallest text of ``figure`` in CSS pixels at ``column_px``, and it
    (a figure shows one CSS pixel per dot, shrunk to a narrower column)."""
    texts = drawn_texts(figure)
    if not texts:
        return float("inf"), ""
    scale = min(1.0, column_px / (figure.get_figwidth() * figure.dpi))
    smallest = min(texts, key=Text.get_fontsize)
    return smallest.get_fontsize() / 72 * figure.dpi * scale, smallest.get_text()


def figure_problems(number: int, figure) -> list[str]:
    problems = []
    name = f"Figure {number}"
    alt = figure_alt(figure)
    if alt in figure_titles(figure):  # the empty label too
        problems.append(
            f"{name} has no description beyond its titles: give it a label, "
            "its alt text, saying what it shows and what to notice."
        )
    elif len(alt) > MAX_ALT_CHARS:
        problems.append(f"{name}'s label has {len(alt)} > {MAX_ALT_CHARS} characters.")
    pixels, text = smallest_text_px(figure)
    if pixels < MIN_TEXT_PX:
        problems.append(
            f"{name} ({figure.get_figwidth():.1f} in wide) shows "
            f"{_one_line(text)[:40]!r} at {pixels:.1f} px in the page's column; "
            f"text needs {MIN_TEXT_PX:.0f} px: make the figure narrower or its "
            "text larger."
        )
    return problems


@writers.register("mlpviz_hidpi_ffmpeg")
class HiDpiVideoWriter(FFMpegWriter):
    """FFmpeg at twice the figure's dpi, from the figure's size before the
    thumbnail (ffmpeg trims the figure to even pixels at the thumbnail's dpi)."""

    sizes: ClassVar[dict] = {}  # figure -> its size in inches, set by the scraper

    def setup(self, fig, outfile, dpi=None):
        fig.set_size_inches(self.sizes.get(fig, fig.get_size_inches()))
        super().setup(fig, outfile, PIXEL_DENSITY * (dpi or fig.dpi))


def _for_readers(rst: str, alts: list[str]) -> str:
    """Give each figure its alt text; videos play inline, on request, in a loop."""
    alts = iter(alts)

    def rewrite(match):
        indent, kind, alt = match["indent"], match["kind"], next(alts)
        lines = [
            line
            for line in match["options"].splitlines(keepends=True)
            if line.strip() != ":autoplay:" and not line.strip().startswith(":alt:")
        ]
        caption = ""
        if kind == "video":
            lines.append(f"{indent}   :playsinline:\n")
            caption = f"\n{indent}.. container:: mlpviz-video-description\n\n"
            caption += f"{indent}   Animation: {alt}\n\n"
            alt = "Animation, described below"
        lines.append(f"{indent}   :alt: {alt}\n")
        return f"{indent}.. {kind}:: {match['uri']}\n{''.join(lines)}{caption}"

    return FIGURE_DIRECTIVE.sub(rewrite, rst)


def matplotlib_for_readers(block, block_vars, gallery_conf, **kwargs):
    """Sphinx-Gallery's matplotlib scraper, as the module docstring describes."""
    figures = [plt.figure(number) for number in plt.get_fignums()]
    problems = [
        problem
        for number, figure in enumerate(figures, 1)
        for problem in figure_problems(number, figure)
    ]
    if problems:
        plt.close("all")  # Sphinx-Gallery scrapes again after an error
        raise ValueError(" ".join(problems))
    # Read before scraping: saving an animation leaves it at its last frame.
    alts = [figure_alt(figure) for figure in figures]
    HiDpiVideoWriter.sizes = {figure: figure.get_size_inches() for figure in figures}
    video = {
        "animation.writer": "mlpviz_hidpi_ffmpeg",
        "animation.ffmpeg_path": imageio_ffmpeg.get_ffmpeg_exe(),
        "animation.ffmpeg_args": FFMPEG_ARGS,
    }
    with matplotlib.rc_context(video):
        rst = matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
    found = len(FIGURE_DIRECTIVE.findall(rst))
    if found != len(alts):
        raise RuntimeError(
            f"Sphinx-Gallery embedded {found} figures for {len(alts)} open ones: "
            "update docs/_ext/mlpviz_site/scraper.py for this Sphinx-Gallery"
        )
    return _for_readers(rst, alts)


def palette_images(app) -> None:
    """After Sphinx-Gallery has run: its PNGs stored with a 256-colour palette.

    Our plots hold a few hundred colours: undithered, they look the same at
    half the weight of RGBA (optipng, ``compress_images``, saves far less).
    Thumbnails show on white (mlpviz.css), so they are made opaque first.
    """
    for gallery_dir in app.config.sphinx_gallery_conf["gallery_dirs"]:
        for path in sorted(Path(app.srcdir, gallery_dir).glob("**/images/**/*.png")):
            with Image.open(path) as image:
                if image.mode == "P":
                    continue
                image = image.convert("RGBA")
            if image.getchannel("A").getextrema()[0] < 255:
                if path.parent.name != "thumb":
                    continue
                image = Image.alpha_composite(
                    Image.new("RGBA", image.size, "white"), image
                )
            palette = image.convert("RGB").quantize(
                colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
            )
            palette.save(path, format="PNG", optimize=True)
