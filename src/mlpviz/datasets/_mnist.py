"""The MNIST database of handwritten digits."""

from __future__ import annotations

import os
import warnings

import numpy as np

from ._cache import cache_key, load_arrays, save_arrays
from ._fetch import DataUnavailableError, fetch_files, get_data_home
from ._files import remove_stale_temporaries
from ._idx import IDXFormatError, parse_idx
from ._registry import CACHE_ENV, MNIST_FILES, MNIST_MIRRORS

N_TRAIN = 60_000

_DESCR = """\
MNIST handwritten digits
------------------------

70,000 grey-scale images of handwritten digits, 28x28 pixels, with their
labels 0 to 9. The rows come in the order of OpenML's ``mnist_784`` (what
``sklearn.datasets.fetch_openml("mnist_784")`` returns): the 60,000 images of
the official training set, then the 10,000 images of the official test set.
The training images were written by Census Bureau employees and high-school
students; the test set's writers are disjoint from the training set's.

=================  ==========================================
Samples            70,000 (60,000 training + 10,000 test)
Features           784 pixels, integers 0 (white) to 255 (black)
Classes            10 (digits 0 to 9)
Source             Y. LeCun, C. Cortes and C. J. C. Burges,
                   the original IDX files, verified by SHA-256
=================  ==========================================
"""


def fetch_mnist_files(data_home=None) -> dict[str, os.PathLike]:
    """Make sure the four MNIST files are available, and verified.

    Call it once while online to fill the cache before working offline.

    Parameters
    ----------
    data_home : str or path-like, optional
        Cache folder. By default ``MLPVIZ_CACHE``, else the user's cache.

    Returns
    -------
    dict of str to pathlib.Path
        The path of each verified file, keyed ``"train_images"``,
        ``"train_labels"``, ``"test_images"`` and ``"test_labels"``.

    Raises
    ------
    DataIntegrityError
        If a file's decompressed content does not have the registered SHA-256.
    DataUnavailableError
        If a file is missing and cannot be downloaded, or if a download
        cannot be stored in the cache.

    Warns
    -----
    UserWarning
        Once, if a damaged file in the cache was moved aside and replaced.
    """
    notices = []
    files = fetch_files(
        "mnist",
        MNIST_FILES,
        mirrors=MNIST_MIRRORS,
        data_home=data_home,
        notices=notices,
    )
    if any(verified.path is None for verified in files.values()):
        raise DataUnavailableError(
            "The MNIST files were downloaded and verified, but the cache could "
            "not hold them:\n" + "\n".join(notices) + f"\nSet {CACHE_ENV} to a "
            "writable folder."
        )
    _warn(notices, stacklevel=2)
    return {key: verified.path for key, verified in files.items()}


def _warn(notices: list[str], *, stacklevel: int) -> None:
    """Tell the user, in one warning, what went wrong although the load worked.

    ``stacklevel`` counts from the function that calls this one.
    """
    if notices:
        warnings.warn("\n".join(notices), UserWarning, stacklevel=stacklevel + 1)


def _read_mnist(data_home, notices: list[str]) -> tuple[np.ndarray, np.ndarray]:
    files = fetch_files(
        "mnist",
        MNIST_FILES,
        mirrors=MNIST_MIRRORS,
        data_home=data_home,
        notices=notices,
    )
    parts = {}
    for key, verified in files.items():
        source = str(verified.path or MNIST_FILES[key].name)
        array = parse_idx(verified.content, source=source)
        expected_shape = MNIST_FILES[key].shape
        if array.shape != expected_shape or array.dtype != np.uint8:
            raise IDXFormatError(
                f"{source}: holds a {array.dtype} array of shape "
                f"{array.shape}, expected uint8 of shape {expected_shape}."
            )
        parts[key] = array
    images = np.concatenate([parts["train_images"], parts["test_images"]])
    labels = np.concatenate([parts["train_labels"], parts["test_labels"]])
    return images, labels


