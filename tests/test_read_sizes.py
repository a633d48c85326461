"""A file is read as far as its size says and one byte more: one that is longer than its size
(grown since, or a /proc file whose size is 0) is read on, and refused past the limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.reader import ReadError, read_file_bytes

PROC = Path("/proc/version")


@pytest.mark.skipif(not PROC.is_file(), reason="no /proc here")
def test_a_file_longer_than_its_size_is_read_whole() -> None:
    assert PROC.stat().st_size == 0
    expected = PROC.read_bytes()
    assert expected
    assert read_file_bytes(PROC) == expected
    with pytest.raises(ReadError) as refused:
        read_file_bytes(PROC, max_bytes=len(expected) - 1)
    assert refused.value.rule == "input-too-large"


def test_a_file_is_read_to_its_last_byte(tmp_path: Path) -> None:
    for size in (0, 1, 4095, 4096, 4097, 70_000):
        path = tmp_path / f"{size}.yaml"
        path.write_bytes(b"a" * size)
        assert read_file_bytes(path) == b"a" * size
        assert read_file_bytes(path, max_bytes=size) == b"a" * size
