"""Decode and validate one ``call-legs`` record. Never raises anything but ``RecordRejected``.

The worker reads the topic as raw bytes so that a poison record is data, not an exception in the
stream loop: every way a record can be unusable maps to one ``reason`` label (spec section 3).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from pydantic import ValidationError

from processor.errors import RecordRejected
from schemas.call_leg import CallLeg

MAX_RECORD_BYTES = 64 * 1024
MAX_FUTURE = timedelta(hours=24)

# Reason labels of reachability_rejected_total; keep them few and stable, dashboards use them.
TOO_LARGE = "too_large"
INVALID_JSON = "invalid_json"
SCHEMA = "schema"
TIMES_OUT_OF_ORDER = "times_out_of_order"
IN_FUTURE = "in_future"
TOO_OLD = "too_old"


def decode_leg(raw: bytes | None, *, now: datetime, retention: timedelta) -> CallLeg:
    """Parse ``raw`` into a CallLeg or raise ``RecordRejected`` naming why not."""
    if raw is None:
        raise RecordRejected(INVALID_JSON, "empty record (tombstone)")
    if len(raw) > MAX_RECORD_BYTES:
        raise RecordRejected(TOO_LARGE, f"{len(raw)} bytes, the limit is {MAX_RECORD_BYTES}")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordRejected(INVALID_JSON, str(exc)) from None
    if not isinstance(data, dict):
        raise RecordRejected(SCHEMA, f"expected a JSON object, got {type(data).__name__}")
    try:
        leg = CallLeg.model_validate(data)
    except ValidationError as exc:
        raise _rejection(exc) from None
    check_age(leg, now=now, retention=retention)
    return leg


def check_age(leg: CallLeg, *, now: datetime, retention: timedelta) -> None:
    """Reject a valid leg that ends too far ahead or too long ago (the rest the model checks)."""
    if leg.end_at > now + MAX_FUTURE:
        raise RecordRejected(IN_FUTURE, f"end_at {leg.end_at.isoformat()} is more than 24 h ahead")
    if leg.end_at < now - retention:
        raise RecordRejected(
            TOO_OLD, f"end_at {leg.end_at.isoformat()} is older than the accepted record age"
        )


def _rejection(exc: ValidationError) -> RecordRejected:
    errors = exc.errors(include_url=False, include_input=False)
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    detail = f"{where}: {first['msg']}"
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    if "times out of order" in first["msg"]:
        return RecordRejected(TIMES_OUT_OF_ORDER, detail)
    return RecordRejected(SCHEMA, detail)
