"""
================================================
Parameters of a convolutional network and an MLP
================================================

How many numbers does a network learn? For a fully connected layer the count
is inputs times units, plus one bias per unit; for a convolution layer it is
the size of a kernel times its input channels times the number of kernels,
plus one bias per kernel, however large the image. This example counts both
by hand for the small convolutional network of :ref:`Kernels and feature maps
of a small convolutional network
<sphx_glr_auto_examples_convolutional_plot_cnn_kernels_and_maps.py>` and for
the Keras twin of a scikit-learn MLP with two hidden layers of 16 units,
checks the counts against Keras's own, and compares the arithmetic each
network does per image.

Counting needs no training. At the end we train the MLP as the lesson does,
ten epochs, to compare what the two networks achieve; the convolutional
network is not trained again here.
"""

# %%
# Choose the Keras backend
# ------------------------
# As in the previous example, we name the JAX backend before Keras is first
# imported, as Keras reads ``KERAS_BACKEND`` only then.
import os

os.environ["KERAS_BACKEND"] = "jax"  # the backend that mlpviz[cnn] installs

import keras
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from keras import layers
from matplotlib.ticker import EngFormatter

from mlpviz.architecture import conv2d_parameter_counts, dense_parameter_counts
from mlpviz.datasets import load_mnist_split

# sphinx_gallery_tags = ["Keras CNN", "parameter counts"]

# %%
# Two networks for 28 x 28 digits
# --------------------------------
# The MLP flattens the image into 784 values and feeds them to two hidden
# layers of 16 units, like ``MLPClassifier(hidden_layer_sizes=(16, 16))``.
# The convolutional network is the one of the previous example.
keras.utils.set_random_seed(0)
mlp = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1), name="digit"),
        layers.Flatten(name="flatten"),
        layers.Dense(16, activation="relu", name="hidden_1"),
        layers.Dense(16, activation="relu", name="hidden_2"),
        layers.Dense(10, activation="softmax", name="softmax"),
    ],
    name="mlp",
)
cnn = keras.Sequential(
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
for model in (mlp, cnn):
    print(f"{model.name}: {model.count_params():,} parameters")


# %%
# Counting the MLP's parameters
# -----------------------------
# :func:`~mlpviz.architecture.dense_parameter_counts` applies the rule of a
# fully connected layer, ``n_in * n_out`` weights and ``n_out`` biases, to
# the layer sizes 784, 16, 16 and 10. The last column is what Keras counts
# for each of its layers that has weights.
def keras_counts(model):
    """Parameters of each Keras layer that has any, then the model's total."""
    counts = [layer.count_params() for layer in model.layers if layer.weights]
    return [*counts, model.count_params()]


mlp_table = dense_parameter_counts([784, 16, 16, 10])
mlp_table["Keras count_params()"] = keras_counts(mlp)
first_share = mlp_table["parameters"].iloc[0] / mlp_table.loc["total", "parameters"]
print(f"share of the parameters in the first layer: {first_share:.0%}")
# sphinx_gallery_start_ignore
assert mlp_table["parameters"].equals(mlp_table["Keras count_params()"]), (
    "claim: the formula and Keras agree on every layer"
)
# sphinx_gallery_end_ignore
mlp_table

# %%
# The formula and Keras agree on every layer (the build checks it), and the
# total is what scikit-learn's ``MLPClassifier`` of the same shape has, since
# it applies the same formula. Almost all parameters are in the first layer,
# which gives each of 16 units a weight for each of 784 pixels.
#
# Counting the convolutional network's parameters
# -----------------------------------------------
# A convolution layer with ``filters`` kernels of ``kh x kw`` weights, fed
# by ``in_channels`` maps, has ``kh * kw * in_channels * filters`` weights
# and one bias per kernel: :func:`~mlpviz.architecture.conv2d_parameter_counts`.
# Pooling, flattening and dropout learn nothing. The softmax layer is fully
# connected to the flattened output of the second pooling layer; Keras tells
# us its size.
flat_size = cnn.get_layer("flatten").output.shape[-1]
print(f"flattened maps: {cnn.get_layer('pool_2').output.shape[1:]} -> {flat_size}")

cnn_table = pd.concat(
    [
        conv2d_parameter_counts([1, 32, 64], kernel_size=(3, 3)).drop("total"),
        dense_parameter_counts([flat_size, 10]).drop("total"),
    ]
)
cnn_table.loc["total"] = cnn_table.sum()
cnn_table["Keras count_params()"] = keras_counts(cnn)
last_share = cnn_table["parameters"].iloc[-2] / cnn_table.loc["total", "parameters"]
print(f"share of the parameters in the softmax layer: {last_share:.0%}")
# sphinx_gallery_start_ignore
assert cnn_table["parameters"].equals(cnn_table["Keras count_params()"]), (
    "claim: the formula and Keras agree on every layer"
)
assert 0.4 < last_share < 0.5, "claim: almost half of the parameters are in the last"
# sphinx_gallery_end_ignore
cnn_table


# %%
# Again the formula matches Keras on every layer. Each 3 x 3 convolution
# loses a pixel on every side, as the window must fit inside the image
# (28 -> 26, 13 -> 11), and each pooling halves the size, rounding down
# (26 -> 13, 11 -> 5), so 5 x 5 x 64 = 1,600 values reach the softmax layer.
# Almost half of the network's parameters sit in that last layer; the first
# convolution layer, which reads the pixels, has the fewest.
#
# Parameters and arithmetic
# -------------------------
# A weight of a fully connected layer is used once per image. A kernel weight
# is used at every position of its output map, 26 x 26 = 676 times in the
# first layer and 11 x 11 = 121 times in the second. Multiplying each layer's
# weights by the number of positions where they are used gives the
# multiply-adds needed to classify one image.
def layer_costs(model, table):
    """Parameters and multiply-adds per image of each layer that has weights."""
    weighted = [layer for layer in model.layers if layer.weights]
    # Positions where the weights are used: height x width of a convolution's
    # output, 1 for a fully connected layer (its output shape has no height).
    positions = [int(np.prod(layer.output.shape[1:-1])) for layer in weighted]
    per_layer = table.drop("total")
    return pd.DataFrame(
        {
            "kind": [type(layer).__name__ for layer in weighted],
            "parameters": per_layer["parameters"].to_numpy(),
            "multiply-adds": per_layer["weights"].to_numpy() * positions,
        },
        index=[layer.name for layer in weighted],
    )


costs = {"MLP": layer_costs(mlp, mlp_table), "CNN": layer_costs(cnn, cnn_table)}
totals = {name: table.sum(numeric_only=True) for name, table in costs.items()}
parameter_ratio = totals["CNN"]["parameters"] / totals["MLP"]["parameters"]
arithmetic_ratio = totals["CNN"]["multiply-adds"] / totals["MLP"]["multiply-adds"]
conv_2_share = (
    costs["CNN"].loc["conv_2", "multiply-adds"] / totals["CNN"]["multiply-adds"]
)
print(f"CNN / MLP: {parameter_ratio:.1f} times the parameters,")
print(f"{arithmetic_ratio:.0f} times the multiply-adds per image")
print(f"share of the CNN's multiply-adds in conv_2: {conv_2_share:.0%}")
# sphinx_gallery_start_ignore
assert parameter_ratio < 3, "claim: less than three times the parameters"
assert 150 < arithmetic_ratio < 250, "claim: a couple of hundred times the arithmetic"
assert conv_2_share > 0.5, "claim: most of the arithmetic is in conv_2"
# sphinx_gallery_end_ignore
pd.concat(costs)

# %%
# The two quantities side by side, each bar stacked layer by layer:
colours = {"Dense": "tab:blue", "Conv2D": "tab:orange"}
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2), layout="constrained")
titles = {"parameters": "Parameters", "multiply-adds": "Multiply-adds for one image"}
for ax, (quantity, title) in zip(axes, titles.items(), strict=True):
    largest = max(table[quantity].sum() for table in costs.values())
    for row, table in enumerate(costs.values()):
        values = table[quantity]
        bars = ax.barh(
            row,
            values,
            left=values.cumsum() - values,
            color=table["kind"].map(colours),
            edgecolor="white",
        )
        wide = [name if value > 0.1 * largest else "" for name, value in values.items()]
        ax.bar_label(bars, labels=wide, label_type="center", color="white")
        ax.text(values.sum(), row, f" {values.sum():,}", va="center")
    ax.set_yticks(range(len(costs)), list(costs))
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(EngFormatter())
    ax.set_xlim(0, 1.25 * largest)
    ax.set_title(title)
    ax.set_xlabel("count, stacked layer by layer")
