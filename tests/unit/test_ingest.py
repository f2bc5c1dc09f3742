"""``reachability ingest`` without Kafka: every line sent, skipped with a reason, or blank."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from processor.adapters.cucm_file import flat_file_lines
from processor.ingest.cli import main
from processor.ingest.progress import Progress
from processor.ingest.sink import ListSink
from processor.settings import Settings
from tests.unit.test_asterisk_adapter import YAML, master_line
from tests.unit.test_cucm_adapter import ROW

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    directory = tmp_path / "directory.yaml"
    directory.write_text(YAML.format(tz="Europe/Amsterdam", columns="auto"), encoding="utf-8")
    return Settings(directory=directory, topic_prefix="t1.")


def ingest(
    settings: Settings, *argv: str, sink: ListSink | None = None, stdin: bytes = b""
) -> tuple[int, str, ListSink]:
    sink = sink if sink is not None else ListSink()
    out = io.StringIO()
    code = main(
        list(argv),
        settings,
        sink=sink,
        stdin=io.BytesIO(stdin),
        stdout=out,
        stderr=io.StringIO(),
        now=NOW,
    )
    return code, out.getvalue(), sink


def test_asterisk_csv_sends_good_lines_and_reports_the_others(
    settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "Master.csv"
    path.write_bytes(
        master_line(21)
        + master_line(
            21, dstchannel="PJSIP/3102-00000012", answer="", disposition="NO ANSWER", sequence=42
        )
        + b"\n"
        + b'"only","three","columns"\n'
        + master_line(21, disposition="MAYBE")
        + master_line(16, linkedid="")
        + b'{"Source": "0612345678"}\n'
    )
    code, out, sink = ingest(settings, "--format", "asterisk-csv", str(path))
    assert code == 0
    assert [(topic, key) for topic, key, _ in sink.records] == [
        ("t1.cdr.asterisk", b"1795515600.16"),
        ("t1.cdr.asterisk", b"1795515600.16"),
        ("t1.cdr.asterisk", b"PJSIP/kpn-00000010"),
    ]
    assert sink.records[0][2] == master_line(21).rstrip(b"\n")  # sent as written
    assert "sent 3 of 6 rows from 1 file to t1.cdr.asterisk" in out
    assert f"{path}:4: wrong_column_count: got 3 columns" in out
    assert f"{path}:5: unknown_disposition" in out
    assert f"{path}:7: invalid_csv: a JSON object: use --format asterisk-json" in out
    assert "blank lines ignored: 1" in out
    assert "0612345678" not in out


def test_asterisk_json_lines(settings: Settings, tmp_path: Path) -> None:
    from tests.unit.test_asterisk_json import MANAGER_EVENT

    path = tmp_path / "cdr.jsonl"
    path.write_text(json.dumps(MANAGER_EVENT) + "\n" + "not json\n", encoding="utf-8")
    code, out, sink = ingest(settings, "--format", "asterisk-json", str(path))
    assert code == 0
    assert [key for _, key, _ in sink.records] == [b"1795515600.32"]
    assert f"{path}:2: invalid_json" in out


def test_cucm_flat_file_skips_cmr_rows(settings: Settings, tmp_path: Path) -> None:
    names = list(ROW)
    rows = [ROW, {**ROW, "cdrRecordType": "2", "pkid": "cmr-1"}, {**ROW, "pkid": "b-2"}]
    lines = list(flat_file_lines(names, ["INTEGER"] * len(names), rows))
    path = tmp_path / "cdr_StandAloneCluster_01_202611241000_1"
    path.write_text("".join(lines), encoding="utf-8")
    code, out, sink = ingest(settings, "--format", "cucm", str(path))
    assert code == 0
    assert [(topic, key) for topic, key, _ in sink.records] == [
        ("t1.cdr.cucm", b"2-71006"),
        ("t1.cdr.cucm", b"2-71006"),
    ]
    assert json.loads(sink.records[0][2]) == ROW  # one JSON object per row, values as text
    assert f"{path}:4: cmr_record: cdrRecordType 2 is not a CDR (1)" in out
    assert "skipped by reason: cmr_record 1" in out


def test_legs_from_stdin(settings: Settings) -> None:
    leg = {
        "schema": "call-leg/1",
        "event_id": "e1",
        "call_id": "c1",
        "direction": "inbound",
        "target": "3101",
        "ring_at": "2026-11-24T09:00:00Z",
        "end_at": "2026-11-24T09:01:00Z",
        "disposition": "no_answer",
    }
    future = {**leg, "event_id": "e2", "end_at": "2026-11-28T09:01:00Z"}
    data = (json.dumps(leg) + "\n" + json.dumps(future) + "\n").encode()
    code, out, sink = ingest(settings, "--format", "legs-jsonl", "-", stdin=data)
    assert code == 0
    assert [(topic, key) for topic, key, _ in sink.records] == [("t1.call-legs", b"c1")]
    assert "stdin:2: in_future" in out


def test_missing_file_sends_nothing(settings: Settings, tmp_path: Path) -> None:
    good = tmp_path / "Master.csv"
    good.write_bytes(master_line(21))
    code, out, sink = ingest(settings, "--format", "asterisk-csv", str(good), "nope.csv")
    assert code == 1
    assert sink.records == []
    assert "error: no such file: nope.csv" in out


def test_nothing_sendable_is_an_error(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"".join(b'"x","y"\n' for _ in range(25)))
    code, out, _sink = ingest(settings, "--format", "asterisk-csv", str(path))
    assert code == 1
    assert "skipped 25 rows" in out
    assert out.count("wrong_column_count: got 2") == 20
    assert "... and 5 more" in out
    assert "error: nothing could be sent" in out


def test_delivery_failures_are_reported(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "Master.csv"
    path.write_bytes(master_line(21))
    failing = ListSink(failures=[(f"{path}:1", "KafkaTimeoutError: no broker")])
    code, out, _sink = ingest(settings, "--format", "asterisk-csv", str(path), sink=failing)
    assert code == 1
    assert f"FAILED to deliver 1 rows:\n  {path}:1: KafkaTimeoutError: no broker" in out


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_lines_when_not_a_terminal() -> None:
    stream, clock = io.StringIO(), _Clock()
    progress = Progress(stream, "ingest", total_bytes=1000, clock=clock)
    clock.now = 1.0
    progress.update(100, 100)  # too soon: nothing
    clock.now = 5.0
    progress.update(500, 250)
    progress.finish(1000, 1000)  # the summary follows; no extra line
    assert stream.getvalue() == "ingest  25% 500 rows 100 rows/s\n"


def test_progress_bar_on_a_terminal() -> None:
    stream, clock = _Tty(), _Clock()
    progress = Progress(stream, "ingest", total_bytes=1000, clock=clock)
    clock.now = 2.0
    progress.update(1000, 500)
    progress.finish(2000, 1000)
    text = stream.getvalue()
    assert "\r\x1b[Kingest [###############...............]  50% 1,000 rows 500 rows/s" in text
    assert text.endswith("100% 2,000 rows 1,000 rows/s\n")
