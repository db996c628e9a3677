# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A simulated collections desk: a seeded ledger, a day-by-day plan and the invariants, on plain data.

The Odoo driver (``rcm_reports/models/rcm_simulation.py``) writes what this module plans into a
database, runs RCM's crons day after day and hands back plain snapshots that the invariant
functions below check. Nothing here imports Odoo, so the planning and every invariant are tested
without a database (``tests/test_services_simulation.py``).

Protocol
========

1. ``ledger = generate_ledger(seed, customers, days, start)``: customers with a behaviour profile
   and their invoices, from ``start - HISTORY_DAYS`` to the last simulated day (the invoices dated
   before ``start`` make the opening ledger); each invoice carries its planned payments
   (``Invoice.payments``: ``(date, share of the amount)``) drawn from the customer's profile.
2. For each simulated day ``D``: ``ledger.invoices_of(D)`` are posted, ``ledger.payments_of(D)``
   registered; the crons run; ``call_outcome(ledger, customer, D)`` says how a called customer
   answers (a promise: ``ledger.promise(...)`` plans its payment, kept or not; a dispute); then the
   driver builds a ``Snapshot`` and ``check_all(snapshot)`` lists the violations.
3. ``day_figures(...)`` per day and ``summarize(...)`` at the end.

Everything random comes from ``random.Random`` seeded by the seed and, for the answers of a
day, by (seed, customer, day): the same seed gives the same ledger and the same answers whatever
the order in which the driver asks.

Profiles
========

==============  ===================================================================================
``on_time``     pays every invoice in full on or a few days before its due date
``late``        pays in full, ``mean_delay`` days after the due date on average (exponential)
``partial``     pays half of each invoice late, the rest much later (or never, one time in three)
``never``       pays nothing
``disputer``    pays late; when reached by a call, disputes its oldest overdue invoice
``promiser``    pays very late; when reached, promises the overdue amount within a week and keeps
                the promise with probability ``keep_rate`` (paid on the promised date)
==============  ===================================================================================

Invariants
==========

Each ``check_*`` function takes lists/dicts and returns a list of ``Violation`` (empty when clean):

(a) ``check_contact_policy``: no customer contacted twice the same day, nor within ``min_days`` of
    the previous contact, nor more than ``max_per_30`` times in a 30-day window, nor on a
    non-working day, nor while on *do not contact*;
(b) ``check_documents``: no customer-facing document lists, in its overdue section, an item not yet
    due on its date or an amount above what is collectible (residual less the excluded: disputed,
    promised, blocked);
