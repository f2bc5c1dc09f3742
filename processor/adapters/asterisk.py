"""Asterisk CDRs (topic ``cdr.asterisk``) to call legs (spec section 10). One row is one leg.

- ``call_id``: ``linkedid``, else ``uniqueid``, else the caller's ``channel`` (16 columns); all
  rows of one call share it (Asterisk 12+ writes one row per phone a call rang).
- ``event_id``: ``uniqueid:sequence`` when the row has both, else ``sha256:`` + a hash of the row,
  so a row sent twice is recognised as a duplicate.
- ``target``: the extension in ``dstchannel`` (``PJSIP/3101-0000002a`` -> ``3101``), else ``dst``;
  ``dialed`` = ``dst``; ``answered_by`` of an ANSWERED row = that extension.
- ``disposition``: ANSWERED -> answered, NO ANSWER -> no_answer, BUSY -> busy, FAILED and
  CONGESTION -> failed; numbers as in Asterisk's cdr.h (0 NOANSWER, 1 NULL, 2 FAILED, 4 BUSY,
  8 ANSWERED, 16 CONGESTION). An answered row whose ``lastapp`` is VoiceMail or whose target is
  a voicemail target is ``voicemail``. An ANSWERED row without ``dstchannel`` was answered by an
  application (IVR, Queue) while the caller waited, not by a person: it becomes ``no_answer``
  without ``answer_at``.
- ``direction``: inbound when ``dcontext`` is one of ``sources.asterisk.inbound_contexts``,
  internal when caller and target are both extensions of the directory, else outbound.
- ``caller``: ``src``, else the number in ``clid`` (pseudonymised downstream; never logged).
- Times: ``start`` -> ring_at, ``answer`` -> answer_at (empty: none), ``end`` -> end_at, as
  wall-clock times in ``sources.asterisk.timezone`` (or ISO 8601 / epoch seconds in JSON).

Pure and deterministic: the same row always gives the same leg.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from processor.adapters.asterisk_rows import AsteriskRow, parse_row
from processor.adapters.common import (
    MISSING_FIELD,
    UNKNOWN_DISPOSITION,
    build_leg,
    channel_resource,
    clid_number,
    number_or_none,
    parse_time,
    text_field,
)
from processor.directory import Directory
from processor.errors import RecordRejected
from schemas.call_leg import CallLeg

SOURCE = "asterisk"
_DISPOSITIONS = {
    "ANSWERED": "answered",
    "NO ANSWER": "no_answer",
    "NOANSWER": "no_answer",
    "BUSY": "busy",
    "FAILED": "failed",
    "CONGESTION": "failed",
}
# enum ast_cdr_disposition in include/asterisk/cdr.h (NULL is printed as "NO ANSWER").
_DISPOSITION_CODES = {
    0: "no_answer",
    1: "no_answer",
    2: "failed",
    4: "busy",
    8: "answered",
    16: "failed",
}
_MAX_EXTENSION_DIGITS = 6


def normalize_asterisk(raw: bytes, directory: Directory) -> Sequence[CallLeg]:
    """The leg one Master.csv line or CDR JSON object describes (the ``Normalizer`` contract)."""
    row = parse_row(raw, directory.sources.asterisk.columns)
    return [leg_from_row(row, directory)]


def asterisk_call_id(row: AsteriskRow) -> str:
    """The id that groups the rows of one call: linkedid, else uniqueid, else the channel."""
    for name in ("linkedid", "uniqueid", "channel"):
        value = text_field(row.fields, name)
        if value:
            return value
    raise RecordRejected(MISSING_FIELD, "linkedid, uniqueid and channel are all empty")


def leg_from_row(row: AsteriskRow, directory: Directory) -> CallLeg:
    fields = row.fields
    source = directory.sources.asterisk
    zone = ZoneInfo(source.timezone)
    call_id = asterisk_call_id(row)
    dst = text_field(fields, "dst")
    dstchannel = text_field(fields, "dstchannel")
    extension = _extension(channel_resource(dstchannel), directory)
    target = extension or dst
    if not target:
        raise RecordRejected(MISSING_FIELD, "dst and dstchannel are both empty")

    ring_at = parse_time(fields.get("start"), "start", zone)
    answer_at = parse_time(fields.get("answer"), "answer", zone, not_before=ring_at)
    end_at = parse_time(fields.get("end"), "end", zone, not_before=answer_at or ring_at)
    if ring_at is None or end_at is None:
        raise RecordRejected(MISSING_FIELD, "start" if ring_at is None else "end")

    disposition = _disposition(fields.get("disposition"))
    answered_by: str | None = None
    lastapp = text_field(fields, "lastapp").lower()
    voicemail = lastapp == "voicemail" or directory.is_voicemail(target)
    if disposition == "answered":
        if voicemail:
            disposition = "voicemail"
        elif not dstchannel:
            disposition, answer_at = "no_answer", None  # an application picked up, not a person
        else:
            answered_by = extension or None

    caller = number_or_none(text_field(fields, "src")) or clid_number(text_field(fields, "clid"))
    return build_leg(
        {
            "event_id": _event_id(row),
            "call_id": call_id,
            "direction": _direction(text_field(fields, "dcontext"), caller, target, directory),
            "caller": caller,
            "dialed": dst or None,
            "target": target,
            "ring_at": ring_at,
            "answer_at": answer_at,
            "end_at": end_at,
            "answered_by": answered_by,
            "disposition": disposition,
            "source": SOURCE,
        }
    )


def _extension(resource: str, directory: Directory) -> str:
    """``resource`` when it is an extension: in the directory, or a short run of digits."""
    if directory.is_extension(resource):
        return resource
    if resource.isascii() and resource.isdigit() and len(resource) <= _MAX_EXTENSION_DIGITS:
        return resource
    return ""


def _direction(dcontext: str, caller: str | None, target: str, directory: Directory) -> str:
    if dcontext and dcontext in directory.sources.asterisk.inbound_contexts:
        return "inbound"
    if caller and directory.is_extension(caller) and directory.is_extension(target):
        return "internal"
    return "outbound"


def _disposition(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        found = _DISPOSITION_CODES.get(value)
    elif isinstance(value, str) and value.strip().isdigit():
        found = _DISPOSITION_CODES.get(int(value.strip()))
    elif isinstance(value, str):
        found = _DISPOSITIONS.get(" ".join(value.upper().split()))
    else:
        found = None
    if found is None:  # quote only a word: a value with digits could be a shifted number
        shown = value if isinstance(value, str) and value.replace(" ", "").isalpha() else None
        detail = f"disposition {shown[:20]!r}" if shown else "disposition is not a known value"
        raise RecordRejected(UNKNOWN_DISPOSITION, detail)
    return found


def _event_id(row: AsteriskRow) -> str:
    uniqueid = text_field(row.fields, "uniqueid")
    sequence = text_field(row.fields, "sequence")
    if uniqueid and sequence:
        return f"{uniqueid}:{sequence}"
    return f"sha256:{row.digest}"
