"""Fixtures for pure unit tests: a small directory and a leg factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from processor.calls.model import StoredLeg
from processor.directory import Directory, parse_directory

DIRECTORY_YAML = """
timezone: Europe/Amsterdam
holidays: NL
closed_dates: [2026-12-24]
office_hours:
  mon-fri: "08:30-17:00"
short_abandon_seconds: 5
service_level_seconds: 25
voicemail_targets: ["8500"]
per_extension: true
departments:
  - id: kcc
    name: "KCC 14 070"
    target: 0.98
    numbers: ["14070"]
    extensions: ["2000-2049"]
  - id: burgerzaken
    name: Burgerzaken
    target: 0.90
    numbers: ["+31703001000"]
    extensions: ["3100-3199"]
    office_hours: {mon-thu: "08:30-17:00", fri: "08:30-12:30"}
  - id: vergunningen
    name: Vergunningen
    target: 0.90
    extensions: ["3200-3299"]
"""

# Tuesday 2026-11-24, 10:00 local (CET, UTC+1).
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def directory() -> Directory:
    return parse_directory(DIRECTORY_YAML, "test-directory.yaml")


LegFactory = Callable[..., StoredLeg]


@pytest.fixture
def leg() -> LegFactory:
    """A leg ringing ``ring`` seconds after T0; answered after ``answer`` s when given."""
    counter = iter(range(1_000_000))

    def make(
        target: str,
        *,
        ring: float = 0.0,
        answer: float | None = None,
        end: float | None = None,
        disposition: str | None = None,
        answered_by: str | None = None,
        direction: str = "inbound",
        dialed: str | None = None,
        start: datetime = T0,
    ) -> StoredLeg:
        ring_at = (start + timedelta(seconds=ring)).timestamp()
        answer_at = None if answer is None else (start + timedelta(seconds=answer)).timestamp()
        end_at = (start + timedelta(seconds=end if end is not None else ring + 60)).timestamp()
        if disposition is None:
            disposition = "answered" if answer is not None else "no_answer"
        if disposition == "answered" and answered_by is None:
            answered_by = target
        return StoredLeg(
            seq=next(counter),
            direction=direction,
            target=target,
            dialed=dialed,
            ring_at=ring_at,
            answer_at=answer_at,
            end_at=end_at,
            answered_by=answered_by,
            disposition=disposition,
        )

    return make
