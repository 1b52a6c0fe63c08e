"""botocore event hooks for the faults moto cannot make, and a recorder of the calls made.

`before-send` answers instead of the network, after signing and before the retry handler looks
at the answer, so a throttle sent there is retried exactly as a real one. `before-call` answers
instead of the whole call, retries included: a final error, as after every retry.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from botocore.awsrequest import AWSResponse

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/(?P<region>[a-z0-9-]+)/")


class _Body:
    """Just enough of a raw HTTP body for AWSResponse."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Any:
        yield self._data


def _cbor_text(text: str) -> bytes:
    data = text.encode()
    if len(data) < 24:
        return bytes([0x60 + len(data)]) + data
    return bytes([0x78, len(data)]) + data


def cbor_error(code: str, message: str) -> bytes:
    """A Smithy RPC v2 CBOR error body: the map {"__type": code, "message": message}."""
    return bytes([0xA2]) + b"".join(map(_cbor_text, ("__type", code, "message", message)))


def throttle_response(request: Any) -> AWSResponse:
    """CloudWatch's answer when a caller goes over its request rate, in the request's protocol
    (botocore speaks JSON to CloudWatch today, and may pick CBOR some day)."""
    code, message = "ThrottlingException", "Rate exceeded"
    content_type = str(request.headers.get("Content-Type", ""))
    if "cbor" in content_type:
        headers = {"smithy-protocol": "rpc-v2-cbor", "Content-Type": content_type}
        body = cbor_error(code, message)
    else:
        headers = {"Content-Type": content_type}
        body = json.dumps({"__type": code, "message": message}).encode()
    return AWSResponse("https://monitoring.invalid/", 400, headers, _Body(body))


def signed_region(request: Any) -> str:
    """The region a signed request is for, from its credential scope."""
    match = _SCOPE.search(str(request.headers.get("Authorization", "")))
    return match["region"] if match else ""


class Throttle:
    """Throttles the first `times` GetMetricData attempts in `region`, counting every attempt."""

    def __init__(self, region: str, times: int) -> None:
        self.region = region
        self.times = times
        self.attempts = 0
        self._lock = threading.Lock()

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        if signed_region(request) != self.region:
            return None
        with self._lock:
            self.attempts += 1
            if self.attempts <= self.times:
                return throttle_response(request)
        return None


def deny_region(region: str, message: str) -> Callable[..., Any]:
    """A before-call hook that refuses every call in `region` with AccessDenied."""

    def deny(context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if context.get("client_region") != region:
            return None
        parsed = {
            "Error": {"Code": "AccessDeniedException", "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": 403},
        }
        return AWSResponse("https://denied.invalid/", 403, {}, _Body(b"")), parsed

    return deny


class CallRecorder:
    """Counts every operation a session's clients call, and GetMetricData's query counts."""

    def __init__(self) -> None:
        self.operations: Counter[tuple[str, str]] = Counter()
        self.by_region: Counter[tuple[str, str, str]] = Counter()
        self.metric_batches: list[tuple[str, int]] = []
        self._lock = threading.Lock()

    def attach(self, session: Any) -> None:
        session.events.register("provide-client-params", self._params)

    def _params(self, params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        service = str(model.service_model.service_name)
        with self._lock:
            self.operations[service, model.name] += 1
            region = str(context.get("client_region"))
            self.by_region[region, service, model.name] += 1
            if model.name == "GetMetricData":
                self.metric_batches.append((region, len(params["MetricDataQueries"])))
