"""Turn a batch of consumed records into store entries, rejections and produced legs.

Pure apart from the clock passed in: no Kafka, no Redis. The batch is handled in offset order
per partition, so a record's fate never depends on how the batch was cut.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from processor.adapters.base import Normalizer
from processor.calls.model import StoredLeg
from processor.directory import Directory
from processor.errors import RecordRejected
from processor.legs.decode import check_age, decode_leg
from processor.store.state import Entry
from schemas.call_leg import CallLeg


@dataclass(frozen=True, slots=True)
class Record:
    """What the worker needs of one consumed Kafka message."""

    topic: str
    partition: int
    offset: int
    timestamp: float  # Kafka record time, epoch seconds
    key: bytes | None
    value: bytes | None


@dataclass(slots=True)
class Batch:
    entries: dict[int, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    rejected: list[tuple[Record, RecordRejected]] = field(default_factory=list)
    legs_out: list[CallLeg] = field(default_factory=list)  # legs to produce (raw topics only)


def leg_batch(
    records: list[Record],
    *,
    now: datetime,
    retention: timedelta,
    pseudonym_key: bytes | None = None,
) -> Batch:
    """A batch of ``call-legs`` records: each is a leg to keep or a rejection."""
    batch = Batch()
    for rec in records:
        try:
            leg = decode_leg(rec.value, now=now, retention=retention)
        except RecordRejected as error:
            batch.rejected.append((rec, error))
            batch.entries[rec.partition].append(Entry(rec.offset, "R", rec.timestamp))
            continue
        stored = StoredLeg.from_leg(leg, seq=rec.offset, pseudonym_key=pseudonym_key)
        entry = Entry(rec.offset, "L", rec.timestamp, leg.call_id, leg.event_id, stored.dumps())
        batch.entries[rec.partition].append(entry)
    return batch


def raw_batch(
    records: list[Record],
    normalize: Normalizer,
    directory: Directory,
    *,
    now: datetime,
    retention: timedelta,
) -> Batch:
    """A batch of raw CDR records: each becomes legs to produce to ``call-legs``, or a rejection.

    The produced legs pass the same validation as a leg read from ``call-legs``, so an adapter
    bug shows up here, as a rejection of the raw row, rather than downstream.
    """
    batch = Batch()
    for rec in records:
        try:
            legs = list(normalize(_value(rec), directory))
            for leg in legs:  # the model already validated them; only their age is left
                check_age(leg, now=now, retention=retention)
        except RecordRejected as error:
            batch.rejected.append((rec, error))
            batch.entries[rec.partition].append(Entry(rec.offset, "R", rec.timestamp))
            continue
        batch.legs_out.extend(legs)
        batch.entries[rec.partition].append(Entry(rec.offset, "A", rec.timestamp))
    return batch


def _value(rec: Record) -> bytes:
    if rec.value is None:
        raise RecordRejected("invalid_row", "empty record (tombstone)")
    return rec.value
