"""One root for every error the product raises on purpose.

Callers catch the built-in type they expect (``ValueError`` for bad input); operators get a
message that says what to do.
"""

from __future__ import annotations


class ReachabilityError(Exception):
    """Root of the product's own errors."""


class ConfigError(ReachabilityError, ValueError):
    """A setting or the directory is wrong; the message names what to fix."""


class RecordRejected(ReachabilityError, ValueError):
    """A record cannot be used. ``reason`` is a short machine-readable label (metric label)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
