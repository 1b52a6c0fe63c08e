"""How each option is deployed around its compute, and what that costs: the front door, public
IPv4 addresses, root volumes, log ingestion and NAT, as line items of the option's estimate.

Front doors (`front_door=`), per service:

    front_door     Lambda                        Fargate and EC2
    http-api       API Gateway HTTP API          HTTP API + VPC link to the service (no load balancer)
    rest-api       API Gateway REST API          REST API + VPC link, which needs an NLB
    function-url   function URL (no charge)      ALB
    alb            ALB with Lambda targets       ALB
    nlb            (no NLB for Lambda: HTTP API) NLB
    none           nothing                       nothing

By default a request-driven workload reaches Lambda through an HTTP API and containers through an
ALB; a service with a request rate (or described as an API or web app) sits behind an ALB; other
services (workers) and jobs have no front door.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

from core.advice import defaults as d
from core.advice.curves import Line
from core.constants import HOURS_PER_MONTH
from core.costs.estimate import LineItem
from core.costs.overheads import line, tiered_items, tiered_usd
from core.money import usd_text
from core.prices.catalog import PriceCatalog, Rate, ServiceNotOffered
from core.prices.rates import TieredRate
from core.units import plain
from core.workload import Kind, Workload

DOORS = ("http-api", "rest-api", "function-url", "alb", "nlb", "none")
KB_PER_GB = Decimal(1024 * 1024)
SECONDS_PER_HOUR = Decimal(3600)
HTTP_API_METER_KB = Decimal(512)  # an HTTP API request is metered per 512 KB of payload
ALB_CONNECTIONS_PER_LCU = Decimal(25)  # new connections a second
ALB_ACTIVE_CONNECTIONS_PER_LCU = 3000  # connections open at once, counted each minute
ALB_GB_PER_LCU = Decimal(1)  # processed an hour, EC2, IP and container targets
ALB_LAMBDA_GB_PER_LCU = Decimal("0.4")  # processed an hour, Lambda targets
NLB_CONNECTIONS_PER_NLCU = Decimal(800)  # new TCP connections a second
NLB_GB_PER_NLCU = Decimal(1)
LOAD_BALANCER_AZS = 2  # an internet-facing load balancer holds a public IPv4 in each of its AZs


T = TypeVar("T")
PARENT_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+){1,3}-[0-9]{1,2}", re.ASCII)


def near_price(region: str, price: Callable[[str], T]) -> tuple[T, str | None]:
    """A price in `region`, or, for a Local or Wavelength Zone without its own, its parent
    region's, with a note saying so."""
    try:
        return price(region), None
    except ServiceNotOffered:
        found = PARENT_REGION.match(region)
        if found is None or found.group(0) == region:
            raise
        parent = found.group(0)
        return price(parent), f"{region} has no price of its own for this line: {parent}'s is used"


def ipv4_rate(catalog: PriceCatalog, region: str) -> Rate:
    """The hourly price of a public IPv4 address (a zone's parent region's if it has none)."""
    return near_price(region, catalog.public_ipv4)[0]


@dataclass(frozen=True, slots=True)
class Door:
    """How requests reach one service's option: an API (http, rest), a load balancer (alb, nlb),
    both (REST API through a VPC link to an NLB) or neither."""

    kind: str  # one of DOORS, as it applies to this service
    api: str | None
    balancer: str | None
    note: str


def _default_door(w: Workload, service: str) -> str:
    web = w.kind is Kind.REQUEST or (w.kind is Kind.SERVICE and (w.rps is not None or w.public is True))
    if not web:
        return "none"
    return "http-api" if service == "lambda" else "alb"


