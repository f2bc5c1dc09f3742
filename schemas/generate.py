"""Write the JSON Schema of every contract next to its model: ``python -m schemas.generate``."""

from __future__ import annotations

import json
from pathlib import Path

from schemas.call_leg import CallLeg

SCHEMA_FILE = Path(__file__).resolve().parent / "call-leg.v1.schema.json"


def render() -> str:
    schema = CallLeg.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "call-leg.v1.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def main() -> None:
    SCHEMA_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")


if __name__ == "__main__":
    main()
