"""
=======================================
Do weights get smoother with training?
=======================================

The weight images of a briefly trained network look grainy, and the usual
explanation is that longer training gives smoother weights. This example
tests that claim. It trains the variant of scikit-learn's MNIST example
that trains on the standard 60,000 training images and tests on the
10,000 test images: 50 hidden units, 10 iterations, learning rate 0.1. It
then trains the same network forty iterations further, and compares the
same units' weights after 10 and after 50 iterations, with a number for
their smoothness.

To see what happens after many more iterations, set
``LONG_ITERATIONS = 200`` below: four times as much training.
"""

# %%
# Load the standard split
# -----------------------
# :func:`~mlpviz.datasets.load_mnist_split` returns MNIST's official
# training set, 60,000 images, and its test set, 10,000 images written by
# other people. The pixels are scaled to [0, 1] and stored as 32-bit floats:
# scikit-learn's MLP then computes in single precision, which is faster than
# NumPy's default double precision and changes the numbers below only
# slightly, not what they show.
import copy
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from mlpviz.datasets import load_mnist_split
from mlpviz.images import plot_weight_images, weight_roughness
from mlpviz.inspection import first_layer_weights

# sphinx_gallery_tags = ["MNIST", "MLPClassifier", "weight images"]

(X_train, y_train), (X_test, y_test) = load_mnist_split()

# %%
# Ten iterations
# --------------
SHORT_ITERATIONS = 10
LONG_ITERATIONS = 50

mlp = MLPClassifier(
    hidden_layer_sizes=(50,),
    max_iter=SHORT_ITERATIONS,
    alpha=1e-4,
    solver="sgd",
    tol=1e-4,
    learning_rate_init=0.1,
    random_state=1,
    verbose=10,
)
# Ten iterations stop before the loss has settled; the warning is expected.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    mlp.fit(X_train, y_train)
short = copy.deepcopy(mlp)

# %%
# Forty iterations more
# ---------------------
# ``short`` keeps a copy of the network after ten iterations. With
# ``warm_start=True``, ``fit`` continues from the current weights instead of
# drawing new ones, so the long training begins exactly where the short one
# stopped (only the momentum of the gradient descent starts again from
# zero).
long = mlp.set_params(
    warm_start=True, max_iter=LONG_ITERATIONS - SHORT_ITERATIONS, verbose=0
)
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    long.fit(X_train, y_train)
print(f"Loss after {len(long.loss_curve_)} iterations: {long.loss_:.5f}")

# %%
# Scores and smoothness
# ---------------------
# The smoothness measure is :func:`~mlpviz.images.weight_roughness`: the
# mean squared difference between neighbouring pixels divided by the mean
# squared weight. Pure pixel noise scores about 2, a smooth image close to 0.
models = {SHORT_ITERATIONS: short, LONG_ITERATIONS: long}
summary = pd.DataFrame(
    {
        "final loss": [m.loss_ for m in models.values()],
        "training accuracy": [m.score(X_train, y_train) for m in models.values()],
        "test accuracy": [m.score(X_test, y_test) for m in models.values()],
        "median roughness": [
            np.median(weight_roughness(first_layer_weights(m))) for m in models.values()
        ],
        "largest |weight|": [np.abs(m.coefs_[0]).max() for m in models.values()],
    },
    index=pd.Index(list(models), name="iterations"),
)
# sphinx_gallery_start_ignore
before, after = summary.loc[SHORT_ITERATIONS], summary.loc[LONG_ITERATIONS]
assert after["final loss"] < before["final loss"] / 10, "claim: loss falls tenfold"
assert round(after["training accuracy"], 4) == 1, "claim: training accuracy 100 %"
assert abs(after["test accuracy"] - before["test accuracy"]) < 0.01, (
    "claim: the test accuracy moves by less than a point"
)
assert after["largest |weight|"] > before["largest |weight|"], "claim: weights grow"
assert after["median roughness"] > before["median roughness"], (
    "claim: the weights get rougher, not smoother"
)
# sphinx_gallery_end_ignore
summary.round(4)

# %%
# Five times more training drives the training loss down more than tenfold
# and the training accuracy to 100 % (to the four digits shown), while the
# test accuracy moves by less than a point: the network spends the extra
# iterations learning its training images by heart. The largest weight
# grows. And the median roughness goes *up*: by this measure the weights
# become rougher, not smoother. The pictures show why.
#
# The same units, side by side
# ----------------------------
# Each grid has its own colour scale, symmetric around zero and saturated at
# half its largest weight, as in scikit-learn's example. Unit ``k`` of the
# left grid and unit ``k`` of the right grid are the same unit, ten and fifty
# iterations into training.
units = np.arange(16)
fig = plt.figure(figsize=(10, 5.6), layout="constrained")
for subfig, (iterations, model) in zip(fig.subfigures(1, 2), models.items()):
    axes = subfig.subplots(4, 4)
    plot_weight_images(first_layer_weights(model)[units], axes=axes, saturation=0.5)
    subfig.suptitle(
        f"After {iterations} iterations: test accuracy "
        f"{summary.loc[iterations, 'test accuracy']:.3f}",
        fontsize="medium",
    )
