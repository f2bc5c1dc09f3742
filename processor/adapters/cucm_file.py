"""CUCM CDR flat files: line 1 field names, line 2 field types, then one CDR per line.

The billing server receives these files by SFTP (names like ``cdr_StandAloneCluster_01_...``).
Values are CSV: strings in double quotes, integers bare. Rows are mapped by header name, never by
position, because CUCM versions add and move columns. ``read_flat_file`` yields every line's fate
(a row, a blank line or a rejection with its line number), so a caller can report each one;
``flat_file_lines`` writes the same format (used by the simulator).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from processor.adapters.common import INVALID_CSV, MISSING_FIELD, WRONG_COLUMN_COUNT
from processor.errors import RecordRejected

_TYPE = re.compile(r"[A-Z][A-Z0-9_ ]*(\(\d+(,\s*\d+)?\))?")


@dataclass(frozen=True, slots=True)
class FlatRow:
    """One line's fate: ``fields`` for a CDR row, ``error`` for a bad line, neither for a blank."""

    line: int
    fields: dict[str, str] | None = None
    error: RecordRejected | None = None


def read_flat_file(lines: Iterable[str]) -> Iterator[FlatRow]:
    """The rows of a flat file. A missing header is one error on line 1, then nothing more."""
    reader = csv.reader(iter(lines), strict=True)
    names: list[str] | None = None
    types_expected = True
    while True:
        line = reader.line_num + 1  # where the record starts (a quoted field may span lines)
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if names is None:
                yield FlatRow(line, error=RecordRejected(INVALID_CSV, f"header: {exc}"))
                return
            yield FlatRow(line, error=RecordRejected(INVALID_CSV, str(exc)))
            continue
        if not values or values == [""]:
            yield FlatRow(line)
            continue
        if names is None:
            names = [value.strip() for value in values]
            if not any(name.lower() == "cdrrecordtype" for name in names):
                yield FlatRow(
                    line,
                    error=RecordRejected(
                        MISSING_FIELD,
                        "line 1 must name the fields (cdrRecordType, globalCallID_callId, ...)",
                    ),
                )
                return
            continue
        if types_expected:
            types_expected = False
            if _is_types_line(values):
                continue
        if len(values) != len(names):
            yield FlatRow(
                line,
                error=RecordRejected(
                    WRONG_COLUMN_COUNT, f"got {len(values)} columns, the header names {len(names)}"
                ),
            )
            continue
        yield FlatRow(line, fields=dict(zip(names, values, strict=True)))


def _is_types_line(values: Sequence[str]) -> bool:
    """Line 2: INTEGER, VARCHAR(50), UNIQUEIDENTIFIER, ... (no data row looks like this)."""
    return all(_TYPE.fullmatch(value.strip()) for value in values if value.strip())


def flat_file_lines(
    names: Sequence[str], types: Sequence[str], rows: Iterable[Mapping[str, str | int]]
) -> Iterator[str]:
    """The lines (with newline) of a flat file: quoted names, bare types, then the rows."""
    yield _csv_line(list(names))
    yield ",".join(types) + "\n"
    for row in rows:
        yield flat_row_line(names, row)


def flat_row_line(names: Sequence[str], row: Mapping[str, str | int]) -> str:
    """One data line: integers bare, strings quoted (missing fields are empty strings)."""
    return _csv_line([row.get(name, "") for name in names])


def _csv_line(values: list[str | int]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerow(values)
    return buffer.getvalue()
