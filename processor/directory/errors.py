"""The directory's own error: every problem found in one directory file, raised together.

Guarantees: ``DirectoryError`` is a ``ConfigError`` (and so a ``ValueError``); ``errors`` holds one
readable line per problem, normally ``<file>:<line>: <what is wrong>``, so an operator can fix them
all in one pass instead of one start-up at a time.
"""

from __future__ import annotations

from processor.errors import ConfigError


class DirectoryError(ConfigError):
    """The directory is invalid. ``errors`` lists every problem, one readable line each."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        header = f"invalid directory: {count} problem{'' if count == 1 else 's'}"
        super().__init__(header + "".join(f"\n  {error}" for error in self.errors))
