"""
=========================================================
Kernels and feature maps of a small convolutional network
=========================================================

A multi-layer perceptron gives each of the 784 pixels a weight of its own. A
convolutional network instead learns a few small kernels, here 3 x 3 weights
each, and slides every kernel over the whole image, so that a stroke is found
wherever it is. This example trains a small Keras network on MNIST, draws the
32 kernels of its first layer with their weights written in, and follows one
test digit through the first four layers as tiled feature maps.

The network is the one of a lesson on neural networks, which trains it for
10 epochs to a test accuracy of 98.9 %. On two CPU cores one epoch takes
about 50 seconds, so we stop after two, which already reach 98 %. Set
``EPOCHS = 10`` in the training cell to run the lesson's full training
(eight to ten minutes on two cores).
"""

# %%
# Choose the Keras backend
# ------------------------
# Keras 3 runs on JAX, TensorFlow or PyTorch and settles on one when it is
# first imported: the one named by the ``KERAS_BACKEND`` environment
# variable, else the one in ``~/.keras/keras.json``, else TensorFlow. The
# ``mlpviz[cnn]`` extra installs JAX only, so we name it before the import;
# setting the variable after ``import keras`` would have no effect.

# sphinx_gallery_thumbnail_number = 3
import os

os.environ["KERAS_BACKEND"] = "jax"  # must come before the first import keras

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from mlpviz.datasets import N_TRAIN, load_mnist
from mlpviz.feature_maps import plot_feature_maps, plot_kernels

print(f"Keras {keras.__version__} on the {keras.backend.backend()} backend")

# %%
# Load the digits as images
# -------------------------
# A convolution layer needs the pixels in their 2-D arrangement, plus an axis
# for the channels (one for grey levels), so each image is a 28 x 28 x 1
# array. We keep the official split: the first 60,000 images for training,
# the last 10,000 for testing.
mnist = load_mnist()
images = mnist.images[..., np.newaxis].astype("float32") / 255
X_train, X_test = images[:N_TRAIN], images[N_TRAIN:]
y_train, y_test = mnist.target[:N_TRAIN], mnist.target[N_TRAIN:]
print(f"training images {X_train.shape}, test images {X_test.shape}")

# %%
# Build the network
# -----------------
# Two convolution layers of 32 and 64 kernels, each followed by a max-pooling
# layer that keeps the largest value of every 2 x 2 block, then a softmax
# layer that sees all 64 pooled maps at once. Dropout switches off a random
# fifth of those inputs at each training step, which makes the last layer
# rely on many of them. ``set_random_seed`` seeds Python, NumPy and Keras, so
# the initial weights, the order of the training images and the dropout are
# the same at every run.
keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1), name="digit"),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu", name="conv_1"),
        layers.MaxPooling2D(pool_size=(2, 2), name="pool_1"),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu", name="conv_2"),
        layers.MaxPooling2D(pool_size=(2, 2), name="pool_2"),
        layers.Flatten(name="flatten"),
        layers.Dropout(0.2, name="dropout"),
        layers.Dense(10, activation="softmax", name="softmax"),
    ],
    name="cnn",
)
model.summary(line_length=80)

# %%
# The summary gives each layer's output shape and its number of weights and
# biases, 34,826 in all; the next example derives these numbers by hand.
#
# Train for two epochs
# --------------------
# Adam minimises the cross-entropy, as in the lesson; with
# ``sparse_categorical_crossentropy`` the labels can stay digits instead of
# one-hot vectors. Each step looks at 200 images, and the last 10 % of the
# training images are held out to check the accuracy after each epoch.
EPOCHS = 2

model.compile(
    optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
)
model.fit(
    X_train, y_train, batch_size=200, epochs=EPOCHS, validation_split=0.1, verbose=2
)
test_loss, test_accuracy = model.evaluate(X_test, y_test, verbose=0)
print(f"Test accuracy after {EPOCHS} epoch(s): {test_accuracy:.4f}")

# %%
# Each epoch is one pass, in 270 steps, over the 54,000 training images that
# are not held out. After the first, the network already gets 97.6 % of the
# held-out images right; after the second it classifies 98.05 % of the test
# digits correctly, one point short of the lesson's ten epochs. The MLP of
# :ref:`sphx_glr_auto_examples_convolutional_plot_cnn_vs_mlp_parameters.py`,
# with two hidden layers of 16 units, stays near 94 % after ten epochs.
#
# The kernels of the first layer
# ------------------------------
# The first layer has 32 kernels of 3 x 3 weights, one per feature map it
# computes. Keras stores them in one array of shape (height, width, input
# channels, filters); with a grey image there is a single input channel.
kernels, biases = model.get_layer("conv_1").get_weights()
print(f"kernels {kernels.shape}, biases {biases.shape}")

axes = plot_kernels(kernels, titles=[f"kernel {k}" for k in range(32)])
axes[0, 0].figure.suptitle("The 32 kernels of the first convolution layer")
plt.show()

