"""
===========================
Confidence and mistakes
===========================

A classifier's probabilities look like a measure of how sure it is. This
example checks how far that holds for the small network of this section
(16 ReLU units, 10 epochs of Adam on MNIST's 60,000 training images): which
digits it confuses, how sure it is when it is wrong, and what it says about
images that are no digit at all.

Two classic demonstrations inspired the last part: Andrej Karpathy's
ConvNetJS MNIST demo, which shows every test digit with bars for its three
most probable classes, and the question 3Blue1Brown's video series on
neural networks asks of a digit network: what does it answer for random
noise?
"""

# %%
# Train the network
# -----------------
# The same network as in the other examples of this section. Ten epochs stop
# before the loss has settled; the ConvergenceWarning is expected.
import warnings

import matplotlib.pyplot as plt
import numpy as np
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
confidence = probabilities.max(axis=1)
wrong = predicted != y_test
print(f"test accuracy: {1 - wrong.mean():.3f} ({wrong.sum()} mistakes)")

# %%
# What it confuses
# ----------------
# scikit-learn's :class:`~sklearn.metrics.ConfusionMatrixDisplay` counts the
# test digits of each true class (rows) by the class the network gave them
# (columns). The diagonal holds the correct answers.
from sklearn.metrics import ConfusionMatrixDisplay

fig, ax = plt.subplots(figsize=(5.6, 5.2), layout="constrained")
display = ConfusionMatrixDisplay.from_predictions(
    y_test, predicted, ax=ax, cmap="Blues", colorbar=False
)
ax.set(xlabel="predicted digit", ylabel="true digit")
ax.set_title("Test digits by true and predicted class")
# sphinx_gallery_start_ignore
matrix = display.confusion_matrix * (1 - np.eye(10, dtype=int))
true_class, predicted_class = np.unravel_index(matrix.argmax(), matrix.shape)
fig.set_label(
    f"The confusion matrix of the {len(y_test)} test digits, true class by row, "
    f"predicted by column. {1 - wrong.mean():.1%} lie on the diagonal; the largest "
    f"cell off it: {true_class} read as {predicted_class}, {matrix.max()} times."
)
# sphinx_gallery_end_ignore
plt.show()

confusions = display.confusion_matrix.copy()
np.fill_diagonal(confusions, 0)
true_class, predicted_class = np.unravel_index(confusions.argmax(), confusions.shape)
print(
    f"most frequent confusion: {true_class} read as {predicted_class}, "
    f"{confusions.max()} times"
)
per_class = display.confusion_matrix.diagonal() / display.confusion_matrix.sum(axis=1)
print(
    f"best recognised: {per_class.argmax()} ({per_class.max():.1%}), "
    f"worst: {per_class.argmin()} ({per_class.min():.1%})"
)

# %%
# Most mistakes sit in a few cells, between digits that share strokes; the
# most frequent confusion and the best and worst recognised digits are
# printed above.
#
# The most confident mistakes
# ---------------------------
# The 8 test digits the network gets wrong with the highest probability for
# its answer, each with bars for its three most probable classes, as in
# Karpathy's demo: the wrong winner in red, the true digit in blue (when it
# is among the three).
from mlpviz.evaluation import plot_top_classes
from mlpviz.images import plot_digit_grid

N_SHOWN = 8
mistakes = np.flatnonzero(wrong)
most_confident = mistakes[np.argsort(-confidence[mistakes], kind="stable")[:N_SHOWN]]

fig, axes = plt.subplots(
    2, 8, figsize=(7.2, 3.2), width_ratios=[1, 1.25] * 4, layout="constrained"
)
plot_digit_grid(
    X_test[most_confident],
    y_true=y_test[most_confident],
    y_pred=predicted[most_confident],
    axes=axes[:, 0::2],
)
for ax, index in zip(axes[:, 1::2].ravel(), most_confident, strict=True):
    plot_top_classes(probabilities[index], mlp.classes_, y_true=y_test[index], ax=ax)
fig.suptitle("The most confident mistakes: predicted (true) and the top 3 classes")
plt.show()

print(
    f"mistakes with a probability above 0.9: {np.sum(confidence[wrong] > 0.9)} "
    f"of {wrong.sum()}"
)
print(f"least confident of the 8 shown: {confidence[most_confident].min():.3f}")
# sphinx_gallery_start_ignore
if not confidence[most_confident].min() > 0.99:
    raise RuntimeError("claim: the most confident mistakes have probabilities near 1")
fig.set_label(
    f"The {N_SHOWN} most confident of the {wrong.sum()} mistakes, each with bars of "
    "its three most probable classes: the wrong answer in red, the true digit in "
    "blue when among them. Every wrong answer shown gets a probability of at least "
    f"{confidence[most_confident].min():.3f}."
)
# sphinx_gallery_end_ignore

