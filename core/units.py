"""Quantities as people type them: `3M`, `3,000,000`, `2.5k`, `120ms`, `1.5GB`, `730h`.

Every parser returns an exact `Decimal` in one fixed unit (count, milliseconds, megabytes, hours)
or raises `InvalidInput` naming the field, the text given and the forms accepted. Nothing else
escapes: the parsers are total over `str`.

AWS sizes Lambda memory in MB with 1,024 MB to the GB, and Fargate memory in GB of 1024^3 bytes, so
MB and MiB, GB and GiB are read as the same binary units here.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from core.constants import HOURS_PER_DAY, MB_PER_GB, MB_PER_TB, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND
from core.errors import InvalidInput

MAX_DIGITS = 30  # a longer number is a typo or an attack, never a workload

_NUMBER = re.compile(
    r"^\s*(?P<num>[+-]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?)\s*(?P<unit>[^\d\s].*?)?\s*$"
)
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")

_COUNT_UNITS: dict[str, Decimal] = {
    "": Decimal(1),
    "hundred": Decimal(100),
    "k": Decimal(10) ** 3,
    "thousand": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "mm": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "millions": Decimal(10) ** 6,
    "b": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
    "billions": Decimal(10) ** 9,
}
# Korean counts in tens of thousands: 만 is 10^4, 억 10^8, 조 10^12, with 십/백/천 (10, 100, 1,000)
# before them: 300만 is 3,000,000, 1.5억 150,000,000, 5천만 50,000,000.
KOREAN_SMALL_SCALES = {"십": Decimal(10), "백": Decimal(100), "천": Decimal(1000)}
KOREAN_LARGE_SCALES = {"만": Decimal(10) ** 4, "억": Decimal(10) ** 8, "조": Decimal(10) ** 12}
KOREAN_SCALES = {
    small + large: KOREAN_SMALL_SCALES.get(small, Decimal(1)) * KOREAN_LARGE_SCALES.get(large, Decimal(1))
    for small in ("", *KOREAN_SMALL_SCALES)
    for large in ("", *KOREAN_LARGE_SCALES)
    if small or large
}
_COUNT_UNITS.update(KOREAN_SCALES)
_DURATION_UNITS: dict[str, Decimal] = {
    "ms": Decimal(1),
    "msec": Decimal(1),
    "millisecond": Decimal(1),
    "milliseconds": Decimal(1),
    "s": MS_PER_SECOND,
    "sec": MS_PER_SECOND,
    "secs": MS_PER_SECOND,
    "second": MS_PER_SECOND,
    "seconds": MS_PER_SECOND,
    "m": MS_PER_MINUTE,
    "min": MS_PER_MINUTE,
    "mins": MS_PER_MINUTE,
    "minute": MS_PER_MINUTE,
    "minutes": MS_PER_MINUTE,
    "h": MS_PER_HOUR,
    "hr": MS_PER_HOUR,
    "hrs": MS_PER_HOUR,
    "hour": MS_PER_HOUR,
    "hours": MS_PER_HOUR,
    "d": MS_PER_HOUR * HOURS_PER_DAY,
    "day": MS_PER_HOUR * HOURS_PER_DAY,
    "days": MS_PER_HOUR * HOURS_PER_DAY,
    # Korean: 밀리초 (ms), 초 (s), 분 (min), 시간 (h), 일 (day)
    "밀리초": Decimal(1),
    "초": MS_PER_SECOND,
    "분": MS_PER_MINUTE,
    "시간": MS_PER_HOUR,
    "일": MS_PER_HOUR * HOURS_PER_DAY,
}
_SIZE_UNITS: dict[str, Decimal] = {
    "mb": Decimal(1),
    "mib": Decimal(1),
    "m": Decimal(1),
    "gb": MB_PER_GB,
    "gib": MB_PER_GB,
    "g": MB_PER_GB,
    "tb": MB_PER_TB,
    "tib": MB_PER_TB,
    "t": MB_PER_TB,
    # Korean: 메가 (MB), 기가 (GB), 테라 (TB), also spelt out with 바이트 (bytes)
    "메가": Decimal(1),
    "메가바이트": Decimal(1),
    "기가": MB_PER_GB,
    "기가바이트": MB_PER_GB,
    "테라": MB_PER_TB,
    "테라바이트": MB_PER_TB,
}
_TRUE = {"yes", "y", "true", "on", "1"}
_FALSE = {"no", "n", "false", "off", "0"}

COUNT_FORMS = "a count such as 3000000, 3,000,000, 2.5k, 3M or 18.25B"
DURATION_FORMS = "a duration such as 120ms, 1.5s, 15min or 2h (a bare number is milliseconds)"
HOURS_FORMS = "hours such as 730, 730h, 90min or 30d"
BOOL_FORMS = "yes or no"


def _split(field: str, text: str, forms: str) -> tuple[Decimal, str]:
    """Split `text` into an exact number and a lower-case unit word."""
    if len(text) > 64:
        raise InvalidInput(field, text[:40] + "…", forms)
    match = _NUMBER.match(text)
    if match is None:
        raise InvalidInput(field, text, forms)
    digits = match["num"]
    if "," in digits and not _GROUPED.match(digits):
        raise InvalidInput(field, text, forms + " (commas group thousands: 3,000,000)")
    digits = digits.replace(",", "").replace("_", "")
    if len(digits.lstrip("+-").replace(".", "")) > MAX_DIGITS:
        raise InvalidInput(field, text, forms)
    try:
        number = Decimal(digits)
    except InvalidOperation as err:  # pragma: no cover - the pattern admits only valid numerals
        raise InvalidInput(field, text, forms) from err
    unit = (match["unit"] or "").strip().lower().rstrip(".")
    return number, unit


def _scaled(field: str, text: str, units: dict[str, Decimal], forms: str) -> Decimal:
    number, unit = _split(field, text, forms)
    factor = units.get(unit)
    if factor is None:
        raise InvalidInput(field, text, forms)
    value = number * factor
    if not value.is_finite() or value < 0:
        raise InvalidInput(field, text, forms + "; it can't be negative")
    return value


def parse_count(field: str, text: str) -> Decimal:
    """A non-negative count: `3M`, `3,000,000`, `2.5k`, `18.25B`."""
    return _scaled(field, text, _COUNT_UNITS, COUNT_FORMS)


def parse_whole(field: str, text: str, low: int = 0, high: int | None = None) -> int:
    """A whole count within [low, high]: `3`, `1k`."""
    value = parse_count(field, text)
    span = f"a whole number from {low}" + (f" to {high:,}" if high is not None else " up")
    if value != value.to_integral_value() or value < low or (high is not None and value > high):
        raise InvalidInput(field, text, span)
    return int(value)


def parse_duration_ms(field: str, text: str) -> Decimal:
    """A duration in milliseconds: `120ms`, `1.5s`, `15min`, `2h`; a bare number is ms."""
    number, unit = _split(field, text, DURATION_FORMS)
    factor = Decimal(1) if unit == "" else _DURATION_UNITS.get(unit)
    if factor is None or number < 0:
        raise InvalidInput(field, text, DURATION_FORMS)
    return number * factor


def parse_hours(field: str, text: str) -> Decimal:
    """Hours: `730`, `730h`, `90min`, `30d`; a bare number is hours."""
    number, unit = _split(field, text, HOURS_FORMS)
    factor = MS_PER_HOUR if unit == "" else _DURATION_UNITS.get(unit)
    if factor is None or number < 0:
        raise InvalidInput(field, text, HOURS_FORMS)
    return number * factor / MS_PER_HOUR


def parse_size_mb(field: str, text: str, bare_unit: str = "mb") -> Decimal:
    """A size in MB (binary): `1536MB`, `1.5GB`, `2GiB`; a bare number is in `bare_unit`."""
    forms = f"a size such as 1536MB, 1.5GB or 2GiB (a bare number is {bare_unit.upper()})"
    number, unit = _split(field, text, forms)
    factor = _SIZE_UNITS.get(unit or bare_unit)
    if factor is None or number < 0:
        raise InvalidInput(field, text, forms)
    return number * factor


def parse_decimal(field: str, text: str, forms: str) -> Decimal:
    """A plain non-negative number with no unit, such as a vCPU count: `0.25`, `2`."""
    number, unit = _split(field, text, forms)
    if unit not in ("", "vcpu", "vcpus", "cpu", "cpus") or number < 0:
        raise InvalidInput(field, text, forms)
    return number


def parse_percent(field: str, text: str) -> Decimal:
    """A fraction from 0 to 1, given as `60%`, `0.6` or `60`."""
    forms = "a percentage such as 60% or 0.6"
    number, unit = _split(field, text, forms)
    if unit not in ("", "%", "percent", "pct"):
        raise InvalidInput(field, text, forms)
    fraction = number / 100 if unit or number > 1 else number
    if not Decimal(0) < fraction <= 1:
        raise InvalidInput(field, text, "a percentage above 0% and at most 100%")
    return fraction


def parse_bool(field: str, text: str) -> bool:
    """`yes`/`no` and their usual spellings."""
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidInput(field, text, BOOL_FORMS)


def parse_choice(field: str, text: str, choices: dict[str, str]) -> str:
    """One of a fixed set of words, through a table of accepted spellings."""
    word = text.strip().lower()
    if word in choices:
        return choices[word]
    accepted = sorted(set(choices.values()))
    raise InvalidInput(field, text, "one of " + ", ".join(accepted))


ARCH_CHOICES = {
    "x86_64": "x86_64",
    "x86": "x86_64",
    "amd64": "x86_64",
    "x64": "x86_64",
    "intel": "x86_64",
    "arm64": "arm64",
    "arm": "arm64",
    "aarch64": "arm64",
    "graviton": "arm64",
}


def parse_arch(field: str, text: str) -> str:
    """`x86_64` or `arm64`, from their usual spellings."""
    return parse_choice(field, text, ARCH_CHOICES)


def format_quantity(value: Decimal) -> str:
    """A bill's quantity: `1,234,567.5`, grouped, at most 4 decimals, no trailing zeros."""
    rounded = value.quantize(Decimal("0.0001")) if value != value.to_integral_value() else value
    text = f"{rounded:,.4f}".rstrip("0").rstrip(".")
    return text or "0"


