"""Loss curves of fitted networks."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from mlpviz.training import plot_loss_curves


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=60, n_features=8, random_state=0)


def fit(data, **params):
    X, y = data
    return MLPClassifier(hidden_layer_sizes=(4,), random_state=0, **params).fit(X, y)


def test_one_line_per_model_from_epoch_one(data):
    models = {"sgd": fit(data, solver="sgd", max_iter=7), "adam": fit(data, max_iter=4)}
    ax = plot_loss_curves(models)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["sgd", "adam"]
    for line, model in zip(lines, models.values(), strict=True):
        np.testing.assert_array_equal(line.get_ydata(), model.loss_curve_)
        np.testing.assert_array_equal(
            line.get_xdata(), np.arange(1, len(model.loss_curve_) + 1)
        )
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["sgd", "adam"]
    assert ax.get_yscale() == "linear"


def test_log_scale_and_styles(data):
    _, ax = plt.subplots()
    model = fit(data, max_iter=3)
    returned = plot_loss_curves(
        {"adam": model}, ax=ax, log=True, styles={"adam": {"linestyle": "--"}}
    )
    assert returned is ax
    assert ax.get_yscale() == "log"
    assert ax.get_lines()[0].get_linestyle() == "--"
    assert "log scale" in ax.get_ylabel()


def test_lbfgs_has_no_loss_curve(data):
    model = fit(data, solver="lbfgs", max_iter=5)
    with pytest.raises(ValueError, match=r"'lbfgs' records none.*model\.loss_"):
        plot_loss_curves({"lbfgs": model})


def test_unfitted_model(data):
    with pytest.raises(NotFittedError, match="not fitted yet"):
        plot_loss_curves({"new": MLPClassifier()})


def test_not_a_network(data):
    X, y = data
    with pytest.raises(TypeError, match="Expected a scikit-learn MLPClassifier"):
        plot_loss_curves({"linear": LogisticRegression().fit(X, y)})


def test_nothing_to_draw():
    with pytest.raises(ValueError, match="models is empty"):
        plot_loss_curves({})
