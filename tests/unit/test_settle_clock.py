"""A partition with unread records must not settle by the wall clock."""

from __future__ import annotations

from processor.worker.settle import partition_clocks

NOW = 1_800_000_000.0


def test_caught_up_partition_uses_wall_clock() -> None:
    assert partition_clocks({0: (9, 100.0)}, {0: 10}, NOW) == {0: NOW}


def test_empty_partition_is_caught_up() -> None:
    assert partition_clocks({0: (-1, 0.0)}, {0: 0}, NOW) == {0: NOW}


def test_lagging_partition_uses_newest_applied_record_time() -> None:
    # Restarted after a crash: offsets 10..49 are in Kafka but not applied yet.
    assert partition_clocks({3: (9, 1234.5)}, {3: 50}, NOW) == {3: 1234.5}


def test_unknown_end_offset_is_treated_as_lagging() -> None:
    assert partition_clocks({1: (5, 77.0)}, {}, NOW) == {1: 77.0}
