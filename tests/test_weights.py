"""Weight pictures: extraction, grids on one colour scale, roughness."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import NotFittedError
from sklearn.neural_network import MLPClassifier, MLPRegressor

from mlpviz._colors import symmetric_limit
from mlpviz.images import plot_weight_images, plot_weight_matrix, weight_roughness
from mlpviz.inspection import first_layer_weights


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def fitted_mlp():
    X, y = make_classification(n_samples=60, n_features=16, random_state=0)
    return MLPClassifier(hidden_layer_sizes=(5,), max_iter=20, random_state=0).fit(X, y)


def test_first_layer_weights_are_one_unit_a_row(fitted_mlp):
    weights = first_layer_weights(fitted_mlp)
    assert weights.shape == (5, 16)
    np.testing.assert_array_equal(weights, fitted_mlp.coefs_[0].T)


def test_first_layer_weights_of_unfitted_model():
    with pytest.raises(NotFittedError, match="not fitted yet"):
        first_layer_weights(MLPRegressor())


def test_first_layer_weights_of_another_estimator():
    with pytest.raises(TypeError, match="MLPClassifier or MLPRegressor"):
        first_layer_weights(object())


def test_grid_shares_one_symmetric_scale():
    weights = np.arange(6 * 4, dtype=float).reshape(6, 4) - 5
    axes = plot_weight_images(weights, image_shape=(2, 2), ncols=4)
    assert axes.shape == (2, 4)
    images = [ax.images[0] for ax in axes.ravel() if ax.images]
    assert len(images) == 6
    assert {image.get_clim() for image in images} == {(-18.0, 18.0)}
    np.testing.assert_array_equal(images[1].get_array(), [[-1, 0], [1, 2]])
    # Unused Axes are switched off and empty.
    assert not axes[1, 3].images and not axes[1, 3].axison
    assert len(axes[0, 0].figure.axes) == 9  # 8 grid Axes + 1 colour bar


def test_column_major_images_are_shown_upright():
    upright = np.array([[1.0, 2.0], [3.0, 4.0]])
    axes = plot_weight_images(upright.ravel(order="F"), image_shape=(2, 2), order="F")
    np.testing.assert_array_equal(axes.ravel()[0].images[0].get_array(), upright)


def test_explicit_limits_saturation_and_titles():
    weights = np.array([[-4.0, 1.0, 0.0, 2.0]])
    axes = plot_weight_images(
        weights, image_shape=(2, 2), vmin=-1, vmax=3, titles=["unit 0"], colorbar=False
    )
    ax = axes.ravel()[0]
    assert ax.images[0].get_clim() == (-1, 3)
    assert ax.get_title() == "unit 0"
    assert len(ax.figure.axes) == 1
    axes = plot_weight_images(weights, image_shape=(2, 2), saturation=0.5)
    assert axes.ravel()[0].images[0].get_clim() == (-2.0, 2.0)
    # A limit given alone is mirrored: the scale stays centred on zero.
    axes = plot_weight_images(weights, vmax=3)
    assert axes.ravel()[0].images[0].get_clim() == (-3.0, 3.0)


def test_draws_into_given_axes():
    fig, given = plt.subplots(1, 3)
    returned = plot_weight_images(np.ones((2, 4)), image_shape=(2, 2), axes=given)
    assert list(returned.ravel()) == list(given)
    assert len(fig.axes) == 4


@pytest.mark.parametrize(
    ("weights", "kwargs", "match"),
    [
        (
            np.ones((3, 10)),
            {"image_shape": (28, 28)},
            r"10 weights, which cannot be "
            r"shown as a 28x28 image \(784 pixels\).*first_layer_weights\(model\)",
        ),
        (
            np.ones((3, 10)),
            {},
            r"10 weights, and 10 is not a square number.*"
            r"image_shape=\(2, 5\)",
        ),
        (np.ones((2, 2, 2, 2)), {}, "must be 2-D .* or 3-D"),
        (np.ones((2, 2, 3)), {"image_shape": (3, 2)}, "are 2x3 images, not 3x2"),
        (np.ones((3, 4)), {"image_shape": (2, 0)}, "pair of positive integers"),
        (np.ones((3, 4)), {"axes": np.array([None, None])}, "3 units need at least 3"),
        (
            np.ones((3, 4)),
            {"vmin": 0},
            r"vmin=0.0 is not below vmax=0.0 \(a limit given",
        ),
        (np.ones((3, 4)), {"vmin": 2, "vmax": 1}, "must go up"),
        (np.ones((3, 4)), {"saturation": 0}, r"saturation must be in \(0, 1\]"),
        (np.ones((3, 4)), {"titles": ["a", "b"]}, "one title per image"),
    ],
)
def test_bad_input_is_explained(weights, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_weight_images(weights, **kwargs)


def test_symmetric_limit():
    assert symmetric_limit([-3.0, 1.0]) == 3.0
    assert symmetric_limit([-3.0, 1.0], saturation=0.5) == 1.5
    assert symmetric_limit(np.zeros(4)) == 1.0


def test_roughness_of_noise_smooth_and_constant_images():
    rng = np.random.default_rng(0)
    noise = rng.normal(size=(50, 784))
    ramp = np.add.outer(np.arange(28.0), np.arange(28.0)).ravel()
    roughness = weight_roughness(np.vstack([noise, ramp, np.zeros(784)]))
    assert roughness.shape == (52,)
    # Independent noise: E[(a - b)^2] / E[a^2] = 2.
    assert abs(roughness[:50].mean() - 2.0) < 0.05
    assert roughness[50] < 0.01
    assert roughness[51] == 0.0


def test_roughness_does_not_depend_on_scale_but_on_layout():
    rng = np.random.default_rng(1)
    image = rng.normal(size=(1, 16))
    np.testing.assert_allclose(weight_roughness(image), weight_roughness(10 * image))
    # Eight zeros then eight ones: two flat rows in C order (one edge between
    # them, 8 differing pairs), four columns of each in F order (2 pairs).
    halves = np.repeat([0.0, 1.0], 8)[np.newaxis]
    row_major = weight_roughness(halves, image_shape=(2, 8), order="C")[0]
    column_major = weight_roughness(halves, image_shape=(2, 8), order="F")[0]
    np.testing.assert_allclose([row_major, column_major], [8 / 22 / 0.5, 2 / 22 / 0.5])


@pytest.mark.parametrize(
    "draw",
    [
        lambda order: plot_weight_images(np.ones((2, 4)), order=order),
        lambda order: weight_roughness(np.ones((2, 4)), order=order),
        lambda order: plot_weight_matrix(np.ones((2, 4)), order=order),
    ],
    ids=["plot_weight_images", "weight_roughness", "plot_weight_matrix"],
)
@pytest.mark.parametrize("order", ["A", "K", "c", None])
def test_every_helper_refuses_an_unknown_pixel_order(draw, order):
    with pytest.raises(ValueError, match=r'order must be "C".*or "F"'):
        draw(order)
