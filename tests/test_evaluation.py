"""Per-class evaluation: success tables, comparisons, and what classes are taken for."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from mlpviz.evaluation import (
    compare_success,
    misclassification_counts,
    per_class_success,
    plot_misclassifications,
)


def test_per_class_counts_and_rates():
    y_true = [1, 1, 1, 2, 2, 3]
    y_pred = [1, 2, 1, 2, 2, 1]
    table = per_class_success(y_true, y_pred)
    assert list(table.index) == [1, 2, 3]
    assert table.index.name == "class"
    assert list(table.columns) == ["n", "correct", "success rate"]
    assert table["n"].tolist() == [3, 2, 1]
    assert table["correct"].tolist() == [2, 2, 0]
    np.testing.assert_allclose(table["success rate"], [2 / 3, 1.0, 0.0])


def test_classes_choose_and_order_the_rows():
    table = per_class_success([1, 2, 2], [1, 2, 1], classes=[2, 1, 7])
    assert list(table.index) == [2, 1, 7]
    assert table.loc[7, "n"] == 0
    assert np.isnan(table.loc[7, "success rate"])
    assert table.loc[2, "success rate"] == 0.5


def test_total_row_is_the_overall_accuracy():
    y_true = np.array([1, 1, 2, 2, 2])
    y_pred = np.array([1, 2, 2, 2, 1])
    table = per_class_success(y_true, y_pred, total=True)
    assert list(table.index) == [1, 2, "all"]
    assert table.loc["all", "n"] == 5
    assert table.loc["all", "correct"] == 3
    assert table.loc["all", "success rate"] == pytest.approx(0.6)


def test_total_covers_only_the_listed_classes():
    table = per_class_success([1, 2, 3], [1, 1, 3], classes=[1, 2], total=True)
    assert table.loc["all", "n"] == 2
    assert table.loc["all", "correct"] == 1


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match="y_true has 3 labels but y_pred has 2"):
        per_class_success([1, 2, 3], [1, 2])


def test_two_dimensional_labels_are_refused():
    with pytest.raises(ValueError, match="y_pred must be 1-D"):
        per_class_success([1, 2], [[1], [2]])


def test_compare_takes_tables_series_and_mappings():
    ours = per_class_success([1, 1, 2, 2], [1, 2, 2, 2])
    table = compare_success(
        {
            "ours": ours,
            "published": {1: 0.5, 2: 0.9},
            "series": pd.Series({2: 0.25, 1: 0.75}),
        }
    )
    assert list(table.columns) == ["ours", "published", "series"]
    assert list(table.index) == [1, 2]
    assert table.index.name == "class"
    np.testing.assert_allclose(table["ours"], [0.5, 1.0])
    np.testing.assert_allclose(table["published"], [0.5, 0.9])
    np.testing.assert_allclose(table["series"], [0.75, 0.25])


def test_compare_keeps_every_class_with_nan_where_missing():
    table = compare_success({"a": {1: 0.5}, "b": {2: 1.0}})
    assert list(table.index) == [1, 2]
    assert np.isnan(table.loc[2, "a"])
    assert np.isnan(table.loc[1, "b"])


def test_compare_another_column():
    ours = per_class_success([1, 1, 2], [1, 2, 2])
    table = compare_success({"ours": ours}, column="correct")
    assert table["ours"].tolist() == [1.0, 1.0]


def test_compare_reports_a_missing_column():
    ours = per_class_success([1, 2], [1, 2])
    with pytest.raises(KeyError, match="no column 'accuracy'"):
        compare_success({"ours": ours}, column="accuracy")


def test_compare_needs_something_to_compare():
    with pytest.raises(ValueError, match="results is empty"):
        compare_success({})


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


def test_counts_for_given_classes():
    counts = misclassification_counts(Y_TRUE, Y_PRED, classes=[3, 1, 2, 4])
    assert list(counts.index) == [3, 1, 2, 4]
    assert counts.loc[1, 3] == 2
    assert counts.loc[4].sum() == 0


def test_counts_refuse_mismatched_labels():
    with pytest.raises(ValueError, match="y_true has 2 labels but y_pred has 1"):
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