fig.suptitle("First-layer weights of the same 16 units, 10 and 50 iterations in")
plt.show()

same_layout = [
    np.corrcoef(a, b)[0, 1]
    for a, b in zip(
        first_layer_weights(short)[units], first_layer_weights(long)[units], strict=True
    )
]
print(f"correlation of each unit's weights, 10 vs 50: at least {min(same_layout):.2f}")
# sphinx_gallery_start_ignore
assert min(same_layout) > 0.8, "claim: every unit keeps its overall layout"
fig.set_label(
    f"The same {len(units)} units' weights after {SHORT_ITERATIONS} and after "
    f"{LONG_ITERATIONS} iterations, side by side. Each unit keeps its layout "
    f"(correlation at least {min(same_layout):.2f}), but its strokes break up into "
    "smaller patches of alternating sign; the speckled frame stays."
)
# sphinx_gallery_end_ignore

# %%
# Every unit keeps its overall layout (its weights after 10 and after 50
# iterations are strongly correlated, as printed), so the first ten
# iterations decided what each unit looks for. What the next forty add is
# detail: the strokes break up into smaller patches of alternating sign,
# finer than the pen strokes of a digit. That is what a network fitting
# individual training images looks like, and it matches the rising
# roughness and the stalled test accuracy. The claim that longer training
# gives smoother weights does not hold for this network and learning rate.
# The faint speckle around the digits is still there in both grids.
#
# Where training changes nothing
# ------------------------------
# A weight changes only when its pixel carries ink in some training image:
# the gradient of a weight is proportional to its input. The left image below
# counts how many training images have ink on each pixel, the right one how
# far the weights moved, on average over the 50 units, between iteration 10
# and iteration 50.
weights_short, weights_long = first_layer_weights(short), first_layer_weights(long)
ink_fraction = (X_train > 0).mean(axis=0)
change = np.abs(weights_long - weights_short).mean(axis=0)
never_inked = ink_fraction == 0

fig, (ax_ink, ax_change) = plt.subplots(1, 2, figsize=(9, 4), layout="constrained")
image = ax_ink.imshow(ink_fraction.reshape(28, 28), cmap="magma")
fig.colorbar(image, ax=ax_ink, label="fraction of training images")
ax_ink.set_title("Pixels with ink")
image = ax_change.imshow(change.reshape(28, 28), cmap="magma")
fig.colorbar(image, ax=ax_change, label="mean |weight change|")
ax_change.set_title(f"Weight change, iteration {SHORT_ITERATIONS} to {LONG_ITERATIONS}")
for ax in (ax_ink, ax_change):
    ax.set_axis_off()
plt.show()

largest_blank_change = np.abs(weights_long - weights_short)[:, never_inked].max()
print(f"correlation of the two maps: {np.corrcoef(ink_fraction, change)[0, 1]:.2f}")
print(f"{never_inked.sum()} of 784 pixels never carry ink in the training set")
print(f"Largest change of their weights: {largest_blank_change:.2e}")
print(f"Largest change elsewhere: {change.max():.2e} on average over units")
# sphinx_gallery_start_ignore
assert np.corrcoef(ink_fraction, change)[0, 1] > 0.7, "claim: the two maps match"
assert change.max() > 100 * largest_blank_change, (
    "claim: weights without ink move hundreds of times less"
)
blank_short, blank_long = weights_short[:, never_inked], weights_long[:, never_inked]
assert np.all(np.abs(blank_long) <= np.abs(blank_short)), (
    "claim: the L2 penalty only shrinks the weights of blank pixels"
)
fig.set_label(
    "Two maps of the 28x28 square: the fraction of training images with ink on "
    f"each pixel, and how far the weights moved there from iteration "
    f"{SHORT_ITERATIONS} to {LONG_ITERATIONS}. They match (correlation "
    f"{np.corrcoef(ink_fraction, change)[0, 1]:.2f}): the border, never inked, "
    "barely moves."
)
# sphinx_gallery_end_ignore

# %%
# The two maps match: weights move where digits have ink and stay where they
# never do. The weights of the pixels that never carry ink in any training
# image moved hundreds of times less than the others (the largest changes
# are printed above), and every one of them shrank: that is the L2 penalty
# (``alpha=1e-4``) slowly pulling them toward zero, with no gradient from
# the data to oppose it. The speckle around the digits is therefore the
# network's random starting point, not something it learned, and training
# cannot remove it. It fades from view only when the learned weights grow
# large enough to dwarf it.
#
# In short: on this network, longer training makes the weight images bolder
# and more detailed, not smoother. The extra detail fits the training set
# and does little for the test set.