def _load_arrays(data_home) -> tuple[np.ndarray, np.ndarray]:
    """The images and labels, from the cache if it is intact, else rebuilt."""
    home = get_data_home(data_home)
    # Also on warm loads: a killed writer's leftovers may sit next to a cache
    # that another process completed.
    for folder in (home, home / "mnist"):
        remove_stale_temporaries(folder)
    key = cache_key(entry.content_sha256 for entry in MNIST_FILES.values())
    cache_path = home / f"mnist-{key}.npz"
    n_samples = sum(MNIST_FILES[k].shape[0] for k in ("train_images", "test_images"))
    height, width = MNIST_FILES["train_images"].shape[1:]
    expected = {
        "images": ((n_samples, height, width), "uint8"),
        "labels": ((n_samples,), "uint8"),
    }
    arrays, problem = load_arrays(cache_path, expected)
    if arrays is not None:
        return arrays["images"], arrays["labels"]
    notices = []
    images, labels = _read_mnist(home, notices)
    # Written over a damaged cache too: that repairs it.
    failure = save_arrays(cache_path, images=images, labels=labels)
    if failure is not None:
        state = f"{problem}, and it could not be replaced" if problem else ""
        notices.append(
            f"The cache {cache_path} {state or 'could not be written'}: {failure}. "
            "The arrays were rebuilt from the verified IDX files, as every load "
            f"will until the cache can be written: set {CACHE_ENV} to a writable "
            "folder to make loading fast again."
        )
    _warn(notices, stacklevel=3)
    return images, labels


def load_mnist(*, return_X_y: bool = False, data_home=None):
    """Load the 70,000 MNIST digits, in the row order of OpenML's ``mnist_784``.

    The first call reads the four original IDX files (from the folder named
    by ``MLPVIZ_DATA``, the cache, or a download), verifies the SHA-256 of
    each file's decompressed content, and caches the decoded arrays; later
    calls load that cache in a small fraction of the time.

    Parameters
    ----------
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.
    data_home : str or path-like, optional
        Cache folder. By default the ``MLPVIZ_CACHE`` environment variable,
        else the user's cache (``pooch.os_cache("mlpviz")``).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (70000, 784), dtype uint8
            One flattened image a row, pixels 0 to 255. Rows ``:60000`` are
            the official training set, rows ``60000:`` the test set.
        target : ndarray of shape (70000,), dtype int64
            The digit, 0 to 9.
        images : ndarray of shape (70000, 28, 28), dtype uint8
            The same pixels as ``data``, as images.
        feature_names : list of str
            ``"pixel1"`` to ``"pixel784"``, as on OpenML.
        target_names : ndarray of shape (10,)
            The digits 0 to 9.
        DESCR : str
            A description of the dataset.

    (data, target) : tuple if ``return_X_y`` is True

    Raises
    ------
    DataIntegrityError
        If a file is truncated or corrupted: the message names the file,
        what was found, the expected size and SHA-256, and what to do.
    DataUnavailableError
        If the files are neither on disk nor downloadable: the message names
        every place searched.
    IDXFormatError
        If a file is not an MNIST IDX file of the expected shape.

    Warns
    -----
    UserWarning
        Once per load, if the load worked but the cache could not be written
        (a read-only folder, a folder in the way, another user's file), or
        if a damaged file in the cache was moved aside and replaced.

    See Also
    --------
    fetch_mnist_files : Fill the cache ahead of working offline.

    Examples
    --------
    >>> from mlpviz.datasets import load_mnist
    >>> X, y = load_mnist(return_X_y=True)  # doctest: +SKIP
    >>> X.shape, y[:5]  # doctest: +SKIP
    ((70000, 784), array([5, 0, 4, 1, 9]))
    """
    images, labels = _load_arrays(data_home)
    data = images.reshape(len(images), -1)
    target = labels.astype(np.int64)
    if return_X_y:
        return data, target
    # Imported here: scikit-learn takes seconds to import, and only the
    # Bunch needs it.
    from sklearn.utils import Bunch

    return Bunch(
        data=data,
        target=target,
        images=data.reshape(images.shape),
        feature_names=[f"pixel{i}" for i in range(1, data.shape[1] + 1)],
        target_names=np.arange(10),
        DESCR=_DESCR,
    )
