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
# 0.02, as in the notebook this example revisits. Two hidden units do not
# always suffice: the last section shows that from most starting weights the
# ReLU network fails. We chose these starting weights because the ReLU network
# succeeds from them, and the build checks that it does.
#
# :func:`mlpviz.training.record_snapshots` trains a network with
# ``partial_fit``, one pass over the training points per call, in an order it
# shuffles itself from a seeded generator (``partial_fit`` would replay the
# same order every epoch). After the chosen epochs it keeps the network's
# weights and, through :func:`mlpviz.inspection.layer_activations`, the
# values of every layer for all 1,800 points. One training run thus gives
# every picture below: every 10 epochs up to epoch 200, where the networks
# change fastest, then more and more sparsely up to epoch 1,500.
from sklearn.neural_network import MLPClassifier

from mlpviz.training import record_snapshots

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
from matplotlib.ticker import MaxNLocator

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
    # Few ticks: every frame draws them again.
    row[0].set(xlabel="x", xticks=[-1, 0, 1], yticks=[])
    row[0].set_ylabel(activation, fontsize="large", fontweight="bold")
    hidden_lines = draw_pieces(row[1], *first[1].T)
    (boundary,) = row[1].plot([], [], "k--", lw=1)
    row[1].set(xlim=xlim, ylim=ylim, xlabel="hidden unit 1", ylabel="hidden unit 2")
    row[1].xaxis.set_major_locator(MaxNLocator(3))
    row[1].yaxis.set_major_locator(MaxNLocator(3))
    output_lines = draw_pieces(row[2], x, first[-1][:, 0])
    row[2].axhline(0.5, color="k", ls="--", lw=1)
    row[2].set(ylim=(-0.05, 1.05), xlabel="x", ylabel="probability of class A")
    row[2].set(xticks=[-1, 0, 1], yticks=[0, 0.5, 1])
    row[2].set_title("accuracy 0.000", loc="right")  # room for the numbers
    artists.append((run, hidden_lines, boundary, output_lines, row[2], xlim, ylim))
for ax, title in zip(axes[0], ["input", "hidden layer", "output"], strict=True):
    ax.set_title(title, loc="left", fontweight="bold")
fig_training.suptitle(
    "Three networks while training (orange: class A, blue: class B)",
    x=0.02,
    ha="left",
)
epoch_text = fig_training.text(0.98, 0.98, "", ha="right", va="top", size="large")
# Lay the figure out once: the frames only move lines and change numbers, so
# they can keep that layout instead of computing it again for every frame.
fig_training.draw_without_rendering()
fig_training.set_layout_engine("none")


def show_snapshot(k):
    for run, hidden_lines, boundary, output_lines, ax, xlim, ylim in artists:
        layers = run.activations[k]
        move_pieces(hidden_lines, *layers[1].T)
        boundary.set_data(*decision_line(run.coefs[k], run.intercepts[k], xlim, ylim))
        move_pieces(output_lines, x, layers[-1][:, 0])
        ax.set_title(f"accuracy {test_accuracy(layers):.3f}", loc="right")
    epoch_text.set_text(f"epoch {record_at[k]} of 1500")


show_snapshot(0)
plt.rcParams["animation.html"] = "jshtml"  # a notebook shows the player
animation = FuncAnimation(
    fig_training, show_snapshot, frames=len(record_at), interval=250
)
# sphinx_gallery_start_ignore
final = {a: test_accuracy(snapshots[a].activations[-1]) for a in ACTIVATIONS}
fig_training.set_label(
    f"{len(record_at)} frames, epochs {record_at[0]} to {record_at[-1]}. All three "
    "networks first call every point A, then by epoch 5 every point B; then tanh "
    "and ReLU fold the line into an L in the hidden layer, reaching accuracies "
    f"{final['tanh']:.3f} and {final['relu']:.3f}, while identity stays straight, "
    f"at {final['identity']:.3f}."
)
# sphinx_gallery_end_ignore
animation

