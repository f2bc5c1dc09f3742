"""Reading one Asterisk CDR, as a Master.csv line or as a JSON object, into plain fields.

Master.csv (cdr_csv) has no header. Its columns are fixed by cdr.conf: 16 base columns, then
``uniqueid`` (``loguniqueid``), ``userfield`` (``loguserfield``) and, with ``newcdrcolumns``,
``peeraccount``, ``linkedid`` and ``sequence``; so 16, 17, 18 or 21 columns. JSON objects as
cdr_manager / Kafka CDR modules write them use names like ``Source`` and ``LinkedID``; the cdr
variable names (``src``, ``linkedid``) are accepted too. Either way the result is one mapping from
cdr variable name to text, plus the bytes that identify the row when it has no uniqueid+sequence.

Guarantees: pure; bad input raises ``RecordRejected`` only, with no field value in its detail.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from processor.adapters.common import INVALID_CSV, INVALID_JSON, WRONG_COLUMN_COUNT
from processor.errors import RecordRejected

BASE_COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
)
LAYOUTS: dict[int, tuple[str, ...]] = {
    16: BASE_COLUMNS,
    17: (*BASE_COLUMNS, "uniqueid"),
    18: (*BASE_COLUMNS, "uniqueid", "userfield"),
    21: (*BASE_COLUMNS, "uniqueid", "userfield", "peeraccount", "linkedid", "sequence"),
}

# JSON names (lowercased) -> cdr variable names. Names not listed are kept as they are.
_JSON_ALIASES = {
    "source": "src",
    "destination": "dst",
    "destinationcontext": "dcontext",
    "callerid": "clid",
    "destinationchannel": "dstchannel",
    "lastapplication": "lastapp",
    "starttime": "start",
    "answertime": "answer",
    "endtime": "end",
    "billableseconds": "billsec",
    "calldate": "start",
}


@dataclass(frozen=True, slots=True)
class AsteriskRow:
    """One CDR. ``fields`` maps cdr variable names to values; ``digest`` identifies the row."""

    fields: dict[str, object]
    digest: str
    layout: Literal["csv", "json"]


def parse_row(raw: bytes, columns: int | Literal["auto"] = "auto") -> AsteriskRow:
    """A Master.csv line or a JSON object (told apart by the first character)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("latin-1")  # Master.csv is written in the channel's bytes
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes every byte
            raise RecordRejected(INVALID_CSV, "not text") from None
    text = text.strip("\r\n\ufeff ")
    if text.startswith(("{", "[")):
        return parse_json(text)
    return parse_csv(text, columns)


def parse_csv(line: str, columns: int | Literal["auto"] = "auto") -> AsteriskRow:
    """One Master.csv line; ``columns`` is the configured layout or "auto" (by column count)."""
    if not line.strip():
        raise RecordRejected(INVALID_CSV, "empty line")
    if "\n" in line or "\r" in line:
        raise RecordRejected(INVALID_CSV, "a Master.csv record is one line")
    try:
        rows = list(csv.reader([line], strict=True))
    except csv.Error as exc:
        raise RecordRejected(INVALID_CSV, str(exc)) from None
    values = rows[0] if rows else []
    names = LAYOUTS.get(len(values))
    if names is None:
        raise RecordRejected(
            WRONG_COLUMN_COUNT, f"got {len(values)} columns; Master.csv has 16, 17, 18 or 21"
        )
    if columns != "auto" and columns != len(values):
        raise RecordRejected(
            WRONG_COLUMN_COUNT,
            f"got {len(values)} columns, the directory says {columns} (sources.asterisk.columns)",
        )
    digest = hashlib.sha256("\x1f".join(values).encode()).hexdigest()
    return AsteriskRow(dict(zip(names, values, strict=True)), digest, "csv")


def parse_json(text: str) -> AsteriskRow:
    """One CDR as a JSON object with cdr_manager or cdr variable names (any case)."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise RecordRejected(INVALID_JSON, str(exc).split(":")[0]) from None
    if not isinstance(data, dict):
        raise RecordRejected(INVALID_JSON, f"expected a JSON object, got {type(data).__name__}")
    fields: dict[str, object] = {}
    for key, value in data.items():
        name = key.strip().lower()
        fields[_JSON_ALIASES.get(name, name)] = value
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return AsteriskRow(fields, digest, "json")
