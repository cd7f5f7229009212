"""Grids of digit images with true and predicted labels."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpviz._colors import CORRECT_COLOR, MISTAKE_COLOR
from mlpviz.images import plot_digit_grid


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def images():
    # Four 2x3 images, each with a distinct ramp of values.
    return np.arange(24, dtype=float).reshape(4, 2, 3)


def test_shaped_images_are_drawn_as_given(images):
    axes = plot_digit_grid(images, ncols=2)
    assert axes.shape == (2, 2)
    for ax, image in zip(axes.ravel(), images, strict=True):
        np.testing.assert_array_equal(ax.images[0].get_array(), image)
        assert len(ax.texts) == 0


def test_flattened_rows_are_folded_in_the_given_order(images):
    rows_f = np.stack([image.flatten(order="F") for image in images])
    axes = plot_digit_grid(rows_f, image_shape=(2, 3), order="F")
    for ax, image in zip(axes.ravel(), images, strict=True):
        np.testing.assert_array_equal(ax.images[0].get_array(), image)
    axes = plot_digit_grid(images.reshape(4, -1), image_shape=(2, 3))
    np.testing.assert_array_equal(axes.ravel()[1].images[0].get_array(), images[1])


def test_square_images_need_no_shape():
    rows = np.arange(2 * 16, dtype=float).reshape(2, 16)
    axes = plot_digit_grid(rows, ncols=2)
    assert axes.ravel()[0].images[0].get_array().shape == (4, 4)


def test_labels_and_mistakes(images):
    axes = plot_digit_grid(
        images, y_true=[1, 2, 3, 4], y_pred=[1, 5, 3, 4], ncols=4
    ).ravel()
    assert axes[0].texts[0].get_text() == "1"
    assert mcolors.same_color(axes[0].texts[0].get_color(), CORRECT_COLOR)
    assert axes[1].texts[0].get_text() == "5 (2)"
    assert mcolors.same_color(axes[1].texts[0].get_color(), MISTAKE_COLOR)
    assert mcolors.same_color(axes[1].spines["left"].get_edgecolor(), MISTAKE_COLOR)
    assert not mcolors.same_color(axes[0].spines["left"].get_edgecolor(), MISTAKE_COLOR)


def test_predictions_alone_are_not_judged(images):
    axes = plot_digit_grid(images, y_pred=[9, 9, 9, 9]).ravel()
    assert [ax.texts[0].get_text() for ax in axes] == ["9"] * 4
    assert all(
        mcolors.same_color(ax.texts[0].get_color(), CORRECT_COLOR) for ax in axes
    )


def test_true_labels_alone(images):
    axes = plot_digit_grid(images, y_true=[10, 1, 2, 3]).ravel()
    assert [ax.texts[0].get_text() for ax in axes] == ["10", "1", "2", "3"]


def test_one_grey_scale_for_all_images(images):
    axes = plot_digit_grid(images - 1.0)
    for ax in axes.ravel():
        assert ax.images[0].get_clim() == (0.0, 22.0)
    axes = plot_digit_grid(images, vmin=-1, vmax=1)
    assert axes.ravel()[0].images[0].get_clim() == (-1.0, 1.0)
    # Saturation: the darkest colour at half the largest grey level.
    axes = plot_digit_grid(images, saturation=0.5)
    assert axes.ravel()[0].images[0].get_clim() == (0.0, 11.5)


def test_titles_and_a_colour_bar(images):
    axes = plot_digit_grid(images, titles=list("abcd"), colorbar=True)
    assert [ax.get_title() for ax in axes.ravel()] == list("abcd")
    figure = axes[0, 0].figure
    (bar,) = [ax for ax in figure.axes if ax not in axes.ravel()]
    assert bar.get_ylabel() == "grey level"


def test_draws_on_given_axes_and_switches_off_the_rest(images):
    _, axes = plt.subplots(2, 3)
    returned = plot_digit_grid(images, axes=axes)
    assert returned.shape == (2, 3)
    assert [len(ax.images) for ax in axes.ravel()] == [1, 1, 1, 1, 0, 0]
    assert not axes.ravel()[5].axison


def test_too_few_axes(images):
    _, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="4 images need at least 4 Axes, got 2"):
        plot_digit_grid(images, axes=axes)


def test_non_square_rows_need_a_shape():
    with pytest.raises(ValueError, match=r"12 pixels, and 12 is not a square"):
        plot_digit_grid(np.zeros((2, 12)))


def test_shape_must_fit_the_rows():
    with pytest.raises(ValueError, match=r"12 pixels, which cannot be shown as a 3x3"):
        plot_digit_grid(np.zeros((2, 12)), image_shape=(3, 3))


def test_shape_must_match_shaped_images(images):
    with pytest.raises(ValueError, match="The images are 2x3 images, not 3x2"):
        plot_digit_grid(images, image_shape=(3, 2))


def test_labels_must_match_the_images(images):
    with pytest.raises(ValueError, match="y_true must hold one label per image"):
        plot_digit_grid(images, y_true=[1, 2, 3])
    with pytest.raises(ValueError, match="y_pred must hold one label per image"):
        plot_digit_grid(images, y_pred=[[1], [2], [3], [4]])


def test_unknown_order(images):
    with pytest.raises(ValueError, match=r'order must be "C".*or "F"'):
        plot_digit_grid(images, order="K")
