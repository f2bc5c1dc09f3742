"""Which raw topic is read by which adapter. The worker normalises each into ``call-legs``."""

from __future__ import annotations

from processor.adapters.asterisk import normalize_asterisk
from processor.adapters.base import Normalizer
from processor.adapters.cucm import normalize_cucm
from processor.kafka.topics import CDR_ASTERISK, CDR_CUCM

NORMALIZERS: dict[str, Normalizer] = {
    CDR_ASTERISK: normalize_asterisk,
    CDR_CUCM: normalize_cucm,
}
