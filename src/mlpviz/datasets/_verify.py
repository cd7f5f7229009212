"""Verifying a gzip-compressed data file in one pass of bounded cost.

The file is decompressed as a stream and hashed on the way. Its size on disk
is checked before anything is read, and decompression stops just past the
registered content size, so that a damaged file, however large or however
well compressed, costs no more than an intact one.
"""

from __future__ import annotations

import hashlib
import io
import os
import zlib
from typing import BinaryIO

from ._registry import IDXFile

CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"
# What a copy in text mode does to a binary file on Windows, said once found.
CRLF_DAMAGE = (
    "its bytes look converted to Windows line endings: read with every CR LF "
    "pair as a single LF, it is intact. A copy in text mode, or git with "
    "core.autocrlf, does that to a binary file: copy it again in binary mode"
)


class VerificationFailed(Exception):
    """What was found in a file, as a clause such as ``"it is empty"``.

    The clause says what was found, not what was expected: the caller adds
    the registered size and hash.
    """


def size_limit(entry: IDXFile) -> int:
    """The largest file that can hold ``entry``: twice its content, plus 1 MiB.

    Even uncompressed ("stored") deflate blocks add less than 0.01 %, so the
    margin leaves ample room for padding while keeping a refusal cheap.
    """
    return 2 * entry.content_size + (1 << 20)


def _describe_zlib_error(exc: zlib.error, first_member: bool, start: bytes) -> str:
    # The output of the call that failed is lost: say no byte counts here.
    message = str(exc)
    if first_member and not start.startswith(_GZIP_MAGIC):
        return f"it is not gzip data (it starts with the bytes 0x{start.hex()})"
    if "header" in message or "compression method" in message:
        return f"its gzip header is damaged (zlib: {message})"
    if "incorrect data check" in message:
        return (
            "its gzip checksum (CRC-32) does not match its decompressed content: "
            "the compressed data is damaged"
        )
    if "incorrect length check" in message:
        return (
            "the content length recorded at the end of its gzip data does not "
            "match its decompressed content"
        )
    return f"its gzip data is damaged (zlib: {message})"


def _size_of(stream: BinaryIO) -> int:
    """The size of the file behind ``stream``, or of an in-memory stream."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError):  # io.UnsupportedOperation is an OSError
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
        return end


def read_verified_file(stream: BinaryIO, entry: IDXFile) -> memoryview:
    """:func:`read_verified_gzip`, saying so when a text-mode copy did the damage.

    A file that fails verification is read again whole (it is no larger than
    :func:`size_limit` allows), and if turning every CR LF pair back into LF
    makes it intact, the failure says so (:data:`CRLF_DAMAGE`).

    Raises
    ------
    VerificationFailed
        As :func:`read_verified_gzip`.
    """
    try:
        return read_verified_gzip(stream, entry)
    except VerificationFailed as failure:
        if _converted_to_crlf(stream, entry):
            raise VerificationFailed(f"{failure}; {CRLF_DAMAGE}") from None
        raise


def _converted_to_crlf(stream: BinaryIO, entry: IDXFile) -> bool:
    if _size_of(stream) > size_limit(entry):
        return False
    stream.seek(0)
    data = stream.read()
    if b"\r\n" not in data:
        return False
    try:
        read_verified_gzip(io.BytesIO(data.replace(b"\r\n", b"\n")), entry)
    except VerificationFailed:
        return False
    return True


def read_verified_gzip(stream: BinaryIO, entry: IDXFile) -> memoryview:
    """Decompress ``stream`` and check its content against ``entry``.

    Like ``gzip -t``, several concatenated gzip members are read as one
    content, and zero bytes after the last member (padding) are ignored.
    Anything else after the gzip data is refused.

    Parameters
    ----------
    stream : binary file
        An open regular file (or an in-memory binary stream), read from its
        current position to its end.
    entry : IDXFile
        The registered size and SHA-256 of the decompressed content.

    Returns
    -------
    memoryview
        The decompressed content, read-only.

    Raises
    ------
    VerificationFailed
        Saying what was found: a size, a gzip error, or the SHA-256 of
        content that has the expected size. A hash is only reported when it
        was computed over the whole content and differs from the expected.
    """
    size = _size_of(stream)
    if size == 0:
        raise VerificationFailed("it is empty (0 bytes)")
    limit = size_limit(entry)
    if size > limit:
        raise VerificationFailed(
            f"it is {size:,} bytes, more than any gzip file of that content "
            f"can be (at most {limit:,} bytes, with padding); it was not read"
        )
    expected = entry.content_size
    # One byte more than expected tells "too long" from "just right".
    buffer = bytearray(expected + 1)
    view = memoryview(buffer)
    produced = 0
    digest = hashlib.sha256()
    decompressor = None  # None between gzip members
    members = 0
    padding = 0
    pending = b""
    start = b""
    read = 0
    while chunk := stream.read(CHUNK):
        read += len(chunk)
        if read > limit:
            raise VerificationFailed(
                f"it grew past {limit:,} bytes while it was read, more than any "
                "gzip file of that content can be"
            )
        start = start or chunk[:4]
        data = pending + chunk
        pending = b""
        while data:
            if decompressor is None:
                if padding or (members and data[0] == 0):
                    rest = data.lstrip(b"\0")
                    padding += len(data) - len(rest)
                    if rest:
                        raise VerificationFailed(
                            f"after its gzip data and {padding:,} zero bytes of "
                            "padding come other bytes, which are not gzip data"
                        )
                    break
                if members and len(data) < len(_GZIP_MAGIC):
                    pending = data
                    break
                if members and not data.startswith(_GZIP_MAGIC):
                    raise VerificationFailed(
                        "after its gzip data come bytes that are neither another "
                        f"gzip member nor zero padding (0x{data[:4].hex()}...)"
                    )
                decompressor = zlib.decompressobj(wbits=31)
            try:
                # At most a chunk per call: the output is copied into the buffer,
                # and a bigger one would be a second copy of the content.
                out = decompressor.decompress(data, min(CHUNK, expected + 1 - produced))
            except zlib.error as exc:
                raise VerificationFailed(
                    _describe_zlib_error(exc, members == 0, start)
                ) from None
            view[produced : produced + len(out)] = out
            produced += len(out)
            digest.update(out)
            if produced > expected:
                raise VerificationFailed(
                    f"it decompresses to more than the expected {expected:,} bytes "
                    "(decompression was stopped there)"
                )
            if decompressor.eof:
                data = decompressor.unused_data
                decompressor = None
                members += 1
            else:
                data = decompressor.unconsumed_tail
    if pending:
        raise VerificationFailed(
            "after its gzip data comes a byte that is neither gzip data nor "
            "zero padding"
        )
    if decompressor is not None:
        raise VerificationFailed(
            f"its gzip data ends early, after {produced:,} bytes of content: "
            "the file is truncated"
        )
    if produced != expected:
        raise VerificationFailed(f"it decompresses to {produced:,} bytes")
    found = digest.hexdigest()
    if found != entry.content_sha256:
        raise VerificationFailed(f"the SHA-256 of its decompressed content is {found}")
    return view[:produced].toreadonly()
