"""
==============================================
How two hidden units separate points on a line
==============================================

Points on a line belong to class A in the middle third and to class B on
both outer thirds. No single threshold on the line separates them. We train a
network with one hidden layer of only two units, once with each of three
activation functions, and watch how the hidden layer moves the points into
the plane until a straight line (the output unit) separates the classes, or
fails to.

The idea comes from Christopher Olah's essay `Neural Networks, Manifolds, and
Topology <https://colah.github.io/posts/2014-03-NN-Manifolds-Topology/>`_.
Everything here is small: the three recorded trainings of 1,500 epochs, the
twenty shorter ones of the last section and drawing the animation take about
a minute together on a laptop.
"""

# %%
# Two classes on a line
# ---------------------
# 1,800 evenly spaced points on [-1, 1]: class A on (-1/3, 1/3), class B on
# the rest. A seeded split keeps half of them for training and half for
# testing. The network sees a single number per point, its position ``x``.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import train_test_split

x = np.linspace(-1, 1, 1800)
y = (np.abs(x) < 1 / 3).astype(int)  # 1: class A, 0: class B
X = x.reshape(-1, 1)
train, test = train_test_split(np.arange(len(x)), train_size=0.5, random_state=2)
print(f"{len(train)} training and {len(test)} test points")
print(f"share of class A in the training half: {np.mean(y[train]):.3f}")
print(f"share of class A in the test half: {np.mean(y[test]):.3f}")

# %%
# Training one epoch at a time
# ----------------------------
# The three networks differ only by the activation function of their two
# hidden units. They start from the same random weights (``random_state=4``)
# and are trained by plain stochastic gradient descent with a learning rate of
# 0.02, as in the notebook this example revisits.
#
# :func:`mlpviz.snapshots.record_snapshots` trains a network with
# ``partial_fit``, one pass over the training points per call, in an order it
# shuffles itself from a seeded generator (``partial_fit`` would replay the
# same order every epoch). After the chosen epochs it keeps the network's
# weights and, through :func:`mlpviz.activations.layer_activations`, the
# values of every layer for all 1,800 points. One training run thus gives
# every picture below: every 10 epochs up to epoch 200, where the networks
# change fastest, then more and more sparsely up to epoch 1,500.
from sklearn.neural_network import MLPClassifier

from mlpviz.snapshots import record_snapshots

ACTIVATIONS = ["tanh", "identity", "relu"]
record_at = np.concatenate(
    [[1, 5], np.arange(10, 201, 10), [250, 300, 400, 500, 700, 1000, 1500]]
)

networks, snapshots = {}, {}
for activation in ACTIVATIONS:
    networks[activation] = MLPClassifier(
        hidden_layer_sizes=(2,),
        activation=activation,
        solver="sgd",
        learning_rate_init=0.02,
        shuffle=False,
        random_state=4,
    )
    snapshots[activation] = record_snapshots(
        networks[activation],
        X[train],
        y[train],
        n_epochs=1500,
        record_at=record_at,
        X_record=X,
        random_state=0,
    )


def test_accuracy(layers):
    """Accuracy on the test half, from the recorded output layer.

    The output unit gives the probability of class A (label 1).
    """
    return np.mean((layers[-1][test, 0] > 0.5) == y[test])


print(f"{len(record_at)} snapshots per network")

# %%
# The training, frame by frame
# ----------------------------
# Each row is one network. Left, the input: the line, orange where the points
# belong to class A, blue where they belong to B. Middle, the hidden layer:
# the line drawn at the values of hidden unit 1 and hidden unit 2 of its
# points, with the dashed line where the output unit is undecided
# (probability 1/2 for A). Right, the output: the probability of class A the
# network gives to each position ``x``. Use the player's buttons or slider to
# move through training.
from matplotlib.animation import FuncAnimation

PIECES = [
    (x <= -1 / 3, "tab:blue"),
    (np.abs(x) < 1 / 3, "tab:orange"),
    (x >= 1 / 3, "tab:blue"),
]


def draw_pieces(ax, u, v, lw=2):
    """Draw the points (u, v) of the line as three curves: B, A, B."""
    return [ax.plot(u[mask], v[mask], color=c, lw=lw)[0] for mask, c in PIECES]


def move_pieces(lines, u, v):
    for line, (mask, _) in zip(lines, PIECES, strict=True):
        line.set_data(u[mask], v[mask])


def decision_line(coefs, intercepts, xlim, ylim):
    """End points of the line where the output unit's input is zero."""
    (w1, w2), b = coefs[-1][:, 0], intercepts[-1][0]
    if abs(w2) >= abs(w1):
        h1 = np.array(xlim)
        return h1, -(b + w1 * h1) / w2
    h2 = np.array(ylim)
    return -(b + w2 * h2) / w1, h2