def format_count(value: Decimal) -> str:
    """`3000000` as `3M`, `2500` as `2.5k`: short, exact, for messages."""
    for suffix, scale in (("B", 10**9), ("M", 10**6), ("k", 10**3)):
        if value >= scale:
            scaled = value / scale
            if scaled == scaled.to_integral_value() or len(str(scaled.normalize())) <= 6:
                return f"{plain(scaled)}{suffix}"
    return plain(value)


def format_duration_ms(value: Decimal) -> str:
    """Milliseconds as the shortest exact unit: `120ms`, `1.5s`, `40min`, `2h`."""
    for suffix, scale in (("h", MS_PER_HOUR), ("min", MS_PER_MINUTE), ("s", MS_PER_SECOND)):
        if value >= scale and (value / scale) * scale == value and len(plain(value / scale)) <= 6:
            return f"{plain(value / scale)}{suffix}"
    return f"{plain(value)}ms"


def format_size_mb(value: Decimal) -> str:
    """MB as `512MB`, `1.5GB` or `2GB`."""
    if value >= MB_PER_GB and len(plain(value / MB_PER_GB)) <= 6:
        return f"{plain(value / MB_PER_GB)}GB"
    return f"{plain(value)}MB"


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1.50 -> 1.5, 1E+3 -> 1000."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
