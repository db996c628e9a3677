# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a customer reads: its open receivable items as of a day, in sections (pure Python, no Odoo).

Every customer-facing document (strategy and dunning emails, SMS, letters, the statement, the portal)
is built from ``classify``, so that they all say the same thing.

Input: one *item* per open document, a mapping with

* ``key``: anything identifying the document (the caller's id), returned as it is;
* ``name``: its number; ``due``: its due date (``datetime.date``; None counts as not yet due);
* ``residual``: its open amount **in its own currency** (positive: owed by the customer; negative:
  an unapplied credit note or payment);
* ``currency``: any hashable key of its currency (the caller's currency record or code);
* ``digits``: decimals of that currency (2 when absent);
* ``exclusions``: optional list of ``(reason, amount, date)``: parts of the item taken out of
  collection, in the item's currency: ``reason`` is ``'dispute'``, ``'promise'`` (``date``: the
  promised payment date), ``'dunning_block'`` or any other reason (legal action, other).

Sections, in the order documents show them (``SECTIONS``):

``overdue``       collectible overdue: due before the day (``due < day``), minus its exclusions;
``under_review``  the disputed parts (reason ``dispute``);
``promised``      the promised parts, with the promised date (the earliest when several);
``on_hold``       the blocked parts (``dunning_block`` and every other reason);
``coming_due``    the rest of the items not yet due (``due >= day``: due today is not overdue);
``credits``       unapplied credits (negative residuals, kept negative).

An item's exclusions are taken, whatever its due date, in the order dispute, promise, hold, each
capped at what is left of the item, so that one item may appear in several sections with its parts
and its sections always add up to its residual. Each section has one total **per currency** (rounded
to the currency's digits); nothing is ever summed across currencies. An item with nothing left in a
section does not appear in it. Items are listed oldest due first, then by name.

``has_collectible`` is true when the ``overdue`` section has a positive total in some currency: a
customer without one must not be told it is overdue.
"""

import math
from collections import namedtuple

SECTIONS = ("overdue", "under_review", "promised", "on_hold", "coming_due", "credits")
#: sections whose amounts are not asked for now (shown apart, never in the overdue total)
EXCLUSION_SECTIONS = {"dispute": "under_review", "promise": "promised"}
HOLD_SECTION = "on_hold"
_EXCLUSION_ORDER = ("under_review", "promised", "on_hold")

#: one line of a section: the item's ``key``, ``name``, ``due``, ``days`` overdue (``day - due``,
#: None without due date), ``amount`` (the item's part in this section, item currency), ``currency``,
#: ``residual`` (the whole item) and ``date`` (the promised date in ``promised``, else None).
Line = namedtuple("Line", "key name due days amount currency residual date")


def _round(amount, digits):
    value = round(amount, digits)
    return 0.0 if value == 0 else value


def _days(due, day):
    return (day - due).days if due is not None else None


def classify(items, day):
    """The sections of ``items`` as of ``day``: ``{section: {"lines": [Line], "totals": {currency:
    amount}}}`` for every section of ``SECTIONS``, plus ``"has_collectible"`` (bool) and
    ``"currencies"`` (every currency met, in order of first appearance)."""
    sections = {name: [] for name in SECTIONS}
    currencies = []
    digits_of = {}
    ordered = sorted(items, key=lambda it: (it.get("due") is None, it.get("due") or day, str(it.get("name"))))
    for item in ordered:
        residual = float(item.get("residual") or 0.0)
        currency = item.get("currency")
        digits = item.get("digits", 2)
        if not _round(residual, digits):
            continue
        if currency not in digits_of:
            digits_of[currency] = digits
            currencies.append(currency)
        due = item.get("due")

        def line(section, amount, date=None, item=item, due=due, currency=currency, residual=residual):
            sections[section].append(
                Line(
                    item.get("key"), item.get("name"), due, _days(due, day), amount, currency, residual, date
                )
            )

        if residual < 0:
            line("credits", _round(residual, digits))
            continue
        parts = dict.fromkeys(_EXCLUSION_ORDER, 0.0)
        promise_dates = []
        for reason, amount, date in item.get("exclusions") or ():
            amount = float(amount or 0.0)
            if amount <= 0:
                continue
            section = EXCLUSION_SECTIONS.get(reason, HOLD_SECTION)
            parts[section] += amount
            if section == "promised" and date is not None:
                promise_dates.append(date)
        left = residual
        for section in _EXCLUSION_ORDER:
            part = _round(min(left, parts[section]), digits)
            if part > 0:
                line(section, part, min(promise_dates) if section == "promised" and promise_dates else None)
                left -= part
        left = _round(left, digits)
        if left > 0:
            line("overdue" if due is not None and due < day else "coming_due", left)
    result = {}
    for name, lines in sections.items():
        totals = {}
        for currency in currencies:
            amounts = [ln.amount for ln in lines if ln.currency == currency]
            if amounts:
                totals[currency] = _round(math.fsum(amounts), digits_of[currency])
        result[name] = {"lines": lines, "totals": totals}
    result["has_collectible"] = any(amount > 0 for amount in result["overdue"]["totals"].values())
    result["currencies"] = currencies
    return result
