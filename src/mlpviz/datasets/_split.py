"""MNIST as scaled images with a channel axis, for convolutional networks."""

from __future__ import annotations

import numpy as np

from ._mnist import N_TRAIN, load_mnist


def load_mnist_images(*, data_home=None, dtype="float32"):
    """Load MNIST as 28x28x1 images scaled to [0, 1], in the official split.

    A convolution layer reads the pixels in their 2-D arrangement, followed by
    an axis of channels (a single one for grey levels): the layout that Keras
    expects by default ("channels last"). The first 60,000 images of
    :func:`load_mnist` are MNIST's official training set and the last 10,000
    its test set, written by other people.

    Parameters
    ----------
    data_home : str or path-like, optional
        Cache folder, passed to :func:`load_mnist`.
    dtype : str or numpy dtype, default="float32"
        Floating-point type of the images. Deep-learning frameworks compute in
        32-bit floats by default.

    Returns
    -------
    (X_train, y_train) : tuple of ndarray
        ``X_train`` of shape (60000, 28, 28, 1) with pixels from 0.0 (white)
        to 1.0 (black), ``y_train`` of shape (60000,), the digits as int64.
    (X_test, y_test) : tuple of ndarray
        The 10,000 test images and their digits, in the same form.

    Raises
    ------
    ValueError
        If ``dtype`` is not a floating-point type.

    See Also
    --------
    load_mnist : The same digits as flat rows of 784 integer pixels.

    Examples
    --------
    >>> from mlpviz.datasets import load_mnist_images
    >>> (X_train, y_train), (X_test, y_test) = load_mnist_images()  # doctest: +SKIP
    >>> X_train.shape, X_train.dtype, X_test.shape  # doctest: +SKIP
    ((60000, 28, 28, 1), dtype('float32'), (10000, 28, 28, 1))
    """
    dtype = np.dtype(dtype)
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(
            f"dtype must be a floating-point type such as 'float32', got {dtype}: "
            "the images are scaled to [0, 1]."
        )
    mnist = load_mnist(data_home=data_home)
    images = mnist.images[..., np.newaxis].astype(dtype) / dtype.type(255)
    target = mnist.target
    return (images[:N_TRAIN], target[:N_TRAIN]), (images[N_TRAIN:], target[N_TRAIN:])
