"""What every layer of a fitted network computes.

scikit-learn's multi-layer perceptrons only expose their final output
(``predict``, ``predict_proba``). The values of the hidden layers follow from
the public attributes of a fitted model: ``coefs_`` and ``intercepts_`` hold
the weights and biases, ``activation`` names the function applied by every
hidden unit and ``out_activation_`` the one applied by the output layer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.utils import check_array

from ._validation import check_fitted_mlp

__all__ = ["layer_activations"]


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
    >>> from mlpviz.activations import layer_activations
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
