"""Colour scales shared by the plotting helpers."""

from __future__ import annotations

import numpy as np


def symmetric_limit(values, *, saturation: float = 1.0) -> float:
    """Return the limit ``v`` of a colour scale from ``-v`` to ``v``.

    ``saturation`` is the fraction of the largest absolute value used as the
    limit: below 1 the extremes saturate, which gives the bulk of the values
    more contrast (scikit-learn's MNIST example uses half the range). All-zero
    values get the limit 1, so that a scale always exists.
    """
    if not 0 < saturation <= 1:
        raise ValueError(f"saturation must be in (0, 1], got {saturation}.")
    limit = float(np.max(np.abs(values))) * saturation
    return limit if limit > 0 else 1.0
