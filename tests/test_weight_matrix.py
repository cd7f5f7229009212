"""The whole first-layer weight matrix as one picture."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpviz.images import plot_weight_matrix


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def weights():
    return np.linspace(-2.0, 1.0, 3 * 16).reshape(3, 16)


def test_draws_the_matrix_on_a_symmetric_scale(weights):
    ax = plot_weight_matrix(weights)
    image = ax.images[0]
    np.testing.assert_array_equal(image.get_array(), weights)
    assert image.get_clim() == (-2.0, 2.0)
    assert ax.get_xlabel() == "input"
    assert ax.get_ylabel() == "unit"
    assert len(ax.figure.axes) == 2  # the matrix and its colour bar


def test_saturation_and_no_colour_bar(weights):
    fig, ax = plt.subplots()
    returned = plot_weight_matrix(weights, ax=ax, saturation=0.5, colorbar=False)
    assert returned is ax
    assert ax.images[0].get_clim() == (-1.0, 1.0)
    assert len(fig.axes) == 1


@pytest.mark.parametrize(("order", "line"), [("F", "column"), ("C", "row")])
def test_ticks_at_every_line_of_the_image(order, line):
    weights = np.zeros((2, 10 * 10))
    ax = plot_weight_matrix(
        weights, pixel_lines=True, image_shape=(10, 10), order=order
    )
    starts = np.arange(10) * 10 - 0.5
    # A labelled tick at every other line, a small one at each of the others.
    np.testing.assert_allclose(ax.get_xticks(), starts[::2])
    np.testing.assert_allclose(ax.get_xticks(minor=True), starts[1::2])
    labels = [label.get_text() for label in ax.get_xticklabels()]
    assert labels == [f"{line} {i}" for i in (1, 3, 5, 7, 9)]
    assert line in ax.get_xlabel()


def test_weights_must_be_a_matrix():
    with pytest.raises(ValueError, match="weights must be 2-D"):
        plot_weight_matrix(np.zeros(16))


def test_weights_must_fit_the_image_shape(weights):
    with pytest.raises(ValueError, match="cannot be shown as a 3x3 image"):
        plot_weight_matrix(weights, pixel_lines=True, image_shape=(3, 3))


def test_pixel_lines_of_a_square_image_need_no_shape(weights):
    ax = plot_weight_matrix(weights, pixel_lines=True)
    np.testing.assert_allclose(ax.get_xticks(), np.arange(0, 16, 4) - 0.5)
    assert ax.get_xlabel() == "input pixel, image row by image row"


def test_pixel_lines_of_a_non_square_image_need_its_shape():
    weights = np.zeros((2, 12))
    with pytest.raises(ValueError, match=r"12 is not a square number.*\(3, 4\)"):
        plot_weight_matrix(weights, pixel_lines=True)
    ax = plot_weight_matrix(weights, pixel_lines=True, image_shape=(3, 4), order="F")
    np.testing.assert_allclose(ax.get_xticks(), np.arange(0, 12, 3) - 0.5)
    assert [label.get_text() for label in ax.get_xticklabels()][:2] == [
        "column 1",
        "column 2",
    ]


def test_any_layer_can_be_drawn_without_pixel_lines():
    ax = plot_weight_matrix(np.ones((3, 7)), title="second layer", colorbar=False)
    assert ax.images[0].get_array().shape == (3, 7)
    assert ax.get_title() == "second layer"


def test_an_image_shape_without_pixel_lines_is_refused(weights):
    with pytest.raises(ValueError, match="pass pixel_lines=True as well"):
        plot_weight_matrix(weights, image_shape=(4, 4))


def test_unknown_order(weights):
    with pytest.raises(ValueError, match=r'order must be "C".*or "F"'):
        plot_weight_matrix(weights, order="A")
