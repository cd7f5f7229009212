"""mlpviz.evaluation, sample by sample: top classes and their bars."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import same_color

from mlpviz._colors import CORRECT_COLOR, MISTAKE_COLOR, OTHER_COLOR
from mlpviz.evaluation import percent_label, plot_top_classes, top_classes


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


PROBABILITIES = np.array([[0.1, 0.2, 0.6, 0.1], [0.25, 0.25, 0.2, 0.3]])


def test_top_classes_sorted_with_their_probabilities():
    labels, probabilities = top_classes(PROBABILITIES, [3, 5, 7, 9], k=3)
    np.testing.assert_array_equal(labels, [[7, 5, 3], [9, 3, 5]])
    np.testing.assert_allclose(probabilities, [[0.6, 0.2, 0.1], [0.3, 0.25, 0.25]])


def test_top_classes_default_to_column_numbers_and_accept_one_sample():
    labels, probabilities = top_classes(PROBABILITIES[0], k=2)
    assert labels.tolist() == [[2, 1]]
    assert probabilities.shape == (1, 2)


def test_equal_probabilities_keep_the_columns_order():
    labels, _ = top_classes([0.25, 0.25, 0.25, 0.25], ["a", "b", "c", "d"], k=4)
    assert labels.tolist() == [["a", "b", "c", "d"]]


@pytest.mark.parametrize("k", [0, 5, 1.5])
def test_top_classes_refuse_a_bad_k(k):
    with pytest.raises(ValueError, match="k must be an integer from 1 to the number"):
        top_classes(PROBABILITIES, k=k)


def test_top_classes_refuse_classes_that_do_not_name_every_column():
    with pytest.raises(ValueError, match="each of the 4 columns"):
        top_classes(PROBABILITIES, [0, 1, 2])


def test_top_classes_refuse_a_3d_array():
    with pytest.raises(ValueError, match="got an array of shape \\(1, 2, 4\\)"):
        top_classes(PROBABILITIES[np.newaxis])


def test_bars_show_the_top_classes_winner_on_top():
    ax = plot_top_classes(PROBABILITIES[0], ["w", "x", "y", "z"], k=3)
    assert [bar.get_width() for bar in ax.patches] == pytest.approx([0.6, 0.2, 0.1])
    centres = [bar.get_y() + bar.get_height() / 2 for bar in ax.patches]
    assert centres == pytest.approx([0, 1, 2])
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["y", "x", "w"]
    # The y axis is inverted: the first bar, the winner, is drawn at the top.
    assert ax.get_ylim()[0] > ax.get_ylim()[1]
    assert [text.get_text() for text in ax.texts] == ["60 %", "20 %", "10 %"]
    assert ax.get_xlim() == (0, 1)


def test_a_wrong_winner_is_red_and_the_true_class_blue():
    ax = plot_top_classes(PROBABILITIES[0], k=3, y_true=1)
    colours = [bar.get_facecolor() for bar in ax.patches]
    assert same_color(colours[0], MISTAKE_COLOR)
    assert same_color(colours[1], CORRECT_COLOR)
    assert same_color(colours[2], OTHER_COLOR)


def test_a_right_winner_is_blue():
    ax = plot_top_classes(PROBABILITIES[0], k=2, y_true=2)
    colours = [bar.get_facecolor() for bar in ax.patches]
    assert same_color(colours[0], CORRECT_COLOR)
    assert same_color(colours[1], OTHER_COLOR)


def test_bars_draw_on_the_given_axes_with_a_title():
    _, ax = plt.subplots()
    assert plot_top_classes([0.3, 0.7], ax=ax, k=2, title="sample 3") is ax
    assert ax.get_title() == "sample 3"


def test_bars_refuse_several_samples():
    with pytest.raises(ValueError, match="draws one sample"):
        plot_top_classes(PROBABILITIES)


@pytest.mark.parametrize(
    ("probability", "label"),
    [
        (0.0, "0 %"),
        (0.004, "0 %"),
        (0.5, "50 %"),
        (0.9949, "99 %"),
        (0.996, "99.6 %"),
        (0.9994, "99.9 %"),
        (0.9996, "> 99.9 %"),
        (1.0, "100 %"),
    ],
)
def test_percent_labels_never_round_doubt_to_certainty(probability, label):
    assert percent_label(probability) == label
