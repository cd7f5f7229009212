"""
===================================================
The same helpers on a model of your own: 8x8 digits
===================================================

The other examples train on MNIST's 28x28 digits, but nothing in the helpers
of ``mlpviz`` is tied to MNIST. This example runs them on the kind of model a
reader brings: another dataset, scikit-learn's own 8x8 digits (bundled with
scikit-learn: nothing to download), and a network of its own, with two hidden
layers, that stops training early when a held-out part of its training set
stops improving.

It asks the questions of this section: what the first layer's weights look
like, which digits excite a unit most, which units decide one digit, how sure
the network is of its mistakes, and what it confuses. Where a helper cannot
answer for this network, it says so and why. The data are small and the
network trains in seconds.
"""

# %%
# Load the digits and train the network
# -------------------------------------
# :func:`~sklearn.datasets.load_digits` returns 1,797 digits of 8x8 pixels,
# one flattened image a row, with grey levels from 0 to 16; we scale them to
# [0, 1]. The network has 40 units in its first hidden layer and 20 in its
# second. With ``early_stopping=True``, scikit-learn sets 10 % of the training
# digits aside and stops when the accuracy on them has not improved for 10
# epochs, long before ``max_iter``: no ConvergenceWarning is expected, and
# none is silenced.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from mlpviz.training import plot_loss_curves

# sphinx_gallery_tags = ["8x8 digits", "MLPClassifier", "early stopping", "confidence"]

digits = load_digits()
X = digits.data / 16
y = digits.target
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)
mlp = MLPClassifier(
    hidden_layer_sizes=(40, 20), early_stopping=True, max_iter=500, random_state=0
)
mlp.fit(X_train, y_train)
y_pred = mlp.predict(X_test)
print(f"{len(X_train)} training digits, {len(X_test)} test digits, 8x8 pixels")
best = int(np.argmax(mlp.validation_scores_))
print(f"stopped after {mlp.n_iter_} epochs of at most {mlp.max_iter}")
print(
    f"best held-out accuracy: {mlp.best_validation_score_:.3f}, "
    f"first reached after epoch {best + 1}"
)
print(f"test accuracy: {np.mean(y_pred == y_test):.3f}")

fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
plot_loss_curves({"training loss": mlp}, ax=ax)
ax.legend(loc="center right")
held_out = ax.twinx()
epochs = np.arange(1, mlp.n_iter_ + 1)
held_out.plot(epochs, mlp.validation_scores_, color="tab:orange")
held_out.set_ylabel("held-out accuracy", color="tab:orange")
ax.set_title("Training stops once the held-out accuracy stalls")
plt.show()
# sphinx_gallery_start_ignore
assert X.shape == (1797, 64) and digits.data.max() == 16, "claim: the data's size"
assert mlp.n_iter_ < mlp.max_iter, "claim: training stopped early"
assert mlp.n_iter_ - (best + 1) >= mlp.n_iter_no_change, (
    "claim: the held-out accuracy stopped rising epochs before the end"
)
assert mlp.loss_curve_[-1] < mlp.loss_curve_[best], "claim: the loss kept falling"
fig.set_label(
    f"The training loss per epoch keeps falling, to {mlp.loss_:.3f} after "
    f"{mlp.n_iter_} epochs, while the held-out accuracy, on its own axis, stops "
    f"rising at epoch {best + 1}, at {mlp.best_validation_score_:.3f}: the last "
    f"{mlp.n_iter_ - best - 1} epochs are early stopping's patience."
)
# sphinx_gallery_end_ignore

# %%
# :func:`~mlpviz.training.plot_loss_curves` draws the loss that the network
# recorded after every epoch, whatever its layers; the held-out accuracy is
# in the model's ``validation_scores_``. The loss keeps falling to the end,
# while the held-out accuracy has stopped rising epochs before: those last
# epochs are the patience of early stopping.
#
# The first layer's weights as images
# -----------------------------------
# A unit of the first hidden layer gives each of the 64 pixels a weight, so
# its weights make an 8x8 image. :func:`~mlpviz.images.plot_weight_images`
# infers the square shape from the 64 weights of a unit; images that are not
# square take ``image_shape=(height, width)``.
import warnings

