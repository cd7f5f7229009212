"""Andrew Ng's 5,000 handwritten digits, rebuilt from MNIST."""

from __future__ import annotations

import numpy as np

from ._mnist import N_TRAIN, load_mnist

NG_IMAGES_PER_DIGIT = 500
NG_IMAGE_SHAPE = (20, 20)
# Row blocks in the order of the course's file: zeros first, then ones to nines.
_DIGIT_ORDER = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)

_DESCR = """\
Andrew Ng's handwritten digits
------------------------------

The 5,000 digits of the programming exercise on multi-class classification
and neural networks in Andrew Ng's Machine Learning course: 500 images of
each digit, 20x20 pixels, each image unrolled column by column into a row of
400 grey levels. The digit zero is labelled 10 (the course's software
counted from 1); the digits 1 to 9 keep their own value. The rows come in
blocks of 500: zeros first, then ones, twos, ..., nines.

The set is a subset of MNIST, and mlpviz rebuilds it from the verified MNIST
training files rather than distributing a copy: for each digit, the first
500 images of that digit in the MNIST training file; each image divided by
255 (floats from 0 to 1), shrunk from 28x28 to 20x20 pixels with Pillow's
bicubic filter applied to the float image (bicubic overshoot leaves values
from about -0.13 to 1.13), and flattened in column-major ("Fortran") order.
A row becomes an upright image with ``row.reshape(20, 20, order="F")``.
One-vs-rest logistic regression trained on the rebuilt set gives the
per-digit training success rates published for the original file, to
within one image per digit.

=================  ==========================================
Samples            5,000 (500 per digit)
Features           400 pixels, floats about -0.13 to 1.13,
                   unrolled column by column
Classes            10, labelled 1 to 9 and 10 for the digit 0
Source             the MNIST training set (Y. LeCun, C. Cortes
                   and C. J. C. Burges), see ``mnist_index``
=================  ==========================================
"""


def _shrink(images: np.ndarray) -> np.ndarray:
    """Resize uint8 28x28 images to 20x20 floats with bicubic interpolation."""
    from PIL import Image  # imported here: only this rebuild needs Pillow

    height, width = NG_IMAGE_SHAPE
    small = np.empty((len(images), height, width), dtype=np.float32)
    for i, image in enumerate(images):
        # A float32 array becomes a Pillow image of mode "F" (32-bit float):
        # the interpolation works on the float grey levels, unrounded.
        float_image = Image.fromarray(image.astype(np.float32) / 255)
        small[i] = np.asarray(
            float_image.resize((width, height), Image.Resampling.BICUBIC)
        )
    return small


def load_ng_digits(*, return_X_y: bool = False, data_home=None):
    """Load Andrew Ng's 5,000 20x20 digits, rebuilt from the MNIST training set.

    The digits of the course's exercise are a subset of MNIST. They are
    rebuilt here from the verified MNIST files: for each digit, the first
    500 images of that digit in the MNIST training file, divided by 255,
    resized from 28x28 to 20x20 pixels with Pillow's bicubic filter on the
    float image, and unrolled column by column (``order="F"``). Rows come
    in blocks of 500 per digit, zeros first, and zeros are labelled 10, as
    in the course's file.

    The recipe reproduces the published behaviour of the original file:
    one-vs-rest logistic regression on it gives the same per-digit training
    success rates, to within one image per digit.

    Parameters
    ----------
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.
    data_home : str or path-like, optional
        Cache folder for MNIST, see :func:`load_mnist`.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (5000, 400), dtype float64
            One image a row, unrolled column by column; grey levels from
            about -0.13 to 1.13 (bicubic interpolation overshoots 0 and 1
            next to sharp edges).
        target : ndarray of shape (5000,), dtype int64
            The label: 1 to 9 for the digits 1 to 9, and 10 for the digit 0.
        images : ndarray of shape (5000, 20, 20), dtype float64
            The same pixels as ``data``, as upright images:
            ``images[i] == data[i].reshape(20, 20, order="F")``.
        feature_names : list of str
            ``"pixel1"`` to ``"pixel400"``, in the column-major order of
            ``data``.
        target_names : ndarray of shape (10,)
            The labels 1 to 10.
        mnist_index : ndarray of shape (5000,), dtype int64
            The row of :func:`load_mnist` each image was made from.
        DESCR : str
            A description of the dataset and of the recipe.

    (data, target) : tuple if ``return_X_y`` is True

    Raises
    ------
    DataIntegrityError
        If an MNIST file is truncated or corrupted.
    DataUnavailableError
        If the MNIST files are neither on disk nor downloadable.

    Warns
    -----
    UserWarning
        As :func:`load_mnist` does, if the MNIST cache could not be written.

    See Also
    --------
    load_mnist : The 70,000 MNIST digits this set is drawn from.

    Examples
    --------
    >>> from mlpviz.datasets import load_ng_digits
    >>> digits = load_ng_digits()  # doctest: +SKIP
    >>> digits.data.shape, digits.target[[0, 500, 4999]]  # doctest: +SKIP
    ((5000, 400), array([10,  1,  9]))
    """
    mnist_images, mnist_labels = load_mnist(return_X_y=True, data_home=data_home)
    train_labels = mnist_labels[:N_TRAIN]
    mnist_index = np.concatenate(
        [
            np.flatnonzero(train_labels == digit)[:NG_IMAGES_PER_DIGIT]
            for digit in _DIGIT_ORDER
        ]
    ).astype(np.int64)
    side = int(np.sqrt(mnist_images.shape[1]))
    images = _shrink(mnist_images[mnist_index].reshape(-1, side, side)).astype(
        np.float64
    )
    data = images.transpose(0, 2, 1).reshape(len(images), -1)
    digits = mnist_labels[mnist_index].astype(np.int64)
    target = np.where(digits == 0, 10, digits)
    if return_X_y:
        return data, target
    from sklearn.utils import Bunch  # imported here: it takes seconds

    return Bunch(
        data=data,
        target=target,
        images=images,
        feature_names=[f"pixel{i}" for i in range(1, data.shape[1] + 1)],
        target_names=np.arange(1, 11),
        mnist_index=mnist_index,
        DESCR=_DESCR,
    )
