"""
======================
Watch the filters form
======================

The first section drew a network's first-layer weights as images after
training, and asked whether longer training makes them smoother. Here we
watch the weights of every hidden unit of a small network from the first
minibatch to the end of its training, and measure at every step how well the
network does and how rough its weight images are: the same question, asked
over time instead of once.

The network is small on purpose: one hidden layer of 16 ReLU units, trained
on MNIST's 60,000 training images with scikit-learn's default solver, Adam,
in minibatches of 200 images for 10 epochs. The other examples of this
section train the same network with ``fit``, which visits the images in
another random order, so their final weights differ a little from these.
"""

# %%
# The digits, as 32-bit floats
# ----------------------------
# :func:`~mlpviz.datasets.load_mnist_split` returns MNIST's official training
# and test sets, the pixels scaled to [0, 1] as 32-bit floats. scikit-learn's
# MLP keeps ``float32`` inputs in ``float32``: the network computes in single
# precision, with half the memory of ``float64``.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.neural_network import MLPClassifier

from mlpviz.datasets import load_mnist_split
from mlpviz.images import weight_roughness
from mlpviz.training import record_minibatch_snapshots

(X_train, y_train), (X_test, y_test) = load_mnist_split()

# %%
# Snapshots while it trains
# -------------------------
# :func:`~mlpviz.training.record_minibatch_snapshots` trains the network
# with ``partial_fit`` and keeps a copy of its weights, and of its output on
# the 10,000 test images, after the minibatches we ask for. The first epoch
# is where the weights change fastest, so we take snapshots after 1, 10, 30,
# 60, 100 and 200 of its 300 minibatches, then at the end of every
# epoch. The function draws a new order of the training images for every
# epoch from ``random_state``; ``shuffle=False`` leaves the order to it.
BATCH_SIZE = 200
N_EPOCHS = 10
BATCHES_PER_EPOCH = len(X_train) // BATCH_SIZE
first_epoch = [1, 10, 30, 60, 100, 200]
record_at = first_epoch + [BATCHES_PER_EPOCH * e for e in range(1, N_EPOCHS + 1)]

mlp = MLPClassifier(
    hidden_layer_sizes=(16,), batch_size=BATCH_SIZE, shuffle=False, random_state=0
)
snapshots = record_minibatch_snapshots(
    mlp,
    X_train,
    y_train,
    n_epochs=N_EPOCHS,
    record_at=record_at,
    X_record=X_test,
    random_state=0,
)
print(f"{len(snapshots)} snapshots, {snapshots.batches_per_epoch} minibatches an epoch")

# %%
# Accuracy and roughness at every snapshot
# ----------------------------------------
# The test accuracy comes from the recorded output: the class with the
# highest probability. The roughness is
# :func:`~mlpviz.images.weight_roughness`, the mean squared difference
# between neighbouring pixels of a weight image divided by its mean squared
# weight: independent pixel noise scores about 2, a smooth image close to 0.
# We take the median over the 16 units, of the weight images themselves and
# of what training has added to them since the first minibatch (the
# *learned part*, the weights minus those of the first snapshot).
unit_weights = np.stack([coefs[0].T for coefs in snapshots.coefs])
learned = unit_weights - unit_weights[0]
timeline = pd.DataFrame(
    {
        "epochs": snapshots.epochs,
        "test accuracy": [
            np.mean(mlp.classes_[layers[-1].argmax(axis=1)] == y_test)
            for layers in snapshots.activations
        ],
        "roughness": [np.median(weight_roughness(w)) for w in unit_weights],
        "learned part": [np.median(weight_roughness(w)) for w in learned],
        "largest |weight|": np.abs(unit_weights).max(axis=(1, 2)),
    },
    index=pd.Index(snapshots.steps, name="minibatches"),
)
timeline.loc[1, "learned part"] = np.nan  # nothing learned yet
timeline.round(3)

# %%
# The filters forming, frame by frame
# -----------------------------------
# Left, the weights of the 16 hidden units as 28x28 images, red where ink
# excites the unit, blue where it inhibits it, white for a weight of zero.
# All frames share one colour scale, saturated at half the largest weight
# ever reached, so the weights are seen growing. Right, the test accuracy and
# the roughness, with the current snapshot marked. Use the player's controls
# to move through training.
from matplotlib.animation import FuncAnimation

from mlpviz.images import tile_feature_maps


