# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Aged receivables as of any date, computed in SQL.

One row per receivable journal item open on the *as of* date ``D``:

* the items are the posted receivable journal items dated on or before ``D``;
* the residual of an item as of ``D`` is its balance minus the partial reconciliations whose date
  (``account_partial_reconcile.max_date``, the later of the two items' dates) is on or before ``D``:
  a payment reconciled after ``D`` does not reduce the aging as of ``D`` (computed as Odoo's stored
  residual plus the reconciliations dated after ``D``: today that is the stored residual, with no look-up
  of each item's reconciliations). Items with a residual of 0
  are left out. Credit notes and unapplied payments are open items too (negative residuals), so that
  the total of the aging equals the receivable balance of the general ledger on ``D``;
* **Conventions shared with the collections backbone, the cases and the dashboard**: the buckets hold
  every open item by days overdue, credit notes and unapplied payments included (they reduce the bucket
  of their own due date, as in Odoo's and OCA's aged balances), so the buckets add up to the total due;
  *Overdue* is what the customer owes past due: the positive residuals with a due date before ``D``,
  credits apart (the backbone's ``total_overdue``);
* days overdue are ``D - due date`` (the due date is the item's maturity, else its date), and the
  bucket follows ``rcm_collections.services.aging`` with the limits of the company (or those in
  the context, ``rcm_aging_limits``, e.g. ``"30,60,90,120,180"``);
* amounts are in company currency (``amount_residual``) and in the item's currency
  (``amount_residual_currency``).

The as of date and the limits come from the context (``rcm_aging_as_of``, ``rcm_aging_limits``), so
the same model serves today's aging (menu) and any past date (wizard), and the pivot, graph and list
views drill down to the items of a cell. Collector and team are those of the customer's open (else
latest) collection case, risk class the current one of the backbone, salesperson the invoice's
(else the customer's).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.rcm_collections.models.rcm_partner_receivable import RISK_CLASSES
from odoo.addons.rcm_collections.services import aging
from odoo.addons.rcm_collections.tools import sql as sql_tools

# Dimensions the aggregated aging (PDF, XLSX, _compute_aging) may be grouped by: key -> (SQL column of
# the items query, model of the group or None).
GROUPBY_COLUMNS = {
    "partner": ("partner_id", "res.partner"),
    "collector": ("user_id", "res.users"),
    "team": ("team_id", "rcm.collection.team"),
    "salesperson": ("salesperson_id", "res.users"),
    "company": ("company_id", "res.company"),
    "currency": ("currency_id", "res.currency"),
    "risk_class": ("risk_class", None),
}


class RcmAgingReport(models.Model):
    _name = "rcm.aging.report"
    _description = "Aged Receivables"
    _auto = False
    _order = "partner_id, date_due, id"
    _rec_name = "move_name"

    move_line_id = fields.Many2one("account.move.line", string="Journal Item", readonly=True)
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    move_name = fields.Char(string="Number", readonly=True)
    move_type = fields.Selection(
        [
            ("entry", "Journal Entry"),
            ("out_invoice", "Customer Invoice"),
            ("out_refund", "Customer Credit Note"),
            ("out_receipt", "Sales Receipt"),
            ("in_invoice", "Vendor Bill"),
            ("in_refund", "Vendor Credit Note"),
            ("in_receipt", "Purchase Receipt"),
        ],
        readonly=True,
    )
    company_id = fields.Many2one("res.company", readonly=True)
    company_currency_id = fields.Many2one("res.currency", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Collector", readonly=True)
    team_id = fields.Many2one("rcm.collection.team", string="Collection Team", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    risk_class = fields.Selection(RISK_CLASSES, readonly=True)
    date = fields.Date(readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    bucket = fields.Selection(selection="_selection_bucket", string="Aging Bucket", readonly=True)
    amount_original = fields.Monetary(
        string="Original Amount", currency_field="company_currency_id", readonly=True
    )
    amount_residual = fields.Monetary(
        string="Open Amount", currency_field="company_currency_id", readonly=True
    )
    amount_residual_currency = fields.Monetary(
        string="Open Amount in Currency", currency_field="currency_id", readonly=True, aggregator=False
    )
    amount_overdue = fields.Monetary(string="Overdue", currency_field="company_currency_id", readonly=True)

    # ------------------------------------------------------------------
    # Parameters
    # ------------------------------------------------------------------
    @api.model
    def _get_as_of(self):
        """The as of date: context ``rcm_aging_as_of`` (date or ISO string), else today."""
        value = self.env.context.get("rcm_aging_as_of")
        return fields.Date.to_date(value) if value else fields.Date.context_today(self)

    @api.model
    def _get_limits(self, company=None):
        """Bucket limits (with the implicit 0): context ``rcm_aging_limits``, else the company's."""
        text = self.env.context.get("rcm_aging_limits")
        if text:
            try:
                return aging.parse_limits(text)
            except ValueError as error:
                raise UserError(self.env._("Aging buckets: %s", error)) from error
        return (company or self.env.company)._rcm_get_aging_limits()

    @api.model
    def _selection_bucket(self):
        return [(str(index), label) for index, label in enumerate(aging.bucket_labels(self._get_limits()))]

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------
    @api.model
    def _get_items_query(self, as_of, company_ids, limits):
        """SQL of the open receivable items as of ``as_of`` (see the module docstring).

        Output columns: ``id`` (the journal item), ``move_id``, ``move_name``, ``move_type``,
        ``company_id``, ``company_currency_id``, ``currency_id``, ``partner_id`` (commercial),
        ``user_id``, ``team_id``, ``salesperson_id``, ``risk_class``, ``date``, ``date_due``,
        ``days_overdue``, ``bucket`` (index as text), ``amount_original``, ``amount_residual``,
        ``amount_residual_currency``, ``amount_overdue``. Extension point: override
        ``_get_items_where`` to narrow the items.
        """
        bucket_sql, bucket_params = aging.sql_bucket_case("i.days_overdue", limits)
        return SQL(
            """
            WITH later AS MATERIALIZED (
                -- reconciliations dated after the date, undone per item: the residual on the date is
                -- Odoo's stored residual plus what was matched after it (none today: no lookup of the
                -- item's reconciliations at all)
                SELECT line_id, SUM(amount) AS amount, SUM(amount_currency) AS amount_currency
                  FROM (SELECT debit_move_id AS line_id, amount, debit_amount_currency AS amount_currency
                          FROM account_partial_reconcile
                         WHERE max_date > %(as_of)s AND company_id = ANY(%(companies)s)
                        UNION ALL
                        SELECT credit_move_id, -amount, -credit_amount_currency
                          FROM account_partial_reconcile
                         WHERE max_date > %(as_of)s AND company_id = ANY(%(companies)s)) u
                 GROUP BY line_id
            ),
            receivable AS MATERIALIZED (
                SELECT id FROM account_account WHERE account_type = 'asset_receivable'
            ),
            lines AS (
                -- the unreconciled receivable items through Odoo's partial index
                -- account_move_line_unreconciled_index (account_id, partner_id) WHERE reconciled IS NOT TRUE
                SELECT aml.* FROM account_move_line aml
                 WHERE aml.reconciled IS NOT TRUE
                   AND aml.account_id = ANY(ARRAY(SELECT id FROM receivable))
                UNION ALL
                SELECT aml.* FROM account_move_line aml
                  JOIN later t ON t.line_id = aml.id
                 WHERE aml.reconciled
            ),
            items AS (
                SELECT aml.id, aml.move_id, aml.company_id, aml.company_currency_id, aml.currency_id,
                       p.commercial_partner_id AS partner_id, aml.date,
                       COALESCE(aml.date_maturity, aml.date) AS date_due,
                       %(as_of)s::date - COALESCE(aml.date_maturity, aml.date) AS days_overdue,
                       aml.balance AS amount_original,
                       aml.amount_residual + COALESCE(lt.amount, 0) AS amount_residual,
                       aml.amount_residual_currency + COALESCE(lt.amount_currency, 0)
                           AS amount_residual_currency
                  FROM lines aml
                  JOIN account_account acc ON acc.id = aml.account_id
                  LEFT JOIN res_partner p ON p.id = aml.partner_id
                  LEFT JOIN later lt ON lt.line_id = aml.id
                 WHERE aml.company_id = ANY(%(companies)s)
                   AND acc.account_type = 'asset_receivable'
                   AND aml.parent_state = 'posted'
                   AND aml.date <= %(as_of)s
                   %(where)s
            ),
            cases AS (
                SELECT DISTINCT ON (c.partner_id, c.company_id)
                       c.partner_id, c.company_id, c.user_id, c.team_id
                  FROM rcm_collection_case c
                 WHERE c.company_id = ANY(%(companies)s)
                 ORDER BY c.partner_id, c.company_id, (c.state = 'resolved'), c.id DESC
            )
            SELECT i.id, i.id AS move_line_id, i.move_id, m.name AS move_name, m.move_type,
                   i.company_id, i.company_currency_id,
                   i.currency_id, i.partner_id, cs.user_id, cs.team_id,
                   COALESCE(m.invoice_user_id, cp.user_id) AS salesperson_id,
                   COALESCE(r.risk_class, 'low') AS risk_class,
                   i.date, i.date_due, i.days_overdue,
                   (%(bucket)s)::varchar AS bucket,
                   i.amount_original, i.amount_residual, i.amount_residual_currency,
                   CASE WHEN i.days_overdue > 0 AND i.amount_residual > 0 THEN i.amount_residual ELSE 0 END
                       AS amount_overdue
              FROM items i
              -- LEFT (every item has its entry): PostgreSQL drops the join when no entry column is read
              -- (an aging by customer or collector)
              LEFT JOIN account_move m ON m.id = i.move_id
              LEFT JOIN res_partner cp ON cp.id = i.partner_id
              LEFT JOIN cases cs ON cs.partner_id = i.partner_id AND cs.company_id = i.company_id
              LEFT JOIN rcm_partner_receivable r
                     ON r.partner_id = i.partner_id AND r.company_id = i.company_id
             WHERE i.amount_residual != 0 OR i.amount_residual_currency != 0
            """,
            as_of=as_of,
            companies=list(company_ids),
            where=self._get_items_where(),
            bucket=SQL(bucket_sql, *bucket_params),
        )

    @api.model
    def _read_group(self, *args, **kwargs):
        """Pivot and graph views aggregate the whole ledger's open items: without JIT compilation (see
        ``rcm_collections.tools.sql.without_jit``)."""
        with sql_tools.without_jit(self.env.cr):
            return super()._read_group(*args, **kwargs)

    @api.model
    def _get_items_where(self):
        """Extra condition (``SQL``, starting with ``AND``) on the journal items ``aml``."""
        return SQL()

    @api.model
    def _get_company_ids(self):
        """Companies of the report: context ``rcm_aging_company_ids`` within the allowed companies."""
        allowed = self.env.companies.ids
        wanted = self.env.context.get("rcm_aging_company_ids")
        return [cid for cid in wanted if cid in allowed] if wanted else allowed

    @property
    def _table_query(self):
        return self._get_items_query(self._get_as_of(), self._get_company_ids(), self._get_limits())

    # ------------------------------------------------------------------
    # Aggregated aging (PDF, XLSX, benchmark)
    # ------------------------------------------------------------------
    @api.model
    def _get_group_names(self, comodel, ids):
        """``{id: name}`` of the groups of an aggregated aging (records of ``comodel``).

        Customers are named by their stored ``complete_name`` read in one query (thousands of rows on a
        big ledger: computing ``display_name`` took longer than the aging itself); other groups (a few
        collectors, teams, companies, currencies) by ``display_name``. Read as superuser: only the names
        of the groups the report already shows.
        """
        if comodel == "res.partner":
            return dict(
                self.env.execute_query(
                    SQL("SELECT id, complete_name FROM res_partner WHERE id = ANY(%s)", list(ids))
                )
            )
        return {record.id: record.display_name for record in self.env[comodel].sudo().browse(ids)}

    @api.model
    def _compute_aging(self, as_of=None, company=None, limits=None, groupby="partner"):
        """Aged receivables as of ``as_of`` aggregated by ``groupby``, in one SQL statement.

        ``company``: a company recordset (one or more, default the current companies); ``limits``: the
        bucket limits tuple with its leading 0 (default the first company's); ``groupby`` a key of
        ``GROUPBY_COLUMNS``. Returns ``{"as_of", "limits", "labels", "rows", "totals"}`` where each row
        is ``{"key", "name", "buckets": [amount per bucket], "total", "overdue", "count"}`` (company
        currency, rounded to 2 decimals, sorted by name) and ``totals`` the same for all rows.
        """
        as_of = fields.Date.to_date(as_of) if as_of else fields.Date.context_today(self)
        companies = company or self.env.companies
        limits = tuple(limits) if limits else companies[:1]._rcm_get_aging_limits()
        if groupby not in GROUPBY_COLUMNS:
            raise UserError(self.env._("Unknown aging grouping %s.", groupby))
        column, comodel = GROUPBY_COLUMNS[groupby]
        self.env.flush_all()
        buckets = SQL(", ").join(
            SQL("ROUND(SUM(amount_residual) FILTER (WHERE bucket = %s), 2)", str(index))
            for index in range(len(limits) + 1)
        )
        with sql_tools.without_jit(self.env.cr):
            rows = self.env.execute_query(
                SQL(
                    """
                SELECT %(column)s, %(buckets)s, ROUND(SUM(amount_residual), 2),
                       ROUND(SUM(amount_overdue), 2), COUNT(*)
                  FROM (%(items)s) items
                 GROUP BY %(column)s
                """,
                    column=SQL.identifier(column),
                    buckets=buckets,
                    items=self._get_items_query(as_of, companies.ids, limits),
                )
            )
        if comodel:
            names = self._get_group_names(comodel, [row[0] for row in rows if row[0]])
        else:
            names = dict(self._fields[column]._description_selection(self.env))
        size = len(limits) + 1
        unassigned = self.env._("Unassigned")
        result_rows = []
        for row in rows:
            key = row[0]
            result_rows.append(
                {
                    "key": key,
                    "name": names.get(key) or unassigned,
                    "buckets": [float(value or 0.0) for value in row[1 : size + 1]],
                    "total": float(row[size + 1] or 0.0),
                    "overdue": float(row[size + 2] or 0.0),
                    "count": row[size + 3],
                }
            )
        result_rows.sort(key=lambda r: (r["name"] or "").lower())
        # one pass, in the rows' order (thousands of customers)
        bucket_totals, total, overdue, count = [0.0] * size, 0.0, 0.0, 0
        for r in result_rows:
            for index, value in enumerate(r["buckets"]):
                bucket_totals[index] += value
            total += r["total"]
            overdue += r["overdue"]
            count += r["count"]
        totals = {
            "buckets": [round(value, 2) for value in bucket_totals],
            "total": round(total, 2),
            "overdue": round(overdue, 2),
            "count": count,
        }
        return {
            "as_of": as_of,
            "limits": limits,
            "labels": aging.bucket_labels(limits),
            "rows": result_rows,
            "totals": totals,
            "groupby": groupby,
            "companies": companies,
        }

    @api.model
    def action_open(self, as_of=None, limits_text=None, companies=None):
        """Window action on the aging as of ``as_of`` with ``limits_text`` buckets (pivot first),
        restricted to ``companies`` when given."""
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_reports.rcm_aging_report_action")
        context = {"rcm_aging_as_of": fields.Date.to_string(as_of) if as_of else False}
        if limits_text:
            context["rcm_aging_limits"] = limits_text
        if companies:
            context["rcm_aging_company_ids"] = companies.ids
        action["context"] = context
        if as_of:
            action["name"] = self.env._("Aged Receivables as of %s", fields.Date.to_string(as_of))
        return action

    def action_open_move(self):
        """Open the journal entry of the item (invoice, credit note, payment)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }
