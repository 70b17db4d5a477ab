"""Reading agreement files named on the command line, with errors a person can act on."""

from __future__ import annotations

import sys
from pathlib import Path

from msa_model._json.parse import MAX_DOCUMENT_BYTES

__all__ = ["UnreadableError", "read_file"]


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
            data = file.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        raise UnreadableError(f"cannot read {name}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableError(f"cannot read {name}: not UTF-8 text") from None