handles = [plt.Rectangle((0, 0), 1, 1, color=colour) for colour in colours.values()]
fig.legend(handles, ["fully connected", "convolution"], loc="outside right center")
fig.suptitle("Parameters and arithmetic of the two networks, layer by layer")
# sphinx_gallery_start_ignore
fig.set_label(
    "Stacked bars, layer by layer, of the parameters and the multiply-adds per "
    f"image of the {' and the '.join(costs)}. The CNN has {parameter_ratio:.1f} "
    f"times the parameters but {arithmetic_ratio:.0f} times the arithmetic, "
    f"{conv_2_share:.0%} of it in conv_2."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# With less than three times the parameters of the MLP, the convolutional
# network does a couple of hundred times its arithmetic for each image (the
# ratios printed above), most of it in the second convolution layer. That is
# the price of sharing weights across positions, and the reason why training
# the convolutional network costs so much more than training the MLP.
#
# What the parameters buy
# -----------------------
# We train the MLP as the lesson does: Adam, batches of 200 images, ten
# epochs, the last 10 % of the training images held out for validation.
(X_train, y_train), (X_test, y_test) = load_mnist_split(images=True)

mlp.compile(
    optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
)
history = mlp.fit(
    X_train,
    y_train,
    batch_size=200,
    epochs=10,
    validation_split=0.1,
    verbose=0,  # the numbers are printed below, without the timings
)
held_out = np.round(history.history["val_accuracy"], 4)
print(f"held-out accuracy after each epoch: {held_out}")
mlp_accuracy = mlp.evaluate(X_test, y_test, verbose=0)[1]
print(f"MLP test accuracy: {mlp_accuracy:.4f}")

# Published by the lesson: test accuracy after ten epochs.
LESSON_MLP, LESSON_CNN = 0.946, 0.989
error_ratio = (1 - LESSON_CNN) / (1 - LESSON_MLP)
print(f"lesson: the CNN makes {error_ratio:.2f} times the MLP's errors")
# sphinx_gallery_start_ignore
assert abs(mlp_accuracy - LESSON_MLP) <= 0.01, "claim: close to the lesson's MLP"
# sphinx_gallery_end_ignore

# %%
# The MLP classifies about as many test digits correctly as the lesson's
# does, which publishes 94.6 % (the build checks that ours is within a
# point). After the same ten epochs, the lesson's convolutional network
# reaches a published 98.9 %: about a fifth of the MLP's errors (the ratio
# printed above), with less than three times the parameters. Its kernels look
# for the same strokes everywhere in the image, where the MLP's first layer
# has to learn each pattern separately at every position it may appear.
