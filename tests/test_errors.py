"""What a classifier mistakes each class for: counts and bar charts."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpviz.errors import misclassification_counts, plot_misclassifications


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


Y_TRUE = [1, 1, 1, 1, 2, 2, 3, 3, 3]
Y_PRED = [1, 2, 3, 3, 2, 2, 2, 3, 1]


def test_counts_leave_out_the_correct_predictions():
    counts = misclassification_counts(Y_TRUE, Y_PRED)
    assert counts.index.name == "true"
    assert counts.columns.name == "predicted"
    np.testing.assert_array_equal(counts.to_numpy(), [[0, 1, 2], [0, 0, 0], [1, 1, 0]])


def test_counts_for_given_labels():
    counts = misclassification_counts(Y_TRUE, Y_PRED, labels=[3, 1, 2, 4])
    assert list(counts.index) == [3, 1, 2, 4]
    assert counts.loc[1, 3] == 2
    assert counts.loc[4].sum() == 0


def test_counts_refuse_mismatched_labels():
    with pytest.raises(ValueError, match="same length"):
        misclassification_counts([1, 2], [1])


def test_one_bar_chart_per_true_class():
    axes = plot_misclassifications(Y_TRUE, Y_PRED)
    assert axes.shape == (1, 3)
    heights = [[bar.get_height() for bar in ax.patches] for ax in axes.ravel()]
    assert heights == [[0, 1, 2], [0, 0, 0], [1, 1, 0]]
    titles = [ax.get_title() for ax in axes.ravel()]
    assert titles == ["true 1: 3 wrong", "true 2: 0 wrong", "true 3: 2 wrong"]
    ticks = [label.get_text() for label in axes[0, 0].get_xticklabels()]
    assert ticks == ["1", "2", "3"]
    assert axes[0, 0].get_xlabel() == "predicted as"


def test_charts_share_one_count_scale():
    axes = plot_misclassifications(Y_TRUE, Y_PRED)
    limits = {ax.get_ylim() for ax in axes.ravel()}
    assert len(limits) == 1
    assert limits.pop()[1] >= 2


def test_grid_wraps_after_ncols():
    y = np.arange(1, 8)
    axes = plot_misclassifications(y, y, ncols=3)
    assert axes.shape == (3, 3)
    assert [ax.axison for ax in axes.ravel()][-2:] == [False, False]


def test_draws_on_given_axes():
    _, axes = plt.subplots(2, 2)
    plot_misclassifications(Y_TRUE, Y_PRED, axes=axes)
    assert [len(ax.patches) for ax in axes.ravel()] == [3, 3, 3, 0]


def test_too_few_axes():
    _, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="3 classes need at least 3 Axes, got 2"):
        plot_misclassifications(Y_TRUE, Y_PRED, axes=axes)
