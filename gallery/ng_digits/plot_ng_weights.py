"""
==========================================
What the hidden units of the network weigh
==========================================

The network trained on Ng's digits has a hidden layer of 40 logistic units,
each with a weight for every one of the 400 pixels. We draw those 16,000
weights three ways: as one matrix, as forty 20x20 images, and unit by unit
next to the training digits that excite the unit most and least. The last
view keeps the reading of the weight images honest: a picture of weights
suggests what a unit looks for, the digits it responds to show it.

One network is trained, on all 5,000 images, in a few seconds.
"""

# %%
# Train the network
# -----------------
# The network of the previous examples: 40 logistic hidden units, stochastic
# gradient descent with a learning rate of 1. It converges in 68 epochs.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.neural_network import MLPClassifier

from mlpviz.datasets import load_ng_digits
from mlpviz.digits import plot_digit_grid
from mlpviz.weights import first_layer_weights, plot_weight_images, plot_weight_matrix

# sphinx_gallery_thumbnail_number = 2

X, y = load_ng_digits(return_X_y=True)
mlp = MLPClassifier(
    hidden_layer_sizes=(40,),
    activation="logistic",
    solver="sgd",
    learning_rate_init=1.0,
    random_state=0,
).fit(X, y)
weights = first_layer_weights(mlp)
print(f"{mlp.n_iter_} epochs; first-layer weights: {weights.shape}")
print(f"largest weight in absolute value: {np.abs(weights).max():.2f}")

# %%
# The weight matrix
# -----------------
# One row per hidden unit, one column per input pixel, in the order of the
# data: column by column of the image, so each block of 20 consecutive
# pixels is one column of the image, from top to bottom. Red weights excite
# the unit when the pixel has ink, blue ones inhibit it; white is zero.
fig, ax = plt.subplots(figsize=(10, 3.8), layout="constrained")
plot_weight_matrix(weights, ax=ax, image_shape=(20, 20), order="F")
ax.set_title("First-layer weights: 40 hidden units x 400 pixels")
plt.show()

unit_images = weights.reshape(-1, 20, 20).transpose(0, 2, 1)  # unrolled by column
edge = np.ones((20, 20), dtype=bool)
edge[1:-1, 1:-1] = False
outer, centre = unit_images[:, edge], unit_images[:, 8:12, 8:12]
print(f"mean |weight| on the image's outer ring of pixels: {np.abs(outer).mean():.3f}")
print(f"mean |weight| in its central 4x4 pixels: {np.abs(centre).mean():.3f}")

# %%
# The matrix is white at both ends and in regular vertical stripes. The
# white ends are the first and last columns of the image, its **left and
# right** edges; within each block of 20, the stripe at either end is the
# top or the bottom row. These pixels are blank in almost every image, so
# their weights receive almost no gradient and stay near their small random
# initial values: the mean absolute weight is 0.038 on the image's outer
# ring of pixels and 0.406 in its centre. Had the rows been read in the wrong order,
# the same picture would have seemed to speak of the top and bottom edges
# instead: a matrix view is only readable with the unrolling in mind.
#
# Forty units as images
# ---------------------
# Each row of the matrix, folded back into a 20x20 image with ``order="F"``,
# shows where a unit looks. For a first reading of each unit we also find
# the 100 training images that excite it most, and the label most frequent
# among them: its title gives that label and its share of the 100.
net_input = X @ mlp.coefs_[0] + mlp.intercepts_[0]
ranking = np.argsort(-net_input, axis=0)  # per unit: strongest response first


