"""The plain data the outcome rules work on.

``StoredLeg`` is what an open call keeps of each leg in Redis: only what classification needs,
never the caller's number in clear.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum

from processor.legs.pseudonym import pseudonymise
from schemas.call_leg import CallLeg


class Outcome(StrEnum):
    ANSWERED = "answered"
    ANSWERED_ELSEWHERE = "answered_elsewhere"
    VOICEMAIL = "voicemail"
    MISSED = "missed"
    SHORT_ABANDONED = "short_abandoned"


OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)
REACHED: frozenset[Outcome] = frozenset({Outcome.ANSWERED, Outcome.ANSWERED_ELSEWHERE})


@dataclass(frozen=True, slots=True)
class StoredLeg:
    """One leg as kept while its call settles. Times are epoch seconds (UTC)."""

    seq: int  # receive order within the call's partition (the Kafka offset): breaks ring_at ties
    direction: str
    target: str
    dialed: str | None
    ring_at: float
    answer_at: float | None
    end_at: float
    answered_by: str | None
    disposition: str
    caller: str | None = None  # keyed pseudonym of the caller's number, never the number

    @classmethod
    def from_leg(cls, leg: CallLeg, seq: int, pseudonym_key: bytes | None = None) -> StoredLeg:
        return cls(
            seq=seq,
            caller=pseudonymise(leg.caller, pseudonym_key),
            direction=leg.direction.value,
            target=leg.target,
            dialed=leg.dialed,
            ring_at=leg.ring_at.timestamp(),
            answer_at=leg.answer_at.timestamp() if leg.answer_at else None,
            end_at=leg.end_at.timestamp(),
            answered_by=leg.answerer,
            disposition=leg.disposition.value,
        )

    def dumps(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def loads(cls, text: str | bytes) -> StoredLeg:
        return cls(**json.loads(text))


@dataclass(frozen=True, slots=True)
class CallResult:
    """The fixed verdict on one call, ready to be counted."""

    call_id: str
    start: float  # epoch seconds of the earliest ring_at
    department: str
    entry_target: str
    direction: str
    counted: bool  # direction is counted at all (inbound, or internal when configured)
    office_open: bool  # the department's office was open at call start
    outcome: Outcome
    answer_delay: float | None  # call start to the first human answer
    within_service_level: bool
    extension: str | None  # the entry extension, when the entry target is one
    extension_outcome: Outcome | None

    @property
    def in_windows(self) -> bool:
        """Counted in windows, ratios and reports (else only as a closed-hours call)."""
        return self.counted and self.office_open
