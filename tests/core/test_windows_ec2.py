"""EC2 Windows, priced where a Price List refresh has read its licence-included prices, and
refused with how to get them where none has."""

import json
from datetime import date
from decimal import Decimal as D
from importlib import resources

import pytest

from core.advice import advise
from core.costs.ec2 import Ec2Deployment, Ec2Need, ec2_cost
from core.errors import InvalidInput
from core.prices.catalog import PriceCatalog
from core.prices.overlay import StoredTable, overlay
from core.workload import parse_workload

SNAPSHOT = json.loads(resources.files("core").joinpath("data/prices.json").read_text())
# Licence-included Windows in us-east-1 (EC2 On-Demand pricing page), as a refresh stores them.
WINDOWS = {"m5.large": "0.188", "m5.xlarge": "0.376", "t3.micro": "0.0196", "c5.large": "0.177"}


@pytest.fixture(scope="module")
def catalog():
    entry = {**SNAPSHOT["ec2"]["us-east-1"], "windows": WINDOWS}
    return PriceCatalog(
        overlay(SNAPSHOT, [StoredTable("ec2", "us-east-1", "2026-11-20", entry)]), today=date(2026, 11, 29)
    )


def test_a_named_windows_type_is_priced_with_its_licence(catalog):
    estimate = ec2_cost(Ec2Deployment(instance_type="m5.large", count=2, os="windows"), catalog)
    (line,) = estimate.line_items
    assert (line.name, line.unit_usd, line.quantity) == ("m5.large On-Demand Windows", D("0.188"), D(1460))
    assert estimate.prices_as_of == "2026-11-20 (Price List API)"


def test_the_cheapest_windows_fit_is_picked_among_windows_prices(catalog):
    estimate = ec2_cost(Ec2Deployment(need=Ec2Need(D(2), D(4)), os="windows"), catalog)
    assert estimate.choice == "c5.large"  # 2 vCPU / 4 GiB: cheaper than m5.large on Windows


def test_advice_prices_windows_on_ec2_where_it_can(catalog):
    advice = advise(parse_workload("always-on service 2 vCPU 8GB x2 windows"), catalog)
    ec2 = next(o for o in advice.options if o.service == "ec2")
    assert ec2.feasible
    assert ec2.estimate.line_items[0].name == "m5.large On-Demand Windows"
    assert not next(o for o in advice.options if o.service == "lambda").feasible  # Linux only


def test_windows_without_refreshed_prices_says_how_to_get_them(catalog):
    advice = advise(parse_workload("always-on service 2 vCPU 8GB x2 windows in eu-west-1"), catalog)
    ec2 = next(o for o in advice.options if o.service == "ec2")
    assert not ec2.feasible
    assert "compute-advisor prices update" in ec2.reason
    with pytest.raises(InvalidInput, match="prices update"):
        ec2_cost(Ec2Deployment(region="eu-west-1", instance_type="m5.large", os="windows"), catalog)


def test_an_unknown_os_is_refused(catalog):
    with pytest.raises(InvalidInput, match="linux or windows"):
        ec2_cost(Ec2Deployment(instance_type="m5.large", os="beos"), catalog)
