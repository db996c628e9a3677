# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deterministic generator of a realistic receivables ledger for RCM demos and benchmarks.

Customers get a payment *behaviour* (prompt, slow, chronic_late, disputing, bankrupt) and a
year of customer invoices, credit notes and payments. Everything goes through the ORM: invoices
are created and posted in batches; payments are created, posted and reconciled in batches with the
values and the steps of Odoo's ``account.payment.register`` wizard (or through the wizard itself
with ``--use-wizard``, several times slower), so reconciliation, payment states and exchange
differences are real.

Usage (with the Python of the virtualenv that has Odoo on its path)::

    python setup/rcm_demo_data.py -d DB [--customers 200] [--invoices 2000] [--seed 42] [--months 12]
        [--use-wizard] [--ledger-only] [-c ODOO_CONF] [--db_user U] [--db_host H] [--db_port P]
        [--addons-path PATHS]

Unless ``--ledger-only`` is given, the collections desk is then brought to life on top of the
ledger by ``setup/rcm_demo_desk.py`` (when rcm_collections is installed), in the same transaction.

or from Python, inside a transaction: ``generate(env, customers=..., invoices=...)``.

The planning half of this module (names, behaviours, dates, amounts) is pure Python and draws
everything from one ``random.Random(seed)`` before touching the database: the same seed and sizes
give the same ledger relative to ``today``. Odoo is only imported where records are written.
"""

import argparse
import importlib.util
import logging
import random
import sys
import threading
import time
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

_logger = logging.getLogger("rcm_demo_data")

BATCH_SIZE = 500

# (behaviour, weight): the share of customers showing each payment behaviour.
BEHAVIOURS = [
    ("prompt", 40),
    ("slow", 25),
    ("chronic_late", 15),
    ("disputing", 12),
    ("bankrupt", 8),
]
BEHAVIOUR_TAG_PREFIX = "Behaviour: "

# Payment terms: (xmlid in the account module, days until due) and their weights.
PAYMENT_TERMS = [
    ("account.account_payment_term_immediate", 0),
    ("account.account_payment_term_15days", 15),
    ("account.account_payment_term_30days", 30),
    ("account.account_payment_term_45days", 45),
]
PAYMENT_TERM_WEIGHTS = [10, 25, 45, 20]

# Aging buckets in days overdue (inclusive bounds), as used by the checks and the anchor invoices.
AGING_BUCKETS = [
    ("current", None, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-120", 91, 120),
    (">120", 121, None),
]
# One open "anchor" invoice per bucket (days overdue) so that small ledgers populate every bucket.
ANCHOR_DAYS_OVERDUE = [-7, 17, 46, 75, 104, 150]

# fmt: off
# country code -> (calling code, legal forms, cities, top-level domain, street names)
COUNTRIES = {
    "US": ("1", ["Inc.", "LLC", "Corp."], ["Chicago", "Denver", "Austin", "Boston", "Seattle"], "com",
           ["Main Street", "Oak Avenue", "Harbor Road", "Market Street"]),
    "CA": ("1", ["Inc.", "Ltd."], ["Toronto", "Calgary", "Ottawa", "Vancouver"], "ca",
           ["King Street", "Bay Street", "Lakeshore Road"]),
    "GB": ("44", ["Ltd", "PLC"], ["Manchester", "Leeds", "Bristol", "London"], "co.uk",
           ["High Street", "Station Road", "Church Lane"]),
    "DE": ("49", ["GmbH", "AG"], ["Hamburg", "Munich", "Cologne", "Stuttgart"], "de",
           ["Hauptstrasse", "Bahnhofstrasse", "Lindenweg"]),
    "FR": ("33", ["SAS", "SARL"], ["Lyon", "Lille", "Nantes", "Toulouse"], "fr",
           ["Rue de la Paix", "Avenue Victor Hugo", "Rue du Port"]),
    "NL": ("31", ["B.V."], ["Rotterdam", "Utrecht", "Eindhoven"], "nl", ["Kerkstraat", "Dorpsstraat"]),
    "BE": ("32", ["NV", "BV"], ["Antwerp", "Ghent", "Liege"], "be", ["Rue Royale", "Kerkstraat"]),
    "ES": ("34", ["S.L.", "S.A."], ["Valencia", "Seville", "Bilbao"], "es", ["Calle Mayor", "Gran Via"]),
    "IT": ("39", ["S.r.l.", "S.p.A."], ["Milan", "Turin", "Bologna"], "it", ["Via Roma", "Corso Italia"]),
}
COUNTRY_WEIGHTS = {"US": 30, "CA": 8, "GB": 14, "DE": 14, "FR": 10, "NL": 7, "BE": 5, "ES": 6, "IT": 6}
EURO_COUNTRIES = ["DE", "FR", "NL", "BE", "ES", "IT"]

COMPANY_PREFIXES = [
    "Northwind", "Blue Ridge", "Silverline", "Redwood", "Harbor", "Summit", "Apex", "Crescent",
    "Evergreen", "Granite", "Ironbridge", "Lakeside", "Meridian", "Oakmont", "Pinecrest", "Riverbend",
    "Sterling", "Suncoast", "Tidewater", "Westfield", "Aurora", "Beacon", "Cobalt", "Falcon",
    "Highland", "Keystone", "Lighthouse", "Maple", "Orion", "Pioneer", "Stonegate", "Trident",
    "Vanguard", "Willow", "Brightwater", "Copperfield",
]
COMPANY_ACTIVITIES = [
    "Logistics", "Foods", "Manufacturing", "Analytics", "Systems", "Retail", "Construction",
    "Pharma", "Textiles", "Motors", "Electronics", "Packaging", "Furniture", "Energy", "Media",
    "Hospitality", "Supplies", "Engineering", "Health", "Outdoor", "Marine", "Printing",
]
FIRST_NAMES = [
    "Maria", "James", "Anna", "Thomas", "Sophie", "Lucas", "Emma", "Daniel", "Laura", "Marco",
    "Julia", "Peter", "Claire", "David", "Elena", "Michael", "Sarah", "Jan", "Ines", "Oliver",
    "Hannah", "Paul", "Chloe", "Robert", "Lisa", "Tom", "Nina", "Felix", "Grace", "Victor",
]
LAST_NAMES = [
    "Keller", "Smith", "Dubois", "Jansen", "Rossi", "Garcia", "Miller", "Schmidt", "Martin",
    "Brown", "Peeters", "Fischer", "Moreau", "de Vries", "Bianchi", "Lopez", "Taylor", "Weber",
    "Laurent", "Wilson", "Becker", "Evans", "Ricci", "Navarro", "Clarke", "Hoffmann", "Bernard",
    "Visser", "Turner", "Wagner",
]
FUNCTIONS = [
    "Accounts Payable Clerk", "Finance Manager", "CFO", "Controller", "Purchasing Manager",
    "Office Manager", "CEO", "Operations Director", "Bookkeeper", "Procurement Officer",
]
# (default_code, name, type, list price)
PRODUCTS = [
    ("RCM-CONS", "Consulting (hour)", "service", 140.0),
    ("RCM-SUPP", "Support Plan (month)", "service", 450.0),
    ("RCM-TRAIN", "On-site Training (day)", "service", 1200.0),
    ("RCM-FREIGHT", "Freight Handling", "service", 85.0),
    ("RCM-PALLET", "Euro Pallet", "consu", 18.5),
    ("RCM-SENSOR", "Industrial Sensor Kit", "consu", 320.0),
    ("RCM-CABLE", "Cable Assembly (box)", "consu", 64.0),
    ("RCM-PANEL", "Control Panel", "consu", 2150.0),
]
SALESPEOPLE = [("rcm.sales1", "Olivia Bennett"), ("rcm.sales2", "Marcus Hale"), ("rcm.sales3", "Sofia Lind")]
# fmt: on
FOREIGN_SHARE = 0.1  # share of customers, and of invoices, in the foreign currency
FOREIGN_RATES = {"EUR": 0.92, "USD": 1.09}  # units of the foreign currency per company currency unit


# ---------------------------------------------------------------------------------------------
# Planning (pure Python, deterministic)
# ---------------------------------------------------------------------------------------------


def _slug(text):
    """Return an ASCII, lower-case, dot-free token usable in e-mail addresses and domains."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def _weighted(rng, pairs):
    """Pick a key from (key, weight) pairs with ``rng``."""
    keys = [key for key, _weight in pairs]
    weights = [weight for _key, weight in pairs]
    return rng.choices(keys, weights=weights)[0]