def hidden_limits(run):
    """Axis limits (x, then y) that hold the hidden layer at every snapshot."""
    hidden = np.concatenate([layers[1] for layers in run.activations])
    low, high = hidden.min(axis=0), hidden.max(axis=0)
    margin = 0.08 * np.maximum(high - low, 0.1)
    return np.column_stack([low - margin, high + margin])


fig_training, axes = plt.subplots(
    3,
    3,
    figsize=(9, 7.5),
    dpi=72,
    width_ratios=[0.6, 1, 1],
    layout="constrained",
)
artists = []
for row, activation in zip(axes, ACTIVATIONS, strict=True):
    run = snapshots[activation]
    first = run.activations[0]
    xlim, ylim = hidden_limits(run)
    draw_pieces(row[0], x, np.zeros_like(x), lw=4)
    row[0].set(xlabel="x", yticks=[])
    row[0].set_ylabel(activation, fontsize="large", fontweight="bold")
    hidden_lines = draw_pieces(row[1], *first[1].T)
    (boundary,) = row[1].plot([], [], "k--", lw=1)
    row[1].set(xlim=xlim, ylim=ylim, xlabel="hidden unit 1", ylabel="hidden unit 2")
    output_lines = draw_pieces(row[2], x, first[-1][:, 0])
    row[2].axhline(0.5, color="k", ls="--", lw=1)
    row[2].set(ylim=(-0.05, 1.05), xlabel="x", ylabel="probability of class A")
    artists.append((run, hidden_lines, boundary, output_lines, row[2], xlim, ylim))
for ax, title in zip(axes[0], ["input", "hidden layer", "output"], strict=True):
    ax.set_title(title, loc="left", fontweight="bold")


def show_snapshot(k):
    for run, hidden_lines, boundary, output_lines, ax, xlim, ylim in artists:
        layers = run.activations[k]
        move_pieces(hidden_lines, *layers[1].T)
        boundary.set_data(*decision_line(run.coefs[k], run.intercepts[k], xlim, ylim))
        move_pieces(output_lines, x, layers[-1][:, 0])
        ax.set_title(f"accuracy {test_accuracy(layers):.3f}", loc="right")
    fig_training.suptitle(
        f"Epoch {record_at[k]} of 1500 (orange: class A, blue: class B)"
    )


show_snapshot(0)
plt.rcParams["animation.html"] = "jshtml"  # a notebook shows the player
animation = FuncAnimation(
    fig_training, show_snapshot, frames=len(record_at), interval=250
)
animation

# %%
# After the first epoch all three networks call every point A (accuracy
# 0.307, the share of A in the test half). By epoch 5 they call every point
# B: the output is a nearly flat curve near 0.36, the share of A in the
# training half, and the accuracy 0.693. The tanh and ReLU networks leave
# that plateau between epochs 60 and 80, while the identity network stays on
# it to the end.
#
# Snapshots side by side
# ----------------------
# The hidden layer of every network at five moments of its training.
SHOWN_EPOCHS = [5, 60, 70, 100, 1500]

fig, axes = plt.subplots(3, 5, figsize=(12, 7.5), layout="constrained")
for row, activation in zip(axes, ACTIVATIONS, strict=True):
    run = snapshots[activation]
    xlim, ylim = hidden_limits(run)
    for ax, epoch in zip(row, SHOWN_EPOCHS, strict=True):
        k = int(np.flatnonzero(record_at == epoch)[0])
        layers = run.activations[k]
        draw_pieces(ax, *layers[1].T)
        line = decision_line(run.coefs[k], run.intercepts[k], xlim, ylim)
        ax.plot(*line, "k--", lw=1)
        ax.set(xlim=xlim, ylim=ylim, xticks=[], yticks=[])
        ax.set_title(f"epoch {epoch}\naccuracy {test_accuracy(layers):.3f}")
    row[0].set_ylabel(f"{activation}\nhidden unit 2")
for ax in axes[-1]:
    ax.set_xlabel("hidden unit 1")
fig.suptitle(
    "Hidden layer while training (orange: A, blue: B, dashed: output boundary)"
)
plt.show()

# sphinx_gallery_thumbnail_number = 2

# %%
# The line reaches the hidden layer as a curve: the image of ``x`` through
# the two units. The output unit can only cut the plane with a straight line,
# so the classes are separable exactly when some straight line puts the
# orange middle of that curve on one side and both blue ends on the other.
#
# The tanh and ReLU networks end with the same trick: they fold the line into
# an L, with class A at the corner and the two outer thirds on the two arms,
# and the output unit's line cuts the corner off.
#
# * **tanh** makes the corner by saturating: hidden unit 1 climbs from -1 to
#   1 around ``x = -1/3`` and hidden unit 2 around ``x = 1/3``, so the middle
#   third sits near the corner (1, -1).
# * **ReLU** makes it where the units switch on: one unit is zero left of the
#   middle, the other right of it, and in the middle both are near zero: A sits
#   at the origin, the two B thirds on the two axes.
# * **identity** can only stretch, turn and shift the line: its image is a
#   straight segment with the orange part in the middle, and no straight line
#   puts the middle of a segment on one side and both of its ends on the
#   other.
#
# How well each network does in the end
# -------------------------------------
import pandas as pd


