"""What ``reachability ingest`` reads: per format, each line's fate before anything is sent.

Every line is checked with the adapter the worker uses and with the worker's own leg checks
(``decode_leg``: times in order, not far in the future, not older than the retention), so a line
that the worker would put in the DLQ is reported here with its line number and not sent. Pure:
no Kafka, no clock (``now`` is passed in).

Guarantees: every input line has exactly one fate: ``Ready`` (to send), ``Skipped`` (with a reason)
or ``Blank``; nothing is dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from processor.adapters.asterisk import leg_from_row
from processor.adapters.asterisk_rows import parse_csv, parse_json
from processor.adapters.cucm import normalize_cucm
from processor.adapters.cucm_file import read_flat_file
from processor.directory import Directory
from processor.errors import RecordRejected
from processor.kafka.topics import CALL_LEGS, CDR_ASTERISK, CDR_CUCM
from processor.legs.decode import check_age, decode_leg
from schemas.call_leg import CallLeg


@dataclass(frozen=True, slots=True)
class Ready:
    line: int
    key: bytes
    value: bytes


@dataclass(frozen=True, slots=True)
class Skipped:
    line: int
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class Blank:
    line: int


Fate = Ready | Skipped | Blank


@dataclass(frozen=True, slots=True)
class Checks:
    """What a line is checked against: the directory and the worker's time limits."""

    directory: Directory
    now: datetime
    retention: timedelta

    def legs(self, legs: Sequence[CallLeg]) -> bytes:
        """The Kafka key (the call id) of checked legs; RecordRejected as the worker would."""
        for leg in legs:
            check_age(leg, now=self.now, retention=self.retention)
        return legs[0].call_id.encode()


LineReader = Callable[[Iterable[bytes], Checks], Iterator[Fate]]


def _per_line(
    lines: Iterable[bytes], check: Callable[[bytes], tuple[bytes, bytes]]
) -> Iterator[Fate]:
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip(b"\r\n")
        if not line.strip():
            yield Blank(number)
            continue
        try:
            key, value = check(line)
        except RecordRejected as exc:
            yield Skipped(number, exc.reason, exc.detail)
        else:
            yield Ready(number, key, value)


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # Master.csv holds the channel's bytes as they came


def read_asterisk_csv(lines: Iterable[bytes], checks: Checks) -> Iterator[Fate]:
    columns = checks.directory.sources.asterisk.columns

    def check(line: bytes) -> tuple[bytes, bytes]:
        text = _text(line)
        if text.lstrip().startswith("{"):
            raise RecordRejected("invalid_csv", "a JSON object: use --format asterisk-json")
        leg = leg_from_row(parse_csv(text.strip("\ufeff"), columns), checks.directory)
        return checks.legs([leg]), line

    return _per_line(lines, check)


def read_asterisk_json(lines: Iterable[bytes], checks: Checks) -> Iterator[Fate]:
    def check(line: bytes) -> tuple[bytes, bytes]:
        leg = leg_from_row(parse_json(_text(line).strip("\ufeff")), checks.directory)
        return checks.legs([leg]), line

    return _per_line(lines, check)


def read_legs_jsonl(lines: Iterable[bytes], checks: Checks) -> Iterator[Fate]:
    def check(line: bytes) -> tuple[bytes, bytes]:
        leg = decode_leg(line, now=checks.now, retention=checks.retention)
        return leg.call_id.encode(), line

    return _per_line(lines, check)


def read_cucm(lines: Iterable[bytes], checks: Checks) -> Iterator[Fate]:
    """A CDR flat file; each data row is sent as one JSON object (field name -> text)."""
    for row in read_flat_file(_text(raw) for raw in lines):
        if row.error is not None:
            yield Skipped(row.line, row.error.reason, row.error.detail)
        elif row.fields is None:
            yield Blank(row.line)
        else:
            value = json.dumps(row.fields, separators=(",", ":")).encode()
            try:
                key = checks.legs(normalize_cucm(value, checks.directory))
            except RecordRejected as exc:
                yield Skipped(row.line, exc.reason, exc.detail)
            else:
                yield Ready(row.line, key, value)


@dataclass(frozen=True, slots=True)
class Format:
    topic: str  # base name; Settings.topic() adds the deployment's prefix
    read: LineReader


FORMATS: dict[str, Format] = {
    "asterisk-csv": Format(CDR_ASTERISK, read_asterisk_csv),
    "asterisk-json": Format(CDR_ASTERISK, read_asterisk_json),
    "cucm": Format(CDR_CUCM, read_cucm),
    "legs-jsonl": Format(CALL_LEGS, read_legs_jsonl),
}
