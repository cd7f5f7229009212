"""MNIST scaled to [0, 1] in its official split, as rows or as images."""

from __future__ import annotations

import os

import numpy as np

from ._mnist import N_TRAIN, load_mnist

# Keeps only the first N training images: the notebooks that run in a
# browser set it, as it trains there several times slower.
TRAIN_SIZE_ENV = "MLPVIZ_TRAIN_SIZE"


def train_size() -> int:
    """How many training images to return: ``MLPVIZ_TRAIN_SIZE``, else all."""
    value = os.environ.get(TRAIN_SIZE_ENV, "").strip()
    if not value:
        return N_TRAIN
    if not value.isdigit() or not 1 <= int(value) <= N_TRAIN:
        raise ValueError(
            f"{TRAIN_SIZE_ENV}={value!r} is not a number of images from 1 to "
            f"{N_TRAIN:,}: set it to how many training images to keep, or unset it."
        )
    return int(value)


def load_mnist_split(*, images=False, dtype="float32", data_home=None):
    """Load MNIST scaled to [0, 1], split into its official training and test sets.

    The first 60,000 images of :func:`load_mnist` are MNIST's official
    training set and the last 10,000 its test set, written by other people.
    The pixels are divided by 255, as networks train best on small inputs, in
    32-bit floats by default: scikit-learn's MLP then computes in single
    precision, and deep-learning frameworks do by default.

    The environment variable ``MLPVIZ_TRAIN_SIZE`` keeps only the first that
    many training images (the notebooks run in a browser set it); the test
    set is always whole.

    Parameters
    ----------
    images : bool, default=False
        False: one image a row of 784 pixels, as a multi-layer perceptron
        reads it. True: 28x28x1 images, the pixels in their 2-D arrangement
        followed by an axis of channels (a single one for grey levels), the
        layout a Keras convolution layer expects by default ("channels last").
    dtype : str or numpy dtype, default="float32"
        Floating-point type of the pixels.
    data_home : str or path-like, optional
        Cache folder, passed to :func:`load_mnist`.

    Returns
    -------
    (X_train, y_train) : tuple of ndarray
        The 60,000 training images, of shape (60000, 784) or (60000, 28, 28,
        1), pixels from 0.0 (white) to 1.0 (black); their digits, int64.
    (X_test, y_test) : tuple of ndarray
        The 10,000 test images and their digits, in the same form.

    Raises
    ------
    ValueError
        If ``dtype`` is not a floating-point type, or ``MLPVIZ_TRAIN_SIZE``
        is not a number of images from 1 to 60,000.

    See Also
    --------
    load_mnist : The same digits as integer pixels, in one array.

    Examples
    --------
    >>> from mlpviz.datasets import load_mnist_split
    >>> (X_train, y_train), (X_test, y_test) = load_mnist_split()  # doctest: +SKIP
    >>> X_train.shape, X_train.dtype, X_test.shape  # doctest: +SKIP
    ((60000, 784), dtype('float32'), (10000, 784))
    >>> (X_train, _), _ = load_mnist_split(images=True)  # doctest: +SKIP
    >>> X_train.shape  # doctest: +SKIP
    (60000, 28, 28, 1)
    """
    n_train = train_size()
    dtype = np.dtype(dtype)
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(
            f"dtype must be a floating-point type such as 'float32', got {dtype}: "
            "the pixels are scaled to [0, 1]."
        )
    mnist = load_mnist(data_home=data_home)
    pixels = mnist.images[..., np.newaxis] if images else mnist.data
    pixels = pixels.astype(dtype) / dtype.type(255)
    target = mnist.target
    training = (pixels[:n_train], target[:n_train])
    return training, (pixels[N_TRAIN:], target[N_TRAIN:])
