"""`msa history` and `msa amend`: what changed when, and recording a change order.

`msa amend` checks the change order against the whole history of the
agreement and writes the agreement with the amendments appended. The
document is written back as it was read, key order included, with only
`amendments` (and, for a 1.0 document, `schema_version`) changed, so the
difference is the change order itself (docs/amendments.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TextIO

from msa_model._json.codec import from_dict, to_dict
from msa_model._json.parse import parse
from msa_model._model.agreement import SCHEMA_VERSION, Agreement
from msa_model._model.history import HistoryEntry
from msa_model._report.files import UnreadableError, read_file
from msa_model.errors import ValidationError

__all__ = ["AMEND_USAGE", "run_amend", "run_history"]

AMEND_USAGE: Final = "msa amend [-h] -o NEW.json FILE CHANGES.json"
OK, INVALID, USAGE = 0, 1, 2


def run_history(agreement: Agreement, output: str, out: TextIO) -> int:
    """Write each amendment in the order it applies, with its changes in words."""
    entries = agreement.history()
    if output == "json":
        out.write(json.dumps([_entry_json(entry) for entry in entries], indent=2) + "\n")
        return OK
    out.write(f"{agreement.title} ({agreement.id}): signed {agreement.signed_on or 'unknown'}, ")
    out.write(f"effective {agreement.effective_on}\n")
    if not entries:
        out.write("No amendments.\n")
    for entry in entries:
        amendment = entry.amendment
        out.write(
            f"\n{amendment.effective_on}  {amendment.id}  {amendment.description}"
            f" (signed {amendment.signed_on})\n"
        )
        out.writelines(f"  - {change}\n" for change in entry.changes)
    return OK


def _entry_json(entry: HistoryEntry) -> dict[str, object]:
    amendment = entry.amendment
    return {
        "id": amendment.id,
        "signed_on": str(amendment.signed_on),
        "effective_on": str(amendment.effective_on),
        "description": amendment.description,
        "changes": list(entry.changes),
    }


def run_amend(name: str, changes: str, output: str, out: TextIO, err: TextIO) -> int:
    """Append the amendments in file `changes` to the agreement in file `name`; write `output`."""
    document, orders = _read(name, err), _read(changes, err)
    if document is None or orders is None:
        return INVALID
    if not isinstance(document, dict):
        return _invalid(name, err, lambda: from_dict(document))
    added: list[Any] = orders if isinstance(orders, list) else [orders]
    before = document.get("amendments", [])
    if not isinstance(before, list):
        return _invalid(name, err, lambda: from_dict(document))
    document["amendments"] = [*before, *added]
    if document.get("schema_version") == "1.0":
        document["schema_version"] = SCHEMA_VERSION  # amendments are part of 1.1
    try:
        agreement: Agreement = from_dict(document)
    except ValidationError as error:
        err.write(f"{changes}: INVALID (its first amendment is amendments[{len(before)}])\n")
        err.writelines(f"  {problem}\n" for problem in error.problems)
        return INVALID
    # The amendments as the library writes them; the rest as it was read.
    document["amendments"] = to_dict(agreement)["amendments"]
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output == "-":
        out.write(text)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            err.write(f"cannot write {output}: {error.strerror or error}\n")
            return INVALID
    ids = ", ".join(amendment.id for amendment in agreement.amendments[len(before) :])
    err.write(f"{'standard output' if output == '-' else output}: appended {ids}\n")
    return OK


def _read(name: str, err: TextIO) -> object:
    """Parse a JSON file, or write why it cannot be read and return None."""
    try:
        return parse(read_file(name))
    except UnreadableError as error:
        err.write(f"{name}: ERROR {error}\n")
    except ValidationError as error:
        err.write(f"{name}: INVALID\n")
        err.writelines(f"  {problem}\n" for problem in error.problems)
    return None


def _invalid(name: str, err: TextIO, read: Callable[[], object]) -> int:
    """Report the problems `read` raises for a document that is not an agreement at all."""
    try:
        read()
    except ValidationError as error:
        err.write(f"{name}: INVALID\n")
        err.writelines(f"  {problem}\n" for problem in error.problems)
    return INVALID
