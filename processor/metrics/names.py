"""Every metric name the product serves. Dashboards and alert rules depend on these exactly."""

from __future__ import annotations

PREFIX = "reachability_"

# Business gauges, read from Redis at scrape time (identical on every worker).
CALLS = "reachability_calls"
RATIO = "reachability_ratio"
SERVICE_LEVEL_RATIO = "reachability_service_level_ratio"
TARGET_RATIO = "reachability_target_ratio"
OFFICE_OPEN = "reachability_office_open"
EXTENSION_CALLS = "reachability_extension_calls"
# The directory's readable name per department, value 1: {department="kcc", name="KCC 14 070"}.
DEPARTMENT_INFO = "reachability_department_info"

# Pipeline metrics, local to each worker process. Counter names are given without ``_total``:
# prometheus_client appends it.
RECORDS = "reachability_records"
REJECTED = "reachability_rejected"
CALLS_FINALIZED = "reachability_calls_finalized"
CLOSED_HOURS_CALLS = "reachability_closed_hours_calls"
ANSWER_DELAY_SECONDS = "reachability_answer_delay_seconds"
OPEN_CALLS = "reachability_open_calls"
LAST_RECORD_TIMESTAMP_SECONDS = "reachability_last_record_timestamp_seconds"
BUILD_INFO = "reachability_build_info"

GAUGES = (
    CALLS,
    RATIO,
    SERVICE_LEVEL_RATIO,
    TARGET_RATIO,
    OFFICE_OPEN,
    EXTENSION_CALLS,
    DEPARTMENT_INFO,
    OPEN_CALLS,
    LAST_RECORD_TIMESTAMP_SECONDS,
    BUILD_INFO,
)
COUNTERS = (RECORDS, REJECTED, CALLS_FINALIZED, CLOSED_HOURS_CALLS)
HISTOGRAMS = (ANSWER_DELAY_SECONDS,)
RATIOS = (RATIO, SERVICE_LEVEL_RATIO, TARGET_RATIO)
