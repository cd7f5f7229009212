"""The MNIST loader under injected faults, on tiny IDX files.

Damaged caches and data files, permissions, folders in the way, huge and
"bomb" files, interrupted writes and concurrent loads. Every load must end
in the right arrays or in one of the loader's documented errors.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import multiprocessing
import os
import re
import shutil
import signal
import struct
import sys
import tempfile
import time
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_helpers import (
    expected_arrays,
    expected_digest,
    load_as_user,
    load_in_child,
    serve_folder,
    tiny_arrays,
    write_then_hang,
    write_tiny_files,
)

import mlpviz.datasets._cache as cache_module
import mlpviz.datasets._files as files_module
import mlpviz.datasets._mnist as mnist_module
from mlpviz.datasets import (
    DataIntegrityError,
    DataUnavailableError,
    fetch_mnist_files,
    load_mnist,
)
from mlpviz.datasets._registry import MNIST_FILES
from mlpviz.datasets._verify import size_limit

KEYS = ("train_images", "train_labels", "test_images", "test_labels")
# Each example loads tiny files in milliseconds; the shared machine may pause.
FAULTS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


# Damage -------------------------------------------------------------------


# Where a change lands: near the start or the end (headers), or anywhere.
_positions = st.tuples(
    st.sampled_from(["start", "end", "anywhere"]), st.integers(0, 2**32 - 1)
)
# One to three changes, drawn without looking at the file, so that every file
# (and every cache, whose zip timestamps vary) can take the same damage.
damages = st.lists(
    st.one_of(
        st.tuples(st.just("flip"), _positions, st.integers(0, 7)),
        st.tuples(st.just("overwrite"), _positions, st.binary(min_size=1, max_size=16)),
        st.tuples(st.just("truncate"), _positions),
        st.tuples(st.just("zeros"), st.integers(1, 4096)),
        st.tuples(st.just("bytes"), st.binary(min_size=1, max_size=64)),
    ),
    min_size=1,
    max_size=3,
)


def _position(where, length: int) -> int:
    anchor, number = where
    if anchor == "start":
        return number % min(length, 256)
    if anchor == "end":
        return length - 1 - number % min(length, 256)
    return number * length >> 32


def damaged(original: bytes, changes) -> bytes:
    """``original`` after ``changes``, drawn from :data:`damages`."""
    data = bytearray(original)
    for kind, *arguments in changes:
        if kind == "zeros":
            data += bytes(arguments[0])
        elif kind == "bytes":
            data += arguments[0]
        elif not data:
            continue
        elif kind == "flip":
            data[_position(arguments[0], len(data))] ^= 1 << arguments[1]
        elif kind == "overwrite":
            start = _position(arguments[0], len(data))
            data[start : start + len(arguments[1])] = arguments[1]
        elif kind == "truncate":
            del data[_position(arguments[0], len(data)) :]
    return bytes(data)


def _gzip_content(data: bytes) -> bytes | None:
    """What Python's gzip module decodes ``data`` to, or None if it refuses."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return stream.read()
    except Exception:
        return None


def _strictly_decided(data: bytes) -> bool:
    """Whether Python's gzip module judges ``data``'s header as gzip(1) does.

    It ignores reserved flag bits, which gzip(1) and zlib refuse, and skips
    a header CRC without checking it.
    """
    return len(data) < 4 or not data[3] & 0b1110_0010


def _cache_file(cache: Path) -> Path:
    (path,) = cache.glob("mnist-*.npz")
    return path


def _expected_cache(arrays):
    n_samples = len(arrays["train_images"]) + len(arrays["test_images"])
    return {
        "images": ((n_samples, 28, 28), "uint8"),
        "labels": ((n_samples,), "uint8"),
    }


def _assert_loads_right(arrays):
    data, target = load_mnist(return_X_y=True)
    expected_data, expected_target = expected_arrays(arrays)
    np.testing.assert_array_equal(data, expected_data)
    np.testing.assert_array_equal(target, expected_target)


def _no_sources(*args, **kwargs):
    raise AssertionError("the cache should have been used")


# The decoded cache ----------------------------------------------------------


