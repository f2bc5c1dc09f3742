"""Errors of the report command."""

from __future__ import annotations

from processor.errors import ReachabilityError


class RedisUnavailableError(ReachabilityError, ConnectionError):
    """Redis could not be reached or read; the message names where and what to check."""
