"""A local stand-in for the Price List Query API and the Savings Plans API, over real HTTP.

moto has no Price List backend, so this server speaks the two protocols boto3 uses:
- `pricing` is awsJson1_1: POST / with `X-Amz-Target: AWSPriceListService.<Operation>`, JSON in
  and out, errors as `{"__type": <code>, "message": ...}` with a 4xx status;
- `savingsplans` is REST-JSON: POST /DescribeSavingsPlansOfferingRates, errors named by the
  `x-amzn-ErrorType` header.
boto3 reaches it through AWS_ENDPOINT_URL_PRICING and AWS_ENDPOINT_URL_SAVINGSPLANS. It binds
port 0 (the OS picks a free port), so parallel test workers never collide. Faults are rules a
test adds: each sees the operation and the request and may answer instead (a throttle, an
access error, a dropped connection).
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.aws.conftest import FAKE_ENV, UNSET_ENV

DATA = Path(__file__).resolve().parent.parent / "data"
PRICING_TARGET = "AWSPriceListService."
SAVINGS_PLANS_PATH = "/DescribeSavingsPlansOfferingRates"
DROP: tuple[int, dict[str, Any]] = (0, {})  # a fault answer: close the connection, answer nothing

Fault = Callable[[str, Mapping[str, Any]], "tuple[int, dict[str, Any]] | None"]


def load_items() -> dict[str, list[dict[str, Any]]]:
    """The PriceList items of tests/data/pricelist_items.json, by service code."""
    items: dict[str, list[dict[str, Any]]] = json.loads((DATA / "pricelist_items.json").read_text())["items"]
    return items


def load_rates() -> list[dict[str, Any]]:
    """The Savings Plans offering rates of tests/data/savings_plans_rates.json."""
    rates: list[dict[str, Any]] = json.loads((DATA / "savings_plans_rates.json").read_text())["searchResults"]
    return rates


def error(status: int, code: str, message: str) -> tuple[int, dict[str, Any]]:
    """A fault answer: an AWS error with its HTTP status."""
    return status, {"__type": code, "message": message}


def throttle(times: int, operation: str = "GetProducts") -> Fault:
    """Throttles the first `times` calls of an operation, then lets calls through."""
    count = {"n": 0}
    lock = threading.Lock()

    def rule(op: str, _body: Mapping[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if op != operation:
            return None
        with lock:
            count["n"] += 1
            if count["n"] <= times:
                return error(400, "ThrottlingException", "Rate exceeded")
        return None

    return rule


def region_of(body: Mapping[str, Any]) -> str | None:
    """The regionCode a GetProducts request filters on, or the region a Savings Plans one does."""
    for f in body.get("Filters", ()):
        if f.get("Field") == "regionCode":
            return str(f["Value"])
    for f in body.get("filters", ()):
        if f.get("name") == "region":
            return str(f["values"][0])
    return None


def deny(region: str, message: str = "not authorized to perform: pricing:GetProducts") -> Fault:
    """AccessDenied for every call about one region."""

    def rule(_op: str, body: Mapping[str, Any]) -> tuple[int, dict[str, Any]] | None:
        return error(400, "AccessDeniedException", message) if region_of(body) == region else None

    return rule


@dataclass
class PriceListStub:
    """The server's data, its fault rules, and every request it received."""

    items: dict[str, list[dict[str, Any]]] = field(default_factory=load_items)
    rates: list[dict[str, Any]] = field(default_factory=load_rates)  # Savings Plans offering rates
    page_size: int = 100
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.requests.append((operation, body))
        for fault in list(self.faults):
            if (answer := fault(operation, body)) is not None:
                return answer
        if operation == "DescribeServices":
            return 200, self.describe_services(body)
        if operation == "GetProducts":
            return 200, self.get_products(body)
        if operation == "DescribeSavingsPlansOfferingRates":
            return 200, self.offering_rates(body)
        return error(400, "InvalidParameterException", f"unknown operation {operation}")

    def describe_services(self, body: Mapping[str, Any]) -> dict[str, Any]:
        codes = [body["ServiceCode"]] if body.get("ServiceCode") else sorted(self.items)
        services = []
        for code in codes:
            if code in self.items:
                # AWS lists productFamily among the attribute names too, though items carry it
                # beside the attributes
                names = sorted(
                    {k for i in self.items[code] for k in i["product"]["attributes"]} | {"productFamily"}
                )
                services.append({"ServiceCode": code, "AttributeNames": names})
        return {"Services": services, "FormatVersion": "aws_v1"}

    def get_products(self, body: Mapping[str, Any]) -> dict[str, Any]:
        matched = [i for i in self.items.get(body["ServiceCode"], []) if _matches(i, body.get("Filters", ()))]
        start = int(base64.b64decode(body["NextToken"])) if body.get("NextToken") else 0
        size = min(int(body.get("MaxResults", 100)), self.page_size)
        page = matched[start : start + size]
        answer: dict[str, Any] = {"FormatVersion": "aws_v1", "PriceList": [json.dumps(i) for i in page]}
        if start + size < len(matched):
            answer["NextToken"] = base64.b64encode(str(start + size).encode()).decode()
        return answer

    def offering_rates(self, body: Mapping[str, Any]) -> dict[str, Any]:
        matched = [r for r in self.rates if _rate_matches(r, body)]
        start = int(body.get("nextToken") or 0) if str(body.get("nextToken", "")).isdigit() else 0
        size = min(int(body.get("maxResults") or 1000), self.page_size)
        answer: dict[str, Any] = {"searchResults": matched[start : start + size]}
        if start + size < len(matched):
            answer["nextToken"] = str(start + size)
        return answer


