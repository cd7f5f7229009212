"""The loader where Windows and macOS differ from Linux, simulated on any system.

Windows cannot rename over a file that another process holds open, says
"permission denied" for a folder in the way, has no signal to ask whether a
process runs, and a text-mode copy there turns LF bytes into CR LF. Each
difference is simulated here by giving the loader the answers Windows gives;
the GitHub workflows also run the whole suite on Windows and macOS.
"""

from __future__ import annotations

import errno
import gzip
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from loader_helpers import expected_arrays

import mlpviz.datasets._fetch as fetch_module
import mlpviz.datasets._files as files_module
import mlpviz.datasets._mnist as mnist_module
from mlpviz.datasets import (
    DataIntegrityError,
    DataUnavailableError,
    fetch_mnist_files,
    load_mnist,
)

REAL_REPLACE, REAL_RENAME, REAL_OPEN = os.replace, os.rename, os.open


@pytest.fixture
def windows(monkeypatch):
    """The loader takes this system for Windows; its renames retry at once."""
    monkeypatch.setattr(files_module, "_WINDOWS", True)
    monkeypatch.setattr(files_module, "RENAME_DELAYS", (0.0,) * 8)


class HeldOpen:
    """``os.replace`` or ``os.rename`` as Windows does them while another
    process holds the target (or the source) open: ``PermissionError``, the
    first ``busy`` times a file is renamed over an existing one or moved."""

    def __init__(self, real, busy: int, *, over_existing: bool = True):
        self.real, self.busy, self.over_existing = real, busy, over_existing
        self.refused = 0

    def __call__(self, source, target):
        held = Path(target).exists() if self.over_existing else True
        if held and self.refused < self.busy:
            self.refused += 1
            raise PermissionError(errno.EACCES, "Access is denied", str(target))
        return self.real(source, target)


def _cache_file(cache: Path) -> Path:
    (path,) = cache.glob("mnist-*.npz")
    return path


def _damage(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))


def _no_sources(*args, **kwargs):
    raise AssertionError("the cache should have been used")


def _assert_loads_right(arrays):
    data, target = load_mnist(return_X_y=True)
    expected_data, expected_target = expected_arrays(arrays)
    np.testing.assert_array_equal(data, expected_data)
    np.testing.assert_array_equal(target, expected_target)


# A file held open by a concurrent load ------------------------------------------


def test_a_cache_held_open_for_a_moment_is_replaced(tiny_mnist, windows, monkeypatch):
    load_mnist()
    _damage(_cache_file(tiny_mnist["cache"]))
    replace = HeldOpen(REAL_REPLACE, busy=3)
    monkeypatch.setattr(os, "replace", replace)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # retried, then replaced: nothing to tell
        _assert_loads_right(tiny_mnist["arrays"])
    assert replace.refused == 3
    monkeypatch.setattr(mnist_module, "fetch_files", _no_sources)
    _assert_loads_right(tiny_mnist["arrays"])  # the repaired cache alone


def test_a_cache_held_open_throughout_still_loads(tiny_mnist, windows, monkeypatch):
    load_mnist()
    _damage(_cache_file(tiny_mnist["cache"]))
    replace = HeldOpen(REAL_REPLACE, busy=10**6)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.warns(UserWarning) as caught:
        _assert_loads_right(tiny_mnist["arrays"])
    (warning,) = caught
    message = str(warning.message)
    assert "another program has the file open" in message
    assert "Windows cannot replace an open file" in message
    assert replace.refused == len(files_module.RENAME_DELAYS) + 1
    assert not list(tiny_mnist["cache"].glob(".*.tmp"))


def test_elsewhere_a_permission_error_is_not_retried(tiny_mnist, monkeypatch):
    monkeypatch.setattr(files_module, "_WINDOWS", False)
    load_mnist()
    _damage(_cache_file(tiny_mnist["cache"]))
    replace = HeldOpen(REAL_REPLACE, busy=10**6)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.warns(UserWarning, match="belongs to another user"):
        _assert_loads_right(tiny_mnist["arrays"])
    assert replace.refused == 1


def test_a_damaged_download_held_open_is_moved_aside(
    tiny_mnist, mirror, windows, monkeypatch
):
    fetch_mnist_files()
    path = tiny_mnist["cache"] / "mnist" / "test_labels.gz"
    path.write_bytes(b"not MNIST")
    rename = HeldOpen(REAL_RENAME, busy=2, over_existing=False)
    monkeypatch.setattr(os, "rename", rename)
    with pytest.warns(UserWarning, match="was moved aside"):
        _assert_loads_right(tiny_mnist["arrays"])
    assert rename.refused == 2
    (aside,) = path.parent.glob("test_labels.gz.corrupt-*")
    assert aside.read_bytes() == b"not MNIST"
    assert path.read_bytes() == (mirror / "test_labels.gz").read_bytes()


# A folder in the way --------------------------------------------------------------


def _open_as_windows(path, flags, *args):
    """``os.open`` as on Windows, which refuses to open a folder."""
    if os.path.isdir(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))
    return REAL_OPEN(path, flags, *args)


def _replace_as_windows(source, target):
    """``os.replace`` as on Windows: a folder in the way is "access denied"."""
    if os.path.isdir(target):
        raise PermissionError(errno.EACCES, "Access is denied", str(target))
    return REAL_REPLACE(source, target)


