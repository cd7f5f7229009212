"""What a classifier says and how well it does: its answers, class by class.

The helpers here judge a classifier's predictions, ``y_pred`` against the
true labels ``y_true``, one class at a time: how many of a class were
recognised (:func:`per_class_success`), how several classifiers compare
(:func:`compare_success`), and what each class was mistaken for
(:func:`misclassification_counts`, :func:`plot_misclassifications`).

A classifier's ``predict`` keeps only the winning class; its
``predict_proba`` says more: how sure it is, and what came second. Each
sample's few most probable classes (:func:`top_classes`) are drawn as bars
(:func:`plot_top_classes`), as Andrej Karpathy's ConvNetJS MNIST demo shows
every test digit.

``classes`` is always the list of classes, in the order of the columns or
rows it labels (``model.classes_``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Integral

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix

from ._colors import CORRECT_COLOR, MISTAKE_COLOR, OTHER_COLOR
from ._grid import panel_axes
from ._validation import check_label_pair

__all__ = [
    "compare_success",
    "misclassification_counts",
    "per_class_success",
    "percent_label",
    "plot_misclassifications",
    "plot_top_classes",
    "top_classes",
]

SUCCESS = "success rate"


def per_class_success(
    y_true,
    y_pred,
    *,
    classes: Sequence | None = None,
    total: bool = False,
) -> pd.DataFrame:
    """Count, class by class, how many samples a classifier got right.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The true labels.
    y_pred : array-like of shape (n_samples,)
        The predicted labels.
    classes : sequence, optional
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
    classes = np.unique(y_true).tolist() if classes is None else list(classes)
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
    y_true, y_pred, *, classes: Sequence | None = None
) -> pd.DataFrame:
    """Count the mistakes of a classifier, by true and by predicted class.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The true labels.
    y_pred : array-like of shape (n_samples,)
        The predicted labels.
    classes : sequence, optional
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
    if classes is None:
        classes = np.unique(np.concatenate([y_true, y_pred]))
    counts = confusion_matrix(y_true, y_pred, labels=classes)
    np.fill_diagonal(counts, 0)
    return pd.DataFrame(
        counts,
        index=pd.Index(classes, name="true"),
        columns=pd.Index(classes, name="predicted"),
    )


def plot_misclassifications(
    y_true,
    y_pred,
    *,
    classes: Sequence | None = None,
    axes=None,
    ncols: int = 5,
    color: str = MISTAKE_COLOR,
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
    classes : sequence, optional
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
    counts = misclassification_counts(y_true, y_pred, classes=classes)
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


def top_classes(probabilities, classes=None, *, k: int = 3):
    """Return each sample's ``k`` most probable classes and their probabilities.

    Parameters
    ----------
    probabilities : array-like of shape (n_samples, n_classes) or (n_classes,)
        Class probabilities, one row per sample, for instance
        ``model.predict_proba(X)``; a 1-D array is one sample.
    classes : array-like of shape (n_classes,), optional
        The class of each column, for instance ``model.classes_``. By default
        the column numbers.
    k : int, default=3
        How many classes per sample, from 1 to ``n_classes``.

    Returns
    -------
    labels : ndarray of shape (n_samples, k)
        The classes, most probable first; equal probabilities keep the
        columns' order.
    top_probabilities : ndarray of shape (n_samples, k)
        Their probabilities.

    Raises
    ------
    ValueError
        If ``probabilities`` is not 1-D or 2-D, ``classes`` does not name
        every column, or ``k`` is out of range.

    Examples
    --------
    >>> from mlpviz.evaluation import top_classes
    >>> labels, probabilities = top_classes([[0.1, 0.6, 0.3]], ["a", "b", "c"], k=2)
    >>> labels.tolist(), probabilities.tolist()
    ([['b', 'c']], [[0.6, 0.3]])
    """
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim == 1:
        probabilities = probabilities[np.newaxis]
    if probabilities.ndim != 2:
        raise ValueError(
            "probabilities must be 2-D (samples, classes), or 1-D for one "
            f"sample, got an array of shape {probabilities.shape}."
        )
    n_classes = probabilities.shape[1]
    classes = np.arange(n_classes) if classes is None else np.asarray(classes)
    if classes.shape != (n_classes,):
        raise ValueError(
            f"classes must name each of the {n_classes} columns of probabilities, "
            f"got an array of shape {classes.shape}; pass model.classes_."
        )
    if not isinstance(k, Integral) or not 1 <= k <= n_classes:
        raise ValueError(
            f"k must be an integer from 1 to the number of classes ({n_classes}), "
            f"got {k!r}."
        )
    columns = np.argsort(-probabilities, axis=1, kind="stable")[:, :k]
    return classes[columns], np.take_along_axis(probabilities, columns, axis=1)


def plot_top_classes(
    probabilities,
    classes=None,
    *,
    k: int = 3,
    y_true=None,
    ax=None,
    title: str | None = None,
    fontsize: str | float = "medium",
):
    """Draw one sample's ``k`` most probable classes as bars, the winner on top.

    Each bar is labelled with its class and its probability in per cent
    (:func:`percent_label`), on a probability axis from 0 to 1 so that bars
    of different samples compare. With ``y_true``, the true class's bar is
    blue and a wrong winner's bar red; the other bars are grey.

    Parameters
    ----------
    probabilities : array-like of shape (n_classes,)
        The class probabilities of one sample, for instance a row of
        ``model.predict_proba(X)``.
    classes : array-like of shape (n_classes,), optional
        The class of each entry, for instance ``model.classes_``. By default
        the entry numbers.
    k : int, default=3
        How many classes to draw.
    y_true : optional
        The sample's true class.
    ax : matplotlib Axes, optional
        Where to draw. By default a new, small figure.
    title : str, optional
        Title of the Axes.
    fontsize : str or float, default="medium"
        Size of the class and probability labels.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on; it holds ``k`` horizontal bars (its ``patches``,
        the most probable first) and one text per bar.

    Raises
    ------
    ValueError
        If ``probabilities`` is not one sample's, or ``classes`` or ``k`` do
        not fit it (see :func:`top_classes`).

    Examples
    --------
    >>> from mlpviz.evaluation import plot_top_classes
    >>> ax = plot_top_classes([0.05, 0.7, 0.25], y_true=2, k=2)
    >>> [round(float(bar.get_width()), 2) for bar in ax.patches]
    [0.7, 0.25]
    >>> [text.get_text() for text in ax.texts]
    ['70 %', '25 %']
    """
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 1:
        raise ValueError(
            "plot_top_classes draws one sample: pass a 1-D array of class "
            f"probabilities, got an array of shape {probabilities.shape}."
        )
    labels, values = top_classes(probabilities, classes, k=k)
    labels, values = labels[0], values[0]
    if ax is None:
        _, ax = plt.subplots(figsize=(2.4, 0.3 * k + 0.6), layout="constrained")
    colours = [OTHER_COLOR] * k
    if y_true is not None:
        colours = [
            CORRECT_COLOR if label == y_true else OTHER_COLOR for label in labels
        ]
        if labels[0] != y_true:
            colours[0] = MISTAKE_COLOR
    positions = np.arange(k)
    ax.barh(positions, values, color=colours, height=0.7)
    ax.set_yticks(positions, [str(label) for label in labels], fontsize=fontsize)
    ax.set_ylim(k - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    for spine in ("top", "right", "bottom"):
        ax.spines[spine].set_visible(False)
    for position, value in zip(positions, values, strict=True):
        inside = value > 0.6
        ax.text(
            value - 0.03 if inside else value + 0.03,
            position,
            percent_label(value),
            ha="right" if inside else "left",
            va="center",
            color="white" if inside else "black",
            fontsize=fontsize,
        )
    if title is not None:
        ax.set_title(title, fontsize=fontsize)
    return ax


def percent_label(probability: float) -> str:
    """Write a probability in per cent, without rounding doubt up to certainty.

    Whole per cents, except close to 100 %: a probability that would round
    to 100 % without being 1 gets one decimal, or "> 99.9 %".

    Examples
    --------
    >>> from mlpviz.evaluation import percent_label
    >>> [percent_label(p) for p in (0.123, 0.996, 0.99996, 1.0)]
    ['12 %', '99.6 %', '> 99.9 %', '100 %']
    """
    percent = 100 * float(probability)
    if percent < 99.5 or percent >= 100:
        return f"{percent:.0f} %"
    if percent < 99.95:
        return f"{percent:.1f} %"
    return "> 99.9 %"