@FAULTS
@given(changes=damages)
def test_any_damage_to_the_cache_is_repaired(tiny_mnist, monkeypatch, changes):
    load_mnist()
    path = _cache_file(tiny_mnist["cache"])
    path.write_bytes(damaged(path.read_bytes(), changes))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a repair needs no warning
        _assert_loads_right(tiny_mnist["arrays"])
    # Repaired (or the damage was harmless): the cache alone now suffices.
    with monkeypatch.context() as patch:
        patch.setattr(mnist_module, "fetch_files", _no_sources)
        _assert_loads_right(tiny_mnist["arrays"])


def _header_positions(path: Path) -> list[int]:
    """Every byte of a cache outside the arrays' payloads: zip and .npy headers."""
    raw = path.read_bytes()
    in_payload = np.zeros(len(raw), dtype=bool)
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            local = info.header_offset
            name_length, extra_length = struct.unpack(
                "<2H", raw[local + 26 : local + 30]
            )
            start = local + 30 + name_length + extra_length
            with archive.open(info) as member:
                np.lib.format.read_magic(member)
                np.lib.format.read_array_header_1_0(member)
                header_size = member.tell()
            in_payload[start + header_size : start + info.file_size] = True
    return np.flatnonzero(~in_payload).tolist()


def test_every_bit_flip_in_the_cache_headers_is_caught(tiny_mnist):
    # The flips that escaped before: .npy headers and the zip directory. The
    # payload's flips are left to the CRC-32 (and to the test above).
    load_mnist()
    path = _cache_file(tiny_mnist["cache"])
    pristine = path.read_bytes()
    images, labels = expected_arrays(tiny_mnist["arrays"])
    expected = _expected_cache(tiny_mnist["arrays"])
    positions = _header_positions(path)
    refused = 0
    # Changed in place, unbuffered: rewriting the whole file is much slower.
    with open(path, "r+b", buffering=0) as stream:
        for position in positions:
            for bit in range(8):
                stream.seek(position)
                stream.write(bytes([pristine[position] ^ 1 << bit]))
                arrays, problem = cache_module.load_arrays(path, expected)
                if arrays is None:
                    assert problem
                    refused += 1
                else:
                    np.testing.assert_array_equal(
                        arrays["images"].reshape(images.shape), images
                    )
                    np.testing.assert_array_equal(arrays["labels"], labels)
            stream.seek(position)
            stream.write(pristine[position : position + 1])
    # Most header bytes matter; a few (timestamps, padding spaces) do not.
    assert refused > len(positions) * 8 // 2


def test_cache_with_the_wrong_shape_or_dtype_is_rebuilt(tiny_mnist, monkeypatch):
    load_mnist()
    path = _cache_file(tiny_mnist["cache"])
    images, labels = expected_arrays(tiny_mnist["arrays"])
    for wrong in (
        {
            "images": images.reshape(-1, 28, 28)[:, :27],
            "labels": labels.astype(np.uint8),
        },
        {"images": images.reshape(-1, 28, 28).astype(np.int16), "labels": labels},
    ):
        np.savez(path, **wrong)
        arrays, problem = cache_module.load_arrays(
            path, _expected_cache(tiny_mnist["arrays"])
        )
        assert arrays is None and "holds images of shape" in problem
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _assert_loads_right(tiny_mnist["arrays"])
    with monkeypatch.context() as patch:
        patch.setattr(mnist_module, "fetch_files", _no_sources)
        _assert_loads_right(tiny_mnist["arrays"])


def test_cache_name_taken_by_a_folder(tiny_mnist):
    load_mnist()
    path = _cache_file(tiny_mnist["cache"])
    path.unlink()
    path.mkdir()
    (path / "keep.txt").write_text("not ours")
    with pytest.warns(UserWarning) as caught:
        _assert_loads_right(tiny_mnist["arrays"])
    (warning,) = caught
    message = str(warning.message)
    assert str(path) in message and "is a folder, not a file" in message
    assert "a folder is in the way" in message
    assert (path / "keep.txt").read_text() == "not ours"
    assert not list(tiny_mnist["cache"].glob(".*.tmp"))


