"""A simulated call: its legs, the scenario's decision, and the ground truth that follows.

The truth is derived from what the scenario decided (who picked up, voicemail, or the caller
gave up) with the rules of spec section 4 for department and outcome; it never calls the
product's classifier, so an end-to-end test that compares the two is not circular.
Times are whole epoch seconds: every PBX format carries seconds, so records round-trip exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from processor.directory import UNASSIGNED, Directory

# Nobody (and no voicemail) picked up: missed or short_abandoned.
GAVE_UP: Literal["gave_up"] = "gave_up"


@dataclass(frozen=True, slots=True)
class SimLeg:
    target: str
    ring_at: int
    end_at: int
    disposition: str  # answered | no_answer | busy | failed | cancelled | voicemail
    answer_at: int | None = None
    app: Literal["Dial", "Queue", "VoiceMail"] = "Dial"
    via_local: bool = False  # a forward hop (Asterisk: a Local channel)

    @property
    def decisive(self) -> bool:
        """Whether this leg can matter to the outcome on its own (answered or voicemail)."""
        return self.disposition in ("answered", "voicemail")


@dataclass(frozen=True, slots=True)
class Decision:
    """What happened in the end: ``answered_by`` a person, ``voicemail`` or ``gave_up``."""

    kind: Literal["answered", "voicemail", "gave_up"]
    answered_by: str | None = None


@dataclass(frozen=True, slots=True)
class SimCall:
    n: int
    direction: Literal["inbound", "internal", "outbound"]
    caller: str
    dialed: str
    legs: tuple[SimLeg, ...]  # the entry leg first
    decision: Decision

    @property
    def start(self) -> int:
        return min(leg.ring_at for leg in self.legs)

    @property
    def end(self) -> int:
        return max(leg.end_at for leg in self.legs)


@dataclass(frozen=True, slots=True)
class Truth:
    call_id: str
    start: datetime
    department: str
    outcome: str
    counted: bool
    office_open: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "start": self.start.isoformat(),
            "department": self.department,
            "outcome": self.outcome,
            "counted": self.counted,
            "office_open": self.office_open,
        }


def truth_of(call: SimCall, call_id: str, directory: Directory) -> Truth:
    """The expected result of ``call`` by spec section 4, from the scenario's decision."""
    entry = call.legs[0]
    department = directory.department_for_call(entry.target, call.dialed)
    start = datetime.fromtimestamp(call.start, UTC)
    return Truth(
        call_id=call_id,
        start=start.astimezone(directory.tz),
        department=department,
        outcome=_outcome(call, department, directory),
        counted=call.direction == "inbound"
        or (call.direction == "internal" and directory.count_internal_calls),
        office_open=directory.is_open(department, start),
    )


def _outcome(call: SimCall, department: str, directory: Directory) -> str:
    decision = call.decision
    if decision.kind == "answered":
        home = directory.department_of(decision.answered_by or "")
        same = home is None if department == UNASSIGNED else home == department
        return "answered" if same else "answered_elsewhere"
    if decision.kind == "voicemail":
        return "voicemail"
    last = max(call.legs, key=lambda leg: leg.end_at)
    if (
        last.disposition in ("cancelled", "no_answer")
        and last.end_at - call.start < directory.short_abandon_seconds
    ):
        return "short_abandoned"
    return "missed"