def test_a_folder_in_the_way_is_named_as_on_linux(tiny_mnist, windows, monkeypatch):
    load_mnist()
    path = _cache_file(tiny_mnist["cache"])
    path.unlink()
    path.mkdir()
    monkeypatch.setattr(os, "open", _open_as_windows)
    replace = HeldOpen(_replace_as_windows, busy=0)
    monkeypatch.setattr(os, "replace", replace)
    start = time.perf_counter()
    with pytest.warns(UserWarning) as caught:
        _assert_loads_right(tiny_mnist["arrays"])
    (warning,) = caught
    message = str(warning.message)
    assert f"{path} is a folder, not a file" in message
    assert "a folder is in the way" in message
    assert "permission denied" not in message
    assert time.perf_counter() - start < 5  # no retries against a folder
    assert path.is_dir() and not list(tiny_mnist["cache"].glob(".*.tmp"))


def test_a_folder_in_place_of_a_data_file(tiny_mnist, monkeypatch):
    data_file = tiny_mnist["data_dir"] / "mnist" / "test_images.gz"
    data_file.unlink()
    data_file.mkdir()
    monkeypatch.setattr(os, "open", _open_as_windows)
    with pytest.raises(DataUnavailableError, match="a folder, not a file"):
        load_mnist()


@pytest.mark.parametrize(
    ("target", "given"),
    [
        ("\\\\?\\C:\\data\\gone.gz", "C:\\data\\gone.gz"),
        ("\\\\?\\UNC\\server\\share\\gone.gz", "\\\\server\\share\\gone.gz"),
        ("/data/gone.gz", "/data/gone.gz"),
        ("gone.gz", "gone.gz"),
    ],
)
def test_a_dangling_link_is_named_as_it_was_made(tmp_path, monkeypatch, target, given):
    # Windows reads an absolute link back with its "\\?\" device prefix.
    monkeypatch.setattr(os, "readlink", lambda path: target)
    described = files_module.describe_unreadable(tmp_path / "link", FileNotFoundError())
    assert described == f"a symbolic link to {given}, which does not exist"


# Processes ------------------------------------------------------------------------


def test_no_process_is_signalled_on_windows(tmp_path, windows, monkeypatch):
    def kill(*args):
        raise AssertionError("os.kill terminates the process on Windows")

    monkeypatch.setattr(os, "kill", kill)
    recent = tmp_path / ".mnist-x.npz.999999999.0123abcd.tmp"
    old = tmp_path / ".mnist-y.npz.999999999.89abcdef.tmp"
    for path, age in (
        (recent, files_module.DEAD_WRITER_GRACE + 5),
        (old, files_module.STALE_AFTER + 5),
    ):
        path.write_bytes(b"left by a writer")
        then = time.time() - age
        os.utime(path, (then, then))
    files_module.remove_stale_temporaries(tmp_path)
    # Whether process 999999999 runs cannot be asked: only age decides.
    assert recent.exists() and not old.exists()


# Temporary folders ------------------------------------------------------------------


def test_a_download_goes_through_the_system_temp_folder(
    tiny_mnist, mirror, tmp_path, monkeypatch
):
    def no_room(target):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    monkeypatch.setattr(fetch_module, "create_temporary", no_room)
    with pytest.warns(UserWarning, match="could not be stored"):
        _assert_loads_right(tiny_mnist["arrays"])
    assert not list(system_temp.iterdir())
    assert not (tiny_mnist["cache"] / "mnist").exists()


# Newlines ---------------------------------------------------------------------------


def test_downloads_are_stored_byte_for_byte(tiny_mnist, mirror):
    paths = fetch_mnist_files()
    served = {path.name: path.read_bytes() for path in mirror.iterdir()}
    # Random pixels compress to bytes with LF (and CR) in them: a translation
    # of line endings anywhere would change them.
    assert any(b"\n" in raw for raw in served.values())
    assert {path.name: path.read_bytes() for path in paths.values()} == served


def _to_crlf(raw: bytes) -> bytes:
    return raw.replace(b"\n", b"\r\n")


def test_a_data_file_copied_in_text_mode_is_recognised(tiny_mnist):
    path = tiny_mnist["data_dir"] / "mnist" / "train_images.gz"
    raw = path.read_bytes()
    assert b"\n" in raw
    path.write_bytes(_to_crlf(raw))
    with pytest.raises(DataIntegrityError) as info:
        load_mnist()
    message = str(info.value)
    assert message.startswith(f"{path} is damaged: ")
    assert "Windows line endings" in message and "binary mode" in message
    assert tiny_mnist["registry"]["train_images"].content_sha256 in message


def test_other_damage_is_not_blamed_on_line_endings(tiny_mnist):
    path = tiny_mnist["data_dir"] / "mnist" / "train_images.gz"
    raw = path.read_bytes()
    path.write_bytes(_to_crlf(raw)[:-10])  # converted, and also cut short
    with pytest.raises(DataIntegrityError) as info:
        load_mnist()
    assert "line endings" not in str(info.value)


def test_a_cached_download_copied_in_text_mode_when_offline(tiny_mnist, monkeypatch):
    cached = tiny_mnist["cache"] / "mnist"
    shutil.copytree(tiny_mnist["data_dir"] / "mnist", cached)
    monkeypatch.delenv("MLPVIZ_DATA")
    path = cached / "train_images.gz"
    path.write_bytes(_to_crlf(path.read_bytes()))
    with pytest.raises(DataIntegrityError, match="Windows line endings"):
        load_mnist()


def test_a_gzip_stream_in_memory_is_verified_like_a_file(tiny_mnist):
    from io import BytesIO

    from mlpviz.datasets._verify import read_verified_gzip

    entry = tiny_mnist["registry"]["test_labels"]
    raw = (tiny_mnist["data_dir"] / "mnist" / "test_labels.gz").read_bytes()
    content = read_verified_gzip(BytesIO(raw), entry)
    assert bytes(content) == gzip.decompress(raw)
