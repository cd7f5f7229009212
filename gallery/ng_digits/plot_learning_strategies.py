"""
====================================
Learning rates, momentum and solvers
====================================

How fast a network learns depends as much on the optimiser as on the
network. On Ng's 5,000 digits, with the 400-40-10 network of logistic units
of this section, we compare the training loss, epoch by epoch, for a range of
learning rates, for the learning-rate schedules and momentum schemes of
scikit-learn's stochastic gradient descent, and for the Adam and L-BFGS
solvers, in the spirit of scikit-learn's "Compare Stochastic learning
strategies for MLPClassifier".

Most trainings stop after 50 epochs (``max_iter=50``), which is enough to
rank the strategies; set ``MAX_EPOCHS`` to 200, scikit-learn's default, for
the full trainings.
"""

# %%
# The learning rate
# -----------------
# Stochastic gradient descent with scikit-learn's defaults (constant rate,
# Nesterov momentum of 0.9, batches of 200 images), from the same initial
# weights, with learning rates a factor of 10 apart. Trainings stopped by
# ``max_iter`` raise a ConvergenceWarning: expected here, and silenced. The
# pixels are 32-bit floats, as in every network of this section: the
# networks compute in single precision, which is faster and changes the
# results only in their last digits.
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from mlpviz.datasets import load_ng_digits
from mlpviz.training import plot_loss_curves

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_tags = ["Ng digits", "MLPClassifier", "loss curves", "optimisers"]

X, y = load_ng_digits(return_X_y=True)
X = X.astype(np.float32)
MAX_EPOCHS = 50


def train(max_iter=MAX_EPOCHS, **params):
    """Fit the section's network with the given optimiser settings."""
    mlp = MLPClassifier(
        hidden_layer_sizes=(40,),
        activation="logistic",
        max_iter=max_iter,
        random_state=0,
        **params,
    )
    with warnings.catch_warnings():
        # Stopping at max_iter on purpose: the warning is expected.
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
        return mlp.fit(X, y)


rates = {
    f"rate {rate:g}": train(solver="sgd", learning_rate_init=rate)
    for rate in (0.01, 0.1, 1, 10)
}

fig, ax = plt.subplots(figsize=(7, 4.5))
plot_loss_curves(rates, ax=ax, log=True)
ax.set_title("Stochastic gradient descent: the learning rate")
plt.show()
for name, mlp in rates.items():
    accuracy = mlp.score(X, y)
    print(
        f"{name}: {mlp.n_iter_} epochs, loss {mlp.loss_:.4f}, accuracy {accuracy:.4f}"
    )

too_large = rates["rate 10"]
labels_given = np.unique(too_large.predict(X))
after_first = np.array(too_large.loss_curve_[1:])
print(
    f"rate 10: loss {too_large.loss_curve_[0]:.1f} after the first epoch, then "
    f"from {after_first.min():.1f} to {after_first.max():.1f}; ln 10 = {np.log(10):.2f}"
)
print(f"rate 10: labels given to the 5,000 images: {labels_given.tolist()}")
# sphinx_gallery_start_ignore
losses = [rates[f"rate {rate:g}"].loss_ for rate in (0.01, 0.1, 1)]
assert losses[1] < losses[0] / 3 and losses[2] < losses[1] / 3, (
    "claim: each tenfold rate up to 1 lowers the loss by a large factor"
)
guessing = np.log(10)  # the loss of giving each of the ten labels 1/10
assert too_large.loss_curve_[0] > guessing, "claim: above ln 10 after one epoch"
assert guessing < after_first.min() and after_first.max() < guessing + 1, (
    "claim: at rate 10 the loss then stays a little above ln 10"
)
assert too_large.n_iter_ < MAX_EPOCHS and len(labels_given) == 1, (
    "claim: at rate 10 sgd gives up early, with one label for every image"
)
fig.set_label(
    "Training loss per epoch, log scale, of gradient descent with the learning "
    f"rates {', '.join(name.split()[1] for name in rates)}. Each tenfold rate up to "
    f"1 ends lower, from {losses[0]:.3f} to {losses[2]:.4f}; at 10 the loss stays "
    f"just above ln 10 and training stops after {too_large.n_iter_} epochs."
)
# sphinx_gallery_end_ignore