def most_frequent(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[counts.argmax()], counts.max() / len(labels)


rows = []
for unit in range(weights.shape[0]):
    top_label, top_share = most_frequent(y[ranking[:100, unit]])
    bottom_label, bottom_share = most_frequent(y[ranking[-100:, unit]])
    rows.append((top_label, top_share, bottom_label, bottom_share))
units = pd.DataFrame(
    rows,
    columns=["excited most by", "share", "excited least by", "share of least"],
    index=pd.Index(range(weights.shape[0]), name="unit"),
)

titles = [
    f"{unit}: {label} ({share:.0%})"
    for unit, label, share in zip(
        units.index, units["excited most by"], units["share"], strict=True
    )
]
axes = plot_weight_images(
    weights, image_shape=(20, 20), order="F", ncols=8, titles=titles
)
axes[0, 0].figure.suptitle(
    "The 40 hidden units\n(unit: label most frequent among its 100 strongest responses)"
)
plt.show()
n_mixed = (units["share"] < 0.45).sum()
print(f"units whose top label has under 45 % of their top 100: {n_mixed}")

# %%
# A few units are clean detectors of one digit: unit 33's 100 strongest
# responses are 99 zeros, unit 29's 94 zeros, unit 23's 90 sevens, unit 14's
# 81 sixes. Even for them the weight images are speckled rather than
# digit-shaped. Unit 33 has a blue centre, where a zero has no ink and most
# other digits have some, inside a broken ring of red. Unit 14 has red at the
# lower left, where a six has its loop, and blue at the upper right. Unit
# 23's image would be hard to read without knowing its digits. Most units
# mix several digits among their strongest responses: unit 28's top 100 are
# only 32 % fives, unit 16's 34 % fives, and for a quarter of the units (10
# of 40) no label reaches 45 %.
#
# The strongest and the weakest responses
# ---------------------------------------
# A unit can also work by exclusion: respond to most digits *except* one.
# Below, four units: the two purest detectors of different digits, and the
# two units whose 100 weakest responses are most dominated by one label.
# Next to each unit's weights, the six training digits that excite it most,
# then the six that excite it least.
detectors = units.sort_values("share", ascending=False).drop_duplicates(
    "excited most by"
)
chosen = list(detectors.index[:2])
chosen += list(
    units.drop(chosen).sort_values("share of least", ascending=False).index[:2]
)

fig, axes = plt.subplots(
    len(chosen), 13, figsize=(13, 1.25 * len(chosen) + 0.6), layout="constrained"
)
plot_weight_images(
    weights[chosen],
    image_shape=(20, 20),
    order="F",
    axes=axes[:, :1],
    titles=[f"unit {unit}" for unit in chosen],
    colorbar=False,
)
for row, unit in enumerate(chosen):
    strongest, weakest = ranking[:6, unit], ranking[-6:, unit][::-1]
    plot_digit_grid(
        X[strongest], true_labels=y[strongest], order="F", axes=axes[row, 1:7]
    )
    plot_digit_grid(X[weakest], true_labels=y[weakest], order="F", axes=axes[row, 7:])
axes[0, 3].set_title("strongest responses", loc="left")
axes[0, 9].set_title("weakest responses", loc="left")
plt.show()
units.loc[chosen]

# %%
# Units 33 and 23 are the detectors: their six strongest responses are all
# zeros and all sevens. Their weakest responses say more: unit 23's are 74 %
# twos, so it also tells sevens from twos, and the six shown are all twos
# with a loop at the base, the kind the 2016 write-up singled out when it
# first looked at the data. Unit 34 is best described by what
# switches it off: its strongest responses mix sevens, nines and fours
# (38 % nines), digits with a stroke down the right-hand side, while 88 of
# its 100 weakest are zeros. It says "not a zero" more than anything else.
# Unit 5 responds to twos and threes and is switched off by sixes (77 of its
# weakest 100). The output layer combines such votes, detectors and
# exclusions, into its ten scores. Reading a weight image as "the digit this
# unit sees" works for the few clean detectors and misleads for the rest:
# check it against the images.
#
# The original write-up read its seventeenth unit as excited by strokes at
# the bottom left and inhibited at the top right; but it folded the weights
# back with NumPy's default row-by-row order, which transposes images
# unrolled column by column. Its bottom left was the image's top right.
