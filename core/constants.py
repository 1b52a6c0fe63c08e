"""Conversions between units of time and size, each defined once.

A month is 730 hours, as AWS prices it (365 days x 24 hours / 12). Sizes are binary (1 GB = 1,024 MB),
as Lambda, Fargate and EC2 bill memory.
"""

from __future__ import annotations

from decimal import Decimal

HOURS_PER_MONTH = Decimal(730)
HOURS_PER_DAY = Decimal(24)
HOURS_PER_WEEK = Decimal(168)
DAYS_PER_WEEK = 7  # an int: it goes into timedelta(days=...)
SECONDS_PER_MINUTE = 60  # an int: CloudWatch periods are whole seconds
SECONDS_PER_HOUR = Decimal(3600)
SECONDS_PER_MONTH = HOURS_PER_MONTH * SECONDS_PER_HOUR
MS_PER_SECOND = Decimal(1000)
MS_PER_MINUTE = Decimal(60_000)
MS_PER_HOUR = Decimal(3_600_000)
MS_PER_DAY = Decimal(86_400_000)
MB_PER_GB = Decimal(1024)
MB_PER_TB = Decimal(1024 * 1024)
