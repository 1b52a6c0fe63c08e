"""The only part of compute-advisor that talks to AWS: sessions and the read-only usage reader."""

from core.aws.reader import read_usage
from core.aws.session import assume_role_session, make_session

__all__ = ["assume_role_session", "make_session", "read_usage"]
