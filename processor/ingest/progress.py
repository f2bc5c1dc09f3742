"""Progress on stderr: a bar with rate when it is a terminal, else a plain line every few seconds.

Only counts and rates are shown, never a record's content.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 30
TTY_INTERVAL = 0.2
LOG_INTERVAL = 5.0


class Progress:
    def __init__(
        self,
        stream: TextIO,
        label: str,
        *,
        unit: str = "rows",
        total_bytes: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        interval: float | None = None,
    ) -> None:
        self._stream = stream
        self._label = label
        self._unit = unit
        self._total = total_bytes or None
        self._clock = clock
        self._tty = _is_tty(stream)
        self._interval = (
            interval if interval is not None else (TTY_INTERVAL if self._tty else LOG_INTERVAL)
        )
        self._started = clock()
        self._last = self._started
        self._drawn = False

    def due(self) -> bool:
        """Whether the next ``update`` would print (lets a caller skip building ``extra``)."""
        return self._clock() - self._last >= self._interval

    def update(self, count: int, bytes_done: int | None = None, extra: str = "") -> None:
        now = self._clock()
        if now - self._last < self._interval:
            return
        self._last = now
        self._write(self.line(count, bytes_done, extra, now))

    def finish(self, count: int, bytes_done: int | None = None, extra: str = "") -> None:
        if self._tty:
            self._write(self.line(count, bytes_done, extra, self._clock()))
            self._stream.write("\n")
            self._stream.flush()

    def line(self, count: int, bytes_done: int | None, extra: str, now: float) -> str:
        elapsed = max(now - self._started, 1e-9)
        rate = count / elapsed
        parts = [self._label]
        if self._total and bytes_done is not None:
            share = min(bytes_done / self._total, 1.0)
            if self._tty:
                filled = round(share * BAR_WIDTH)
                parts.append("[" + "#" * filled + "." * (BAR_WIDTH - filled) + "]")
            parts.append(f"{share:4.0%}")
        parts.append(f"{count:,} {self._unit}")
        parts.append(f"{rate:,.0f} {self._unit}/s")
        if extra:
            parts.append(extra)
        return " ".join(parts)

    def _write(self, text: str) -> None:
        if self._tty:
            self._stream.write("\r\x1b[K" + text)
        else:
            self._stream.write(text + "\n")
        self._stream.flush()
        self._drawn = True


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