def _prepare_phone(rng, calling_code):
    """Return a plausible international phone number."""
    return f"+{calling_code} {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _prepare_person(rng, domain, calling_code, used_emails):
    """Return the plan of one contact person (name, function, e-mail, phone)."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{_slug(first)}.{_slug(last)}@{domain}"
    if email in used_emails:
        email = f"{_slug(first)}.{_slug(last)}{len(used_emails)}@{domain}"
    used_emails.add(email)
    return {
        "name": f"{first} {last}",
        "function": rng.choice(FUNCTIONS),
        "email": email,
        "phone": _prepare_phone(rng, calling_code),
    }


def _prepare_company_name(rng, used_names):
    """Return a unique company base name such as "Northwind Logistics"."""
    for _attempt in range(50):
        name = f"{rng.choice(COMPANY_PREFIXES)} {rng.choice(COMPANY_ACTIVITIES)}"
        if name not in used_names:
            break
    else:
        name = f"{name} {len(used_names) + 1}"
    used_names.add(name)
    return name


def _prepare_customer_plan(rng, index, today, used_names, nb_salespeople):
    """Return the plan of one customer: identity, behaviour, terms, contacts and invoicing habits."""
    base_name = _prepare_company_name(rng, used_names)
    foreign = rng.random() < FOREIGN_SHARE
    if foreign:
        country = rng.choice(EURO_COUNTRIES)
    else:
        country = _weighted(rng, list(COUNTRY_WEIGHTS.items()))
    calling_code, legal_forms, cities, tld, streets = COUNTRIES[country]
    domain = f"{_slug(base_name)}.{tld}"
    behaviour = _weighted(rng, BEHAVIOURS)
    term_index = rng.choices(range(len(PAYMENT_TERMS)), weights=PAYMENT_TERM_WEIGHTS)[0]
    used_emails = set()
    contacts = [_prepare_person(rng, domain, calling_code, used_emails) for _i in range(rng.randint(1, 3))]
    has_invoice_address = rng.random() < 0.3
    credit_limit = rng.choice([5000, 10000, 25000, 50000, 100000]) if rng.random() < 0.4 else 0.0
    return {
        "index": index,
        "ref": f"RCM-C{index + 1:04d}",
        "name": f"{base_name} {rng.choice(legal_forms)}",
        "country": country,
        "city": rng.choice(cities),
        "street": f"{rng.randint(1, 250)} {rng.choice(streets)}",
        "zip": f"{rng.randint(10000, 99999)}",
        "email": f"info@{domain}",
        "phone": _prepare_phone(rng, calling_code),
        "website": f"https://www.{domain}",
        "domain": domain,
        "behaviour": behaviour,
        "term_index": term_index,
        "salesperson_index": rng.randrange(nb_salespeople) if nb_salespeople else None,
        "credit_limit": credit_limit,
        "foreign_currency": foreign,
        "contacts": contacts,
        "invoice_address": has_invoice_address,
        # relative invoicing volume and ticket size
        "activity": rng.choice([1, 1, 2, 2, 3, 5, 8]),
        "size": rng.choice([0.3, 0.6, 1.0, 1.0, 1.5, 2.5, 4.0]),
        # bankrupt customers stop paying around four months ago and are no longer invoiced lately
        "stop_paying": today - timedelta(days=rng.randint(110, 130)),
        "stop_invoicing": today - timedelta(days=rng.randint(45, 75)),
    }


def _prepare_customer_plans(rng, customers, today, nb_salespeople):
    """Return the plans of ``customers`` customers, at least one of them invoiced in foreign currency."""
    used_names = set()
    plans = [_prepare_customer_plan(rng, i, today, used_names, nb_salespeople) for i in range(customers)]
    if len(plans) > 1 and not any(plan["foreign_currency"] for plan in plans):
        euro_customers = [plan for plan in plans if plan["country"] in EURO_COUNTRIES]
        (euro_customers or plans)[-1]["foreign_currency"] = True
    return plans


def _prepare_lines_plan(rng, size, nb_lines):
    """Return invoice line plans: (product index, quantity, unit price)."""
    lines = []
    for _i in range(nb_lines):
        product_index = rng.randrange(len(PRODUCTS))
        list_price = PRODUCTS[product_index][3]
        quantity = max(1, round(rng.randint(1, 20) * size))
        price = round(list_price * rng.uniform(0.85, 1.15), 2)
        lines.append((product_index, quantity, price))
    return lines


def _prepare_settlement_plan(rng, customer, invoice_date, due_date, today):
    """Decide how an invoice gets paid: ('full'|'partial'|'none', payment date, partial ratio)."""
    behaviour = customer["behaviour"]
    roll = rng.random()
    ratio = round(rng.uniform(0.2, 0.8), 2)
    if behaviour == "prompt":
        kind, delay = "full", -rng.randint(0, min(20, (due_date - invoice_date).days))
    elif behaviour == "slow":
        kind, delay = ("full" if roll < 0.95 else "partial"), rng.randint(5, 25)
    elif behaviour == "chronic_late":
        kind, delay = ("full" if roll < 0.6 else "partial"), rng.randint(30, 120)
    elif behaviour == "disputing":
        kind = "full" if roll < 0.78 else "partial" if roll < 0.88 else "none"
        delay = rng.randint(0, 20)
    else:  # bankrupt
        kind, delay = ("full" if roll < 0.7 else "partial"), rng.randint(10, 60)
    pay_date = max(invoice_date, due_date + timedelta(days=delay))
    too_late = behaviour == "bankrupt" and pay_date > customer["stop_paying"]
    if kind != "none" and (pay_date > today or too_late):
        kind = "none"
    return {"kind": kind, "date": pay_date if kind != "none" else None, "ratio": ratio}


def _prepare_invoice_plan(rng, customer, invoice_date, today, term_days, anchor=False):
    """Return the plan of one customer invoice, including how it will be settled."""
    due_date = invoice_date + timedelta(days=term_days[customer["term_index"]])
    plan = {
        "move_type": "out_invoice",
        "customer": customer["index"],
        "invoice_date": invoice_date,
        "due_date": due_date,
        "ref": f"PO-{rng.randint(10000, 99999)}",
        "lines": _prepare_lines_plan(rng, customer["size"], rng.choice([1, 1, 2, 2, 3])),
    }
    settlement = _prepare_settlement_plan(rng, customer, invoice_date, due_date, today)
    if anchor:
        settlement = {"kind": "none", "date": None, "ratio": settlement["ratio"]}
    plan["settlement"] = settlement
    return plan


def _prepare_invoice_plans(rng, customer_plans, invoices, months, today, term_days):
    """Return ``invoices`` invoice plans spread over the last ``months`` months, sorted by date.

    A few "anchor" invoices of disputing or chronically late customers are left open on purpose,
    one per aging bucket, so that even a small ledger populates every bucket.
    """
    start = today - timedelta(days=round(months * 30.44))
    span = (today - start).days
    plans = []
    late_payers = [
        c for c in customer_plans if c["behaviour"] in ("disputing", "chronic_late")
    ] or customer_plans
    for days_overdue in ANCHOR_DAYS_OVERDUE:
        if len(plans) >= invoices or not late_payers:
            break
        customer = rng.choice(late_payers)
        invoice_date = today - timedelta(days=days_overdue + term_days[customer["term_index"]])
        if invoice_date < start or invoice_date > today:
            continue
        plans.append(_prepare_invoice_plan(rng, customer, invoice_date, today, term_days, anchor=True))
    pools = {
        foreign: [c for c in customer_plans if c["foreign_currency"] == foreign] for foreign in (False, True)
    }
    while len(plans) < invoices:
        # about FOREIGN_SHARE of the invoices go to the customers invoiced in foreign currency
        pool = pools[rng.random() < FOREIGN_SHARE] or pools[False] or pools[True]
        customer = rng.choices(pool, weights=[c["activity"] for c in pool])[0]
        last_day = customer["stop_invoicing"] if customer["behaviour"] == "bankrupt" else today
        days = rng.randint(0, max(0, (last_day - start).days)) if last_day > start else rng.randint(0, span)
        plans.append(_prepare_invoice_plan(rng, customer, start + timedelta(days=days), today, term_days))
    return sorted(plans, key=lambda p: p["invoice_date"])


def _prepare_refund_plans(rng, customer_plans, count, months, today):
    """Return ``count`` credit note plans; about 60% get applied to an open invoice later."""
    start = today - timedelta(days=round(months * 30.44))
    plans = []
    for _i in range(count):
        customer = rng.choice(customer_plans)
        product_index = rng.randrange(len(PRODUCTS))
        amount = round(rng.uniform(50, 800) * customer["size"], 2)
        plans.append(
            {
                "move_type": "out_refund",
                "customer": customer["index"],
                "invoice_date": start + timedelta(days=rng.randint(0, (today - start).days)),
                "ref": rng.choice(["Damaged goods", "Price correction", "Returned items", "Service credit"]),
                "lines": [(product_index, 1, amount)],
                "apply": rng.random() < 0.6,
            }
        )
    return sorted(plans, key=lambda p: p["invoice_date"])


def _prepare_plan(seed, customers, invoices, months, today, nb_salespeople=None):
    """Return the whole ledger plan (customers, invoices, credit notes) for the given sizes."""
    nb_salespeople = len(SALESPEOPLE) if nb_salespeople is None else nb_salespeople
    rng = random.Random(seed)
    term_days = [days for _xmlid, days in PAYMENT_TERMS]
    customer_plans = _prepare_customer_plans(rng, customers, today, nb_salespeople)
    invoice_plans = _prepare_invoice_plans(rng, customer_plans, invoices, months, today, term_days)
    refund_plans = _prepare_refund_plans(rng, customer_plans, round(invoices * 0.05), months, today)
    return {"customers": customer_plans, "invoices": invoice_plans, "refunds": refund_plans}


def _prepare_rates(seed, months, today, base_rate):
    """Return deterministic monthly (date, rate) pairs covering the period, plus one for today."""
    rng = random.Random(f"{seed}-rates")
    rates = []
    first = date(today.year, today.month, 1)
    for back in range(months + 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        rates.append((date(year, month + 1, 1), round(base_rate * rng.uniform(0.95, 1.05), 6)))
    if rates[-1][0] != today:
        rates.append((today, round(base_rate * rng.uniform(0.95, 1.05), 6)))
    return rates


# ---------------------------------------------------------------------------------------------
# Database setup helpers (Odoo)
# ---------------------------------------------------------------------------------------------


def _ensure_company(env):
    """Load a generic chart of accounts if the company has none, and give it a demo name."""
    company = env.company
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    if company.name in ("YourCompany", "My Company"):
        company.name = "RCM Demo Company"
    return company


def _ensure_foreign_currency(env, company, seed, months, today):
    """Activate EUR (or USD for non-USD companies) and give it monthly rates over the period."""
    code = "EUR" if company.currency_id.name == "USD" else "USD"
    currency = env["res.currency"].with_context(active_test=False).search([("name", "=", code)], limit=1)
    if not currency.active:
        currency.active = True
    existing = set(
        env["res.currency.rate"]
        .search([("currency_id", "=", currency.id), ("company_id", "in", (company.id, False))])
        .mapped("name")
    )
    env["res.currency.rate"].create(
        [
            {"name": day, "rate": rate, "currency_id": currency.id, "company_id": company.id}
            for day, rate in _prepare_rates(seed, months, today, FOREIGN_RATES[code])
            if day not in existing
        ]
    )
    return currency


def _ensure_salespeople(env):
    """Return the demo salespeople (internal users), creating the missing ones."""
    users = env["res.users"]
    group_ids = [env.ref("base.group_user").id]
    invoice_group = env.ref("account.group_account_invoice", raise_if_not_found=False)
    if invoice_group:
        group_ids.append(invoice_group.id)
    for login, name in SALESPEOPLE:
        user = users.with_context(active_test=False).search([("login", "=", login)], limit=1)
        if not user:
            user = users.with_context(no_reset_password=True).create(
                {
                    "login": login,
                    "name": name,
                    "email": f"{login}@example.com",
                    "group_ids": [(6, 0, group_ids)],
                }
            )
        users |= user
    return users


def _ensure_payment_terms(env):
    """Return the payment terms of PAYMENT_TERMS, creating any that was deleted."""
    terms = env["account.payment.term"]
    for xmlid, days in PAYMENT_TERMS:
        term = env.ref(xmlid, raise_if_not_found=False)
        if not term:
            term = terms.create(
                {
                    "name": "Immediate Payment" if not days else f"{days} Days",
                    "line_ids": [(0, 0, {"value": "percent", "value_amount": 100.0, "nb_days": days})],
                }
            )
        terms |= term
    return terms


def _ensure_behaviour_tags(env):
    """Return {behaviour: res.partner.category}, creating the "Behaviour: ..." tags if missing."""
    tags = {}
    for behaviour, _weight in BEHAVIOURS:
        name = BEHAVIOUR_TAG_PREFIX + behaviour
        tag = env["res.partner.category"].search([("name", "=", name)], limit=1)
        tags[behaviour] = tag or env["res.partner.category"].create({"name": name})
    return tags


def _ensure_products(env):
    """Return the demo products in PRODUCTS order, creating the missing ones (without taxes)."""
    products = env["product.product"]
    for code, name, product_type, price in PRODUCTS:
        product = products.search([("default_code", "=", code)], limit=1)
        if not product:
            product = products.create(
                {
                    "default_code": code,
                    "name": name,
                    "type": product_type,
                    "list_price": price,
                    "taxes_id": [(5, 0, 0)],
                }
            )
        products |= product
    return products


# ---------------------------------------------------------------------------------------------
# Record creation helpers (Odoo)
# ---------------------------------------------------------------------------------------------


def _prepare_partner_vals(plan, countries, terms, users, tags):
    """Return the res.partner values of a customer company."""
    return {
        "name": plan["name"],
        "is_company": True,
        "ref": plan["ref"],
        "street": plan["street"],
        "city": plan["city"],
        "zip": plan["zip"],
        "country_id": countries[plan["country"]].id,
        "email": plan["email"],
        "phone": plan["phone"],
        "website": plan["website"],
        "user_id": users[plan["salesperson_index"]].id if plan["salesperson_index"] is not None else False,
        "property_payment_term_id": terms[plan["term_index"]].id,
        "category_id": [(6, 0, tags[plan["behaviour"]].ids)],
        "credit_limit": plan["credit_limit"],
    }


def _prepare_children_vals(plan, partner):
    """Return the res.partner values of a customer's contact persons and invoice address."""
    vals_list = [{**person, "parent_id": partner.id, "type": "contact"} for person in plan["contacts"]]
    if plan["invoice_address"]:
        vals_list.append(
            {
                "parent_id": partner.id,
                "type": "invoice",
                "name": "Accounts Payable",
                "email": f"accounts.payable@{plan['domain']}",
            }
        )
    return vals_list


