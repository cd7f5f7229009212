"""
======================
What excites a unit
======================

A weight image says which pixels push a hidden unit up and which push it
down, but not which digits actually do. The direct way to find out is to
show the unit every test digit and keep the ones it responds to most, as
Olah, Mordvintsev and Schubert do for the units of large image networks in
their Distill article "Feature Visualization" (2017), next to the images
their optimisation synthesises.

We do it for every unit of a small network: one hidden layer of 16 ReLU
units, trained for 10 epochs on MNIST's 60,000 training images by
scikit-learn's default solver, Adam, in minibatches of 200. For each unit:
its weight image, the 9 test digits that excite it most and the 9 that
excite it least, and which digits make up its 100 strongest responses.
"""

# %%
# Train the network
# -----------------
# The same network as in the other examples of this section. Ten epochs stop
# before the loss has settled, so scikit-learn warns that it has not
# converged; the warning is expected.
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from mlpviz.datasets import load_mnist_split

(X_train, y_train), (X_test, y_test) = load_mnist_split()

mlp = MLPClassifier(
    hidden_layer_sizes=(16,), batch_size=200, max_iter=10, random_state=0
)
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    mlp.fit(X_train, y_train)
print(f"test accuracy: {mlp.score(X_test, y_test):.3f}")

# %%
# Rank the test digits for every unit
# -----------------------------------
# :func:`~mlpviz.inspection.top_activating_samples` ranks the 10,000 test digits
# by what each unit receives: the weighted sum of the pixels plus the unit's
# bias, its *net input*. The unit outputs the net input when it is positive
# and zero otherwise, so the digits with the highest net input are the ones
# the unit responds to most, and the ones with the lowest net input are those
# that inhibit it most, silent or not.
from mlpviz.inspection import net_inputs, top_activating_samples

most = top_activating_samples(mlp, X_test, k=100)
least = top_activating_samples(mlp, X_test, k=100, lowest=True)
n_units = most.shape[0]

composition = pd.DataFrame(
    [np.bincount(y_test[row], minlength=10) for row in most],
    index=pd.Index(range(n_units), name="unit"),
    columns=pd.Index(range(10), name="digit"),
)
units = pd.DataFrame(
    {
        "top digit": composition.idxmax(axis=1),
        "share of top 100": composition.max(axis=1) / 100,
        "bottom digit": [
            np.bincount(y_test[row], minlength=10).argmax() for row in least
        ],
        "share of bottom 100": [np.bincount(y_test[row]).max() / 100 for row in least],
        "active on test digits": (net_inputs(mlp, X_test) > 0).mean(axis=0),
    },
    index=composition.index,
).sort_values("share of top 100", ascending=False, kind="stable")
units.round(2)

# %%
# Sixteen units and their favourite digits
# ----------------------------------------
# One row per unit, from the unit whose 100 strongest responses are most
# dominated by one digit down to the most mixed. Left, its weights, red where
# ink excites it and blue where ink inhibits it, on one colour scale for all
# units, saturated at half the largest weight. Middle, the 9 test digits
# that excite it most, strongest top left. Right, the 9 that excite it
# least, most inhibiting top left.
from mlpviz.images import plot_weight_images, tile_feature_maps
from mlpviz.inspection import first_layer_weights


def montage(indices):
    """The test digits ``indices`` in a 3x3 grid, separated by grey lines."""
    images = np.moveaxis(X_test[indices].reshape(-1, 28, 28), 0, -1)
    return tile_feature_maps(images, ncols=3, padding=2, fill_value=0.35)


