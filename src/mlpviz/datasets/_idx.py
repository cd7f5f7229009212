"""Reading the IDX format of the MNIST files (big-endian header, raw payload)."""

from __future__ import annotations

import math

import numpy as np

# The third byte of an IDX magic number names the element type.
_IDX_DTYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


class IDXFormatError(ValueError):
    """An IDX file whose header or size is not what it must be."""


def parse_idx(content: bytes, *, source: str = "IDX data") -> np.ndarray:
    """Parse the decompressed bytes of an IDX file into an array.

    Parameters
    ----------
    content : bytes
        The whole decompressed file: a 4-byte magic number, one big-endian
        ``uint32`` per dimension, then the elements in C order.
    source : str, default="IDX data"
        Name used in error messages (usually the file's path).

    Returns
    -------
    numpy.ndarray
        A read-only array over ``content`` with the declared shape and type.

    Raises
    ------
    IDXFormatError
        If the magic number is not an IDX one, or if the payload size does
        not match the declared dimensions.
    """
    if len(content) < 4:
        raise IDXFormatError(f"{source}: {len(content)} bytes is too short for IDX.")
    zeros, type_code, ndim = content[:2], content[2], content[3]
    if zeros != b"\x00\x00" or type_code not in _IDX_DTYPES or ndim == 0:
        raise IDXFormatError(
            f"{source}: magic number 0x{content[:4].hex()} is not an IDX magic "
            "number (expected 0x0000 followed by a type code such as 08 and the "
            "number of dimensions). Is this an MNIST IDX file?"
        )
    header_size = 4 + 4 * ndim
    if len(content) < header_size:
        raise IDXFormatError(f"{source}: the header of {ndim} dimensions is cut off.")
    shape = tuple(
        int.from_bytes(content[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)
    )
    dtype = _IDX_DTYPES[type_code]
    expected = math.prod(shape) * dtype.itemsize
    found = len(content) - header_size
    if found != expected:
        raise IDXFormatError(
            f"{source}: the header declares shape {shape} ({expected} bytes of "
            f"data) but the file holds {found} bytes of data."
        )
    return np.frombuffer(content, dtype=dtype, offset=header_size).reshape(shape)
