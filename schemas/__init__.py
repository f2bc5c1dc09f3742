"""The product's wire contracts (pydantic models are the source of truth)."""

from schemas.call_leg import SCHEMA_TAG, CallLeg, Direction, Disposition

__all__ = ["SCHEMA_TAG", "CallLeg", "Direction", "Disposition"]
