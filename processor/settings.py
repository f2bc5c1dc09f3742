"""The one settings object: environment variables with the ``REACHABILITY_`` prefix (spec 8)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "deploy" / "config" / "directory.yaml"


class Settings(BaseSettings):
    """Frozen: build it once at start-up and pass it explicitly."""

    model_config = SettingsConfigDict(env_prefix="REACHABILITY_", frozen=True, extra="ignore")

    kafka_bootstrap: str = "localhost:9092"
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = None

    redis_url: SecretStr = SecretStr("redis://localhost:6379/0")
    directory: Path = DEFAULT_DIRECTORY
    app_id: str = Field(default="reachability", pattern=r"^[A-Za-z0-9._-]{1,100}$")
    topic_prefix: str = Field(default="", pattern=r"^[A-Za-z0-9._-]{0,100}$")
    web_host: str = "0.0.0.0"  # noqa: S104 - a container's metrics must be reachable from outside it
    web_port: int = Field(default=6066, ge=1, le=65535)
    settle_seconds: float = Field(default=30.0, gt=0)
    pseudonym_key: SecretStr | None = None

    # Beyond the spec's table: operational knobs with sane defaults.
    topic_partitions: int = Field(default=6, ge=1)
    topic_replication: int = Field(default=1, ge=1)
    batch_size: int = Field(default=500, ge=1)
    batch_seconds: float = Field(default=0.5, gt=0)
    retention_days: int = Field(default=400, ge=1)  # daily history per department
    # How old a record may be (its end_at) and, equally, how long a finalised call remembers its
    # legs. The two must match: a duplicate or late leg is either recognised or rejected as
    # too_old, never counted again. Raise it (memory cost) to backfill further back.
    max_record_age_days: int = Field(default=40, ge=1)
    heartbeat_seconds: float = Field(default=5.0, gt=0)

    @model_validator(mode="after")
    def _age_within_history(self) -> Settings:
        if self.max_record_age_days > self.retention_days:
            raise ValueError(
                "REACHABILITY_MAX_RECORD_AGE_DAYS must not exceed REACHABILITY_RETENTION_DAYS"
            )
        return self

    @property
    def max_record_age(self) -> timedelta:
        return timedelta(days=self.max_record_age_days)

    def topic(self, name: str) -> str:
        """A topic name with this deployment's prefix."""
        return f"{self.topic_prefix}{name}"
