"""The contract every PBX adapter keeps.

A normaliser turns one raw record (a Kafka value) into the call legs it describes, or raises
``RecordRejected`` with a reason. It is pure and deterministic: the same row always gives the same
legs with the same ``event_id``, so a replayed or re-ingested row is recognised downstream as a
duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from processor.directory import Directory
from schemas.call_leg import CallLeg


class Normalizer(Protocol):
    def __call__(self, raw: bytes, directory: Directory) -> Sequence[CallLeg]: ...
