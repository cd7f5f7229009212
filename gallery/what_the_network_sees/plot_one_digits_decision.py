"""
=====================
One digit's decision
=====================

A network's answer for one digit is a sum: each hidden unit's activation,
times the weight that connects it to a class, adds to that class's score,
and the class with the highest score wins. Splitting the winning score into
these terms shows which units made the decision. Attributing a decision to
hidden units this way is one of the "building blocks" that Olah and
colleagues combine in their Distill article "The Building Blocks of
Interpretability" (2018).

We follow three test digits through the small network of this section (16
ReLU units, 10 epochs of Adam on MNIST's 60,000 training images): one it
gets right, one it gets wrong, and one it hesitates on between 4 and 9. For
each we rank the hidden units by their share of the winning score, draw the
weights of the top ones, and silence them to see whether the answer
changes.
"""

# %%
# Train the network
# -----------------
# The same network as in the other examples of this section. Ten epochs stop
# before the loss has settled; the ConvergenceWarning is expected.
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
probabilities = mlp.predict_proba(X_test)
predicted = mlp.classes_[probabilities.argmax(axis=1)]
print(f"test accuracy: {np.mean(predicted == y_test):.3f}")

# %%
# Three digits, chosen by rules
# -----------------------------
# * *right*: the first test digit the network classifies correctly;
# * *wrong*: the first test digit it gets wrong;
# * *4 or 9*: of the test digits whose two most probable classes are 4 and
#   9, the one where those two probabilities are closest.
from mlpviz.evaluation import top_classes

best_two, best_two_probabilities = top_classes(probabilities, mlp.classes_, k=2)
four_or_nine = np.flatnonzero(np.all(np.sort(best_two, axis=1) == [4, 9], axis=1))
margins = (
    best_two_probabilities[four_or_nine, 0] - best_two_probabilities[four_or_nine, 1]
)
chosen = {
    "right": int(np.flatnonzero(predicted == y_test)[0]),
    "wrong": int(np.flatnonzero(predicted != y_test)[0]),
    "4 or 9": int(four_or_nine[np.argmin(margins)]),
}
pd.DataFrame(
    {
        "test image": chosen.values(),
        "true digit": y_test[list(chosen.values())],
        "predicted": predicted[list(chosen.values())],
        "probability": probabilities[list(chosen.values())].max(axis=1),
    },
    index=chosen.keys(),
).round(3)

# %%
# Who adds what to the winning score
# ----------------------------------
# :func:`~mlpviz.inspection.class_score_contributions` multiplies each hidden
# unit's activation for a digit by the unit's outgoing weight to the winning
# class. These 16 terms plus the class's bias are the winning score, the
# number that softmax turns into a probability together with the other
# classes' scores. The build checks that the sum is exact; we then rank the
# units.
#
# :func:`~mlpviz.inspection.silenced_activations` recomputes the network's output
# with chosen hidden units forced to zero, without touching the model. We
# silence the units in the order of their contribution, the largest first,
# until the prediction changes.
from mlpviz.inspection import (
    class_score_contributions,
    net_inputs,
    silenced_activations,
    top_activating_samples,
)


def explain(index):
    """Rank the units for test digit ``index`` and silence them in turn."""
    digit = X_test[index : index + 1]
    winner = predicted[index]
    contributions = class_score_contributions(mlp, digit, winner)[0]
    ranking = np.argsort(-contributions, kind="stable")
    for n_silenced in range(1, len(ranking) + 1):
        after = silenced_activations(mlp, digit, ranking[:n_silenced])[-1][0]
        if mlp.classes_[after.argmax()] != winner:
            break
    return contributions, ranking, n_silenced, after


decisions = {name: explain(index) for name, index in chosen.items()}

# Each unit's favourite digit: the most common among the 100 test digits that
# excite it most (the previous example shows them).
favourite = [
    np.bincount(y_test[row]).argmax()
    for row in top_activating_samples(mlp, X_test, k=100)
]
for name, (contributions, ranking, n_silenced, after) in decisions.items():
    index = chosen[name]
    print(f"{name}: test image {index}, a {y_test[index]} read as {predicted[index]}")
    for unit in ranking[:3]:
        print(
            f"    unit {unit:2d} adds {contributions[unit]:+.2f} "
            f"(its favourite digit: {favourite[unit]})"
        )
    print(
        f"    silencing the top {n_silenced} makes it "
        f"{mlp.classes_[after.argmax()]} ({after.max():.0%})"
    )
# sphinx_gallery_start_ignore
scores = net_inputs(mlp, X_test, layer=2)  # the class scores before softmax
for name, index in chosen.items():
    contributions = decisions[name][0]
    column = int(np.searchsorted(mlp.classes_, predicted[index]))
    np.testing.assert_allclose(
        contributions.sum() + mlp.intercepts_[-1][column],
        scores[index, column],
        rtol=1e-4,
        err_msg="claim: the winning score is the sum of the units' terms and a bias",
    )
# sphinx_gallery_end_ignore

# %%
# The three decisions
# -------------------
# In each figure: top left, the digit. Top middle, the 16 terms of the
# winning score, one bar per hidden unit, largest first; the colours go from
# red (pushes the winning score up) through white (nothing) to blue (holds it
# back), on one scale per figure. Bottom, the weight images of the four
# units that add most, framed in the colour of their bar. Right, the three
# most probable classes before and after silencing the top units, with the
# true digit's bar in blue and a wrong winner's in red.
from matplotlib.colors import Normalize

from mlpviz.evaluation import plot_top_classes
from mlpviz.images import plot_weight_images
from mlpviz.inspection import first_layer_weights

N_SHOWN = 4
weights = first_layer_weights(mlp)


