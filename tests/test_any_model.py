"""The helpers on models and images that are not MNIST's.

Images that are not square, three classes, and an MLPClassifier with several
hidden layers that stops early: every helper works on them, or refuses with
an error that names the limit.
"""

from __future__ import annotations

import inspect

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier

from mlpviz import images
from mlpviz.architecture import fitted_parameter_counts, mlp_layer_sizes
from mlpviz.evaluation import (
    misclassification_counts,
    per_class_success,
    plot_misclassifications,
    plot_top_classes,
    top_classes,
)
from mlpviz.images import (
    plot_digit_grid,
    plot_feature_maps,
    plot_kernels,
    plot_weight_images,
    plot_weight_matrix,
    weight_roughness,
)
from mlpviz.inspection import (
    class_score_contributions,
    first_layer_weights,
    layer_activations,
    net_inputs,
    silenced_activations,
    top_activating_samples,
)
from mlpviz.training import plot_loss_curves, record_snapshots

HEIGHT, WIDTH = 6, 4  # tall images: 24 pixels, not a square number
CLASSES = np.array(["bar", "cross", "ring"])


def _images_of_three_shapes(n_per_class: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Noisy 6x4 images of a vertical bar, a cross and a ring, flattened."""
    bar = np.zeros((HEIGHT, WIDTH))
    bar[:, 1:3] = 1
    cross = np.zeros((HEIGHT, WIDTH))
    cross[2:4, :] = 1
    cross[:, 1:3] = 1
    ring = np.ones((HEIGHT, WIDTH))
    ring[1:-1, 1:-1] = 0
    shapes = np.stack([bar, cross, ring]).reshape(3, -1)
    labels = np.repeat(np.arange(3), n_per_class)
    X = shapes[labels] + rng.normal(scale=0.4, size=(len(labels), HEIGHT * WIDTH))
    return X, CLASSES[labels]


@pytest.fixture(scope="module")
def data():
    return _images_of_three_shapes(60, np.random.default_rng(0))


@pytest.fixture(scope="module")
def deep_mlp(data):
    """Three hidden layers, early stopping, string classes, non-square inputs."""
    X, y = data
    model = MLPClassifier(
        hidden_layer_sizes=(12, 8, 5),
        early_stopping=True,
        validation_fraction=0.2,
        learning_rate_init=0.01,
        max_iter=400,
        random_state=0,
    )
    return model.fit(X, y)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# The model ------------------------------------------------------------------------


def test_the_model_stopped_early_and_learned(deep_mlp, data):
    X, y = data
    assert deep_mlp.n_iter_ < deep_mlp.max_iter
    assert deep_mlp.best_validation_score_ is not None
    assert deep_mlp.score(X, y) > 0.9
    assert mlp_layer_sizes(deep_mlp) == [24, 12, 8, 5, 3]
    assert int(fitted_parameter_counts(deep_mlp).loc["total", "parameters"]) == (
        24 * 12 + 12 + 12 * 8 + 8 + 8 * 5 + 5 + 5 * 3 + 3
    )


def test_every_layer_and_the_output(deep_mlp, data):
    X, _ = data
    layers = layer_activations(deep_mlp, X)
    assert [layer.shape[1] for layer in layers] == [24, 12, 8, 5, 3]
    np.testing.assert_allclose(layers[-1], deep_mlp.predict_proba(X))


@pytest.mark.parametrize("layer", [1, 2, 3])
def test_top_samples_in_every_hidden_layer(deep_mlp, data, layer):
    X, _ = data
    top = top_activating_samples(deep_mlp, X, k=4, layer=layer)
    values = net_inputs(deep_mlp, X, layer=layer)
    assert top.shape == (values.shape[1], 4)
    for unit, row in enumerate(top):
        np.testing.assert_allclose(
            values[row, unit], np.sort(values[:, unit])[::-1][:4]
        )


def test_top_samples_refuse_the_output_layer(deep_mlp, data):
    X, _ = data
    with pytest.raises(ValueError, match="hidden layer of this network, from 1 to 3"):
        top_activating_samples(deep_mlp, X, layer=4)


def test_contributions_of_the_last_of_three_layers(deep_mlp, data):
    X, _ = data
    predicted = deep_mlp.predict(X)
    terms = class_score_contributions(deep_mlp, X, predicted)
    assert terms.shape == (len(X), 5)
    columns = np.searchsorted(deep_mlp.classes_, predicted)
    scores = net_inputs(deep_mlp, X, layer=4)[np.arange(len(X)), columns]
    np.testing.assert_allclose(
        terms.sum(axis=1) + deep_mlp.intercepts_[-1][columns], scores
    )


def test_contributions_name_the_classes_when_refusing_one(deep_mlp, data):
    X, _ = data
    with pytest.raises(ValueError, match=r"'star' is not a class.*'bar', 'cross'"):
        class_score_contributions(deep_mlp, X, "star")


def test_silencing_a_middle_layer(deep_mlp, data):
    X, _ = data
    layers = silenced_activations(deep_mlp, X, units=[0, 3], layer=2)
    assert np.all(layers[2][:, [0, 3]] == 0)
    assert not np.allclose(layers[-1], deep_mlp.predict_proba(X))
    np.testing.assert_allclose(layers[-1].sum(axis=1), 1)


def test_loss_curve_of_an_early_stopped_model(deep_mlp):
    ax = plot_loss_curves({"deep": deep_mlp})
    (line,) = ax.lines
    assert len(line.get_xdata()) == deep_mlp.n_iter_


def test_snapshots_refuse_early_stopping_and_say_what_to_do(deep_mlp, data):
    X, y = data
    with pytest.raises(ValueError, match="early_stopping=True: set early_stopping"):
        record_snapshots(deep_mlp, X, y, n_epochs=2)


# Images that are not square ------------------------------------------------------


def test_first_layer_weights_as_tall_images(deep_mlp):
    weights = first_layer_weights(deep_mlp)
    axes = plot_weight_images(weights, image_shape=(HEIGHT, WIDTH))
    drawn = [ax.images[0].get_array() for ax in axes.ravel() if ax.images]
    assert len(drawn) == 12 and drawn[0].shape == (HEIGHT, WIDTH)
    np.testing.assert_array_equal(drawn[5], weights[5].reshape(HEIGHT, WIDTH))


def test_a_shape_that_cannot_be_inferred_is_asked_for(deep_mlp):
    weights = first_layer_weights(deep_mlp)
    message = r"24 weights, and 24 is not a square number.*image_shape=\(4, 6\)"
    for draw in (plot_weight_images, weight_roughness):
        with pytest.raises(ValueError, match=message):
            draw(weights)
    with pytest.raises(ValueError, match=r"24 pixels, and 24 is not a square"):
        plot_digit_grid(np.zeros((3, 24)))


def test_deeper_layers_are_not_images(deep_mlp):
    with pytest.raises(ValueError, match="Only the first layer's weights"):
        plot_weight_images(deep_mlp.coefs_[1].T, image_shape=(3, 3))


def test_tall_digits_in_column_major_order(data):
    X, y = data
    upright = X[:3].reshape(3, HEIGHT, WIDTH)
    columns = upright.transpose(0, 2, 1).reshape(3, -1)  # unrolled column by column
    axes = plot_digit_grid(
        columns, y_true=y[:3], image_shape=(HEIGHT, WIDTH), order="F"
    )
    for ax, image in zip(axes.ravel(), upright, strict=False):
        np.testing.assert_allclose(ax.images[0].get_array(), image)
    assert [ax.texts[0].get_text() for ax in axes.ravel()[:3]] == ["bar"] * 3


def test_roughness_and_matrix_of_tall_images(deep_mlp):
    weights = first_layer_weights(deep_mlp)
    assert weight_roughness(weights, image_shape=(HEIGHT, WIDTH)).shape == (12,)
    ax = plot_weight_matrix(weights, pixel_lines=True, image_shape=(HEIGHT, WIDTH))
    np.testing.assert_allclose(ax.get_xticks(), np.arange(HEIGHT) * WIDTH - 0.5)


def test_rectangular_kernels_and_maps():
    axes = plot_kernels(np.ones((2, 5, 1, 3)), ncols=3)
    assert axes.ravel()[0].images[0].get_array().shape == (2, 5)
    ax = plot_feature_maps(np.ones((7, 3, 4)), ncols=2, padding=1)
    assert ax.images[0].get_array().shape == (2 * 8 - 1, 2 * 4 - 1)


# Three classes --------------------------------------------------------------------


def test_three_classes_evaluated_by_name(deep_mlp, data):
    X, y = data
    y_pred = deep_mlp.predict(X)
    table = per_class_success(y, y_pred, classes=deep_mlp.classes_, total=True)
    assert table.index.tolist() == [*CLASSES, "all"]
    assert table.loc["all", "n"] == len(y)
    counts = misclassification_counts(y, y_pred, classes=deep_mlp.classes_)
    assert counts.shape == (3, 3) and np.trace(counts.to_numpy()) == 0
    assert counts.to_numpy().sum() == np.sum(y != y_pred)
    axes = plot_misclassifications(y, y_pred, classes=deep_mlp.classes_)
    assert axes.shape == (1, 3)


def test_top_classes_of_three(deep_mlp, data):
    X, y = data
    probabilities = deep_mlp.predict_proba(X[:5])
    labels, values = top_classes(probabilities, deep_mlp.classes_, k=3)
    assert set(labels[0]) == set(CLASSES)
    assert np.all(np.diff(values, axis=1) <= 0)
    with pytest.raises(ValueError, match=r"from 1 to the number of classes \(3\)"):
        top_classes(probabilities, deep_mlp.classes_, k=4)
    ax = plot_top_classes(probabilities[0], deep_mlp.classes_, y_true=y[0])
    assert len(ax.patches) == 3


# One keyword set for every image plotter -------------------------------------------

PLOTTERS = {
    "plot_digit_grid": lambda **kw: plot_digit_grid(np.arange(8.0).reshape(2, 4), **kw),
    "plot_weight_images": lambda **kw: plot_weight_images(
        np.linspace(-3, 1, 8).reshape(2, 4), **kw
    ),
    "plot_weight_matrix": lambda **kw: plot_weight_matrix(
        np.linspace(-3, 1, 8).reshape(2, 4), **kw
    ),
    "plot_kernels": lambda **kw: plot_kernels(
        np.linspace(-3, 1, 8).reshape(2, 2, 1, 2), **kw
    ),
    "plot_feature_maps": lambda **kw: plot_feature_maps(
        np.arange(8.0).reshape(2, 2, 2), **kw
    ),
}
COLOUR_KEYWORDS = {"cmap", "vmin", "vmax", "saturation", "colorbar", "colorbar_label"}


def test_the_plotters_are_every_plot_function_of_the_module():
    assert sorted(PLOTTERS) == sorted(n for n in images.__all__ if n.startswith("plot"))


@pytest.mark.parametrize("name", sorted(PLOTTERS))
def test_every_image_plotter_takes_the_same_keywords(name):
    parameters = inspect.signature(getattr(images, name)).parameters
    keywords = set(parameters)
    assert keywords >= COLOUR_KEYWORDS
    assert {"ax", "title"} <= keywords or {"axes", "ncols", "titles"} <= keywords
    if "image_shape" in keywords:
        assert parameters["image_shape"].default is None
        assert "order" in keywords


def _first_image(drawn):
    ax = drawn if isinstance(drawn, plt.Axes) else drawn.ravel()[0]
    return ax.images[0]


@pytest.mark.parametrize("name", sorted(PLOTTERS))
def test_saturation_shortens_the_default_scale_everywhere(name):
    low, high = _first_image(PLOTTERS[name](colorbar=False)).get_clim()
    saturated = _first_image(PLOTTERS[name](saturation=0.5, colorbar=False))
    s_low, s_high = saturated.get_clim()
    if low < 0 < high:  # centred on zero
        assert (s_low, s_high) == pytest.approx((low / 2, high / 2))
    else:  # from the smallest value up
        assert (s_low, s_high) == pytest.approx((low, low + (high - low) / 2))


@pytest.mark.parametrize("name", sorted(PLOTTERS))
def test_every_image_plotter_labels_its_colour_bar(name):
    drawn = PLOTTERS[name](colorbar=True, colorbar_label="my values", cmap="viridis")
    image = _first_image(drawn)
    figure = image.axes.figure
    bars = [ax for ax in figure.axes if ax.get_ylabel() == "my values"]
    assert len(bars) == 1
    assert image.get_cmap().name.startswith("viridis")


@pytest.mark.parametrize("name", sorted(PLOTTERS))
def test_every_image_plotter_refuses_a_bad_saturation(name):
    with pytest.raises(ValueError, match=r"saturation must be in \(0, 1\]"):
        PLOTTERS[name](saturation=1.5)
