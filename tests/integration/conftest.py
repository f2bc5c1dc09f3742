"""Fixtures of the integration tests; the stack and deployment fixtures are in tests/conftest.py."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def unique_id() -> str:
    """A fresh name for this test's topics, consumer groups, app id and Redis keys."""
    return f"it-{uuid.uuid4().hex}"
