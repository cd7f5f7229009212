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
10 epochs over 54,000 images and publishes a test accuracy of 98.9 %. To keep
the example light we train it far less: a single pass over 12,000 images, in
smaller batches. That is enough for the kernels to find strokes and edges.
Set ``FULL_TRAINING = True`` in the training cell to run the lesson's full
training instead.
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
# sphinx_gallery_tags = ["MNIST", "Keras CNN", "kernels", "feature maps"]
import os

os.environ["KERAS_BACKEND"] = "jax"  # must come before the first import keras

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from mlpviz.datasets import load_mnist_split
from mlpviz.images import plot_feature_maps, plot_kernels

print(f"Keras {keras.__version__} on the {keras.backend.backend()} backend")

# %%
# Load the digits as images
# -------------------------
# A convolution layer needs the pixels in their 2-D arrangement, plus an axis
# for the channels (one for grey levels), so each image is a 28 x 28 x 1
# array of values from 0 (white) to 1 (black).
# :func:`~mlpviz.datasets.load_mnist_split` returns them in MNIST's official
# split: 60,000 training images and 10,000 test images by other writers.
(X_train, y_train), (X_test, y_test) = load_mnist_split(images=True)
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
# biases; the next example derives these numbers by hand.
#
# Train it, briefly
# -----------------
# Adam minimises the cross-entropy, as in the lesson; with
# ``sparse_categorical_crossentropy`` the labels can stay digits instead of
# one-hot vectors. As in the lesson, the last 10 % of the images we train on
# are held out to check the accuracy after each epoch.
#
# The lesson makes 10 passes over 54,000 images in batches of 200. We make one
# pass over 10,800 of them (the first 12,000 training images, less the 10 %
# held out) in batches of 32, Keras's default. Smaller batches give more
# updates of the weights for the same arithmetic, which matters when the
# arithmetic is all we cut.
FULL_TRAINING = False  # True: the lesson's 10 epochs over all training images

if FULL_TRAINING:
    n_images, batch_size, epochs = len(X_train), 200, 10
else:
    n_images, batch_size, epochs = 12_000, 32, 1

model.compile(
    optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
)
history = model.fit(
    X_train[:n_images],
    y_train[:n_images],
    batch_size=batch_size,
    epochs=epochs,
    validation_split=0.1,
    verbose=0,  # the numbers are printed below, without the timings
)
for epoch, (loss, val_accuracy) in enumerate(
    zip(history.history["loss"], history.history["val_accuracy"], strict=True),
    start=1,
):
    print(
        f"epoch {epoch}: training loss {loss:.4f}, held-out accuracy {val_accuracy:.4f}"
    )
test_loss, test_accuracy = model.evaluate(X_test, y_test, verbose=0)
print(f"test accuracy: {test_accuracy:.4f}")
LESSON_IMAGE_PASSES = 10 * 54_000
image_passes = epochs * round(0.9 * n_images)
print(
    f"images seen in training: {image_passes:,} ({LESSON_IMAGE_PASSES:,} in the lesson)"
)

# sphinx_gallery_start_ignore
# The lesson's Keras MLP with two hidden layers of 16 units, trained for 10
# epochs, publishes a test accuracy of 94.6 %.
assert test_accuracy > 0.946, "claim: the CNN beats the lesson's MLP (94.6 %)"
# sphinx_gallery_end_ignore

# %%
# The printed test accuracy is short of the lesson's published 98.9 %, but
# after seeing each of a fifth of the training images once, the network
# already beats the fully connected network of the lesson (two hidden layers
# of 16 units, 10 epochs, 94.6 % published; the build checks it), whose
# weights are counted in :ref:`Parameters of a convolutional network and an
# MLP <sphx_glr_auto_examples_convolutional_plot_cnn_vs_mlp_parameters.py>`.
#
# The kernels of the first layer
# ------------------------------
# The first layer has 32 kernels of 3 x 3 weights, one per feature map it
# computes. Keras stores them in one array of shape (height, width, input
# channels, filters); with a grey image there is a single input channel.
kernels, biases = model.get_layer("conv_1").get_weights()
print(f"kernels {kernels.shape}, biases {biases.shape}")
print(f"largest weight in size: {np.abs(kernels).max():.2f}")

