"""Every Redis key the product writes, in one place. All start with the app id (spec 8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Keys:
    prefix: str

    def offset(self, topic: str, partition: int) -> str:
        return f"{self.prefix}:off:{topic}:{partition}"

    def clock(self, topic: str, partition: int) -> str:
        return f"{self.prefix}:clock:{topic}:{partition}"

    def ledger(self, topic: str) -> str:
        return f"{self.prefix}:ledger:{topic}"

    def call(self, call_id: str) -> str:
        return f"{self.prefix}:call:{call_id}"

    def settle(self, partition: int) -> str:
        return f"{self.prefix}:settle:{partition}"

    def done(self, call_id: str) -> str:
        return f"{self.prefix}:done:{call_id}"

    def minute(self, department: str, minute: int) -> str:
        return f"{self.prefix}:min:{department}:{minute}"

    def day(self, department: str, day: date) -> str:
        return f"{self.prefix}:day:{department}:{day.isoformat()}"

    def extension_day(self, department: str, day: date) -> str:
        return f"{self.prefix}:xday:{department}:{day.isoformat()}"

    def heartbeat(self, worker: str) -> str:
        return f"{self.prefix}:heartbeat:{worker}"

    def heartbeat_pattern(self) -> str:
        return f"{self.prefix}:heartbeat:*"
