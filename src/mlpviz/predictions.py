"""What a classifier says about single samples: its most probable classes.

A classifier's ``predict`` keeps only the winning class. Its
``predict_proba`` says more: how sure it is, and what came second. The
helpers here pick each sample's few most probable classes
(:func:`top_classes`) and draw them as bars (:func:`plot_top_classes`), as
Andrej Karpathy's ConvNetJS MNIST demo shows every test digit.
"""

from __future__ import annotations

from numbers import Integral

import matplotlib.pyplot as plt
import numpy as np

from .digits import CORRECT_COLOR, MISTAKE_COLOR

__all__ = ["percent_label", "plot_top_classes", "top_classes"]

OTHER_COLOR = "tab:gray"


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
    >>> from mlpviz.predictions import top_classes
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
    true_label=None,
    ax=None,
    title: str | None = None,
    fontsize: str | float = "medium",
):
    """Draw one sample's ``k`` most probable classes as bars, the winner on top.

    Each bar is labelled with its class and its probability in per cent
    (:func:`percent_label`), on a probability axis from 0 to 1 so that bars
    of different samples compare. With ``true_label``, the true class's bar
    is blue and a wrong winner's bar red; the other bars are grey.

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
    true_label : optional
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
    >>> from mlpviz.predictions import plot_top_classes
    >>> ax = plot_top_classes([0.05, 0.7, 0.25], true_label=2, k=2)
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
    if true_label is not None:
        colours = [
            CORRECT_COLOR if label == true_label else OTHER_COLOR for label in labels
        ]
        if labels[0] != true_label:
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
    >>> from mlpviz.predictions import percent_label
    >>> [percent_label(p) for p in (0.123, 0.996, 0.99996, 1.0)]
    ['12 %', '99.6 %', '> 99.9 %', '100 %']
    """
    percent = 100 * float(probability)
    if percent < 99.5 or percent >= 100:
        return f"{percent:.0f} %"
    if percent < 99.95:
        return f"{percent:.1f} %"
    return "> 99.9 %"
