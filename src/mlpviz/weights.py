"""Pictures of a network's weights.

A unit of the first hidden layer computes a weighted sum of the input
pixels, so its weights, one per pixel, can be shown as an image of the input's
shape: pixels that push the unit up, pixels that push it down, and pixels it
ignores.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ._colors import symmetric_limit
from ._grid import panel_axes
from ._validation import as_weight_rows, check_fitted_mlp, check_order

__all__ = [
    "first_layer_weights",
    "plot_weight_images",
    "plot_weight_matrix",
    "weight_roughness",
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
    sklearn.exceptions.NotFittedError
        If the model has not been fitted.
    """
    check_fitted_mlp(model)
    return model.coefs_[0].T


def plot_weight_images(
    weights,
    image_shape: tuple[int, int] = (28, 28),
    *,
    axes=None,
    ncols: int | None = None,
    order: str = "C",
    vmin: float | None = None,
    vmax: float | None = None,
    saturation: float = 1.0,
    cmap: str = "RdBu_r",
    titles=None,
    colorbar: bool = True,
    colorbar_label: str = "weight",
):
    """Draw each unit's weights as an image, all on one colour scale.

    Parameters
    ----------
    weights : array-like of shape (n_units, n_pixels)
        One row of input weights per unit, for instance
        :func:`first_layer_weights` of a fitted MLP.
    image_shape : (int, int), default=(28, 28)
        Height and width of the input images.
    axes : array of matplotlib Axes, optional
        Where to draw, one Axes per unit (extra Axes are switched off). By
        default a new figure with a grid of ``ncols`` columns.
    ncols : int, optional
        Columns of the new grid; by default about the square root of the
        number of units.
    order : {"C", "F"}, default="C"
        How the pixels were flattened: row by row (``"C"``, as in MNIST) or
        column by column (``"F"``, as in Andrew Ng's digits).
    vmin, vmax : float, optional
        Colour limits. By default a scale symmetric around zero, so that a
        weight of zero has the neutral colour in every image.
    saturation : float, default=1.0
        With the default limits, the fraction of the largest absolute weight
        where the colour saturates.
    cmap : str, default="RdBu_r"
        A diverging colour map: red pixels excite the unit, blue ones inhibit.
    titles : sequence of str, optional
        A title per unit.
    colorbar : bool, default=True
        Add one colour bar for the whole grid.
    colorbar_label : str, default="weight"
        The colour bar's label.

    Returns
    -------
    axes : ndarray of matplotlib Axes
        The Axes drawn on, in the shape of the grid; each holds one image.

    Examples
    --------
    >>> from mlpviz.weights import first_layer_weights, plot_weight_images
    >>> axes = plot_weight_images(first_layer_weights(mlp)[:16])  # doctest: +SKIP
    """
    check_order(order)
    weights = as_weight_rows(weights, image_shape)
    n_units = len(weights)
    axes = panel_axes(
        n_units,
        axes,
        ncols=ncols or math.ceil(math.sqrt(n_units)),
        cell_size=(1.3, 1.3),
        margin=(0.8, 0.0),
        noun="units",
    )
    if vmin is None and vmax is None:
        vmax = symmetric_limit(weights, saturation=saturation)
        vmin = -vmax
    elif vmin is None or vmax is None:
        raise ValueError("Pass both vmin and vmax, or neither.")

    flat_axes = axes.ravel()
    for i, ax in enumerate(flat_axes):
        ax.set_axis_off()
        if i >= n_units:
            continue
        image = weights[i].reshape(image_shape, order=order)
        mappable = ax.imshow(image, cmap=cmap, vmin=vmin, vmax=vmax)
        if titles is not None:
            ax.set_title(titles[i], fontsize="small")
    if colorbar and n_units:
        figure = flat_axes[0].figure
        bar = figure.colorbar(mappable, ax=list(flat_axes), shrink=0.8, pad=0.02)
        bar.set_label(colorbar_label)
    return axes


