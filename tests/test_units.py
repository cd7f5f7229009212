"""mlpviz.inspection, unit by unit: net inputs, top samples, contributions."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import NotFittedError
from sklearn.neural_network import MLPClassifier, MLPRegressor

from mlpviz.inspection import (
    class_score_contributions,
    layer_activations,
    net_inputs,
    silenced_activations,
    top_activating_samples,
)


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=50,
        n_features=4,
        n_classes=3,
        n_informative=3,
        n_redundant=0,
        random_state=0,
    )


@pytest.fixture(scope="module")
def mlp(data):
    X, y = data
    return MLPClassifier(hidden_layer_sizes=(5,), max_iter=300, random_state=0).fit(
        X, y
    )


def hand_made():
    """A 2-input, 3-unit, 3-class ReLU network with weights chosen by hand.

    Hidden unit 0 computes x0, unit 1 computes x1 - 1, unit 2 computes -x0;
    the output weights are small integers, the output biases 0.5, 0, -0.5.
    """
    model = MLPClassifier(hidden_layer_sizes=(3,), max_iter=1, random_state=0)
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    model.fit(X, [0, 1, 2])
    model.coefs_ = [
        np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]]),
        np.array([[1.0, -1.0, 2.0], [0.0, 3.0, 0.0], [-2.0, 0.0, 1.0]]),
    ]
    model.intercepts_ = [np.array([0.0, -1.0, 0.0]), np.array([0.5, 0.0, -0.5])]
    return model


# net_inputs --------------------------------------------------------------------


def test_net_inputs_of_a_hand_made_network():
    X = np.array([[2.0, 3.0], [-1.0, 0.5]])
    np.testing.assert_allclose(
        net_inputs(hand_made(), X), [[2.0, 2.0, -2.0], [-1.0, -0.5, 1.0]]
    )
    # Hidden activations (2, 2, 0) and (0, 0, 1) times the output weights.
    np.testing.assert_allclose(
        net_inputs(hand_made(), X, layer=2), [[2.5, 4.0, 3.5], [-1.5, 0.0, 0.5]]
    )


def test_activation_of_net_inputs_is_the_layer(mlp, data):
    X, _ = data
    hidden = layer_activations(mlp, X)[1]
    np.testing.assert_allclose(np.maximum(net_inputs(mlp, X), 0), hidden)


def test_softmax_of_the_output_net_inputs_is_predict_proba(mlp, data):
    X, _ = data
    scores = net_inputs(mlp, X, layer=2)
    exponentials = np.exp(scores - scores.max(axis=1, keepdims=True))
    probabilities = exponentials / exponentials.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(probabilities, mlp.predict_proba(X), rtol=1e-6)


@pytest.mark.parametrize("layer", [0, 3, 1.5, -1])
def test_net_inputs_refuse_layers_without_weights(mlp, data, layer):
    X, _ = data
    with pytest.raises(ValueError, match="from 1 to 2"):
        net_inputs(mlp, X, layer=layer)


def test_net_inputs_refuse_an_unfitted_model(data):
    X, _ = data
    with pytest.raises(NotFittedError, match="not fitted yet"):
        net_inputs(MLPClassifier(), X)


def test_net_inputs_refuse_the_wrong_number_of_features(mlp, data):
    X, _ = data
    with pytest.raises(ValueError, match="X has 3 features"):
        net_inputs(mlp, X[:, :3])


# top_activating_samples -----------------------------------------------------------


def test_top_samples_of_a_hand_made_network():
    X = np.array([[0.0, 5.0], [3.0, 0.0], [1.0, 1.0], [-2.0, 2.0]])
    # Unit 0 receives x0: 0, 3, 1, -2. Unit 2 receives -x0.
    top = top_activating_samples(hand_made(), X, units=[0, 2], k=3)
    np.testing.assert_array_equal(top, [[1, 2, 0], [3, 0, 2]])
    bottom = top_activating_samples(hand_made(), X, units=[0], k=2, lowest=True)
    np.testing.assert_array_equal(bottom, [[3, 0]])


def test_top_samples_match_a_full_sort(mlp, data):
    X, _ = data
    values = net_inputs(mlp, X)
    top = top_activating_samples(mlp, X, k=7)
    assert top.shape == (5, 7)
    for unit in range(5):
        np.testing.assert_allclose(
            values[top[unit], unit], np.sort(values[:, unit])[::-1][:7]
        )


def test_top_samples_rank_silent_samples_by_how_inhibited_they_are():
    # Unit 0 is a ReLU of x0: every negative x0 gives activation 0.
    X = np.array([[-1.0, 0.0], [-3.0, 0.0], [-2.0, 0.0]])
    lowest = top_activating_samples(hand_made(), X, units=[0], k=3, lowest=True)
    np.testing.assert_array_equal(lowest, [[1, 2, 0]])


def test_equal_net_inputs_keep_the_samples_order():
    X = np.array([[1.0, 0.0], [2.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    top = top_activating_samples(hand_made(), X, units=[0], k=4)
    np.testing.assert_array_equal(top, [[1, 0, 2, 3]])


def test_top_samples_of_a_deeper_layer(data):
    X, y = data
    deep = MLPClassifier(hidden_layer_sizes=(4, 3), max_iter=200, random_state=0)
    deep.fit(X, y)
    top = top_activating_samples(deep, X, k=2, layer=2)
    second = net_inputs(deep, X, layer=2)
    assert top.shape == (3, 2)
    np.testing.assert_array_equal(top[:, 0], second.argmax(axis=0))


@pytest.mark.parametrize("k", [0, 51, 2.5])
def test_top_samples_refuse_a_bad_k(mlp, data, k):
    X, _ = data
    with pytest.raises(ValueError, match="k must be an integer from 1 to"):
        top_activating_samples(mlp, X, k=k)


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ([0, 5], "Unit 5 does not exist: layer 1 has 5 units, numbered 0 to 4"),
        ([-1], "Unit -1 does not exist"),
        ([0.5], "integer unit indices"),
        ([[0, 1]], "1-D sequence"),
        ([], "units is empty"),
    ],
)
def test_top_samples_refuse_bad_units(mlp, data, units, message):
    X, _ = data
    with pytest.raises(ValueError, match=message):
        top_activating_samples(mlp, X, units=units)


def test_top_samples_need_a_hidden_layer(mlp, data):
    X, _ = data
    with pytest.raises(ValueError, match="hidden layer of this network, from 1 to 1"):
        top_activating_samples(mlp, X, layer=2)


# class_score_contributions --------------------------------------------------------


def test_contributions_of_a_hand_made_network():
    X = np.array([[2.0, 3.0]])  # hidden activations 2, 2, 0
    np.testing.assert_allclose(
        class_score_contributions(hand_made(), X, 1), [[-2, 6, 0]]
    )
    np.testing.assert_allclose(
        class_score_contributions(hand_made(), X, 2), [[4, 0, 0]]
    )


def test_contributions_add_up_to_the_scores_of_given_classes(mlp, data):
    X, _ = data
    labels = mlp.predict(X)
    parts = class_score_contributions(mlp, X, labels)
    scores = net_inputs(mlp, X, layer=2)
    columns = np.searchsorted(mlp.classes_, labels)
    np.testing.assert_allclose(
        parts.sum(axis=1) + mlp.intercepts_[-1][columns],
        scores[np.arange(len(X)), columns],
    )


def test_contributions_with_string_classes(data):
    X, y = data
    names = np.array(["cat", "dog", "emu"])[y]
    model = MLPClassifier(hidden_layer_sizes=(4,), max_iter=200, random_state=0)
    model.fit(X, names)
    parts = class_score_contributions(model, X, "emu")
    scores = net_inputs(model, X, layer=2)[:, 2]
    np.testing.assert_allclose(parts.sum(axis=1) + model.intercepts_[-1][2], scores)


def test_binary_contributions_are_opposite_for_the_two_classes(data):
    X, y = data
    binary = MLPClassifier(hidden_layer_sizes=(4,), max_iter=200, random_state=0)
    binary.fit(X, y == 2)
    for_true = class_score_contributions(binary, X, True)
    for_false = class_score_contributions(binary, X, False)
    score = net_inputs(binary, X, layer=2)[:, 0]
    np.testing.assert_allclose(for_true.sum(axis=1) + binary.intercepts_[-1][0], score)
    np.testing.assert_allclose(for_false, -for_true)
    mixed = class_score_contributions(binary, X, np.arange(len(X)) % 2 == 0)
    np.testing.assert_allclose(mixed[0], for_true[0])
    np.testing.assert_allclose(mixed[1], for_false[1])


def test_contributions_refuse_an_unknown_class(mlp, data):
    X, _ = data
    with pytest.raises(
        ValueError, match=r"7 is not a class of this model; .*\[0, 1, 2\]"
    ):
        class_score_contributions(mlp, X, 7)


def test_contributions_refuse_labels_that_do_not_match_the_samples(mlp, data):
    X, _ = data
    with pytest.raises(ValueError, match="one label per sample \\(50\\)"):
        class_score_contributions(mlp, X, [0, 1])


def test_contributions_refuse_a_regressor():
    X, y = make_regression(n_samples=20, n_features=3, random_state=0)
    regressor = MLPRegressor(hidden_layer_sizes=(3,), max_iter=50, random_state=0)
    regressor.fit(X, y / 100)
    with pytest.raises(TypeError, match="needs an MLPClassifier, got MLPRegressor"):
        class_score_contributions(regressor, X, 0)


def test_contributions_refuse_an_unfitted_model(data):
    X, _ = data
    with pytest.raises(NotFittedError):
        class_score_contributions(MLPClassifier(), X, 0)


# silenced_activations ---------------------------------------------------------------


def test_silencing_a_hand_made_unit():
    X = np.array([[2.0, 3.0]])  # hidden activations 2, 2, 0; scores 2.5, 4, 3.5
    layers = silenced_activations(hand_made(), X, units=[1])
    np.testing.assert_allclose(layers[1], [[2.0, 0.0, 0.0]])
    # Without unit 1 the scores are 2.5, -2 and 3.5: class 2 now wins.
    scores = np.array([2.5, -2.0, 3.5])
    expected = np.exp(scores) / np.exp(scores).sum()
    np.testing.assert_allclose(layers[-1], [expected])


def test_silencing_nothing_changes_nothing(mlp, data):
    X, _ = data
    layers = silenced_activations(mlp, X, units=[])
    for got, expected in zip(layers, layer_activations(mlp, X), strict=True):
        np.testing.assert_allclose(got, expected)


def test_silencing_every_unit_leaves_the_output_biases(mlp, data):
    X, _ = data
    output = silenced_activations(mlp, X, units=range(5))[-1]
    biases = mlp.intercepts_[-1]
    expected = np.exp(biases) / np.exp(biases).sum()
    np.testing.assert_allclose(output, np.tile(expected, (len(X), 1)), rtol=1e-6)


def test_silencing_leaves_the_model_untouched(mlp, data):
    X, _ = data
    before = [coef.copy() for coef in mlp.coefs_]
    probabilities = mlp.predict_proba(X)
    layers = silenced_activations(mlp, X, units=[0, 2])
    for coef, saved in zip(mlp.coefs_, before, strict=True):
        np.testing.assert_array_equal(coef, saved)
    np.testing.assert_array_equal(mlp.predict_proba(X), probabilities)
    hidden = layer_activations(mlp, X)[1]
    np.testing.assert_array_equal(layers[1][:, [1, 3, 4]], hidden[:, [1, 3, 4]])
    assert not np.any(layers[1][:, [0, 2]])


def test_silencing_in_a_deeper_layer(data):
    X, y = data
    deep = MLPClassifier(hidden_layer_sizes=(4, 3), max_iter=200, random_state=0)
    deep.fit(X, y)
    layers = silenced_activations(deep, X, units=[1], layer=2)
    reference = layer_activations(deep, X)
    np.testing.assert_allclose(layers[1], reference[1])
    second = reference[2].copy()
    second[:, 1] = 0
    np.testing.assert_allclose(layers[2], second)
    scores = second @ deep.coefs_[2] + deep.intercepts_[2]
    expected = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(layers[-1], expected, rtol=1e-6)


def test_silencing_refuses_bad_units_and_layers(mlp, data):
    X, _ = data
    with pytest.raises(ValueError, match="Unit 9 does not exist"):
        silenced_activations(mlp, X, units=[9])
    with pytest.raises(ValueError, match="from 1 to 1"):
        silenced_activations(mlp, X, units=[0], layer=2)


def test_silencing_refuses_an_unfitted_model(data):
    X, _ = data
    with pytest.raises(NotFittedError):
        silenced_activations(MLPClassifier(), X, units=[0])
