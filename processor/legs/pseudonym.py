"""Caller numbers never leave this module in clear: a keyed HMAC-SHA256 pseudonym, or nothing."""

from __future__ import annotations

import hashlib
import hmac


def pseudonymise(number: str | None, key: bytes | None) -> str | None:
    """The pseudonym of ``number`` under ``key``; ``None`` when either is missing."""
    if not number or not key:
        return None
    digest = hmac.new(key, number.strip().encode(), hashlib.sha256).hexdigest()
    return f"h:{digest[:32]}"
