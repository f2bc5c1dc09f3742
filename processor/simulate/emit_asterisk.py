"""Simulated calls as Asterisk Master.csv lines (cdr_csv with loguniqueid, loguserfield and
newcdrcolumns: 21 columns), one per leg, all written when the call ends (as Asterisk 12+ does).

The rows look like a small PBX's: the caller's channel on a trunk (inbound) or a phone, one
``dstchannel`` per phone that rang (``Local/...;1`` for forwards), the queue's and voicemail's
own rows without a ``dstchannel``, times as wall-clock in ``sources.asterisk.timezone``.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from processor.directory import Directory
from processor.errors import ConfigError
from processor.kafka.topics import CDR_ASTERISK
from processor.simulate.emit import SimRecord
from processor.simulate.model import SimCall, SimLeg

_INTERNAL_CONTEXTS = ("from-internal", "from-internal-phones", "ext-local")
_DISPOSITIONS = {
    "no_answer": "NO ANSWER",
    "cancelled": "NO ANSWER",
    "busy": "BUSY",
    "failed": "FAILED",
}


class AsteriskEmitter:
    topic = CDR_ASTERISK

    def __init__(self, run_id: str, directory: Directory) -> None:
        self.run_id = run_id
        self.directory = directory
        source = directory.sources.asterisk
        if not source.inbound_contexts:
            raise ConfigError(
                "cannot simulate Asterisk inbound calls: sources.asterisk.inbound_contexts is empty"
            )
        self.inbound_context = source.inbound_contexts[0]
        self.internal_context = next(
            c for c in (*_INTERNAL_CONTEXTS, "sim-internal") if c not in source.inbound_contexts
        )
        self.zone = ZoneInfo(source.timezone)

    def header(self) -> list[str]:
        return []  # Master.csv has none

    def call_id(self, call: SimCall) -> str:
        return f"{self.run_id}-{call.n}"

    def records(self, call: SimCall) -> list[SimRecord]:
        call_id = self.call_id(call)
        inbound = call.direction == "inbound"
        channel = (
            f"PJSIP/kpn-{_suffix(call.n, 0)}"
            if inbound
            else (f"PJSIP/{call.caller}-{_suffix(call.n, 0)}")
        )
        records = []
        for index, leg in enumerate(call.legs):
            values: list[str | int] = [
                "",
                call.caller,
                call.dialed,
                self.inbound_context if inbound else self.internal_context,
                f'"" <{call.caller}>' if inbound else f'"{call.caller}" <{call.caller}>',
                channel,
                self._dstchannel(call, leg, index),
                leg.app,
                _lastdata(leg),
            ]
            answer = leg.answer_at
            if leg.app == "Queue" and not self.directory.is_extension(leg.target):
                answer = leg.ring_at  # the queue answers the caller's channel at once
            disposition = "ANSWERED" if answer is not None else _DISPOSITIONS[leg.disposition]
            values += [
                self._time(leg.ring_at),
                "" if answer is None else self._time(answer),
                self._time(leg.end_at),
                leg.end_at - leg.ring_at,
                0 if answer is None else leg.end_at - answer,
                disposition,
                "DOCUMENTATION",
                call_id,
                "",
                "",
                call_id,
                index,
            ]
            line = _csv(values)
            records.append(
                SimRecord(call.end, call_id.encode(), line.encode(), line + "\n", (index,))
            )
        return records

    def _dstchannel(self, call: SimCall, leg: SimLeg, index: int) -> str:
        suffix = _suffix(call.n, index + 1)
        if leg.app == "VoiceMail" or not leg.target:
            return ""
        if self.directory.is_extension(leg.target):
            if leg.via_local:
                return f"Local/{leg.target}@from-internal-{suffix};1"
            return f"PJSIP/{leg.target}-{suffix}"
        if leg.app == "Queue":
            return ""  # the caller waiting in the queue: no other party yet
        return f"PJSIP/kpn-{suffix}"

    def _time(self, seconds: int) -> str:
        return datetime.fromtimestamp(seconds, self.zone).strftime("%Y-%m-%d %H:%M:%S")


def _suffix(n: int, leg: int) -> str:
    return f"{(n * 32 + leg) % 2**32:08x}"


def _lastdata(leg: SimLeg) -> str:
    if leg.app == "VoiceMail":
        return f"{leg.target}@default,u"
    if leg.app == "Queue":
        return "kcc,t,,,300"
    return f"PJSIP/{leg.target},20"


def _csv(values: list[str | int]) -> str:
    """Quoted strings, bare integers, empty times bare: as cdr_csv writes them."""
    out = []
    for position, value in enumerate(values):
        if isinstance(value, int):
            out.append(str(value))
        elif value == "" and position in (9, 10, 11):
            out.append("")
        else:
            out.append('"' + value.replace('"', '""') + '"')
    return ",".join(out)
