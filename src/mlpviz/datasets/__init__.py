"""Verified loaders for the handwritten-digit datasets of the gallery.

Data files are looked for in the folder named by the ``MLPVIZ_DATA``
environment variable (read-only), then in the user's cache, and are
otherwise downloaded; every file is verified by the SHA-256 of its
decompressed content before use.
"""

from ._fetch import DataIntegrityError, DataUnavailableError, get_data_home
from ._idx import IDXFormatError, parse_idx
from ._mnist import N_TRAIN, fetch_mnist_files, load_mnist
from ._ng import load_ng_digits
from ._split import load_mnist_split

__all__ = [
    "N_TRAIN",
    "DataIntegrityError",
    "DataUnavailableError",
    "IDXFormatError",
    "fetch_mnist_files",
    "get_data_home",
    "load_mnist",
    "load_mnist_split",
    "load_ng_digits",
    "parse_idx",
]