def weight_roughness(
    weights, image_shape: tuple[int, int] = (28, 28), *, order: str = "C"
) -> np.ndarray:
    """Measure how rough each unit's weight image is, independently of its scale.

    The roughness of an image ``w`` is the mean squared difference between
    horizontally and vertically adjacent pixels divided by the mean squared
    pixel value. Independent pixel noise scores about 2; an image that
    varies smoothly from pixel to pixel scores close to 0.

    Parameters
    ----------
    weights : array-like of shape (n_units, n_pixels)
        One row of input weights per unit.
    image_shape : (int, int), default=(28, 28)
        Height and width of the input images.
    order : {"C", "F"}, default="C"
        How the pixels were flattened (see :func:`plot_weight_images`).

    Returns
    -------
    ndarray of shape (n_units,)
        The roughness of each unit's image.

    Examples
    --------
    >>> import numpy as np
    >>> from mlpviz.weights import weight_roughness
    >>> ramp = np.add.outer(np.arange(28.0), np.arange(28.0)).ravel()
    >>> float(weight_roughness(ramp[np.newaxis])[0]) < 0.01
    True
    """
    check_order(order)
    rows = as_weight_rows(weights, image_shape)
    images = rows.reshape((len(rows), *image_shape), order=order)
    across = np.diff(images, axis=2) ** 2
    down = np.diff(images, axis=1) ** 2
    neighbour = (across.sum(axis=(1, 2)) + down.sum(axis=(1, 2))) / (
        across[0].size + down[0].size
    )
    power = (images**2).mean(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(power > 0, neighbour / power, 0.0)


def plot_weight_matrix(
    weights,
    *,
    ax=None,
    image_shape: tuple[int, int] | None = None,
    order: str = "C",
    saturation: float = 1.0,
    cmap: str = "RdBu_r",
    colorbar: bool = True,
):
    """Draw a whole weight matrix as one image: a row per unit, a column per input.

    Parameters
    ----------
    weights : array-like of shape (n_units, n_inputs)
        One row of input weights per unit, for instance
        :func:`first_layer_weights` of a fitted MLP.
    ax : matplotlib Axes, optional
        Where to draw. By default a new, wide figure.
    image_shape : (int, int), optional
        Height and width of the input images. When given, the input axis is
        ticked at the start of every line of pixels of the image (every
        column of it for ``order="F"``, every row for ``order="C"``), so
        that the stripes made by the image's blank borders can be read.
    order : {"C", "F"}, default="C"
        How the images were flattened, used with ``image_shape``: row by row
        (``"C"``, MNIST) or column by column (``"F"``, Andrew Ng's digits).
    saturation : float, default=1.0
        Fraction of the largest absolute weight where the colour saturates.
    cmap : str, default="RdBu_r"
        A diverging colour map, centred on a weight of zero.
    colorbar : bool, default=True
        Add a colour bar.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on; it holds one image of shape (n_units, n_inputs).

    Raises
    ------
    ValueError
        If ``weights`` is not 2-D, does not fit ``image_shape``, or ``order``
        is neither ``"C"`` nor ``"F"``.

    Examples
    --------
    >>> from mlpviz.weights import first_layer_weights, plot_weight_matrix
    >>> ax = plot_weight_matrix(first_layer_weights(mlp))  # doctest: +SKIP
    """
    check_order(order)
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 2:
        raise ValueError(
            f"weights must be 2-D (units, inputs), got an array of shape "
            f"{weights.shape}; for a fitted MLP pass first_layer_weights(model)."
        )
    if image_shape is not None:
        weights = as_weight_rows(weights, image_shape)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.5))
    limit = symmetric_limit(weights, saturation=saturation)
    mappable = ax.imshow(
        weights,
        cmap=cmap,
        vmin=-limit,
        vmax=limit,
        aspect="auto",
        interpolation="nearest",
    )
    ax.set_ylabel("unit")
    if image_shape is None:
        ax.set_xlabel("input")
    else:
        height, width = image_shape
        line, n_lines = ("column", width) if order == "F" else ("row", height)
        length = weights.shape[1] // n_lines
        starts = np.arange(n_lines) * length
        ax.set_xticks(starts - 0.5, minor=True)
        step = max(1, n_lines // 5)
        labels = [f"{line} {i + 1}" for i in range(0, n_lines, step)]
        ax.set_xticks(starts[::step] - 0.5, labels)
        ax.tick_params(axis="x", which="minor", length=3)
        ax.set_xlabel(f"input pixel, image {line} by image {line}")
    if colorbar:
        ax.figure.colorbar(mappable, ax=ax, pad=0.01).set_label("weight")
    return ax