def _create_customers(env, customer_plans):
    """Create the customer companies and their children; return (companies, invoice partners, count)."""
    countries = {
        country.code: country for country in env["res.country"].search([("code", "in", list(COUNTRIES))])
    }
    terms = _ensure_payment_terms(env)
    users = _ensure_salespeople(env)
    tags = _ensure_behaviour_tags(env)
    partners = env["res.partner"].create(
        [_prepare_partner_vals(plan, countries, terms, users, tags) for plan in customer_plans]
    )
    children_vals = []
    for plan, partner in zip(customer_plans, partners, strict=True):
        children_vals += _prepare_children_vals(plan, partner)
    children = env["res.partner"].create(children_vals)
    position = {partner_id: i for i, partner_id in enumerate(partners.ids)}
    invoice_partners = list(partners)
    for child in children.filtered(lambda c: c.type == "invoice"):
        invoice_partners[position[child.parent_id.id]] = child
    return partners, invoice_partners, len(children)


def _prepare_line_vals(product, quantity, price):
    """Return the values of an invoice line without taxes."""
    return {"product_id": product.id, "quantity": quantity, "price_unit": price}


def _prepare_move_vals(plan, customer_plans, partners, invoice_partners, products, currencies):
    """Return the account.move values of an invoice or credit note plan."""
    customer = customer_plans[plan["customer"]]
    partner = partners[plan["customer"]]
    is_invoice = plan["move_type"] == "out_invoice"
    return {
        "move_type": plan["move_type"],
        "partner_id": invoice_partners[plan["customer"]].id,
        "invoice_date": plan["invoice_date"],
        "currency_id": currencies[customer["foreign_currency"]].id,
        "invoice_payment_term_id": is_invoice and partner.property_payment_term_id.id,
        "invoice_user_id": partner.user_id.id,
        "ref": plan["ref"],
        "invoice_line_ids": [
            (0, 0, _prepare_line_vals(products[index], qty, price)) for index, qty, price in plan["lines"]
        ],
    }


