"""The directory file's schema (spec section 7) as frozen pydantic models.

Guarantees: a validated ``DirectoryModel`` has a known IANA time zone, a supported holiday country
(or none), office hours and extension ranges that parse (``hours``, ``ranges``), numbers made of
digits with an optional "+", regexes that compile, and department ids that are lowercase slugs other
than "unassigned". Unknown keys are errors. Checks across entries (one extension in two departments,
an id used twice) live in ``conflicts``; a model that passes both is safe to build a ``Directory``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from processor.directory.hours import DEFAULT_OFFICE_HOURS, parse_day_spec, parse_office_hours
from processor.directory.hours import parse_spans as _parse_spans
from processor.directory.ranges import check_number, parse_range

UNASSIGNED = "unassigned"
_SLUG = re.compile(r"[a-z][a-z0-9_]*")
_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _quoted(value: object) -> object:
    # YAML reads unquoted 3250 as a number, 0100 as 64 and +31703009000 as 31703009000.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(  # noqa: TRY004 - pydantic reports only ValueError as a field error
            f'write {value!r} in quotes, e.g. "3250": unquoted, YAML reads it as a number '
            "(and drops a leading 0 or +)"
        )
    return value


def _one_or_many(value: object) -> object:
    return (value,) if isinstance(value, str) else value


def _valid_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f'unknown time zone "{name}"; use an IANA name such as "Europe/Amsterdam" or "UTC"'
        ) from exc
    return name


def _country_not_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(  # noqa: TRY004 - pydantic reports only ValueError as a field error
            "write the country code in quotes (YAML reads an unquoted NO or ON as true/false); "
            "use null for no public holidays"
        )
    return value


def _valid_country(code: str | None) -> str | None:
    if code is None:
        return None
    key = code.strip().upper()
    if key not in holidays_lib.list_supported_countries():
        raise ValueError(
            f'unknown holiday country "{code}"; use an ISO 3166 code such as "NL", '
            "or null for no public holidays"
        )
    return key


def _valid_slug(value: str) -> str:
    if _SLUG.fullmatch(value) is None:
        raise ValueError(
            f'department id "{value}" must be a lowercase slug: a letter, then letters, digits '
            'or "_" (e.g. "sociaal_domein")'
        )
    if value == UNASSIGNED:
        raise ValueError('"unassigned" is reserved for calls that match no department')
    return value


def _valid_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f'regular expression "{pattern}" does not compile: {exc}') from exc
    return pattern


def _valid_range(text: str) -> str:
    parse_range(text)
    return text


def _valid_spans(spans: tuple[str, ...]) -> tuple[str, ...]:
    _parse_spans(spans)
    return spans


def _valid_day_spec(spec: str) -> str:
    parse_day_spec(spec)
    return spec


def _valid_office_hours(hours: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    parse_office_hours(hours)
    return hours


def _at_least_one(departments: tuple[DepartmentModel, ...]) -> tuple[DepartmentModel, ...]:
    # An AfterValidator, not min_length: that would also fire when an item is invalid.
    if not departments:
        raise ValueError("list at least one department")
    return departments


Text = Annotated[str, BeforeValidator(_quoted), Field(min_length=1)]
Zone = Annotated[str, AfterValidator(_valid_zone)]
Regex = Annotated[str, AfterValidator(_valid_regex)]
ExtensionText = Annotated[str, BeforeValidator(_quoted), AfterValidator(_valid_range)]
NumberText = Annotated[str, BeforeValidator(_quoted), AfterValidator(check_number)]
DaySpec = Annotated[str, AfterValidator(_valid_day_spec)]
SpanTexts = Annotated[tuple[str, ...], BeforeValidator(_one_or_many), AfterValidator(_valid_spans)]
OfficeHoursSpec = Annotated[dict[DaySpec, SpanTexts], AfterValidator(_valid_office_hours)]
Country = Annotated[str | None, BeforeValidator(_country_not_bool), AfterValidator(_valid_country)]


class AsteriskSource(BaseModel):
    """How Asterisk Master.csv / CDR JSON is read (spec 10)."""

    model_config = _FROZEN

    timezone: Zone = "Europe/Amsterdam"
    columns: Literal[16, 17, 18, 21, "auto"] = "auto"
    inbound_contexts: tuple[Text, ...] = ("from-pstn", "from-trunk")


class CucmSource(BaseModel):
    """How Cisco CUCM CDR rows are read (spec 10)."""

    model_config = _FROZEN

    gateways: tuple[Regex, ...] = ("^CUBE", "^SIPTrunk")
    voicemail_pilots: tuple[Text, ...] = ()


class Sources(BaseModel):
    model_config = _FROZEN

    asterisk: AsteriskSource = Field(default_factory=AsteriskSource)
    cucm: CucmSource = Field(default_factory=CucmSource)


class DepartmentModel(BaseModel):
    model_config = _FROZEN

    id: Annotated[str, AfterValidator(_valid_slug)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    target: Annotated[float, Field(gt=0, le=1)]
    numbers: tuple[NumberText, ...] = ()
    extensions: tuple[ExtensionText, ...] = ()
    office_hours: OfficeHoursSpec | None = None


class DirectoryModel(BaseModel):
    model_config = _FROZEN

    timezone: Zone = "Europe/Amsterdam"
    holidays: Country = "NL"
    closed_dates: tuple[date, ...] = ()
    office_hours: OfficeHoursSpec = Field(default_factory=lambda: dict(DEFAULT_OFFICE_HOURS))
    short_abandon_seconds: Annotated[float, Field(ge=0)] = 5.0
    service_level_seconds: Annotated[float, Field(gt=0)] = 25.0
    count_internal_calls: bool = False
    per_extension: bool = False
    extension_retention_days: Annotated[int, Field(ge=1)] = 56
    voicemail_targets: tuple[Text, ...] = ()
    sources: Sources = Field(default_factory=Sources)
    departments: Annotated[tuple[DepartmentModel, ...], AfterValidator(_at_least_one)]
