"""The outcome rules of spec section 4, in order; the first that matches wins.

Deterministic in the set of legs: the order in which legs arrived only matters to break a tie
between legs with the same ``ring_at`` (the one received first is the entry leg).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from processor.calls.model import CallResult, Outcome, StoredLeg
from processor.directory import Directory

UNASSIGNED = "unassigned"


def classify(call_id: str, legs: Sequence[StoredLeg], directory: Directory) -> CallResult:
    if not legs:
        raise ValueError(f"call {call_id} has no legs")
    ordered = sorted(legs, key=lambda leg: (leg.ring_at, leg.seq))
    entry = ordered[0]
    start = entry.ring_at
    department = directory.department_for_call(entry.target, entry.dialed)
    counted = entry.direction == "inbound" or (
        entry.direction == "internal" and directory.count_internal_calls
    )
    human = _first_human_answer(ordered, directory)
    outcome = _outcome(ordered, start, department, human, directory)
    answer_delay = max(0.0, human.answer_at - start) if human and human.answer_at else None
    extension = entry.target if directory.is_extension(entry.target) else None
    return CallResult(
        call_id=call_id,
        start=start,
        department=department,
        entry_target=entry.target,
        direction=entry.direction,
        counted=counted,
        office_open=directory.is_open(department, datetime.fromtimestamp(start, UTC)),
        outcome=outcome,
        answer_delay=answer_delay,
        within_service_level=(
            answer_delay is not None and answer_delay <= directory.service_level_seconds
        ),
        extension=extension,
        extension_outcome=(
            _extension_outcome(extension, outcome, human) if extension is not None else None
        ),
    )


def _answered_by_person(leg: StoredLeg, directory: Directory) -> bool:
    return (
        leg.disposition == "answered"
        and not directory.is_voicemail(leg.target)
        and not directory.is_voicemail(leg.answered_by or leg.target)
    )


def _reached_voicemail(leg: StoredLeg, directory: Directory) -> bool:
    return leg.disposition == "voicemail" or (
        leg.disposition == "answered"
        and (directory.is_voicemail(leg.target) or directory.is_voicemail(leg.answered_by or ""))
    )


def _first_human_answer(legs: Sequence[StoredLeg], directory: Directory) -> StoredLeg | None:
    answered = [leg for leg in legs if _answered_by_person(leg, directory)]
    if not answered:
        return None
    return min(answered, key=lambda leg: (leg.answer_at or leg.ring_at, leg.seq))


def _outcome(
    legs: Sequence[StoredLeg],
    start: float,
    department: str,
    human: StoredLeg | None,
    directory: Directory,
) -> Outcome:
    if human is not None:
        answerer = human.answered_by or human.target
        home = directory.department_of(answerer)
        same = home is None if department == UNASSIGNED else home == department
        return Outcome.ANSWERED if same else Outcome.ANSWERED_ELSEWHERE
    if any(_reached_voicemail(leg, directory) for leg in legs):
        return Outcome.VOICEMAIL
    last = max(legs, key=lambda leg: (leg.end_at, leg.seq))
    if (
        last.disposition in ("cancelled", "no_answer")
        and last.end_at - start < directory.short_abandon_seconds
    ):
        return Outcome.SHORT_ABANDONED
    return Outcome.MISSED


def _extension_outcome(extension: str, outcome: Outcome, human: StoredLeg | None) -> Outcome:
    if human is not None:
        answerer = human.answered_by or human.target
        return Outcome.ANSWERED if answerer == extension else Outcome.ANSWERED_ELSEWHERE
    return outcome
