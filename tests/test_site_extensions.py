"""The site's own build helpers: page weights, light images, animation videos."""

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from bench_page_weight import page_weight, site_weights  # noqa: E402


def write(path, size):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    return path


def test_page_weight_counts_what_a_hidpi_screen_downloads(tmp_path):
    write(tmp_path / "_images" / "fig.png", 1_000)
    write(tmp_path / "_images" / "fig_2_00x.png", 3_000)
    write(tmp_path / "_images" / "anim.mp4", 20_000)
    write(tmp_path / "_images" / "unused.png", 50_000)
    page = tmp_path / "sub" / "page.html"
    page.parent.mkdir()
    page.write_text(
        '<img src="../_images/fig.png" '
        'srcset="../_images/fig.png, ../_images/fig_2_00x.png 2.00x" alt="a">'
        '<img src="../_images/fig.png" alt="the 1x figure, without a srcset">'
        '<img src="../_images/fig.png" alt="the same file again, counted once">'
        '<img src="https://example.org/elsewhere.png" alt="not ours">'
        '<img src="data:image/png;base64,AAAA" alt="inline">'
        '<video controls><source src="../_images/anim.mp4" type="video/mp4"></video>',
        encoding="utf-8",
    )
    total, media = page_weight(page, tmp_path)
    assert total == page.stat().st_size + 3_000 + 1_000 + 20_000
    assert media == [
        ("_images/anim.mp4", 20_000),
        ("_images/fig_2_00x.png", 3_000),
        ("_images/fig.png", 1_000),
    ]
    assert site_weights(tmp_path) == {"sub/page.html": total}


def plot_like_image():
    """An opaque RGBA image with a colormap's worth of colours and sharp edges."""
    rng = np.random.default_rng(0)
    pixels = np.full((120, 200, 4), 255, dtype=np.uint8)
    ramp = np.linspace(0, 255, 200).astype(np.uint8)
    pixels[20:100, :, 0] = ramp
    pixels[20:100, :, 2] = ramp[::-1]
    pixels[40:60, 50:150, :3] = rng.integers(0, 255, size=(20, 100, 3))
    return pixels


def test_gallery_pngs_get_a_palette_and_keep_their_look(tmp_path):
    from light_images import to_palette

    pixels = plot_like_image()
    path = tmp_path / "figure.png"
    Image.fromarray(pixels, "RGBA").save(path)
    before = path.stat().st_size

    assert to_palette(path)
    with Image.open(path) as image:
        assert image.mode == "P"
        after = np.asarray(image.convert("RGBA"), dtype=int)
    assert path.stat().st_size < before
    # The white paper stays exactly white, colours move by a few levels at most.
    assert (after[0, 0] == 255).all()
    assert np.abs(after[20:100] - pixels[20:100]).mean() < 4
    assert not to_palette(path), "an image already converted is left alone"


def test_transparent_pngs_are_left_alone_unless_shown_on_white(tmp_path):
    from light_images import to_palette

    pixels = plot_like_image()
    pixels[:10, :, 3] = 0  # a transparent margin, as thumbnails have
    path = tmp_path / "transparent.png"
    Image.fromarray(pixels, "RGBA").save(path)
    content = path.read_bytes()
    assert not to_palette(path)
    assert path.read_bytes() == content

    assert to_palette(path, on_white=True)
    with Image.open(path) as image:
        flattened = np.asarray(image.convert("RGBA"))
    assert (flattened[:10] == 255).all(), "the transparent margin became white"


SCRAPED = """
.. rst-class:: sphx-glr-horizontal


    *

      .. image-sg:: /auto_examples/section/images/sphx_glr_plot_x_001.png
         :alt: plot x
         :srcset: /auto_examples/section/images/sphx_glr_plot_x_001.png
         :class: sphx-glr-multi-img

    *

      .. video:: /auto_examples/section/images/sphx_glr_plot_x_002.mp4
         :class: sphx-glr-single-img
         :height: 540
         :width: 648
         :autoplay:
         :loop:

Some text after it.
"""


def test_figures_get_their_titles_and_videos_wait_for_play():
    pytest.importorskip("imageio_ffmpeg")
    from gallery_scraper import _for_readers

    rst = _for_readers(SCRAPED, ["Two weight grids", "Epoch 1"])
    assert ":alt: plot x" not in rst
    assert "         :alt: Two weight grids\n" in rst
    assert ":autoplay:" not in rst
    assert ":nocontrols:" not in rst  # sphinxcontrib-video shows controls by default
    for option in (
        ":loop:",
        ":playsinline:",
        ":alt: Animation: Epoch 1",
        ":width: 648",
    ):
        assert f"         {option}\n" in rst
    assert rst.endswith("\nSome text after it.\n")


def test_figure_titles_read_subfigures_and_fall_back_on_axes_titles():
    pytest.importorskip("imageio_ffmpeg")
    import matplotlib.pyplot as plt
    from gallery_scraper import figure_titles

    fig = plt.figure()
    for subfig, title in zip(fig.subfigures(1, 2), ["After 10", "After 50"]):
        subfig.subplots().set_title("unit 0")
        subfig.suptitle(f"{title}\niterations")
    assert figure_titles(fig) == "After 10 iterations, After 50 iterations"

    fig, axes = plt.subplots(1, 3)
    axes[0].set_title("loss")
    axes[1].set_title("accuracy", loc="left")
    axes[2].set_title("loss")
    assert figure_titles(fig) == "loss, accuracy"
    assert figure_titles(plt.figure()) == ""