def _matches(item: Mapping[str, Any], filters: Any) -> bool:
    attributes = {**item["product"]["attributes"], "ServiceCode": item["serviceCode"]}
    attributes.setdefault("productFamily", item["product"].get("productFamily", ""))
    for f in filters:
        value = str(attributes.get(f["Field"], ""))
        wanted = str(f["Value"])
        kind = f["Type"]
        if kind in ("TERM_MATCH", "EQUALS") and value != wanted:
            return False
        if kind == "CONTAINS" and wanted not in value:
            return False
        if kind == "ANY_OF" and value not in wanted.split(","):
            return False
        if kind == "NONE_OF" and value in wanted.split(","):
            return False
    return True


def _rate_matches(rate: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
    offering = rate["savingsPlanOffering"]
    properties = {p["name"]: p["value"] for p in rate.get("properties", ())}
    checks = [
        ("products", rate["productType"]),
        ("savingsPlanTypes", offering["planType"]),
        ("savingsPlanPaymentOptions", offering["paymentOption"]),
        ("serviceCodes", rate["serviceCode"]),
    ]
    for key, value in checks:
        if body.get(key) and value not in body[key]:
            return False
    return all(properties.get(f["name"]) in f["values"] for f in body.get("filters", ()))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    stub: PriceListStub

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        target = self.headers.get("X-Amz-Target", "")
        if target.startswith(PRICING_TARGET):
            operation, content_type = target.removeprefix(PRICING_TARGET), "application/x-amz-json-1.1"
        else:
            operation, content_type = self.path.strip("/").split("?")[0], "application/json"
        status, answer = self.stub.answer(operation, body)
        if status == 0:  # a dropped connection, as when a network path breaks halfway
            self.close_connection = True
            self.connection.shutdown(2)
            return
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if status >= 400:
            self.send_header("x-amzn-ErrorType", str(answer.get("__type", "")))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: Any) -> None:  # keep test output clean
        return


@contextmanager
def serving(stub: PriceListStub) -> Iterator[str]:
    """Serve `stub` on 127.0.0.1 at a free port for the span of the block; yields its URL."""
    handler = type("Handler", (_Handler,), {"stub": stub})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def pointed_at_stub(endpoint: str) -> Iterator[None]:
    """boto3's pricing and savingsplans clients aimed at the stand-in, with fake credentials."""
    with pytest.MonkeyPatch.context() as env:
        for name in UNSET_ENV:  # AWS_ENDPOINT_URL (moto's, if set) stays: the service-specific ones win
            env.delenv(name, raising=False)
        for name, value in FAKE_ENV.items():
            env.setenv(name, value)
        env.setenv("AWS_ENDPOINT_URL_PRICING", endpoint)
        env.setenv("AWS_ENDPOINT_URL_SAVINGSPLANS", endpoint)
        yield


@dataclass(frozen=True)
class PriceListApi:
    """A running stand-in: its state (to add faults, read requests) and a boto3 session."""

    stub: PriceListStub
    endpoint: str
    session: Any


@pytest.fixture
def price_list_api() -> Iterator[PriceListApi]:
    """A fresh stand-in per test, with the environment aimed at it for the test's span."""
    import boto3

    stub = PriceListStub()
    with serving(stub) as endpoint, pointed_at_stub(endpoint):
        yield PriceListApi(stub, endpoint, boto3.session.Session(region_name="eu-west-1"))
