"""An atomically written, self-checking cache of decompressed arrays.

The cache is an uncompressed ``.npz`` file. Reading checks each array's
``.npy`` header against the expected shape and type before allocating
anything, then checks every byte of each member against the CRC-32 that the
zip format records. A cache that fails any check is never used: the caller
rebuilds the arrays from the verified data files and writes a new cache over
the old one.
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from collections.abc import Iterable

import numpy as np

from ._files import describe_unreadable, open_regular_file, write_atomically

# Bump when the cached arrays' layout changes, so old caches are ignored.
CACHE_FORMAT = 1
# A zip entry's local header: signature, versions, flags, sizes, name lengths.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_CHUNK = 1 << 18
# Room for the zip and .npy headers around the arrays' bytes.
_HEADERS_ALLOWANCE = 1 << 16


class _Unusable(Exception):
    """Why a cache cannot be used, as a clause such as ``"is damaged (...)"``."""


def cache_key(content_hashes: Iterable[str]) -> str:
    """Name a cache after the verified content it was built from."""
    digest = hashlib.sha256(f"format {CACHE_FORMAT}".encode())
    for content_hash in content_hashes:
        digest.update(content_hash.encode())
    return digest.hexdigest()[:16]


def _read_member(stream, archive: zipfile.ZipFile, name: str, shape, dtype):
    """Read one stored ``.npy`` member straight into a new array.

    zipfile would copy every byte twice on the way; this reads the member's
    bytes into the array once and checks their CRC-32 against the zip
    directory's, which is what zipfile would check.
    """
    info = archive.getinfo(f"{name}.npy")
    if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
        raise _Unusable(f"is damaged (its {name} are marked as compressed)")
    stream.seek(info.header_offset)
    local = _LOCAL_HEADER.unpack(stream.read(_LOCAL_HEADER.size))
    if local[0] != _LOCAL_SIGNATURE:
        raise _Unusable(f"is damaged (the zip header of its {name})")
    start = info.header_offset + _LOCAL_HEADER.size + local[-2] + local[-1]
    stream.seek(start)
    version = np.lib.format.read_magic(stream)
    if version == (1, 0):
        header = np.lib.format.read_array_header_1_0(stream)
    elif version == (2, 0):
        header = np.lib.format.read_array_header_2_0(stream)
    else:
        raise _Unusable(f"is damaged (its {name} claim .npy version {version})")
    found_shape, fortran_order, found_dtype = header
    if found_shape != shape or found_dtype != dtype or fortran_order:
        order = "Fortran-ordered " if fortran_order else ""
        raise _Unusable(
            f"holds {name} of shape {found_shape} and type {order}"
            f"{found_dtype}, expected {shape} and {dtype}"
        )
    header_size = stream.tell() - start
    array = np.empty(shape, dtype)
    view = memoryview(array).cast("B")
    if header_size + len(view) != info.file_size:
        raise _Unusable(
            f"is damaged (the zip directory gives its {name} the wrong size)"
        )
    stream.seek(start)
    crc = zlib.crc32(stream.read(header_size))
    # Chunks small enough to stay in the processor's cache between the read
    # and the checksum: twice as fast as two passes over the whole array.
    for offset in range(0, len(view), _CHUNK):
        chunk = view[offset : offset + _CHUNK]
        if stream.readinto(chunk) != len(chunk):
            raise _Unusable(f"is damaged (its {name} are cut off)")
        crc = zlib.crc32(chunk, crc)
    if crc != info.CRC:
        raise _Unusable(f"is damaged (its {name} fail their CRC-32 check)")
    return array


def load_arrays(
    path, expected: dict[str, tuple[tuple[int, ...], str]]
) -> tuple[dict[str, np.ndarray] | None, str | None]:
    """Load a cached ``.npz``, if it holds exactly the expected arrays intact.

    Parameters
    ----------
    path : pathlib.Path
    expected : dict
        Maps each array name to its shape and dtype.

    Returns
    -------
    arrays : dict of str to numpy.ndarray, or None
        None if the cache is absent or cannot be used.
    problem : str or None
        Why an existing cache cannot be used ("is damaged (...)"), or None.
        Never raises for a damaged file: whatever exception a damaged zip or
        ``.npy`` header causes is turned into this explanation.
    """
    expected = {
        name: (shape, np.dtype(dtype)) for name, (shape, dtype) in expected.items()
    }
    try:
        stream = open_regular_file(path)
    except (FileNotFoundError, NotADirectoryError) as exc:
        if path.is_symlink():
            return None, f"is {describe_unreadable(path, exc)}"
        return None, None
    except OSError as exc:
        return None, f"is {describe_unreadable(path, exc)}"
    with stream:
        size = stream.seek(0, 2)
        stream.seek(0)
        largest = _HEADERS_ALLOWANCE + sum(
            int(np.prod(shape)) * dtype.itemsize for shape, dtype in expected.values()
        )
        if size > largest:
            return None, f"is {size:,} bytes, more than the arrays it should hold"
        try:
            with zipfile.ZipFile(stream) as archive:
                arrays = {
                    name: _read_member(stream, archive, name, shape, dtype)
                    for name, (shape, dtype) in expected.items()
                }
        except _Unusable as exc:
            return None, str(exc)
        except Exception as exc:
            # Damage can make zipfile or numpy's header parser raise almost
            # anything (BadZipFile, TokenError, NotImplementedError, ...).
            return None, f"is damaged ({type(exc).__name__}: {exc})"
    return arrays, None


def save_arrays(path, **arrays: np.ndarray) -> str | None:
    """Write arrays to ``path`` atomically: readers see the old file or the new.

    Returns
    -------
    str or None
        None once written; otherwise why the cache could not be written
        (nothing is left behind then).
    """
    return write_atomically(path, lambda stream: np.savez(stream, **arrays))