def moment(step):
    """Say how far training is after ``step`` minibatches."""
    if step < BATCHES_PER_EPOCH:
        return f"{step} minibatch{'es' if step > 1 else ''}"
    epochs = step // BATCHES_PER_EPOCH
    return f"{epochs} epoch{'s' if epochs > 1 else ''}"


def tiled(k):
    """The 16 weight images of snapshot ``k`` in one 4x4 grid, gaps blank."""
    images = unit_weights[k].reshape(-1, 28, 28)
    return tile_feature_maps(np.moveaxis(images, 0, -1), ncols=4, padding=2)


def draw_weights(ax, k):
    """Draw snapshot ``k``'s weights on the animation's colour scale."""
    ax.set_axis_off()
    return ax.imshow(
        tiled(k), cmap=weight_colours, vmin=-limit, vmax=limit, interpolation="nearest"
    )


limit = 0.5 * np.abs(unit_weights).max()
weight_colours = plt.get_cmap("RdBu_r").with_extremes(bad="white")
epochs = timeline["epochs"].to_numpy()

plt.rcParams["animation.html"] = "jshtml"
fig_anim = plt.figure(figsize=(5.6, 2.9), dpi=100, layout="constrained")
ax_weights, curves = fig_anim.subplots(1, 2, width_ratios=[1.15, 1])
curves.remove()
ax_accuracy, ax_rough = fig_anim.add_subfigure(curves.get_subplotspec()).subplots(
    2, 1, sharex=True
)
weights_image = draw_weights(ax_weights, 0)
fig_anim.colorbar(weights_image, ax=ax_weights, shrink=0.7, label="weight")
markers = {}
for ax, column, label in (
    (ax_accuracy, "test accuracy", None),
    (ax_rough, "roughness", "weights"),
    (ax_rough, "learned part", "learned part"),
):
    (line,) = ax.plot(epochs, timeline[column], label=label)
    (markers[column],) = ax.plot([], [], "o", color=line.get_color())
ax_accuracy.set(ylabel="test accuracy", ylim=(0, 1))
ax_rough.set(xscale="log", xlabel="epochs (log scale)", ylabel="roughness")
ax_rough.set_ylim(0, 3.7)
ax_rough.legend(loc="upper right", fontsize="small", handlelength=1.2)
title = fig_anim.suptitle("")


def show_snapshot(k):
    weights_image.set_data(tiled(k))
    for column, marker in markers.items():
        marker.set_data([epochs[k]], [timeline[column].iloc[k]])
    title.set_text(f"Weights of the 16 hidden units after {moment(snapshots.steps[k])}")
    return [weights_image, *markers.values(), title]


show_snapshot(len(snapshots) - 1)
# Lay the figure out once; frames then only swap data.
fig_anim.draw_without_rendering()
fig_anim.set_layout_engine("none")
show_snapshot(0)
animation = FuncAnimation(fig_anim, show_snapshot, frames=len(snapshots), interval=400)
# sphinx_gallery_start_ignore
accuracy, rough = timeline["test accuracy"], timeline["roughness"]
fig_anim.set_label(
    f"{len(snapshots)} frames, from 1 minibatch to {N_EPOCHS} epochs: the 16 units' "
    "weights go from speckle to broad blobs of one sign in the middle, which then "
    f"deepen. Test accuracy rises from {accuracy.iloc[0]:.2f} to "
    f"{accuracy.iloc[-1]:.2f}; roughness falls from {rough.iloc[0]:.2f} to "
    f"{rough.min():.2f}, then ends at {rough.iloc[-1]:.2f}."
)
# sphinx_gallery_end_ignore
animation

# %%
# Four moments side by side
# -------------------------
# The same 16 units at four of the snapshots, on the colour scale of the
# animation.
fig, axes = plt.subplots(2, 2, figsize=(5.6, 5.8), layout="constrained")
SHOWN_STEPS = [1, 100, BATCHES_PER_EPOCH, record_at[-1]]
for ax, step in zip(axes.ravel(), SHOWN_STEPS, strict=True):
    k = int(np.flatnonzero(snapshots.steps == step)[0])
    drawn = draw_weights(ax, k)
    ax.set_title(f"{moment(step)}\naccuracy {timeline['test accuracy'].iloc[k]:.2f}")