def door(w: Workload, service: str, instead: str | None = None) -> Door:
    """The front door of `service` for this workload (or `instead`, a variant's), and the
    assumption it rests on."""
    asked = instead or w.front_door
    chosen = asked if asked is not None else _default_door(w, service)
    said = "front_door=" + chosen if asked is not None else "the default for this kind"
    if service == "lambda":
        if chosen == "nlb":
            return Door("http-api", "http", None, "Lambda can't sit behind an NLB: an HTTP API instead")
        api = {"http-api": "http", "rest-api": "rest"}.get(chosen)
        balancer = "alb" if chosen == "alb" else None
        text = {
            "http-api": "reached through an API Gateway HTTP API",
            "rest-api": "reached through an API Gateway REST API",
            "function-url": "reached through a function URL (no charge of its own)",
            "alb": "reached through an ALB with Lambda targets",
            "none": "no front door (invoked directly, by events or internally)",
        }[chosen]
        return Door(chosen, api, balancer, f"{text} ({said})")
    if chosen == "http-api":
        return Door(
            chosen,
            "http",
            None,
            f"an API Gateway HTTP API with a VPC link to the service, no load balancer ({said})",
        )
    if chosen == "rest-api":
        return Door(chosen, "rest", "nlb", f"an API Gateway REST API, whose VPC link needs an NLB ({said})")
    if chosen == "none":
        return Door(chosen, None, None, f"no load balancer or API in front ({said})")
    balancer = "nlb" if chosen == "nlb" else "alb"
    why = " (a function URL is Lambda's; containers take an ALB)" if chosen == "function-url" else ""
    return Door(chosen, None, balancer, f"behind an {balancer.upper()}{why} ({said})")


def is_public(w: Workload) -> bool:
    """Whether tasks and instances are internet-facing, each with a public IPv4 address."""
    if w.public is not None:
        return w.public
    return _default_door(w, "fargate") != "none"


def request_kb(w: Workload) -> Decimal:
    """Bytes in and out per request, in KB (headers and bodies, as a load balancer counts them)."""
    return d.REQUEST_KB if w.request_kb is None else w.request_kb


def log_kb(w: Workload) -> Decimal:
    """Application log written per request, in KB."""
    return d.LOG_KB if w.log_kb is None else w.log_kb


def requests_per_connection(w: Workload) -> Decimal:
    """Requests per new connection: clients keep connections alive for several requests."""
    return d.REQUESTS_PER_CONNECTION if w.requests_per_connection is None else w.requests_per_connection


@dataclass(frozen=True, slots=True)
class Around:
    """Everything an option pays besides its compute and per-task lines, at one volume."""

    items: tuple[LineItem, ...]
    notes: tuple[str, ...]


def around(
    w: Workload,
    service: str,
    catalog: PriceCatalog,
    monthly_requests: Decimal | None,
    gate: Door | None = None,
) -> Around:
    """Front door, logs and NAT of one option, at `monthly_requests` (None: no request volume
    known, as for a service without a rate: the door's fixed hours only, and no logs); behind
    `gate` when a variant asks for another door."""
    gate = gate or door(w, service)
    items: list[LineItem] = []
    notes = [gate.note]
    volume = monthly_requests if monthly_requests is not None else Decimal(0)
    if gate.api is not None:
        items += _api_items(w, gate.api, catalog, volume)
    if gate.balancer is not None:
        lambda_targets = service == "lambda"
        lb_items, lb_notes = _balancer_items(
            w, gate.balancer, catalog, volume, lambda_targets=lambda_targets, behind_api=gate.api is not None
        )
        items += lb_items
        notes += lb_notes
        if monthly_requests is None:
            notes.append("no request rate: the load balancer's capacity units are not costed")
    if monthly_requests is not None:
        items += _log_items(w, service, catalog, monthly_requests)
        notes.append(_log_note(w, service))
    nat = _nat_items(w, service, catalog)
    items += nat
    return Around(tuple(items), tuple(notes))


def _api_items(w: Workload, api: str, catalog: PriceCatalog, volume: Decimal) -> list[LineItem]:
    tiered, _ = near_price(w.region, lambda region: catalog.api_gateway(region, api))
    name = "API Gateway HTTP API requests" if api == "http" else "API Gateway REST API requests"
    return tiered_items(name, volume * _metered(w, api), tiered)


