"""Checks shared by the helpers: fitted models and array shapes."""

from __future__ import annotations

import numpy as np
from sklearn.exceptions import NotFittedError


def check_fitted_mlp(model) -> None:
    """Raise a clear error unless ``model`` is a fitted scikit-learn MLP."""
    if not hasattr(model, "hidden_layer_sizes"):
        raise TypeError(
            f"Expected a scikit-learn MLPClassifier or MLPRegressor, got "
            f"{type(model).__name__}."
        )
    if not hasattr(model, "coefs_"):
        raise NotFittedError(
            f"This {type(model).__name__} is not fitted yet: call fit (or "
            "partial_fit) with training data before inspecting its weights."
        )


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
