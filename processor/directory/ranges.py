"""Extension ranges and phone numbers: parsing, normalising and a sorted lookup index.

Guarantees: a range "3100-3199" is inclusive; its bounds are ASCII digits of one length and
start <= end ("3250" is a range of one). A target matches a range only when it is all ASCII digits
and as long as the range's bounds, so "031" never matches "0031" and "31000" never matches
"3100-3199". Lookups cost O(log n) (bisect over ranges sorted per length). Numbers are compared
after removing spaces and dashes. Pure data, no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from processor.errors import ConfigError

T = TypeVar("T")

_NUMBER = re.compile(r"\+?[0-9]+")


@dataclass(frozen=True, slots=True, order=True)
class ExtensionRange:
    """Extensions ``start..end`` (inclusive) written with ``width`` digits."""

    width: int
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start + 1

    @property
    def is_single(self) -> bool:
        return self.start == self.end

    def __str__(self) -> str:
        first = f"{self.start:0{self.width}d}"
        return first if self.is_single else f"{first}-{self.end:0{self.width}d}"


def is_digits(text: str) -> bool:
    """ASCII digits only (``str.isdigit`` alone also accepts e.g. superscripts)."""
    return text.isascii() and text.isdigit()


def parse_range(text: str) -> ExtensionRange:
    """An extension "3250" or an inclusive range "3100-3199"."""
    first, dash, last = text.strip().partition("-")
    first, last = first.strip(), (last.strip() if dash else first.strip())
    if not (is_digits(first) and is_digits(last)):
        raise ConfigError(
            f'extension "{text}" is neither digits ("3250") nor a range of digits ("3100-3199")'
        )
    if len(first) != len(last):
        raise ConfigError(
            f'extension range "{text}": both ends need the same number of digits, e.g. "3100-3199"'
        )
    start, end = int(first), int(last)
    if start > end:
        raise ConfigError(f'extension range "{text}" starts after it ends; write "{last}-{first}"')
    return ExtensionRange(len(first), start, end)


def normalise_number(text: str) -> str:
    """A phone number without spaces and dashes: "+31 70-300 9000" -> "+31703009000"."""
    return "".join(text.split()).replace("-", "")


def check_number(text: str) -> str:
    """``text`` itself if it normalises to digits with an optional leading "+", else ConfigError."""
    if _NUMBER.fullmatch(normalise_number(text)) is None:
        raise ConfigError(f'number "{text}" is not a phone number: digits with an optional "+"')
    return text


class RangeIndex(Generic[T]):
    """Maps an extension to the value of the range holding it. Ranges must not overlap."""

    def __init__(self, entries: Iterable[tuple[ExtensionRange, T]]) -> None:
        by_width: dict[int, list[tuple[int, int, T]]] = {}
        for extension_range, value in entries:
            by_width.setdefault(extension_range.width, []).append(
                (extension_range.start, extension_range.end, value)
            )
        self._starts: dict[int, list[int]] = {}
        self._rows: dict[int, list[tuple[int, int, T]]] = {}
        for width, rows in by_width.items():
            rows.sort(key=lambda row: row[0])
            self._rows[width] = rows
            self._starts[width] = [row[0] for row in rows]

    def get(self, target: str) -> T | None:
        """The value of the range holding ``target``, or None."""
        starts = self._starts.get(len(target))
        if starts is None or not is_digits(target):
            return None
        number = int(target)
        position = bisect.bisect_right(starts, number) - 1
        if position < 0:
            return None
        _start, end, value = self._rows[len(target)][position]
        return value if number <= end else None
