"""
===========================================
A network on Ng's digits: the learning rate
===========================================

The course's next step replaces the ten logistic regressions with a network:
400 input pixels, one hidden layer of logistic units, and ten outputs. The
exercise prescribes 25 hidden units; like Sonya Sawtelle's 2016 write-up of
it with scikit-learn, we use 40, and plain stochastic gradient descent
(``solver="sgd"``, with scikit-learn's default Nesterov momentum). We train
the network twice: with scikit-learn's default learning rate of 0.001, and
with a learning rate of 1.

The loss curves of the two trainings, drawn on one figure, show why the first
one fails and the second one succeeds.
"""

# %%
# Two trainings, two learning rates
# ---------------------------------
# Everything but the learning rate is the same, including the seed of the
# initial weights and of the shuffling. The slow training stops at
# scikit-learn's default limit of 200 epochs (passes over the data) before
# it has converged; the ConvergenceWarning saying so is expected, and
# silenced. The pixels are converted to 32-bit floats, as in every network
# of this section: scikit-learn's MLP then computes in single precision,
# faster than in NumPy's default double precision, which changes the
# results only in their last digits.
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from mlpviz.datasets import load_ng_digits
from mlpviz.evaluation import per_class_success
from mlpviz.training import plot_loss_curves

# sphinx_gallery_thumbnail_number = 1
# sphinx_gallery_tags = ["Ng digits", "MLPClassifier", "loss curves", "learning rate"]

X, y = load_ng_digits(return_X_y=True)
X = X.astype(np.float32)

models = {}
for rate in (0.001, 1.0):
    mlp = MLPClassifier(
        hidden_layer_sizes=(40,),
        activation="logistic",
        solver="sgd",
        learning_rate_init=rate,
        max_iter=200,
        random_state=0,
    )
    with warnings.catch_warnings():
        # Expected for the rate 0.001: it needs far more than 200 epochs.
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
        mlp.fit(X, y)
    models[f"learning rate {rate:g}"] = mlp
    print(
        f"rate {rate:g}: {mlp.n_iter_} epochs, loss {mlp.loss_curve_[0]:.2f} after "
        f"the first, {mlp.loss_:.4f} after the last; "
        f"training accuracy {mlp.score(X, y):.4f}"
    )

# %%
# The loss, epoch by epoch
# ------------------------
# scikit-learn's output layer is a softmax over the ten labels (the course
# uses ten separate logistic units), and the loss is its cross-entropy,
# averaged over the images, plus a small L2 penalty on the weights. The
# logarithmic scale shows the end of the fast training as clearly as its
# start.
fig, ax = plt.subplots(figsize=(7, 4.5))
plot_loss_curves(models, ax=ax, log=True)
ax.set_title("Training loss of a 400-40-10 network, stochastic gradient descent")
# sphinx_gallery_start_ignore
slow, fast = models["learning rate 0.001"], models["learning rate 1"]
fig.set_label(
    "Training loss per epoch, log scale, for the learning rates 0.001 and 1. With "
    f"0.001 it creeps from {slow.loss_curve_[0]:.2f} to {slow.loss_:.2f} in "
    f"{slow.n_iter_} epochs, still falling; with 1 it drops below 0.1 by epoch "
    f"{np.argmax(np.array(fast.loss_curve_) < 0.1) + 1} and stops after "
    f"{fast.n_iter_}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
slow, fast = models["learning rate 0.001"], models["learning rate 1"]
first_below = {}
for threshold in (0.1, 0.01):
    first_below[threshold] = int(np.argmax(np.array(fast.loss_curve_) < threshold)) + 1
    print(f"rate 1: loss first below {threshold:g} at epoch {first_below[threshold]}")
# sphinx_gallery_start_ignore
assert slow.loss_curve_[-1] < slow.loss_curve_[-10], "claim: the slow loss still falls"
assert slow.score(X, y) < 0.9, "claim: the slow network is worse than one-vs-rest"
assert first_below[0.1] <= 10, "claim: below 0.1 within the first ten epochs"
assert fast.n_iter_ < fast.max_iter / 2, "claim: the fast training stops long before"
# sphinx_gallery_end_ignore

# %%
# With the learning rate 0.001, the loss creeps down epoch after epoch (the
# first and the last are printed above), and is still falling at the
# 200th: the optimiser was stopped, it did not finish. That network
# classifies a smaller share of its training images correctly than the
# one-vs-rest logistic regression of the previous example. Running it
# longer would help, but bigger steps help more: with the rate 1, the loss
# drops below 0.1 within the first ten epochs, and scikit-learn stops long
# before the limit of 200 epochs, because the loss has not improved by more
# than ``tol`` (1e-4) for 10 epochs in a row. No warning this time: the
# training converged.
#
# Success on the training images
# ------------------------------
n_parameters = sum(array.size for array in fast.coefs_ + fast.intercepts_)
print(f"{n_parameters} weights and biases")
success = per_class_success(y, fast.predict(X), total=True)
# sphinx_gallery_start_ignore
assert success.loc["all", "success rate"] == 1, "claim: every image is right"
# sphinx_gallery_end_ignore
success

# %%
# Every one of the 5,000 training images is classified correctly. That is
# too good to be trusted: a network with that many weights and biases
# (printed above) can learn 5,000 images by heart. How well it does on
# images it has not seen is the subject of the next example.