def test_failed_cache_write_warns_and_leaves_nothing(tiny_mnist, monkeypatch):
    def disk_full(stream, **arrays):
        stream.write(b"PK\x03\x04 half an archive")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.np, "savez", disk_full)
    with pytest.warns(UserWarning, match="no space left on the device") as caught:
        _assert_loads_right(tiny_mnist["arrays"])
    assert len(caught) == 1
    assert str(tiny_mnist["cache"]) in str(caught[0].message)
    assert not list(tiny_mnist["cache"].iterdir())


def test_interrupted_write_raises_and_leaves_nothing(tiny_mnist, monkeypatch):
    def interrupted(stream, **arrays):
        stream.write(b"PK\x03\x04 half an archive")
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_module.np, "savez", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_mnist()
    assert not [p for p in tiny_mnist["cache"].iterdir() if p.is_file()]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_leftovers_of_a_killed_writer_are_removed(tiny_mnist):
    context = multiprocessing.get_context("spawn")
    started = context.Event()
    writer = context.Process(
        target=write_then_hang,
        args=(tiny_mnist["registry"], tiny_mnist["cache"], started),
    )
    writer.start()
    assert started.wait(60)
    os.kill(writer.pid, signal.SIGKILL)
    writer.join(60)
    (leftover,) = tiny_mnist["cache"].glob(".*.tmp")
    assert str(writer.pid) in leftover.name
    # As old as the killed writer's file, but its process runs: it is kept.
    live = tiny_mnist["cache"] / f".mnist-x.npz.{os.getpid()}.0123abcd.tmp"
    live.write_bytes(b"in progress")
    # Older than any write takes: removed even though process 1 runs.
    ancient = tiny_mnist["cache"] / ".mnist-y.npz.1.89abcdef.tmp"
    ancient.write_bytes(b"lost")
    # A file of the user's that merely looks temporary.
    users = tiny_mnist["cache"] / "notes.tmp"
    users.write_bytes(b"mine")
    recent = time.time() - files_module.DEAD_WRITER_GRACE - 1
    for path in (leftover, live, users):
        os.utime(path, (recent, recent))
    old = time.time() - files_module.STALE_AFTER - 1
    os.utime(ancient, (old, old))
    _assert_loads_right(tiny_mnist["arrays"])
    assert not leftover.exists() and not ancient.exists()
    assert live.exists() and users.exists()


def test_warm_loads_remove_leftovers_too(tiny_mnist, monkeypatch):
    load_mnist()
    old = time.time() - files_module.STALE_AFTER - 1
    leftovers = [
        tiny_mnist["cache"] / ".mnist-x.npz.1.0123abcd.tmp",
        tiny_mnist["cache"] / "mnist" / ".train_images.gz.1.0123abcd.tmp",
    ]
    for path in leftovers:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"left by a killed download")
        os.utime(path, (old, old))
    monkeypatch.setattr(mnist_module, "fetch_files", _no_sources)
    _assert_loads_right(tiny_mnist["arrays"])
    assert not any(path.exists() for path in leftovers)


# Data files ---------------------------------------------------------------


@FAULTS
@given(key=st.sampled_from(KEYS), changes=damages)
def test_a_damaged_data_file_is_never_accepted(tiny_mnist, key, changes):
    path = tiny_mnist["data_dir"] / "mnist" / f"{key}.gz"
    content = gzip.decompress(path.read_bytes())
    pristine = gzip.compress(content, mtime=0)
    entry = tiny_mnist["registry"][key]
    bad = damaged(pristine, changes)
    path.write_bytes(bad)
    for cache in tiny_mnist["cache"].glob("mnist-*.npz"):
        cache.unlink()
    try:
        try:
            _assert_loads_right(tiny_mnist["arrays"])
        except DataIntegrityError as exc:
            message = str(exc)
            assert message.startswith(f"{path} is damaged: ")
            # The expected hash appears once: a found hash is never equal to it.
            assert message.count(entry.content_sha256) == 1
            # A hash reported as found is that of what the file decodes to.
            for found in re.findall(r"content is ([0-9a-f]{64})", message):
                assert found == hashlib.sha256(_gzip_content(bad)).hexdigest()
            assert not list(tiny_mnist["cache"].glob("mnist-*.npz"))
            if _strictly_decided(bad):
                assert _gzip_content(bad) != content
        else:
            assert _gzip_content(bad) == content
    finally:
        path.write_bytes(pristine)


