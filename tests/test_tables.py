"""Per-class success tables and their side-by-side comparison."""

import numpy as np
import pandas as pd
import pytest

from mlpviz.tables import compare_success, per_class_success


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


def test_labels_choose_and_order_the_classes():
    table = per_class_success([1, 2, 2], [1, 2, 1], labels=[2, 1, 7])
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
    table = per_class_success([1, 2, 3], [1, 1, 3], labels=[1, 2], total=True)
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
