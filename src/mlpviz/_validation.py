"""Checks shared by the helpers: models, label arrays, pixel orders and shapes."""

from __future__ import annotations

import math
from numbers import Integral

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


def check_labels(labels, n_samples: int, name: str) -> np.ndarray | None:
    """Return ``labels`` as a 1-D array of one label per sample (None stays None).

    Raises a ValueError naming ``name`` when there is not one label per sample.
    """
    if labels is None:
        return None
    array = np.asarray(labels)
    if array.shape != (n_samples,):
        raise ValueError(
            f"{name} must hold one label per image ({n_samples}), got an array "
            f"of shape {array.shape}."
        )
    return array


def _nearest_factors(n: int) -> tuple[int, int]:
    """The pair ``(height, width)``, ``height <= width``, closest to a square."""
    height = max(
        (d for d in range(1, math.isqrt(n) + 1) if n % d == 0),
        default=1,
    )
    return height, n // height


def check_image_shape(image_shape) -> tuple[int, int]:
    """Return ``image_shape`` as a (height, width) pair of positive ints, or raise."""
    try:
        shape = tuple(image_shape)
    except TypeError:
        shape = None
    if (
        shape is None
        or len(shape) != 2
        or not all(isinstance(size, Integral) and size >= 1 for size in shape)
    ):
        raise ValueError(
            "image_shape must be a (height, width) pair of positive integers, or "
            f"None to infer a square shape, got {image_shape!r}."
        )
    return int(shape[0]), int(shape[1])


def infer_image_shape(
    n_pixels: int, *, row: str = "image", value: str = "pixel", hint: str = ""
) -> tuple[int, int]:
    """Return the square (side, side) of ``n_pixels``, or raise a clear ValueError.

    ``row`` and ``value`` name what a row is and holds, for the message
    ("Each unit has 30 weights, ..."); ``hint`` is appended to it.
    """
    side = math.isqrt(n_pixels)
    if n_pixels > 0 and side * side == n_pixels:
        return side, side
    example = _nearest_factors(n_pixels) if n_pixels > 0 else (1, 1)
    raise ValueError(
        f"Each {row} has {n_pixels} {value}s, and {n_pixels} is not a square "
        "number, so the image's shape cannot be inferred: pass "
        f"image_shape=(height, width), for instance image_shape={example}.{hint}"
    )


def as_images(
    values,
    image_shape=None,
    *,
    order: str = "C",
    name: str = "images",
    row: str = "image",
    value: str = "pixel",
    hint: str = "",
) -> np.ndarray:
    """Return ``values`` as a float array of images, shape (n, height, width).

    The one reshape-and-check of the helpers. ``values`` holds images that
    already have their shape (3-D), flattened images one a row (2-D), or one
    flattened image (1-D). Flattened rows are folded in ``order`` into
    ``image_shape``; ``None`` infers a square shape, and refuses rows whose
    length is not a square number.

    Parameters
    ----------
    values : array-like
    image_shape : (int, int) or None
    order : {"C", "F"}
    name : str
        The parameter's name, for the messages ("weights").
    row, value : str
        What a row is and what it holds, for the messages ("unit", "weight").
    hint : str
        Appended to the message of a shape that does not fit.

    Raises
    ------
    ValueError
        If ``order`` or ``image_shape`` is not valid, ``values`` is neither
        1-D, 2-D nor 3-D, or its rows cannot be images of ``image_shape``.
    """
    check_order(order)
    shape = None if image_shape is None else check_image_shape(image_shape)
    array = np.asarray(values, dtype=float)
    if array.ndim == 3:
        if shape is not None and array.shape[1:] != shape:
            raise ValueError(
                f"The {name} are {array.shape[1]}x{array.shape[2]} images, not "
                f"{shape[0]}x{shape[1]}: leave image_shape out for {name} that "
                "already have their shape."
            )
        return array
    if array.ndim == 1:
        array = array[np.newaxis]
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D ({row}s, {value}s), one flattened image a row, "
            f"or 3-D ({row}s, height, width), got an array of shape {array.shape}."
        )
    n_pixels = array.shape[1]
    if shape is None:
        shape = infer_image_shape(n_pixels, row=row, value=value, hint=hint)
    if math.prod(shape) != n_pixels:
        raise ValueError(
            f"Each {row} has {n_pixels} {value}s, which cannot be shown as a "
            f"{shape[0]}x{shape[1]} image ({math.prod(shape)} pixels): pass the "
            f"image_shape of the input images.{hint}"
        )
    return array.reshape(len(array), *shape, order=order)