@pytest.mark.parametrize("padding", [1, 512, 10_000])
def test_zero_padding_after_the_gzip_data_is_accepted(tiny_mnist, padding):
    path = tiny_mnist["data_dir"] / "mnist" / "train_labels.gz"
    path.write_bytes(path.read_bytes() + bytes(padding))
    _assert_loads_right(tiny_mnist["arrays"])


def test_two_gzip_members_are_read_as_one(tiny_mnist):
    path = tiny_mnist["data_dir"] / "mnist" / "train_images.gz"
    content = gzip.decompress(path.read_bytes())
    path.write_bytes(gzip.compress(content[:100]) + gzip.compress(content[100:]))
    _assert_loads_right(tiny_mnist["arrays"])


def _flip_stored_crc(raw: bytes) -> bytes:
    # Every byte still decodes; only the check at the end fails.
    return raw[:-8] + bytes([raw[-8] ^ 1]) + raw[-7:]


def _recompressed(change):
    return lambda raw: gzip.compress(change(gzip.decompress(raw)))


# How a 14-byte labels file is changed, and what the refusal must say it found.
REFUSALS = {
    "garbage": (
        lambda raw: raw + b"garbage",
        "neither another gzip member nor zero padding",
    ),
    "garbage-after-padding": (
        lambda raw: raw + bytes(8) + b"x",
        "after its gzip data and 8 zero bytes",
    ),
    "empty": (lambda raw: b"", r"it is empty \(0 bytes\)"),
    "truncated": (
        lambda raw: raw[:-4],
        "gzip data ends early, after [0-9,]+ bytes of content",
    ),
    "not-gzip": (lambda raw: b"\x89PNG" + raw, "not gzip data .* 0x89504e47"),
    "reserved-flag": (
        lambda raw: raw[:3] + bytes([raw[3] | 0x20]) + raw[4:],
        "its gzip header is damaged",
    ),
    "crc": (
        _flip_stored_crc,
        r"gzip checksum \(CRC-32\) does not match its decompressed content",
    ),
    "short": (_recompressed(lambda content: content[:-1]), "decompresses to 13 bytes"),
    "long": (
        _recompressed(lambda content: content + b"\1"),
        "more than the expected 14 bytes",
    ),
}


@pytest.mark.parametrize(("change", "found"), REFUSALS.values(), ids=REFUSALS.keys())
def test_refusals_say_what_was_found(tiny_mnist, change, found):
    path = tiny_mnist["data_dir"] / "mnist" / "train_labels.gz"
    path.write_bytes(change(path.read_bytes()))
    entry = tiny_mnist["registry"]["train_labels"]
    with pytest.raises(DataIntegrityError, match=found) as info:
        load_mnist()
    message = str(info.value)
    assert message.startswith(f"{path} is damaged: ")
    assert (
        f"should be {entry.content_size:,} bytes with SHA-256 {entry.content_sha256}"
        in message
    )
    assert message.count(entry.content_sha256) == 1
    assert hashlib.sha256(b"").hexdigest() not in message
    assert "MLPVIZ_DATA" in message and "nothing was changed" in message


def test_a_huge_file_is_refused_by_its_size(tiny_mnist):
    # The right gzip data, then zero padding up to 2 GiB (a sparse file: no
    # disk space used). Read, it would pass after seconds of zeros; its size
    # alone refuses it.
    path = tiny_mnist["data_dir"] / "mnist" / "train_images.gz"
    with open(path, "r+b") as stream:
        stream.truncate(2 << 30)
    with pytest.raises(DataIntegrityError, match=r"2,147,483,648 bytes.*not read"):
        load_mnist()