(c) ``check_collectible_contacts``: no contact to a customer with nothing collectible that day;
(d) ``check_owners``: every open case has a collector, every open activity a human owner;
(e) ``check_flags``: every flagged case has a reason, and that reason is still live;
(f) ``check_fees``: no charge twice for the same invoice, dunning level and kind.
"""

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

HISTORY_DAYS = 60
TOLERANCE = 0.01

# profile -> (weight, mean delay in days after the due date)
PROFILES = {
    "on_time": (30, 0),
    "late": (25, 20),
    "partial": (12, 25),
    "never": (8, 0),
    "disputer": (12, 15),
    "promiser": (13, 45),
}
PAYMENT_TERMS = (15, 30, 30, 45)
INVOICE_EVERY = (7, 14, 21, 30)  # mean days between two invoices of a customer
NON_WORKING_WEEKDAYS = frozenset({5, 6})


@dataclass
class Customer:
    key: str
    name: str
    profile: str
    mean_delay: float
    second_currency: bool
    invoice_every: int
    amount_mean: float
    reach_rate: float
    keep_rate: float


@dataclass
class Invoice:
    key: str
    customer: str
    date: date
    due: date
    amount: float
    second_currency: bool
    payments: list = field(default_factory=list)  # [(date, share of the amount)]


@dataclass
class Promise:
    customer: str
    date: date
    promised: date
    amount: float
    kept: bool


@dataclass
class Ledger:
    seed: int
    start: date
    days: int
    customers: list
    invoices: list
    promises: list = field(default_factory=list)

    @property
    def end(self):
        return self.start + timedelta(days=self.days - 1)

    def sim_days(self):
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def customer(self, key):
        return next(c for c in self.customers if c.key == key)

    def invoices_of(self, day):
        """Invoices dated ``day``."""
        return [inv for inv in self.invoices if inv.date == day]

    def history(self):
        """Invoices dated before the first simulated day (the opening ledger)."""
        return [inv for inv in self.invoices if inv.date < self.start]

    def payments_of(self, day):
        """[(invoice, share of its amount)] planned for ``day``."""
        return [(inv, share) for inv in self.invoices for when, share in inv.payments if when == day]

    def history_payments(self):
        """[(invoice, date, share)] planned before the first simulated day."""
        return [
            (inv, when, share) for inv in self.invoices for when, share in inv.payments if when < self.start
        ]

    def promise(self, customer, day, amount, invoices):
        """A promise of ``customer`` taken on ``day`` for ``amount`` on ``invoices`` (open ones, oldest
        first): decides the promised date and whether it is kept; a kept promise plans the payment of
        those invoices on the promised date. Returns the ``Promise``."""
        cust = self.customer(customer)
        rng = _day_rng(self.seed, customer, day, "promise")
        promised = next_working_day(day + timedelta(days=rng.randint(3, 7)))
        kept = rng.random() < cust.keep_rate
        promise = Promise(customer, day, promised, round(amount, 2), kept)
        if kept:
            for inv in invoices:
                inv.payments = [(when, share) for when, share in inv.payments if when < day]
                rest = 1.0 - sum(share for when, share in inv.payments)
                if rest > TOLERANCE:
                    inv.payments.append((promised, rest))
        self.promises.append(promise)
        return promise


def next_working_day(day, non_working=NON_WORKING_WEEKDAYS):
    while day.weekday() in non_working:
        day += timedelta(days=1)
    return day


def _day_rng(seed, customer, day, topic):
    return random.Random(f"{seed}:{customer}:{day.isoformat()}:{topic}")


def _plan_payments(rng, cust, inv):
    """Planned payments of ``inv``: [(date, share)], from the customer's profile."""

    def late(mean):
        return inv.due + timedelta(days=max(1, round(rng.expovariate(1 / mean))))

    profile = cust.profile
    if profile == "on_time":
        return [(inv.due - timedelta(days=rng.randint(0, 3)), 1.0)]
    if profile in ("late", "disputer"):
        return [(late(cust.mean_delay), 1.0)]
    if profile == "partial":
        first = late(cust.mean_delay)
        if rng.random() < 1 / 3:
            return [(first, 0.5)]
        return [(first, 0.5), (first + timedelta(days=rng.randint(20, 50)), 0.5)]
    if profile == "promiser":
        return [(late(cust.mean_delay), 1.0)]
    return []  # never


