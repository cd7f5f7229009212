"""An atomically written, self-checking cache of decompressed arrays."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

# Bump when the cached arrays' layout changes, so old caches are ignored.
CACHE_FORMAT = 1


def cache_key(content_hashes: Iterable[str]) -> str:
    """Name a cache after the verified content it was built from."""
    digest = hashlib.sha256(f"format {CACHE_FORMAT}".encode())
    for content_hash in content_hashes:
        digest.update(content_hash.encode())
    return digest.hexdigest()[:16]


def load_arrays(path: Path, expected: dict[str, tuple[tuple[int, ...], str]]):
    """Load a cached ``.npz``, or return None if it is missing or does not match.

    ``expected`` maps each array name to its shape and dtype. A damaged file
    fails the zip container's CRC-32 check and is deleted, so that it is
    rebuilt from the verified sources.
    """
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in expected}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        path.unlink(missing_ok=True)
        return None
    for name, (shape, dtype) in expected.items():
        if arrays[name].shape != shape or arrays[name].dtype != np.dtype(dtype):
            path.unlink(missing_ok=True)
            return None
    return arrays


def save_arrays(path: Path, **arrays: np.ndarray) -> None:
    """Write arrays to ``path`` atomically: readers see the old file or the new.

    The data goes to a temporary file in the same folder, which then replaces
    ``path`` in one rename. If the folder cannot be written, a warning says
    so and nothing is cached.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        warnings.warn(
            f"Could not write the cache {path} ({exc}); loading will stay slow.",
            stacklevel=3,
        )
        return
    try:
        # mkstemp creates the file for its owner only; a cache is shared.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