def _refresh_statistics(env, counter, created):
    """Refresh PostgreSQL's planner statistics on the accounting tables when they have grown a lot.

    Some of Odoo's reconciliation queries join move lines with OR conditions; with the statistics of
    a nearly empty database, PostgreSQL plans them as nested loops over every line and they take
    minutes. ANALYZE counts the rows inserted by the current transaction, so running it whenever
    the generator has grown the ledger by half keeps the plans sane. It writes no data.
    ``counter`` is a dict keeping the number of records ``created`` so far and at the last ANALYZE.
    """
    counter["created"] = counter.get("created", 0) + created
    if counter["created"] < 1.5 * counter.get("analyzed", 200):
        return
    counter["analyzed"] = counter["created"]
    env.flush_all()
    env.cr.execute("ANALYZE account_move, account_move_line, account_partial_reconcile, account_payment")


def _create_moves(env, plans, vals_getter, counter):
    """Create and post moves in batches of BATCH_SIZE; return them in plan order."""
    moves = env["account.move"]
    for start in range(0, len(plans), BATCH_SIZE):
        batch = env["account.move"].create([vals_getter(plan) for plan in plans[start : start + BATCH_SIZE]])
        batch.action_post()
        moves |= batch
        _refresh_statistics(env, counter, len(batch))
    return moves