def plot_decision(name):
    index = chosen[name]
    contributions, ranking, n_silenced, after = decisions[name]
    fig, axes = plt.subplot_mosaic(
        [
            ["digit", "terms", "terms", "terms", "before"],
            [*(f"unit {k}" for k in range(N_SHOWN)), "after"],
        ],
        figsize=(7.2, 3.9),
        layout="constrained",
    )
    limit = np.abs(contributions).max()
    colours = plt.get_cmap("RdBu_r")
    to_colour = Normalize(-limit, limit)

    axes["digit"].imshow(
        X_test[index].reshape(28, 28), cmap="gray_r", interpolation="nearest"
    )
    axes["digit"].set_axis_off()
    axes["digit"].set_title(f"true digit: {y_test[index]}")

    terms = axes["terms"]
    sorted_terms = contributions[ranking]
    terms.bar(
        np.arange(len(ranking)),
        sorted_terms,
        color=colours(to_colour(sorted_terms)),
        edgecolor="grey",
        linewidth=0.5,
    )
    terms.axhline(0, color="black", lw=0.8)
    terms.set_xticks(np.arange(len(ranking)), ranking)
    terms.set(xlabel="hidden unit", xlim=(-0.6, len(ranking) - 0.4))
    terms.set_title(f"terms of the score of {predicted[index]}")

    unit_axes = [axes[f"unit {k}"] for k in range(N_SHOWN)]
    plot_weight_images(
        weights[ranking[:N_SHOWN]], axes=unit_axes, saturation=0.5, colorbar=False
    )
    for rank, (ax, unit) in enumerate(zip(unit_axes, ranking, strict=False)):
        ax.images[0].set_interpolation("nearest")
        ax.set_axis_on()
        ax.set(xticks=[], yticks=[])
        for spine in ax.spines.values():
            spine.set(color=colours(to_colour(contributions[unit])), linewidth=4)
        ax.set_title(f"#{rank + 1} unit {unit}\n{contributions[unit]:+.2f}")

    plot_top_classes(
        probabilities[index],
        mlp.classes_,
        y_true=y_test[index],
        ax=axes["before"],
        title="network",
    )
    plot_top_classes(
        after,
        mlp.classes_,
        y_true=y_test[index],
        ax=axes["after"],
        title=f"top {n_silenced} silenced",
    )
    fig.suptitle(f"Test image {index} ({name}): which hidden units decide")
    # sphinx_gallery_start_ignore
    fig.set_label(
        f"Test image {index}, a {y_test[index]} read as {predicted[index]}: the "
        f"{len(ranking)} units' terms of its score, largest first, the weights of "
        f"the top {N_SHOWN}, and the top classes before and after silencing the top "
        f"{n_silenced}, which makes it {mlp.classes_[after.argmax()]}. Unit "
        f"{ranking[0]} adds most: {contributions[ranking[0]]:+.2f}."
    )
    # sphinx_gallery_end_ignore
    plt.show()


plot_decision("right")

# %%
plot_decision("wrong")

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_tags = ["MNIST", "MLPClassifier", "activations", "attribution"]

# %%
plot_decision("4 or 9")

# %%
# What the three decisions have in common
# ---------------------------------------
top_unit_is_a_detector = {
    name: bool(favourite[ranking[0]] == predicted[chosen[name]])
    for name, (_, ranking, _, _) in decisions.items()
}
n_silenced = {name: decision[2] for name, decision in decisions.items()}
print(f"top unit's favourite digit is the answer: {top_unit_is_a_detector}")
print(f"units silenced to change the answer: {n_silenced}")
busy = int(np.sum((net_inputs(mlp, X_test) > 0).mean(axis=0) > 0.5))
print(f"units active on more than half of the test digits: {busy} of 16")
_, _, _, wrong_after = decisions["wrong"]
wrong_index = chosen["wrong"]
print(
    f"wrong digit after silencing: {mlp.classes_[wrong_after.argmax()]}, "
    f"true {y_test[wrong_index]}"
)

# sphinx_gallery_start_ignore
if any(top_unit_is_a_detector.values()):
    raise RuntimeError("claim: no top unit has the answer as its favourite digit")
if max(n_silenced.values()) > 3:
    raise RuntimeError("claim: silencing at most three units changes each answer")
if busy <= 8:
    raise RuntimeError("claim: most units are active on most digits")
if n_silenced["4 or 9"] > min(n_silenced.values()):
    raise RuntimeError("claim: the 4-or-9 digit needs the fewest units silenced")
if mlp.classes_[wrong_after.argmax()] == y_test[wrong_index]:
    raise RuntimeError("claim: silencing does not bring back the true digit")
# sphinx_gallery_end_ignore

# %%
# * **Few units carry each decision.** Silencing at most three units, the
#   ones that add most, changes every one of the three answers (the counts
#   are printed above). The other units add less, and some hold the winning
#   score back: the blue bars.
# * **The units that decide are not detectors of the answer.** In none of
#   the three digits is the unit that adds most one whose favourite digit,
#   in the sense of the previous example, is the answer: the favourites of
#   the top units are printed beside them. A unit that likes another digit
#   best can still push this one up: most units are active on most digits,
#   and what a unit's activity means for each class lies in its outgoing
#   weights, not in the digits that excite it most.
# * **Silencing removes evidence; it does not reveal the truth.** With its
#   top units silenced, the misread digit is not read as its true digit but
#   as a third one, printed above. The network's remaining units simply
#   support another wrong answer.
# * **An ambiguous digit hangs on a thread.** For the digit between 4 and 9,
#   the fewest units of the three are enough to flip the answer.
#
# These attributions are exact for this network, because the output score is
# a sum. For deeper networks the same split is only a first step: a unit's
# activation itself depends on many units below, which is why attribution
# methods for large networks are a research field of their own.
