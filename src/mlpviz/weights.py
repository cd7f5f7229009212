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

from ._validation import as_weight_rows, check_fitted_mlp


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


def symmetric_limit(weights, *, saturation: float = 1.0) -> float:
    """Return the colour limit ``v`` for a scale from ``-v`` to ``v``.

    Parameters
    ----------
    weights : array-like
        All the values that share the colour scale.
    saturation : float, default=1.0
        Fraction of the largest absolute value to use as the limit. Values
        below 1 saturate the extremes to give the bulk of the weights more
        contrast (scikit-learn's MNIST example uses half the range).

    Returns
    -------
    float
    """
    if not 0 < saturation <= 1:
        raise ValueError(f"saturation must be in (0, 1], got {saturation}.")
    limit = float(np.max(np.abs(weights))) * saturation
    return limit if limit > 0 else 1.0


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

    Returns
    -------
    axes : ndarray of matplotlib Axes
        The Axes drawn on, in the shape of the grid; each holds one image.

    Examples
    --------
    >>> from mlpviz.weights import first_layer_weights, plot_weight_images
    >>> axes = plot_weight_images(first_layer_weights(mlp)[:16])  # doctest: +SKIP
    """
    weights = as_weight_rows(weights, image_shape)
    n_units = len(weights)
    if axes is None:
        ncols = ncols or math.ceil(math.sqrt(n_units))
        nrows = math.ceil(n_units / ncols)
        _, axes = plt.subplots(
            nrows, ncols, figsize=(1.3 * ncols + 0.8, 1.3 * nrows), squeeze=False
        )
    axes = np.asarray(axes, dtype=object)
    if axes.size < n_units:
        raise ValueError(f"{n_units} units need at least {n_units} Axes, got {axes.size}.")
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
        bar.set_label("weight")
    return axes
