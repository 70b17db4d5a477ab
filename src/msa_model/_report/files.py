"""Reading agreement files named on the command line, with errors a person can act on."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO, TextIO

from msa_model._json.codec import loads
from msa_model._json.parse import MAX_DOCUMENT_BYTES
from msa_model._model.agreement import Agreement
from msa_model.errors import ValidationError

__all__ = ["UnreadableError", "load_agreement", "read_file"]


class UnreadableError(Exception):
    """A file that cannot be read; the message says why."""


def read_file(name: str) -> str:
    """Read a file named on the command line as UTF-8 text; `-` is standard input.

    Raises:
        UnreadableError: The file is missing, unreadable or not UTF-8.
    """
    if name == "-":
        return sys.stdin.read(MAX_DOCUMENT_BYTES + 1)
    try:
        with Path(name).open("rb") as file:
            data = _read_bounded(file)
    except OSError as error:
        raise UnreadableError(f"cannot read {name}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableError(f"cannot read {name}: not UTF-8 text") from None


def _read_bounded(file: BinaryIO) -> bytes:
    """Read at most `MAX_DOCUMENT_BYTES + 1` bytes: enough to tell a document is too large.

    A regular file is read in one call of its own size (plus one byte, in case
    it grew), so no buffer of the largest size is set aside for every file.
    """
    limit = MAX_DOCUMENT_BYTES + 1
    size = os.fstat(file.fileno()).st_size
    if not 0 < size < limit:  # empty, a pipe or special file, or too large: read up to the limit
        return file.read(limit)
    data = file.read(size + 1)
    if len(data) > size:  # it grew while being read
        data += file.read(limit - len(data))
    return data


def load_agreement(name: str, err: TextIO) -> Agreement | None:
    """Load the agreement in file `name`, or write why it cannot be loaded to `err`.

    Returns:
        The agreement, or None when the file is unreadable or invalid (every
        problem is listed on `err`).
    """
    try:
        return loads(read_file(name))
    except ValidationError as error:
        err.write(f"{name}: INVALID\n")
        err.writelines(f"  {problem}\n" for problem in error.problems)
    except UnreadableError as error:
        err.write(f"{name}: ERROR {error}\n")
    return None