# %%
# Some of these are digits a person would hesitate on too; others are
# plainly written and still read wrong. Either way the network gives its
# wrong answer a probability close to 1, and many more of its mistakes are
# made with a probability above 0.9 (the count is printed above).
#
# Is confidence a warning signal?
# -------------------------------
# Hendrycks and Gimpel ("A Baseline for Detecting Misclassified and
# Out-of-Distribution Examples", ICLR 2017) proposed the simplest test: use
# the highest class probability as a score, and see how well it separates
# right answers from wrong ones. The area under the ROC curve measures that
# separation: 0.5 is chance, 1 a perfect split.
from sklearn.metrics import roc_auc_score

fig, ax = plt.subplots(figsize=(6.4, 3.4), layout="constrained")
bins = np.linspace(0.1, 1, 46)
for mask, label, colour in ((~wrong, "right", "tab:blue"), (wrong, "wrong", "tab:red")):
    ax.hist(
        confidence[mask],
        bins=bins,
        density=True,
        histtype="step",
        linewidth=2,
        color=colour,
        label=label,
    )
ax.set(xlabel="highest class probability", ylabel="density", yscale="log")
ax.legend(title="answer")
ax.set_title("How sure the network is of its right and its wrong answers")
plt.show()

separation = roc_auc_score(~wrong, confidence)
print(f"median probability, right answers: {np.median(confidence[~wrong]):.3f}")
print(f"median probability, wrong answers: {np.median(confidence[wrong]):.3f}")
print(f"area under the ROC curve: {separation:.3f}")
# sphinx_gallery_start_ignore
if not np.median(confidence[wrong]) < np.median(confidence[~wrong]):
    raise RuntimeError("claim: wrong answers have a lower median probability")
if not separation > 0.8:
    raise RuntimeError("claim: confidence tells right from wrong well above chance")
fig.set_label(
    "Histograms, log scale, of the highest class probability of right answers "
    "(blue) and wrong ones (red). Right answers pile up at 1; wrong ones spread "
    f"over the range, with a median of {np.median(confidence[wrong]):.2f} against "
    f"{np.median(confidence[~wrong]):.3f}."
)
# sphinx_gallery_end_ignore

# %%
# The two distributions differ: right answers pile up at a probability of 1,
# wrong ones spread over the whole range, and their median is lower. So the
# highest probability is a useful warning signal, well above chance (the
# area printed above), as Hendrycks and Gimpel found for much larger
# networks. But the distributions overlap: a threshold that catches most
# mistakes also flags many right answers.
#
# Inputs unlike any training digit
# --------------------------------
# Four images unlike anything the network was trained on: uniform noise, a
# blank image, the first test digit with black and white swapped, and the
# same digit shifted 4 pixels to the right (its right-most ink stays inside
# the square). MNIST's digits are centred in their square by their centre of
# mass, so a training digit is never this far off centre.
rng = np.random.default_rng(0)
first = X_test[0].reshape(28, 28)
shifted = np.zeros_like(first)
shifted[:, 4:] = first[:, :-4]
strangers = {
    "uniform noise": rng.random(784, dtype=np.float32),
    "blank": np.zeros(784, dtype=np.float32),
    "inverted digit": 1 - X_test[0],
    "shifted digit": shifted.ravel(),
}
stranger_probabilities = mlp.predict_proba(np.stack(list(strangers.values())))


def ink_column(images):
    """The column of each image's centre of mass of ink."""
    ink = images.reshape(-1, 28, 28).sum(axis=1)
    return ink @ np.arange(28) / ink.sum(axis=1)


training_columns = ink_column(X_train)
shifted_column = ink_column(strangers["shifted digit"])[0]
print(
    f"centre of ink of the training digits: columns {training_columns.min():.1f} "
    f"to {training_columns.max():.1f}; of the shifted digit: {shifted_column:.1f}"
)

