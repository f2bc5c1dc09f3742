"""Which Redis counters one finalised call increments. Pure: the keys follow the call start.

Buckets: a minute bucket per department (for the rolling 15m and 1h windows, kept a few hours),
a day bucket per department (today, ISO week and history, kept ``retention_days``), and with
``per_extension`` a day bucket of extension figures (kept ``extension_retention_days``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from processor.calls.model import CallResult
from processor.directory import Directory
from processor.store.keys import Keys

DAY = 86400
MINUTE_BUCKET_KEEP = 3 * 3600
SERVICE_LEVEL_FIELD = "sl"
CLOSED_HOURS_FIELD = "closed_hours"


@dataclass(frozen=True, slots=True)
class Increment:
    key: str
    field: str
    amount: int
    expire_at: int


def increments(
    result: CallResult, directory: Directory, keys: Keys, *, now: float, retention_days: int
) -> list[Increment]:
    """The counters to add for ``result``; empty for calls that are not counted at all."""
    if not result.counted:
        return []
    start = result.start
    day = datetime.fromtimestamp(start, UTC).astimezone(directory.tz).date()
    day_key = keys.day(result.department, day)
    day_expiry = int(start) + (retention_days + 2) * DAY
    if not result.office_open:
        return [Increment(day_key, CLOSED_HOURS_FIELD, 1, day_expiry)]
    fields = [result.outcome.value]
    if result.within_service_level:
        fields.append(SERVICE_LEVEL_FIELD)
    out = [Increment(day_key, field, 1, day_expiry) for field in fields]
    minute = int(start // 60)
    minute_expiry = minute * 60 + MINUTE_BUCKET_KEEP
    if minute_expiry > now:
        minute_key = keys.minute(result.department, minute)
        out += [Increment(minute_key, field, 1, minute_expiry) for field in fields]
    if directory.per_extension and result.extension and result.extension_outcome:
        ext_expiry = int(start) + directory.extension_retention_days * DAY
        if ext_expiry > now:
            field = f"{result.extension}|{result.extension_outcome.value}"
            out.append(Increment(keys.extension_day(result.department, day), field, 1, ext_expiry))
    return out