from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from mlpviz.images import plot_weight_images
from mlpviz.inspection import first_layer_weights, layer_activations

weights = first_layer_weights(mlp)
fig, axes = plt.subplots(5, 8, figsize=(7, 4.8), layout="constrained")
plot_weight_images(weights, axes=axes, titles=[f"{unit}" for unit in range(40)])
fig.suptitle("The 40 first-layer units' weights, one 8x8 image each")
plt.show()

blank = X_train.max(axis=0) == 0
blank_columns = np.unique(np.flatnonzero(blank) % 8)
print(
    f"pixels blank in every training digit: {blank.sum()}, in columns {blank_columns}"
)
magnitude = np.abs(weights)
print(
    f"largest |weight| on them: {magnitude[:, blank].max():.2f}; median "
    f"|weight| on the other pixels: {np.median(magnitude[:, ~blank]):.2f}"
)
# The starting weights: the same random_state draws them, and a learning
# rate of 1e-12 keeps them through one epoch. One epoch is no convergence:
# the ConvergenceWarning that says so is expected.
start = clone(mlp).set_params(
    early_stopping=False, max_iter=1, learning_rate_init=1e-12
)
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    start.fit(X_train, y_train)
size = np.linalg.norm(weights, axis=1)
start_size = np.linalg.norm(first_layer_weights(start), axis=1)
faint = np.flatnonzero(size < 0.25 * np.median(size))
never_active = np.flatnonzero(layer_activations(mlp, X_train)[1].max(axis=0) == 0)
print(f"units never active on a training digit: {never_active}")
for unit in faint:
    print(
        f"unit {unit}: weights of size {size[unit]:.2f}, against "
        f"{start_size[unit]:.2f} at the start and a median of {np.median(size):.2f}"
    )
# sphinx_gallery_start_ignore
assert set(blank_columns) <= {0, 7}, "claim: the blank pixels are in the edge columns"
assert magnitude[:, blank].max() < np.median(magnitude[:, ~blank]), (
    "claim: the blank pixels' weights are smaller than most"
)
assert len(faint) >= 1 and set(faint) <= set(never_active), (
    "claim: the faint units are silent for every training digit"
)
assert np.all(size[faint] < 0.3 * start_size[faint]), (
    "claim: the penalty shrank them to a fraction of their starting size"
)
fig.set_label(
    f"The {len(weights)} first-layer units' weights as 8x8 images: red and blue "
    "blobs a pixel or two wide. Almost blank, silent for every training digit: "
    f"{len(faint)} of the {len(weights)}. The pixels no digit inks, in the edge "
    "columns, have small weights."
)
# sphinx_gallery_end_ignore

# %%
# At 8x8 pixels the pictures are coarse: blobs of red and blue a pixel or two
# wide, ink that excites the unit in one place and ink that inhibits it in
# another. Two things in them have a cause we can check (the numbers are
# printed above). The few pixels that no training digit ever inks, all in the
# first and last columns, give their weights no gradient from the data: only
# the small L2 penalty (``alpha``) pulls them towards zero, and the largest
# of them is smaller than the median weight of the inked pixels. And a few
# units are almost blank altogether: they are among those that no training
# digit excites, so the penalty is all their weights feel, and it has shrunk
# them to a fraction of their starting size. (Adam, the default solver,
# takes steps of about the same size however small the gradient: even a small
# penalty goes far.)
#
# The digits that excite a unit most
# ----------------------------------
# :func:`~mlpviz.inspection.top_activating_samples` ranks the test digits by
# what a unit receives, in any hidden layer. A unit of the second layer has
# no picture of its weights: it weighs the 40 units of the first layer, not
# pixels. What it responds to is seen in its top digits. For three units of
# each layer, those whose eight top digits are most often one and the same
# digit, we draw the eight.
from mlpviz.images import plot_digit_grid
from mlpviz.inspection import top_activating_samples

