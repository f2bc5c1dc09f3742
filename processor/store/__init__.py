"""Redis: the one place where state lives (open calls, dedupe marks, offsets, counters)."""