# %%
# Red weights are positive, blue ones negative, on one scale for all 32
# kernels; the weights are small, at most 0.3 in size. Several kernels have
# a blue row or column beside red ones: kernel 20 has its negative weights
# along the top row, kernels 4 and 30 along the bottom row, kernel 10 down
# the left column. Such a kernel gives a large sum where ink lies on its red
# side and not on its blue side, that is along one edge of a stroke. Many
# others, such as 11, 26 and 28, are red almost everywhere and respond to ink
# itself, whatever its direction. A few, such as 15 and 23, have small
# weights of mixed signs without a clear pattern after two epochs.
#
# Feature maps: read the network's intermediate outputs
# -----------------------------------------------------
# To see what the layers compute, we build a second model that shares the
# trained layers but returns the outputs of the first four. The lesson built
# it from ``model.input``, which in Keras 3 fails with *"The layer sequential
# has never been called and thus has no defined input"* (a ``ValueError`` in
# early Keras 3 releases, an ``AttributeError`` today). ``input``, singular,
# is the tensor that the model received the first time it was itself called,
# as a layer, on the symbolic tensors of a bigger model, and this model never
# was. The graph that starts at our ``keras.Input`` is in ``model.inputs``,
# plural, and each layer of that graph has an ``output``, so a model from
# ``model.inputs`` to the first four outputs is what we want. (Building the
# network with the functional API, by calling each layer on the
# ``keras.Input`` tensor, works as well.)
extractor = keras.Model(
    inputs=model.inputs, outputs=[layer.output for layer in model.layers[:4]]
)
digit = X_test[:1]
maps = extractor.predict(digit, verbose=0)
for layer, layer_maps in zip(model.layers[:4], maps, strict=True):
    print(f"{layer.name}: {layer_maps.shape}")

# %%
# A feature map is a sliding weighted sum
# ---------------------------------------
# Each value of a first-layer map is the sum of a 3 x 3 patch of the image
# times a kernel, plus the kernel's bias, passed through the ReLU (negative
# sums become 0). NumPy reproduces the layer from the weights alone:
first_maps = maps[0][0]  # conv_1's 32 maps of the digit, 26 x 26 x 32
patches = np.lib.stride_tricks.sliding_window_view(digit[0, :, :, 0], (3, 3))
by_hand = np.maximum(
    np.einsum("ijkl,klf->ijf", patches, kernels[:, :, 0, :]) + biases, 0
)
print(f"patches {patches.shape}, maps {by_hand.shape}")
print(f"largest difference from Keras: {np.abs(by_hand - first_maps).max():.1e}")

# %%
# The largest difference, about 1e-7, is the rounding error of 32-bit
# floats: the layer is nothing more than this sum. Each map is 26 x 26, not
# 28 x 28, because a 3 x 3 window fits in 26 positions along each side.
#
# Two kernels and their maps
# --------------------------
# We compare the kernel whose map holds the most activation for this digit
# with the kernel whose positive and negative weights cancel best, both on
# the colour scale of the kernel figure above.
weights = kernels[:, :, 0, :]
balance = np.abs(weights.sum(axis=(0, 1))) / np.abs(weights).sum(axis=(0, 1))
chosen = {
    "strongest map": int(np.argmax(first_maps.sum(axis=(0, 1)))),
    "most balanced signs": int(np.argmin(balance)),
}
limit = np.abs(kernels).max()

fig, axes = plt.subplot_mosaic(
    [["digit", "kernel 0", "map 0"], ["digit", "kernel 1", "map 1"]],
    figsize=(10.5, 5.2),
    width_ratios=[2, 1, 1.25],
    layout="constrained",
)
axes["digit"].imshow(digit[0, :, :, 0], cmap="gray_r")
axes["digit"].set_title(f"Test digit (a {y_test[0]}), 28 x 28")
axes["digit"].set_axis_off()
for row, (reason, k) in enumerate(chosen.items()):
    plot_kernels(
        kernels[:, :, :, k : k + 1],
        axes=[axes[f"kernel {row}"]],
        vmin=-limit,
        vmax=limit,
        colorbar=False,
    )
    axes[f"kernel {row}"].set_title(f"Kernel {k} ({reason})")
    plot_feature_maps(first_maps[..., k : k + 1], ax=axes[f"map {row}"])
    axes[f"map {row}"].set_title(f"Feature map {k}, 26 x 26")
plt.show()

# %%
# Kernel 11, red almost everywhere, gives a thickened copy of the digit: it
# responds to ink in any direction. Kernel 12 has negative weights along its
# bottom row and positive ones above: it responds where ink has blank pixels
# below it, the lower edge of a horizontal stroke. Its map keeps the bar of
# the seven and the end of its stem and drops the slanted stroke almost
# completely. On the blank background both maps are black: there the sum is
# just the bias, which the ReLU turns into 0.
#
# Follow the digit through four layers
# ------------------------------------
# Each grid shows all the maps of one layer, channel by channel in rows of
# eight, on one colour scale per layer.

# The grids of the first two layers are twice as wide as high.
fig, axes = plt.subplots(
    2, 2, figsize=(11, 8), height_ratios=[1, 2], layout="constrained"
)
for ax, layer, layer_maps in zip(axes.ravel(), model.layers[:4], maps, strict=True):
    height, width, channels = layer_maps.shape[1:]
    plot_feature_maps(
        layer_maps, ax=ax, title=f"{layer.name}: {channels} maps of {height} x {width}"
    )
fig.suptitle(f"Feature maps of the test digit (a {y_test[0]}), layer by layer")
plt.show()

# %%
# The first layer's 32 maps all still look like the seven, each tracing one
# edge of its strokes or the ink itself; a few stay almost black for this
# digit. Pooling halves their size and keeps the strongest response of each
# 2 x 2 block, so a stroke moved by one pixel gives almost the same pooled
# map. Each of the 64 maps of the second convolution layer combines all 32
# pooled maps in 3 x 3 windows, and many of them have specialised: some
# light up on the horizontal bar only, others on the slanted stroke only.
# After the second pooling, 5 x 5 positions remain and the maps are blobs
# that say which of these parts is present and roughly where. The softmax
# layer decides from those 1,600 values which digit it sees, no longer from
# single pixels.