N_TOP = 8


def purest_units(layer, n_units=3):
    """The units whose top digits are most often one digit, and that share."""
    top = top_activating_samples(mlp, X_test, k=N_TOP, layer=layer)
    share = np.array([np.bincount(y_test[row]).max() / N_TOP for row in top])
    units = np.argsort(-share, kind="stable")[:n_units]
    return units, top[units], share[units]


fig = plt.figure(figsize=(7, 4.4), layout="constrained")
for subfig, layer in zip(fig.subfigures(2, 1), (1, 2), strict=True):
    units, top, share = purest_units(layer)
    grid = subfig.subplots(3, N_TOP)
    for row, unit, samples in zip(grid, units, top, strict=True):
        plot_digit_grid(X_test[samples], y_true=y_test[samples], axes=row)
        row[0].set_ylabel(f"unit {unit}")
    subfig.suptitle(f"Layer {layer}: three units and their {N_TOP} top test digits")
plt.show()

shares = {}
for layer in (1, 2):
    units, top, shares[layer] = purest_units(layer)
    for unit, samples, share in zip(units, top, shares[layer], strict=True):
        label = np.bincount(y_test[samples]).argmax()
        print(f"layer {layer}, unit {unit}: {share:.0%} of its top digits are {label}s")
# sphinx_gallery_start_ignore
assert min(shares[1].min(), shares[2].min()) >= 0.75, (
    "claim: units of both layers pick one digit"
)
purest = round(min(shares[1].min(), shares[2].min()) * N_TOP)
fig.set_label(
    f"Three units of each hidden layer, each with its {N_TOP} top test digits. "
    "Each unit picks one digit out of ten: "
    + ("all" if purest == N_TOP else f"at least {purest}")
    + f" of its {N_TOP} are that digit."
)
# sphinx_gallery_end_ignore

# %%
# Units of both layers pick one digit out of ten: most or all of their top
# test digits are that digit (the shares are printed above). In the first
# layer that is a pattern of pixels; in the second it is a combination of
# first-layer units, one step closer to the decision.
#
# Which units decide one digit
# ----------------------------
# The output layer's score of a class adds one term per unit of the last
# hidden layer, here the second: the unit's activation times its weight to
# that class. :func:`~mlpviz.inspection.class_score_contributions` returns
# those terms, and :func:`~mlpviz.inspection.silenced_activations` recomputes
# the network with chosen units of a layer forced to zero. For the first
# test digit, we silence the second layer's units in the order of their
# terms, largest first, until the network's answer changes.
from mlpviz.evaluation import plot_top_classes
from mlpviz.inspection import (
    class_score_contributions,
    net_inputs,
    silenced_activations,
)

index = 0
digit = X_test[index : index + 1]
winner = y_pred[index]
terms = class_score_contributions(mlp, digit, winner)[0]
ranking = np.argsort(-terms, kind="stable")
for n_silenced in range(1, len(ranking) + 1):
    after = silenced_activations(mlp, digit, ranking[:n_silenced], layer=2)[-1][0]
    if mlp.classes_[after.argmax()] != winner:
        break
probabilities = mlp.predict_proba(X_test)

fig, axes = plt.subplot_mosaic(
    [["digit", "terms", "before"], ["digit", "terms", "after"]],
    figsize=(7, 3.2),
    width_ratios=[1, 3.4, 1.2],
    layout="constrained",
)
plot_digit_grid(
    digit, y_true=y_test[[index]], y_pred=y_pred[[index]], axes=[axes["digit"]]
)
axes["digit"].set_title(f"test digit {index}")
axes["terms"].bar(np.arange(len(ranking)), terms[ranking], color="tab:purple")
axes["terms"].axhline(0, color="black", linewidth=0.8)
axes["terms"].set_xticks(np.arange(len(ranking)), ranking, fontsize="small")
axes["terms"].set(xlabel="second-layer unit", ylabel="term of the score")
axes["terms"].set_title(f"The terms of the score of {winner}")
for name, values, title in (
    ("before", probabilities[index], "network"),
    ("after", after, f"top {n_silenced} silenced"),
):
    plot_top_classes(
        values, mlp.classes_, y_true=y_test[index], ax=axes[name], title=title
    )
