"""A grid of Axes, one panel per item, shared by the plotting helpers."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np


def panel_axes(
    n_panels: int,
    axes=None,
    *,
    ncols: int,
    cell_size: tuple[float, float],
    margin: tuple[float, float] = (0.0, 0.0),
    noun: str = "panels",
    **subplots_kw,
) -> np.ndarray:
    """Return an object array of at least ``n_panels`` Axes.

    With ``axes=None`` a new figure gets a grid of ``ncols`` columns, each cell
    ``cell_size`` inches plus ``margin`` for the whole figure; ``subplots_kw``
    goes to :func:`matplotlib.pyplot.subplots`. Given ``axes`` are checked:
    too few raise a ValueError naming the ``noun`` being drawn.
    """
    if axes is None:
        ncols = max(1, ncols)
        nrows = max(1, math.ceil(n_panels / ncols))
        width, height = cell_size
        _, axes = plt.subplots(
            nrows,
            ncols,
            figsize=(width * ncols + margin[0], height * nrows + margin[1]),
            squeeze=False,
            **subplots_kw,
        )
    axes = np.asarray(axes, dtype=object)
    if axes.size < n_panels:
        raise ValueError(
            f"{n_panels} {noun} need at least {n_panels} Axes, got {axes.size}."
        )
    return axes