def _receivable_lines(moves):
    """Return the unreconciled receivable lines of ``moves``."""
    return moves.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable" and not aml.reconciled)


def _prepare_payment_vals(invoice, payment_date, amount, method_line):
    """Return account.payment values paying ``amount`` of ``invoice`` (in its currency).

    The values are those the account.payment.register wizard gives a payment of a single invoice.
    """
    return {
        "date": payment_date,
        "amount": amount,
        "payment_type": "inbound",
        "partner_type": "customer",
        "partner_id": invoice.commercial_partner_id.id,
        "currency_id": invoice.currency_id.id,
        "journal_id": method_line.journal_id.id,
        "payment_method_line_id": method_line.id,
        "memo": invoice.payment_reference or invoice.ref or invoice.name,
    }


def _register_payments_wizard(env, settlements, counter):
    """Register payments with Odoo's account.payment.register wizard (slow, for cross-checks).

    Full payments sharing a date go through one wizard (``group_payment=False``: one payment per
    invoice); partial payments get a wizard each, leaving the difference open.
    """
    full_by_date = defaultdict(lambda: env["account.move"])
    for invoice, payment_date, amount in settlements:
        if amount is None:
            full_by_date[payment_date] |= invoice
            continue
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {"payment_date": payment_date, "amount": amount, "payment_difference_handling": "open"}
        ).action_create_payments()
        _refresh_statistics(env, counter, 1)
    for payment_date, invoices in sorted(full_by_date.items(), key=lambda item: item[0]):
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({"payment_date": payment_date, "group_payment": False}).action_create_payments()
        _refresh_statistics(env, counter, len(invoices))


