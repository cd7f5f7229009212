"""mlpviz.training: training epoch by epoch with snapshots."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_regression
from sklearn.linear_model import SGDClassifier
from sklearn.neural_network import MLPClassifier, MLPRegressor

from mlpviz.inspection import layer_activations
from mlpviz.training import (
    TrainingSnapshots,
    record_minibatch_snapshots,
    record_snapshots,
)


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=60,
        n_features=4,
        n_classes=3,
        n_informative=3,
        n_redundant=0,
        random_state=0,
    )


def sgd_mlp(**params):
    return MLPClassifier(
        hidden_layer_sizes=(3,),
        solver="sgd",
        learning_rate_init=0.05,
        batch_size=16,
        shuffle=False,
        random_state=0,
        **params,
    )


def test_records_the_chosen_epochs(data):
    X, y = data
    X_record = X[:10]
    snapshots = record_snapshots(
        sgd_mlp(), X, y, n_epochs=6, record_at=[6, 1, 3], X_record=X_record
    )
    assert isinstance(snapshots, TrainingSnapshots)
    assert snapshots.epochs.tolist() == [1, 3, 6]
    assert len(snapshots) == 3
    assert len(snapshots.activations) == len(snapshots.coefs) == 3
    assert [layer.shape for layer in snapshots.activations[0]] == [
        (10, 4),
        (10, 3),
        (10, 3),
    ]
    assert snapshots.loss_curve.shape == (6,)


def test_every_epoch_by_default(data):
    X, y = data
    snapshots = record_snapshots(sgd_mlp(), X, y, n_epochs=4)
    assert snapshots.epochs.tolist() == [1, 2, 3, 4]
    assert len(snapshots.activations[0][0]) == len(X)


def test_last_snapshot_is_the_trained_model(data):
    X, y = data
    mlp = sgd_mlp()
    snapshots = record_snapshots(mlp, X, y, n_epochs=5, record_at=[2, 5])
    np.testing.assert_array_equal(snapshots.coefs[-1][0], mlp.coefs_[0])
    np.testing.assert_array_equal(snapshots.intercepts[-1][1], mlp.intercepts_[1])
    final = layer_activations(mlp, X)
    for recorded, expected in zip(snapshots.activations[-1], final, strict=True):
        np.testing.assert_array_equal(recorded, expected)
    np.testing.assert_allclose(snapshots.loss_curve, mlp.loss_curve_)


def test_snapshots_are_copies_taken_at_their_epoch(data):
    X, y = data
    snapshots = record_snapshots(sgd_mlp(), X, y, n_epochs=5, record_at=[1, 5])
    assert not np.allclose(snapshots.coefs[0][0], snapshots.coefs[1][0])
    assert not np.allclose(snapshots.activations[0][-1], snapshots.activations[1][-1])


def test_same_as_a_partial_fit_loop_with_the_same_shuffles(data):
    X, y = data
    snapshots = record_snapshots(sgd_mlp(), X, y, n_epochs=4, random_state=7)
    manual = sgd_mlp()
    rng = np.random.default_rng(7)
    for epoch in range(4):
        order = rng.permutation(len(X))
        manual.partial_fit(X[order], y[order], classes=np.unique(y))
        np.testing.assert_allclose(snapshots.coefs[epoch][0], manual.coefs_[0])


def test_seeded_shuffles_are_reproducible_and_matter(data):
    X, y = data
    first = record_snapshots(sgd_mlp(), X, y, n_epochs=3, random_state=1)
    again = record_snapshots(sgd_mlp(), X, y, n_epochs=3, random_state=1)
    other = record_snapshots(sgd_mlp(), X, y, n_epochs=3, random_state=2)
    np.testing.assert_array_equal(first.coefs[-1][0], again.coefs[-1][0])
    assert not np.allclose(first.coefs[-1][0], other.coefs[-1][0])


def test_classes_missing_from_y_can_be_declared(data):
    X, y = data
    mlp = sgd_mlp()
    record_snapshots(mlp, X, np.minimum(y, 1), n_epochs=2, classes=[0, 1, 2])
    assert mlp.classes_.tolist() == [0, 1, 2]
    assert layer_activations(mlp, X)[-1].shape == (60, 3)


def test_regressor():
    X, y = make_regression(n_samples=40, n_features=2, random_state=0)
    mlp = MLPRegressor(hidden_layer_sizes=(4,), solver="adam", random_state=0)
    snapshots = record_snapshots(mlp, X, y / 100, n_epochs=3, record_at=[3])
    np.testing.assert_allclose(snapshots.activations[-1][-1][:, 0], mlp.predict(X))


def test_continues_a_fitted_model_and_reports_only_new_losses(data):
    X, y = data
    mlp = sgd_mlp()
    record_snapshots(mlp, X, y, n_epochs=3)
    snapshots = record_snapshots(mlp, X, y, n_epochs=2)
    assert snapshots.loss_curve.shape == (2,)
    assert len(mlp.loss_curve_) == 5
    np.testing.assert_allclose(snapshots.loss_curve, mlp.loss_curve_[3:])


def test_lbfgs_is_refused(data):
    X, y = data
    mlp = MLPClassifier(hidden_layer_sizes=(3,), solver="lbfgs")
    with pytest.raises(ValueError, match="solver='sgd' or solver='adam'"):
        record_snapshots(mlp, X, y, n_epochs=2)


def test_early_stopping_is_refused(data):
    X, y = data
    with pytest.raises(ValueError, match="set early_stopping=False"):
        record_snapshots(sgd_mlp(early_stopping=True), X, y, n_epochs=2)


def test_not_an_mlp_is_refused(data):
    X, y = data
    with pytest.raises(TypeError, match="MLPClassifier or MLPRegressor, got SGD"):
        record_snapshots(SGDClassifier(), X, y, n_epochs=2)


@pytest.mark.parametrize(
    ("record_at", "message"),
    [
        ([0, 2], "between 1 and n_epochs=3, got epochs from 0 to 2"),
        ([4], "between 1 and n_epochs=3, got epochs from 4 to 4"),
        ([], "record_at is empty"),
        ([1.5], "integer epochs"),
    ],
)
def test_bad_record_at(data, record_at, message):
    X, y = data
    with pytest.raises(ValueError, match=message):
        record_snapshots(sgd_mlp(), X, y, n_epochs=3, record_at=record_at)


@pytest.mark.parametrize("n_epochs", [0, -1, 2.5])
def test_bad_n_epochs(data, n_epochs):
    X, y = data
    with pytest.raises(ValueError, match="n_epochs must be a positive integer"):
        record_snapshots(sgd_mlp(), X, y, n_epochs=n_epochs)


def test_mismatched_lengths(data):
    X, y = data
    with pytest.raises(ValueError, match="got 60 and 59"):
        record_snapshots(sgd_mlp(), X, y[:-1], n_epochs=1)


def test_epoch_snapshots_count_their_minibatches(data):
    X, y = data
    # 60 samples in minibatches of 16: 16, 16, 16 and 12.
    snapshots = record_snapshots(sgd_mlp(), X, y, n_epochs=3, record_at=[1, 3])
    assert snapshots.batches_per_epoch == 4
    assert snapshots.steps.tolist() == [4, 12]


# record_minibatch_snapshots ------------------------------------------------------


def test_minibatch_snapshots_at_epoch_ends_equal_epoch_snapshots(data):
    X, y = data
    by_epoch = record_snapshots(sgd_mlp(), X, y, n_epochs=3, random_state=3)
    by_step = record_minibatch_snapshots(
        sgd_mlp(), X, y, n_epochs=3, record_at=[2, 4, 5, 8, 11, 12], random_state=3
    )
    assert by_step.steps.tolist() == [2, 4, 5, 8, 11, 12]
    np.testing.assert_allclose(by_step.epochs, [0.5, 1, 1.25, 2, 2.75, 3])
    assert by_step.batches_per_epoch == 4
    for step_index, epoch_index in ((1, 0), (3, 1), (5, 2)):
        np.testing.assert_array_equal(
            by_step.coefs[step_index][0], by_epoch.coefs[epoch_index][0]
        )
        np.testing.assert_array_equal(
            by_step.activations[step_index][-1], by_epoch.activations[epoch_index][-1]
        )
    np.testing.assert_allclose(by_step.loss_curve, by_epoch.loss_curve)


def test_minibatch_snapshots_equal_a_loop_of_single_minibatch_fits(data):
    X, y = data
    snapshots = record_minibatch_snapshots(
        sgd_mlp(), X, y, n_epochs=2, record_at=[1, 3, 6], random_state=5
    )
    manual = sgd_mlp()
    rng = np.random.default_rng(5)
    coefs = {}
    step = 0
    for _ in range(2):
        order = rng.permutation(len(X))
        for start in range(0, len(X), 16):
            batch = order[start : start + 16]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # the short last batch
                manual.partial_fit(X[batch], y[batch], classes=np.unique(y))
            step += 1
            coefs[step] = manual.coefs_[0].copy()
    for recorded, step in zip(snapshots.coefs, [1, 3, 6], strict=True):
        np.testing.assert_allclose(recorded[0], coefs[step], rtol=1e-12)


def test_minibatch_snapshots_leave_one_loss_per_epoch_and_no_warning(data):
    X, y = data
    mlp = sgd_mlp()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # Step 3 ends just before the epoch's short last minibatch.
        snapshots = record_minibatch_snapshots(mlp, X, y, n_epochs=2, record_at=[3, 7])
    assert len(mlp.loss_curve_) == 2
    np.testing.assert_allclose(mlp.loss_curve_, snapshots.loss_curve)


def test_minibatch_snapshots_with_the_automatic_batch_size(data):
    X, y = data
    mlp = MLPClassifier(hidden_layer_sizes=(3,), shuffle=False, random_state=0)
    snapshots = record_minibatch_snapshots(mlp, X, y, n_epochs=3, record_at=[1, 3])
    # "auto" is min(200, n_samples): one minibatch an epoch.
    assert snapshots.batches_per_epoch == 1
    assert snapshots.epochs.tolist() == [1.0, 3.0]


def test_minibatch_snapshots_continue_a_fitted_model(data):
    X, y = data
    mlp = sgd_mlp()
    record_snapshots(mlp, X, y, n_epochs=2)
    snapshots = record_minibatch_snapshots(mlp, X, y, n_epochs=1, record_at=[2])
    assert len(mlp.loss_curve_) == 3
    np.testing.assert_allclose(mlp.loss_curve_[2:], snapshots.loss_curve)


@pytest.mark.parametrize("schedule", ["invscaling", "adaptive"])
def test_minibatch_snapshots_refuse_sgd_schedules(data, schedule):
    X, y = data
    with pytest.raises(ValueError, match=f"learning_rate='{schedule}'"):
        record_minibatch_snapshots(
            sgd_mlp(learning_rate=schedule), X, y, n_epochs=1, record_at=[1]
        )


@pytest.mark.parametrize(
    ("record_at", "message"),
    [
        ([0, 2], "between 1 and n_epochs \\* batches_per_epoch=8, got steps from 0"),
        ([9], "got steps from 9 to 9"),
        ([], "record_at is empty: give at least one step"),
        ([0.5], "integer steps"),
    ],
)
def test_minibatch_snapshots_refuse_bad_steps(data, record_at, message):
    X, y = data
    with pytest.raises(ValueError, match=message):
        record_minibatch_snapshots(sgd_mlp(), X, y, n_epochs=2, record_at=record_at)


def test_minibatch_snapshots_refuse_lbfgs(data):
    X, y = data
    mlp = MLPClassifier(hidden_layer_sizes=(3,), solver="lbfgs")
    with pytest.raises(ValueError, match="solver='sgd' or solver='adam'"):
        record_minibatch_snapshots(mlp, X, y, n_epochs=1, record_at=[1])
