"""What a classifier mistakes each class for."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix

from ._grid import panel_axes

__all__ = ["misclassification_counts", "plot_misclassifications"]


def misclassification_counts(
    y_true, y_pred, *, labels: Sequence | None = None
) -> pd.DataFrame:
    """Count the mistakes of a classifier, by true and by predicted class.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The true labels.
    y_pred : array-like of shape (n_samples,)
        The predicted labels.
    labels : sequence, optional
        The classes, in order. By default every label found in ``y_true``
        or ``y_pred``, sorted.

    Returns
    -------
    pandas.DataFrame
        The confusion matrix with its diagonal (the correct predictions) set
        to zero: the row ``t``, column ``p`` entry counts the samples of class
        ``t`` predicted as ``p``. The index is named ``"true"``, the columns
        ``"predicted"``.

    Raises
    ------
    ValueError
        If the label arrays are not 1-D or differ in length.

    Examples
    --------
    >>> from mlpviz.errors import misclassification_counts
    >>> counts = misclassification_counts([1, 1, 2, 2], [1, 2, 2, 2])
    >>> counts.loc[1, 2], counts.to_numpy().tolist()
    (np.int64(1), [[0, 1], [0, 0]])
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim != 1 or y_pred.ndim != 1 or len(y_true) != len(y_pred):
        raise ValueError(
            "y_true and y_pred must be 1-D and of the same length (one label per "
            f"sample), got shapes {y_true.shape} and {y_pred.shape}."
        )
    if labels is None:
        labels = np.unique(np.concatenate([y_true, y_pred]))
    counts = confusion_matrix(y_true, y_pred, labels=labels)
    np.fill_diagonal(counts, 0)
    return pd.DataFrame(
        counts,
        index=pd.Index(labels, name="true"),
        columns=pd.Index(labels, name="predicted"),
    )


def plot_misclassifications(
    y_true,
    y_pred,
    *,
    labels: Sequence | None = None,
    axes=None,
    ncols: int = 5,
    color: str = "tab:red",
):
    """Draw, for each true class, a bar chart of what it was mistaken for.

    Correct predictions are left out: they would dwarf the mistakes. All
    charts share one count axis, so the bars compare across classes.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The true labels.
    y_pred : array-like of shape (n_samples,)
        The predicted labels.
    labels : sequence, optional
        The classes, in order. By default every label found in ``y_true``
        or ``y_pred``, sorted.
    axes : array of matplotlib Axes, optional
        One Axes per class (extra Axes are switched off). By default a new
        figure with a grid of ``ncols`` columns sharing both axes.
    ncols : int, default=5
        Columns of the new grid.
    color : str, default="tab:red"
        Colour of the bars.

    Returns
    -------
    axes : ndarray of matplotlib Axes
        The Axes drawn on, in the shape of the grid. The Axes of class ``t``
        holds one bar per class (height 0 for ``t`` itself) and is titled
        with ``t`` and its number of mistakes.

    Raises
    ------
    ValueError
        If the label arrays do not match, or there are fewer Axes than
        classes.

    See Also
    --------
    misclassification_counts : The counts drawn here, as a table.

    Examples
    --------
    >>> from mlpviz.errors import plot_misclassifications
    >>> axes = plot_misclassifications([1, 1, 2, 2], [1, 2, 2, 2])
    >>> [float(bar.get_height()) for bar in axes[0, 0].patches]
    [0.0, 1.0]
    """
    counts = misclassification_counts(y_true, y_pred, labels=labels)
    n_classes = len(counts)
    axes = panel_axes(
        n_classes,
        axes,
        ncols=min(ncols, n_classes),
        cell_size=(2.3, 1.9),
        noun="classes",
        sharex=True,
        sharey=True,
        layout="constrained",
    )
    positions = np.arange(n_classes)
    names = [str(label) for label in counts.columns]
    top = max(1, int(counts.to_numpy().max()))
    for i, ax in enumerate(axes.ravel()):
        if i >= n_classes:
            ax.set_axis_off()
            continue
        row = counts.iloc[i]
        ax.bar(positions, row.to_numpy(dtype=float), color=color)
        ax.set_xticks(positions, names, fontsize="small")
        ax.set_ylim(0, top * 1.1)
        ax.set_title(
            f"true {counts.index[i]}: {int(row.sum())} wrong", fontsize="medium"
        )
        spec = ax.get_subplotspec()
        if spec is None or spec.is_last_row():
            ax.set_xlabel("predicted as")
        if spec is None or spec.is_first_col():
            ax.set_ylabel("images")
    return axes
