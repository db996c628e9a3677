# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from conftest import load_service

sim = load_service("rcm_reports", "simulation")

MON = date(2026, 11, 2)  # a Monday


def _contact(partner, day, ref):
    return {"partner": partner, "date": day, "channel": "email", "origin": "strategy", "ref": ref}


def test_ledger_is_seeded_and_covers_every_profile():
    one = sim.generate_ledger(7, 12, 30, MON)
    two = sim.generate_ledger(7, 12, 30, MON)
    assert [(i.key, i.amount, i.due, i.payments) for i in one.invoices] == [
        (i.key, i.amount, i.due, i.payments) for i in two.invoices
    ]
    assert {c.profile for c in one.customers} == set(sim.PROFILES)
    assert one.history() and all(inv.date.weekday() < 5 for inv in one.invoices)
    never = {c.key for c in one.customers if c.profile == "never"}
    assert not [inv for inv in one.invoices if inv.customer in never and inv.payments]
    on_time = [inv for inv in one.invoices if one.customer(inv.customer).profile == "on_time"]
    assert all(when <= inv.due + timedelta(days=2) for inv in on_time for when, _share in inv.payments)
    # answers are reproducible whatever the order of the questions
    assert sim.call_outcome(one, "C0001", MON) == sim.call_outcome(two, "C0001", MON)


def test_kept_promise_plans_the_payment():
    ledger = sim.generate_ledger(3, 6, 30, MON)
    promiser = next(c for c in ledger.customers if c.profile == "promiser")
    promiser.keep_rate = 1.0
    invoices = [inv for inv in ledger.invoices if inv.customer == promiser.key][:1]
    invoices[0].payments = [(MON + timedelta(days=60), 1.0)]  # planned late: the promise brings it forward
    promise = ledger.promise(promiser.key, MON, 100.0, invoices)
    assert promise.kept and promise.promised > MON and promise.promised.weekday() < 5
    assert (promise.promised, 1.0) in invoices[0].payments
    assert (invoices[0], 1.0) in ledger.payments_of(promise.promised)
    assert not ledger.payments_of(MON + timedelta(days=60))


def test_contact_policy_catches_each_breach_and_passes_clean_data():
    policy = {
        "min_days": 3,
        "max_per_30": 3,
        "non_working_weekdays": {5, 6},
        "do_not_contact": {"P9": MON + timedelta(days=10)},
    }
    clean = [_contact("P1", MON, 1), _contact("P1", MON + timedelta(days=3), 2), _contact("P2", MON, 3)]
    assert sim.check_contact_policy(clean, policy) == []
    twice = sim.check_contact_policy([_contact("P1", MON, 1), _contact("P1", MON, 2)], {})
    assert [v.message for v in twice] == ["contacted twice the same day"]
    assert twice[0].refs == (1, 2)
    close = sim.check_contact_policy(
        [_contact("P1", MON, 1), _contact("P1", MON + timedelta(days=1), 2)], policy
    )
    assert "minimum 3" in close[0].message
    many = [_contact("P1", MON + timedelta(days=d), d) for d in (0, 3, 7, 10)]
    assert ["4 contacts in 30 days (maximum 3)"] == [
        v.message for v in sim.check_contact_policy(many, policy)
    ]
    saturday = sim.check_contact_policy([_contact("P1", MON + timedelta(days=5), 1)], policy)
    assert saturday[0].message == "contacted on a non-working day"
    dnc = sim.check_contact_policy([_contact("P9", MON, 1)], policy)
    assert dnc[0].message == "contacted while on do not contact"
    assert sim.check_contact_policy([_contact("P9", MON + timedelta(days=11), 1)], policy) == []
    # only the judged day is reported
    assert sim.check_contact_policy(many, policy, day=MON) == []


