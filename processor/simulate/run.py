"""Playing a simulation out: records to a file or a sink (Kafka), paced by ``--speed``.

Pacing maps call time to wall time from the plan's start: at speed 1 a record is sent (or
written) when the platform would write it (live demo traffic, or a live Master.csv to tail), at
1440 a day takes a minute, at 0 there is no waiting. With ``--rate`` the plan is anchored at the
wall clock instead: a ``--start`` in the past is caught up at once, then traffic runs live.
The ground truth is written as each call is generated, before any of its records. Stopping with
Ctrl-C keeps everything produced so far: the sink is flushed and counted.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from processor.ingest.progress import Progress
from processor.ingest.sink import Sink
from processor.simulate.model import SimCall
from processor.simulate.simulation import Simulation


@dataclass
class Result:
    calls: int = 0
    records: int = 0
    failed: list[tuple[str, str]] | None = None
    interrupted: bool = False
    seconds: float = 0.0


class Pacer:
    """Sleeps until a record's call time, scaled by ``speed``, has come in wall time."""

    def __init__(
        self,
        speed: float,
        origin: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._speed = speed
        self._origin = origin
        self._clock = clock
        self._sleep = sleep
        self._wall = clock()

    def wait_for(self, emit_at: float) -> None:
        if self._speed <= 0:
            return
        delay = self._wall + (emit_at - self._origin) / self._speed - self._clock()
        if delay > 0:
            self._sleep(delay)


def play(
    simulation: Simulation,
    *,
    out: TextIO | None,
    sink: Sink | None,
    topic: str,
    truth: TextIO | None,
    speed: float,
    progress_stream: TextIO,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Result:
    """Write (``out``) or send (``sink``) every record of ``simulation``; returns the counts."""
    result = Result()
    directory = simulation.directory
    started = clock()
    live = simulation.plan.rate is not None
    origin = time.time() if live else simulation.plan.start.timestamp()
    pacer = Pacer(speed, origin, clock=clock, sleep=sleep)
    progress = Progress(progress_stream, "simulate", unit="records", clock=clock)

    def on_call(call: SimCall) -> None:
        result.calls += 1
        if truth is not None:
            truth.write(json.dumps(simulation.truth(call).as_json()) + "\n")

    if out is not None:
        out.writelines(simulation.emitter.header())
    try:
        for record in simulation.records(on_call):
            pacer.wait_for(record.emit_at)
            if out is not None:
                out.write(record.line)
                if speed > 0:
                    out.flush()  # a paced file is a live one: let ``tail -F`` see each line
            else:
                assert sink is not None
                sink.send(topic, record.key, record.value, f"record {result.records + 1}")
            result.records += 1
            if progress.due():
                at = datetime.fromtimestamp(record.emit_at, directory.tz)
                progress.update(result.records, extra=f"{result.calls:,} calls, at {at:%a %H:%M}")
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        if sink is not None:
            result.failed = sink.flush()
        if truth is not None:
            truth.flush()
        if out is not None:
            out.flush()
    result.seconds = clock() - started
    progress.finish(result.records, extra=f"{result.calls:,} calls")
    return result
