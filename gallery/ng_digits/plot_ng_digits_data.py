"""
=================================
Andrew Ng's 5,000 digits, rebuilt
=================================

Andrew Ng's Machine Learning course teaches multi-class classification on a
small set of handwritten digits: 5,000 grey-scale images of 20x20 pixels, 500
of each digit, every image unrolled into a row of 400 numbers. The set is a
subset of MNIST, and :func:`~mlpviz.datasets.load_ng_digits` rebuilds it from
the verified MNIST files, so every example of this section runs on the same
numbers as the course's file.

This first example only looks at the data: one digit drawn large, a random
sample of a hundred, and the average image of each digit. It trains nothing.
"""

# %%
# Load the digits
# ---------------
# The loader returns a Bunch like scikit-learn's: ``data`` holds one image a
# row, ``target`` the labels and ``images`` the same pixels as upright 20x20
# arrays. Two conventions come from the course's file: the digit zero is
# labelled 10, and the rows come in blocks of 500, zeros first.
import matplotlib.pyplot as plt
import numpy as np

from mlpviz.datasets import load_ng_digits
from mlpviz.images import plot_digit_grid

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_tags = ["Ng digits", "data"]

digits = load_ng_digits()
X, y = digits.data, digits.target
print(f"data: {X.shape}, target: {y.shape}")
labels, counts = np.unique(y, return_counts=True)
print("images per label:", dict(zip(labels.tolist(), counts.tolist(), strict=True)))
print("labels of rows 0, 500, 1000, ..., 4500:", y[::500].tolist())
print(f"grey levels from {X.min():.3f} to {X.max():.3f}")
# sphinx_gallery_start_ignore
assert -0.2 < X.min() < 0 and 1 < X.max() < 1.2, "claim: slightly beyond 0 and 1"
# sphinx_gallery_end_ignore

# %%
# There are 500 images of each label, and the labels run 10, 1, 2, ..., 9
# block by block. The grey levels go slightly beyond 0 and 1, by less than a
# fifth (the build checks it): the images were shrunk from MNIST's 28x28
# pixels with bicubic interpolation, which overshoots next to sharp edges.
# Nothing needs fixing: the models of this section see exactly these numbers,
# as did the course's.
#
# One digit, and the order of its pixels
# --------------------------------------
# A row of ``data`` is an image unrolled **column by column** (Fortran order,
# as the course's Octave code stored it), not row by row as in MNIST. Reading
# it back with NumPy's default row-by-row order gives the digit transposed:
# mirrored along its diagonal.
row = X[1020]
fig, axes = plt.subplots(1, 2, figsize=(7, 3.8), layout="constrained")
for ax, order, title in [
    (axes[0], "F", "Read column by column (F): upright"),
    (axes[1], "C", "Read row by row (C): transposed"),
]:
    ax.imshow(row.reshape(20, 20, order=order), cmap="gray_r", vmin=0, vmax=1)
    ax.set_title(title, fontsize="medium")
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle(f"Row 1020 of the data, label {y[1020]}")
plt.show()
# sphinx_gallery_start_ignore
assert y[1020] == 2, "claim: row 1020 is a two"
fig.set_label(
    f"Row 1020 of the data, a {y[1020]}, drawn twice. Read column by column its "
    f"{row.size} numbers give an upright, loopy two; read row by row, the same "
    "digit mirrored along its diagonal."
)
# sphinx_gallery_end_ignore

# %%
# Row 1020 is the row that Sonya Sawtelle's 2016 write-up drew first, "a
# loopy two" in her words, and it is one here too. On the left it is upright;
# on the right, the same 400 numbers read in the wrong order. Every picture of
# weights later in this section must use ``order="F"`` for the same reason.
#
# A hundred digits at random
# --------------------------
# A seeded generator picks the sample, so that the page shows the same
# digits at every build. The label is written in each corner.
rng = np.random.default_rng(0)
sample = rng.choice(len(X), size=100, replace=False)
axes = plot_digit_grid(X[sample], y_true=y[sample], order="F", ncols=10)
axes[0, 0].figure.suptitle("100 digits drawn at random, with their labels")
# sphinx_gallery_start_ignore
axes[0, 0].figure.set_label(
    f"{len(sample)} digits drawn at random, each with its label in a corner. The "
    "writing varies a lot within a digit: loops or none, upright or slanted, thin "
    "or heavy strokes; zeros are labelled 10."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The writing varies a lot within a digit: twos with and without a loop,
# upright and slanted strokes, thin lines and heavy blots. A few digits would
# make a human hesitate, most would not. Note the zeros, labelled 10.
#
# The average digit
# -----------------
# Averaging the 500 images of a label shows where its ink usually lies.
# ``images`` already holds the upright images, so no reshaping is needed.
order = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
means = np.stack([digits.images[y == label].mean(axis=0) for label in order])
axes = plot_digit_grid(means, y_true=np.array(order), ncols=5)
axes[0, 0].figure.suptitle("Average image of each label")
plt.show()

outer_ring = np.ones((20, 20), dtype=bool)
outer_ring[1:-1, 1:-1] = False
print(f"darkest pixel of the averages: {means.max():.3f}")
print(f"darkest pixel on their outer ring: {np.abs(means[:, outer_ring]).max():.3f}")
# sphinx_gallery_start_ignore
assert np.abs(means[:, outer_ring]).max() < 0.1 * means.max(), (
    "claim: the outer ring of every average is nearly blank"
)
axes[0, 0].figure.set_label(
    f"The average image of each of the {len(order)} labels: a blurred but readable "
    f"digit, centred. Their outer ring is nearly blank, at most "
    f"{np.abs(means[:, outer_ring]).max():.3f} against {means.max():.3f} for the "
    "darkest pixel."
)
# sphinx_gallery_end_ignore

# %%
# Each average is a blurred but readable digit: the digits are centred and
# scaled alike, which is what lets a model that weighs pixels one by one do
# well, as the next example shows. The outer ring of every average is
# nearly blank, less than a tenth as dark as the darkest pixel (printed
# above): those pixels carry almost no information, a fact that reappears in
# the weights of the trained network.