# %%
# What the frames show at the start of the training, and when each network
# leaves the state it falls into after a few epochs:
accuracy = {
    a: np.array([test_accuracy(layers) for layers in snapshots[a].activations])
    for a in ACTIVATIONS
}
all_b = np.mean(y[test] == 0)  # the accuracy of answering B everywhere
left_plateau = {}
for activation in ACTIVATIONS:
    run = snapshots[activation]
    fifth_output = run.activations[1][-1][:, 0]
    print(
        f"{activation}: epoch 1 accuracy {accuracy[activation][0]:.3f}; epoch 5 "
        f"output from {fifth_output.min():.3f} to {fifth_output.max():.3f}, "
        f"accuracy {accuracy[activation][1]:.3f}"
    )
    off = np.flatnonzero((record_at > 5) & (accuracy[activation] > all_b + 0.005))
    if off.size:
        k = off[0]
        left_plateau[activation] = record_at[k]
        before, after = record_at[k - 1], record_at[k]
        print(f"   leaves that plateau between epochs {before} and {after}")
    else:
        print("   stays on it to the end")
# sphinx_gallery_start_ignore
for activation in ACTIVATIONS:
    run = snapshots[activation]
    first_output, fifth_output = (run.activations[k][-1][:, 0] for k in (0, 1))
    assert np.all(first_output > 0.5), "claim: after epoch 1 every point is called A"
    assert np.all(fifth_output < 0.5), "claim: by epoch 5 every point is called B"
    assert fifth_output.max() < np.mean(y[train]) + 0.02, (
        "claim: at epoch 5 no output exceeds the share of A in training by much"
    )
assert list(left_plateau) == ["tanh", "relu"], "claim: tanh and relu leave the plateau"
# sphinx_gallery_end_ignore

# %%
# After the first epoch all three networks call every point A (their
# accuracy is the share of A in the test half, printed at the top). By epoch
# 5 they call every point B, and their accuracy is the share of B in the test
# half: every output lies below 1/2, at most about the share of A in the
# training half, which is the best constant answer for the log-loss. The tanh
# network's output is nearly flat there; the other two already slope towards
# one end of the line. The tanh and ReLU networks leave that plateau a few
# dozen epochs later, between the epochs printed above, while the identity
# network stays on it to the end.
#
# Snapshots side by side
# ----------------------
# The hidden layer of every network at five moments of its training, chosen
# from the accuracies: epoch 5, on the plateau; the last recorded epoch before
# the first network leaves it; the first at which both tanh and ReLU have
# left it; the first at which both reach an accuracy of 0.95; the end.
separated = (accuracy["tanh"] >= 0.95) & (accuracy["relu"] >= 0.95)
SHOWN_EPOCHS = [
    5,
    record_at[record_at < min(left_plateau.values())].max(),
    max(left_plateau.values()),
    record_at[np.argmax(separated)],
    1500,
]
SHOWN_EPOCHS = [int(epoch) for epoch in SHOWN_EPOCHS]
print(f"epochs shown: {SHOWN_EPOCHS}")
assert separated.any() and np.all(np.diff(SHOWN_EPOCHS) > 0), "five distinct epochs"

fig, axes = plt.subplots(3, 5, figsize=(10, 7.2), layout="constrained")
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
# sphinx_gallery_start_ignore
fig.set_label(
    "The hidden layer of the tanh, identity and ReLU networks at epochs "
    f"{', '.join(map(str, SHOWN_EPOCHS))}: the tanh and ReLU curves fold into an L "
    "whose corner, class A, the dashed output line cuts off; the identity's stays "
    "a straight segment."
)
# sphinx_gallery_end_ignore
plt.show()

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_tags = ["synthetic data", "MLPClassifier", "activations", "animation"]

# %%
# The line reaches the hidden layer as a curve: the image of ``x`` through
# the two units. The output unit can only cut the plane with a straight line,
# so the classes are separable exactly when some straight line puts the
# orange middle of that curve on one side and both blue ends on the other.
#
# The tanh and ReLU networks end with the same trick: they fold the line into
# an L, with class A at the corner and the two outer thirds on the two arms,
# and the output unit's line cuts the corner off. Where each of their hidden
# units switches along the line, at the end of the training:
middle = np.abs(x) < 1 / 3
outer = {"left": x <= -1 / 3 - 0.05, "right": x >= 1 / 3 + 0.05}
tanh_hidden = snapshots["tanh"].activations[-1][1]
for unit, values in enumerate(tanh_hidden.T, start=1):
    switch = x[np.argmin(np.abs(values))]
    print(
        f"tanh unit {unit}: from {values[0]:.2f} at x = -1 to {values[-1]:.2f} at "
        f"x = 1, crosses 0 at x = {switch:.2f}, middle third at "
        f"{values[middle].mean():.2f}"
    )