def _register_payments_batch(env, settlements, company, counter):
    """Register the payments in batches, doing what the wizard does: create, post, reconcile.

    Payments are created with the values of the account.payment.register wizard, posted together
    (which generates and posts their journal entries) and reconciled with their invoice through
    one reconciliation plan, exchange differences included.
    """
    journal = env["account.journal"].search(
        [*env["account.journal"]._check_company_domain(company), ("type", "=", "bank")], limit=1
    )
    method_line = journal.inbound_payment_method_line_ids[:1]
    for start in range(0, len(settlements), BATCH_SIZE):
        batch = settlements[start : start + BATCH_SIZE]
        payments = env["account.payment"].create(
            [
                _prepare_payment_vals(invoice, payment_date, amount, method_line)
                for invoice, payment_date, amount in batch
            ]
        )
        payments.action_post()
        env["account.move.line"]._reconcile_plan(
            [
                _receivable_lines(payment.move_id + invoice)
                for payment, (invoice, _date, _amount) in zip(payments, batch, strict=True)
            ]
        )
        _refresh_statistics(env, counter, len(payments))


def _register_payments(env, invoice_plans, invoices, company, counter, use_wizard=False):
    """Settle the invoices according to their plans; return (number of payments, partial ones)."""
    settlements = []
    for plan, invoice in zip(invoice_plans, invoices, strict=True):
        settlement = plan["settlement"]
        if settlement["kind"] == "full":
            amount = invoice.amount_residual if not use_wizard else None
            settlements.append((invoice, settlement["date"], amount, False))
        elif settlement["kind"] == "partial":
            amount = invoice.currency_id.round(invoice.amount_residual * settlement["ratio"])
            settlements.append((invoice, settlement["date"], amount, True))
    settlements.sort(key=lambda item: (item[1], item[0].id))
    nb_partials = sum(1 for item in settlements if item[3])
    settlements = [item[:3] for item in settlements]
    if use_wizard:
        _register_payments_wizard(env, settlements, counter)
    else:
        _register_payments_batch(env, settlements, company, counter)
    return len(settlements), nb_partials


