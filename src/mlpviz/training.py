"""How the training of a network went: its loss, epoch by epoch."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt

from ._validation import check_fitted_mlp

__all__ = ["plot_loss_curves"]


def _loss_curve(name: str, model) -> list[float]:
    check_fitted_mlp(model)
    curve = getattr(model, "loss_curve_", None)
    if curve is None:
        raise ValueError(
            f"Model {name!r} has no loss curve: its solver {model.solver!r} "
            "records none (only the stochastic solvers 'sgd' and 'adam' record "
            "the loss after each epoch in loss_curve_). Its final loss is "
            "model.loss_; draw it as a horizontal line instead."
        )
    return list(curve)


def plot_loss_curves(
    models: Mapping[str, object],
    *,
    ax=None,
    log: bool = False,
    styles: Mapping[str, Mapping] | None = None,
):
    """Draw the training loss of several fitted MLPs, epoch by epoch, on one Axes.

    Each model's ``loss_curve_`` (the loss after every epoch, recorded by
    the stochastic solvers ``"sgd"`` and ``"adam"``) becomes one line,
    labelled with the model's name in the legend.

    Parameters
    ----------
    models : mapping of str to fitted MLPClassifier or MLPRegressor
        Legend label to model.
    ax : matplotlib Axes, optional
        Where to draw. By default a new figure.
    log : bool, default=False
        Use a logarithmic loss axis, which shows the end of long trainings
        (losses close to zero) as clearly as their start.
    styles : mapping of str to dict, optional
        Extra keyword arguments for the line of a model, by its name (for
        instance ``{"adam": {"linestyle": "--"}}``).

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on, with one line per model (epoch 1 first) and a
        legend.

    Raises
    ------
    ValueError
        If ``models`` is empty, or a model has no loss curve (the ``"lbfgs"``
        solver records none).
    TypeError
        If a value is not a scikit-learn MLP.
    sklearn.exceptions.NotFittedError
        If a model has not been fitted.

    Examples
    --------
    >>> from mlpviz.training import plot_loss_curves
    >>> ax = plot_loss_curves({"rate 0.1": slow, "rate 1": fast})  # doctest: +SKIP
    """
    if not models:
        raise ValueError("models is empty: pass at least one {name: fitted model}.")
    curves = {name: _loss_curve(name, model) for name, model in models.items()}
    styles = styles or {}
    if ax is None:
        _, ax = plt.subplots()
    for name, curve in curves.items():
        epochs = range(1, len(curve) + 1)
        ax.plot(epochs, curve, label=name, **styles.get(name, {}))
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch (pass over the training set)")
    ax.set_ylabel("training loss (log scale)" if log else "training loss")
    ax.legend()
    return ax
