"""How well a classifier does, class by class: success rates and mistakes.

Every helper here compares true labels with predicted ones, one class at a
time: how many of a class were recognised (:func:`per_class_success`), how
several classifiers compare (:func:`compare_success`), and what each class
was mistaken for (:func:`misclassification_counts`,
:func:`plot_misclassifications`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix

from ._grid import panel_axes
from ._validation import check_label_pair

__all__ = [
    "compare_success",
    "misclassification_counts",
    "per_class_success",
    "plot_misclassifications",
]

SUCCESS = "success rate"


def per_class_success(
    y_true,
    y_pred,
    *,
    labels: Sequence | None = None,
    total: bool = False,
) -> pd.DataFrame:
    """Count, class by class, how many samples a classifier got right.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The true labels.
    y_pred : array-like of shape (n_samples,)
        The predicted labels.
    labels : sequence, optional
        The classes to report, in this order. By default every class present
        in ``y_true``, sorted. A class without samples gets ``n = 0`` and a
        missing (NaN) success rate.
    total : bool, default=False
        Add a last row ``"all"`` for all the samples of the listed classes
        together: its success rate is the overall accuracy.

    Returns
    -------
    pandas.DataFrame
        Indexed by class (index name ``"class"``), with the columns ``n``
        (samples of that class), ``correct`` (of those, predicted as that
        class) and ``success rate`` (``correct / n``).

    Raises
    ------
    ValueError
        If the label arrays are not 1-D or differ in length.

    See Also
    --------
    compare_success : Put several such tables side by side.

    Examples
    --------
    >>> from mlpviz.evaluation import per_class_success
    >>> table = per_class_success([1, 1, 2, 2], [1, 2, 2, 2], total=True)
    >>> table.index.tolist(), table["success rate"].tolist()
    ([1, 2, 'all'], [0.5, 1.0, 0.75])
    """
    y_true, y_pred = check_label_pair(y_true, y_pred)
    classes = np.unique(y_true).tolist() if labels is None else list(labels)
    hits = y_true == y_pred
    rows = {}
    for label in classes:
        of_class = y_true == label
        rows[label] = (int(of_class.sum()), int(hits[of_class].sum()))
    if total:
        in_classes = np.isin(y_true, classes)
        rows["all"] = (int(in_classes.sum()), int(hits[in_classes].sum()))
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["n", "correct"])
    table.index.name = "class"
    with np.errstate(invalid="ignore", divide="ignore"):
        table[SUCCESS] = table["correct"] / table["n"].where(table["n"] > 0)
    return table


def compare_success(
    results: Mapping[str, pd.DataFrame | pd.Series | Mapping],
    *,
    column: str = SUCCESS,
) -> pd.DataFrame:
    """Put several per-class success rates side by side, one column each.

    Parameters
    ----------
    results : mapping of str to DataFrame, Series or mapping
        Column name to per-class results: a table from
        :func:`per_class_success` (its ``column`` is taken), or the rates
        themselves as a Series or a ``{class: rate}`` mapping (published
        numbers, for instance).
    column : str, default="success rate"
        The column to take from each DataFrame.

    Returns
    -------
    pandas.DataFrame
        Indexed by class (the union of all the inputs' classes, in order of
        first appearance), one column per entry of ``results``. A class
        missing from an input is NaN in its column.

    Raises
    ------
    ValueError
        If ``results`` is empty.
    KeyError
        If a DataFrame has no column ``column``.

    Examples
    --------
    >>> from mlpviz.evaluation import compare_success, per_class_success
    >>> ours = per_class_success([1, 1, 2, 2], [1, 2, 2, 2])
    >>> compare_success({"ours": ours, "published": {1: 0.5, 2: 0.9}}).to_dict("list")
    {'ours': [0.5, 1.0], 'published': [0.5, 0.9]}
    """
    if not results:
        raise ValueError("results is empty: pass at least one named result.")
    columns = {}
    for name, result in results.items():
        if isinstance(result, pd.DataFrame):
            if column not in result.columns:
                raise KeyError(
                    f"The table for {name!r} has no column {column!r}; its "
                    f"columns are {list(result.columns)}. Pass column=..., or a "
                    "table from per_class_success."
                )
            result = result[column]
        columns[name] = pd.Series(result, dtype=float)
    index = pd.Index(
        list(
            dict.fromkeys(label for rates in columns.values() for label in rates.index)
        )
    )
    table = pd.DataFrame(
        {name: rates.reindex(index) for name, rates in columns.items()}
    )
    table.index.name = "class"
    return table


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
    >>> from mlpviz.evaluation import misclassification_counts
    >>> counts = misclassification_counts([1, 1, 2, 2], [1, 2, 2, 2])
    >>> int(counts.loc[1, 2]), counts.to_numpy().tolist()
    (1, [[0, 1], [0, 0]])
    """
    y_true, y_pred = check_label_pair(y_true, y_pred)
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
    >>> from mlpviz.evaluation import plot_misclassifications
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
