"""Counting weights and biases, by formula and from fitted arrays."""

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier, MLPRegressor

from mlpviz.architecture import (
    conv2d_parameter_counts,
    dense_parameter_counts,
    fitted_parameter_counts,
    mlp_layer_sizes,
)


def test_formula_for_the_lessons_networks():
    table = dense_parameter_counts([784, 16, 16, 10])
    assert list(table.index) == ["784 -> 16", "16 -> 16", "16 -> 10", "total"]
    assert table.loc["784 -> 16"].tolist() == [12544, 16, 12560]
    assert table.loc["total"].tolist() == [12960, 42, 13002]
    assert dense_parameter_counts([784, 40, 10]).loc["total", "parameters"] == 31810


@pytest.mark.parametrize("layer_sizes", [[784], [], [784, 0, 10]])
def test_formula_rejects_impossible_networks(layer_sizes):
    with pytest.raises(ValueError, match="at least an input and an output"):
        dense_parameter_counts(layer_sizes)


@pytest.mark.parametrize("hidden", [(3,), (4, 5), (2, 3, 4)])
def test_fitted_counts_agree_with_the_formula(hidden):
    X, y = make_classification(
        n_samples=50, n_features=7, n_classes=3, n_informative=4, random_state=0
    )
    model = MLPClassifier(hidden_layer_sizes=hidden, max_iter=5, random_state=0)
    model.fit(X, y)
    assert mlp_layer_sizes(model) == [7, *hidden, 3]
    fitted = fitted_parameter_counts(model)
    formula = dense_parameter_counts([7, *hidden, 3])
    assert fitted.equals(formula)
    n_arrays = sum(c.size for c in model.coefs_) + sum(
        b.size for b in model.intercepts_
    )
    assert fitted.loc["total", "parameters"] == n_arrays


def test_binary_and_regression_outputs_have_one_unit():
    X, y = make_regression(n_samples=30, n_features=4, random_state=0)
    regressor = MLPRegressor(hidden_layer_sizes=(3,), max_iter=5, random_state=0).fit(
        X, y
    )
    assert mlp_layer_sizes(regressor) == [4, 3, 1]
    binary = MLPClassifier(hidden_layer_sizes=(3,), max_iter=5, random_state=0)
    binary.fit(X, (y > 0).astype(int))
    assert (
        fitted_parameter_counts(binary).loc["total", "parameters"] == 4 * 3 + 3 + 3 + 1
    )


def test_unfitted_model_is_refused():
    with pytest.raises(NotFittedError):
        fitted_parameter_counts(MLPClassifier())
    with pytest.raises(NotFittedError):
        mlp_layer_sizes(MLPClassifier())


def test_a_model_that_is_no_mlp_is_refused():
    with pytest.raises(TypeError, match="Expected a scikit-learn MLPClassifier"):
        fitted_parameter_counts(LogisticRegression().fit([[0.0], [1.0]], [0, 1]))


def test_counts_are_integers():
    for table in (
        dense_parameter_counts([2, 1]),
        conv2d_parameter_counts([1, 2]),
    ):
        assert all(np.issubdtype(dtype, np.integer) for dtype in table.dtypes)


def test_conv2d_parameter_counts_of_the_lesson_cnn():
    table = conv2d_parameter_counts([1, 32, 64], kernel_size=3)
    assert list(table.index) == ["3x3 conv, 1 -> 32", "3x3 conv, 32 -> 64", "total"]
    assert table["weights"].tolist() == [3 * 3 * 1 * 32, 3 * 3 * 32 * 64, 18_720]
    assert table["biases"].tolist() == [32, 64, 96]
    assert table["parameters"].tolist() == [320, 18_496, 18_816]
    # With the final Dense(10) on the 5 x 5 x 64 = 1600 flattened values,
    # the whole network has Keras's 34,826 parameters.
    dense = dense_parameter_counts([1600, 10])
    assert dense.loc["1600 -> 10", "parameters"] == 16_010
    total = table.loc["total", "parameters"] + dense.loc["total", "parameters"]
    assert total == 34_826


def test_conv2d_parameter_counts_rectangular_kernel():
    table = conv2d_parameter_counts([3, 4], kernel_size=(5, 2))
    assert table.loc["5x2 conv, 3 -> 4"].tolist() == [5 * 2 * 3 * 4, 4, 124]


@pytest.mark.parametrize(
    ("channels", "kernel_size", "match"),
    [
        ([1], 3, "at least one layer"),
        ([1, 0], 3, "all positive"),
        ([1, 8], 0, "kernel_size must be"),
        ([1, 8], (3, 3, 3), "kernel_size must be"),
    ],
)
def test_conv2d_parameter_counts_rejects_bad_input(channels, kernel_size, match):
    with pytest.raises(ValueError, match=match):
        conv2d_parameter_counts(channels, kernel_size=kernel_size)
