"""What single hidden units respond to, and what they do for a decision.

A hidden unit computes a weighted sum of the layer below plus a bias, its
*net input*, and passes it through the activation function. The helpers here
follow one unit at a time through a fitted scikit-learn MLP, from its public
attributes (``coefs_``, ``intercepts_``, ``activation``, ``classes_``) and
:func:`~mlpviz.activations.layer_activations`:

* which samples excite a unit most, and which least
  (:func:`top_activating_samples`, from :func:`net_inputs`);
* how much each unit of the last hidden layer adds to a class's score
  (:func:`class_score_contributions`);
* what the network computes when some units are silenced
  (:func:`silenced_activations`).

Layers are numbered as in :func:`~mlpviz.activations.layer_activations`:
0 is the input, 1 the first hidden layer, ``len(model.coefs_)`` the output.
"""

from __future__ import annotations

import copy
from numbers import Integral

import numpy as np
from sklearn.base import is_classifier

from ._validation import check_fitted_mlp
from .activations import layer_activations

__all__ = [
    "class_score_contributions",
    "net_inputs",
    "silenced_activations",
    "top_activating_samples",
]


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
        model (see :func:`~mlpviz.activations.layer_activations`).
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.activations import layer_activations
    >>> from mlpviz.units import net_inputs
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
    >>> from mlpviz.units import top_activating_samples
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


def class_score_contributions(model, X, classes) -> np.ndarray:
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
    classes : class label or array-like of shape (n_samples,)
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
        If a label is not one of ``model.classes_``, or ``classes`` does not
        hold one label per sample.
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.units import class_score_contributions, net_inputs
    >>> X = np.random.default_rng(0).normal(size=(30, 4))
    >>> y = np.arange(30) % 3
    >>> mlp = MLPClassifier(hidden_layer_sizes=(5,), max_iter=300, random_state=0)
    >>> mlp = mlp.fit(X, y)
    >>> parts = class_score_contributions(mlp, X, classes=2)
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
    labels = np.asarray(classes)
    if labels.ndim == 0:
        labels = np.full(n_samples, labels)
    if labels.shape != (n_samples,):
        raise ValueError(
            f"classes must be one label, or one label per sample ({n_samples}), "
            f"got an array of shape {labels.shape}."
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
        The layers, as :func:`~mlpviz.activations.layer_activations` returns
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
    >>> from mlpviz.units import silenced_activations
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
