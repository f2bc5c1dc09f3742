"""CallLeg v1: one finished leg of a call on topic ``call-legs`` (spec section 3).

The model is the source of truth; ``schemas/call-leg.v1.schema.json`` is generated from it by
``python -m schemas.generate`` and a unit test fails when the two drift apart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_TAG = "call-leg/1"


class Direction(StrEnum):
    INBOUND = "inbound"
    INTERNAL = "internal"
    OUTBOUND = "outbound"


class Disposition(StrEnum):
    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    FAILED = "failed"
    CANCELLED = "cancelled"
    VOICEMAIL = "voicemail"


Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Target = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Number = Annotated[str, StringConstraints(max_length=64)]


class CallLeg(BaseModel):
    """One attempt to reach one target: a ringing phone, a queue member or a forward hop."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="CallLeg v1")

    schema_: Literal["call-leg/1"] = Field(alias="schema", description="version tag")
    event_id: Id = Field(
        description="unique per record; a second record with this id is a duplicate"
    )
    call_id: Id = Field(description="shared by all legs of one call (Kafka key)")
    direction: Direction
    caller: Number | None = Field(
        default=None, description="caller's number; pseudonymised before it is stored anywhere"
    )
    dialed: Number | None = Field(default=None, description="the number the caller dialled")
    target: Target = Field(description="extension, queue or number this leg rang")
    ring_at: AwareDatetime = Field(description="the leg started ringing (RFC 3339 with offset)")
    answer_at: AwareDatetime | None = Field(
        default=None, description="a person or voicemail picked up"
    )
    end_at: AwareDatetime = Field(description="the leg ended")
    answered_by: Target | None = Field(
        default=None, description="extension that answered; defaults to target when answered"
    )
    disposition: Disposition
    source: Annotated[str, StringConstraints(max_length=64)] | None = None

    @model_validator(mode="after")
    def _times_in_order(self) -> CallLeg:
        # Compare instants, not wall clocks: two datetimes sharing one ZoneInfo compare by wall
        # clock and ignore ``fold``, which is wrong across the autumn clock change.
        ring, end = self.ring_at.timestamp(), self.end_at.timestamp()
        if self.answer_at is not None and not (ring <= self.answer_at.timestamp() <= end):
            raise ValueError("times out of order: need ring_at <= answer_at <= end_at")
        if ring > end:
            raise ValueError("times out of order: need ring_at <= end_at")
        return self

    @property
    def answerer(self) -> str | None:
        """Who picked up, when the leg was answered (``answered_by`` or else ``target``)."""
        if self.disposition is Disposition.ANSWERED:
            return self.answered_by or self.target
        return None

    def to_json(self) -> bytes:
        return self.model_dump_json(by_alias=True).encode()
