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
and scores. Like the original it is deliberately short: 40 hidden units
trained for 8 passes over 30 % of the data, so it runs in seconds. The next
example trains longer on the full training set.
"""

# %%
# Load the digits
# ---------------
# :func:`~mlpviz.datasets.load_mnist` returns the 70,000 MNIST images in the
# row order of OpenML's ``mnist_784``, after checking the SHA-256 of every
# source file. The pixels are grey levels from 0 to 255; we scale them to
# [0, 1], as the network trains best on small inputs.
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from mlpviz.datasets import load_mnist
from mlpviz.weights import first_layer_weights, plot_weight_images

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

# Eight iterations are too few to converge, on purpose: the example must
# build in seconds. The ConvergenceWarning says so, and is expected.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    mlp.fit(X_train, y_train)

print(f"Training set score: {mlp.score(X_train, y_train):f}")
print(f"Test set score: {mlp.score(X_test, y_test):f}")

# %%
# The losses and scores are those that scikit-learn publishes for its
# example: a loss of 0.441 after the first pass falling to 0.055 after the
# eighth, 98.6 % of the training images and 95.3 % of the test images
# classified correctly. The gap of three points between the two is a first
# hint of overfitting: 21,000 images are few for 31,810 parameters.
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
plt.show()

# %%
# Most units show a blurred stroke or blob in the middle of the square,
# light on one side and dark on the other: a detector for ink in one place
# and its absence in another. A few units, such as the third of the second
# row, show nothing but speckle: their weights hardly moved from where they
# started. The speckled frame around every image is that random starting
# point too. No digit has ink on the outermost pixels, so no gradient ever
# reaches their weights and training leaves them as they were drawn. Whether
# more training would make the pictures less grainy is the question of the
# next example.
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

# %%
# This unit has negative weights in the middle, where a zero has its hole,
# and positive weights along the left, where this zero's stroke runs.
# Only pixels with ink contribute: the product is zero wherever the digit is
# blank, however large the weight there. Each unit passes its input through
# the ReLU, :math:`\max(0, x)`, so it responds only when the digit's ink falls
# mostly on its positive weights; for this digit most units stay silent. The
# output layer then weighs the responses of the active units to score each
# digit.