axes = plot_kernels(kernels, ncols=6, titles=[f"kernel {k}" for k in range(32)])
axes[0, 0].figure.suptitle("The 32 kernels of the first convolution layer")
# sphinx_gallery_start_ignore
axes[0, 0].figure.set_label(
    f"The {kernels.shape[-1]} first-layer kernels as 3 x 3 grids of weights, red "
    f"positive, blue negative, on one scale up to {np.abs(kernels).max():.2f}. Some "
    "are ink detectors, nearly all red; some edge detectors, a red row or column "
    "opposite a blue one."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Red weights are positive, blue ones negative, on one scale for all 32
# kernels; the weights are small, at most the size printed above. We sort the
# kernels by the pattern of their signs. An *ink detector* has at most one
# negative weight: it gives a large sum wherever there is ink, whatever its
# direction. An *edge detector* has a row (or column) of three negative
# weights opposite a row (or column) of three positive ones: it gives a large
# sum where ink lies on its red side and blank paper on its blue side, that is
# along one edge of a stroke.
weights = kernels[:, :, 0, :]  # 3 x 3 x 32
sides = {
    "negative top row": (weights[0], weights[2]),
    "negative bottom row": (weights[2], weights[0]),
    "negative left column": (weights[:, 0], weights[:, 2]),
    "negative right column": (weights[:, 2], weights[:, 0]),
}
ink_detectors = np.flatnonzero((weights < 0).sum(axis=(0, 1)) <= 1)
print(f"ink detectors: kernels {ink_detectors.tolist()}")
edge_detectors = set()
for side, (negative, positive) in sides.items():
    found = np.flatnonzero(np.all(negative < 0, axis=0) & np.all(positive > 0, axis=0))
    edge_detectors.update(found.tolist())
    print(f"edge detectors with a {side}: kernels {found.tolist()}")
others = sorted(set(range(32)) - edge_detectors - set(ink_detectors.tolist()))
print(f"neither: {len(others)} kernels")
# sphinx_gallery_start_ignore
assert len(ink_detectors) >= 2, "claim: several kernels are ink detectors"
assert len(edge_detectors) >= 2, "claim: several kernels are edge detectors"
# sphinx_gallery_end_ignore

# %%
# Both kinds are there, and the remaining kernels mix signs less tidily: they
# respond to combinations of ink and edges, or have not found a use yet after
# this short training.
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
by_hand = np.maximum(np.einsum("ijkl,klf->ijf", patches, weights) + biases, 0)
print(f"patches {patches.shape}, maps {by_hand.shape}")
difference = np.abs(by_hand - first_maps).max()
print(f"largest difference from Keras: {difference:.1e}")
# sphinx_gallery_start_ignore
assert difference < 1e-5, "claim: the difference is float32 rounding error"
# sphinx_gallery_end_ignore

# %%
# The largest difference is of the size of the rounding errors of 32-bit
# floats, whose sums of nine products can differ in the last of their seven
# significant digits: the layer is nothing more than this sum. Each map is
# 26 x 26, not 28 x 28, because a 3 x 3 window fits in 26 positions along each
# side.
#
# Two kernels and their maps
# --------------------------
# We compare two kernels picked by rule: the ink detector whose map holds the
# most activation for this digit, and the kernel whose top and bottom rows
# differ most, in proportion to its weights: it should answer horizontal
# edges. Both kernels are drawn on the colour scale of the kernel figure
# above; each map has its own scale.
top_minus_bottom = weights[0].sum(axis=0) - weights[2].sum(axis=0)
chosen = {
    "ink detector": int(
        ink_detectors[np.argmax(first_maps[..., ink_detectors].sum(axis=(0, 1)))]
    ),
    "horizontal edges": int(
        np.argmax(np.abs(top_minus_bottom) / np.abs(weights).sum(axis=(0, 1)))
    ),
}
limit = np.abs(kernels).max()

fig, axes = plt.subplot_mosaic(
    [["digit", "kernel 0", "map 0"], ["digit", "kernel 1", "map 1"]],
    figsize=(9, 5),
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
        fontsize=11,
        colorbar=False,
    )
    axes[f"kernel {row}"].set_title(f"Kernel {k}, {reason}", fontsize="medium")
    plot_feature_maps(first_maps[..., k : k + 1], ax=axes[f"map {row}"])
    axes[f"map {row}"].set_title(f"Feature map {k}, 26 x 26", fontsize="medium")
fig.suptitle("A test digit, two first-layer kernels and their feature maps")
# sphinx_gallery_start_ignore
ink_k, edge_k = chosen.values()
fig.set_label(
    f"The test digit (a {y_test[0]}), and two kernels with their 26 x 26 feature "
    f"maps: kernel {ink_k}, an ink detector, gives a thickened copy of the digit; "
    f"kernel {edge_k} lights up where ink has blank paper above or below it."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# How much of the digit does each map trace, and where? We look at the pixel
# at the centre of each 3 x 3 window: the share of the inked centres where
# each map is active, and, for the second kernel, where its response above the
# level of blank paper lies: the share of it at pixels where the image
# changes more from top to bottom than from left to right, that is across a
# horizontal stroke rather than a vertical one. On blank paper a window sums
# to the kernel's bias alone.
image = digit[0, :, :, 0]
inked = image[1:-1, 1:-1] > 0.5
change_down = np.abs(image[2:, 1:-1] - image[:-2, 1:-1])
change_across = np.abs(image[1:-1, 2:] - image[1:-1, :-2])
for reason, k in chosen.items():
    active = first_maps[..., k] > 0
    print(f"kernel {k} ({reason}): active on {active[inked].mean():.0%} of the ink")
ink_k, edge_k = chosen.values()
blank = patches.max(axis=(2, 3)) == 0
on_paper = first_maps[blank][:, [ink_k, edge_k]]
print(f"biases {biases[[ink_k, edge_k]].round(3)}, on blank paper the maps hold")
print(f"from {on_paper.min(axis=0).round(3)} to {on_paper.max(axis=0).round(3)}")
response = np.clip(first_maps[..., edge_k] - max(biases[edge_k], 0), 0, None)
across_horizontal = response[change_down > change_across].sum() / response.sum()
print(f"share of its response across horizontal strokes: {across_horizontal:.0%}")
# sphinx_gallery_start_ignore
ink_coverage = np.mean(first_maps[..., ink_k][inked] > 0)
edge_coverage = np.mean(first_maps[..., edge_k][inked] > 0)
assert ink_coverage > 0.9, "claim: the ink detector is active on nearly all the ink"
assert edge_coverage < ink_coverage, "claim: the edge map traces less of the digit"
assert across_horizontal > 0.5, (
    "claim: most of its response is across horizontal strokes"
)
assert np.allclose(on_paper, np.maximum(biases[[ink_k, edge_k]], 0), atol=1e-6), (
    "claim: on blank paper a map holds its bias through the ReLU"
)
# sphinx_gallery_end_ignore

# %%
# The ink detector gives a thickened copy of the digit: it is active on
# nearly all of its ink. The second kernel has one sign along its top row and
# the other along its bottom row, so it answers where ink has blank paper
# above or below it: most of its response lies across horizontal strokes,
# and it traces less of the digit. On blank paper each map holds just its
# kernel's bias after the ReLU: black for a negative bias, a faint even glow
# for a positive one (the values printed above).
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
# sphinx_gallery_start_ignore
first, last = maps[0].shape, maps[-1].shape
fig.set_label(
    f"The feature maps of the test digit (a {y_test[0]}) in {len(maps)} grids, one "
    f"per layer, from {first[-1]} maps of {first[1]} x {first[2]} to {last[-1]} of "
    f"{last[1]} x {last[2]}. The first still look like the digit; the later ones "
    "are blobs that differ more."
)
# sphinx_gallery_end_ignore
plt.show()


# %%
# How alike are the maps of one layer? For each convolution layer, the mean
# correlation between two of its maps (over the positions of the maps, left
# out the maps that are constant for this digit):
def mean_correlation(layer_maps):
    """Mean correlation between two different non-constant maps of a layer."""
    flat = layer_maps[0].reshape(-1, layer_maps.shape[-1])
    flat = flat[:, flat.std(axis=0) > 0]
    correlations = np.corrcoef(flat, rowvar=False)
    return correlations[~np.eye(len(correlations), dtype=bool)].mean()


alike = {name: mean_correlation(maps[i]) for i, name in [(0, "conv_1"), (2, "conv_2")]}
for name, value in alike.items():
    print(f"{name}: mean correlation between two maps {value:.2f}")
# sphinx_gallery_start_ignore
assert y_test[0] == 7, "claim: the test digit is a seven"
assert alike["conv_2"] < alike["conv_1"], "claim: second-layer maps differ more"
# sphinx_gallery_end_ignore

# %%
# The first layer's maps all still look like the seven, each tracing its ink
# or one edge of its strokes, some of them faintly: two of them are, on
# average, strongly correlated. Pooling halves their size and keeps the
# strongest response of each 2 x 2 block, so a stroke moved by one pixel gives
# almost the same pooled map. Each of the 64 maps of the second convolution
# layer combines all 32 pooled maps in 3 x 3 windows, and they differ much
# more from one another (the lower mean correlation printed above): some
# light up on the horizontal bar, others on the slanted stroke. After the
# second pooling, 5 x 5 positions remain and the maps are blobs that say
# which of these parts is present and roughly where. The softmax layer
# decides from those values (1,600 of them: the ``flatten`` layer of the
# summary) which digit it sees, no longer from single pixels.
