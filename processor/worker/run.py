"""``reachability worker``: load settings and directory, create topics, run the Faust worker."""

from __future__ import annotations

import logging

import faust
from prometheus_client import CollectorRegistry, disable_created_metrics, generate_latest

from processor.adapters.registry import NORMALIZERS
from processor.calls.classify import UNASSIGNED
from processor.directory import load_directory
from processor.kafka import topics
from processor.metrics.pipeline import PipelineMetrics
from processor.settings import Settings
from processor.worker.app import build_worker

log = logging.getLogger(__name__)


def run_worker(settings: Settings, loglevel: str = "info") -> None:
    directory = load_directory(settings.directory)
    created = topics.ensure_topics(settings)
    disable_created_metrics()  # type: ignore[no-untyped-call]  # _created series only double the scrape size here
    registry = CollectorRegistry()
    metrics = PipelineMetrics(registry)
    read_topics = [settings.topic(topics.CALL_LEGS)] + [settings.topic(t) for t in NORMALIZERS]
    metrics.zero(read_topics, [*directory.department_ids, UNASSIGNED])
    worker = build_worker(
        settings, directory, metrics, lambda: generate_latest(registry), dict(NORMALIZERS)
    )
    log.info(
        "worker starting app_id=%s topics=%s created=%s web=%s:%d departments=%d",
        settings.app_id,
        ",".join(read_topics),
        ",".join(created) or "-",
        settings.web_host,
        settings.web_port,
        len(directory.department_ids),
    )
    faust.Worker(worker.app, loglevel=loglevel).execute_from_commandline()