fig.suptitle(f"Which second-layer units decide test digit {index}")
plt.show()

print(f"test digit {index}: a {y_test[index]}, read as {winner}")
print(f"units silent for it, adding nothing: {np.sum(terms == 0)} of {len(terms)}")
print(
    f"silencing the top {n_silenced} (units {ranking[:n_silenced]}) changes the "
    f"answer to {mlp.classes_[after.argmax()]}, with probability {after.max():.2f}"
)
# sphinx_gallery_start_ignore
column = np.searchsorted(mlp.classes_, winner)
score = net_inputs(mlp, digit, layer=len(mlp.coefs_))[0, column]
assert np.isclose(terms.sum() + mlp.intercepts_[-1][column], score), (
    "claim: the terms and the bias add up to the score"
)
assert winner == y_test[index], "claim: the network reads the digit right"
assert n_silenced <= 3 and np.sum(terms == 0) >= 5, (
    "claim: a few units decide, many add nothing"
)
fig.set_label(
    f"Test digit {index}, a {y_test[index]}; the terms of the score of {winner} "
    "from each second-layer unit, largest first; the top classes before and after "
    f"silencing the top {n_silenced} unit{'s' if n_silenced > 1 else ''}, which "
    "makes it "
    f"{mlp.classes_[after.argmax()]}. {np.sum(terms == 0)} of {len(terms)} units "
    "add nothing."
)
# sphinx_gallery_end_ignore

# %%
# The network reads this digit right, and very few units carry the
# decision: silencing the ones with the largest terms (printed above) is
# enough to change the answer. Many others add nothing at all: they are
# silent for this digit, and a silent unit's term is zero however large its
# weight.
#
# How sure it is of its mistakes
# ------------------------------
# The test digits the network gets wrong with the highest probability for its
# answer, each with its three most probable classes (the wrong winner in red,
# the true digit in blue when it is among them).
mistakes = np.flatnonzero(y_pred != y_test)
confidence = probabilities.max(axis=1)
shown = mistakes[np.argsort(-confidence[mistakes], kind="stable")[:4]]

fig, axes = plt.subplots(
    2, 4, figsize=(7, 3.4), height_ratios=[1.6, 1], layout="constrained"
)
plot_digit_grid(X_test[shown], y_true=y_test[shown], y_pred=y_pred[shown], axes=axes[0])
for ax, sample in zip(axes[1], shown, strict=True):
    plot_top_classes(probabilities[sample], mlp.classes_, y_true=y_test[sample], ax=ax)
fig.suptitle("The four most confident mistakes: predicted (true), top 3 classes")
plt.show()

right = y_pred == y_test
print(f"{len(mistakes)} mistakes among {len(y_test)} test digits")
print(
    f"median probability of the answer when wrong: {np.median(confidence[~right]):.2f}"
)
print(
    f"median probability of the answer when right: {np.median(confidence[right]):.2f}"
)
print(f"the most confident mistake: {confidence[shown[0]]:.2f}")
# sphinx_gallery_start_ignore
assert np.median(confidence[~right]) < np.median(confidence[right]) - 0.2, (
    "claim: it is much less sure of its wrong answers"
)
assert confidence[shown[0]] > 0.8, "claim: its most confident mistakes pass 0.8"
fig.set_label(
    f"The {len(shown)} most confident of the {len(mistakes)} mistakes, each with "
    "its three most probable classes: the wrong answer in red, the true digit in "
    f"blue when among them. Even so sure, from {confidence[shown[-1]]:.2f} to "
    f"{confidence[shown[0]]:.2f}, the network is wrong."
)
# sphinx_gallery_end_ignore

