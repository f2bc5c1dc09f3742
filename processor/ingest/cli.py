"""``reachability ingest --format F FILE...``: send CDR or leg files to Kafka (spec 9).

Exit codes: 0 when rows were delivered and none failed; 1 when a file is missing, nothing could be
sent, a delivery failed or Kafka cannot be reached. A bad directory raises ``ConfigError``
(``processor.cli`` turns it into exit 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from kafka.errors import KafkaError

from processor.directory import load_directory
from processor.ingest.formats import FORMATS, Checks
from processor.ingest.run import Summary, ingest_files
from processor.ingest.sink import KafkaSink, Sink
from processor.settings import Settings


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ingest = sub.add_parser(
        "ingest",
        help="send CDR or leg files to Kafka (progress bar, counts at the end)",
        description=(
            "Check every line of the files with the adapter the worker uses and send the good "
            "ones to Kafka; report the others with file, line number and reason."
        ),
    )
    configure(ingest)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        required=True,
        choices=sorted(FORMATS),
        help="asterisk-csv: Master.csv; asterisk-json: one CDR JSON object per line; "
        "cucm: CDR flat file; legs-jsonl: one CallLeg JSON per line",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help='files to send; "-" is stdin')


def run(
    settings: Settings,
    args: argparse.Namespace,
    *,
    sink: Sink | None = None,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    now: datetime | None = None,
) -> int:
    """Run the command and print the summary; ``sink`` replaces Kafka in tests."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    directory = load_directory(settings.directory)
    fmt = FORMATS[args.format]
    topic = settings.topic(fmt.topic)
    checks = Checks(
        directory,
        now=now or datetime.now(UTC),
        retention=settings.max_record_age,
    )
    missing = [path for path in args.files if path != "-" and not Path(path).is_file()]
    if missing:  # before connecting to Kafka: nothing is sent when a file is missing
        out.write(Summary(topic=topic, missing=missing).render())
        return 1
    if sink is None:
        try:
            sink = kafka_sink(settings, client_id=f"{settings.app_id}-ingest")
        except (KafkaError, OSError) as exc:
            print(f"error: cannot reach Kafka at {settings.kafka_bootstrap}: {exc}", file=err)
            return 1
    try:
        summary = ingest_files(
            args.files,
            fmt,
            topic,
            checks,
            sink,
            stdin=stdin or sys.stdin.buffer,
            progress_stream=err,
        )
    finally:
        sink.close()
    out.write(summary.render())
    out.flush()
    return summary.exit_code


def kafka_sink(settings: Settings, *, client_id: str) -> KafkaSink:
    """A producer, after creating the product's topics when they are missing."""
    from processor.kafka.topics import ensure_topics  # noqa: PLC0415 - needs kafka-python

    ensure_topics(settings)
    return KafkaSink(settings, client_id=client_id)


def main(
    argv: Sequence[str],
    settings: Settings | None = None,
    *,
    sink: Sink | None = None,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    now: datetime | None = None,
) -> int:
    """``reachability ingest`` from an argument list, for in-process use (tests)."""
    parser = argparse.ArgumentParser(prog="reachability ingest")
    configure(parser)
    args = parser.parse_args(list(argv))
    return run(
        settings or Settings(), args, sink=sink, stdin=stdin, stdout=stdout, stderr=stderr, now=now
    )
