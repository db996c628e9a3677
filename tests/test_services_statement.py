# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from conftest import load_service

statement = load_service("rcm_collections", "statement")

DAY = date(2026, 12, 2)


def item(key, residual, days_overdue, currency="EUR", exclusions=None, digits=2):
    return {
        "key": key,
        "name": f"INV/{key}",
        "due": DAY - timedelta(days=days_overdue) if days_overdue is not None else None,
        "residual": residual,
        "currency": currency,
        "digits": digits,
        "exclusions": exclusions or [],
    }


def keys(result, section):
    return [line.key for line in result[section]["lines"]]


def test_sections_of_a_mixed_customer():
    promise_day = date(2026, 12, 12)
    result = statement.classify(
        [
            item(1, 100.0, 40),
            item(2, 200.0, 10),
            item(3, 300.0, 20, currency="USD"),
            item(4, 400.0, 15, exclusions=[("dispute", 400.0, None)]),
            item(5, 500.0, 5, exclusions=[("promise", 500.0, promise_day)]),
            item(6, 600.0, -10),
            item(7, -70.0, 3),
            item(8, 80.0, 30, exclusions=[("dunning_block", 80.0, None)]),
        ],
        DAY,
    )
    assert keys(result, "overdue") == [1, 3, 2]  # oldest due first
    assert result["overdue"]["totals"] == {"EUR": 300.0, "USD": 300.0}  # never summed across
    assert keys(result, "under_review") == [4]
    assert result["under_review"]["totals"] == {"EUR": 400.0}
    assert keys(result, "promised") == [5]
    assert result["promised"]["lines"][0].date == promise_day
    assert keys(result, "on_hold") == [8]
    assert keys(result, "coming_due") == [6]
    assert result["coming_due"]["lines"][0].days == -10
    assert keys(result, "credits") == [7]
    assert result["credits"]["totals"] == {"EUR": -70.0}
    assert result["has_collectible"]
    assert result["currencies"] == ["EUR", "USD"]


def test_partial_exclusion_splits_the_item():
    result = statement.classify(
        [item(1, 1000.0, 10, exclusions=[("dispute", 300.0, None), ("promise", 200.0, DAY)])], DAY
    )
    assert result["under_review"]["totals"] == {"EUR": 300.0}
    assert result["promised"]["totals"] == {"EUR": 200.0}
    assert result["overdue"]["totals"] == {"EUR": 500.0}


def test_exclusions_are_capped_at_the_residual_dispute_first():
    result = statement.classify(
        [item(1, 100.0, 10, exclusions=[("promise", 80.0, DAY), ("dispute", 60.0, None)])], DAY
    )
    assert result["under_review"]["totals"] == {"EUR": 60.0}
    assert result["promised"]["totals"] == {"EUR": 40.0}
    assert result["overdue"]["lines"] == []
    assert not result["has_collectible"]


def test_due_today_is_coming_due_not_overdue():
    result = statement.classify([item(1, 50.0, 0), item(2, 20.0, None)], DAY)
    assert keys(result, "coming_due") == [1, 2]
    assert result["overdue"]["totals"] == {}
    assert not result["has_collectible"]


def test_earliest_promise_date_and_other_reasons_on_hold():
    later, sooner = date(2027, 1, 5), date(2026, 12, 20)
    result = statement.classify(
        [
            item(1, 100.0, 10, exclusions=[("promise", 30.0, later), ("promise", 20.0, sooner)]),
            item(2, 10.0, 10, exclusions=[("legal", 10.0, None)]),
        ],
        DAY,
    )
    assert result["promised"]["lines"][0].date == sooner
    assert result["promised"]["totals"] == {"EUR": 50.0}
    assert keys(result, "on_hold") == [2]


def test_totals_rounded_per_currency_digits_and_zero_items_skipped():
    result = statement.classify(
        [item(1, 0.1, 5), item(2, 0.2, 5), item(3, 1000.4, 5, currency="JPY", digits=0), item(4, 0.001, 5)],
        DAY,
    )
    assert result["overdue"]["totals"] == {"EUR": 0.3, "JPY": 1000.0}
    assert keys(result, "overdue") == [1, 2, 3]


def test_nothing_open():
    result = statement.classify([], DAY)
    assert not result["has_collectible"]
    assert all(result[name] == {"lines": [], "totals": {}} for name in statement.SECTIONS)
