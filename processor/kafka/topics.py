"""Topic names (spec 2) and their creation at start-up with the configured partition count.

Topics are created by the product, never by broker auto-creation, so that the partition count
(the upper bound on worker replicas) is a deliberate setting.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

from processor.settings import Settings

CALL_LEGS = "call-legs"
DLQ = "call-legs.dlq"
CDR_ASTERISK = "cdr.asterisk"
CDR_CUCM = "cdr.cucm"
ALL = (CALL_LEGS, DLQ, CDR_ASTERISK, CDR_CUCM)

# The broker stamps each record with its arrival time: the settle sweep's partition clock then
# follows the log itself, monotonic per partition, whatever the producers' clocks or retries.
TOPIC_CONFIGS = {"message.timestamp.type": "LogAppendTime"}

log = logging.getLogger(__name__)


def client_config(settings: Settings) -> dict[str, Any]:
    """Connection options for kafka-python clients, from the one settings object."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap.split(","),
        "security_protocol": settings.kafka_security_protocol,
    }
    if settings.kafka_sasl_mechanism:
        config["sasl_mechanism"] = settings.kafka_sasl_mechanism
        config["sasl_plain_username"] = settings.kafka_sasl_username
        if settings.kafka_sasl_password is not None:
            config["sasl_plain_password"] = settings.kafka_sasl_password.get_secret_value()
    if settings.kafka_ssl_cafile:
        config["ssl_cafile"] = str(settings.kafka_ssl_cafile)
    return config


def ensure_topics(settings: Settings) -> list[str]:
    """Create the product's topics that are missing; returns the names it created."""
    admin = KafkaAdminClient(client_id=f"{settings.app_id}-admin", **client_config(settings))
    try:
        existing = set(admin.list_topics())
        wanted = [settings.topic(name) for name in ALL]
        missing = [
            NewTopic(
                name,
                num_partitions=settings.topic_partitions,
                replication_factor=settings.topic_replication,
                topic_configs=TOPIC_CONFIGS,
            )
            for name in wanted
            if name not in existing
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another worker won the race
                admin.create_topics(missing)
        created = [topic.name for topic in missing]
        for name in created:
            log.info("topic created topic=%s partitions=%d", name, settings.topic_partitions)
        return created
    finally:
        admin.close()
