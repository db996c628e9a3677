# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo-free tests of setup/rcm_demo_data.py: command line and deterministic planning."""

import importlib.util
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

TODAY = date(2026, 11, 23)


def _load_generator():
    module_name = "rcm_setup_demo_data"
    if module_name not in sys.modules:
        path = Path(__file__).resolve().parent.parent / "setup" / "rcm_demo_data.py"
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]


gen = _load_generator()


def _bucket(days_overdue):
    for name, low, high in gen.AGING_BUCKETS:
        if (low is None or days_overdue >= low) and (high is None or days_overdue <= high):
            return name
    raise AssertionError(days_overdue)


def test_defaults():
    args = gen.parse_args(["-d", "demo"])
    assert (args.database, args.customers, args.invoices, args.seed, args.months) == (
        "demo",
        200,
        2000,
        42,
        12,
    )
    assert not args.use_wizard and not args.ledger_only
    assert gen.odoo_config_args(args) == ["-d", "demo"]


def test_odoo_options():
    db_options = ["-d", "x", "-c", "/tmp/o.conf", "--db_user", "u", "--db_host", "h", "--db_port", "5433"]
    sizes = ["--customers", "20", "--invoices", "150", "--seed", "7"]
    args = gen.parse_args([*db_options, "--addons-path", "a,b", *sizes, "--ledger-only"])
    assert (args.customers, args.invoices, args.seed, args.ledger_only) == (20, 150, 7, True)
    assert gen.odoo_config_args(args) == [
        "-c",
        "/tmp/o.conf",
        "-d",
        "x",
        "--db_user=u",
        "--db_host=h",
        "--db_port=5433",
        "--addons-path=a,b",
    ]


@pytest.mark.parametrize(
    "argv",
    [[], ["-d", "x", "--customers", "0"], ["-d", "x", "--months", "0"], ["-d", "x", "--invoices", "-1"]],
)
def test_invalid_arguments(argv):
    with pytest.raises(SystemExit):
        gen.parse_args(argv)


def test_plan_is_deterministic():
    first = gen._prepare_plan(42, 20, 150, 12, TODAY)
    assert first == gen._prepare_plan(42, 20, 150, 12, TODAY)
    assert first != gen._prepare_plan(43, 20, 150, 12, TODAY)
    assert gen._prepare_rates(42, 12, TODAY, 0.92) == gen._prepare_rates(42, 12, TODAY, 0.92)


def test_plan_shape():
    plan = gen._prepare_plan(42, 200, 2000, 12, TODAY)
    customers, invoices = plan["customers"], plan["invoices"]
    assert len(customers) == 200 and len(invoices) == 2000 and len(plan["refunds"]) == 100
    assert len({c["name"] for c in customers}) == 200
    assert {c["behaviour"] for c in customers} == {b for b, _w in gen.BEHAVIOURS}
    assert all(1 <= len(c["contacts"]) <= 3 for c in customers)
    assert all(1 <= len(i["lines"]) <= 3 for i in invoices)
    start = TODAY - timedelta(days=round(12 * 30.44))
    assert all(start <= i["invoice_date"] <= TODAY for i in invoices + plan["refunds"])
    foreign = sum(customers[i["customer"]]["foreign_currency"] for i in invoices)
    assert 0.06 < foreign / len(invoices) < 0.14


@pytest.mark.parametrize("customers, invoices", [(20, 150), (200, 2000)])
def test_every_aging_bucket_has_open_invoices(customers, invoices):
    plan = gen._prepare_plan(42, customers, invoices, 12, TODAY)
    open_buckets = {
        _bucket((TODAY - i["due_date"]).days) for i in plan["invoices"] if i["settlement"]["kind"] != "full"
    }
    assert open_buckets == {name for name, _low, _high in gen.AGING_BUCKETS}


def test_settlements_follow_behaviours():
    plan = gen._prepare_plan(42, 200, 2000, 12, TODAY)
    kinds = set()
    for invoice in plan["invoices"]:
        customer = plan["customers"][invoice["customer"]]
        settlement = invoice["settlement"]
        kinds.add(settlement["kind"])
        if settlement["kind"] == "none":
            assert settlement["date"] is None
            continue
        assert invoice["invoice_date"] <= settlement["date"] <= TODAY
        late = (settlement["date"] - invoice["due_date"]).days
        if customer["behaviour"] == "prompt":
            assert late <= 0
        elif customer["behaviour"] == "slow":
            assert 5 <= late <= 25
        elif customer["behaviour"] == "chronic_late":
            assert 30 <= late <= 120
        elif customer["behaviour"] == "bankrupt":
            assert settlement["date"] <= customer["stop_paying"]
    assert kinds == {"full", "partial", "none"}
