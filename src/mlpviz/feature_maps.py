"""Pictures of a convolutional network: its kernels and its feature maps.

A convolution layer slides small kernels over its input and writes one
feature map per kernel. The helpers here draw both from plain NumPy arrays in
the channels-last layout that Keras uses, so they work with any framework's
arrays (and need none to import):

* kernels shaped ``(kernel_height, kernel_width, in_channels, filters)``,
  as in ``conv_layer.get_weights()[0]``;
* feature maps shaped ``(height, width, channels)``, or ``(1, height, width,
  channels)`` for a batch of one image, as returned by ``model.predict``.

:func:`mlpviz.architecture.conv2d_parameter_counts` counts the parameters of
the convolution layers.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ._colors import symmetric_limit
from ._grid import panel_axes
from .weights import plot_weight_images

__all__ = ["plot_feature_maps", "plot_kernels", "tile_feature_maps"]


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
    >>> from mlpviz.feature_maps import tile_feature_maps
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
    ax=None,
    ncols: int = 8,
    padding: int = 1,
    title: str | None = None,
    cmap: str = "magma",
    vmin: float | None = None,
    vmax: float | None = None,
    colorbar: bool = True,
):
    """Draw the feature maps of one image as a tiled grid on one colour scale.

    Parameters
    ----------
    maps : array-like of shape (height, width, channels) or (1, height, width, channels)
        The feature maps of one image, channels last; see
        :func:`tile_feature_maps`.
    ax : matplotlib Axes, optional
        Where to draw. By default a new figure sized to the grid.
    ncols : int, default=8
        Tiles per grid row; channel ``k`` is in row ``k // ncols``, column
        ``k % ncols``.
    padding : int, default=1
        Gap in pixels between tiles, drawn in white.
    title : str, optional
        Title of the Axes.
    cmap : str, default="magma"
        Colour map; with the default, dark is a weak and bright a strong
        activation.
    vmin, vmax : float, optional
        Colour limits; by default the smallest and largest value of all maps,
        so that the channels of a layer can be compared.
    colorbar : bool, default=True
        Add a colour bar labelled "activation".

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
    >>> from mlpviz.feature_maps import plot_feature_maps
    >>> ax = plot_feature_maps(np.random.default_rng(0).random((13, 13, 32)))
    """
    grid = tile_feature_maps(maps, ncols=ncols, padding=padding)
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
        ax.figure.colorbar(image, ax=ax, shrink=0.8, pad=0.02, label="activation")
    return ax


def plot_kernels(
    kernels,
    *,
    in_channel: int = 0,
    axes=None,
    ncols: int = 8,
    annotate: bool = True,
    fmt: str = ".1f",
    fontsize: str | float = "small",
    vmin: float | None = None,
    vmax: float | None = None,
    cmap: str = "RdBu_r",
    titles=None,
    colorbar: bool = True,
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
    axes : array of matplotlib Axes, optional
        One Axes per filter (extra Axes are switched off). By default a new
        figure with ``ncols`` columns.
    ncols : int, default=8
        Columns of the new grid.
    annotate : bool, default=True
        Write each weight in its cell.
    fmt : str, default=".1f"
        Format specification of the written values. A value that rounds to
        zero is written without a sign ("0.0", not "-0.0").
    fontsize : str or float, default="small"
        Size of the written values.
    vmin, vmax : float, optional
        Colour limits; by default symmetric around zero over all drawn
        kernels.
    cmap : str, default="RdBu_r"
        A diverging colour map: red weights are positive, blue negative.
    titles : sequence of str, optional
        A title per filter.
    colorbar : bool, default=True
        Add one colour bar for the whole grid.

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
    >>> from mlpviz.feature_maps import plot_kernels
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
    kernel_height, kernel_width, n_in, n_filters = kernels.shape
    if not -n_in <= in_channel < n_in:
        raise ValueError(
            f"in_channel={in_channel} is out of range: the kernels have {n_in} "
            f"input channel{'s' if n_in != 1 else ''}."
        )
    # One row per filter, its kernel flattened row by row.
    rows = np.moveaxis(kernels[:, :, in_channel, :], -1, 0).reshape(n_filters, -1)
    if vmin is None and vmax is None:
        vmax = symmetric_limit(rows)
        vmin = -vmax
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
        rows,
        (kernel_height, kernel_width),
        axes=axes,
        vmin=vmin,
        vmax=vmax,
        cmap=cmap,
        titles=titles,
        colorbar=colorbar,
    )
    if annotate:
        for ax, kernel in zip(axes.ravel()[:n_filters], rows, strict=True):
            image = ax.images[0]
            for (y, x), value in np.ndenumerate(
                kernel.reshape(kernel_height, kernel_width)
            ):
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
