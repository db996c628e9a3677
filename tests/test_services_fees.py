# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

import pytest
from conftest import load_service

fees = load_service("rcm_dunning", "fees")


def test_constants():
    assert fees.DAYS_PER_YEAR == 365
    assert fees.STATUTORY_MARGIN == 8.0
    assert fees.EU_COMPENSATION == 40.0


def test_round_half_up():
    assert fees.round_amount(2.675) == 2.68  # binary float 2.67499... still rounds up
    assert fees.round_amount(0.125) == 0.13
    assert fees.round_amount(-1.005) == -1.01
    assert fees.round_amount(1.2345, 3) == 1.235


def test_fixed_fee():
    assert fees.fixed_fee(100, 15) == 15.0
    assert fees.fixed_fee(0, 15) == 0.0
    assert fees.fixed_fee(-50, 15) == 0.0
    with pytest.raises(ValueError):
        fees.fixed_fee(100, -1)


def test_percent_fee_bounds():
    # 2 % of 1 000 = 20, within [5, 50]
    assert fees.percent_fee(1000, 2, 5, 50) == 20.0
    # 2 % of 100 = 2 -> raised to the minimum 5
    assert fees.percent_fee(100, 2, 5, 50) == 5.0
    # 2 % of 10 000 = 200 -> capped at 50
    assert fees.percent_fee(10_000, 2, 5, 50) == 50.0
    # no cap when max is 0
    assert fees.percent_fee(10_000, 2, 5, 0) == 200.0
    # no percentage: no fee, even with a minimum
    assert fees.percent_fee(1000, 0, 5, 50) == 0.0
    assert fees.percent_fee(0, 2, 5, 50) == 0.0
    # 1.5 % of 333.33 = 4.99995 -> 5.00
    assert fees.percent_fee(333.33, 1.5) == 5.0


def test_percent_fee_invalid():
    with pytest.raises(ValueError):
        fees.percent_fee(100, 2, 60, 50)
    with pytest.raises(ValueError):
        fees.percent_fee(100, -2)


def test_level_fee_adds_fixed_and_percentage():
    # 10 + 1 % of 2 500 (25, within [5, 0=no cap]) = 35
    assert fees.level_fee(2500, fixed=10, percent=1, minimum=5) == 35.0
    assert fees.level_fee(2500, fixed=10) == 10.0
    assert fees.level_fee(0, fixed=10, percent=1) == 0.0


def test_statutory_rate():
    assert fees.statutory_rate(4.5) == 12.5
    assert fees.statutory_rate(0.0) == 8.0
    assert fees.statutory_rate(-0.5) == 7.5
    assert fees.statutory_rate(-9.0) == 0.0
    assert fees.statutory_rate(2.15, margin=9) == 11.15


def test_interest_days():
    assert fees.interest_days(date(2026, 3, 1), date(2026, 3, 31)) == 30
    assert fees.interest_days(date(2026, 3, 31), date(2026, 3, 1)) == 0
    # leap day counts (Actual/365)
    assert fees.interest_days(date(2028, 2, 1), date(2028, 3, 1)) == 29
    with pytest.raises(ValueError):
        fees.interest_days("2026-03-01", date(2026, 3, 31))


def test_simple_interest_hand_computed():
    # 10 000 at 12.5 % for 30 days: 10 000 * 0.125 * 30 / 365 = 102.739726... -> 102.74
    assert fees.simple_interest(10_000, 12.5, 30) == 102.74
    # 1 000 at 8 % for 365 days = 80 exactly; 366 days (leap year) = 80.219... -> 80.22
    assert fees.simple_interest(1000, 8, 365) == 80.0
    assert fees.simple_interest(1000, 8, 366) == 80.22
    # 1 200 at 10.15 % for 45 days: 1200 * 0.1015 * 45 / 365 = 15.0164... -> 15.02
    assert fees.simple_interest(1200, 10.15, 45) == 15.02
    assert fees.simple_interest(1000, 8, 0) == 0.0
    assert fees.simple_interest(-1000, 8, 30) == 0.0
    assert fees.simple_interest(1000, 0, 30) == 0.0
    with pytest.raises(ValueError):
        fees.simple_interest(1000, -1, 30)