relu_hidden = snapshots["relu"].activations[-1][1]
for unit, values in enumerate(relu_hidden.T, start=1):
    zero_on = [side for side, where in outer.items() if np.all(values[where] == 0)]
    print(
        f"relu unit {unit}: zero on the {' and '.join(zero_on) or 'no'} outer "
        f"third, largest value {values.max():.2f}, at most "
        f"{values[middle].max():.2f} on the middle third"
    )
# sphinx_gallery_start_ignore
for values in tanh_hidden.T:
    switch = x[np.argmin(np.abs(values))]
    assert min(abs(switch - 1 / 3), abs(switch + 1 / 3)) < 0.1, (
        "claim: each tanh unit switches near a class border"
    )
    assert abs(values[0]) > 0.9 and abs(values[-1]) > 0.9, "claim: tanh saturates"
    assert abs(values[middle].mean()) > 0.8, "claim: the middle third is at a corner"
zero_sides = []
for values in relu_hidden.T:
    zero_on = [side for side, where in outer.items() if np.all(values[where] == 0)]
    zero_sides += zero_on
    assert values[middle].max() < 0.2 * values.max(), "claim: both small in the middle"
assert sorted(zero_sides) == ["left", "right"], "claim: one unit zero on each side"
# sphinx_gallery_end_ignore

# %%
# * **tanh** makes the corner by saturating: each unit switches between -1
#   and 1 near one of the two class borders ``x = -1/3`` and ``x = 1/3``, so
#   the middle third sits near a corner of the square and each outer third
#   on one of its sides.
# * **ReLU** makes it where the units switch on: one unit is zero on the left
#   outer third, the other on the right one, and in the middle both are near
#   zero: A sits near the origin, the two B thirds on the two axes.
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


final_accuracy = {a: networks[a].score(X[test], y[test]) for a in ACTIVATIONS}
# sphinx_gallery_start_ignore
assert final_accuracy["relu"] > 0.95, "claim: from random_state=4 relu separates"
# sphinx_gallery_end_ignore
pd.DataFrame(
    {
        "test accuracy": list(final_accuracy.values()),
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
# sphinx_gallery_start_ignore
assert best == all_b, "claim: no threshold beats answering B everywhere"
assert np.all(np.abs(p_a - np.mean(y[train])) < 0.05), (
    "claim: the identity network gives every point about the share of A"
)
assert accuracy["identity"][-1] == best, "claim: the identity network reaches it"
# sphinx_gallery_end_ignore

# %%
# A threshold gets at best the middle and one outer third right, or both
# outer thirds by answering B everywhere: about two thirds of the points, and
# on this test half answering B everywhere is best. The classes are arranged
# symmetrically, so a slope would gain on one side what it loses on the
# other: the identity network learns almost none, gives every point about
# the share of class A in the training half and answers B everywhere, which
# is the best a threshold can do.
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

from mlpviz.inspection import layer_activations

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
separates = {a: sweep[f"{a} test accuracy"] > 0.95 for a in ["tanh", "relu"]}
dead = sweep["relu dead units"] > 0
stuck = ~separates["relu"] & ~dead
for activation, found in separates.items():
    print(f"{activation}: random states that separate: {list(sweep.index[found])}")
print(f"relu with a dead unit: {list(sweep.index[dead])}")
print(f"relu with both units alive but not separating: {list(sweep.index[stuck])}")
dead_accuracies = sorted(set(sweep["relu test accuracy"][dead].round(3)))
print(f"accuracies with a dead unit: {dead_accuracies}")
# sphinx_gallery_start_ignore
assert separates["tanh"].all(), "claim: every tanh network separates"
assert separates["relu"].sum() <= 3, "claim: only a few relu networks separate"
assert dead.sum() > stuck.sum(), "claim: most failures lost a unit"
assert np.all(sweep["relu test accuracy"][dead] <= best), "claim: dead = threshold"
# sphinx_gallery_end_ignore
sweep.round(3)

# %%
# All the tanh networks separate the classes, and only a few of the ReLU
# networks do (the lists above). Most of the others lost a unit: its kink
# moved outside [-1, 1] with its active side away from the data, so it
# outputs zero for every point. With one unit left the output is again
# monotone in ``x``, and the network is no better than a threshold: the
# threshold's accuracy or, since training minimises the log-loss rather than
# the number of errors, a little less. The remaining ones kept both units
# but had not found the fold after 500 epochs. A tanh unit is never exactly
# flat, so it always passes some gradient back. Two units leave no room for a
# loss; a wider hidden layer has units to spare.
