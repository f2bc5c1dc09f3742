"""HTTP endpoints on the worker's Faust web server: /metrics, /livez, /readyz (spec 6)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import faust
import redis.asyncio as aioredis
from prometheus_client import CollectorRegistry, generate_latest

from processor.calls.classify import UNASSIGNED
from processor.directory import Directory
from processor.metrics.business import BusinessCollector, Snapshot
from processor.store.figures import FiguresReader

log = logging.getLogger(__name__)

# generate_latest writes the classic text format; say so exactly (aiohttp refuses a charset in
# content_type, so it goes in the header).
METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


async def business_snapshot(directory: Directory, reader: FiguresReader) -> Snapshot:
    """Everything the business gauges show, read from Redis now."""
    now = datetime.now(directory.tz)
    departments = [*directory.department_ids, UNASSIGNED]
    windows = await reader.windows(departments, now)
    extensions = await reader.extensions(departments, now.date()) if directory.per_extension else []
    return Snapshot(
        departments=departments,
        targets={d: directory.department(d).target for d in directory.department_ids},
        office_open={d: directory.is_open(d, now) for d in departments},
        windows=windows,
        extensions=extensions,
        names={d: directory.name_of(d) for d in departments},
    )


def render_business(snapshot: Snapshot) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(BusinessCollector(snapshot))
    return generate_latest(registry)


def register_pages(
    app: faust.App,
    directory: Directory,
    reader: FiguresReader,
    client: aioredis.Redis,
    render_pipeline: Callable[[], bytes],
    *,
    kafka_ready: Callable[[], bool],
) -> None:
    @app.page("/metrics")
    async def metrics(web: faust.web.View, request: faust.web.Request) -> faust.web.Response:
        body = render_pipeline()
        try:
            body += render_business(await business_snapshot(directory, reader))
        except Exception as exc:  # Redis down: serve what this process knows, say why in the log
            log.warning("business gauges unavailable error=%s", exc)
        return web.bytes(body, headers={"Content-Type": METRICS_CONTENT_TYPE})

    @app.page("/livez")
    async def livez(web: faust.web.View, request: faust.web.Request) -> faust.web.Response:
        return web.json({"status": "ok"})

    @app.page("/readyz")
    async def readyz(web: faust.web.View, request: faust.web.Request) -> faust.web.Response:
        failing: dict[str, str] = {}
        if not kafka_ready():
            failing["kafka"] = "no partitions of the call-legs topic assigned"
        try:
            await client.ping()
        except Exception as exc:
            failing["redis"] = str(exc)
        if failing:
            return web.json({"status": "unready", "failing": failing}, status=503)
        return web.json({"status": "ready"})
