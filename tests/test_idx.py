"""The IDX parser on hand-made headers."""

import numpy as np
import pytest

from mlpviz.datasets import IDXFormatError, parse_idx


def test_parses_dimensions_type_and_payload():
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    content = bytes([0, 0, 0x08, 3]) + b"".join(n.to_bytes(4, "big") for n in (2, 3, 4))
    parsed = parse_idx(content + array.tobytes())
    np.testing.assert_array_equal(parsed, array)
    assert parsed.dtype == np.uint8


def test_big_endian_integers():
    values = np.array([1, -2, 70000], dtype=">i4")
    content = bytes([0, 0, 0x0C, 1]) + (3).to_bytes(4, "big") + values.tobytes()
    np.testing.assert_array_equal(parse_idx(content), [1, -2, 70000])


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"\x00\x00", "too short"),
        (bytes([0x1F, 0x8B, 0x08, 0x00]) + bytes(16), "not an IDX magic number"),
        (bytes([0, 0, 0x07, 1]) + bytes(8), "not an IDX magic number"),
        (bytes([0, 0, 0x08, 2]) + (5).to_bytes(4, "big"), "header of 2 dimensions"),
        (bytes([0, 0, 0x08, 1]) + (5).to_bytes(4, "big") + bytes(4), "holds 4 bytes"),
        (bytes([0, 0, 0x08, 1]) + (5).to_bytes(4, "big") + bytes(6), "holds 6 bytes"),
    ],
)
def test_rejects_bad_headers_and_sizes(content, match):
    with pytest.raises(IDXFormatError, match=match):
        parse_idx(content, source="tiny.idx")


def test_error_names_the_source():
    with pytest.raises(IDXFormatError, match=r"^labels\.gz:"):
        parse_idx(b"\x01\x02\x03\x04", source="labels.gz")