fig, axes = plt.subplots(n_units // 2, 6, figsize=(7.2, 10.2), layout="constrained")
unit_axes = axes.reshape(-1, 3)
order = units.index.to_numpy()
plot_weight_images(
    first_layer_weights(mlp)[order],
    axes=unit_axes[:, 0],
    saturation=0.5,
    colorbar=False,
)
for (ax_weights, ax_most, ax_least), unit in zip(unit_axes, order, strict=True):
    ax_weights.images[0].set_interpolation("nearest")
    share = units.loc[unit, "share of top 100"]
    ax_weights.set_title(
        f"unit {unit}: {100 * share:.0f} % {units.loc[unit, 'top digit']}s",
        loc="left",
        fontsize="medium",
    )
    for ax, indices, label in ((ax_most, most, "most"), (ax_least, least, "least")):
        ax.imshow(
            montage(indices[unit, :9]),
            cmap="gray_r",
            vmin=0,
            vmax=1,
            interpolation="nearest",
        )
        ax.set_axis_off()
        ax.set_title(label, fontsize="medium")
fig.colorbar(unit_axes[0, 0].images[0], ax=axes, shrink=0.3, aspect=15, label="weight")
fig.suptitle("Each hidden unit, the test digits that excite it most and least")
# sphinx_gallery_start_ignore
first, last = order[0], order[-1]
fig.set_label(
    f"{n_units} rows, one per hidden unit: its weights, red and blue, and the 9 "
    "test digits that excite it most and least. Top rows respond mostly to one "
    f"digit (unit {first}: {units.loc[first, 'share of top 100']:.0%} "
    f"{units.loc[first, 'top digit']}s); lower ones mix digits (unit {last}: "
    f"{units.loc[last, 'share of top 100']:.0%} {units.loc[last, 'top digit']}s)."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The title of each weight image gives the digit most common among the
# unit's 100 strongest responses and its share of them. In the first rows the
# strongest responses are mostly one digit, written in several ways; lower
# down they mix digits that share strokes. The digits that excite a unit
# least are those whose ink falls where its weights are most negative; for
# many units they too are mostly one digit (the count is printed at the end).
#
# Which digits make up the 100 strongest responses
# ------------------------------------------------
# The full count, unit by unit, in the order of the figure above.
fig, ax = plt.subplots(figsize=(6.4, 6.2), layout="constrained")
counts = composition.loc[order]
image = ax.imshow(counts, cmap="Blues", vmin=0, vmax=100)
for (i, j), count in np.ndenumerate(counts.to_numpy()):
    if count:
        ax.text(
            j,
            i,
            count,
            ha="center",
            va="center",
            color="white" if count > 50 else "black",
        )
ax.set_xticks(range(10), counts.columns)
ax.set_yticks(range(n_units), [f"unit {unit}" for unit in order])
ax.set_xlabel("digit")
ax.tick_params(length=0)
fig.colorbar(image, ax=ax, shrink=0.6, label="test digits among the top 100")
ax.set_title("Digits among the 100 test digits each unit responds to most")
# sphinx_gallery_start_ignore
fig.set_label(
    f"A table of counts, {n_units} units by 10 digits, darker blue for more: how "
    "many of each digit are among the 100 test digits each unit responds to most. "
    f"The top rows have one dark cell, up to {counts.to_numpy().max()}; lower rows "
    "spread over several digits."
)
# sphinx_gallery_end_ignore
plt.show()

# sphinx_gallery_thumbnail_number = 1
# sphinx_gallery_tags = ["MNIST", "MLPClassifier", "activations", "weight images"]

# %%
# What the units have become
# --------------------------
# Claims about single units, computed from the counts above.
purest, most_mixed = order[0], order[-1]
majority = units[units["share of top 100"] > 0.5]
print(
    f"unit {purest}: {units.loc[purest, 'share of top 100']:.0%} of its top 100 "
    f"are {units.loc[purest, 'top digit']}s; it is active on "
    f"{units.loc[purest, 'active on test digits']:.0%} of all test digits"
)
print(
    f"unit {most_mixed}: its most common digit, "
    f"{units.loc[most_mixed, 'top digit']}, makes up only "
    f"{units.loc[most_mixed, 'share of top 100']:.0%} of its top 100"
)
print(
    f"{len(majority)} of {n_units} units have one digit as more than half of "
    f"their top 100: {sorted(majority['top digit'].unique().tolist())}"
)
detected = sorted(set(range(10)) - set(majority["top digit"]))
print(f"digits that no unit's top 100 is mostly made of: {detected}")
print(
    "units active on more than half of all test digits: "
    f"{int((units['active on test digits'] > 0.5).sum())} of {n_units}"
)
inhibited_by_one = int((units["share of bottom 100"] > 0.5).sum())
print(
    f"units whose 100 least exciting test digits are mostly one digit: "
    f"{inhibited_by_one} of {n_units}"
)

# sphinx_gallery_start_ignore
if not units.loc[purest, "share of top 100"] > 0.8:
    raise RuntimeError(
        "claim: more than 80 % of the purest unit's top 100 are one digit"
    )
if not units.loc[purest, "active on test digits"] > 0.5:
    raise RuntimeError("claim: the purest unit is active on most test digits")
if not inhibited_by_one > n_units / 2:
    raise RuntimeError("claim: for many units the least exciting are mostly one digit")
if not (len(majority) > n_units / 2 and detected):
    raise RuntimeError("claim: most units have a favourite digit, some digits none")
# sphinx_gallery_end_ignore

# %%
# Some units have become detectors, in a narrow sense: more than four in five
# of the purest unit's strongest responses are one digit. But the same unit is
# active on most test digits (the share is printed beside it): being excited
# most by one digit does not mean ignoring the others. Most units have a
# favourite digit, the majority of their top 100, yet the favourites cover
# only some of the ten digits. The digits printed last are nobody's favourite:
# the network recognises them through a combination of units, none of which
# is a detector for them. With only 16 units for 10 digits, sharing is a
# necessity. The next example follows that sharing through single decisions.
