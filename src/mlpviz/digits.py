"""Grids of digit images, with their true and predicted labels."""

from __future__ import annotations

import math

import numpy as np

from ._grid import panel_axes
from ._validation import check_order

__all__ = ["plot_digit_grid"]

CORRECT_COLOR = "tab:blue"
MISTAKE_COLOR = "tab:red"


def _as_images(images, image_shape, order: str) -> np.ndarray:
    check_order(order)
    images = np.asarray(images, dtype=float)
    if images.ndim == 3:
        if image_shape is not None and images.shape[1:] != tuple(image_shape):
            raise ValueError(
                f"The images are {images.shape[1]}x{images.shape[2]}, not "
                f"{image_shape[0]}x{image_shape[1]}: leave image_shape out for "
                "images that already have their shape."
            )
        return images
    if images.ndim == 1:
        images = images[np.newaxis]
    if images.ndim != 2:
        raise ValueError(
            "images must be 2-D (samples, pixels) or 3-D (samples, height, "
            f"width), got an array of shape {images.shape}."
        )
    n_pixels = images.shape[1]
    if image_shape is None:
        side = math.isqrt(n_pixels)
        if side * side != n_pixels:
            raise ValueError(
                f"{n_pixels} pixels do not make a square image: pass "
                "image_shape=(height, width)."
            )
        image_shape = (side, side)
    if math.prod(image_shape) != n_pixels:
        raise ValueError(
            f"Rows of {n_pixels} pixels cannot be {image_shape[0]}x"
            f"{image_shape[1]} images ({math.prod(image_shape)} pixels)."
        )
    return images.reshape(len(images), *image_shape, order=order)


def _check_labels(labels, n_images: int, name: str):
    if labels is None:
        return None
    labels = np.asarray(labels)
    if labels.shape != (n_images,):
        raise ValueError(
            f"{name} must hold one label per image ({n_images}), got an array "
            f"of shape {labels.shape}."
        )
    return labels


def plot_digit_grid(
    images,
    *,
    true_labels=None,
    predicted_labels=None,
    axes=None,
    ncols: int | None = None,
    order: str = "C",
    image_shape: tuple[int, int] | None = None,
    cmap: str = "gray_r",
    vmin: float | None = None,
    vmax: float | None = None,
):
    """Draw digit images in a grid, optionally with their labels.

    With ``predicted_labels``, each image carries the predicted label in its
    top-left corner; when ``true_labels`` are given too, a wrong prediction
    is written in red as ``"predicted (true)"`` and its image gets a thick
    red frame (the others have a thin grey one). With ``true_labels`` only,
    the true label is written.

    Parameters
    ----------
    images : array-like of shape (n_images, n_pixels) or (n_images, height, width)
        The images, flattened (one a row) or already shaped.
    true_labels : array-like of shape (n_images,), optional
        The true label of each image.
    predicted_labels : array-like of shape (n_images,), optional
        The label a model gave each image.
    axes : array of matplotlib Axes, optional
        Where to draw, one Axes per image (extra Axes are switched off). By
        default a new figure with a grid of ``ncols`` columns.
    ncols : int, optional
        Columns of the new grid; by default about the square root of the
        number of images.
    order : {"C", "F"}, default="C"
        How flattened rows were unrolled: row by row (``"C"``, MNIST) or
        column by column (``"F"``, Andrew Ng's digits). Ignored for images
        that already have their shape.
    image_shape : (int, int), optional
        Height and width of flattened images; by default square.
    cmap : str, default="gray_r"
        Colour map: dark ink on a light background by default.
    vmin, vmax : float, optional
        The grey levels drawn as the lightest and the darkest colour, the same
        for every image. By default 0 (no ink, so that the background looks
        the same in every image even where interpolation dipped below 0) and
        the largest value of all the images.

    Returns
    -------
    axes : ndarray of matplotlib Axes
        The Axes drawn on, in the shape of the grid. Each used Axes holds one
        image and, when labels were given, one text.

    Raises
    ------
    ValueError
        If the images cannot be shaped, the labels do not match the images,
        or there are fewer Axes than images.

    Examples
    --------
    >>> from mlpviz.datasets import load_ng_digits
    >>> from mlpviz.digits import plot_digit_grid
    >>> digits = load_ng_digits()  # doctest: +SKIP
    >>> images, labels = digits.images[:25], digits.target[:25]  # doctest: +SKIP
    >>> axes = plot_digit_grid(images, true_labels=labels)  # doctest: +SKIP
    """
    images = _as_images(images, image_shape, order)
    n_images = len(images)
    true_labels = _check_labels(true_labels, n_images, "true_labels")
    predicted_labels = _check_labels(predicted_labels, n_images, "predicted_labels")
    if vmin is None:
        vmin = 0.0
    if vmax is None:
        vmax = float(images.max()) if n_images and images.max() > vmin else vmin + 1
    axes = panel_axes(
        n_images,
        axes,
        ncols=ncols or math.ceil(math.sqrt(n_images)),
        cell_size=(0.9, 0.9),
        margin=(0.2, 0.5),
        noun="images",
        layout="constrained",
    )

    for i, ax in enumerate(axes.ravel()):
        if i >= n_images:
            ax.set_axis_off()
            continue
        ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_color("lightgrey")
        if predicted_labels is not None:
            text, color = f"{predicted_labels[i]}", CORRECT_COLOR
            if true_labels is not None and predicted_labels[i] != true_labels[i]:
                text, color = f"{predicted_labels[i]} ({true_labels[i]})", MISTAKE_COLOR
                for spine in ax.spines.values():
                    spine.set_color(MISTAKE_COLOR)
                    spine.set_linewidth(2.5)
        elif true_labels is not None:
            text, color = f"{true_labels[i]}", "black"
        else:
            continue
        ax.text(
            0.04,
            0.96,
            text,
            transform=ax.transAxes,
            ha="left",
            va="top",
            color=color,
            fontsize="medium",
            fontweight="bold",
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1},
        )
    return axes
