"""``reachability directory check FILE``: validate a directory and say so in one line, or list
every problem (one per line, on stderr). Returns the process exit code: 0 valid, 1 invalid.
"""

from __future__ import annotations

import sys
from pathlib import Path

from processor.directory.errors import DirectoryError
from processor.directory.load import load_directory


def check_directory(path: Path | str) -> int:
    """Print "OK: ..." to stdout and return 0, or print the problems to stderr and return 1."""
    try:
        directory = load_directory(path)
    except DirectoryError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 1
    counts = ", ".join(
        _count(number, noun)
        for number, noun in (
            (len(directory.department_ids), "department"),
            (directory.extension_count, "extension"),
            (directory.number_count, "number"),
            (len(directory.voicemail_targets), "voicemail target"),
            (len(directory.closed_dates), "closed date"),
        )
    )
    holidays = directory.holiday_country or "none"
    print(f"OK: {counts}, time zone {directory.tz.key}, public holidays {holidays}")
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