def test_compensation():
    assert fees.compensation(10) == 40.0
    assert fees.compensation(0) == 0.0
    assert fees.compensation(10, 55) == 55.0


def test_item_charges_all_kinds():
    today = date(2026, 5, 31)
    due = date(2026, 4, 1)  # 60 days overdue
    charges = fees.item_charges(
        1500.0,
        due,
        today,
        fixed=10,
        percent=1,
        minimum=5,
        maximum=100,
        annual_rate=fees.statutory_rate(4.0),
        compensation_amount=fees.EU_COMPENSATION,
    )
    by_kind = {c.kind: c for c in charges}
    assert set(by_kind) == {"fee", "interest", "compensation"}
    # fee: 10 + 1 % of 1 500 = 25
    assert by_kind["fee"].amount == 25.0
    # interest: 1 500 * 12 % * 60 / 365 = 29.589... -> 29.59
    interest = by_kind["interest"]
    assert interest.amount == 29.59
    assert (interest.days, interest.rate, interest.date_from, interest.date_to) == (60, 12.0, due, today)
    assert by_kind["compensation"].amount == 40.0


def test_item_charges_interest_resumes_after_previous_charge():
    today = date(2026, 5, 31)
    due = date(2026, 4, 1)
    previous = date(2026, 5, 1)  # interest charged up to 1 May: 30 more days
    charges = fees.item_charges(1000.0, due, today, annual_rate=10, interest_from=previous)
    assert len(charges) == 1
    assert charges[0].days == 30
    # 1 000 * 10 % * 30 / 365 = 8.219... -> 8.22
    assert charges[0].amount == 8.22
    # an interest date before the due date never extends the period
    charges = fees.item_charges(1000.0, due, today, annual_rate=10, interest_from=date(2026, 1, 1))
    assert charges[0].days == 60


def test_item_charges_nothing_on_nothing():
    assert fees.item_charges(0.0, date(2026, 1, 1), date(2026, 2, 1), fixed=10, annual_rate=8) == []
    assert fees.item_charges(100.0, date(2026, 1, 1), date(2026, 2, 1)) == []
    # due today: no interest days yet, fee still charged
    charges = fees.item_charges(100.0, date(2026, 2, 1), date(2026, 2, 1), fixed=5, annual_rate=8)
    assert [c.kind for c in charges] == ["fee"]


def test_item_charges_in_another_currency_convert_fixed_amounts_only():
    due, today = date(2026, 4, 1), date(2026, 5, 31)
    # an item of 1 000 USD, company in EUR, 1 EUR = 1.1 USD on the charge day
    charges = fees.item_charges(
        1000.0,
        due,
        today,
        fixed=10.0,
        percent=1.0,
        minimum=20.0,
        maximum=50.0,
        annual_rate=10,
        compensation_amount=40.0,
        rate=1.1,
    )
    by_kind = {c.kind: c for c in charges}
    # fixed 10 EUR -> 11 USD; 1 % of 1 000 USD = 10 USD, raised to the minimum 20 EUR -> 22 USD
    assert by_kind["fee"].amount == 33.0
    # interest on the item's own balance: 1 000 * 10 % * 60 / 365 = 16.44 USD
    assert by_kind["interest"].amount == 16.44
    assert by_kind["compensation"].amount == 44.0
    # the maximum is converted too: 10 % of 1 000 = 100 USD capped at 50 EUR -> 55 USD
    (fee,) = fees.item_charges(1000.0, due, today, percent=10.0, maximum=50.0, rate=1.1)
    assert fee.amount == 55.0


def test_item_charges_rate_must_be_positive():
    with pytest.raises(ValueError):
        fees.item_charges(100.0, date(2026, 1, 1), date(2026, 2, 1), fixed=5, rate=0)
