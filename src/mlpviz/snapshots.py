"""Snapshots of a network while it trains.

``fit`` returns only the final network. To watch a network learn, train it
one epoch at a time with ``partial_fit`` and keep a copy of its weights and of
every layer's activations at the epochs of interest: one training run gives
all the pictures, instead of one refit from scratch per picture.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Integral

import numpy as np
from sklearn.base import is_classifier
from sklearn.utils import check_array

from ._validation import check_mlp
from .activations import layer_activations

__all__ = ["TrainingSnapshots", "record_snapshots"]


@dataclass(frozen=True)
class TrainingSnapshots:
    """The state of a network at chosen epochs of its training.

    Attributes
    ----------
    epochs : ndarray of int
        The epochs after which a snapshot was taken, increasing (epoch 1 is
        the state after the first pass over the training data).
    activations : list of list of ndarray
        ``activations[k]`` is :func:`~mlpviz.activations.layer_activations`
        of the recorded samples after epoch ``epochs[k]``: the input, every
        hidden layer, the output.
    coefs : list of list of ndarray
        ``coefs[k]`` is a copy of the model's ``coefs_`` after ``epochs[k]``.
    intercepts : list of list of ndarray
        ``intercepts[k]`` is a copy of the model's ``intercepts_`` after
        ``epochs[k]``.
    loss_curve : ndarray of float
        The training loss of every epoch, snapshot or not (``loss_curve[e - 1]``
        belongs to epoch ``e``).
    """

    epochs: np.ndarray
    activations: list[list[np.ndarray]]
    coefs: list[list[np.ndarray]]
    intercepts: list[list[np.ndarray]]
    loss_curve: np.ndarray

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
    >>> from mlpviz.snapshots import record_snapshots
    >>> X = np.linspace(-1, 1, 60).reshape(-1, 1)
    >>> y = (np.abs(X[:, 0]) < 0.5).astype(int)
    >>> mlp = MLPClassifier(hidden_layer_sizes=(2,), solver="sgd", shuffle=False,
    ...                     random_state=0)
    >>> snapshots = record_snapshots(mlp, X, y, n_epochs=20, record_at=[1, 10, 20],
    ...                              random_state=0)
    >>> snapshots.epochs.tolist(), snapshots.activations[-1][1].shape
    ([1, 10, 20], (60, 2))
    """
    _check_trainable(model)
    if not isinstance(n_epochs, Integral) or n_epochs < 1:
        raise ValueError(f"n_epochs must be a positive integer, got {n_epochs!r}.")
    epochs = _check_record_at(record_at, n_epochs)
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
    start_loss = len(getattr(model, "loss_curve_", []))

    rng = np.random.default_rng(random_state)
    wanted = set(epochs.tolist())
    activations, coefs, intercepts = [], [], []
    for epoch in range(1, n_epochs + 1):
        order = rng.permutation(len(X))
        model.partial_fit(X[order], y[order], **fit_kwargs)
        fit_kwargs = {}
        if epoch in wanted:
            activations.append(layer_activations(model, X_record))
            coefs.append([coef.copy() for coef in model.coefs_])
            intercepts.append([intercept.copy() for intercept in model.intercepts_])
    return TrainingSnapshots(
        epochs=epochs,
        activations=activations,
        coefs=coefs,
        intercepts=intercepts,
        loss_curve=np.asarray(model.loss_curve_[start_loss:], dtype=float),
    )


def _check_trainable(model) -> None:
    check_mlp(model)
    if model.solver not in ("sgd", "adam"):
        raise ValueError(
            f"record_snapshots trains with partial_fit, which needs "
            f"solver='sgd' or solver='adam'; this model has solver="
            f"{model.solver!r}."
        )
    if model.early_stopping:
        raise ValueError(
            "record_snapshots trains with partial_fit, which does not support "
            "early_stopping=True: set early_stopping=False."
        )


def _check_record_at(record_at, n_epochs: int) -> np.ndarray:
    if record_at is None:
        return np.arange(1, n_epochs + 1)
    epochs = np.unique(np.asarray(list(record_at)))
    if epochs.size == 0:
        raise ValueError("record_at is empty: give at least one epoch to record.")
    if not np.issubdtype(epochs.dtype, np.integer):
        raise ValueError(f"record_at must hold integer epochs, got {epochs.dtype}.")
    if epochs[0] < 1 or epochs[-1] > n_epochs:
        raise ValueError(
            f"record_at must lie between 1 and n_epochs={n_epochs}, got epochs "
            f"from {epochs[0]} to {epochs[-1]}."
        )
    return epochs.astype(int)