# %%
# Each tenfold increase of the rate up to 1 lowers the loss reached after 50
# epochs by a large factor (more than three each time). At 10 the steps
# overshoot: the loss jumps above ln 10 in the first epoch and then stays a
# little above it, no better than guessing one of ten labels at random, until
# scikit-learn gives up after too many epochs without improvement, with a
# network that gives every image the same label (printed above) and so has
# an accuracy of 10 %. The best rate is close to the largest one that does
# not diverge, and has to be found by trying.
#
# Schedules and momentum
# ----------------------
# With the rate 1 that worked best, we vary the two other settings of
# ``solver="sgd"``:
#
# - the schedule: ``"constant"`` keeps the rate, ``"invscaling"`` divides it
#   by the square root of the number of images seen so far;
# - the momentum: none (each step follows the current gradient), classical
#   momentum of 0.9 (each step keeps 90 % of the previous one), or Nesterov's
#   variant (the gradient is taken where the momentum is about to carry the
#   weights).
#
# Adam adapts a rate per weight from running averages of the gradients; it
# gets the rate of 0.01 that scikit-learn's example uses. L-BFGS is not a
# stochastic method: it uses all the images at every step, and records no
# loss per epoch (``loss_curve_`` does not exist for it), only a final loss
# ``loss_``, drawn as a horizontal line.
momentum_schemes = {
    "no momentum": {"momentum": 0.0},
    "momentum": {"momentum": 0.9, "nesterovs_momentum": False},
    "Nesterov": {"momentum": 0.9, "nesterovs_momentum": True},
}
strategies, styles = {}, {}
for schedule, linestyle in [("constant", "-"), ("invscaling", "--")]:
    for color, (scheme, params) in zip(
        ["C0", "C1", "C2"], momentum_schemes.items(), strict=True
    ):
        name = f"{schedule}, {scheme}"
        strategies[name] = train(
            solver="sgd", learning_rate=schedule, learning_rate_init=1.0, **params
        )
        styles[name] = {"color": color, "linestyle": linestyle}
strategies["adam, rate 0.01"] = train(solver="adam", learning_rate_init=0.01)
styles["adam, rate 0.01"] = {"color": "black", "linestyle": ":"}
lbfgs = train(solver="lbfgs", max_iter=200)

