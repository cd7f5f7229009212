"""Tables of how well a classifier does, class by class."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["compare_success", "per_class_success"]

SUCCESS = "success rate"


def _as_labels(values, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D, one label per sample, got an array of shape "
            f"{array.shape}."
        )
    return array


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
    >>> from mlpviz.tables import per_class_success
    >>> table = per_class_success([1, 1, 2, 2], [1, 2, 2, 2], total=True)
    >>> table.index.tolist(), table["success rate"].tolist()
    ([1, 2, 'all'], [0.5, 1.0, 0.75])
    """
    y_true = _as_labels(y_true, "y_true")
    y_pred = _as_labels(y_pred, "y_pred")
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}: pass "
            "the true and the predicted label of the same samples."
        )
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
    >>> from mlpviz.tables import compare_success, per_class_success
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