def _metered(w: Workload, api: str) -> int:
    """API requests billed per request: an HTTP API meters each 512 KB of payload as one."""
    if api != "http":
        return 1
    size = request_kb(w)
    whole = int(size // HTTP_API_METER_KB)
    return max(1, whole + (1 if size > whole * HTTP_API_METER_KB else 0))


def capacity_units_per_request(w: Workload, balancer: str, *, lambda_targets: bool) -> Decimal:
    """LCU-hours (NLCU-hours) a request adds: its hour's units are the largest dimension, and every
    dimension grows with the rate, so the month's unit-hours are this x monthly requests."""
    per_connection = 1 / requests_per_connection(w)
    gb = request_kb(w) / KB_PER_GB
    if balancer == "nlb":
        # per request a second: new connections / 800, GB an hour / 1
        per_rps = max(per_connection / NLB_CONNECTIONS_PER_NLCU, gb * SECONDS_PER_HOUR / NLB_GB_PER_NLCU)
    else:
        per_gb = ALB_LAMBDA_GB_PER_LCU if lambda_targets else ALB_GB_PER_LCU
        per_rps = max(per_connection / ALB_CONNECTIONS_PER_LCU, gb * SECONDS_PER_HOUR / per_gb)
    return per_rps / SECONDS_PER_HOUR  # a request a second for an hour is 3,600 requests


def _balancer_items(
    w: Workload,
    balancer: str,
    catalog: PriceCatalog,
    volume: Decimal,
    *,
    lambda_targets: bool,
    behind_api: bool = False,
) -> tuple[list[LineItem], list[str]]:
    rates, fallback = catalog.load_balancer(w.region, balancer)
    name = "Application Load Balancer" if balancer == "alb" else "Network Load Balancer"
    unit_name = "ALB capacity units (LCU)" if balancer == "alb" else "NLB capacity units (NLCU)"
    units = volume * capacity_units_per_request(w, balancer, lambda_targets=lambda_targets)
    items = [
        line(name, HOURS_PER_MONTH, rates.hour),
        line(unit_name, units, rates.capacity_unit_hour),
    ]
    notes = [_balancer_note(w, balancer, lambda_targets=lambda_targets)]
    if w.websocket and balancer == "alb":
        notes.append(_held_open_note(rates.capacity_unit_hour))
    if behind_api:  # a VPC link reaches an internal load balancer: the API is the public end
        notes.append(f"the VPC link's {balancer.upper()} is internal: no public addresses of its own")
    elif is_public(w):
        addresses = Decimal(LOAD_BALANCER_AZS) * HOURS_PER_MONTH
        items.append(
            line(
                f"Public IPv4, {balancer.upper()} ({LOAD_BALANCER_AZS} AZs)",
                addresses,
                ipv4_rate(catalog, w.region),
            )
        )
    if fallback:
        notes.append(fallback)
    return items, notes


def _balancer_note(w: Workload, balancer: str, *, lambda_targets: bool) -> str:
    kb = plain(request_kb(w))
    if balancer == "nlb":
        return (
            f"one NLB for this workload, 730h; NLCUs from {kb}KB per request (request_kb=) and a new "
            f"connection every {plain(requests_per_connection(w))} requests"
        )
    per_gb = "0.4GB an hour per LCU for Lambda targets" if lambda_targets else "1GB an hour per LCU"
    return (
        f"one ALB for this workload, 730h; LCUs from the largest dimension each hour: {kb}KB in and out "
        f"per request (request_kb=; {per_gb}) against a new connection every "
        f"{plain(requests_per_connection(w))} requests (25 a second per LCU); active connections, "
        "each held about a minute, stay below the new-connection figure, and up to 10 rules are free"
    )


def _held_open_note(capacity_unit_hour: Rate) -> str:
    """WebSockets stay connected: the ALB's active-connection dimension, which no count here gives."""
    monthly = capacity_unit_hour.usd * HOURS_PER_MONTH
    return (
        "WebSocket connections stay open, unlike the minute-long ones above: each "
        f"{ALB_ACTIVE_CONNECTIONS_PER_LCU:,} held open at once take an LCU all month ({usd_text(monthly)}) "
        "when that is the largest dimension; not counted here, as no connection count is given"
    )


def _log_gb(w: Workload, service: str, monthly_requests: Decimal) -> Decimal:
    """GB of log a month; none at all with log_kb=0 (Lambda's platform lines too: logs left out)."""
    app = log_kb(w)
    kb = app + (d.LAMBDA_PLATFORM_LOG_KB if service == "lambda" and app else 0)
    return monthly_requests * kb / KB_PER_GB


def _log_items(w: Workload, service: str, catalog: PriceCatalog, monthly_requests: Decimal) -> list[LineItem]:
    rates, _ = near_price(w.region, catalog.log_ingestion)
    gb = _log_gb(w, service, monthly_requests)
    if not gb:
        return []  # no log written (log_kb=0)
    if service == "lambda":
        return tiered_items("CloudWatch Logs ingestion (Lambda, vended)", gb, rates.vended_gb)
    return [line("CloudWatch Logs ingestion", gb, rates.standard_gb)]


def _log_note(w: Workload, service: str) -> str:
    if not log_kb(w):
        return "logs not costed (log_kb=0)"
    text = f"logs: {plain(log_kb(w))}KB of application log per request (log_kb=)"
    if service == "lambda":
        text += (
            f", plus Lambda's START, END and REPORT lines (~{plain(d.LAMBDA_PLATFORM_LOG_KB * 1024)} bytes), "
            "at the tiered Vended Logs rate"
        )
    return text + "; log storage not included"


def _nat_items(w: Workload, service: str, catalog: PriceCatalog) -> list[LineItem]:
    if w.nat_gb is None or service == "lambda":
        return []
    return [line("NAT gateway processing", w.nat_gb, near_price(w.region, catalog.nat_gateway)[0].gb)]


def around_cost(
    w: Workload, service: str, catalog: PriceCatalog, gate: Door | None = None
) -> Callable[[Decimal], Decimal]:
    """What `around(...)` costs in all at a volume (to the last digits of a 28-digit sum), without
    its line items: fixed lines, lines in proportion to the volume, and tiered ones."""
    gate = gate or door(w, service)
    fixed, per_request = Decimal(0), Decimal(0)
    tiered: list[tuple[TieredRate, Decimal]] = []  # a tiered price and its quantity per request
    if gate.api is not None:
        api = gate.api
        rates, _ = near_price(w.region, lambda region: catalog.api_gateway(region, api))
        tiered.append((rates, Decimal(_metered(w, api))))
    if gate.balancer is not None:
        prices, _ = catalog.load_balancer(w.region, gate.balancer)
        fixed += HOURS_PER_MONTH * prices.hour.usd
        units = capacity_units_per_request(w, gate.balancer, lambda_targets=service == "lambda")
        per_request += units * prices.capacity_unit_hour.usd
        if is_public(w) and gate.api is None:
            fixed += LOAD_BALANCER_AZS * HOURS_PER_MONTH * ipv4_rate(catalog, w.region).usd
    logs, _ = near_price(w.region, catalog.log_ingestion)
    if service == "lambda":
        tiered.append((logs.vended_gb, _log_gb(w, service, Decimal(1))))
    else:
        per_request += _log_gb(w, service, Decimal(1)) * logs.standard_gb.usd
    if w.nat_gb is not None and service != "lambda":
        fixed += w.nat_gb * near_price(w.region, catalog.nat_gateway)[0].gb.usd

    def cost(volume: Decimal) -> Decimal:
        total = fixed + volume * per_request
        for rates, per in tiered:
            total += tiered_usd(volume * per, rates)
        return total

    return cost


@lru_cache(maxsize=64)  # one answer's break-even and chart ask again (small: see request_fleet.plan)
def around_line(w: Workload, service: str, catalog: PriceCatalog) -> Line:
    """The cost of `around` against monthly requests, exact between its corners (the API and log
    tiers): the part of an option's cost that isn't its compute."""
    corners: list[Decimal] = []
    gate = door(w, service)
    if gate.api is not None:
        per = Decimal(_metered(w, gate.api))
        api = gate.api
        tiers, _ = near_price(w.region, lambda region: catalog.api_gateway(region, api))
        corners += [t.upper_bound / per for t in tiers.tiers if t.upper_bound]
    if service == "lambda":
        per_gb = _log_gb(w, service, Decimal(1))
        logs, _ = near_price(w.region, catalog.log_ingestion)
        corners += [t.upper_bound / per_gb for t in logs.vended_gb.tiers if t.upper_bound and per_gb]
    return Line.sample(around_cost(w, service, catalog), corners)


__all__ = ["DOORS", "Around", "Door", "around", "around_line", "door", "is_public", "tiered_usd"]