fig, ax = plt.subplots(figsize=(7, 5.5), layout="constrained")
plot_loss_curves(strategies, ax=ax, log=True, styles=styles)
ax.axhline(
    lbfgs.loss_,
    color="C3",
    linewidth=1,
    label=f"lbfgs: final loss ({lbfgs.n_iter_} iterations)",
)
# Below the axes, the legend hides no curve.
ax.get_legend().remove()
fig.legend(loc="outside lower center", ncols=2)
ax.set_title("Schedules, momentum and solvers (learning rate 1 for sgd)")
# sphinx_gallery_start_ignore
fig.set_label(
    f"Loss per epoch, log scale, of {len(strategies)} strategies: constant or "
    "invscaling rate with no, classical or Nesterov momentum, and Adam. Constant "
    "with momentum ends lowest, at "
    f"{min(strategies[f'constant, {m}'].loss_ for m in ('momentum', 'Nesterov')):.1e}"
    "; invscaling stalls highest; "
    f"L-BFGS's final loss, a line, is lower still: {lbfgs.loss_:.1e}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# A table of where each training ended:
models = {**strategies, "lbfgs": lbfgs}
summary = pd.DataFrame(
    {
        "epochs or iterations": [mlp.n_iter_ for mlp in models.values()],
        "final loss": [mlp.loss_ for mlp in models.values()],
        "training accuracy": [mlp.score(X, y) for mlp in models.values()],
    },
    index=pd.Index(list(models), name="strategy"),
)
print(f"invscaling: the rate after one epoch is divided by {np.sqrt(len(X)):.0f}")
# sphinx_gallery_start_ignore
loss, accuracy = summary["final loss"], summary["training accuracy"]
assert loss["constant, no momentum"] > 10 * loss["constant, momentum"], (
    "claim: momentum matters most"
)
assert accuracy[["constant, momentum", "constant, Nesterov"]].eq(1).all(), (
    "claim: with momentum, every training image is right"
)
assert abs(loss["constant, momentum"] / loss["constant, Nesterov"] - 1) < 0.05, (
    "claim: classical and Nesterov momentum are indistinguishable"
)
invscaling = loss[[name for name in models if name.startswith("invscaling")]]
assert invscaling.min() > loss["constant, no momentum"], (
    "claim: invscaling stalls above even the constant rate without momentum"
)
assert (
    loss["constant, momentum"] < loss["adam, rate 0.01"] < loss["constant, no momentum"]
), "claim: Adam ends between plain sgd and sgd with momentum"
assert (1 - accuracy["adam, rate 0.01"]) * len(X) <= 5, "claim: Adam misses a few"
assert loss.idxmin() == "lbfgs" and lbfgs.n_iter_ < 200, (
    "claim: L-BFGS reaches the lowest loss, stopping on its own"
)
# sphinx_gallery_end_ignore
summary.round(4)

# %%
# Momentum matters most: without it, the constant rate ends at a loss more
# than ten times higher than with it, and short of a perfect training
# accuracy; with either kind of momentum, every training image is right.
# Classical and Nesterov momentum are indistinguishable here. The
# ``invscaling`` schedule shrinks the rate too fast for this problem: after
# one epoch the rate is already divided by the number printed above, and
# the loss stalls higher than even the constant rate without momentum.
# Adam ends between plain gradient descent and gradient descent with
# momentum, and fits all but a few training images. L-BFGS reaches the
# lowest loss of all, and stops on its own before 200 iterations: on a
# small data set that fits in memory, a full-batch quasi-Newton method is a
# strong choice, and it has no learning rate to tune.
#
# The adaptive schedule
# ---------------------
# ``learning_rate="adaptive"`` keeps the rate constant as long as the loss
# keeps falling. Only when it has not improved by ``tol`` for
# ``n_iter_no_change`` (10) epochs in a row, which is where the constant
# schedule stops, does it divide the rate by 5 and carry on. Within 50 epochs
# nothing of the sort happens at these settings (the constant schedule above
# ran all 50), so its curves would lie on top of the constant ones; we let
# it, and the constant schedule it is compared with, run up to 200 epochs.
adaptive = {
    schedule: train(
        solver="sgd", learning_rate=schedule, learning_rate_init=1.0, max_iter=200
    )
    for schedule in ("constant", "adaptive")
}
constant_curve = np.array(adaptive["constant"].loss_curve_)
adaptive_curve = np.array(adaptive["adaptive"].loss_curve_)
# Show the tail: from where the loss first falls below 2.5 times the
# adaptive schedule's final loss, to a few epochs after its last.
top = 2.5 * adaptive_curve[-1]
first_epoch = int(np.argmax(adaptive_curve < top)) + 1
fig, ax = plt.subplots(figsize=(7, 4.5))
plot_loss_curves(
    adaptive,
    ax=ax,
    styles={"constant": {"linewidth": 5, "alpha": 0.4}, "adaptive": {"color": "black"}},
)
ax.set_xlim(first_epoch, len(adaptive_curve) + 5)
ax.set_ylim(0.9 * adaptive_curve.min(), top)
ax.legend(loc="best")
ax.set_title("Constant and adaptive schedules, Nesterov momentum, rate 1 (tail)")
plt.show()
for name, mlp in adaptive.items():
    print(f"{name}: {mlp.n_iter_} epochs, final loss {mlp.loss_:.5f}")
print(
    f"the adaptive schedule's extra {len(adaptive_curve) - len(constant_curve)} "
    f"epochs lower the loss by {1 - adaptive_curve[-1] / constant_curve[-1]:.0%}"
)
# sphinx_gallery_start_ignore
assert strategies["constant, Nesterov"].n_iter_ == MAX_EPOCHS, (
    "claim: within 50 epochs the constant schedule does not stop"
)
assert np.array_equal(adaptive_curve[: len(constant_curve)], constant_curve), (
    "claim: the two curves coincide until the constant schedule stops"
)
assert len(adaptive_curve) < 200, "claim: the adaptive schedule stops on its own"
assert 0 < 1 - adaptive_curve[-1] / constant_curve[-1] < 0.2, (
    "claim: the adaptive schedule lowers the loss a little further"
)
assert all(mlp.score(X, y) == 1 for mlp in adaptive.values()), (
    "claim: both networks classify every training image correctly"
)
fig.set_label(
    "The end of two loss curves, constant and adaptive schedules, linear scale. "
    f"They coincide until the constant one stops after {len(constant_curve)} "
    f"epochs; the adaptive one goes on to {len(adaptive_curve)} and ends "
    f"{1 - adaptive_curve[-1] / constant_curve[-1]:.0%} lower."
)
# sphinx_gallery_end_ignore

# %%
# The figure shows only the end of the trainings, on a linear scale. The two
# curves coincide until the constant schedule stops. The adaptive schedule
# goes on with a rate of 0.2, and the loss falls a little further; every
# time it settles again, the rate is divided by 5 once more, until it is
# below 1e-6, the adaptive schedule's own stopping point. The extra epochs
# and the few per cent they take off the loss are printed above. Both
# networks classify every training image correctly; on this problem, a
# finer schedule polishes a loss that is already tiny.
