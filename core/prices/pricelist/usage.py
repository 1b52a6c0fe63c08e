"""Usage types without their region prefix, and the GetProducts filters a table is read with."""

from __future__ import annotations

import re
from dataclasses import dataclass

# AWS prefixes most usage types with a region code (USE2-, EUW1-, EU-, APN1-; a Local or Wavelength
# Zone adds its own segments, USE1-BOS1-), except some in us-east-1. The code is letters then a
# digit, or "EU", and each added segment has a digit; other leading words without one
# (TS-LoadBalancerUsage: trust-store hours) belong to the usage type itself.
_REGION_PREFIX = re.compile(r"^(?:EU|[A-Z]{2,4}[0-9])(?:-[A-Z0-9]*[0-9][A-Z0-9]*)*-")


def usage_name(usagetype: str) -> str:
    """`Fargate-GB-Hours` for `USE1-Fargate-GB-Hours`; usage types without a prefix unchanged."""
    return _REGION_PREFIX.sub("", usagetype, count=1)


@dataclass(frozen=True, slots=True)
class Query:
    """One GetProducts question: a service code and attribute filters (TERM_MATCH unless
    `contains`); the region's own `regionCode` filter is added when it is asked."""

    service_code: str
    terms: tuple[tuple[str, str], ...] = ()
    contains: tuple[tuple[str, str], ...] = ()

    def filters(self, region: str) -> list[dict[str, str]]:
        """GetProducts' Filters for `region`."""
        matched = [("regionCode", region), *self.terms]
        return [{"Type": "TERM_MATCH", "Field": f, "Value": v} for f, v in matched] + [
            {"Type": "CONTAINS", "Field": f, "Value": v} for f, v in self.contains
        ]

    @property
    def fields(self) -> set[str]:
        """Every attribute the filters name (DescribeServices must list each)."""
        return {"regionCode"} | {f for f, _ in self.terms} | {f for f, _ in self.contains}
