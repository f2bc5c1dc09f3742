"""Simulated calls as records of one format: the interface, and normalised legs (``call-legs``).

An emitter names each call (its ``call_id`` in that format, for the ground truth) and renders it
as records: the Kafka key and value, the line for a file, when the platform would write it
(``emit_at``), and which legs it describes (so late records can be picked that change nothing).
Call and event ids start with the run id ``sim-<seed>-<start>``: unique per seed and start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from processor.kafka.topics import CALL_LEGS
from processor.simulate.model import SimCall
from schemas.call_leg import CallLeg

SOURCE = "simulator"


@dataclass(frozen=True, slots=True)
class SimRecord:
    emit_at: int  # epoch seconds when the platform writes it
    key: bytes
    value: bytes
    line: str  # as written to a file, with the newline
    legs: tuple[int, ...]  # indexes into SimCall.legs


class Emitter(Protocol):
    topic: str  # base topic name

    def header(self) -> list[str]:
        """Lines that start a file of this format (with newlines)."""

    def call_id(self, call: SimCall) -> str:
        """The call id the adapter will read from this format's records."""

    def records(self, call: SimCall) -> list[SimRecord]: ...


def utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class LegsEmitter:
    """CallLeg v1 JSON, one per leg, written when the leg ends."""

    topic = CALL_LEGS

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id

    def header(self) -> list[str]:
        return []

    def call_id(self, call: SimCall) -> str:
        return f"{self.run_id}-{call.n}"

    def records(self, call: SimCall) -> list[SimRecord]:
        call_id = self.call_id(call)
        records = []
        for index, sim in enumerate(call.legs):
            leg = CallLeg.model_validate(
                {
                    "schema": "call-leg/1",
                    "event_id": f"{call_id}:{index}",
                    "call_id": call_id,
                    "direction": call.direction,
                    "caller": call.caller,
                    "dialed": call.dialed,
                    "target": sim.target,
                    "ring_at": utc(sim.ring_at),
                    "answer_at": None if sim.answer_at is None else utc(sim.answer_at),
                    "end_at": utc(sim.end_at),
                    "answered_by": sim.target if sim.disposition == "answered" else None,
                    "disposition": sim.disposition,
                    "source": SOURCE,
                }
            )
            value = leg.to_json()
            records.append(
                SimRecord(sim.end_at, call_id.encode(), value, value.decode() + "\n", (index,))
            )
        return records
