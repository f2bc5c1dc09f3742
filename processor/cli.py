"""``reachability``: a thin command line over the real code (spec 9)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from processor import __version__
from processor.errors import ConfigError
from processor.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reachability",
        description="Live and weekly phone reachability of a municipality, from CDRs in Kafka.",
    )
    parser.add_argument("--version", action="version", version=f"reachability {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    worker = sub.add_parser("worker", help="run the stream processor (agents, web server)")
    worker.add_argument("--loglevel", default="info", choices=["debug", "info", "warning", "error"])

    directory = sub.add_parser("directory", help="validate the directory file (departments)")
    dsub = directory.add_subparsers(dest="action", required=True, metavar="ACTION")
    dcheck = dsub.add_parser("check", help="validate a directory; exit 1 with readable errors")
    dcheck.add_argument("file")

    check = sub.add_parser("check", help="health probe: exit 0 when a worker heartbeat is fresh")
    check.add_argument("--max-age", type=float, default=None, help="seconds (default 3 beats)")

    from processor.ingest.cli import add_parser as add_ingest
    from processor.report.cli import add_parser as add_report
    from processor.simulate.cli import add_parser as add_simulate

    add_ingest(sub)
    add_simulate(sub)
    add_report(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command != "worker":
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
        # kafka-python warns about its own event loop on busy machines; nothing a user can act on.
        logging.getLogger("kafka.net.selector").setLevel(logging.ERROR)
    try:
        if args.command == "directory":
            from processor.directory.check import check_directory

            return check_directory(args.file)
        settings = Settings()
        if args.command == "worker":
            from processor.worker.run import run_worker

            run_worker(settings, args.loglevel)
            return 0
        if args.command == "check":
            from processor.health import check

            return check(settings, args.max_age)
        if args.command == "report":
            from processor.report.cli import run as run_report

            return run_report(settings, args)
        if args.command == "ingest":
            from processor.ingest.cli import run as run_ingest

            return run_ingest(settings, args)
        if args.command == "simulate":
            from processor.simulate.cli import run as run_simulate

            return run_simulate(settings, args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    raise AssertionError(f"unhandled command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
