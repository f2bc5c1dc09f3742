"""``reachability simulate``: realistic municipal phone traffic to Kafka or a file (spec 9).

Exit codes: 0 done (or stopped with Ctrl-C); 1 Kafka cannot be reached or a record could not be
delivered, or a file cannot be written. Bad arguments and a bad directory raise ``ConfigError``
(``processor.cli`` turns it into exit 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime, time
from typing import TextIO

from kafka.errors import KafkaError

from processor.directory import Directory, load_directory
from processor.errors import ConfigError
from processor.ingest.cli import kafka_sink
from processor.ingest.sink import Sink
from processor.settings import Settings
from processor.simulate.run import play
from processor.simulate.simulation import FORMATS, Plan, Simulation


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    simulate = sub.add_parser(
        "simulate",
        help="realistic synthetic traffic, deterministic per seed, to Kafka or a file",
        description="Simulated calls of the directory's departments (spec 9).",
    )
    configure(simulate)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seed", metavar="N", type=int, default=1, help="same seed, same calls (default 1)"
    )
    amount = parser.add_mutually_exclusive_group()
    amount.add_argument(
        "--calls", metavar="N", type=_positive_int, help="total calls over --days (default 1000)"
    )
    amount.add_argument(
        "--rate",
        metavar="R",
        type=_positive_float,
        help="calls per hour at the peak, from now until Ctrl-C",
    )
    parser.add_argument(
        "--speed",
        metavar="X",
        type=_non_negative,
        help="1 = real time, 1440 = a day in a minute, 0 = as fast as possible "
        "(default: 0 with --calls, 1 with --rate)",
    )
    parser.add_argument(
        "--scenario",
        metavar="normal|outage:DEPT",
        default="normal",
        help="normal (default) or outage:DEPT",
    )
    parser.add_argument("--format", choices=FORMATS, default="legs", help="default: legs")
    parser.add_argument(
        "--out",
        metavar="FILE",
        help='write the records to FILE ("-": stdout) instead of Kafka, paced like Kafka',
    )
    parser.add_argument(
        "--start",
        metavar="DATETIME",
        help="first day or instant, e.g. 2026-11-23 or 2026-11-23T08:00 (local time); "
        "default: today's midnight with --calls, now with --rate",
    )
    parser.add_argument(
        "--days",
        metavar="N",
        type=_positive_int,
        help="days of calls (default 1; with --rate: no end)",
    )
    parser.add_argument("--truth", metavar="FILE", help="write the expected outcome per call")
    parser.add_argument(
        "--duplicates", metavar="P", type=_probability, default=0.0, help="share sent twice"
    )
    parser.add_argument(
        "--late",
        metavar="P",
        type=_probability,
        default=0.0,
        help="share of calls with a late record",
    )


def plan_from_args(args: argparse.Namespace, directory: Directory, now: datetime) -> Plan:
    scenario = str(args.scenario)
    outage = None
    if scenario.startswith("outage:"):
        outage = scenario.removeprefix("outage:")
    elif scenario != "normal":
        raise ConfigError(f'--scenario {scenario}: use "normal" or "outage:DEPT"')
    live = args.rate is not None
    if args.start is not None:
        start = _parse_start(args.start, directory)
    elif live:
        start = now.astimezone(directory.tz).replace(microsecond=0)
    else:
        start = datetime.combine(now.astimezone(directory.tz).date(), time(), directory.tz)
    return Plan(
        seed=args.seed,
        start=start,
        calls=args.calls if args.calls is not None else (None if live else 1000),
        rate=args.rate,
        days=args.days if args.days is not None or live else 1,
        fmt=args.format,
        outage=outage,
        duplicates=args.duplicates,
        late=args.late,
    )


def run(
    settings: Settings,
    args: argparse.Namespace,
    *,
    sink: Sink | None = None,
    stderr: TextIO | None = None,
    now: datetime | None = None,
) -> int:
    """Run the command; ``sink`` replaces Kafka in tests. Returns the exit code."""
    err = stderr or sys.stderr
    directory = load_directory(settings.directory)
    plan = plan_from_args(args, directory, now or datetime.now(directory.tz))
    simulation = Simulation(plan, directory)
    speed = args.speed if args.speed is not None else (1.0 if plan.rate is not None else 0.0)
    topic = settings.topic(simulation.emitter.topic)
    with ExitStack() as stack:
        try:
            out = _open(stack, args.out) if args.out else None
            truth = _open(stack, args.truth) if args.truth else None
        except OSError as exc:
            print(f"error: cannot write: {exc}", file=err)
            return 1
        if out is None and sink is None:
            try:
                sink = kafka_sink(settings, client_id=f"{settings.app_id}-simulate")
            except (KafkaError, OSError) as exc:
                print(f"error: cannot reach Kafka at {settings.kafka_bootstrap}: {exc}", file=err)
                return 1
            stack.callback(sink.close)
        result = play(
            simulation,
            out=out,
            sink=None if out else sink,
            topic=topic,
            truth=truth,
            speed=speed,
            progress_stream=err,
        )
    where = "to " + (args.out if args.out else topic)
    stopped = " (stopped)" if result.interrupted else ""
    print(
        f"simulate: {result.calls:,} calls, {result.records:,} {plan.fmt} records {where} "
        f"in {result.seconds:.1f} s{stopped}; run id {plan.run_id}",
        file=err,
    )
    if result.failed:
        print(f"error: {len(result.failed):,} records could not be delivered:", file=err)
        for ref, error in result.failed[:20]:
            print(f"  {ref}: {error}", file=err)
        return 1
    return 0


def main(
    argv: Sequence[str],
    settings: Settings | None = None,
    *,
    sink: Sink | None = None,
    stderr: TextIO | None = None,
    now: datetime | None = None,
) -> int:
    """``reachability simulate`` from an argument list, for in-process use (tests)."""
    parser = argparse.ArgumentParser(prog="reachability simulate")
    configure(parser)
    args = parser.parse_args(list(argv))
    return run(settings or Settings(), args, sink=sink, stderr=stderr, now=now)


def _open(stack: ExitStack, path: str) -> TextIO:
    if path == "-":
        return sys.stdout
    return stack.enter_context(open(path, "w", encoding="utf-8", newline="\n"))


def _parse_start(text: str, directory: Directory) -> datetime:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--start {text}: use a date or time like 2026-11-23T08:00") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=directory.tz)
    return parsed


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _non_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _probability(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value
