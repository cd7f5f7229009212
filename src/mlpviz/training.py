"""How a network trains: its loss epoch by epoch, and snapshots along the way.

:func:`plot_loss_curves` draws the training loss that the stochastic solvers
of scikit-learn record in ``loss_curve_``.

``fit`` returns only the final network. To watch a network learn, train it
with ``partial_fit`` and keep a copy of its weights and of every layer's
activations at the moments of interest: one training run gives all the
pictures, instead of one refit from scratch per picture.
:func:`record_snapshots` takes them after chosen epochs,
:func:`record_minibatch_snapshots` after chosen minibatch updates, which shows
the first fraction of an epoch, where a network changes fastest.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Integral

import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import is_classifier
from sklearn.utils import check_array

from ._validation import check_fitted_mlp, check_mlp
from .inspection import layer_activations

__all__ = [
    "TrainingSnapshots",
    "plot_loss_curves",
    "record_minibatch_snapshots",
    "record_snapshots",
]


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


@dataclass(frozen=True)
class TrainingSnapshots:
    """The state of a network at chosen moments of its training.

    Attributes
    ----------
    epochs : ndarray
        The training time of each snapshot in epochs, increasing: integers
        from :func:`record_snapshots` (epoch 1 is the state after the first
        pass over the training data), fractions of an epoch from
        :func:`record_minibatch_snapshots` (``steps / batches_per_epoch``).
    activations : list of list of ndarray
        ``activations[k]`` is :func:`~mlpviz.inspection.layer_activations`
        of the recorded samples at snapshot ``k``: the input, every hidden
        layer, the output.
    coefs : list of list of ndarray
        ``coefs[k]`` is a copy of the model's ``coefs_`` at snapshot ``k``.
    intercepts : list of list of ndarray
        ``intercepts[k]`` is a copy of the model's ``intercepts_`` at
        snapshot ``k``.
    loss_curve : ndarray of float
        The training loss of every epoch, snapshot or not (``loss_curve[e - 1]``
        belongs to epoch ``e``): the mean loss over its minibatches, as in
        the model's ``loss_curve_`` after ``fit``.
    steps : ndarray of int
        The minibatch updates made before each snapshot, counted from the
        start of the recording.
    batches_per_epoch : int
        The minibatch updates in one pass over the training data.
    """

    epochs: np.ndarray
    activations: list[list[np.ndarray]]
    coefs: list[list[np.ndarray]]
    intercepts: list[list[np.ndarray]]
    loss_curve: np.ndarray
    steps: np.ndarray
    batches_per_epoch: int

    def __len__(self) -> int:
        return len(self.epochs)


def record_snapshots(
    model,
    X,
    y,
    *,
    n_epochs: int,
    record_at: Iterable[int] | None = None,
    X_record=None,
    classes=None,
    random_state: int | np.random.Generator | None = None,
) -> TrainingSnapshots:
    """Train an MLP epoch by epoch and keep snapshots along the way.

    Each epoch is one call of ``model.partial_fit`` on the whole training set
    in a new random order, drawn from ``random_state``. scikit-learn draws its
    own shuffle from the model's ``random_state`` again at every
    ``partial_fit`` call, so it would repeat the same order every epoch; give
    the model ``shuffle=False`` and let this function shuffle. The model keeps
    its optimizer state (momentum, Adam's moments) from one epoch to the next,
    as in ``fit``, but training never stops early: it runs ``n_epochs``.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        The network to train, in place, with ``solver="sgd"`` or ``"adam"``
        and ``early_stopping=False``. An unfitted model starts from its
        random initialisation; a fitted one continues its training.
    X : array-like of shape (n_samples, n_features)
        Training samples.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Training targets.
    n_epochs : int
        Number of passes over the training data.
    record_at : iterable of int, optional
        The epochs (from 1 to ``n_epochs``) after which to take a snapshot.
        By default after every epoch.
    X_record : array-like of shape (n_record, n_features), optional
        The samples whose activations are recorded. By default ``X``.
    classes : array-like, optional
        For a classifier that is not fitted yet, every class label (passed to
        the first ``partial_fit``). By default the labels found in ``y``.
    random_state : int, numpy Generator or None
        Seeds the order of the samples in every epoch.

    Returns
    -------
    TrainingSnapshots
        The recorded epochs, activations and weights, and the loss curve.

    See Also
    --------
    record_minibatch_snapshots : Snapshots after chosen minibatch updates.

    Raises
    ------
    TypeError
        If ``model`` is not a scikit-learn MLP.
    ValueError
        If the model cannot be trained with ``partial_fit`` (``lbfgs`` solver
        or early stopping), or if ``n_epochs`` or ``record_at`` is invalid.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.training import record_snapshots
    >>> X = np.linspace(-1, 1, 60).reshape(-1, 1)
    >>> y = (np.abs(X[:, 0]) < 0.5).astype(int)
    >>> mlp = MLPClassifier(hidden_layer_sizes=(2,), solver="sgd", shuffle=False,
    ...                     random_state=0)
    >>> snapshots = record_snapshots(mlp, X, y, n_epochs=20, record_at=[1, 10, 20],
    ...                              random_state=0)
    >>> snapshots.epochs.tolist(), snapshots.activations[-1][1].shape
    ([1, 10, 20], (60, 2))
    """
    X, y, X_record, fit_kwargs = _prepare(model, X, y, n_epochs, X_record, classes)
    epochs = _check_record_at(record_at, n_epochs, "epoch", "n_epochs")
    batches_per_epoch = _batches_per_epoch(model, len(X))
    start_loss = len(getattr(model, "loss_curve_", []))

    rng = np.random.default_rng(random_state)
    wanted = set(epochs.tolist())
    recorder = _Recorder(X_record)
    for epoch in range(1, n_epochs + 1):
        order = rng.permutation(len(X))
        model.partial_fit(X[order], y[order], **fit_kwargs)
        fit_kwargs = {}
        if epoch in wanted:
            recorder.take(model)
    return recorder.snapshots(
        epochs=epochs,
        steps=epochs * batches_per_epoch,
        batches_per_epoch=batches_per_epoch,
        loss_curve=np.asarray(model.loss_curve_[start_loss:], dtype=float),
    )


def record_minibatch_snapshots(
    model,
    X,
    y,
    *,
    n_epochs: int,
    record_at: Iterable[int],
    X_record=None,
    classes=None,
    random_state: int | np.random.Generator | None = None,
) -> TrainingSnapshots:
    """Train an MLP and keep snapshots after chosen minibatch updates.

    Like :func:`record_snapshots`, but a snapshot can be taken after any
    minibatch, not only at the end of an epoch: the first updates, where the
    weights change fastest, can be watched one by one. The network makes the
    same updates as with :func:`record_snapshots` and the same
    ``random_state``: each epoch visits the training set in a new random
    order, cut into consecutive minibatches of the model's ``batch_size``
    (``min(200, n_samples)`` for ``"auto"``), the last one smaller when the
    size does not divide the number of samples. Between two snapshots the
    model is trained with one ``partial_fit`` call on the minibatches in
    between, so a snapshot costs one forward pass of ``X_record``, not a
    call per minibatch.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        The network to train, in place, with ``solver="adam"``, or
        ``solver="sgd"`` with ``learning_rate="constant"``, and
        ``early_stopping=False``. An unfitted model starts from its random
        initialisation; a fitted one continues its training.
    X : array-like of shape (n_samples, n_features)
        Training samples.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Training targets.
    n_epochs : int
        Number of passes over the training data.
    record_at : iterable of int
        The minibatch updates (from 1 to ``n_epochs * batches_per_epoch``)
        after which to take a snapshot; update ``e * batches_per_epoch`` ends
        epoch ``e``. ``batches_per_epoch`` is ``ceil(n_samples / batch_size)``.
    X_record : array-like of shape (n_record, n_features), optional
        The samples whose activations are recorded. By default ``X``.
    classes : array-like, optional
        For a classifier that is not fitted yet, every class label (passed to
        the first ``partial_fit``). By default the labels found in ``y``.
    random_state : int, numpy Generator or None
        Seeds the order of the samples in every epoch.

    Returns
    -------
    TrainingSnapshots
        The recorded updates (``steps``) and their time in epochs
        (``epochs``, fractional), the activations and weights at each, and
        the loss of every epoch. The model's ``loss_curve_`` gets the same
        losses, one per epoch, as after ``fit``.

    Raises
    ------
    TypeError
        If ``model`` is not a scikit-learn MLP.
    ValueError
        If the model cannot be trained with ``partial_fit`` (``lbfgs`` solver
        or early stopping), uses a learning-rate schedule of the ``sgd``
        solver (``"invscaling"`` and ``"adaptive"`` change the rate after
        every ``partial_fit`` call, so snapshots would change the training),
        or if ``n_epochs`` or ``record_at`` is invalid.

    See Also
    --------
    record_snapshots : Snapshots at the end of chosen epochs.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import MLPClassifier
    >>> from mlpviz.training import record_minibatch_snapshots
    >>> X = np.linspace(-1, 1, 60).reshape(-1, 1)
    >>> y = (np.abs(X[:, 0]) < 0.5).astype(int)
    >>> mlp = MLPClassifier(hidden_layer_sizes=(2,), batch_size=20, shuffle=False,
    ...                     random_state=0)
    >>> snapshots = record_minibatch_snapshots(mlp, X, y, n_epochs=4,
    ...                                        record_at=[1, 2, 6, 12],
    ...                                        random_state=0)
    >>> snapshots.batches_per_epoch, snapshots.epochs.round(2).tolist()
    (3, [0.33, 0.67, 2.0, 4.0])
    """
    if getattr(model, "solver", None) == "sgd" and model.learning_rate != "constant":
        raise ValueError(
            f"record_minibatch_snapshots calls partial_fit between snapshots, "
            f"and the sgd solver's learning_rate={model.learning_rate!r} "
            "changes the rate after every call: the snapshots would change the "
            "training. Use learning_rate='constant', solver='adam', or "
            "record_snapshots, which trains one epoch per call."
        )
    X, y, X_record, fit_kwargs = _prepare(model, X, y, n_epochs, X_record, classes)
    batch_size = _batch_size(model, len(X))
    batches_per_epoch = math.ceil(len(X) / batch_size)
    steps = _check_record_at(
        record_at, n_epochs * batches_per_epoch, "step", "n_epochs * batches_per_epoch"
    )
    start_loss = len(getattr(model, "loss_curve_", []))

    rng = np.random.default_rng(random_state)
    recorder = _Recorder(X_record)
    epoch_losses = []
    for epoch in range(n_epochs):
        order = rng.permutation(len(X))
        done = epoch * batches_per_epoch
        inside = steps[(steps > done) & (steps <= done + batches_per_epoch)] - done
        snapshot_ends = set(np.minimum(inside * batch_size, len(X)).tolist())
        weighted_loss, start = 0.0, 0
        for end in sorted(snapshot_ends | {len(X)}):
            part = order[start:end]
            with warnings.catch_warnings():
                # The epoch's last minibatch can be shorter than batch_size.
                warnings.filterwarnings("ignore", "Got `batch_size` less than 1")
                model.partial_fit(X[part], y[part], **fit_kwargs)
            fit_kwargs = {}
            weighted_loss += model.loss_ * len(part)
            if end in snapshot_ends:
                recorder.take(model)
            start = end
        epoch_losses.append(weighted_loss / len(X))
    # Each call added one entry to the model's loss curve; one per epoch is
    # what fit leaves there.
    del model.loss_curve_[start_loss:]
    model.loss_curve_.extend(epoch_losses)
    return recorder.snapshots(
        epochs=steps / batches_per_epoch,
        steps=steps,
        batches_per_epoch=batches_per_epoch,
        loss_curve=np.asarray(epoch_losses, dtype=float),
    )


class _Recorder:
    """Copies of a model's weights and activations, taken one at a time."""

    def __init__(self, X_record):
        self.X_record = X_record
        self.activations, self.coefs, self.intercepts = [], [], []

    def take(self, model) -> None:
        self.activations.append(layer_activations(model, self.X_record))
        self.coefs.append([coef.copy() for coef in model.coefs_])
        self.intercepts.append([intercept.copy() for intercept in model.intercepts_])

    def snapshots(self, **fields) -> TrainingSnapshots:
        return TrainingSnapshots(
            activations=self.activations,
            coefs=self.coefs,
            intercepts=self.intercepts,
            **fields,
        )


def _prepare(model, X, y, n_epochs, X_record, classes):
    """Check the model and data; return them with the first call's arguments."""
    _check_trainable(model)
    if not isinstance(n_epochs, Integral) or n_epochs < 1:
        raise ValueError(f"n_epochs must be a positive integer, got {n_epochs!r}.")
    X = check_array(X, dtype=(np.float64, np.float32))
    y = np.asarray(y)
    if len(y) != len(X):
        raise ValueError(
            f"X and y must have the same number of samples, got {len(X)} and {len(y)}."
        )
    X_record = X if X_record is None else X_record
    fit_kwargs = {}
    if is_classifier(model) and not hasattr(model, "classes_"):
        if classes is None:
            classes = np.unique(y) if y.ndim == 1 else np.arange(y.shape[1])
        fit_kwargs["classes"] = classes
    return X, y, X_record, fit_kwargs


def _batch_size(model, n_samples: int) -> int:
    """The minibatch size scikit-learn uses for ``n_samples`` samples."""
    if model.batch_size == "auto":
        return min(200, n_samples)
    return int(np.clip(model.batch_size, 1, n_samples))


def _batches_per_epoch(model, n_samples: int) -> int:
    return math.ceil(n_samples / _batch_size(model, n_samples))


def _check_trainable(model) -> None:
    check_mlp(model)
    if model.solver not in ("sgd", "adam"):
        raise ValueError(
            f"Recording snapshots trains with partial_fit, which needs "
            f"solver='sgd' or solver='adam'; this model has solver="
            f"{model.solver!r}."
        )
    if model.early_stopping:
        raise ValueError(
            "Recording snapshots trains with partial_fit, which does not support "
            "early_stopping=True: set early_stopping=False."
        )


def _check_record_at(record_at, last: int, unit: str, last_name: str) -> np.ndarray:
    if record_at is None:
        return np.arange(1, last + 1)
    values = np.unique(np.asarray(list(record_at)))
    if values.size == 0:
        raise ValueError(f"record_at is empty: give at least one {unit} to record.")
    if not np.issubdtype(values.dtype, np.integer):
        raise ValueError(f"record_at must hold integer {unit}s, got {values.dtype}.")
    if values[0] < 1 or values[-1] > last:
        raise ValueError(
            f"record_at must lie between 1 and {last_name}={last}, got {unit}s "
            f"from {values[0]} to {values[-1]}."
        )
    return values.astype(int)
