"""Pictures of images: digits, the weights of a network, kernels and feature maps.

Every plotter here draws arrays as images, on one colour scale per figure,
and takes the same keywords:

* ``cmap``, ``vmin``, ``vmax`` and ``saturation`` set the colour scale. A
  limit that is not given is computed from the values drawn: weights and
  kernels get a scale centred on zero, so that a weight of zero has the
  neutral colour; digits and activations one from their smallest value (0
  for the grey levels of digits) to their largest. ``saturation`` below 1
  makes the colour saturate at that fraction of the range;
* ``colorbar`` and ``colorbar_label`` add one colour bar for the figure;
* ``ax`` and ``title`` for a plotter that draws one Axes, ``axes``,
  ``ncols`` and ``titles`` for one that draws a grid of them: a new figure
  when no Axes are given, and the Axes drawn on are returned;
* ``image_shape`` and ``order``, for the plotters of flattened images (one
  image a row): the images' height and width, and how their pixels were
  unrolled, row by row (``"C"``, as MNIST) or column by column (``"F"``, as
  Andrew Ng's digits). ``image_shape=None`` infers a square shape, and
  refuses rows whose length is not a square number.

Convolution kernels and feature maps come as plain NumPy arrays in the
channels-last layout that Keras uses, so that they work with any framework's
arrays (and need none to import): kernels shaped ``(kernel_height,
kernel_width, in_channels, filters)``, as in ``conv_layer.get_weights()[0]``;
feature maps ``(height, width, channels)``, or ``(1, height, width,
channels)`` for a batch of one image, as ``model.predict`` returns them.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ._colors import (
    ACTIVATION_CMAP,
    CORRECT_COLOR,
    FRAME_COLOR,
    INK_CMAP,
    LABEL_COLOR,
    MISTAKE_COLOR,
    WEIGHT_CMAP,
    color_limits,
)
from ._grid import panel_axes
from ._validation import as_images, check_labels, check_order

__all__ = [
    "plot_digit_grid",
    "plot_feature_maps",
    "plot_kernels",
    "plot_weight_images",
    "plot_weight_matrix",
    "tile_feature_maps",
    "weight_roughness",
]

# Appended to the message of weights that do not fit the image's shape.
_WEIGHTS_HINT = (
    " Only the first layer's weights, one per input pixel, form images: for a "
    "fitted MLP pass first_layer_weights(model)."
)


def _weight_images(weights, image_shape, order) -> np.ndarray:
    return as_images(
        weights,
        image_shape,
        order=order,
        name="weights",
        row="unit",
        value="weight",
        hint=_WEIGHTS_HINT,
    )


def _add_colorbar(mappable, axes, label: str, **kwargs):
    """One colour bar for ``axes`` (an Axes or a list of them), labelled."""
    axes_list = list(np.ravel(np.asarray(axes, dtype=object)))
    figure = axes_list[0].figure
    bar = figure.colorbar(mappable, ax=axes_list, **kwargs)
    bar.set_label(label)
    return bar


def _grid_titles(titles, n_panels: int):
    if titles is None:
        return None
    titles = list(titles)
    if len(titles) != n_panels:
        raise ValueError(
            f"titles must hold one title per image ({n_panels}), got {len(titles)}."
        )
    return titles


# -- Digits ------------------------------------------------------------------------


def plot_digit_grid(
    images,
    *,
    y_true=None,
    y_pred=None,
    image_shape: tuple[int, int] | None = None,
    order: str = "C",
    axes=None,
    ncols: int | None = None,
    titles=None,
    cmap: str = INK_CMAP,
    vmin: float | None = None,
    vmax: float | None = None,
    saturation: float = 1.0,
    colorbar: bool = False,
    colorbar_label: str = "grey level",
):
    """Draw digit images in a grid, optionally with their labels.

    With ``y_pred``, each image carries the predicted label in its top-left
    corner; when ``y_true`` is given too, a wrong prediction is written in
    red as ``"predicted (true)"`` and its image gets a thick red frame (the
    others have a thin grey one). With ``y_true`` only, the true label is
    written.

    Parameters
    ----------
    images : array-like of shape (n_images, n_pixels) or (n_images, height, width)
        The images, flattened (one a row) or already shaped.
    y_true : array-like of shape (n_images,), optional
        The true label of each image.
    y_pred : array-like of shape (n_images,), optional
        The label a model gave each image.
    image_shape : (int, int), optional
        Height and width of flattened images. By default inferred: square,
        which needs a square number of pixels. Leave it out for images that
        already have their shape.
    order : {"C", "F"}, default="C"
        How flattened rows were unrolled: row by row (``"C"``, MNIST) or
        column by column (``"F"``, Andrew Ng's digits).
    axes : array of matplotlib Axes, optional
        Where to draw, one Axes per image (extra Axes are switched off). By
        default a new figure with a grid of ``ncols`` columns.
    ncols : int, optional
        Columns of the new grid; by default about the square root of the
        number of images.
    titles : sequence of str, optional
        A title per image.
    cmap : str, default="gray_r"
        Colour map: dark ink on a light background by default.
    vmin, vmax : float, optional
        The grey levels drawn as the lightest and the darkest colour, the same
        for every image. By default 0 (no ink, so that the background looks
        the same in every image even where interpolation dipped below 0) and
        the largest value of all the images.
    saturation : float, default=1.0
        With the default ``vmax``, the fraction of the largest value where
        the colour saturates.
    colorbar : bool, default=False
        Add one colour bar for the whole grid.
    colorbar_label : str, default="grey level"
        The colour bar's label.

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
    >>> from sklearn.datasets import load_digits
    >>> from mlpviz.images import plot_digit_grid
    >>> digits = load_digits()
    >>> axes = plot_digit_grid(digits.data[:8], y_true=digits.target[:8], ncols=4)
    >>> axes.shape, axes[0, 0].images[0].get_array().shape
    ((2, 4), (8, 8))
    """
    images = as_images(images, image_shape, order=order)
    n_images = len(images)
    y_true = check_labels(y_true, n_images, "y_true")
    y_pred = check_labels(y_pred, n_images, "y_pred")
    titles = _grid_titles(titles, n_images)
    vmin, vmax = color_limits(
        images, vmin=vmin, vmax=vmax, saturation=saturation, symmetric=False, floor=0
    )
    axes = panel_axes(
        n_images,
        axes,
        ncols=ncols or math.ceil(math.sqrt(n_images)),
        cell_size=(0.9, 0.9),
        margin=(0.8 if colorbar else 0.2, 0.5),
        noun="images",
        layout="constrained",
    )

    mappable = None
    for i, ax in enumerate(axes.ravel()):
        if i >= n_images:
            ax.set_axis_off()
            continue
        mappable = ax.imshow(
            images[i], cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest"
        )
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_color(FRAME_COLOR)
        if titles is not None:
            ax.set_title(titles[i], fontsize="small")
        if y_pred is not None:
            text, color = f"{y_pred[i]}", CORRECT_COLOR
            if y_true is not None and y_pred[i] != y_true[i]:
                text, color = f"{y_pred[i]} ({y_true[i]})", MISTAKE_COLOR
                for spine in ax.spines.values():
                    spine.set_color(MISTAKE_COLOR)
                    spine.set_linewidth(2.5)
        elif y_true is not None:
            text, color = f"{y_true[i]}", LABEL_COLOR
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
    if colorbar and mappable is not None:
        _add_colorbar(mappable, axes, colorbar_label, shrink=0.8, pad=0.02)
    return axes


# -- Weights -----------------------------------------------------------------------


def plot_weight_images(
    weights,
    *,
    image_shape: tuple[int, int] | None = None,
    order: str = "C",
    axes=None,
    ncols: int | None = None,
    titles=None,
    cmap: str = WEIGHT_CMAP,
    vmin: float | None = None,
    vmax: float | None = None,
    saturation: float = 1.0,
    colorbar: bool = True,
    colorbar_label: str = "weight",
):
    """Draw each unit's weights as an image, all on one colour scale.

    A unit of the first hidden layer computes a weighted sum of the input
    pixels, so its weights, one per pixel, can be shown as an image of the
    input's shape: pixels that push the unit up, pixels that push it down,
    and pixels it ignores.

    Parameters
    ----------
    weights : array-like of shape (n_units, n_pixels) or (n_units, height, width)
        One row of input weights per unit, for instance
        :func:`~mlpviz.inspection.first_layer_weights` of a fitted MLP.
    image_shape : (int, int), optional
        Height and width of the input images. By default inferred: square,
        which needs a square number of weights per unit.
    order : {"C", "F"}, default="C"
        How the pixels were flattened: row by row (``"C"``, as in MNIST) or
        column by column (``"F"``, as in Andrew Ng's digits).
    axes : array of matplotlib Axes, optional
        Where to draw, one Axes per unit (extra Axes are switched off). By
        default a new figure with a grid of ``ncols`` columns.
    ncols : int, optional
        Columns of the new grid; by default about the square root of the
        number of units.
    titles : sequence of str, optional
        A title per unit.
    cmap : str, default="RdBu_r"
        A diverging colour map: red pixels excite the unit, blue ones inhibit.
    vmin, vmax : float, optional
        Colour limits. By default a scale symmetric around zero, so that a
        weight of zero has the neutral colour in every image; one limit
        given, the other is its opposite.
    saturation : float, default=1.0
        With the default limits, the fraction of the largest absolute weight
        where the colour saturates.
    colorbar : bool, default=True
        Add one colour bar for the whole grid.
    colorbar_label : str, default="weight"
        The colour bar's label.

    Returns
    -------
    axes : ndarray of matplotlib Axes
        The Axes drawn on, in the shape of the grid; each holds one image.

    Raises
    ------
    ValueError
        If the weights cannot be shaped as images (a row of a deeper layer,
        a shape that does not fit), the limits do not go up, or there are
        fewer Axes than units.

    Examples
    --------
    >>> import numpy as np
    >>> from mlpviz.images import plot_weight_images
    >>> weights = np.random.default_rng(0).normal(size=(6, 64))  # 8x8 inputs
    >>> axes = plot_weight_images(weights, ncols=3)
    >>> axes.shape, axes[0, 0].images[0].get_array().shape
    ((2, 3), (8, 8))
    """
    images = _weight_images(weights, image_shape, order)
    n_units = len(images)
    titles = _grid_titles(titles, n_units)
    axes = panel_axes(
        n_units,
        axes,
        ncols=ncols or math.ceil(math.sqrt(n_units)),
        cell_size=(1.3, 1.3),
        margin=(0.8, 0.0),
        noun="units",
    )
    vmin, vmax = color_limits(
        images, vmin=vmin, vmax=vmax, saturation=saturation, symmetric=True
    )

    flat_axes = axes.ravel()
    mappable = None
    for i, ax in enumerate(flat_axes):
        ax.set_axis_off()
        if i >= n_units:
            continue
        mappable = ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax)
        if titles is not None:
            ax.set_title(titles[i], fontsize="small")
    if colorbar and mappable is not None:
        _add_colorbar(mappable, flat_axes, colorbar_label, shrink=0.8, pad=0.02)
    return axes


def weight_roughness(
    weights, *, image_shape: tuple[int, int] | None = None, order: str = "C"
) -> np.ndarray:
    """Measure how rough each unit's weight image is, independently of its scale.

    The roughness of an image ``w`` is the mean squared difference between
    horizontally and vertically adjacent pixels divided by the mean squared
    pixel value. Independent pixel noise scores about 2; an image that
    varies smoothly from pixel to pixel scores close to 0.

    Parameters
    ----------
    weights : array-like of shape (n_units, n_pixels) or (n_units, height, width)
        One row of input weights per unit.
    image_shape : (int, int), optional
        Height and width of the input images; by default inferred (square).
    order : {"C", "F"}, default="C"
        How the pixels were flattened (see :func:`plot_weight_images`).

    Returns
    -------
    ndarray of shape (n_units,)
        The roughness of each unit's image.

    Raises
    ------
    ValueError
        If the weights cannot be shaped as images of at least 2x2 pixels.

    Examples
    --------
    >>> import numpy as np
    >>> from mlpviz.images import weight_roughness
    >>> ramp = np.add.outer(np.arange(28.0), np.arange(28.0)).ravel()
    >>> float(weight_roughness(ramp[np.newaxis])[0]) < 0.01
    True
    """
    images = _weight_images(weights, image_shape, order)
    if min(images.shape[1:]) < 2:
        raise ValueError(
            f"Roughness compares neighbouring pixels: images of "
            f"{images.shape[1]}x{images.shape[2]} pixels have too few. Pass the "
            "image_shape of the input images, at least 2x2."
        )
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
    pixel_lines: bool = False,
    image_shape: tuple[int, int] | None = None,
    order: str = "C",
    ax=None,
    title: str | None = None,
    cmap: str = WEIGHT_CMAP,
    vmin: float | None = None,
    vmax: float | None = None,
    saturation: float = 1.0,
    colorbar: bool = True,
    colorbar_label: str = "weight",
):
    """Draw a whole weight matrix as one image: a row per unit, a column per input.

    Any layer's weights can be drawn so, whatever its inputs are. When they
    are the pixels of images, ``pixel_lines`` ticks the input axis at the
    start of every line of pixels of the image (every column of it for
    ``order="F"``, every row for ``order="C"``), so that the stripes made by
    the image's blank borders can be read.

    Parameters
    ----------
    weights : array-like of shape (n_units, n_inputs)
        One row of input weights per unit, for instance
        :func:`~mlpviz.inspection.first_layer_weights` of a fitted MLP.
    pixel_lines : bool, default=False
        Tick the inputs by lines of pixels of the input image.
    image_shape : (int, int), optional
        With ``pixel_lines``, the height and width of the input images; by
        default inferred (square). Not used otherwise: passing it without
        ``pixel_lines`` is refused.
    order : {"C", "F"}, default="C"
        With ``pixel_lines``, how the images were flattened: row by row
        (``"C"``, MNIST) or column by column (``"F"``, Andrew Ng's digits).
    ax : matplotlib Axes, optional
        Where to draw. By default a new, wide figure.
    title : str, optional
        Title of the Axes.
    cmap : str, default="RdBu_r"
        A diverging colour map, centred on a weight of zero.
    vmin, vmax : float, optional
        Colour limits; by default symmetric around zero (one given, the other
        is its opposite).
    saturation : float, default=1.0
        With the default limits, the fraction of the largest absolute weight
        where the colour saturates.
    colorbar : bool, default=True
        Add a colour bar.
    colorbar_label : str, default="weight"
        The colour bar's label.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on; it holds one image of shape (n_units, n_inputs).

    Raises
    ------
    ValueError
        If ``weights`` is not 2-D, does not fit ``image_shape``, ``order`` is
        neither ``"C"`` nor ``"F"``, or ``image_shape`` is given without
        ``pixel_lines``.

    Examples
    --------
    >>> import numpy as np
    >>> from mlpviz.images import plot_weight_matrix
    >>> weights = np.random.default_rng(0).normal(size=(10, 64))  # 8x8 inputs
    >>> ax = plot_weight_matrix(weights, pixel_lines=True)
    >>> ax.images[0].get_array().shape, ax.get_xlabel()
    ((10, 64), 'input pixel, image row by image row')
    """
    check_order(order)
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 2:
        raise ValueError(
            f"weights must be 2-D (units, inputs), got an array of shape "
            f"{weights.shape}; for a fitted MLP pass first_layer_weights(model)."
        )
    if image_shape is not None and not pixel_lines:
        raise ValueError(
            "image_shape places the ticks of pixel_lines=True: pass "
            "pixel_lines=True as well, or leave image_shape out."
        )
    if pixel_lines:
        height, width = _weight_images(weights, image_shape, order).shape[1:]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.5))
    vmin, vmax = color_limits(
        weights, vmin=vmin, vmax=vmax, saturation=saturation, symmetric=True
    )
    mappable = ax.imshow(
        weights, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest"
    )
    ax.set_ylabel("unit")
    if not pixel_lines:
        ax.set_xlabel("input")
    else:
        line, n_lines = ("column", width) if order == "F" else ("row", height)
        length = weights.shape[1] // n_lines
        starts = np.arange(n_lines) * length
        ax.set_xticks(starts - 0.5, minor=True)
        step = max(1, n_lines // 5)
        labels = [f"{line} {i + 1}" for i in range(0, n_lines, step)]
        ax.set_xticks(starts[::step] - 0.5, labels)
        ax.tick_params(axis="x", which="minor", length=3)
        ax.set_xlabel(f"input pixel, image {line} by image {line}")
    if title is not None:
        ax.set_title(title)
    if colorbar:
        _add_colorbar(mappable, ax, colorbar_label, pad=0.01)
    return ax


# -- Convolutional networks --------------------------------------------------------


def tile_feature_maps(
    maps, *, ncols: int = 8, padding: int = 1, fill_value: float = np.nan
) -> np.ndarray:
    """Arrange the channels of a stack of feature maps in one 2-D grid.

    Channel ``k`` goes to grid row ``k // ncols`` and column ``k % ncols``;
    tiles are separated by ``padding`` rows and columns of ``fill_value``.

    Parameters
    ----------
    maps : array-like of shape (height, width, channels) or (1, height, width, channels)
        The feature maps of one image, channels last (the Keras default). A
        leading batch axis of length 1, as in the output of ``predict`` on a
        single image, is dropped.
    ncols : int, default=8
        Tiles per grid row (fewer if there are fewer channels).
    padding : int, default=1
        Width in pixels of the gaps between tiles.
    fill_value : float, default=nan
        Value of the gaps and of the unused tiles of the last row. NaN is
        drawn in the colour map's "bad" colour, so gaps stay visible.

    Returns
    -------
    grid : ndarray of shape (grid_height, grid_width)
        The grid, as floats, with ``n_cols = min(ncols, channels)`` tiles a
        row and ``n_rows = ceil(channels / n_cols)`` rows:
        ``grid_height = n_rows * (height + padding) - padding`` and
        ``grid_width = n_cols * (width + padding) - padding``.

    Raises
    ------
    ValueError
        If ``maps`` is not 3-D (or 4-D with a batch of one), or ``ncols`` or
        ``padding`` is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from mlpviz.images import tile_feature_maps
    >>> tile_feature_maps(np.ones((26, 26, 32)), ncols=8).shape
    (107, 215)
    """
    maps = _as_single_image_maps(maps)
    if int(ncols) < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}.")
    if int(padding) < 0:
        raise ValueError(f"padding must be 0 or more, got {padding}.")
    height, width, n_channels = maps.shape
    ncols = min(int(ncols), n_channels)
    nrows = math.ceil(n_channels / ncols)
    step_y, step_x = height + padding, width + padding
    grid = np.full(
        (nrows * step_y - padding, ncols * step_x - padding), fill_value, dtype=float
    )
    for channel in range(n_channels):
        row, col = divmod(channel, ncols)
        grid[
            row * step_y : row * step_y + height, col * step_x : col * step_x + width
        ] = maps[..., channel]
    return grid


def plot_feature_maps(
    maps,
    *,
    ncols: int = 8,
    padding: int = 1,
    ax=None,
    title: str | None = None,
    cmap: str = ACTIVATION_CMAP,
    vmin: float | None = None,
    vmax: float | None = None,
    saturation: float = 1.0,
    colorbar: bool = True,
    colorbar_label: str = "activation",
):
    """Draw the feature maps of one image as a tiled grid on one colour scale.

    Parameters
    ----------
    maps : array-like of shape (height, width, channels) or (1, height, width, channels)
        The feature maps of one image, channels last; see
        :func:`tile_feature_maps`.
    ncols : int, default=8
        Tiles per grid row; channel ``k`` is in row ``k // ncols``, column
        ``k % ncols``.
    padding : int, default=1
        Gap in pixels between tiles, drawn in white.
    ax : matplotlib Axes, optional
        Where to draw. By default a new figure sized to the grid.
    title : str, optional
        Title of the Axes.
    cmap : str, default="magma"
        Colour map; with the default, dark is a weak and bright a strong
        activation.
    vmin, vmax : float, optional
        Colour limits; by default the smallest and largest value of all maps,
        so that the channels of a layer can be compared.
    saturation : float, default=1.0
        With the default ``vmax``, the fraction of the range from ``vmin`` to
        the largest value where the colour saturates.
    colorbar : bool, default=True
        Add a colour bar.
    colorbar_label : str, default="activation"
        The colour bar's label.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on; it holds one image, the tiled grid.

    Raises
    ------
    ValueError
        If ``maps`` does not have the shape of one image's feature maps.

    Examples
    --------
    >>> import numpy as np
    >>> from mlpviz.images import plot_feature_maps
    >>> ax = plot_feature_maps(np.random.default_rng(0).random((13, 13, 32)))
    >>> ax.images[0].get_array().shape
    (55, 111)
    """
    grid = tile_feature_maps(maps, ncols=ncols, padding=padding)
    vmin, vmax = color_limits(
        grid, vmin=vmin, vmax=vmax, saturation=saturation, symmetric=False
    )
    if ax is None:
        width = 7.0
        height = max(1.5, width * grid.shape[0] / grid.shape[1])
        _, ax = plt.subplots(figsize=(width + (1.2 if colorbar else 0.0), height))
    colours = plt.get_cmap(cmap).with_extremes(bad="white")
    image = ax.imshow(grid, cmap=colours, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)
    if colorbar:
        _add_colorbar(image, ax, colorbar_label, shrink=0.8, pad=0.02)
    return ax


def plot_kernels(
    kernels,
    *,
    in_channel: int = 0,
    annotate: bool = True,
    fmt: str = ".1f",
    fontsize: str | float = "small",
    axes=None,
    ncols: int = 8,
    titles=None,
    cmap: str = WEIGHT_CMAP,
    vmin: float | None = None,
    vmax: float | None = None,
    saturation: float = 1.0,
    colorbar: bool = True,
    colorbar_label: str = "weight",
):
    """Draw the kernels of a convolution layer, optionally with their values.

    Each filter's kernel for one input channel is drawn as a small image, all
    on one colour scale centred on zero, with each weight written in its cell
    in black or white, whichever reads better on the cell's colour.

    Parameters
    ----------
    kernels : array-like of shape (kernel_height, kernel_width, in_channels, filters)
        The kernel weights in the layout Keras stores them
        (``conv_layer.get_weights()[0]``).
    in_channel : int, default=0
        Which input channel's slice to draw (0 is the only one for a
        grey-level image).
    annotate : bool, default=True
        Write each weight in its cell.
    fmt : str, default=".1f"
        Format specification of the written values. A value that rounds to
        zero is written without a sign ("0.0", not "-0.0").
    fontsize : str or float, default="small"
        Size of the written values.
    axes : array of matplotlib Axes, optional
        One Axes per filter (extra Axes are switched off). By default a new
        figure with ``ncols`` columns.
    ncols : int, default=8
        Columns of the new grid.
    titles : sequence of str, optional
        A title per filter.
    cmap : str, default="RdBu_r"
        A diverging colour map: red weights are positive, blue negative.
    vmin, vmax : float, optional
        Colour limits; by default symmetric around zero over all drawn
        kernels (one given, the other is its opposite).
    saturation : float, default=1.0
        With the default limits, the fraction of the largest absolute weight
        where the colour saturates.
    colorbar : bool, default=True
        Add one colour bar for the whole grid.
    colorbar_label : str, default="weight"
        The colour bar's label.

    Returns
    -------
    axes : ndarray of matplotlib Axes
        The Axes drawn on, in the shape of the grid; each used Axes holds one
        image and, with ``annotate``, one text per weight.

    Raises
    ------
    ValueError
        If ``kernels`` is not 4-D or ``in_channel`` is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from mlpviz.images import plot_kernels
    >>> kernels = np.random.default_rng(0).normal(size=(3, 3, 1, 8))
    >>> axes = plot_kernels(kernels, ncols=4)
    >>> len(axes[0, 0].texts)
    9
    """
    kernels = np.asarray(kernels, dtype=float)
    if kernels.ndim != 4:
        raise ValueError(
            "kernels must be 4-D (kernel_height, kernel_width, in_channels, "
            f"filters), as Keras stores a Conv2D kernel, got shape {kernels.shape}. "
            "Pass conv_layer.get_weights()[0]."
        )
    *_, n_in, n_filters = kernels.shape
    if not -n_in <= in_channel < n_in:
        raise ValueError(
            f"in_channel={in_channel} is out of range: the kernels have {n_in} "
            f"input channel{'s' if n_in != 1 else ''}."
        )
    # One image per filter.
    images = np.moveaxis(kernels[:, :, in_channel, :], -1, 0)
    if axes is None:
        # plot_weight_images checks Axes that the caller gives.
        axes = panel_axes(
            n_filters,
            ncols=min(int(ncols), n_filters),
            cell_size=(1.2, 1.2),
            margin=(1.0, 0.4),
            layout="constrained",
        )
    axes = plot_weight_images(
        images,
        axes=axes,
        titles=titles,
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        saturation=saturation,
        colorbar=colorbar,
        colorbar_label=colorbar_label,
    )
    if annotate:
        for ax, kernel in zip(axes.ravel()[:n_filters], images, strict=True):
            image = ax.images[0]
            for (y, x), value in np.ndenumerate(kernel):
                ax.text(
                    x,
                    y,
                    _format_value(value, fmt),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color=_readable_text_colour(image.cmap(image.norm(value))),
                )
    return axes


def _as_single_image_maps(maps) -> np.ndarray:
    """Return one image's feature maps as a (height, width, channels) array."""
    maps = np.asarray(maps)
    if maps.ndim == 4:
        if maps.shape[0] != 1:
            raise ValueError(
                f"maps holds a batch of {maps.shape[0]} images (shape {maps.shape}); "
                "pass the maps of one image, for instance maps[0]."
            )
        maps = maps[0]
    if maps.ndim != 3:
        hint = (
            " For a single map add a channel axis: maps[..., np.newaxis]."
            if maps.ndim == 2
            else ""
        )
        raise ValueError(
            "maps must be 3-D (height, width, channels), channels last, or 4-D "
            f"with a batch of one image, got shape {maps.shape}.{hint}"
        )
    return maps


def _format_value(value: float, fmt: str) -> str:
    """Format ``value``, without a minus sign if it rounds to zero ("0.0")."""
    zero = format(0.0, fmt)
    return zero if format(abs(value), fmt) == zero else format(value, fmt)


def _readable_text_colour(rgba) -> str:
    """Return "black" or "white", whichever contrasts more with ``rgba``."""
    red, green, blue = rgba[:3]
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "black" if luminance > 0.5 else "white"
