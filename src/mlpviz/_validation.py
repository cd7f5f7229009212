"""Checks shared by the helpers: models, label arrays, pixel orders and shapes."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

PIXEL_ORDERS = ("C", "F")


def check_mlp(model) -> None:
    """Raise a TypeError unless ``model`` is a scikit-learn MLP."""
    if not hasattr(model, "hidden_layer_sizes"):
        raise TypeError(
            f"Expected a scikit-learn MLPClassifier or MLPRegressor, got "
            f"{type(model).__name__}."
        )


def check_fitted_mlp(model) -> None:
    """Raise a clear error unless ``model`` is a fitted scikit-learn MLP.

    Raises
    ------
    TypeError
        If ``model`` is not a scikit-learn MLP.
    sklearn.exceptions.NotFittedError
        If it has not been fitted.
    """
    check_mlp(model)
    check_is_fitted(
        model,
        "coefs_",
        msg=(
            "This %(name)s is not fitted yet: call fit (or partial_fit) with "
            "training data before inspecting its weights."
        ),
    )


def check_order(order: str) -> str:
    """Return ``order`` if it names a pixel order NumPy reshapes with, else raise."""
    if order not in PIXEL_ORDERS:
        raise ValueError(
            f'order must be "C" (images flattened row by row, as MNIST) or "F" '
            f"(column by column, as Andrew Ng's digits), got {order!r}."
        )
    return order


def check_label_pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    """Return the true and predicted labels as 1-D arrays of the same length.

    Raises a ValueError naming the array that is not 1-D, or both lengths.
    """
    arrays = []
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        array = np.asarray(values)
        if array.ndim != 1:
            raise ValueError(
                f"{name} must be 1-D, one label per sample, got an array of shape "
                f"{array.shape}."
            )
        arrays.append(array)
    y_true, y_pred = arrays
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}: pass "
            "the true and the predicted label of the same samples."
        )
    return y_true, y_pred


def as_weight_rows(weights, image_shape: tuple[int, int]) -> np.ndarray:
    """Return ``weights`` as a 2-D float array of one unit a row.

    Raises a ValueError naming the mismatch when a row cannot be an image of
    ``image_shape``.
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim == 1:
        weights = weights[np.newaxis]
    if weights.ndim != 2:
        raise ValueError(
            f"weights must be 2-D (units, pixels), got an array of shape "
            f"{weights.shape}."
        )
    n_pixels = int(np.prod(image_shape))
    if weights.shape[1] != n_pixels:
        raise ValueError(
            f"Each unit has {weights.shape[1]} weights, which cannot be shown as "
            f"a {image_shape[0]}x{image_shape[1]} image ({n_pixels} pixels). Pass "
            "the weights as (units, pixels), for a fitted MLP "
            "first_layer_weights(model), and the input image's shape."
        )
    return weights
