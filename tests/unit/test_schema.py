"""The CallLeg model and its JSON Schema file must not drift apart; the examples must validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas.call_leg import CallLeg
from schemas.generate import SCHEMA_FILE, render

EXAMPLES = sorted((Path(__file__).parents[2] / "schemas" / "examples").glob("*.json"))


def test_schema_file_matches_model() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), (
        "schemas/call-leg.v1.schema.json is stale: run `python -m schemas.generate`"
    )


def test_schema_requires_the_spec_fields() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert set(schema["required"]) == {
        "schema",
        "event_id",
        "call_id",
        "direction",
        "target",
        "ring_at",
        "end_at",
        "disposition",
    }
    assert schema["additionalProperties"] is False


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate(path: Path) -> None:
    leg = CallLeg.model_validate_json(path.read_text(encoding="utf-8"))
    assert leg.schema_ == "call-leg/1"