def test_documents_catch_excluded_and_not_yet_due_items():
    truth = {
        ("INV1", MON): {"due": MON - timedelta(days=10), "residual": 100.0, "excluded": 0.0},
        ("INV2", MON): {"due": MON - timedelta(days=10), "residual": 100.0, "excluded": 100.0},
        ("INV3", MON): {"due": MON + timedelta(days=5), "residual": 50.0, "excluded": 0.0},
        ("INV4", MON): {"due": MON - timedelta(days=3), "residual": 80.0, "excluded": 30.0},
    }
    clean = {
        "ref": "D1",
        "partner": "P1",
        "date": MON,
        "items": [
            {"move": "INV1", "section": "overdue", "amount": 100.0},
            {"move": "INV2", "section": "excluded", "amount": 100.0},
            {"move": "INV3", "section": "coming_due", "amount": 50.0},
            {"move": "INV4", "section": "overdue", "amount": 50.0},
        ],
    }
    assert sim.check_documents([clean], truth) == []
    disputed = dict(clean, items=[{"move": "INV2", "section": "overdue", "amount": 100.0}])
    assert "excluded amount presented as overdue" in sim.check_documents([disputed], truth)[0].message
    partly = dict(clean, items=[{"move": "INV4", "section": "overdue", "amount": 80.0}])
    assert sim.check_documents([partly], truth)[0].refs == ("D1", "INV4")
    early = dict(clean, items=[{"move": "INV3", "section": "overdue", "amount": 50.0}])
    assert "not yet due" in sim.check_documents([early], truth)[0].message


def test_contact_with_nothing_collectible():
    contacts = [_contact("P1", MON, 1), _contact("P2", MON, 2)]
    violations = sim.check_collectible_contacts(contacts, {("P1", MON): 250.0, ("P2", MON): 0.0})
    assert [(v.invariant, v.partner) for v in violations] == [("c", "P2")]
    assert sim.check_collectible_contacts(contacts[:1], {("P1", MON): 250.0}) == []


def test_owners():
    cases = [
        {"id": 1, "partner": "P1", "state": "in_progress", "user": 7},
        {"id": 2, "partner": "P2", "state": "resolved", "user": None},
    ]
    activities = [{"id": 10, "case": 1, "partner": "P1", "user": 7}]
    assert sim.check_owners(cases, activities, {1, 2}, MON) == []
    unowned = sim.check_owners([dict(cases[0], user=None)], [], {1, 2}, MON)
    assert unowned[0].message == "open case without a collector"
    bot = sim.check_owners(cases, [dict(activities[0], user=1)], {1, 2}, MON)
    assert bot[0].invariant == "d" and "not a human" in bot[0].message


def test_flags():
    clean = [
        {"id": 1, "partner": "P1", "flagged": True, "reason": "2 overdue activities", "live": True},
        {"id": 2, "partner": "P2", "flagged": False, "reason": "", "live": False},
    ]
    assert sim.check_flags(clean, MON) == []
    assert sim.check_flags([dict(clean[0], reason="")], MON)[0].message == "flag without a reason"
    assert "reason is gone" in sim.check_flags([dict(clean[0], live=False)], MON)[0].message


def test_fees():
    fees = [
        {"id": 1, "partner": "P1", "move": 10, "level": 2, "kind": "fee", "state": "posted"},
        {"id": 2, "partner": "P1", "move": 10, "level": 3, "kind": "fee", "state": "posted"},
        {"id": 3, "partner": "P1", "move": 10, "level": 2, "kind": "interest", "state": "posted"},
        {"id": 4, "partner": "P1", "move": 10, "level": 2, "kind": "fee", "state": "cancelled"},
    ]
    assert sim.check_fees(fees, MON) == []
    twice = sim.check_fees([*fees, dict(fees[0], id=5, state="draft")], MON)
    assert twice[0].refs == (1, 5) and twice[0].invariant == "f"


def test_check_all_and_figures():
    snapshot = sim.Snapshot(
        day=MON,
        contacts=[_contact("P1", MON, 1), _contact("P1", MON, 2)],
        policy={},
        documents=[],
        truth={},
        collectible={("P1", MON): 10.0},
        cases=[
            {
                "id": 1,
                "partner": "P1",
                "state": "in_progress",
                "user": 7,
                "flagged": True,
                "reason": "x",
                "live": True,
            }
        ],
        activities=[],
        non_human_users={1},
        fees=[],
    )
    violations = sim.check_all(snapshot)
    assert [v.invariant for v in violations] == ["a"]
    figures = sim.day_figures(snapshot, violations, new_invoices=3, collected=120.5, flagged_before=set())
    assert figures["contacts"] == 2 and figures["flags_raised"] == 1 and figures["by_invariant"] == {"a": 1}
    assert "violations=1 (a=1)" in sim.format_day(figures)
    summary = sim.summarize([figures], customers=2, opening_receivable=1000.0, invoiced=205.0)
    assert summary["contacts_per_customer_month"] == 30.0
    assert summary["collected_pct"] == 10.0