fig.colorbar(drawn, ax=axes, shrink=0.6, label="weight")
fig.suptitle("Weights of the 16 hidden units while the network trains")
# sphinx_gallery_start_ignore
shown_accuracy = [timeline["test accuracy"].loc[step] for step in SHOWN_STEPS]
fig.set_label(
    "The 16 units' weights after "
    + ", ".join(
        f"{moment(s)} (accuracy {a:.2f})"
        for s, a in zip(SHOWN_STEPS, shown_accuracy, strict=True)
    )
    + ": speckle, then blobs in the middle, then deeper colours; the frame stays "
    "speckled."
)
# sphinx_gallery_end_ignore
plt.show()

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_tags = ["MNIST", "MLPClassifier", "weight images", "animation"]

# %%
# After one minibatch the 16 images are the network's random start: faint
# speckle with no shape, one independent value per pixel. A hundred
# minibatches later, broad blobs of one sign have appeared in the middle of
# the square, where the digits have their ink. By the end of the first epoch
# the units have their shapes, and the following epochs mostly make them
# bolder: the colours deepen. The speckled frame, where no digit
# ever has ink, stays as it started, because its weights receive no
# gradient (the first section shows why).
#
# What the curves say
# -------------------
# The numbers behind the lower right panel of the animation, read from the
# table above:
table = timeline.reset_index()
after_epochs = table[table["minibatches"] >= BATCHES_PER_EPOCH]
start, one_epoch, end = table.iloc[0], after_epochs.iloc[0], table.iloc[-1]
smoothest = table.loc[table["roughness"].idxmin()]
learned_smoothest = table.loc[table["learned part"].idxmin()]
print(f"start: roughness {start['roughness']:.2f}")
print(
    f"after 1 epoch: roughness {one_epoch['roughness']:.2f}, learned part "
    f"{one_epoch['learned part']:.2f}"
)
print(
    f"smoothest weights after {smoothest['epochs']:.0f} epochs: "
    f"{smoothest['roughness']:.2f}"
)
print(
    f"smoothest learned part after {learned_smoothest['minibatches']:.0f} "
    f"minibatches: {learned_smoothest['learned part']:.2f}"
)
print(
    f"after {end['epochs']:.0f} epochs: roughness {end['roughness']:.2f}, "
    f"learned part {end['learned part']:.2f}"
)
same_layout = [
    np.corrcoef(first, last)[0, 1]
    for first, last in zip(
        unit_weights[after_epochs.index[0]], unit_weights[-1], strict=True
    )
]
print(
    f"correlation of a unit's weights after 1 and {N_EPOCHS} epochs: median "
    f"{np.median(same_layout):.2f}, lowest {min(same_layout):.2f}"
)

# sphinx_gallery_start_ignore
if abs(start["roughness"] - 2) > 0.1:
    raise RuntimeError("claim: the first snapshot is as rough as pixel noise (2)")
if not smoothest["epochs"] < end["epochs"]:
    raise RuntimeError("claim: the weights are smoothest before the last epoch")
if not np.all(np.diff(after_epochs["learned part"]) > 0):
    raise RuntimeError("claim: the learned part gets rougher at every epoch")
if not np.median(same_layout) > 0.5:
    raise RuntimeError("claim: most units keep the layout they have after epoch 1")
if not learned_smoothest["epochs"] < 1:
    raise RuntimeError("claim: the learned part is smoothest within epoch 1")
# sphinx_gallery_end_ignore

# %%
# So, does longer training give smoother weights? Over time the answer is
# *first yes, then no*, and the two curves say why.
#
# * At the start the weights are pure noise: a roughness close to 2.
# * What training adds is smooth from the first minibatches on. Early
#   gradients average over the 200 digits of a minibatch, and an average of
#   pen strokes is a broad blob; the learned part is smoothest within the first epoch.
#   As these blobs grow they drown the noise of the start, and the roughness
#   of the weights falls steeply during the first epoch.
# * By the end of the first epoch most units have the layout they keep: the
#   correlation between a unit's weights after the first and after the last
#   epoch is above one half for the median unit (printed above).
# * After that, the learned part gets rougher at every epoch: training now
#   adds detail finer than a pen stroke. Once this detail weighs more than
#   the remaining noise, the weights stop getting smoother: they are
#   smoothest after the epoch printed above, and a little rougher by the
#   last.
#
# The first section answers the same question for a different network, by
# comparing two moments of its training. The curves here show that the
# answer depends on when one looks: training first smooths, by covering the
# random start with broad strokes, and then roughens, by adding detail.
