"""What a fitted MLP holds and computes: its weights, its layers, its units.

scikit-learn's multi-layer perceptrons only expose their final output
(``predict``, ``predict_proba``). Everything else follows from the public
attributes of a fitted model: ``coefs_`` and ``intercepts_`` hold the weights
and biases, ``activation`` names the function applied by every hidden unit,
``out_activation_`` the one applied by the output layer, and ``classes_``
the classes. The helpers here work on any fitted
:class:`~sklearn.neural_network.MLPClassifier` or
:class:`~sklearn.neural_network.MLPRegressor`, whatever its inputs, depth,
activation function or number of classes:

* the first layer's weights, one row per hidden unit
  (:func:`first_layer_weights`), which :mod:`mlpviz.images` draws;
* the values of every layer (:func:`layer_activations`) and what each unit
  receives before its activation function (:func:`net_inputs`);
* which samples excite a unit most, and which least
  (:func:`top_activating_samples`);
* how much each unit of the last hidden layer adds to a class's score
  (:func:`class_score_contributions`);
* what the network computes when some units are silenced
  (:func:`silenced_activations`).

Layers are numbered as in :func:`layer_activations`: 0 is the input, 1 the
first hidden layer, ``len(model.coefs_)`` the output.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from numbers import Integral

import numpy as np
from sklearn.base import is_classifier
from sklearn.utils import check_array

from ._validation import check_fitted_mlp

__all__ = [
    "class_score_contributions",
    "first_layer_weights",
    "layer_activations",
    "net_inputs",
    "silenced_activations",
    "top_activating_samples",
]


def first_layer_weights(model) -> np.ndarray:
    """Return the first-layer weights of a fitted MLP, one hidden unit a row.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        A fitted scikit-learn multi-layer perceptron.

    Returns
    -------
    ndarray of shape (n_hidden_units, n_features)
        Row ``i`` holds the weight of every input feature for hidden unit
        ``i``: the transpose of ``model.coefs_[0]``.

    Raises
    ------
    TypeError
        If ``model`` is not a scikit-learn MLP.
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.inspection import first_layer_weights
    >>> X, y = load_digits(return_X_y=True)
    >>> mlp = MLPClassifier(hidden_layer_sizes=(12,), max_iter=5, random_state=0)
    >>> first_layer_weights(mlp.fit(X / 16, y)).shape  # one 8x8 image a unit
    (12, 64)
    """
    check_fitted_mlp(model)
    return model.coefs_[0].T


def _identity(z: np.ndarray) -> np.ndarray:
    return z


def _logistic(z: np.ndarray) -> np.ndarray:
    # 1 / (1 + exp(-z)) as exp(-log(1 + exp(-z))): no overflow for large |z|
    # and full relative precision for probabilities close to 0.
    return np.exp(-np.logaddexp(0.0, -z))


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def _softmax(z: np.ndarray) -> np.ndarray:
    exponentials = np.exp(z - z.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


# The functions a scikit-learn MLP applies, by the name it gives them: the
# first four for the hidden layers (``activation``), softmax (multiclass),
# logistic (binary, multilabel), identity (regression) and exp (Poisson
# regression) for the output layer (``out_activation_``).
_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "identity": _identity,
    "logistic": _logistic,
    "tanh": np.tanh,
    "relu": _relu,
    "softmax": _softmax,
    "exp": np.exp,
}

_HIDDEN_ACTIVATIONS = ("identity", "logistic", "tanh", "relu")


def layer_activations(model, X) -> list[np.ndarray]:
    """Return the values of every layer of a fitted MLP for the samples ``X``.

    The forward pass is computed from the model's public attributes, so it
    works for any :class:`~sklearn.neural_network.MLPClassifier` or
    :class:`~sklearn.neural_network.MLPRegressor`, whatever its depth and
    activation function.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        A fitted scikit-learn multi-layer perceptron.
    X : array-like of shape (n_samples, n_features)
        The samples, with as many features as the model was fitted on.

    Returns
    -------
    list of ndarray
        ``len(model.coefs_) + 1`` arrays: the input ``X`` (as a float array),
        then one array of shape (n_samples, n_units) per hidden layer, then
        the output layer. The output layer is what the network computes
        before scikit-learn formats it: for a multiclass classifier it equals
        ``predict_proba(X)``; for a binary classifier it has a single column,
        the probability of ``classes_[1]`` (``predict_proba(X)[:, 1]``); for
        a multilabel classifier one column per label; for a regressor
        ``predict(X)`` as a column per target.

    Raises
    ------
    TypeError
        If ``model`` is not a scikit-learn MLP, or ``X`` is a sparse matrix.
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.
    ValueError
        If ``X`` is not a 2-D numeric array, has the wrong number of features,
        or the model uses an activation function this helper does not know.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.inspection import layer_activations
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1)
    >>> y = (np.abs(X[:, 0]) < 0.5).astype(int)
    >>> mlp = MLPClassifier(hidden_layer_sizes=(3,), max_iter=500, random_state=0)
    >>> mlp = mlp.fit(X, y)
    >>> [layer.shape for layer in layer_activations(mlp, X)]
    [(40, 1), (40, 3), (40, 1)]
    """
    check_fitted_mlp(model)
    X = check_array(X, dtype=(np.float64, np.float32))
    expected = model.coefs_[0].shape[0]
    if X.shape[1] != expected:
        raise ValueError(
            f"X has {X.shape[1]} features, but this {type(model).__name__} "
            f"expects {expected}, the number of features it was fitted on."
        )
    if model.activation not in _HIDDEN_ACTIVATIONS:
        raise ValueError(
            f"Unknown hidden activation {model.activation!r}; expected one of "
            f"{', '.join(_HIDDEN_ACTIVATIONS)}."
        )
    if model.out_activation_ not in _FUNCTIONS:
        raise ValueError(
            f"Unknown output activation {model.out_activation_!r}; expected "
            f"one of {', '.join(_FUNCTIONS)}."
        )

    hidden = _FUNCTIONS[model.activation]
    n_weight_layers = len(model.coefs_)
    layers = [X]
    for i, (coef, intercept) in enumerate(
        zip(model.coefs_, model.intercepts_, strict=True)
    ):
        net_input = layers[-1] @ coef + intercept
        is_output = i == n_weight_layers - 1
        function = _FUNCTIONS[model.out_activation_] if is_output else hidden
        layers.append(function(net_input))
    return layers


def net_inputs(model, X, *, layer: int = 1) -> np.ndarray:
    """Return what each unit of a layer receives: weighted sum plus bias.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        A fitted scikit-learn multi-layer perceptron.
    X : array-like of shape (n_samples, n_features)
        The samples.
    layer : int, default=1
        The layer, from 1 (the first hidden layer) to ``len(model.coefs_)``
        (the output layer, whose net inputs are the scores that the output
        function, softmax for a multiclass classifier, turns into
        probabilities).

    Returns
    -------
    ndarray of shape (n_samples, n_units)
        The net input of every unit of ``layer`` for every sample. The
        layer's activations are the activation function of these values.

    Raises
    ------
    ValueError
        If ``layer`` is not a layer with weights, or ``X`` does not fit the
        model (see :func:`layer_activations`).
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.inspection import layer_activations
    >>> from mlpviz.inspection import net_inputs
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1)
    >>> y = (np.abs(X[:, 0]) < 0.5).astype(int)
    >>> mlp = MLPClassifier(hidden_layer_sizes=(3,), max_iter=500, random_state=0)
    >>> mlp = mlp.fit(X, y)
    >>> hidden = net_inputs(mlp, X)  # the ReLU units output max(0, net input)
    >>> bool(np.allclose(np.maximum(hidden, 0), layer_activations(mlp, X)[1]))
    True
    >>> net_inputs(mlp, X, layer=2).shape  # the output's score
    (40, 1)
    """
    check_fitted_mlp(model)
    _check_layer(model, layer, hidden_only=False)
    below = layer_activations(model, X)[layer - 1]
    return below @ model.coefs_[layer - 1] + model.intercepts_[layer - 1]


def top_activating_samples(
    model,
    X,
    *,
    units=None,
    k: int = 9,
    layer: int = 1,
    lowest: bool = False,
) -> np.ndarray:
    """Find, for each hidden unit, the samples that excite it most (or least).

    Samples are ranked by the unit's net input (:func:`net_inputs`). Every
    hidden activation function of scikit-learn (identity, logistic, tanh,
    ReLU) never decreases, so the samples with the highest net input are
    those with the highest activation; the net input also ranks the samples
    that a ReLU unit maps to the same zero, from barely silent to strongly
    inhibited.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        A fitted scikit-learn multi-layer perceptron.
    X : array-like of shape (n_samples, n_features)
        The samples to search, for instance a test set.
    units : array-like of int, optional
        The units of ``layer`` to rank for, in the order of the result's
        rows. By default every unit of the layer.
    k : int, default=9
        How many samples per unit, from 1 to ``n_samples``.
    layer : int, default=1
        The hidden layer, from 1 (the first) to ``len(model.coefs_) - 1``.
    lowest : bool, default=False
        Return the samples with the lowest net input instead, lowest first.

    Returns
    -------
    ndarray of int, shape (n_units, k)
        Row ``i`` holds the indices into ``X`` of the ``k`` samples with the
        highest net input for unit ``units[i]``, highest first (with
        ``lowest``: the lowest, lowest first). Equal net inputs keep the
        samples' order in ``X``.

    Raises
    ------
    ValueError
        If ``layer`` is not a hidden layer, ``units`` holds an index that is
        not a unit of that layer, or ``k`` is out of range.
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.inspection import top_activating_samples
    >>> X = np.linspace(-1, 1, 40).reshape(-1, 1)
    >>> y = (np.abs(X[:, 0]) < 0.5).astype(int)
    >>> mlp = MLPClassifier(hidden_layer_sizes=(3,), max_iter=500, random_state=0)
    >>> mlp = mlp.fit(X, y)
    >>> top = top_activating_samples(mlp, X, units=[0, 2], k=3)
    >>> top.shape
    (2, 3)
    """
    check_fitted_mlp(model)
    _check_layer(model, layer, hidden_only=True)
    values = net_inputs(model, X, layer=layer)
    n_samples, n_units = values.shape
    units = _check_units(units, n_units, layer)
    if not isinstance(k, Integral) or not 1 <= k <= n_samples:
        raise ValueError(
            f"k must be an integer from 1 to the number of samples ({n_samples}), "
            f"got {k!r}."
        )
    ranking = values[:, units].T if lowest else -values[:, units].T
    return np.argsort(ranking, axis=1, kind="stable")[:, :k]


def class_score_contributions(model, X, class_of_interest) -> np.ndarray:
    """Split a class's score into one term per unit of the last hidden layer.

    The output layer's score of class ``c`` (its net input, before softmax)
    is ``sum_j a_j * W[j, c] + b_c``: the activation ``a_j`` of every unit
    ``j`` of the last hidden layer times that unit's outgoing weight to
    ``c``, plus a bias. The terms ``a_j * W[j, c]`` say which units pushed the
    score up and which held it back. A silent unit (``a_j = 0``) contributes
    nothing, however large its weight.

    Parameters
    ----------
    model : MLPClassifier
        A fitted scikit-learn multi-layer perceptron classifier.
    X : array-like of shape (n_samples, n_features)
        The samples.
    class_of_interest : class label or array-like of shape (n_samples,)
        The class whose score to split: one label for every sample, or one
        label per sample (for instance ``model.predict(X)``, the winning
        class of each).

    Returns
    -------
    ndarray of shape (n_samples, n_units)
        Entry ``[i, j]`` is unit ``j``'s contribution to the score of sample
        ``i``'s class. Adding the output bias of that class to the sum of a
        row gives the class's score, ``net_inputs(model, X,
        layer=len(model.coefs_))`` in its column. A binary classifier
        computes one score, for ``classes_[1]``; the score of ``classes_[0]``
        is taken as its negative, since the probability of ``classes_[0]``
        is the logistic function of it.

    Raises
    ------
    TypeError
        If ``model`` is not an MLP classifier.
    ValueError
        If a label is not one of ``model.classes_``, or ``class_of_interest``
        does not hold one label per sample.
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.inspection import class_score_contributions, net_inputs
    >>> X = np.random.default_rng(0).normal(size=(30, 4))
    >>> y = np.arange(30) % 3
    >>> mlp = MLPClassifier(hidden_layer_sizes=(5,), max_iter=300, random_state=0)
    >>> mlp = mlp.fit(X, y)
    >>> parts = class_score_contributions(mlp, X, class_of_interest=2)
    >>> parts.shape
    (30, 5)
    >>> scores = net_inputs(mlp, X, layer=2)[:, 2]
    >>> bool(np.allclose(parts.sum(axis=1) + mlp.intercepts_[-1][2], scores))
    True
    """
    check_fitted_mlp(model)
    if not is_classifier(model):
        raise TypeError(
            f"class_score_contributions needs an MLPClassifier, got "
            f"{type(model).__name__}: a regressor has no class scores."
        )
    last_hidden = layer_activations(model, X)[-2]
    n_samples = len(last_hidden)
    labels = np.asarray(class_of_interest)
    if labels.ndim == 0:
        labels = np.full(n_samples, labels)
    if labels.shape != (n_samples,):
        raise ValueError(
            "class_of_interest must be one label, or one label per sample "
            f"({n_samples}), got an array of shape {labels.shape}."
        )
    known = np.isin(labels, model.classes_)
    if not known.all():
        raise ValueError(
            f"{labels[~known][0].item()!r} is not a class of this model; its classes "
            f"are {model.classes_.tolist()}."
        )
    positions = np.searchsorted(model.classes_, labels)
    out_weights = model.coefs_[-1]
    if out_weights.shape[1] == 1 and len(model.classes_) == 2:
        # One logistic output, the score of classes_[1]; classes_[0] gets -score.
        signs = np.where(positions == 1, 1.0, -1.0)
        return last_hidden * out_weights[:, 0] * signs[:, np.newaxis]
    return last_hidden * out_weights[:, positions].T


def silenced_activations(model, X, units, *, layer: int = 1) -> list[np.ndarray]:
    """Compute every layer of a fitted MLP with some hidden units forced to zero.

    A silenced unit outputs zero whatever its input, as if it had been cut
    out of the network: the layers above it see only the other units. The
    model itself is left untouched; the forward pass runs on a copy whose
    silenced units have zero outgoing weights, which has the same effect.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        A fitted scikit-learn multi-layer perceptron.
    X : array-like of shape (n_samples, n_features)
        The samples.
    units : array-like of int
        The units of ``layer`` to silence; may be empty.
    layer : int, default=1
        The hidden layer, from 1 (the first) to ``len(model.coefs_) - 1``.

    Returns
    -------
    list of ndarray
        The layers, as :func:`layer_activations` returns
        them, with the silenced units' columns of ``layer`` set to zero. The
        last one is the output: for a multiclass classifier the class
        probabilities of the silenced network.

    Raises
    ------
    ValueError
        If ``layer`` is not a hidden layer or ``units`` holds an index that is
        not a unit of that layer.
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.inspection import silenced_activations
    >>> X = np.random.default_rng(0).normal(size=(30, 4))
    >>> y = np.arange(30) % 3
    >>> mlp = MLPClassifier(hidden_layer_sizes=(5,), max_iter=300, random_state=0)
    >>> mlp = mlp.fit(X, y)
    >>> layers = silenced_activations(mlp, X, units=[0, 3])
    >>> float(np.abs(layers[1][:, [0, 3]]).max()), layers[-1].shape
    (0.0, (30, 3))
    >>> unchanged = silenced_activations(mlp, X, units=[])[-1]
    >>> bool(np.allclose(unchanged, mlp.predict_proba(X)))
    True
    """
    check_fitted_mlp(model)
    _check_layer(model, layer, hidden_only=True)
    units = _check_units(units, model.coefs_[layer - 1].shape[1], layer, empty=True)
    silenced = copy.copy(model)
    silenced.coefs_ = [coef.copy() for coef in model.coefs_]
    silenced.coefs_[layer][units, :] = 0
    layers = layer_activations(silenced, X)
    layers[layer] = layers[layer].copy()
    layers[layer][:, units] = 0
    return layers


def _check_units(units, n_units: int, layer: int, *, empty: bool = False) -> np.ndarray:
    """Return ``units`` as an int array of unit indices of a layer of ``n_units``.

    ``None`` means every unit. Raises a ValueError naming the bad index.
    """
    if units is None:
        return np.arange(n_units)
    array = np.asarray(units)
    if array.ndim == 0:
        array = array[np.newaxis]
    if array.size == 0:
        if empty:
            return np.zeros(0, dtype=int)
        raise ValueError("units is empty: give at least one unit index.")
    if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
        raise ValueError(
            f"units must be a 1-D sequence of integer unit indices, got {units!r}."
        )
    bad = array[(array < 0) | (array >= n_units)]
    if bad.size:
        raise ValueError(
            f"Unit {bad[0]} does not exist: layer {layer} has {n_units} units, "
            f"numbered 0 to {n_units - 1}."
        )
    return array.astype(int)


def _check_layer(model, layer, *, hidden_only: bool) -> None:
    n_weight_layers = len(model.coefs_)
    last = n_weight_layers - 1 if hidden_only else n_weight_layers
    kind = "hidden layer" if hidden_only else "layer with weights"
    if not isinstance(layer, Integral) or not 1 <= layer <= last:
        raise ValueError(
            f"layer must be a {kind} of this network, from 1 to {last}, got "
            f"{layer!r} (0 is the input"
            + (f", {n_weight_layers} the output)." if hidden_only else ").")
        )