def test_the_real_registry_refuses_a_2_gib_file_unread(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "mnist"
    folder.mkdir(parents=True)
    with open(folder / MNIST_FILES["train_images"].name, "wb") as stream:
        stream.truncate(2 << 30)
    monkeypatch.setenv("MLPVIZ_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("MLPVIZ_CACHE", str(tmp_path / "cache"))
    with pytest.raises(DataIntegrityError, match=r"at most 95,128,608 bytes"):
        fetch_mnist_files()


def test_a_gzip_bomb_costs_no_more_than_an_intact_file(tiny_mnist):
    # 64 MiB of zeros compress to 64 kB; the registered content is 14 bytes.
    path = tiny_mnist["data_dir"] / "mnist" / "train_labels.gz"
    path.write_bytes(gzip.compress(bytes(64 << 20), compresslevel=9))
    tracemalloc.start()
    try:
        with pytest.raises(DataIntegrityError, match="more than the expected 14 bytes"):
            load_mnist()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The read buffer and the other small files: far below the bomb's size.
    assert peak < 8 << 20


def test_registered_sizes_match_the_shapes():
    for entry in MNIST_FILES.values():
        header = 4 + 4 * len(entry.shape)
        assert entry.content_size == header + int(np.prod(entry.shape))


# Where the loader looked --------------------------------------------------


@pytest.mark.parametrize("state", ["absent", "folder", "dangling link"])
def test_errors_name_every_place_searched(tiny_mnist, state):
    data_file = tiny_mnist["data_dir"] / "mnist" / "test_images.gz"
    data_file.unlink()
    if state == "folder":
        data_file.mkdir()
    elif state == "dangling link":
        try:
            data_file.symlink_to(tiny_mnist["data_dir"] / "gone.gz")
        except OSError as exc:  # Windows, without the privilege to make links
            pytest.skip(f"cannot make a symbolic link here: {exc}")
    with pytest.raises(DataUnavailableError) as info:
        load_mnist()
    message = str(info.value)
    described = {
        "absent": "absent",
        "folder": "a folder, not a file",
        "dangling link": f"a symbolic link to {tiny_mnist['data_dir'] / 'gone.gz'}",
    }[state]
    assert f"{data_file} (MLPVIZ_DATA): {described}" in message
    cache_file = tiny_mnist["cache"] / "mnist" / "test_images.gz"
    assert f"{cache_file} (cache): absent" in message
    (mirror,) = mnist_module.MNIST_MIRRORS
    assert f"{mirror}test_images.gz: ConnectionError" in message


def test_a_file_absent_from_the_data_folder_is_found_in_the_cache(tiny_mnist):
    # Absent from MLPVIZ_DATA but in the cache: found there, silently.
    name = "test_labels.gz"
    (tiny_mnist["cache"] / "mnist").mkdir(parents=True)
    shutil.move(tiny_mnist["data_dir"] / "mnist" / name, tiny_mnist["cache"] / "mnist")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _assert_loads_right(tiny_mnist["arrays"])


# Cached downloads ---------------------------------------------------------


def _fill_download_cache(tiny_mnist, monkeypatch):
    cached = tiny_mnist["cache"] / "mnist"
    shutil.copytree(tiny_mnist["data_dir"] / "mnist", cached)
    monkeypatch.delenv("MLPVIZ_DATA")
    return cached


def test_damaged_cached_file_is_left_and_named_when_offline(tiny_mnist, monkeypatch):
    cached = _fill_download_cache(tiny_mnist, monkeypatch)
    path = cached / "train_labels.gz"
    path.write_bytes(path.read_bytes()[:-3])
    damaged_bytes = path.read_bytes()
    for _ in range(2):  # the same error each time: nothing was moved
        with pytest.raises(DataIntegrityError) as info:
            load_mnist()
        message = str(info.value)
        assert message.startswith(f"{path} is damaged: its gzip data ends early")
        assert "It was left in place" in message
        assert "not in the data folder or the cache" not in message
        assert "MLPVIZ_DATA is not set" in message
        assert "ConnectionError" in message
        assert path.read_bytes() == damaged_bytes


def test_damaged_cached_file_is_moved_aside_and_replaced(tiny_mnist, mirror):
    fetch_mnist_files()
    path = tiny_mnist["cache"] / "mnist" / "test_images.gz"
    path.write_bytes(b"my own notes, not MNIST")
    with pytest.warns(UserWarning) as caught:
        _assert_loads_right(tiny_mnist["arrays"])
    (warning,) = caught
    (aside,) = path.parent.glob("test_images.gz.corrupt-*")
    assert aside.read_bytes() == b"my own notes, not MNIST"
    assert f"{path} was damaged: it was moved aside to {aside}" in str(warning.message)
    assert path.read_bytes() == (mirror / "test_images.gz").read_bytes()


@FAULTS
@given(key=st.sampled_from(KEYS), changes=damages)
def test_any_damage_to_a_cached_download_is_repaired(tiny_mnist, mirror, key, changes):
    folder = tiny_mnist["cache"] / "mnist"
    shutil.rmtree(tiny_mnist["cache"], ignore_errors=True)
    shutil.copytree(mirror, folder)
    path = folder / f"{key}.gz"
    bad = damaged(path.read_bytes(), changes)
    path.write_bytes(bad)
    content = gzip.decompress((mirror / f"{key}.gz").read_bytes())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _assert_loads_right(tiny_mnist["arrays"])
    asides = list(folder.glob(f"{key}.gz.corrupt-*"))
    if not asides:  # the damage left the content intact: nothing to repair
        assert not caught and path.read_bytes() == bad
        assert _gzip_content(bad) == content
    else:
        assert len(caught) == 1 and str(path) in str(caught[0].message)
        assert [aside.read_bytes() for aside in asides] == [bad]
        assert path.read_bytes() == (mirror / f"{key}.gz").read_bytes()
        if _strictly_decided(bad):
            assert _gzip_content(bad) != content


def test_download_passing_its_check_but_not_the_content_is_an_integrity_error(
    tiny_mnist, mirror, monkeypatch
):
    # The served bytes match the registered download hash, but their content
    # does not match the registered content hash: the registry is wrong.
    tampered = gzip.compress(b"\x00\x00\x08\x01\x00\x00\x00\x04tamp")
    (mirror / "test_labels.gz").write_bytes(tampered)
    registry = dict(tiny_mnist["registry"])
    registry["test_labels"] = dataclasses.replace(
        registry["test_labels"], download_sha256=hashlib.sha256(tampered).hexdigest()
    )
    monkeypatch.setattr(mnist_module, "MNIST_FILES", registry)
    with pytest.raises(DataIntegrityError, match="served the registered file") as info:
        load_mnist()
    assert "could not be downloaded" not in str(info.value)
    assert not (tiny_mnist["cache"] / "mnist" / "test_labels.gz").exists()
    assert not list((tiny_mnist["cache"] / "mnist").glob(".*.tmp"))


def test_a_mirror_serving_too_much_is_cut_off(tiny_mnist, mirror):
    (mirror / "train_labels.gz").write_bytes(bytes(3 << 20))
    limit = size_limit(tiny_mnist["registry"]["train_labels"])
    with pytest.raises(DataUnavailableError, match=f"served more than {limit:,} bytes"):
        load_mnist()
    assert not (tiny_mnist["cache"] / "mnist" / "train_labels.gz").exists()
    assert not list((tiny_mnist["cache"] / "mnist").glob(".*.tmp"))


# Permissions: real only for a user who is not root --------------------------


def _unprivileged_user():
    """``nobody`` when running as root (root ignores permissions), else None."""
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions")
    return 65534 if os.geteuid() == 0 else None


@pytest.fixture
def shared_tree():
    """A folder that user nobody can traverse (pytest's tmp_path is private)."""
    root = Path(tempfile.mkdtemp(prefix="mlpviz-perm-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        for folder in [root, *root.rglob("*")]:
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o755)
        shutil.rmtree(root)


def _shared_dataset(root: Path):
    arrays = tiny_arrays()
    registry = write_tiny_files(root / "data" / "mnist", arrays)
    for path in [root / "data", root / "data" / "mnist"]:
        path.chmod(0o755)
    for path in (root / "data" / "mnist").iterdir():
        path.chmod(0o644)
    return arrays, registry


def _damaged_cache(root: Path, registry) -> Path:
    """A cache folder holding a damaged copy of the decoded cache."""
    cache = root / "cache"
    env = {"MLPVIZ_DATA": str(root / "data"), "MLPVIZ_CACHE": str(cache)}
    report = load_as_user(registry, env)
    assert report["outcome"] == "ok"
    path = _cache_file(cache)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x10
    path.write_bytes(raw)
    return path


def test_damaged_cache_in_a_read_only_folder(shared_tree):
    user = _unprivileged_user()
    arrays, registry = _shared_dataset(shared_tree)
    path = _damaged_cache(shared_tree, registry)
    path.chmod(0o644)
    path.parent.chmod(0o555)
    env = {"MLPVIZ_DATA": str(shared_tree / "data"), "MLPVIZ_CACHE": str(path.parent)}
    report = load_as_user(registry, env, user=user)
    assert report["outcome"] == "ok", report["error"]
    assert report["digest"] == expected_digest(arrays)
    (warning,) = report["warnings"]
    assert (
        str(path) in warning
        and "is damaged" in warning
        and "permission denied" in warning
    )


def test_another_users_unreadable_cache_in_a_sticky_folder(shared_tree):
    user = _unprivileged_user()
    if user is None:
        pytest.skip("needs root, to give the cache file to another user")
    arrays, registry = _shared_dataset(shared_tree)
    path = _damaged_cache(shared_tree, registry)
    path.chmod(0o600)  # root's, unreadable to others
    path.parent.chmod(0o1777)  # like /tmp: anyone may add files, not replace others'
    env = {"MLPVIZ_DATA": str(shared_tree / "data"), "MLPVIZ_CACHE": str(path.parent)}
    report = load_as_user(registry, env, user=user)
    assert report["outcome"] == "ok", report["error"]
    assert report["digest"] == expected_digest(arrays)
    (warning,) = report["warnings"]
    assert str(path) in warning and "not readable (permission denied)" in warning
    assert not list(path.parent.glob(".*.tmp"))


def test_download_into_a_read_only_cache_still_loads(shared_tree):
    user = _unprivileged_user()
    # Imported before the child drops privileges: it may not read the library.
    import pooch  # noqa: F401
    import requests  # noqa: F401

    arrays, registry = _shared_dataset(shared_tree)
    cache = shared_tree / "cache"
    cache.mkdir(mode=0o555)
    cache.chmod(0o555)
    with serve_folder(shared_tree / "data" / "mnist") as url:
        env = {"MLPVIZ_CACHE": str(cache), "MLPVIZ_DATA": ""}
        report = load_as_user(registry, env, mirrors=[url], user=user)
    assert report["outcome"] == "ok", report["error"]
    assert report["digest"] == expected_digest(arrays)
    (warning,) = report["warnings"]
    assert "could not be stored" in warning and "permission denied" in warning
    assert not list(cache.iterdir())


# Concurrency --------------------------------------------------------------


def _start_loads(registry, mirrors, n_processes=4):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(n_processes)
    results = context.Queue()
    workers = [
        context.Process(target=load_in_child, args=(registry, mirrors, start, results))
        for _ in range(n_processes)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0] * n_processes
    return outcomes


@pytest.mark.parametrize("cache_state", ["empty", "damaged"])
def test_concurrent_loads_over_any_cache_agree(tiny_mnist, monkeypatch, cache_state):
    # No data folder: the files come from the cache or the loopback mirror.
    served = tiny_mnist["data_dir"] / "mnist"
    if cache_state == "damaged":
        load_mnist()
        path = _cache_file(tiny_mnist["cache"])
        raw = bytearray(path.read_bytes())
        raw[100] ^= 0x01  # in the .npy header of the images
        path.write_bytes(raw)
        cached = _fill_download_cache(tiny_mnist, monkeypatch)
        (cached / "train_images.gz").write_bytes(b"\x1f\x8b damaged")
    else:
        monkeypatch.delenv("MLPVIZ_DATA")
    with serve_folder(served) as url:
        outcomes = _start_loads(tiny_mnist["registry"], [url])
    crashes = [outcome for outcome in outcomes if outcome[0] != "ok"]
    assert not crashes, crashes
    data, target = expected_arrays(tiny_mnist["arrays"])
    assert {outcome[1:] for outcome in outcomes} == {(data.tobytes(), target.tobytes())}
    assert not list(tiny_mnist["cache"].rglob(".*.tmp"))
    with monkeypatch.context() as patch:
        patch.setattr(mnist_module, "fetch_files", _no_sources)
        _assert_loads_right(tiny_mnist["arrays"])
