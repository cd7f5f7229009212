"""mlpviz.inspection.layer_activations: the forward pass from public attributes."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import (
    make_classification,
    make_multilabel_classification,
    make_regression,
)
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier, MLPRegressor

from mlpviz.inspection import layer_activations

HIDDEN_ACTIVATIONS = ["identity", "logistic", "tanh", "relu"]
DEPTHS = [(3,), (5, 4), (6, 4, 3)]

# The models below are trained for a few iterations only: the forward pass
# must match scikit-learn's whatever the weights, converged or not.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def multiclass_data():
    return make_classification(
        n_samples=80,
        n_features=5,
        n_informative=4,
        n_redundant=0,
        n_classes=3,
        random_state=0,
    )


@pytest.fixture(scope="module")
def binary_data():
    return make_classification(n_samples=80, n_features=4, random_state=1)


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("hidden_layer_sizes", DEPTHS)
def test_multiclass_output_is_predict_proba(
    multiclass_data, activation, hidden_layer_sizes
):
    X, y = multiclass_data
    mlp = MLPClassifier(
        hidden_layer_sizes=hidden_layer_sizes,
        activation=activation,
        max_iter=30,
        random_state=0,
    ).fit(X, y)
    layers = layer_activations(mlp, X)
    assert mlp.out_activation_ == "softmax"
    np.testing.assert_allclose(layers[-1], mlp.predict_proba(X), rtol=1e-10)
    assert [layer.shape for layer in layers] == [
        (80, 5),
        *((80, units) for units in hidden_layer_sizes),
        (80, 3),
    ]


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("hidden_layer_sizes", DEPTHS)
def test_binary_output_is_probability_of_second_class(
    binary_data, activation, hidden_layer_sizes
):
    X, y = binary_data
    mlp = MLPClassifier(
        hidden_layer_sizes=hidden_layer_sizes,
        activation=activation,
        max_iter=30,
        random_state=0,
    ).fit(X, y)
    output = layer_activations(mlp, X)[-1]
    proba = mlp.predict_proba(X)
    assert mlp.out_activation_ == "logistic"
    assert output.shape == (80, 1)
    assert proba.shape == (80, 2)
    np.testing.assert_allclose(output[:, 0], proba[:, 1], rtol=1e-10)
    np.testing.assert_allclose(1 - output[:, 0], proba[:, 0], rtol=1e-10)


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
def test_multilabel_output_is_predict_proba(activation):
    X, Y = make_multilabel_classification(
        n_samples=60, n_features=6, n_classes=4, random_state=0
    )
    mlp = MLPClassifier(
        hidden_layer_sizes=(5, 3), activation=activation, max_iter=30, random_state=0
    ).fit(X, Y)
    output = layer_activations(mlp, X)[-1]
    assert mlp.out_activation_ == "logistic"
    assert output.shape == (60, 4)
    np.testing.assert_allclose(output, mlp.predict_proba(X), rtol=1e-10)


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("hidden_layer_sizes", DEPTHS)
def test_regressor_output_is_predict(activation, hidden_layer_sizes):
    X, y = make_regression(n_samples=50, n_features=3, random_state=0)
    mlp = MLPRegressor(
        hidden_layer_sizes=hidden_layer_sizes,
        activation=activation,
        max_iter=30,
        random_state=0,
    ).fit(X, y / 100)
    layers = layer_activations(mlp, X)
    assert layers[-1].shape == (50, 1)
    np.testing.assert_allclose(layers[-1][:, 0], mlp.predict(X), rtol=1e-10)
    assert [layer.shape[1] for layer in layers] == [3, *hidden_layer_sizes, 1]


def test_regressor_with_several_targets():
    X, Y = make_regression(n_samples=40, n_features=3, n_targets=2, random_state=0)
    mlp = MLPRegressor(hidden_layer_sizes=(4,), max_iter=30, random_state=0).fit(
        X, Y / 100
    )
    output = layer_activations(mlp, X)[-1]
    assert output.shape == (40, 2)
    np.testing.assert_allclose(output, mlp.predict(X), rtol=1e-10)


def test_poisson_regressor_exponential_output():
    if "loss" not in MLPRegressor().get_params():
        pytest.skip("this scikit-learn has no MLPRegressor(loss=...)")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = rng.poisson(lam=np.exp(X[:, 0] / 2))
    mlp = MLPRegressor(
        hidden_layer_sizes=(4,), loss="poisson", max_iter=30, random_state=0
    ).fit(X, y)
    assert mlp.out_activation_ == "exp"
    output = layer_activations(mlp, X)[-1]
    np.testing.assert_allclose(output[:, 0], mlp.predict(X), rtol=1e-10)


@pytest.mark.parametrize(
    ("activation", "function"),
    [
        ("identity", lambda z: z),
        ("logistic", lambda z: 1 / (1 + np.exp(-z))),
        ("tanh", np.tanh),
        ("relu", lambda z: np.where(z > 0, z, 0)),
    ],
)
def test_hidden_layers_apply_the_activation_function(
    multiclass_data, activation, function
):
    X, y = multiclass_data
    mlp = MLPClassifier(
        hidden_layer_sizes=(4, 3), activation=activation, max_iter=30, random_state=0
    ).fit(X, y)
    layers = layer_activations(mlp, X)
    np.testing.assert_array_equal(layers[0], X)
    expected_first = function(X @ mlp.coefs_[0] + mlp.intercepts_[0])
    expected_second = function(expected_first @ mlp.coefs_[1] + mlp.intercepts_[1])
    np.testing.assert_allclose(layers[1], expected_first, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(layers[2], expected_second, rtol=1e-12, atol=1e-15)


def test_accepts_lists_and_keeps_float32(binary_data):
    X, y = binary_data
    X32 = X.astype(np.float32)
    mlp = MLPClassifier(hidden_layer_sizes=(3,), max_iter=30, random_state=0).fit(
        X32, y
    )
    layers = layer_activations(mlp, X32)
    assert all(layer.dtype == np.float32 for layer in layers)
    np.testing.assert_allclose(
        layers[-1][:, 0], mlp.predict_proba(X32)[:, 1], rtol=1e-5
    )
    from_list = layer_activations(mlp, X[:3].tolist())
    assert from_list[0].dtype == np.float64
    assert from_list[-1].shape == (3, 1)


def test_saturated_units_do_not_overflow(binary_data):
    X, y = binary_data
    mlp = MLPClassifier(
        hidden_layer_sizes=(3,), activation="logistic", max_iter=30, random_state=0
    )
    mlp.fit(X, y)
    huge = 1e4 * X
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in exp would warn
        output = layer_activations(mlp, huge)[-1]
    np.testing.assert_allclose(output[:, 0], mlp.predict_proba(huge)[:, 1], rtol=1e-10)


def test_unfitted_model_raises():
    with pytest.raises(NotFittedError, match="not fitted yet"):
        layer_activations(MLPClassifier(), np.zeros((2, 3)))


def test_wrong_model_type_raises(binary_data):
    X, y = binary_data
    logistic = LogisticRegression().fit(X, y)
    with pytest.raises(TypeError, match="MLPClassifier or MLPRegressor, got "):
        layer_activations(logistic, X)


def test_wrong_number_of_features_raises(binary_data):
    X, y = binary_data
    mlp = MLPClassifier(hidden_layer_sizes=(3,), max_iter=30, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match=r"X has 3 features, but .* expects 4"):
        layer_activations(mlp, X[:, :3])


def test_one_dimensional_input_raises(binary_data):
    X, y = binary_data
    mlp = MLPClassifier(hidden_layer_sizes=(3,), max_iter=30, random_state=0).fit(
        X[:, :1], y
    )
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array"):
        layer_activations(mlp, X[:, 0])


def test_unknown_activation_raises(binary_data):
    X, y = binary_data
    mlp = MLPClassifier(hidden_layer_sizes=(3,), max_iter=30, random_state=0).fit(X, y)
    mlp.activation = "softplus"
    with pytest.raises(ValueError, match="Unknown hidden activation 'softplus'"):
        layer_activations(mlp, X)
