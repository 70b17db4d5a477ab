"""Reading agreement files named on the command line (`_report/files.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from msa_model._json.parse import MAX_DOCUMENT_BYTES
from msa_model._report.files import UnreadableError, read_file


@pytest.mark.parametrize(
    "size", [0, 1, 4096, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_BYTES + 1, MAX_DOCUMENT_BYTES + 100]
)
def test_a_file_is_read_whole_up_to_one_byte_past_the_largest_document(
    tmp_path: Path, size: int
) -> None:
    """Enough is read to tell a document is too large, and no more."""
    path = tmp_path / "file.json"
    path.write_bytes(b"x" * size)

    assert len(read_file(str(path))) == min(size, MAX_DOCUMENT_BYTES + 1)


def test_a_file_that_is_not_utf8_is_unreadable(tmp_path: Path) -> None:
    """The message names the file and the reason."""
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "Café"}'.encode("latin-1"))

    with pytest.raises(UnreadableError, match=r"latin1\.json: not UTF-8 text"):
        read_file(str(path))


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    """The message names the file and the operating system's reason."""
    with pytest.raises(UnreadableError, match=r"cannot read .*missing\.json: No such file"):
        read_file(str(tmp_path / "missing.json"))