def _apply_credit_notes(env, refund_plans, refunds, invoices):
    """Reconcile the credit notes planned as applied with the oldest open invoice of the customer.

    Returns the number of credit notes applied. All of them are reconciled in one plan.
    """
    open_invoices = defaultdict(list)
    for invoice in invoices.sorted(lambda m: (m.invoice_date, m.id)):
        if invoice.payment_state in ("not_paid", "partial"):
            key = (invoice.commercial_partner_id, invoice.currency_id)
            open_invoices[key].append([invoice, invoice.amount_residual])
    reconciliation_plan = []
    for plan, refund in zip(refund_plans, refunds, strict=True):
        candidates = open_invoices[refund.commercial_partner_id, refund.currency_id]
        if not plan["apply"] or not candidates:
            continue
        invoice, residual = candidates[0]
        reconciliation_plan.append(_receivable_lines(invoice) + _receivable_lines(refund))
        if refund.amount_residual >= residual:
            candidates.pop(0)
        else:
            candidates[0][1] = residual - refund.amount_residual
    env["account.move.line"]._reconcile_plan(reconciliation_plan)
    return len(reconciliation_plan)


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def generate(env, customers=200, invoices=2000, seed=42, months=12, today=None, use_wizard=False):
    """Generate a deterministic receivables ledger in the database of ``env`` (superuser).

    Creates ``customers`` customer companies with contacts and a payment behaviour, ``invoices``
    posted customer invoices over the last ``months`` months, about 5% as many credit notes, and
    the payments that the behaviours imply up to ``today`` (default: today in the user's timezone).
    Payments are created, posted and reconciled in batches as the account.payment.register wizard
    would; ``use_wizard=True`` goes through the wizard itself instead (slower, same ledger).
    Nothing is committed. Returns a summary dict with the counts and the elapsed seconds.
    """
    from odoo import fields

    started = time.perf_counter()
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    today = fields.Date.to_date(today) if today else fields.Date.context_today(env.user)
    company = _ensure_company(env)
    foreign = _ensure_foreign_currency(env, company, seed, months, today)
    currencies = {False: company.currency_id, True: foreign}
    products = _ensure_products(env)
    plan = _prepare_plan(seed, customers, invoices, months, today)

    partners, invoice_partners, nb_children = _create_customers(env, plan["customers"])
    _logger.info("Created %d customers and %d contacts/addresses", len(partners), nb_children)

    def vals_getter(move_plan):
        customer_plans = plan["customers"]
        return _prepare_move_vals(move_plan, customer_plans, partners, invoice_partners, products, currencies)

    counter = {}
    invoice_moves = _create_moves(env, plan["invoices"], vals_getter, counter)
    refund_moves = _create_moves(env, plan["refunds"], vals_getter, counter)
    _logger.info("Posted %d invoices and %d credit notes", len(invoice_moves), len(refund_moves))

    nb_payments, nb_partials = _register_payments(
        env, plan["invoices"], invoice_moves, company, counter, use_wizard
    )
    _logger.info("Registered %d payments (%d partial)", nb_payments, nb_partials)
    nb_applied = _apply_credit_notes(env, plan["refunds"], refund_moves, invoice_moves)
    env.flush_all()
    return {
        "partners": len(partners),
        "contacts": nb_children,
        "invoices": len(invoice_moves),
        "foreign_currency_invoices": len(invoice_moves.filtered(lambda m: m.currency_id == foreign)),
        "credit_notes": len(refund_moves),
        "credit_notes_applied": nb_applied,
        "payments": nb_payments,
        "partial_payments": nb_partials,
        "elapsed_seconds": round(time.perf_counter() - started, 1),
    }


