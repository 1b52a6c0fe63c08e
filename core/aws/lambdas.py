"""Lambda functions as configured: memory, architecture, timeout and ephemeral storage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LIST_FUNCTIONS_PAGE = 50  # ListFunctions returns at most 50 functions a page
DEFAULT_ARCH = "x86_64"  # Lambda's default when a function names no architecture


@dataclass(frozen=True, slots=True)
class LambdaFunctionConfig:
    """One function's configuration, as ListFunctions reports it."""

    name: str
    arn: str
    memory_mb: int
    arch: str
    timeout_s: int
    ephemeral_mb: int | None


def list_lambda_functions(client: Any) -> tuple[LambdaFunctionConfig, ...]:
    """Every function in the client's region ($LATEST versions), all pages."""
    pages = client.get_paginator("list_functions").paginate(
        PaginationConfig={"PageSize": LIST_FUNCTIONS_PAGE}
    )
    return tuple(lambda_config(raw) for page in pages for raw in page.get("Functions", []))


def lambda_config(raw: dict[str, Any]) -> LambdaFunctionConfig:
    """A function's configuration from its ListFunctions entry."""
    storage = raw.get("EphemeralStorage", {}).get("Size")
    return LambdaFunctionConfig(
        name=str(raw["FunctionName"]),
        arn=str(raw["FunctionArn"]),
        memory_mb=int(raw["MemorySize"]),
        arch=str((raw.get("Architectures") or [DEFAULT_ARCH])[0]),
        timeout_s=int(raw["Timeout"]),
        ephemeral_mb=int(storage) if storage is not None else None,
    )
