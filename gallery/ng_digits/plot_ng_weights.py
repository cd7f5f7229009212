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
"""

# %%
# Train the network
# -----------------
# The network of the previous examples: 40 logistic hidden units, stochastic
# gradient descent with a learning rate of 1, trained on all 5,000 images,
# stored as 32-bit floats as in every network of this section (single
# precision is faster, and changes the results only in their last digits).
# It converges, as before, long before scikit-learn's limit of 200 epochs.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.neural_network import MLPClassifier

from mlpviz.datasets import load_ng_digits
from mlpviz.images import plot_digit_grid, plot_weight_images, plot_weight_matrix
from mlpviz.inspection import first_layer_weights

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_tags = ["Ng digits", "MLPClassifier", "weight images"]

X, y = load_ng_digits(return_X_y=True)
X = X.astype(np.float32)
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
# sphinx_gallery_start_ignore
assert mlp.n_iter_ < mlp.max_iter / 2, "claim: converges long before 200 epochs"
# sphinx_gallery_end_ignore

# %%
# The weight matrix
# -----------------
# One row per hidden unit, one column per input pixel, in the order of the
# data: column by column of the image, so each block of 20 consecutive
# pixels is one column of the image, from top to bottom. Red weights excite
# the unit when the pixel has ink, blue ones inhibit it; white is zero.
fig, ax = plt.subplots(figsize=(10, 3.8), layout="constrained")
plot_weight_matrix(weights, ax=ax, pixel_lines=True, order="F")
ax.set_title("First-layer weights: 40 hidden units x 400 pixels")
plt.show()

unit_images = weights.reshape(-1, 20, 20).transpose(0, 2, 1)  # unrolled by column
edge = np.ones((20, 20), dtype=bool)
edge[1:-1, 1:-1] = False
outer, centre = unit_images[:, edge], unit_images[:, 8:12, 8:12]
print(f"mean |weight| on the image's outer ring of pixels: {np.abs(outer).mean():.3f}")
print(f"mean |weight| in its central 4x4 pixels: {np.abs(centre).mean():.3f}")
# sphinx_gallery_start_ignore
ratio = np.abs(centre).mean() / np.abs(outer).mean()
assert 7 <= ratio <= 14, "claim: about ten times smaller on the outer ring"
fig.set_label(
    f"The first-layer weights as a {weights.shape[0]} x {weights.shape[1]} matrix, "
    "red positive, blue negative, one row per unit. It is white at both ends and "
    "in regular vertical stripes: the image's edges, where weights are "
    f"{ratio:.0f} times smaller than in its centre."
)
# sphinx_gallery_end_ignore

# %%
# The matrix is white at both ends and in regular vertical stripes. The
# white ends are the first and last columns of the image, its **left and
# right** edges; within each block of 20, the stripe at either end is the
# top or the bottom row. These pixels are blank in almost every image, so
# their weights receive almost no gradient and stay near their small random
# initial values: the mean absolute weight on the image's outer ring of
# pixels is about ten times smaller than in its centre (both are printed
# above). Had the rows been read in the wrong order, the same picture would
# have seemed to speak of the top and bottom edges instead: a matrix view is
# only readable with the unrolling in mind.
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
fig, axes = plt.subplots(5, 8, figsize=(9, 6.6), layout="constrained")
plot_weight_images(weights, image_shape=(20, 20), order="F", axes=axes, titles=titles)
fig.suptitle(
    "The 40 hidden units\n(unit: label most frequent among its 100 strongest responses)"
)
plt.show()

# The purest detector of each digit, if its top label has 80 % of its top 100.
detectors = units.sort_values("share", ascending=False, kind="stable")
detectors = detectors.drop_duplicates("excited most by")
clean = detectors[detectors["share"] >= 0.8]
for unit, label, share in zip(
    clean.index, clean["excited most by"], clean["share"], strict=True
):
    print(f"unit {unit}: {share:.0%} of its top 100 have the label {label}")
n_mixed = (units["share"] < 0.45).sum()
print(f"units whose top label has under 45 % of their top 100: {n_mixed}")

# sphinx_gallery_start_ignore
# Where the zero and six detectors put their weights, and where the digits
# have ink (images upright).
assert 2 <= len(clean) <= 5, "claim: a few units are clean detectors"
assert {10, 6} <= set(clean["excited most by"]), (
    "claim: zeros and sixes each have a detector"
)
zero_unit = clean.index[clean["excited most by"] == 10][0]
six_unit = clean.index[clean["excited most by"] == 6][0]
zero_image, six_image = unit_images[zero_unit], unit_images[six_unit]
digit_images = X.reshape(-1, 20, 20).transpose(0, 2, 1)
centre_distance = np.hypot(*(np.mgrid[:20, :20] - 9.5))
centre, ring = centre_distance < 3, (centre_distance >= 4) & (centre_distance < 7)
centre_ink = digit_images[:, centre].mean(axis=1)
assert zero_image[centre].mean() < 0 < zero_image[ring].mean(), (
    "claim: the zero detector has a blue centre inside a ring of red"
)
assert centre_ink[y == 10].mean() < 0.5 * centre_ink[y != 10].mean(), (
    "claim: zeros have far less ink in the centre than other digits"
)
assert six_image[10:, :10].mean() > 0 > six_image[:10, 10:].mean(), (
    "claim: the six detector is red at the lower left and blue at the upper right"
)
sixes = digit_images[y == 6]
assert sixes[:, 10:, :10].mean() > sixes[:, :10, 10:].mean(), (
    "claim: sixes have more ink at the lower left than at the upper right"
)
assert (units["share"] < 0.8).sum() > len(units) / 2, "claim: most units mix digits"
assert 8 <= n_mixed <= 12, "claim: for about a quarter, no label reaches 45 %"
fig.set_label(
    f"The {len(weights)} hidden units' weights as 20x20 images, red positive, blue "
    "negative, each titled with the label most frequent among its 100 strongest "
    f"responses. Even the {len(clean)} clean detectors look speckled, not like "
    "digits; most units mix several digits."
)
# sphinx_gallery_end_ignore

# %%
# A few units are clean detectors of one digit: printed above, for each digit
# that has one, is its purest detector whose 100 strongest responses are at
# least 80 % that digit. Even their weight images look speckled rather than
# digit-shaped. The zero detector has a blue centre, where zeros have less
# than half as much ink as the other digits on average, inside a ring of
# red. The six detector has red at the lower left, where a six has its loop
# (sixes have more ink there than at the upper right), and blue at the upper
# right. Most units mix several digits among their strongest responses: for
# most of them the top label fills less than 80 % of the 100, and for about
# a quarter (their number is printed above) no label reaches 45 %.
#
# The strongest and the weakest responses
# ---------------------------------------
# A unit can also work by exclusion: respond to most digits *except* one.
# Below, four units: the two purest detectors of different digits, and the
# two units whose 100 weakest responses are most dominated by one label.
# Next to each unit's weights, the six training digits that excite it most,
# then the six that excite it least.
chosen = list(detectors.index[:2])
chosen += list(
    units.drop(chosen).sort_values("share of least", ascending=False).index[:2]
)

fig = plt.figure(figsize=(9, 0.85 * len(chosen) + 0.9), layout="constrained")
unit_fig, strongest_fig, weakest_fig = fig.subfigures(1, 3, width_ratios=[1, 6, 6])
plot_weight_images(
    weights[chosen],
    image_shape=(20, 20),
    order="F",
    axes=unit_fig.subplots(len(chosen), 1),
    titles=[f"unit {unit}" for unit in chosen],
    colorbar=False,
)
strongest_axes = strongest_fig.subplots(len(chosen), 6)
weakest_axes = weakest_fig.subplots(len(chosen), 6)
for row, unit in enumerate(chosen):
    strongest, weakest = ranking[:6, unit], ranking[-6:, unit][::-1]
    plot_digit_grid(
        X[strongest], y_true=y[strongest], order="F", axes=strongest_axes[row]
    )
    plot_digit_grid(X[weakest], y_true=y[weakest], order="F", axes=weakest_axes[row])
strongest_fig.suptitle("strongest responses", fontsize="medium")
weakest_fig.suptitle("weakest responses", fontsize="medium")
fig.suptitle("Four units, with the six digits that excite each most and least")
plt.show()

# sphinx_gallery_start_ignore
first, second, third, fourth = (units.loc[unit] for unit in chosen)
for unit, row in zip(chosen[:2], (first, second), strict=True):
    assert np.all(y[ranking[:6, unit]] == row["excited most by"]), (
        "claim: the detectors' six strongest responses are all their digit"
    )
assert second["share of least"] > 0.5, (
    "claim: the second's weakest are mostly one digit"
)
assert np.all(y[ranking[-6:, chosen[1]]] == second["excited least by"]), (
    "claim: the second detector's six weakest shown are all that digit"
)
assert third["share"] < 0.5 < 0.8 < third["share of least"], (
    "claim: the third unit mixes its strongest, and its weakest are one digit"
)
assert fourth["share of least"] > 0.5, "claim: the fourth is switched off by one digit"
assert fourth["excited most by"] != fourth["excited least by"], (
    "claim: the fourth responds most to one digit, and is switched off by another"
)
fig.set_label(
    f"{len(chosen)} units, each with its weights and the six training digits that "
    "excite it most and least. The first two respond most to their digit (labels "
    f"{first['excited most by']:.0f} and {second['excited most by']:.0f}); the last "
    f"two are switched off by one digit (labels {third['excited least by']:.0f} and "
    f"{fourth['excited least by']:.0f})."
)
# sphinx_gallery_end_ignore
units.loc[chosen]

# %%
# The first two rows are the detectors: their six strongest responses are
# all of their digit. Their weakest responses say more: more than half of
# the second detector's 100 weakest are a single other digit (its share is
# in the table), and the six shown are all of that digit, so the unit also
# tells its digit from that one. The third unit is best described by what
# switches it off: its strongest responses mix several digits (its top label
# has less than half of the 100), while more than 80 of its 100 weakest are
# one digit. It says "not this digit" more than anything else. The fourth
# unit, too, is switched off by one digit: more than half of its 100 weakest
# responses are that digit, another than the one it responds to most. The
# output layer combines such votes, detectors and exclusions, into its ten
# scores. Reading a weight image as "the digit this unit sees" works for the
# few clean detectors and misleads for the rest: check it against the
# images.
#
# The original write-up read its seventeenth unit as excited by strokes at
# the bottom left and inhibited at the top right; but it folded the weights
# back with NumPy's default row-by-row order, which transposes images
# unrolled column by column. Its bottom left was the image's top right.