fig, axes = plt.subplots(
    2, 4, figsize=(7.2, 3.6), height_ratios=[1.6, 1], layout="constrained"
)
for (name, image), ax_image, ax_bars, row in zip(
    strangers.items(), axes[0], axes[1], stranger_probabilities, strict=True
):
    ax_image.imshow(image.reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
    ax_image.set(xticks=[], yticks=[], title=name)
    plot_top_classes(row, mlp.classes_, ax=ax_bars)
fig.suptitle("What the network answers for images unlike its training digits")
plt.show()

# sphinx_gallery_thumbnail_number = 4
# sphinx_gallery_tags = ["MNIST", "MLPClassifier", "misclassifications", "confidence"]

for name, row in zip(strangers, stranger_probabilities, strict=True):
    print(f"{name}: {mlp.classes_[row.argmax()]} with probability {row.max():.3f}")
print(f"(the first test digit, unchanged: a {y_test[0]}, read as {predicted[0]})")

noise = rng.random((1000, 784), dtype=np.float32)
noise_confidence = mlp.predict_proba(noise).max(axis=1)
print(
    f"1000 noise images: median probability {np.median(noise_confidence):.3f}, "
    f"above 0.9 for {np.mean(noise_confidence > 0.9):.0%}"
)
is_right_answer = np.concatenate(
    [np.ones(np.sum(~wrong), dtype=bool), np.zeros(len(noise), dtype=bool)]
)
noise_separation = roc_auc_score(
    is_right_answer, np.concatenate([confidence[~wrong], noise_confidence])
)
print(f"area under the ROC curve, right answers against noise: {noise_separation:.3f}")

# sphinx_gallery_start_ignore
if not shifted_column > training_columns.max():
    raise RuntimeError("claim: no training digit is this far off centre")
noise_answer, blank_answer, inverted_answer, shifted_answer = stranger_probabilities
if not (
    min(noise_answer.max(), inverted_answer.max(), shifted_answer.max()) > 0.9
    and blank_answer.max() < 0.5
):
    raise RuntimeError("claim: all but the blank image get answers above 0.9")
if not (
    predicted[0] == y_test[0] and mlp.classes_[shifted_answer.argmax()] != y_test[0]
):
    raise RuntimeError("claim: the shift turns a right answer into a wrong one")
if not np.mean(noise_confidence > 0.9) > 0.5:
    raise RuntimeError("claim: most noise images get a probability above 0.9")
if not noise_separation < 0.6:
    raise RuntimeError(
        "claim: confidence tells noise from right answers no better than chance"
    )
fig.set_label(
    "Four images unlike any training digit, each with the network's top classes. "
    "It answers a digit for every one: "
    + ", ".join(
        f"{name} {mlp.classes_[row.argmax()]} ({row.max():.2f})"
        for name, row in zip(strangers, stranger_probabilities, strict=True)
    )
    + "."
)
# sphinx_gallery_end_ignore

# %%
# The network gives a digit to every one of them, and for three of the four
# it is more than 90 % sure (the probabilities are printed above). Only the
# blank image, which reaches the network as nothing but its biases, gets a
# hesitant answer. The shifted digit is the most telling: the same strokes,
# moved by a few pixels, and the network that read the original correctly
# now gives a confident wrong answer. A network of dense layers sees each
# pixel as a separate input and has no notion that a stroke moved, whereas a
# convolution, as in the last section, applies the same weights at every
# position of the image.
#
# Nor is the noise image a fluke: most of the 1,000 noise images get an
# answer with a probability above 0.9, printed above with their median.
#
# Why a classifier is sure about nonsense
# ---------------------------------------
# The output layer of this network computes one score per digit, and softmax
# turns the ten scores into probabilities that always add up to one. The
# probabilities only say how the scores compare with each other: a digit
# wins with near certainty when its score is a few units above the others,
# whether the input looks like a digit or not. There is no output for "none of these",
# and training, which only ever showed digits, never asked for one.
#
# A ReLU network adds a second reason. It is piecewise linear, so far enough
# from the training data, along any direction, the scores grow in proportion
# to the distance and softmax becomes ever more certain. Hein, Andriushchenko
# and Bitterwolf proved this in "Why ReLU networks yield high-confidence
# predictions far away from the training data and how to mitigate the
# problem" (CVPR 2019). Scaling the noise image up shows it:
factors = [0.5, 1, 2, 4]
scaled = mlp.predict_proba(np.outer(factors, strangers["uniform noise"]))
for factor, row in zip(factors, scaled, strict=True):
    answer = mlp.classes_[row.argmax()]
    print(f"noise x {factor}: {answer} with probability {row.max():.4f}")
# sphinx_gallery_start_ignore
if not np.all(np.diff(scaled.max(axis=1)) > 0):
    raise RuntimeError("claim: the further out, the more certain the answer")
# sphinx_gallery_end_ignore

# %%
# The literature has documented both sides of the problem. Nguyen, Yosinski
# and Clune, in "Deep Neural Networks are Easily Fooled: High Confidence
# Predictions for Unrecognizable Images" (CVPR 2015), built images that large
# image classifiers labelled with near certainty although people see no
# object in them; they had to search for such images, where this small
# network is fooled by the first noise image drawn. Hendrycks and Gimpel
# showed that the highest softmax probability is nonetheless a useful
# baseline for spotting inputs from elsewhere, because on average they get
# lower probabilities than the test data. For this network and this noise the
# baseline fails: the area under the ROC curve for telling right answers from
# noise images, printed above, is no better than chance. Confident answers
# are not reliable answers; a network that should say "I don't know" has to
# be trained or built to say it.
