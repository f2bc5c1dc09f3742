"""The Faust application: agents for each topic, the settle and heartbeat timers, web pages.

Delivery: agents run with ``concurrency=1`` and take batches with ``take_events``, which acks a
batch only after the loop body returned. Faust therefore never commits an offset past a record
that was not applied to Redis (with concurrency > 1 it can: faust-streaming issue 606). Kafka's
committed offsets are only where re-reading starts; what counts is the applied offset per
partition in Redis, which the apply script moves atomically with the state.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import ssl
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import faust
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from processor.adapters.base import Normalizer
from processor.directory import Directory
from processor.kafka import topics
from processor.metrics.pipeline import PipelineMetrics
from processor.settings import Settings
from processor.store.figures import FiguresReader
from processor.store.keys import Keys
from processor.store.state import CallState
from processor.worker.pipeline import Outgoing, Pipeline
from processor.worker.records import Record
from processor.worker.settle import Settler
from processor.worker.web import register_pages

log = logging.getLogger(__name__)

SETTLE_SWEEP_SECONDS = 1.0
EXIT_BATCH_FAILED = 70  # EX_SOFTWARE


@dataclass(frozen=True)
class Worker:
    app: faust.App
    redis: aioredis.Redis
    keys: Keys


def _credentials(settings: Settings) -> Any:
    if settings.kafka_security_protocol == "PLAINTEXT":
        return None
    context = None
    if settings.kafka_security_protocol in ("SSL", "SASL_SSL"):
        cafile = str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
        context = ssl.create_default_context(cafile=cafile)
    if settings.kafka_security_protocol.startswith("SASL"):
        password = settings.kafka_sasl_password
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=password.get_secret_value() if password else None,
            ssl_context=context,
            mechanism=settings.kafka_sasl_mechanism or "PLAIN",
        )
    return faust.SSLCredentials(context)


def build_worker(
    settings: Settings,
    directory: Directory,
    metrics: PipelineMetrics,
    registry_render: Callable[[], bytes],
    normalizers: dict[str, Normalizer],
) -> Worker:
    app = faust.App(
        settings.app_id,
        broker=[f"kafka://{host}" for host in settings.kafka_bootstrap.split(",")],
        broker_credentials=_credentials(settings),
        key_serializer="raw",
        value_serializer="raw",
        store="memory://",
        # Faust wants a data folder even with in-memory tables; keep it out of the working
        # directory (we keep no state there: all state lives in Redis).
        datadir=str(Path(tempfile.gettempdir()) / f"reachability-faust-{settings.app_id}"),
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        consumer_auto_offset_reset="earliest",
        web_enabled=True,
        web_bind=settings.web_host,
        web_port=settings.web_port,
        autodiscover=False,
    )
    client = aioredis.Redis.from_url(settings.redis_url.get_secret_value())
    keys = Keys(settings.app_id)
    state = CallState(client, keys, done_ttl_seconds=(settings.max_record_age_days + 1) * 86400)
    legs_topic = settings.topic(topics.CALL_LEGS)

    async def send(records: list[Outgoing]) -> None:
        # Queue the whole batch, then wait for every delivery: one round of acks, not one each.
        pending = [
            await app.producer.send(topic, key, value, None, None, headers or None)
            for topic, key, value, headers in records
        ]
        await asyncio.gather(*pending)

    pipeline = Pipeline(
        state,
        metrics,
        directory,
        send,
        legs_topic=legs_topic,
        dlq_topic=settings.topic(topics.DLQ),
        settle_seconds=settings.settle_seconds,
        retention=settings.max_record_age,
        pseudonym_key=(
            settings.pseudonym_key.get_secret_value().encode() if settings.pseudonym_key else None
        ),
    )
    settler = Settler(
        state, metrics, directory, keys, topic=legs_topic, retention_days=settings.retention_days
    )

    def consume(name: str, normalize: Normalizer | None) -> None:
        topic = app.topic(name, key_type=bytes, value_type=bytes)

        async def agent(stream: faust.StreamT[bytes]) -> None:
            # take_events exists on faust.Stream, not on the StreamT protocol it is typed with.
            batches = cast(faust.Stream[bytes], stream).take_events(
                settings.batch_size, settings.batch_seconds
            )
            async for events in batches:
                now = time.time()
                records = [
                    Record(
                        topic=e.message.topic,
                        partition=e.message.partition,
                        offset=e.message.offset,
                        timestamp=e.message.timestamp or now,
                        key=e.message.key,
                        value=e.message.value,
                    )
                    for e in events
                ]
                try:
                    if normalize is None:
                        await pipeline.legs(name, records)
                    else:
                        await pipeline.raw(name, records, normalize)
                except Exception:
                    # Never ack a batch we could not apply. Raising (or a graceful stop) would
                    # close take_events, whose ``finally`` acks the batch and lets Faust commit
                    # it. Exit at once instead: nothing is committed, the supervisor restarts the
                    # worker and it reads the batch again.
                    log.exception("batch failed, exiting without commit topic=%s", name)
                    logging.shutdown()
                    os._exit(EXIT_BATCH_FAILED)

        agent.__name__ = f"agent_{name.replace('.', '_').replace('-', '_')}"
        app.agent(topic, name=agent.__name__, concurrency=1)(agent)

    consume(legs_topic, None)
    for raw_name, normalize in normalizers.items():
        consume(settings.topic(raw_name), normalize)

    def assigned() -> list[Any]:
        try:
            assignment = app.consumer.assignment()
        except Exception:  # consumer not started yet
            return []
        return sorted(
            (tp for tp in assignment if tp.topic == legs_topic), key=lambda tp: tp.partition
        )

    async def settle_sweep() -> None:
        tps = assigned()
        if not tps:
            metrics.open_calls.set(0)
            return
        # The clock is read before the end offsets: every record appended before ``now`` is
        # below them. Nothing here is retried with old end offsets: after a Kafka or Redis
        # failure the next tick starts afresh, so a stale "caught up" never settles a call.
        now = time.time()
        try:
            ends = await app.consumer.highwaters(*tps)
        except Exception as exc:
            log.warning("end offsets unavailable, settle skipped error=%s", exc)
            return
        end_offsets = {tp.partition: int(end) for tp, end in ends.items()}
        try:
            await settler.sweep(end_offsets, now)
        except (RedisError, OSError) as exc:  # the sweep is idempotent: the next tick retries
            log.warning("redis unavailable, settle skipped error=%s", exc)

    worker_id = f"{socket.gethostname()}-{os.getpid()}"

    async def heartbeat() -> None:
        try:
            await client.set(
                keys.heartbeat(worker_id), time.time(), ex=int(settings.heartbeat_seconds * 3) + 1
            )
        except Exception as exc:  # the probe will say the worker is unhealthy; keep running
            log.warning("heartbeat failed error=%s", exc)

    app.timer(SETTLE_SWEEP_SECONDS)(settle_sweep)
    app.timer(settings.heartbeat_seconds)(heartbeat)
    reader = FiguresReader(client, keys)
    register_pages(
        app, directory, reader, client, registry_render, kafka_ready=lambda: bool(assigned())
    )
    return Worker(app=app, redis=client, keys=keys)