def parse_args(argv=None):
    """Parse the command line of the CLI."""
    parser = argparse.ArgumentParser(description="Generate RCM's deterministic demo receivables ledger.")
    parser.add_argument("-d", "--database", required=True, help="database (with account installed)")
    parser.add_argument("--customers", type=int, default=200, help="number of customers (default 200)")
    parser.add_argument("--invoices", type=int, default=2000, help="customer invoices (default 2000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--months", type=int, default=12, help="months of history (default 12)")
    parser.add_argument(
        "--use-wizard", action="store_true", help="register payments through the wizard (slower)"
    )
    parser.add_argument(
        "--ledger-only",
        action="store_true",
        help="do not bring the collections desk to life (setup/rcm_demo_desk.py) after the ledger",
    )
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("--db_user", "--db-user", dest="db_user", help="PostgreSQL user")
    parser.add_argument("--db_host", "--db-host", dest="db_host", help="PostgreSQL host")
    parser.add_argument("--db_port", "--db-port", dest="db_port", help="PostgreSQL port")
    parser.add_argument("--addons-path", "--addons_path", dest="addons_path", help="Odoo addons path")
    args = parser.parse_args(argv)
    for name in ("customers", "months"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.invoices < 0:
        parser.error("--invoices must not be negative")
    return args


def odoo_config_args(args):
    """Return the Odoo command-line options (for ``config.parse_config``) matching ``args``."""
    options = ["-c", args.config] if args.config else []
    options += ["-d", args.database]
    for name in ("db_user", "db_host", "db_port"):
        value = getattr(args, name)
        if value:
            options.append(f"--{name}={value}")
    if args.addons_path:
        options.append(f"--addons-path={args.addons_path}")
    return options


def _load_desk_generator():
    """Return the module setup/rcm_demo_desk.py, next to this file."""
    path = Path(__file__).resolve().with_name("rcm_demo_desk.py")
    spec = importlib.util.spec_from_file_location("rcm_demo_desk", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    """Run the generator on a database in one transaction, committed once at the end.

    Unless ``--ledger-only`` is given and if rcm_collections is installed, the collections desk is
    then brought to life by ``rcm_demo_desk.generate_desk`` in the same transaction.
    """
    args = parse_args(argv)
    try:
        from odoo import api, fields
        from odoo.modules.registry import Registry
        from odoo.tools import config
    except ImportError:
        sys.exit("Odoo is not importable: run this script with the Python of Odoo's virtualenv.")

    config.parse_config(odoo_config_args(args), setup_logging=True)
    threading.current_thread().dbname = args.database
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        today = fields.Date.context_today(env.user)
        summary = generate(
            env,
            customers=args.customers,
            invoices=args.invoices,
            seed=args.seed,
            months=args.months,
            today=today,
            use_wizard=args.use_wizard,
        )
        if not args.ledger_only and "rcm.collection.case" in env:
            started = time.perf_counter()
            desk = _load_desk_generator().generate_desk(env, seed=args.seed, today=today)
            summary.update({f"desk_{key}": value for key, value in desk.items()})
            summary["desk_elapsed_seconds"] = round(time.perf_counter() - started, 1)
        cr.commit()
    for key, value in summary.items():
        print(f"{key}: {value}")
    return summary


if __name__ == "__main__":
    main()