def generate_ledger(seed, customers, days, start, second_currency_share=0.2):
    """A seeded ledger of ``customers`` customers invoiced from ``start - HISTORY_DAYS`` to the last of
    ``days`` simulated days (invoices on working days only), with their planned payments."""
    if customers < 1 or days < 1:
        raise ValueError("customers and days must be at least 1")
    rng = random.Random(seed)
    names = list(PROFILES)
    weights = [PROFILES[name][0] for name in names]
    result = []
    invoices = []
    first = start - timedelta(days=HISTORY_DAYS)
    end = start + timedelta(days=days - 1)
    for index in range(customers):
        profile = names[index % len(names)] if index < len(names) else rng.choices(names, weights)[0]
        cust = Customer(
            key=f"C{index + 1:04d}",
            name=f"Sim Customer {index + 1:04d} ({profile})",
            profile=profile,
            mean_delay=PROFILES[profile][1],
            second_currency=rng.random() < second_currency_share,
            invoice_every=rng.choice(INVOICE_EVERY),
            amount_mean=rng.choice((400, 900, 2500, 6000)),
            reach_rate=rng.uniform(0.4, 0.8),
            keep_rate=rng.uniform(0.3, 0.8),
        )
        result.append(cust)
        day = first + timedelta(days=rng.randint(0, cust.invoice_every))
        count = 0
        while day <= end:
            day = next_working_day(day)
            if day > end:
                break
            count += 1
            amount = round(max(50.0, rng.gauss(cust.amount_mean, cust.amount_mean / 3)), 2)
            inv = Invoice(
                key=f"{cust.key}-{count:03d}",
                customer=cust.key,
                date=day,
                due=day + timedelta(days=rng.choice(PAYMENT_TERMS)),
                amount=amount,
                second_currency=cust.second_currency,
            )
            inv.payments = [(next_working_day(when), share) for when, share in _plan_payments(rng, cust, inv)]
            invoices.append(inv)
            day += timedelta(days=max(1, round(rng.expovariate(1 / cust.invoice_every))))
    return Ledger(seed=seed, start=start, days=days, customers=result, invoices=invoices)


def call_outcome(ledger, customer, day):
    """How ``customer`` answers a collector's call on ``day``: ``no_answer``, ``reached``,
    ``promise`` (promisers) or ``dispute`` (disputers), reproducible for (seed, customer, day)."""
    cust = ledger.customer(customer)
    rng = _day_rng(ledger.seed, customer, day, "call")
    if rng.random() >= cust.reach_rate:
        return "no_answer"
    if cust.profile == "promiser":
        return "promise"
    if cust.profile == "disputer" and rng.random() < 0.7:
        return "dispute"
    if cust.profile in ("late", "partial") and rng.random() < 0.3:
        return "promise"
    return "reached"


# ----------------------------------------------------------------------------------------------------
# Invariants
# ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Violation:
    invariant: str  # a .. f
    day: date
    partner: object
    message: str
    refs: tuple = ()

    def __str__(self):
        refs = f" [{', '.join(str(ref) for ref in self.refs)}]" if self.refs else ""
        return f"({self.invariant}) {self.day} partner {self.partner}: {self.message}{refs}"


def check_contact_policy(contacts, policy=None, day=None):
    """(a) ``contacts``: [{partner, date, channel, origin, ref}], all the contacts so far (so that the
    windows look back); only contacts dated ``day`` are judged when ``day`` is given.

    ``policy``: {min_days, max_per_30, non_working_weekdays (ints, Monday 0), holidays (dates),
    do_not_contact: {partner: until date or None (for good)}}; missing keys are not enforced, except
    that two contacts of one customer on one day are always a violation."""
    policy = policy or {}
    min_days = policy.get("min_days") or 0
    max_per_30 = policy.get("max_per_30") or 0
    non_working = set(policy.get("non_working_weekdays") or ())
    holidays = set(policy.get("holidays") or ())
    dnc = policy.get("do_not_contact") or {}
    by_partner = defaultdict(list)
    for contact in contacts:
        by_partner[contact["partner"]].append(contact)
    violations = []
    for partner, items in by_partner.items():
        items = sorted(items, key=lambda c: (c["date"], str(c.get("ref"))))
        for index, contact in enumerate(items):
            when = contact["date"]
            if day is not None and when != day:
                continue
            ref = contact.get("ref")

            def add(message, *refs, when=when, partner=partner):
                violations.append(Violation("a", when, partner, message, refs))

            earlier = items[:index]
            same_day = [c for c in earlier if c["date"] == when]
            if same_day:
                add("contacted twice the same day", same_day[-1].get("ref"), ref)
            elif min_days and earlier:
                gap = (when - earlier[-1]["date"]).days
                if gap < min_days:
                    add(
                        f"contacted {gap} days after the previous contact (minimum {min_days})",
                        earlier[-1].get("ref"),
                        ref,
                    )
            if max_per_30:
                window = [c for c in items[: index + 1] if (when - c["date"]).days < 30]
                if len(window) > max_per_30:
                    add(f"{len(window)} contacts in 30 days (maximum {max_per_30})", ref)
            if when.weekday() in non_working or when in holidays:
                add("contacted on a non-working day", ref)
            if partner in dnc:
                until = dnc[partner]
                if until is None or when <= until:
                    add("contacted while on do not contact", ref)
    return violations


