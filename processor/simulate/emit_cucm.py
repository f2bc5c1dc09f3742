"""Simulated calls as Cisco CUCM CDRs: one flat-file row per call, written when the call ends.

As CUCM does, a call forwarded on no answer is one CDR: ``originalCalledPartyNumber`` is the
entry target, ``finalCalledPartyNumber`` who got the call (a person, the voicemail pilot, or the
last phone that rang when nobody did), ``lastRedirectDn`` the phone before that. Parallel ringing
(hunt groups, the 14 070 queue) leaves the CDR of the phone that answered. Inbound calls come
from a device that matches ``sources.cucm.gateways``; phones are ``SEP`` + a MAC address.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from processor.adapters.cucm import (
    CAUSE_NO_ANSWER,
    CAUSE_NORMAL_CLEARING,
    CAUSE_USER_BUSY,
    is_gateway,
)
from processor.adapters.cucm_file import flat_file_lines, flat_row_line
from processor.directory import Directory
from processor.errors import ConfigError
from processor.kafka.topics import CDR_CUCM
from processor.simulate.emit import SimRecord
from processor.simulate.model import SimCall, SimLeg

FIELDS = (
    ("cdrRecordType", "INTEGER"),
    ("globalCallID_callManagerId", "INTEGER"),
    ("globalCallID_callId", "INTEGER"),
    ("origLegCallIdentifier", "INTEGER"),
    ("dateTimeOrigination", "INTEGER"),
    ("origNodeId", "INTEGER"),
    ("origSpan", "INTEGER"),
    ("origIpAddr", "INTEGER"),
    ("callingPartyNumber", "VARCHAR(50)"),
    ("callingPartyUnicodeLoginUserID", "VARCHAR(128)"),
    ("origCause_location", "INTEGER"),
    ("origCause_value", "INTEGER"),
    ("origPrecedenceLevel", "INTEGER"),
    ("destLegCallIdentifier", "INTEGER"),
    ("destNodeId", "INTEGER"),
    ("destSpan", "INTEGER"),
    ("destIpAddr", "INTEGER"),
    ("originalCalledPartyNumber", "VARCHAR(50)"),
    ("finalCalledPartyNumber", "VARCHAR(50)"),
    ("finalCalledPartyUnicodeLoginUserID", "VARCHAR(128)"),
    ("destCause_location", "INTEGER"),
    ("destCause_value", "INTEGER"),
    ("destPrecedenceLevel", "INTEGER"),
    ("dateTimeConnect", "INTEGER"),
    ("dateTimeDisconnect", "INTEGER"),
    ("lastRedirectDn", "VARCHAR(50)"),
    ("pkid", "UNIQUEIDENTIFIER"),
    ("originalCalledPartyNumberPartition", "VARCHAR(50)"),
    ("callingPartyNumberPartition", "VARCHAR(50)"),
    ("finalCalledPartyNumberPartition", "VARCHAR(50)"),
    ("lastRedirectDnPartition", "VARCHAR(50)"),
    ("duration", "INTEGER"),
    ("origDeviceName", "VARCHAR(129)"),
    ("destDeviceName", "VARCHAR(129)"),
    ("origCalledPartyRedirectReason", "INTEGER"),
    ("lastRedirectRedirectReason", "INTEGER"),
    ("globalCallId_ClusterID", "VARCHAR(50)"),
    ("huntPilotDN", "VARCHAR(50)"),
)
NAMES = tuple(name for name, _type in FIELDS)
_GATEWAYS = ("CUBE01", "SIPTrunk-KPN", "SIPTrunk01", "CUBE-Primary", "VGW01", "SBC01", "GW01")
_UNANSWERED = {
    "cancelled": (CAUSE_NORMAL_CLEARING, 0),
    "no_answer": (0, CAUSE_NO_ANSWER),
    "busy": (0, CAUSE_USER_BUSY),
    "failed": (0, 41),  # temporary failure
}
_PKIDS = uuid.UUID("6f1d3c2e-8a4b-4c1e-9f0a-5b7e2d9c4a10")
_FORWARD_NO_ANSWER = 2


class CucmEmitter:
    topic = CDR_CUCM

    def __init__(self, run_id: str, directory: Directory) -> None:
        self.run_id = run_id
        self.directory = directory
        gateway = next((name for name in _GATEWAYS if is_gateway(name, directory)), None)
        if gateway is None:
            raise ConfigError(
                "cannot simulate CUCM inbound calls: no device name like CUBE01 or SIPTrunk01 "
                'matches sources.cucm.gateways; add a pattern such as "^CUBE"'
            )
        self.gateway = gateway

    def header(self) -> list[str]:
        return list(flat_file_lines(NAMES, [kind for _name, kind in FIELDS], []))

    def call_id(self, call: SimCall) -> str:
        return f"{self.run_id}-1-{call.n}"

    def records(self, call: SimCall) -> list[SimRecord]:
        final, connect, (orig_cause, dest_cause) = self._final(call)
        index = call.legs.index(final)
        before = call.legs[index - 1] if index > 0 and final.via_local else None
        entry = call.legs[0]
        row: dict[str, str | int] = {
            "cdrRecordType": 1,
            "globalCallID_callManagerId": 1,
            "globalCallID_callId": call.n,
            "origLegCallIdentifier": 2 * call.n,
            "dateTimeOrigination": call.start,
            "callingPartyNumber": call.caller,
            "origCause_value": orig_cause,
            "destLegCallIdentifier": 2 * call.n + 1,
            "originalCalledPartyNumber": entry.target,
            "finalCalledPartyNumber": final.target,
            "destCause_value": dest_cause,
            "dateTimeConnect": connect,
            "dateTimeDisconnect": final.end_at,
            "lastRedirectDn": (before or entry).target,
            "pkid": str(uuid.uuid5(_PKIDS, self.call_id(call))),
            "duration": final.end_at - connect if connect else 0,
            "origDeviceName": self.gateway if call.direction == "inbound" else _phone(call.caller),
            "destDeviceName": self._device(final.target),
            "origCalledPartyRedirectReason": _FORWARD_NO_ANSWER if before else 0,
            "lastRedirectRedirectReason": _FORWARD_NO_ANSWER if before else 0,
            "globalCallId_ClusterID": self.run_id,
            "huntPilotDN": entry.target if entry.app == "Queue" else "",
        }
        for name, kind in FIELDS:
            row.setdefault(name, 0 if kind == "INTEGER" else "")
        line = flat_row_line(NAMES, row)
        value = _json({name: str(row[name]) for name in NAMES})
        key = self.call_id(call).encode()
        return [SimRecord(call.end, key, value, line, tuple(range(len(call.legs))))]

    def _final(self, call: SimCall) -> tuple[SimLeg, int, tuple[int, int]]:
        """The leg the CDR ends with, the connect time (0: none) and the two causes."""
        picked = [leg for leg in call.legs if leg.answer_at is not None and leg.decisive]
        if picked:
            leg = min(picked, key=lambda candidate: candidate.answer_at or 0)
            return leg, leg.answer_at or 0, (CAUSE_NORMAL_CLEARING, 0)
        last = max(enumerate(call.legs), key=lambda pair: (pair[1].end_at, pair[0]))[1]
        return last, 0, _UNANSWERED[last.disposition]

    def _device(self, target: str) -> str:
        if self.directory.is_voicemail(target):
            return "CiscoUM-VI1"
        return _phone(target) if self.directory.is_extension(target) else self.gateway


def _phone(extension: str) -> str:
    return "SEP" + hashlib.sha256(extension.encode()).hexdigest()[:12].upper()


def _json(fields: dict[str, str]) -> bytes:
    return json.dumps(fields, separators=(",", ":")).encode()
