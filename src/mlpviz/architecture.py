"""Counting the weights and biases of fully connected and convolutional networks."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from ._validation import check_fitted_mlp

__all__ = [
    "conv2d_parameter_counts",
    "dense_parameter_counts",
    "fitted_parameter_counts",
    "mlp_layer_sizes",
]


def dense_parameter_counts(layer_sizes: Sequence[int]) -> pd.DataFrame:
    """Count weights and biases from the sizes of fully connected layers.

    A layer of ``n_out`` units fed by ``n_in`` values has ``n_in * n_out``
    weights and ``n_out`` biases.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input first and output last, for instance
        ``[784, 16, 16, 10]``.

    Returns
    -------
    pandas.DataFrame
        One row per weight layer (``"784 -> 16"``, ...) with the columns
        ``weights``, ``biases`` and ``parameters``, and a last row ``total``.

    Examples
    --------
    >>> from mlpviz.architecture import dense_parameter_counts
    >>> int(dense_parameter_counts([784, 16, 16, 10]).loc["total", "parameters"])
    13002
    """
    sizes = [int(size) for size in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(
            "layer_sizes needs at least an input and an output size, all "
            f"positive, got {list(layer_sizes)}."
        )
    rows = {
        f"{n_in} -> {n_out}": {"weights": n_in * n_out, "biases": n_out}
        for n_in, n_out in pairwise(sizes)
    }
    return _with_total(pd.DataFrame.from_dict(rows, orient="index"))


def conv2d_parameter_counts(
    channels: Sequence[int], kernel_size: int | tuple[int, int] = 3
) -> pd.DataFrame:
    """Count weights and biases of a stack of 2-D convolution layers.

    A layer with ``filters`` kernels of ``kernel_height x kernel_width``, fed
    by ``in_channels`` channels, has ``kernel_height * kernel_width *
    in_channels * filters`` weights and ``filters`` biases, whatever the size
    of the image: the same kernels are used at every position.

    Parameters
    ----------
    channels : sequence of int
        Channels of the input, then the number of filters of each
        convolution layer, for instance ``[1, 32, 64]`` for a grey image
        followed by layers of 32 and 64 filters.
    kernel_size : int or (int, int), default=3
        Height and width of the kernels of every layer; an int means a square
        kernel.

    Returns
    -------
    pandas.DataFrame
        One row per layer (``"3x3 conv, 1 -> 32"``, ...) with the columns
        ``weights``, ``biases`` and ``parameters``, and a last row ``total``:
        the layout of :func:`dense_parameter_counts`.

    Raises
    ------
    ValueError
        If fewer than two channel counts are given, or a count or kernel size
        is not positive.

    Examples
    --------
    >>> from mlpviz.architecture import conv2d_parameter_counts
    >>> conv2d_parameter_counts([1, 32, 64])["parameters"].tolist()
    [320, 18496, 18816]
    """
    sizes = [int(size) for size in channels]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(
            "channels needs the input channels and at least one layer's number "
            f"of filters, all positive, got {list(channels)}."
        )
    kernel = (kernel_size,) * 2 if np.isscalar(kernel_size) else tuple(kernel_size)
    if len(kernel) != 2 or min(kernel) < 1:
        raise ValueError(
            "kernel_size must be a positive int or a (height, width) pair of "
            f"positive ints, got {kernel_size}."
        )
    height, width = (int(size) for size in kernel)
    rows = {
        f"{height}x{width} conv, {n_in} -> {n_out}": {
            "weights": height * width * n_in * n_out,
            "biases": n_out,
        }
        for n_in, n_out in pairwise(sizes)
    }
    return _with_total(pd.DataFrame.from_dict(rows, orient="index"))


def mlp_layer_sizes(model) -> list[int]:
    """Return the number of units of every layer of a fitted MLP, input to output.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        A fitted scikit-learn multi-layer perceptron.

    Returns
    -------
    list of int
        The input's number of features, the units of each hidden layer, then
        the output units: the ``layer_sizes`` that
        :func:`dense_parameter_counts` takes.

    Raises
    ------
    TypeError
        If ``model`` is not a scikit-learn MLP.
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.architecture import mlp_layer_sizes
    >>> X, y = np.eye(4), np.array([0, 1, 2, 0])
    >>> mlp = MLPClassifier(hidden_layer_sizes=(5,), max_iter=5, random_state=0)
    >>> mlp_layer_sizes(mlp.fit(X, y))
    [4, 5, 3]
    """
    check_fitted_mlp(model)
    return [model.coefs_[0].shape[0], *(coef.shape[1] for coef in model.coefs_)]


def fitted_parameter_counts(model) -> pd.DataFrame:
    """Count the weights and biases of a fitted MLP from its arrays.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        A fitted scikit-learn multi-layer perceptron.

    Returns
    -------
    pandas.DataFrame
        Same layout as :func:`dense_parameter_counts`, counted from the sizes
        of ``model.coefs_`` and ``model.intercepts_``; the two tables agree.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.
    """
    check_fitted_mlp(model)
    rows = {
        f"{coef.shape[0]} -> {coef.shape[1]}": {
            "weights": coef.size,
            "biases": intercept.size,
        }
        for coef, intercept in zip(model.coefs_, model.intercepts_)
    }
    return _with_total(pd.DataFrame.from_dict(rows, orient="index"))


def _with_total(table: pd.DataFrame) -> pd.DataFrame:
    table["parameters"] = table["weights"] + table["biases"]
    table.loc["total"] = table.sum()
    return table.astype("int64")
