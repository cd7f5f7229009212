"""The colours of the plotting helpers, and their colour scales.

Every colour a helper draws with by default is named here, once: the colour
maps of the image plotters, and the colours that judge a prediction (right,
wrong, neither). The image plotters also take their colour limits from
:func:`color_limits`, so that ``vmin``, ``vmax`` and ``saturation`` mean the
same thing everywhere.
"""

from __future__ import annotations

import numpy as np

# Diverging, centred on zero: red excites, blue inhibits, white is nothing.
WEIGHT_CMAP = "RdBu_r"
# Dark ink on a light background, as digits are written.
INK_CMAP = "gray_r"
# Sequential, from dark (weak) to bright (strong).
ACTIVATION_CMAP = "magma"

# A right answer, a wrong one, and a class that is neither.
CORRECT_COLOR = "tab:blue"
MISTAKE_COLOR = "tab:red"
OTHER_COLOR = "tab:gray"
# The grey frame of an image; the text of a label that judges nothing.
FRAME_COLOR = "lightgrey"
LABEL_COLOR = "black"


def check_saturation(saturation: float) -> float:
    """Return ``saturation`` if it is in (0, 1], else raise a ValueError."""
    if not 0 < saturation <= 1:
        raise ValueError(
            f"saturation must be in (0, 1], the fraction of the colour range "
            f"where the colour saturates, got {saturation}."
        )
    return float(saturation)


def symmetric_limit(values, *, saturation: float = 1.0) -> float:
    """Return the limit ``v`` of a colour scale from ``-v`` to ``v``.

    ``saturation`` is the fraction of the largest absolute value used as the
    limit: below 1 the extremes saturate, which gives the bulk of the values
    more contrast (scikit-learn's MNIST example uses half the range). All-zero
    or empty values get the limit 1, so that a scale always exists.
    """
    check_saturation(saturation)
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    limit = float(np.max(np.abs(finite))) * saturation if finite.size else 0.0
    return limit if limit > 0 else 1.0


def color_limits(
    values,
    *,
    vmin: float | None,
    vmax: float | None,
    saturation: float,
    symmetric: bool,
    floor: float | None = None,
) -> tuple[float, float]:
    """Return the colour limits of an image plotter: the given ones, or computed.

    A limit that is given is used as it is. A missing one is computed from the
    finite ``values``:

    - ``symmetric`` scales (weights, kernels) are centred on zero, from
      ``-v`` to ``v`` with ``v = saturation * max(|values|)``, so that zero
      has the neutral colour; a limit given alone gets its opposite as the
      other;
    - other scales (grey levels, activations) start at ``floor`` (by default
      the smallest value) and end at ``vmin + saturation * (max - vmin)``.

    Below 1, ``saturation`` makes the colour saturate before the extremes,
    which gives the bulk of the values more contrast.

    Raises
    ------
    ValueError
        If ``saturation`` is not in (0, 1], or the limits are not increasing.
    """
    check_saturation(saturation)
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    mirrored = ""
    if symmetric:
        # Centred on zero: a limit given alone is mirrored.
        if (vmin is None) != (vmax is None):
            mirrored = " (a limit given alone is mirrored around zero)"
        if vmin is not None and vmax is None:
            vmax = 0.0 - float(vmin)
        elif vmax is not None and vmin is None:
            vmin = 0.0 - float(vmax)
        limit = symmetric_limit(finite, saturation=saturation)
        low, high = -limit, limit
    else:
        smallest = float(finite.min()) if finite.size else 0.0
        largest = float(finite.max()) if finite.size else 1.0
        low = vmin if vmin is not None else smallest if floor is None else floor
        high = low + saturation * (largest - low)
        if high <= low:
            high = low + 1.0
    vmin = low if vmin is None else float(vmin)
    vmax = high if vmax is None else float(vmax)
    if not vmin < vmax:
        raise ValueError(
            f"The colour scale must go up: vmin={vmin} is not below vmax={vmax}"
            f"{mirrored}. Pass vmin < vmax, or leave them out to compute them from "
            "the values."
        )
    return vmin, vmax