def check_documents(documents, truth):
    """(b) ``documents``: [{ref, partner, date, items: [{move, section, amount}]}] where ``section`` is
    ``overdue`` for what the document presents as overdue (others: coming_due, excluded, credit...);
    ``truth``: {(move, date): {due, residual, excluded}} as of the document's date. An overdue item
    must be past due (due date before the document's date) and its amount at most its collectible
    part (residual less excluded)."""
    violations = []
    for doc in documents:
        for item in doc["items"]:
            if item["section"] != "overdue":
                continue
            facts = truth.get((item["move"], doc["date"]))
            if facts is None:
                continue
            refs = (doc["ref"], item["move"])
            if facts["due"] and facts["due"] >= doc["date"]:
                violations.append(
                    Violation(
                        "b",
                        doc["date"],
                        doc["partner"],
                        f"not yet due item (due {facts['due']}) presented as overdue",
                        refs,
                    )
                )
            collectible = max(0.0, facts["residual"] - facts["excluded"])
            if facts["excluded"] > TOLERANCE and item["amount"] > collectible + TOLERANCE:
                violations.append(
                    Violation(
                        "b",
                        doc["date"],
                        doc["partner"],
                        f"excluded amount presented as overdue: {item['amount']:.2f} shown, "
                        f"{collectible:.2f} collectible ({facts['excluded']:.2f} excluded)",
                        refs,
                    )
                )
    return violations


def check_collectible_contacts(contacts, collectible):
    """(c) ``collectible``: {(partner, date): collectible overdue amount that day}; a contact to a
    customer with nothing collectible (missing or at most the tolerance) is a violation."""
    return [
        Violation("c", c["date"], c["partner"], "contacted with nothing collectible", (c.get("ref"),))
        for c in contacts
        if collectible.get((c["partner"], c["date"]), 0.0) <= TOLERANCE
    ]


def check_owners(cases, activities, non_human_users, day):
    """(d) ``cases``: [{id, partner, state, user}] (open ones are judged); ``activities``:
    [{id, case, partner, user}] open activities; ``non_human_users``: ids of OdooBot, the superuser,
    portal/public and inactive users."""
    violations = [
        Violation("d", day, case["partner"], "open case without a collector", (case["id"],))
        for case in cases
        if case["state"] != "resolved" and not case["user"]
    ]
    violations += [
        Violation(
            "d",
            day,
            act["partner"],
            f"activity owned by {act['user'] or 'nobody'}, not a human",
            (act["id"], act.get("case")),
        )
        for act in activities
        if not act["user"] or act["user"] in non_human_users
    ]
    return violations


def check_flags(cases, day):
    """(e) ``cases``: [{id, partner, flagged, reason, live}] where ``live`` says whether the cause of
    the flag still holds; a flag without a reason or whose cause is gone is a violation."""
    violations = []
    for case in cases:
        if not case["flagged"]:
            continue
        if not (case["reason"] or "").strip():
            violations.append(Violation("e", day, case["partner"], "flag without a reason", (case["id"],)))
        elif not case["live"]:
            violations.append(
                Violation(
                    "e", day, case["partner"], f"flag whose reason is gone: {case['reason']}", (case["id"],)
                )
            )
    return violations


def check_fees(fees, day):
    """(f) ``fees``: [{id, partner, move, level, kind, state}]; two charges not cancelled of one
    invoice, level and kind are a violation."""
    groups = defaultdict(list)
    for fee in fees:
        if fee["state"] != "cancelled":
            groups[(fee["move"], fee["level"], fee["kind"])].append(fee)
    return [
        Violation(
            "f",
            day,
            items[0]["partner"],
            f"{kind} charged {len(items)} times at level {level}",
            tuple(fee["id"] for fee in items),
        )
        for (move, level, kind), items in groups.items()
        if len(items) > 1
    ]


