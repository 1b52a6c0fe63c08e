"""The weekly digest: which workloads would cost less on another service, and by how much."""

from core.digest.build import build_digest
from core.digest.model import Digest, Note, PreviousDigest, ServiceSpend, Thresholds, WeekOverWeek
from core.digest.report import digest_dict
from core.digest.weekly import previous_from_dict

__all__ = [
    "Digest",
    "Note",
    "PreviousDigest",
    "ServiceSpend",
    "Thresholds",
    "WeekOverWeek",
    "build_digest",
    "digest_dict",
    "previous_from_dict",
]
