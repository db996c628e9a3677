# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from conftest import load_service

policy = load_service("rcm_collections", "contact_policy")

D = date(2026, 4, 15)  # a Wednesday


def test_no_history_allowed():
    assert policy.check(D, []) is None


def test_same_day_blocked_even_without_min_days():
    assert policy.check(D, [D], min_days=0) == policy.SAME_DAY


def test_min_days_blocks_then_allows():
    assert policy.check(D, [D - timedelta(days=4)], min_days=5) == policy.MIN_DAYS
    assert policy.check(D, [D - timedelta(days=5)], min_days=5) is None


def test_max_per_30_days_window():
    history = [D - timedelta(days=n) for n in (5, 10, 15, 20)]
    assert policy.check(D, history, min_days=5, max_per_30=4) == policy.MAX_PER_30
    assert policy.check(D, history, min_days=5, max_per_30=5) is None
    assert policy.check(D, history, min_days=5, max_per_30=0) is None  # no limit
    # 30 days ending on the day: a contact 30 days ago is out of the window
    history = [D - timedelta(days=n) for n in (5, 10, 15, 30)]
    assert policy.check(D, history, min_days=5, max_per_30=4) is None


def test_non_working_day_and_do_not_contact():
    assert policy.check(D, [], working_day=False) == policy.NON_WORKING_DAY
    assert policy.check(D, [], do_not_contact=True) == policy.DO_NOT_CONTACT
    assert policy.check(D, [], do_not_contact=True, until=D) == policy.DO_NOT_CONTACT
    assert policy.check(D, [], do_not_contact=True, until=D - timedelta(days=1)) is None


def test_future_contacts_ignored():
    assert policy.check(D, [D + timedelta(days=1)]) is None


def test_weekend_and_next_allowed():
    assert policy.is_weekend(date(2026, 4, 18)) and not policy.is_weekend(D)
    assert policy.next_allowed(D, [D - timedelta(days=2)], min_days=5) == D + timedelta(days=3)
