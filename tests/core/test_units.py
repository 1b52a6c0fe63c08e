from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.units import (
    format_count,
    format_duration_ms,
    format_size_mb,
    parse_arch,
    parse_bool,
    parse_count,
    parse_duration_ms,
    parse_hours,
    parse_percent,
    parse_size_mb,
    parse_whole,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3M", 3_000_000),
        ("3,000,000", 3_000_000),
        ("2.5k", 2_500),
        ("18.25B", 18_250_000_000),
        ("1e6", 1_000_000),
        ("3 million", 3_000_000),
        ("0", 0),
        ("1_000", 1_000),
    ],
)
def test_counts_are_read_the_way_people_type_them(text, expected):
    assert parse_count("requests", text) == expected


@pytest.mark.parametrize(
    ("text", "expected_ms"),
    [
        ("120ms", 120),
        ("1.5s", 1500),
        ("15min", 900_000),
        ("2h", 7_200_000),
        ("120", 120),
        ("0.5 ms", "0.5"),
    ],
)
def test_durations_are_read_in_milliseconds(text, expected_ms):
    assert parse_duration_ms("duration", text) == Decimal(expected_ms)


@pytest.mark.parametrize(
    ("text", "expected_mb"),
    [("1536MB", 1536), ("1.5GB", 1536), ("2GiB", 2048), ("512", 512), ("1 TB", 1024 * 1024)],
)
def test_sizes_use_binary_units_as_aws_does(text, expected_mb):
    assert parse_size_mb("memory", text) == expected_mb


def test_a_bare_size_takes_the_unit_the_key_documents():
    assert parse_size_mb("memory", "2", "gb") == 2048


@pytest.mark.parametrize(("text", "hours"), [("730h", 730), ("730", 730), ("90min", "1.5"), ("30d", 720)])
def test_hours_accept_other_time_units(text, hours):
    assert parse_hours("hours", text) == Decimal(hours)


@pytest.mark.parametrize(
    ("parser", "text", "fragment"),
    [
        (parse_count, "-3", "negative"),
        (parse_count, "1,2,3", "commas group thousands"),
        (parse_count, "3X", "3M"),
        (parse_count, "", "3M"),
        (parse_count, "9" * 40, "3M"),
        (parse_duration_ms, "fast", "120ms"),
        (parse_duration_ms, "-1s", "120ms"),
        (parse_size_mb, "1.5 GBs", "1536MB"),
    ],
)
def test_bad_values_name_the_field_the_value_and_the_accepted_forms(parser, text, fragment):
    with pytest.raises(InvalidInput) as caught:
        parser("thefield", text)
    message = str(caught.value)
    assert message.startswith("thefield: got ")
    assert fragment in message


def test_whole_numbers_reject_fractions_and_out_of_range_values():
    assert parse_whole("tasks", "3") == 3
    with pytest.raises(InvalidInput, match="whole number from 0 to 10"):
        parse_whole("tasks", "2.5", 0, 10)
    with pytest.raises(InvalidInput):
        parse_whole("tasks", "11", 0, 10)


@pytest.mark.parametrize(("text", "value"), [("yes", True), ("No", False), ("on", True), ("0", False)])
def test_booleans_accept_the_usual_spellings(text, value):
    assert parse_bool("free_tier", text) is value


def test_unknown_boolean_says_yes_or_no():
    with pytest.raises(InvalidInput, match="yes or no"):
        parse_bool("spot", "maybe")


@pytest.mark.parametrize(("text", "arch"), [("graviton", "arm64"), ("x86", "x86_64"), ("AARCH64", "arm64")])
def test_architectures_have_aliases(text, arch):
    assert parse_arch("arch", text) == arch


def test_percentages_become_fractions():
    assert parse_percent("utilization", "60%") == Decimal("0.6")
    assert parse_percent("utilization", "0.6") == Decimal("0.6")
    with pytest.raises(InvalidInput):
        parse_percent("utilization", "0")


def test_formatting_is_short_and_exact():
    assert format_count(Decimal(3_000_000)) == "3M"
    assert format_count(Decimal(2_500)) == "2.5k"
    assert format_duration_ms(Decimal(2_400_000)) == "40min"
    assert format_duration_ms(Decimal(120)) == "120ms"
    assert format_size_mb(Decimal(1536)) == "1.5GB"
    assert format_size_mb(Decimal(300)) == "300MB"


@given(st.text(max_size=80))
def test_parsers_raise_nothing_but_their_own_error(text):
    for parser in (parse_count, parse_duration_ms, parse_size_mb, parse_hours):
        try:
            value = parser("field", text)
        except InvalidInput:
            continue
        assert value >= 0


@given(st.decimals(min_value=0, max_value=10**12, places=3))
def test_counts_read_back_what_format_count_writes(value):
    assert parse_count("n", format_count(value)) == value