# %%
# This network is much less sure of its wrong answers than of its right
# ones: the median probabilities printed above are far apart. Yet its most
# confident mistakes still get a probability above 0.8.
#
# What it confuses
# ----------------
# :func:`~mlpviz.evaluation.per_class_success` counts the right answers class
# by class, and :func:`~mlpviz.evaluation.plot_misclassifications` draws, for
# each true digit, what it was taken for.
from mlpviz.evaluation import (
    misclassification_counts,
    per_class_success,
    plot_misclassifications,
)

success = per_class_success(y_test, y_pred, classes=mlp.classes_, total=True)
print(success.round(3))

fig, axes = plt.subplots(
    2, 5, figsize=(7, 3.6), sharex=True, sharey=True, layout="constrained"
)
plot_misclassifications(y_test, y_pred, classes=mlp.classes_, axes=axes)
fig.suptitle("What each test digit was mistaken for")
plt.show()

counts = misclassification_counts(y_test, y_pred, classes=mlp.classes_)
true_class, taken_for = np.unravel_index(counts.to_numpy().argmax(), counts.shape)
hardest = [int(c) for c in success["success rate"].drop("all").nsmallest(2).index]
print(f"the two hardest digits: {hardest}")
print(
    f"most frequent confusion: {counts.index[true_class]} taken for "
    f"{counts.columns[taken_for]}, {counts.to_numpy().max()} times"
)
# sphinx_gallery_start_ignore
assert sorted(hardest) == [8, 9], "claim: 8 and 9 are the hardest digits"
rates = success["success rate"].drop("all")
assert np.sum(rates > 0.95) >= 7, "claim: most digits are recognised almost always"
assert (counts.index[true_class], counts.columns[taken_for]) == (8, 1), (
    "claim: an 8 is most often taken for a 1"
)
assert any(y_test[shown] == 8) and all(y_pred[shown][y_test[shown] == 8] == 1), (
    "claim: the confident mistakes include 8s read as 1s"
)
fig.set_label(
    "Ten bar charts, one per true digit, of what its misclassified test digits "
    f"were taken for. {hardest[0]} and {hardest[1]} are the hardest; the largest "
    f"bar is {counts.index[true_class]} taken for {counts.columns[taken_for]}, "
    f"{counts.to_numpy().max()} times."
)
# sphinx_gallery_end_ignore

# %%
# Most digits are recognised almost every time; 8 and 9 are the hardest,
# and the most frequent confusion, printed above, is an 8 read as a 1, like
# the 8s among the most confident mistakes.
#
# Where a helper does not fit
# ---------------------------
# Two helpers cannot work on this network, and say why instead of drawing
# something wrong. The second layer's weights are not an image: each of its
# units has 40 weights, one per first-layer unit. And
# :func:`~mlpviz.training.record_snapshots`, which trains a network epoch by
# epoch with ``partial_fit``, cannot train one that stops early.
from mlpviz.training import record_snapshots

attempts = {
    "plot_weight_images": lambda: plot_weight_images(mlp.coefs_[1].T),
    "record_snapshots": lambda: record_snapshots(
        clone(mlp), X_train, y_train, n_epochs=5, random_state=0
    ),
}
refusals = {}
for name, attempt in attempts.items():
    try:
        attempt()
    except ValueError as error:
        refusals[name] = str(error)
        print(f"{name}: {error}\n")
# sphinx_gallery_start_ignore
assert sorted(refusals) == sorted(attempts), "claim: both helpers refuse"
assert "Only the first layer's weights" in refusals["plot_weight_images"]
assert "early_stopping" in refusals["record_snapshots"]
# sphinx_gallery_end_ignore

# %%
# Each message names the limit and the way out: first-layer weights for the
# pictures, and ``early_stopping=False`` for a network to be recorded while
# it trains. The other helpers worked on this network as on the MNIST ones:
# they take the layers, the image's shape and the classes from the model
# and the data. Images that are not square take ``image_shape=(height,
# width)``.

# sphinx_gallery_thumbnail_number = 2
