"""
======================================
First-layer weights of an MLP on MNIST
======================================

A hidden unit in the first layer of a multi-layer perceptron multiplies every
input pixel by a weight of its own and adds the products up. With 28x28 MNIST
images there are 784 weights per unit, one per pixel, so each unit's weights
can be drawn as a 28x28 picture: the pattern of ink that the unit responds to.

This example reproduces scikit-learn's "Visualization of MLP weights on
MNIST" with the same split, network and settings, and prints the same losses
and scores. Like the original it is deliberately short, 40 hidden units
trained for 8 passes over 30 % of the data, and the build checks that
its numbers are still the published ones. The next example trains longer on
the full training set.
"""

# %%
# Load the digits
# ---------------
# :func:`~mlpviz.datasets.load_mnist` returns the 70,000 MNIST images in the
# row order of OpenML's ``mnist_784``, after checking the SHA-256 of every
# source file. The pixels are grey levels from 0 to 255; we scale them to
# [0, 1], as the network trains best on small inputs. They stay in NumPy's
# default 64-bit floats: given 32-bit floats, scikit-learn's MLP computes in
# single precision, faster, but its losses would then drift from the
# published ones from the fourth pass on.
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from mlpviz.datasets import load_mnist
from mlpviz.images import plot_weight_images
from mlpviz.inspection import first_layer_weights

# sphinx_gallery_tags = ["MNIST", "MLPClassifier", "weight images"]

X, y = load_mnist(return_X_y=True)
X = X / 255.0

# The original example trains on 30 % of the images and tests on the rest.
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.7, random_state=0)
print(f"{len(X_train)} training images, {len(X_test)} test images")

# %%
# Train a small network for a few iterations
# ------------------------------------------
# One hidden layer of 40 units, trained by stochastic gradient descent with a
# large learning rate for only 8 passes over the training images.
mlp = MLPClassifier(
    hidden_layer_sizes=(40,),
    max_iter=8,
    alpha=1e-4,
    solver="sgd",
    verbose=10,
    random_state=1,
    learning_rate_init=0.2,
)

# Eight iterations are too few to converge, on purpose, as in the original:
# the ConvergenceWarning that says so is expected.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    mlp.fit(X_train, y_train)

train_score, test_score = mlp.score(X_train, y_train), mlp.score(X_test, y_test)
print(f"Training set score: {train_score:f}")
print(f"Test set score: {test_score:f}")
n_parameters = sum(array.size for array in mlp.coefs_ + mlp.intercepts_)
print(f"{n_parameters} weights and biases")

# sphinx_gallery_start_ignore
# The output published with scikit-learn's example, which this one reproduces.
PUBLISHED_LOSSES = ["0.44139186", "0.19174891", "0.13983521", "0.11378556",
                    "0.09443967", "0.07846529", "0.06506307", "0.05534985"]  # fmt: skip
PUBLISHED_SCORES = ["0.986429", "0.953061"]
losses = [f"{loss:.8f}" for loss in mlp.loss_curve_]
assert losses == PUBLISHED_LOSSES, "claim: the losses are the published ones"
scores = [f"{train_score:f}", f"{test_score:f}"]
assert scores == PUBLISHED_SCORES, "claim: the scores are the published ones"
assert len(X_train) < n_parameters, "claim: fewer training images than parameters"
# sphinx_gallery_end_ignore

