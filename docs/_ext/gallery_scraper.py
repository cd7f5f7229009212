"""Sphinx-Gallery's matplotlib scraper, as this site needs it.

It wraps the scraper with the legibility check (figure_legibility) and adds:

- **Alt texts that say what a figure shows.** Sphinx-Gallery joins the
  figure's suptitle and all its Axes titles, and misses the suptitles of
  subfigures: a figure made of two titled subfigures got the alt text
  "plot longer training", from the file name. Here a figure is described by
  its suptitles (the figure's, then its subfigures'), else by its Axes
  titles; a figure with no title at all is reported, since it then has
  nothing to say to a reader who cannot see it.
- **Animations as sharp, light videos.** Sphinx-Gallery
  (``matplotlib_animations = (True, "mp4")``) saves an animation as an
  H.264 video shown with sphinxcontrib-video, rendered at the figure's own
  dpi (blurry on hi-dpi screens) and set to autoplay. Here its frames are
  rendered at twice the figure's pixels while the page shows it at the
  figure's size, as ``image_srcset = ["2x"]`` does for still figures; ffmpeg
  comes from the imageio-ffmpeg package; the video waits for the reader to
  press play (browsers block autoplay of videos that are not muted anyway),
  loops, plays inline on phones, and carries the figure's titles as its text
  alternative.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import imageio_ffmpeg
import matplotlib
import matplotlib.pyplot as plt
from figure_legibility import checked_matplotlib_scraper, figure_warning_rst
from matplotlib.animation import Animation
from sphinx.errors import ExtensionError

PIXEL_DENSITY = 2
VIDEO_SUFFIXES = {".mp4", ".webm"}
# "+faststart" puts the index first: the player shows the length and the
# first frame before the whole file has arrived. "animation" tunes x264 for
# flat areas and sharp edges, which is what plots are made of. One encoder
# thread and bit-exact muxing, without metadata, make the same frames give
# the same file on any machine (x264's output depends on its thread count,
# which follows the number of cores).
FFMPEG_ARGS = [
    *("-movflags", "+faststart", "-tune", "animation", "-threads", "1"),
    *("-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1"),
]

# What Sphinx-Gallery writes for each figure, in the order of the figures.
_FIGURE_DIRECTIVE = re.compile(
    r"^(?P<indent> *)\.\. (?P<kind>image-sg|video):: (?P<uri>\S+)\n"
    r"(?P<options>(?:(?P=indent)   :.*\n)*)",
    re.M,
)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def figure_titles(figure) -> str:
    """What the figure's titles say: its suptitles, else its Axes titles."""
    suptitles = []
    pending = [figure]
    while pending:
        current = pending.pop(0)
        if current._suptitle is not None:
            suptitles.append(current._suptitle.get_text())
        pending += current.subfigs
    titles = [_one_line(title) for title in suptitles if title.strip()]
    if not titles:
        for ax in figure.axes:
            for loc in ("left", "center", "right"):
                title = _one_line(ax.get_title(loc))
                if title and title not in titles:
                    titles.append(title)
    return ", ".join(titles)


def _save_hidpi(animation, filename, *args, dpi=None, **kwargs):
    """``Animation.save``, with video files rendered at twice the figure's dpi.

    The figure keeps its size: for H.264, matplotlib's ffmpeg writer trims
    the figure until its pixels are even at the dpi of the file being
    written, so the thumbnail Sphinx-Gallery saves first at a small dpi
    would otherwise shrink the video after it.
    """
    figure = animation._fig
    if Path(filename).suffix in VIDEO_SUFFIXES and dpi is None:
        # The figure Sphinx-Gallery reads the video's size from, too.
        dpi = PIXEL_DENSITY * figure.dpi
        kwargs.setdefault("extra_args", FFMPEG_ARGS)
    size = figure.get_size_inches()
    try:
        return type(animation).save(animation, filename, *args, dpi=dpi, **kwargs)
    finally:
        figure.set_size_inches(size)


def _for_readers(rst: str, alts: list[str]) -> str:
    """Give each figure its alt text; videos play inline, on request, in a loop."""
    alts = iter(alts)

    def rewrite(match):
        indent, kind = match["indent"], match["kind"]
        alt = next(alts, "")
        lines = [
            line
            for line in match["options"].splitlines(keepends=True)
            if line.strip() != ":autoplay:"
            and not (alt and line.strip().startswith(":alt:"))
        ]
        if kind == "video":
            lines.append(f"{indent}   :playsinline:\n")
            alt = alt and f"Animation: {alt}"
        if alt:
            lines.append(f"{indent}   :alt: {alt}\n")
        return f"{indent}.. {kind}:: {match['uri']}\n{''.join(lines)}"

    return _FIGURE_DIRECTIVE.sub(rewrite, rst)


def site_scraper(block, block_vars, gallery_conf, **kwargs):
    """The matplotlib scraper, with legibility check, alt texts and hi-dpi videos."""
    example = block_vars.get("src_file", "an example")
    # Read before scraping: saving an animation leaves it at its last frame.
    alts = [figure_titles(plt.figure(number)) for number in plt.get_fignums()]
    # Written into the page, to warn from the main process (see figure_legibility).
    untitled = "".join(
        figure_warning_rst(
            "figure_alt",
            f"Figure {number} has no title, so its alt text can only be the file "
            "name: give it a suptitle or Axes titles that say what it shows.",
        )
        for number, alt in zip(plt.get_fignums(), alts)
        if not alt
    )
    # One entry per animation, however many names refer to it (an animation
    # left as a cell's last expression is also Sphinx-Gallery's ``___``).
    animations = {
        id(value): value
        for value in block_vars["example_globals"].values()
        if isinstance(value, Animation)
    }.values()
    for animation in animations:
        # An instance attribute shadows the method for this scrape only.
        animation.save = functools.partial(_save_hidpi, animation)
    try:
        ffmpeg = {"animation.ffmpeg_path": imageio_ffmpeg.get_ffmpeg_exe()}
        with matplotlib.rc_context(ffmpeg):
            rst = checked_matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
    finally:
        for animation in animations:
            del animation.save
    found = len(_FIGURE_DIRECTIVE.findall(rst))
    if found != len(alts):
        raise ExtensionError(
            f"{example}: Sphinx-Gallery embedded {found} figures for "
            f"{len(alts)} open ones; check gallery_scraper against this "
            "Sphinx-Gallery version"
        )
    return untitled + _for_readers(rst, alts)
