"""The reproduction of scikit-learn's MNIST example prints its published output."""

import runpy
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

GALLERY = Path(__file__).parents[1] / "gallery"

# scikit-learn's "Visualization of MLP weights on MNIST", as published.
PUBLISHED_LOSSES = [
    "Iteration 1, loss = 0.44139186",
    "Iteration 2, loss = 0.19174891",
    "Iteration 3, loss = 0.13983521",
    "Iteration 4, loss = 0.11378556",
    "Iteration 5, loss = 0.09443967",
    "Iteration 6, loss = 0.07846529",
    "Iteration 7, loss = 0.06506307",
    "Iteration 8, loss = 0.05534985",
]
PUBLISHED_SCORES = {"Training set score": "0.986429", "Test set score": "0.953061"}


def test_mnist_filters_example_prints_the_published_numbers(mnist, capsys, monkeypatch):
    monkeypatch.setattr(plt, "show", lambda: plt.close("all"))
    runpy.run_path(str(GALLERY / "weights_as_images" / "plot_mnist_filters.py"))
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("Iteration")] == PUBLISHED_LOSSES
    scores = dict(line.split(": ") for line in lines if "set score" in line)
    assert scores == PUBLISHED_SCORES