@dataclass
class Snapshot:
    """What the driver read from the database at the end of one simulated day."""

    day: date
    contacts: list  # every contact so far (a)
    policy: dict
    documents: list  # documents sent today (b)
    truth: dict
    collectible: dict  # (c)
    cases: list  # (d, e)
    activities: list
    non_human_users: set
    fees: list


def check_all(snapshot):
    """Every invariant on one day's snapshot (contacts and documents of that day are judged)."""
    day = snapshot.day
    today_contacts = [c for c in snapshot.contacts if c["date"] == day]
    violations = check_contact_policy(snapshot.contacts, snapshot.policy, day=day)
    violations += check_documents([d for d in snapshot.documents if d["date"] == day], snapshot.truth)
    violations += check_collectible_contacts(today_contacts, snapshot.collectible)
    violations += check_owners(snapshot.cases, snapshot.activities, snapshot.non_human_users, day)
    violations += check_flags(snapshot.cases, day)
    violations += check_fees(snapshot.fees, day)
    return violations


# ----------------------------------------------------------------------------------------------------
# Figures
# ----------------------------------------------------------------------------------------------------
def day_figures(snapshot, violations, new_invoices, collected, flagged_before):
    """Figures of one day: contacts, new invoices, collected (company currency), open cases, flags
    raised and cleared (against the flagged case ids of the day before), violations by invariant."""
    flagged = {case["id"] for case in snapshot.cases if case["flagged"]}
    return {
        "day": snapshot.day,
        "contacts": sum(1 for c in snapshot.contacts if c["date"] == snapshot.day),
        "new_invoices": new_invoices,
        "collected": round(collected, 2),
        "open_cases": sum(1 for case in snapshot.cases if case["state"] != "resolved"),
        "flags_raised": len(flagged - flagged_before),
        "flags_cleared": len(flagged_before - flagged),
        "violations": len(violations),
        "by_invariant": dict(Counter(v.invariant for v in violations)),
        "flagged": flagged,
    }


def format_day(figures):
    by = " ".join(f"{k}={v}" for k, v in sorted(figures["by_invariant"].items()))
    return (
        f"{figures['day']} contacts={figures['contacts']} new_invoices={figures['new_invoices']} "
        f"collected={figures['collected']:.2f} open_cases={figures['open_cases']} "
        f"flags +{figures['flags_raised']}/-{figures['flags_cleared']} violations={figures['violations']}"
        + (f" ({by})" if by else "")
    )


def summarize(figures, customers, opening_receivable, invoiced):
    """Run summary: contacts per customer per month (30 days), collected % of what was owed (opening
    receivable + invoiced during the run), flags raised/cleared, violations by invariant."""
    days = len(figures)
    contacts = sum(f["contacts"] for f in figures)
    collected = sum(f["collected"] for f in figures)
    owed = opening_receivable + invoiced
    by_invariant = Counter()
    for f in figures:
        by_invariant.update(f["by_invariant"])
    return {
        "days": days,
        "customers": customers,
        "contacts": contacts,
        "contacts_per_customer_month": round(contacts / customers / (days / 30), 2)
        if days and customers
        else 0.0,
        "collected": round(collected, 2),
        "collected_pct": round(collected / owed * 100, 1) if owed > TOLERANCE else None,
        "flags_raised": sum(f["flags_raised"] for f in figures),
        "flags_cleared": sum(f["flags_cleared"] for f in figures),
        "violations": sum(f["violations"] for f in figures),
        "by_invariant": dict(by_invariant),
        "open_cases_end": figures[-1]["open_cases"] if figures else 0,
    }


def is_close(a, b):
    return math.isclose(a, b, abs_tol=TOLERANCE)
