# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..services import statement as statement_service


class RcmCustomerStatement(models.AbstractModel):
    """What a customer reads about its account as of a day: one place for every customer-facing
    document (strategy and dunning emails, SMS, letters, the customer statement, the portal).

    ``_get_statement`` (``_get_statements`` for many customers at once) reads the customer's open
    receivable items as of the day from the ledger (the backbone's
    ``rcm.partner.receivable._get_open_items_query``: documents dated after the day do not count yet)
    and their exclusions (``rcm.collection.exclusion``: disputes, promises with their date, dunning
    blocks), in two queries whatever the number of items and customers, and classifies them with
    ``services/statement.py``: collectible overdue items, under review, promised, on hold, coming due
    and unapplied credits, each with one total per invoice currency, amounts in the invoice currency.
    """

    _name = "rcm.customer.statement"
    _description = "Customer-Facing Account Statement"

    @api.model
    def _get_statement(self, partner, company, day=None):
        """The sections of the open items of ``partner`` (its commercial entity) in ``company`` as of
        ``day`` (default: today), as ``services.statement.classify`` returns them, with currency
        records as currencies and invoice ids as keys, plus ``partner``, ``company``, ``day`` and
        ``moves`` (``{invoice id: account.move}``). Server-side helper: callers check access (it reads
        the ledger in SQL, past record rules). One customer's ``_get_statements``."""
        return self._get_statements(partner, company, day)[partner.id]

    @api.model
    def _get_statements(self, partners, company, day=None):
        """``{partner id: statement}``: the statement (see ``_get_statement``) of each of ``partners``
        in ``company`` as of ``day`` (default: today), read for all of them in two queries (their open
        items, then the exclusions of those items), so that a batch of customer documents does not
        read the ledger once per customer. Records are those of this environment, ``partner`` being
        each one's commercial entity (as the partner's own environment has it)."""
        day = fields.Date.to_date(day) or fields.Date.context_today(self)
        if not partners:
            return {}
        commercials = partners.commercial_partner_id
        self.env.flush_all()
        open_items = self.env["rcm.partner.receivable"]._get_open_items_query(
            company, partner_ids=commercials.ids, today=day
        )
        # one row per customer and invoice: a journal entry may carry the items of several customers
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT o.partner_id, o.move_id, m.name, m.currency_id,
                       COALESCE(MIN(o.due) FILTER (WHERE o.residual > 0), MIN(o.due)) AS due,
                       SUM(o.residual_currency) AS residual_currency, SUM(o.residual) AS residual
                  FROM (%s) o
                  JOIN account_move m ON m.id = o.move_id
                 GROUP BY o.partner_id, o.move_id, m.name, m.currency_id
                 ORDER BY o.partner_id, o.move_id
                """,
                open_items,
            )
        )
        all_moves = self.env["account.move"].browse(dict.fromkeys(row["move_id"] for row in rows))
        exclusions = self._get_exclusions(all_moves, day)
        currencies = self.env["res.currency"].browse({row["currency_id"] for row in rows})
        by_currency = {currency.id: currency for currency in currencies}
        rows_by_partner = defaultdict(list)
        for row in rows:
            rows_by_partner[row["partner_id"]].append(row)
        statements = {}
        for partner in partners:
            partner_rows = rows_by_partner.get(partner.commercial_partner_id.id, [])
            items = []
            for row in partner_rows:
                currency = by_currency.get(row["currency_id"]) or company.currency_id
                residual = row["residual_currency"]
                if residual is None or currency == company.currency_id:
                    residual = row["residual"]
                items.append(
                    {
                        "key": row["move_id"],
                        "name": row["name"],
                        "due": row["due"],
                        "residual": float(residual),
                        "currency": currency,
                        "digits": currency.decimal_places,
                        "exclusions": exclusions.get(row["move_id"], []),
                    }
                )
            moves = all_moves.browse([row["move_id"] for row in partner_rows]).with_prefetch(
                all_moves._prefetch_ids
            )
            statement = statement_service.classify(items, day)
            statement.update(
                partner=partner.commercial_partner_id,
                company=company,
                day=day,
                moves={move.id: move for move in moves},
            )
            statements[partner.id] = statement
        return statements

    @api.model
    def _get_exclusions(self, moves, day):
        """``{invoice id: [(reason, amount, promised date or None)]}``: the exclusions in force on
        ``day`` (invoice currency), promises with the date promised, read in one go."""
        if not moves:
            return {}
        # sudo: server-side reading of the exclusions of documents the caller already may see
        exclusions = (
            self.env["rcm.collection.exclusion"]
            .sudo()
            .search(
                [
                    ("move_id", "in", moves.ids),
                    "|",
                    ("date_until", "=", False),
                    ("date_until", ">=", day),
                ]
            )
        )
        promise_ids = [
            excl.source_ref.id
            for excl in exclusions
            if excl.reason == "promise" and excl.source_ref and excl.source_ref._name == "rcm.promise"
        ]
        promise_dates = {
            promise.id: promise.promised_date
            for promise in self.env["rcm.promise"].sudo().browse(promise_ids).exists()
        }
        result = defaultdict(list)
        for excl in exclusions:
            date = None
            if excl.reason == "promise" and excl.source_ref and excl.source_ref._name == "rcm.promise":
                date = promise_dates.get(excl.source_ref.id)
            result[excl.move_id.id].append((excl.reason, excl.amount, date))
        return dict(result)


class RcmCollectionCase(models.Model):
    _inherit = "rcm.collection.case"

    def _rcm_get_customer_statement(self, day=None):
        """The customer statement of this case's customer (``rcm.customer.statement._get_statement``):
        what the strategy email templates list."""
        self.ensure_one()
        return self.env["rcm.customer.statement"]._get_statement(self.partner_id, self.company_id, day)
