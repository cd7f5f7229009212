"""Where each data file comes from and what its content must hash to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IDXFile:
    """One gzip-compressed IDX file of a dataset.

    Attributes
    ----------
    name : str
        File name, as stored in a data folder and on the mirrors.
    content_sha256 : str
        SHA-256 of the decompressed IDX content. This is what is verified:
        it is the same whichever tool compressed the file.
    download_sha256 : str
        SHA-256 of the ``.gz`` file that the mirrors serve, checked by
        :mod:`pooch` before a download is moved into the cache.
    shape : tuple of int
        Shape that the IDX header must declare.
    content_size : int
        Size in bytes of the decompressed IDX content. Decompression stops
        just past it, so a damaged file or a "gzip bomb" costs no more memory
        than an intact file.
    """

    name: str
    content_sha256: str
    download_sha256: str
    shape: tuple[int, ...]
    content_size: int


MNIST_FILES = {
    "train_images": IDXFile(
        name="train-images-idx3-ubyte.gz",
        content_sha256="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        download_sha256="440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        shape=(60_000, 28, 28),
        content_size=47_040_016,
    ),
    "train_labels": IDXFile(
        name="train-labels-idx1-ubyte.gz",
        content_sha256="65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        download_sha256="3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        shape=(60_000,),
        content_size=60_008,
    ),
    "test_images": IDXFile(
        name="t10k-images-idx3-ubyte.gz",
        content_sha256="0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        download_sha256="8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        shape=(10_000, 28, 28),
        content_size=7_840_016,
    ),
    "test_labels": IDXFile(
        name="t10k-labels-idx1-ubyte.gz",
        content_sha256="ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        download_sha256="f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        shape=(10_000,),
        content_size=10_008,
    ),
}

# Public mirrors of the original IDX files, tried in order.
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

# Environment variables that point the loaders at local folders.
DATA_ENV = "MLPVIZ_DATA"
CACHE_ENV = "MLPVIZ_CACHE"
# ... and at a copy served over HTTP(S), laid out as the data folder
# (``<url>/mnist/*.gz``), tried before the mirrors: the site's, for notebooks
# running in the browser.
DATA_URL_ENV = "MLPVIZ_DATA_URL"
