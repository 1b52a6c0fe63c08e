"""Account names from AWS Organizations, where the credentials may list the organisation's
accounts (its management account, or a delegated administrator). Elsewhere the digest names
accounts as the CUR does, or by id."""

from __future__ import annotations

from typing import Any

from core.aws.failures import CallSite, attempt
from core.aws.session import GLOBAL_REGION
from core.usage import ReadError


def account_names(client: Any) -> dict[str, str] | ReadError:
    """Every account's name by id, or why they could not be listed."""

    def listed() -> dict[str, str]:
        names: dict[str, str] = {}
        for page in client.get_paginator("list_accounts").paginate():
            names |= {str(a["Id"]): str(a["Name"]) for a in page.get("Accounts", [])}
        return names

    return attempt(listed, CallSite(None, GLOBAL_REGION, "organizations", "ListAccounts"))
