"""Andrew Ng's digits rebuilt from MNIST: layout, and the published results."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from mlpviz.datasets import N_TRAIN, load_ng_digits
from mlpviz.evaluation import per_class_success

# Per-digit training success rates of one-vs-rest logistic regression on the
# course's original file, published in Sonya Sawtelle's 2016 write-up.
PUBLISHED = {
    "liblinear": {1: 0.984, 2: 0.918, 3: 0.906, 4: 0.956, 5: 0.912,
                  6: 0.976, 7: 0.948, 8: 0.926, 9: 0.922, 10: 0.992},
    "sag": {1: 0.986, 2: 0.918, 3: 0.908, 4: 0.954, 5: 0.916,
            6: 0.978, 7: 0.950, 8: 0.920, 9: 0.924, 10: 0.992},
}  # fmt: skip


@pytest.fixture(scope="module")
def digits(mnist):
    return load_ng_digits()


def test_shapes_and_types(digits):
    assert digits.data.shape == (5000, 400)
    assert digits.data.dtype == np.float64
    assert digits.target.shape == (5000,)
    assert digits.target.dtype == np.int64
    assert digits.images.shape == (5000, 20, 20)
    assert digits.mnist_index.shape == (5000,)
    assert len(digits.feature_names) == 400
    np.testing.assert_array_equal(digits.target_names, np.arange(1, 11))
    assert 'order="F"' in digits.DESCR


def test_labels_come_in_blocks_of_500_zeros_first(digits):
    expected = np.repeat([10, 1, 2, 3, 4, 5, 6, 7, 8, 9], 500)
    np.testing.assert_array_equal(digits.target, expected)


def test_rows_are_the_first_500_of_each_digit_in_the_mnist_training_file(digits, mnist):
    train_labels = mnist.target[:N_TRAIN]
    for block, digit in enumerate([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]):
        rows = digits.mnist_index[500 * block : 500 * (block + 1)]
        np.testing.assert_array_equal(rows, np.flatnonzero(train_labels == digit)[:500])
    assert digits.mnist_index.max() < N_TRAIN


def test_rows_unroll_the_upright_images_column_by_column(digits, mnist):
    np.testing.assert_array_equal(
        digits.images, digits.data.reshape(-1, 20, 20).transpose(0, 2, 1)
    )
    # Upright: each image matches a crude nearest-pixel shrink of its MNIST
    # original far better than its transpose does.
    nearest = np.round((np.arange(20) + 0.5) * 28 / 20 - 0.5).astype(int)
    rows = np.arange(0, 5000, 50)
    originals = mnist.images[digits.mnist_index[rows]][:, nearest][:, :, nearest]

    def correlation(a, b):
        return np.corrcoef(a.reshape(len(a), -1), b.reshape(len(b), -1)).diagonal(
            len(a)
        )

    upright = correlation(digits.images[rows], originals.astype(float))
    transposed = correlation(
        digits.images[rows].transpose(0, 2, 1), originals.astype(float)
    )
    assert upright.min() > 0.8
    assert np.all(upright > transposed)


def test_values_follow_the_bicubic_float_recipe(digits):
    # Bicubic interpolation of images in [0, 1] overshoots a little.
    assert digits.data.min() == pytest.approx(-0.13196, abs=1e-4)
    assert digits.data.max() == pytest.approx(1.12769, abs=1e-4)
    # Most pixels are background, exactly 0.
    assert np.mean(digits.data == 0) > 0.4


def test_return_X_y(mnist, digits):
    X, y = load_ng_digits(return_X_y=True)
    np.testing.assert_array_equal(X, digits.data)
    np.testing.assert_array_equal(y, digits.target)


@pytest.mark.parametrize(
    ("solver", "params"),
    [("liblinear", {}), ("sag", {"max_iter": 200})],
)
def test_one_vs_rest_reproduces_the_published_success_rates(digits, solver, params):
    X, y = digits.data, digits.target
    model = OneVsRestClassifier(
        LogisticRegression(solver=solver, random_state=0, **params)
    ).fit(X, y)
    table = per_class_success(y, model.predict(X))
    published_correct = {
        label: round(rate * 500) for label, rate in PUBLISHED[solver].items()
    }
    off_by = {
        label: int(table.loc[label, "correct"]) - published_correct[label]
        for label in published_correct
    }
    # Within one image per digit of the numbers published for the original.
    assert all(abs(off) <= 1 for off in off_by.values()), off_by