# %%
# The losses and scores are, to every printed digit, those that scikit-learn
# publishes for its example (the build checks them): a loss of
# 0.441 after the first pass falling to 0.055 after the eighth, 98.6 % of the
# training images and 95.3 % of the test images classified correctly. The
# gap of 3.3 points between the two is a first hint of overfitting: there
# are fewer training images than weights and biases (both numbers are
# printed above).
#
# Draw the weights
# ----------------
# Each of the 16 images below is one hidden unit. A pixel's grey level is the
# weight that the unit gives to that pixel: white pixels push the unit's
# output up when they carry ink, black ones push it down, mid-grey ones are
# ignored. As in the original, all images share one scale, clipped at half of
# the most extreme weights so that the bulk of the weights is not washed out.
weights = first_layer_weights(mlp)
axes = plot_weight_images(
    weights[:16],
    ncols=4,
    cmap="gray",
    vmin=0.5 * weights.min(),
    vmax=0.5 * weights.max(),
)
axes[0, 0].figure.suptitle("First-layer weights of 16 hidden units")
# sphinx_gallery_start_ignore
axes[0, 0].figure.set_label(
    f"The first-layer weights of {len(axes.flat)} of the {len(weights)} hidden "
    "units as 28x28 grey images. Most show a blurred stroke or blob, light on one "
    "side and dark on the other; a few are only speckle, and every image has a "
    "speckled frame."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Most units show a blurred stroke or blob in the middle of the square,
# light on one side and dark on the other: a detector for ink in one place
# and its absence in another. A few show nothing but speckle, and every
# image has a speckled frame. Speckle is what the weights looked like before
# training: scikit-learn draws them at random, independently for every
# pixel. To tell what training changed, we need that starting point.
#
# Where the weights started
# -------------------------
# A network with the same ``random_state`` draws the same starting weights.
# Trained for one pass with a learning rate of 1e-12, too small to move them
# measurably, it keeps them: its weights are the starting point of ``mlp``.
# For each of the 16 units above we measure how far its weights moved,
# relative to their starting size, and how large its outgoing weights (to
# the ten outputs) are.
initial = clone(mlp).set_params(learning_rate_init=1e-12, max_iter=1, verbose=0)
with warnings.catch_warnings():
    # One pass is not convergence either; expected.
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    initial.fit(X_train, y_train)
start = first_layer_weights(initial)

shown = np.arange(16)
moved = np.linalg.norm(weights - start, axis=1) / np.linalg.norm(start, axis=1)
outgoing = np.linalg.norm(mlp.coefs_[1], axis=1)
still = shown[moved[shown] < 0.5]
for unit in still:
    row, column = divmod(unit, 4)
    print(
        f"unit {unit} (row {row + 1}, column {column + 1} of the grid): moved by "
        f"{moved[unit]:.0%} of its starting size; outgoing weights {outgoing[unit]:.2f}"
    )
print(
    f"median of the 16 units: moved by {np.median(moved[shown]):.0%}; "
    f"outgoing weights {np.median(outgoing[shown]):.2f}"
)

never_inked = ~(X_train > 0).any(axis=0)
rows, columns = np.divmod(np.flatnonzero(never_inked), 28)
distance_to_edge = np.minimum.reduce([rows, columns, 27 - rows, 27 - columns])
change = np.abs(weights - start)
print(
    f"{never_inked.sum()} of 784 pixels carry no ink in any training image, "
    f"{np.sum(distance_to_edge == 0)} of the 108 on the outer frame among them"
)
print(f"largest change of their weights: {change[:, never_inked].max():.1e}")
print(f"largest change of the other weights: {change[:, ~never_inked].max():.2f}")
# sphinx_gallery_start_ignore
assert 1 <= len(still) <= 3, "claim: a few units moved by less than half"
assert np.median(moved[shown]) > 1, "claim: the median unit moved by more than 100 %"
assert np.all(outgoing[still] < 0.5 * np.median(outgoing[shown])), (
    "claim: the output layer gives the speckled units small weights"
)
assert distance_to_edge.max() <= 2, "claim: blank pixels lie in the 3 outer rings"
assert change[:, ~never_inked].max() > 1000 * change[:, never_inked].max(), (
    "claim: weights of pixels without ink changed a thousand times less"
)
# sphinx_gallery_end_ignore

# %%
# The speckled units printed above are the ones whose weights moved by less
# than half of their starting size, against more than their starting size
# for the median unit: they are still close to where they began. Their
# outgoing weights are less than half the median: the output layer learned
# to make little use of them. The speckled frame has a simpler cause.
# A weight's gradient is proportional to its pixel's value, so a pixel that
# is blank in every training image gives its weights no gradient: only the
# small L2 penalty (``alpha``) pulls at them. The pixels without ink, all in
# the three outermost rows and columns, kept their starting weights
# to within the tiny change printed above, more than a thousand times less
# than the largest change elsewhere. (Not the whole frame is blank, though:
# some digits reach the outermost rows and columns.) Whether more training
# would make the pictures less grainy is the question of the next example.
#
# What a unit does with a digit
# -----------------------------
# The unit's input is the sum, over all pixels, of pixel value times weight,
# plus a bias. Multiplying a test digit by the weights pixel by pixel shows
# where that sum comes from: the red pixels add to it, the blue ones
# subtract. We pick the unit that this digit excites most.
digit = X_test[0]
pre_activations = digit @ weights.T + mlp.intercepts_[0]
unit = int(np.argmax(pre_activations))
contribution = digit * weights[unit]

fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), layout="constrained")
axes[0].imshow(digit.reshape(28, 28), cmap="gray_r")
axes[0].set_title(f"Test digit (a {y_test[0]})")
axes[0].set_axis_off()
plot_weight_images(weights[unit], axes=axes[1:2], colorbar=False)
axes[1].set_title(f"Weights of unit {unit}")
plot_weight_images(contribution, axes=axes[2:], colorbar_label="pixel x weight")
axes[2].set_title("Pixel x weight")
fig.suptitle(
    f"Unit {unit} receives {pre_activations[unit]:.2f} from this digit; "
    f"{np.sum(pre_activations > 0)} of 40 units are active"
)
plt.show()

positive, negative = contribution[contribution > 0], contribution[contribution < 0]
print(f"{positive.size} positive products, adding up to {positive.sum():.2f}")
print(f"{negative.size} negative products, adding up to {negative.sum():.2f}")
print(f"bias of unit {unit}: {mlp.intercepts_[0][unit]:.2f}")
# sphinx_gallery_start_ignore
darkest_row, darkest_column = divmod(int(np.argmin(weights[unit])), 28)
assert y_test[0] == 0 and digit[np.argmin(weights[unit])] == 0, (
    "claim: the unit's most negative weight falls in this zero's hole, blank"
)
assert 8 <= darkest_row <= 19 and 8 <= darkest_column <= 19, (
    "claim: the unit's most negative weight lies in the middle of the square"
)
assert positive.size > negative.size and positive.sum() > 2 * -negative.sum(), (
    "claim: most ink falls on positive weights, whose products far outweigh"
)
assert np.sum(pre_activations > 0) < 20, "claim: fewer than half the units respond"
fig.set_label(
    f"A test digit (a {y_test[0]}), the weights of unit {unit}, and their product "
    "pixel by pixel. The product is zero wherever the digit is blank; most ink "
    f"falls on positive weights, adding {positive.sum():.2f} against "
    f"{negative.sum():.2f}."
)
# sphinx_gallery_end_ignore

# %%
# Only pixels with ink contribute: the product is zero wherever the digit is
# blank, however large the weight there. The unit's most negative weight,
# the darkest blue of the middle panel, lies in the middle of the square,
# where a zero has its hole and this one has no ink. Most of this zero's ink
# falls on positive weights, and the positive products outweigh the negative
# ones by far (the sums are printed above). Each unit passes its input
# through the ReLU, ``max(0, x)``, so it responds only when the digit's ink
# falls mostly on its positive weights; the title counts the units that
# respond to this digit, fewer than half of the 40. The output layer then
# weighs the responses of the active units to score each digit.
