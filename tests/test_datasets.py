"""The MNIST loader: sources, verification, cache and errors, on tiny IDX files."""

from __future__ import annotations

import gzip
import hashlib
import os
import socket

import numpy as np
import pytest
from loader_helpers import (
    N_TEST,
    N_TRAIN,
    free_port,
    idx_bytes,
    register,
    serve_folder,
)

import mlpviz.datasets._fetch as fetch_module
import mlpviz.datasets._mnist as mnist_module
from mlpviz.datasets import (
    DataIntegrityError,
    DataUnavailableError,
    IDXFormatError,
    fetch_mnist_files,
    load_mnist,
)


def _folder_state(folder):
    return {
        p: (p.stat().st_mtime_ns, p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_loads_training_then_test_rows(tiny_mnist):
    arrays = tiny_mnist["arrays"]
    bunch = load_mnist()
    expected = np.concatenate([arrays["train_images"], arrays["test_images"]])
    np.testing.assert_array_equal(bunch.images, expected)
    np.testing.assert_array_equal(bunch.data, expected.reshape(N_TRAIN + N_TEST, 784))
    np.testing.assert_array_equal(
        bunch.target, np.concatenate([arrays["train_labels"], arrays["test_labels"]])
    )
    assert bunch.data.dtype == np.uint8
    assert bunch.target.dtype == np.int64
    assert bunch.feature_names[0] == "pixel1" and len(bunch.feature_names) == 784
    assert "MNIST" in bunch.DESCR
    X, y = load_mnist(return_X_y=True)
    np.testing.assert_array_equal(X, bunch.data)
    np.testing.assert_array_equal(y, bunch.target)


def test_data_folder_is_only_read(tiny_mnist):
    before = _folder_state(tiny_mnist["data_dir"])
    load_mnist()
    assert _folder_state(tiny_mnist["data_dir"]) == before
    # The decoded cache goes to the cache folder, not the data folder.
    assert list(tiny_mnist["cache"].glob("mnist-*.npz"))


def test_second_load_uses_the_cache_without_the_sources(tiny_mnist, monkeypatch):
    first = load_mnist()

    def no_sources(*args, **kwargs):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(mnist_module, "fetch_files", no_sources)
    second = load_mnist()
    np.testing.assert_array_equal(second.data, first.data)
    np.testing.assert_array_equal(second.target, first.target)


def test_damaged_cache_is_rebuilt_from_the_sources(tiny_mnist):
    first = load_mnist()
    (cache_file,) = tiny_mnist["cache"].glob("mnist-*.npz")
    raw = bytearray(cache_file.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    cache_file.write_bytes(bytes(raw))
    np.testing.assert_array_equal(load_mnist().data, first.data)
    # And a truncated one.
    cache_file.write_bytes(cache_file.read_bytes()[:100])
    np.testing.assert_array_equal(load_mnist().data, first.data)


def test_cache_is_named_after_the_content_it_was_built_from(tiny_mnist, monkeypatch):
    load_mnist()
    (old_cache,) = tiny_mnist["cache"].glob("mnist-*.npz")
    # New sources (a new registry) must not be served from the old cache.
    arrays = dict(tiny_mnist["arrays"])
    arrays["test_labels"] = np.full(N_TEST, 7, dtype=np.uint8)
    content = idx_bytes(arrays["test_labels"])
    compressed = gzip.compress(content)
    (tiny_mnist["data_dir"] / "mnist" / "test_labels.gz").write_bytes(compressed)
    registry = dict(tiny_mnist["registry"])
    registry["test_labels"] = register("test_labels.gz", content, compressed, (N_TEST,))
    monkeypatch.setattr(mnist_module, "MNIST_FILES", registry)
    assert (load_mnist().target[N_TRAIN:] == 7).all()
    assert len(list(tiny_mnist["cache"].glob("mnist-*.npz"))) == 2
    assert old_cache.exists()


def test_truncated_file_names_file_hashes_and_remedy(tiny_mnist):
    path = tiny_mnist["data_dir"] / "mnist" / "train_images.gz"
    path.write_bytes(path.read_bytes()[:-200])
    expected = tiny_mnist["registry"]["train_images"].content_sha256
    with pytest.raises(DataIntegrityError) as info:
        load_mnist()
    message = str(info.value)
    assert str(path) in message
    assert "truncated" in message
    assert expected in message
    assert "MLPVIZ_DATA" in message
    assert not list(tiny_mnist["cache"].glob("mnist-*.npz"))


def test_corrupted_content_reports_the_found_hash(tiny_mnist):
    path = tiny_mnist["data_dir"] / "mnist" / "test_labels.gz"
    bad_content = idx_bytes(np.zeros(N_TEST, dtype=np.uint8))
    path.write_bytes(gzip.compress(bad_content))
    with pytest.raises(DataIntegrityError) as info:
        load_mnist()
    assert hashlib.sha256(bad_content).hexdigest() in str(info.value)
    assert tiny_mnist["registry"]["test_labels"].content_sha256 in str(info.value)
    assert not list(tiny_mnist["cache"].glob("mnist-*.npz"))


def test_not_gzip_data_is_reported(tiny_mnist):
    path = tiny_mnist["data_dir"] / "mnist" / "train_labels.gz"
    path.write_bytes(b"this is not gzip at all")
    with pytest.raises(DataIntegrityError, match="not gzip data"):
        load_mnist()


@pytest.mark.parametrize(
    ("key", "array", "type_code", "match"),
    [
        (
            "train_labels",
            np.zeros((N_TRAIN, 2), np.uint8),
            0x08,
            "expected uint8 of shape",
        ),
        ("test_images", np.zeros((N_TEST, 20, 20), np.uint8), 0x08, r"\(4, 20, 20\)"),
        ("train_labels", np.zeros(N_TRAIN, np.uint8), 0x42, "not an IDX magic number"),
    ],
)
def test_wrong_magic_or_shape(tiny_mnist, monkeypatch, key, array, type_code, match):
    # The content hash is registered, so only the format check can catch it.
    content = idx_bytes(array, type_code)
    compressed = gzip.compress(content)
    (tiny_mnist["data_dir"] / "mnist" / f"{key}.gz").write_bytes(compressed)
    registry = dict(tiny_mnist["registry"])
    # Registered with the wrong shape's content: the hash cannot catch it.
    registry[key] = register(f"{key}.gz", content, compressed, registry[key].shape)
    monkeypatch.setattr(mnist_module, "MNIST_FILES", registry)
    with pytest.raises(IDXFormatError, match=match):
        load_mnist()
    assert not list(tiny_mnist["cache"].glob("mnist-*.npz"))


def test_no_files_and_no_network_says_what_to_do(tiny_mnist, monkeypatch, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("MLPVIZ_DATA", str(empty))
    with pytest.raises(DataUnavailableError) as info:
        load_mnist()
    message = str(info.value)
    assert "MLPVIZ_DATA" in message
    assert str(tiny_mnist["cache"] / "mnist") in message
    assert "train_images.gz" in message
    assert isinstance(info.value, ConnectionError)
    assert not list((tiny_mnist["cache"] / "mnist").glob("*.gz"))


def test_data_variable_naming_a_missing_folder(tiny_mnist, monkeypatch, tmp_path):
    monkeypatch.setenv("MLPVIZ_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(NotADirectoryError, match="MLPVIZ_DATA"):
        load_mnist()


def test_downloads_missing_files_into_the_cache(tiny_mnist, mirror):
    paths = fetch_mnist_files()
    assert {p.parent for p in paths.values()} == {tiny_mnist["cache"] / "mnist"}
    expected = tiny_mnist["arrays"]["train_images"]
    np.testing.assert_array_equal(load_mnist().images[:N_TRAIN], expected)


def test_falls_back_to_the_next_mirror(tiny_mnist, mirror, monkeypatch):
    good = mnist_module.MNIST_MIRRORS[0]
    dead = f"http://127.0.0.1:{free_port()}/"
    monkeypatch.setattr(mnist_module, "MNIST_MIRRORS", (dead, good))
    assert len(fetch_mnist_files()) == 4


def test_download_with_a_wrong_hash_is_not_kept(tiny_mnist, mirror):
    (mirror / "test_labels.gz").write_bytes(gzip.compress(b"tampered"))
    with pytest.raises(DataUnavailableError, match=r"test_labels\.gz"):
        load_mnist()
    assert not (tiny_mnist["cache"] / "mnist" / "test_labels.gz").exists()
    assert not list(tiny_mnist["cache"].glob("mnist-*.npz"))


def test_damaged_cached_download_is_fetched_again(tiny_mnist, mirror):
    fetch_mnist_files()
    cached = tiny_mnist["cache"] / "mnist" / "train_labels.gz"
    cached.write_bytes(cached.read_bytes()[:10])
    with pytest.warns(UserWarning, match="moved aside"):
        load_mnist()
    assert cached.read_bytes() == (mirror / "train_labels.gz").read_bytes()


def test_a_silent_server_times_out(tiny_mnist, monkeypatch):
    # A server that accepts connections but never answers.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    monkeypatch.setattr(mnist_module, "MNIST_MIRRORS", (url,))
    monkeypatch.setattr(fetch_module, "DOWNLOAD_TIMEOUT", (0.5, 0.5))
    monkeypatch.delenv("MLPVIZ_DATA")
    try:
        with pytest.raises(DataUnavailableError, match=r"Timeout|timed out"):
            load_mnist()
    finally:
        listener.close()


def test_real_mnist_matches_the_published_facts(mnist):
    assert mnist.data.shape == (70_000, 784)
    assert mnist.images.shape == (70_000, 28, 28)
    np.testing.assert_array_equal(mnist.target[:5], [5, 0, 4, 1, 9])
    np.testing.assert_array_equal(mnist.target[60_000:60_005], [7, 2, 1, 0, 4])
    counts = np.bincount(mnist.target[:60_000])
    np.testing.assert_array_equal(
        counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    )
    assert mnist.data.max() == 255 and mnist.data.min() == 0


@pytest.fixture
def site_copy(tiny_mnist, tmp_path, monkeypatch):
    """The tiny files served as a site publishes its copy (``data/mnist/``),
    named by ``MLPVIZ_DATA_URL``, with the data folder hidden and the
    mirrors dead. Yields the served ``mnist`` folder."""
    served = tmp_path / "site" / "data" / "mnist"
    served.mkdir(parents=True)
    for path in (tiny_mnist["data_dir"] / "mnist").iterdir():
        (served / path.name).write_bytes(path.read_bytes())
    monkeypatch.delenv("MLPVIZ_DATA", raising=False)
    with serve_folder(tmp_path / "site") as url:
        monkeypatch.setenv("MLPVIZ_DATA_URL", f"{url}data")
        yield served


def test_downloads_from_the_copy_named_by_data_url(tiny_mnist, site_copy):
    paths = fetch_mnist_files()
    for key, path in paths.items():
        assert path.read_bytes() == (site_copy / path.name).read_bytes(), key
    expected = tiny_mnist["arrays"]["test_images"]
    np.testing.assert_array_equal(load_mnist().images[N_TRAIN:], expected)


def test_a_damaged_copy_at_data_url_is_refused(tiny_mnist, site_copy):
    (site_copy / "train_labels.gz").write_bytes(gzip.compress(b"tampered"))
    with pytest.raises(DataUnavailableError) as info:
        load_mnist()
    message = str(info.value)
    assert "data/mnist/train_labels.gz: served a damaged copy" in message
    assert not (tiny_mnist["cache"] / "mnist" / "train_labels.gz").exists()


def test_a_copy_at_data_url_compressed_otherwise_is_used(tiny_mnist, site_copy):
    # Only the content is registered for a copy: any tool may compress it.
    path = site_copy / "train_images.gz"
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()), 1, mtime=9))
    assert len(fetch_mnist_files()) == 4


def test_the_copy_at_data_url_comes_before_the_mirrors(monkeypatch):
    monkeypatch.setenv("MLPVIZ_DATA_URL", "https://site.example/mlpviz/data/")
    mirrors = ["https://one.example/", "https://two.example/"]
    assert fetch_module.download_sources("mnist", mirrors) == [
        "https://site.example/mlpviz/data/mnist/",
        *mirrors,
    ]


def test_in_a_browser_only_the_copy_at_data_url_is_tried(
    tiny_mnist, site_copy, monkeypatch
):
    monkeypatch.setattr(fetch_module, "BROWSER", True)
    copy = f"{os.environ['MLPVIZ_DATA_URL']}/mnist/"
    assert fetch_module.download_sources("mnist", ["https://mirror/"]) == [copy]
    monkeypatch.delenv("MLPVIZ_DATA_URL")
    with pytest.raises(DataUnavailableError, match="In a browser, set MLPVIZ_DATA_URL"):
        load_mnist()


@pytest.mark.parametrize("value", ["/data/", "site.org/data", "ftp://host/data/"])
def test_data_url_that_is_no_http_address(tiny_mnist, monkeypatch, value):
    monkeypatch.delenv("MLPVIZ_DATA")
    monkeypatch.setenv("MLPVIZ_DATA_URL", value)
    with pytest.raises(ValueError, match=r"MLPVIZ_DATA_URL=.* is not an http\(s\)"):
        load_mnist()
