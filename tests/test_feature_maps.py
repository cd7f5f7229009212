"""Convolution pictures from plain arrays: parameter counts, tiled maps, kernels."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpviz.images import (
    plot_feature_maps,
    plot_kernels,
    tile_feature_maps,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def kernels():
    """Kernels shaped like a Conv2D's: 3x3, 2 input channels, 5 filters."""
    return np.random.default_rng(0).normal(scale=0.3, size=(3, 3, 2, 5))


def test_importing_the_module_needs_no_deep_learning_framework():
    code = (
        "import sys, mlpviz.images; "
        "print(sorted({'keras', 'jax', 'tensorflow', 'torch'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# Tiling -------------------------------------------------------------------------


def test_tile_feature_maps_places_every_channel_exactly():
    height, width, n_channels, ncols, padding = 4, 3, 7, 3, 2
    maps = np.arange(height * width * n_channels, dtype=float).reshape(
        height, width, n_channels
    )
    grid = tile_feature_maps(maps, ncols=ncols, padding=padding)
    # 3 rows of tiles (7 channels, 3 a row), 3 columns.
    assert grid.shape == (3 * height + 2 * padding, 3 * width + 2 * padding)
    covered = np.zeros(grid.shape, dtype=bool)
    for channel in range(n_channels):
        top = (channel // ncols) * (height + padding)
        left = (channel % ncols) * (width + padding)
        np.testing.assert_array_equal(
            grid[top : top + height, left : left + width], maps[..., channel]
        )
        covered[top : top + height, left : left + width] = True
    # Everything else (gaps and the two unused tiles of the last row) is NaN.
    assert np.isnan(grid[~covered]).all()
    assert not np.isnan(grid[covered]).any()


def test_tile_feature_maps_padding_rows_and_columns():
    grid = tile_feature_maps(np.ones((2, 2, 4)), ncols=2, padding=1, fill_value=-1)
    expected = np.array(
        [
            [1, 1, -1, 1, 1],
            [1, 1, -1, 1, 1],
            [-1, -1, -1, -1, -1],
            [1, 1, -1, 1, 1],
            [1, 1, -1, 1, 1],
        ],
        dtype=float,
    )
    np.testing.assert_array_equal(grid, expected)


def test_tile_feature_maps_without_padding_is_a_block_matrix():
    maps = np.stack([np.full((2, 3), value) for value in (1, 2, 3, 4)], axis=-1)
    grid = tile_feature_maps(maps, ncols=2, padding=0)
    np.testing.assert_array_equal(
        grid, np.block([[maps[..., 0], maps[..., 1]], [maps[..., 2], maps[..., 3]]])
    )


def test_tile_feature_maps_shape_of_a_keras_layer_output():
    # The first Conv2D of the lesson: 32 maps of 26 x 26, 8 to a row.
    grid = tile_feature_maps(np.zeros((1, 26, 26, 32)), ncols=8, padding=1)
    assert grid.shape == (4 * 27 - 1, 8 * 27 - 1)


def test_tile_feature_maps_uses_fewer_columns_for_few_channels():
    grid = tile_feature_maps(np.zeros((5, 5, 3)), ncols=8, padding=1)
    assert grid.shape == (5, 3 * 6 - 1)


def test_tile_feature_maps_accepts_a_batch_of_one():
    maps = np.random.default_rng(1).random((6, 6, 5))
    np.testing.assert_array_equal(
        tile_feature_maps(maps[np.newaxis]), tile_feature_maps(maps)
    )


@pytest.mark.parametrize(
    ("shape", "match"),
    [
        ((2, 6, 6, 5), "batch of 2 images"),
        ((6, 6), r"add a channel axis"),
        ((6,), r"must be 3-D"),
        ((1, 1, 6, 6, 5), r"must be 3-D"),
    ],
)
def test_tile_feature_maps_rejects_other_shapes(shape, match):
    with pytest.raises(ValueError, match=match):
        tile_feature_maps(np.zeros(shape))


@pytest.mark.parametrize(
    ("kwargs", "match"), [({"ncols": 0}, "ncols"), ({"padding": -1}, "padding")]
)
def test_tile_feature_maps_rejects_bad_layout(kwargs, match):
    with pytest.raises(ValueError, match=match):
        tile_feature_maps(np.zeros((4, 4, 2)), **kwargs)


# Plotting feature maps ----------------------------------------------------------


def test_plot_feature_maps_draws_the_tiled_grid():
    maps = np.random.default_rng(2).random((1, 5, 5, 6))
    ax = plot_feature_maps(maps, ncols=3, padding=1, title="pool")
    (image,) = ax.images
    expected = tile_feature_maps(maps, ncols=3, padding=1)
    data = np.ma.getdata(image.get_array())
    mask = np.ma.getmaskarray(image.get_array())
    np.testing.assert_array_equal(mask, np.isnan(expected))
    np.testing.assert_array_equal(data[~mask], expected[~mask])
    assert ax.get_title() == "pool"
    assert image.get_clim() == pytest.approx((maps.min(), maps.max()))
    colorbar_axes = [other for other in ax.figure.axes if other is not ax]
    assert [other.get_ylabel() for other in colorbar_axes] == ["activation"]


def test_plot_feature_maps_uses_the_given_axes_and_limits():
    fig, (left, right) = plt.subplots(1, 2)
    ax = plot_feature_maps(np.ones((3, 3, 2)), ax=right, vmin=0, vmax=4, colorbar=False)
    assert ax is right
    assert not left.images
    assert ax.images[0].get_clim() == (0, 4)
    assert len(fig.axes) == 2


# Plotting kernels ---------------------------------------------------------------


def test_plot_kernels_draws_each_filter_of_the_chosen_channel(kernels):
    axes = plot_kernels(kernels, in_channel=1, ncols=3)
    assert axes.shape == (2, 3)
    for k, ax in enumerate(axes.ravel()[:5]):
        np.testing.assert_allclose(ax.images[0].get_array(), kernels[:, :, 1, k])
    assert not axes[1, 2].images
    limit = np.abs(kernels[:, :, 1, :]).max()
    assert axes[0, 0].images[0].get_clim() == pytest.approx((-limit, limit))


def test_plot_kernels_writes_each_value_in_its_cell(kernels):
    axes = plot_kernels(kernels, fmt=".2f")
    assert axes.shape == (1, 5)
    for k, ax in enumerate(axes.ravel()):
        written = {text.get_position(): text.get_text() for text in ax.texts}
        expected = {
            (x, y): f"{kernels[y, x, 0, k]:.2f}".replace("-0.00", "0.00")
            for y in range(3)
            for x in range(3)
        }
        assert written == expected


def test_plot_kernels_writes_values_that_round_to_zero_without_sign():
    kernels = np.array([-0.04, 0.04, -0.06, 0.0]).reshape(1, 4, 1, 1)
    (ax,) = plot_kernels(kernels).ravel()
    texts = [
        text.get_text() for text in sorted(ax.texts, key=lambda t: t.get_position())
    ]
    assert texts == ["0.0", "0.0", "-0.1", "0.0"]


def test_plot_kernels_text_colour_reads_on_the_cell():
    kernels = np.array([-1.0, 0.0, 0.05, 1.0]).reshape(1, 4, 1, 1)
    (ax,) = plot_kernels(kernels).ravel()
    colours = [
        text.get_color() for text in sorted(ax.texts, key=lambda t: t.get_position())
    ]
    # Saturated blue and red cells get white text, near-white cells black.
    assert colours == ["white", "black", "black", "white"]


def test_plot_kernels_without_annotations(kernels):
    axes = plot_kernels(kernels, annotate=False, colorbar=False)
    assert all(not ax.texts for ax in axes.ravel())
    assert len(axes[0, 0].figure.axes) == 5


def test_plot_kernels_on_given_axes(kernels):
    _, axes = plt.subplots(2, 4)
    drawn = plot_kernels(kernels, axes=axes, titles=list("abcde"), colorbar=False)
    assert drawn.ravel()[0] is axes[0, 0]
    assert [ax.get_title() for ax in drawn.ravel()[:5]] == list("abcde")
    assert not axes[1, 1].images


@pytest.mark.parametrize("shape", [(3, 3, 5), (3, 3, 1, 1, 5)])
def test_plot_kernels_rejects_other_shapes(shape):
    with pytest.raises(ValueError, match=r"must be 4-D .*get_weights\(\)\[0\]"):
        plot_kernels(np.zeros(shape))


def test_plot_kernels_rejects_a_missing_input_channel(kernels):
    with pytest.raises(ValueError, match=r"in_channel=2 is out of range.*2 input"):
        plot_kernels(kernels, in_channel=2)