def first_epoch_above(run, level=0.95):
    """First recorded epoch with a test accuracy of at least ``level``."""
    accuracies = np.array([test_accuracy(layers) for layers in run.activations])
    reached = np.flatnonzero(accuracies >= level)
    return run.epochs[reached[0]] if reached.size else "never"


pd.DataFrame(
    {
        "test accuracy": [networks[a].score(X[test], y[test]) for a in ACTIVATIONS],
        "final training loss": [snapshots[a].loss_curve[-1] for a in ACTIVATIONS],
        "first epoch at 0.95": [first_epoch_above(snapshots[a]) for a in ACTIVATIONS],
    },
    index=pd.Index(ACTIVATIONS, name="hidden activation"),
).round(3)

# %%
# Why the identity cannot do better
# ---------------------------------
# With the identity, each hidden unit is an affine function of ``x``, the
# output unit takes an affine function of those, and an affine function of an
# affine function is affine: the network computes ``logistic(a * x + c)``,
# which only increases or only decreases along the line. Whatever it learns,
# it predicts class A on one side of a single threshold. The best such rule
# on the test half:
x_test, y_test = x[test], y[test]
thresholds = np.concatenate([[-np.inf], np.sort(x_test)])
a_on_the_right = np.array([np.mean((x_test > t) == y_test) for t in thresholds])
best = max(a_on_the_right.max(), (1 - a_on_the_right).max())
print(f"best accuracy of a single threshold: {best:.3f}")
p_a = snapshots["identity"].activations[-1][-1][:, 0]
print(f"identity network: P(A) between {p_a.min():.3f} and {p_a.max():.3f}")

# %%
# A threshold gets at best the middle and one outer third right, or both
# outer thirds by answering B everywhere: about two thirds of the points, here
# 0.693. The classes are arranged symmetrically, so a slope would gain on one
# side what it loses on the other: the identity network learns almost none,
# gives every point about the share of class A in the training half (0.36)
# and answers B everywhere. Its 0.693 is the best a threshold can do.
#
# Does ReLU always manage?
# ------------------------
# Two units are the bare minimum to fold the line twice, and the starting
# weights matter. We train ten networks per activation, differing only by
# their ``random_state``, for 500 epochs each with ``fit`` (no snapshots
# needed here), and count for the ReLU networks the hidden units that output
# zero for every point of [-1, 1]: such a "dead" unit gets no gradient and
# never comes back.
import warnings

from sklearn.exceptions import ConvergenceWarning

from mlpviz.activations import layer_activations

seeds = range(10)
rows = []
for seed in seeds:
    row = {}
    for activation in ["tanh", "relu"]:
        mlp = MLPClassifier(
            hidden_layer_sizes=(2,),
            activation=activation,
            solver="sgd",
            learning_rate_init=0.02,
            max_iter=500,
            n_iter_no_change=500,  # never stop on the early loss plateau
            random_state=seed,
        )
        with warnings.catch_warnings():
            # 500 epochs are enough to separate the classes or to get stuck;
            # the optimizer has not converged in the strict sense.
            warnings.simplefilter("ignore", ConvergenceWarning)
            mlp.fit(X[train], y[train])
        hidden = layer_activations(mlp, X)[1]
        row[f"{activation} test accuracy"] = mlp.score(X[test], y[test])
        row[f"{activation} dead units"] = int(np.all(hidden == 0, axis=0).sum())
    rows.append(row)

sweep = pd.DataFrame(rows, index=pd.Index(seeds, name="random_state"))
for activation in ["tanh", "relu"]:
    separated = sweep[f"{activation} test accuracy"] > 0.95
    with_dead = sweep[f"{activation} dead units"] > 0
    print(
        f"{activation}: {separated.sum()} of {len(seeds)} networks separate the "
        f"classes; {with_dead.sum()} have a dead unit"
    )
sweep.round(3)

# %%
# All ten tanh networks separate the classes; only two of the ten ReLU
# networks do (``random_state=4``, the one animated above, and 8). Six of the
# eight others lost a unit: its kink moved outside [-1, 1] with its active
# side away from the data, so it outputs zero for every point. With one unit
# left the output is again monotone in ``x``, and the network is no better
# than a threshold: 0.693 or, since training minimises the log-loss rather
# than the number of errors, a little less (0.637). The remaining two kept
# both units but had not found the fold after 500 epochs. A tanh unit is never
# exactly flat, so it always passes some gradient back. Two units leave no
# room for a loss; a wider hidden layer has units to spare.
