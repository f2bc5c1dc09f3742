"""The ingest loop: files -> checked lines -> a sink, with progress and a summary.

Guarantees: every line of every file is counted once as sent, skipped (with file, line number and
reason) or blank; records that the sink could not deliver are listed after the final flush. A
missing file stops the run before anything is sent. Kafka itself is not touched here (the sink
is passed in), so the loop runs in tests as it runs against a broker.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from processor.ingest.formats import Blank, Checks, Format, Ready, Skipped
from processor.ingest.progress import Progress
from processor.ingest.sink import Sink

SHOWN = 20


@dataclass
class Summary:
    topic: str
    files: int = 0
    sent: int = 0
    blank: int = 0
    skipped: int = 0
    shown: list[tuple[str, Skipped]] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def delivered(self) -> int:
        return max(self.sent - len(self.failed), 0)

    @property
    def exit_code(self) -> int:
        """0 when rows were delivered and none failed; 1 otherwise (missing file, nothing sent)."""
        return 0 if self.delivered > 0 and not self.failed and not self.missing else 1

    def skip(self, source: str, row: Skipped) -> None:
        self.skipped += 1
        self.reasons[row.reason] += 1
        if len(self.shown) < SHOWN:
            self.shown.append((source, row))

    def render(self) -> str:
        if self.missing:
            lines = [f"error: no such file: {path}" for path in self.missing]
            return "\n".join([*lines, "nothing sent"]) + "\n"
        rate = self.sent / self.seconds if self.seconds > 0 else 0.0
        files = f"{self.files} file{'' if self.files == 1 else 's'}"
        lines = [
            f"sent {self.delivered:,} of {self.sent + self.skipped:,} rows from {files} to "
            f"{self.topic} in {self.seconds:.1f} s ({rate:,.0f} rows/s)"
        ]
        if self.skipped:
            lines.append(f"skipped {self.skipped:,} rows (not sent):")
            lines += [f"  {src}:{row.line}: {row.reason}: {row.detail}" for src, row in self.shown]
            if self.skipped > len(self.shown):
                lines.append(f"  ... and {self.skipped - len(self.shown):,} more")
            counts = ", ".join(f"{why} {n:,}" for why, n in self.reasons.most_common())
            lines.append(f"skipped by reason: {counts}")
        if self.blank:
            lines.append(f"blank lines ignored: {self.blank:,}")
        if self.failed:
            lines.append(f"FAILED to deliver {len(self.failed):,} rows:")
            lines += [f"  {ref}: {error}" for ref, error in self.failed[:SHOWN]]
            if len(self.failed) > SHOWN:
                lines.append(f"  ... and {len(self.failed) - SHOWN:,} more")
        if self.delivered == 0 and not self.failed:
            lines.append("error: nothing could be sent")
        return "\n".join(lines) + "\n"


class _Counted:
    """Iterates the lines of a binary stream and counts the bytes read (for the progress bar)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.bytes = 0

    def __iter__(self) -> Iterator[bytes]:
        for line in self._stream:
            self.bytes += len(line)
            yield line


def ingest_files(
    paths: Sequence[str],
    fmt: Format,
    topic: str,
    checks: Checks,
    sink: Sink,
    *,
    stdin: BinaryIO,
    progress_stream: TextIO,
    clock: Callable[[], float] = time.monotonic,
) -> Summary:
    """Send every good line of ``paths`` ("-" is ``stdin``) to ``topic``; report the rest."""
    summary = Summary(topic=topic)
    summary.missing = [path for path in paths if path != "-" and not Path(path).is_file()]
    if summary.missing:
        return summary
    total = sum(Path(path).stat().st_size for path in paths if path != "-")
    progress = Progress(progress_stream, "ingest", total_bytes=total if "-" not in paths else None)
    started = clock()
    done_bytes = 0
    for path in paths:
        summary.files += 1
        source = "stdin" if path == "-" else path
        stream = stdin if path == "-" else Path(path).open("rb")  # noqa: SIM115 - closed below
        try:
            counted = _Counted(stream)
            for fate in fmt.read(counted, checks):
                if isinstance(fate, Ready):
                    sink.send(topic, fate.key, fate.value, f"{source}:{fate.line}")
                    summary.sent += 1
                elif isinstance(fate, Skipped):
                    summary.skip(source, fate)
                elif isinstance(fate, Blank):
                    summary.blank += 1
                progress.update(summary.sent + summary.skipped, done_bytes + counted.bytes)
            done_bytes += counted.bytes
        finally:
            if stream is not stdin:
                stream.close()
    summary.failed = sink.flush()
    summary.seconds = clock() - started
    progress.finish(summary.sent + summary.skipped, done_bytes)
    return summary
