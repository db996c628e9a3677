# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The receivable backbone: one row per commercial partner and company.

Every figure is computed by one set-based SQL statement over the posted receivable journal items
(`_get_backbone_query`) and written with a single ``INSERT ... ON CONFLICT DO UPDATE`` that only
touches rows whose figures changed. All amounts are in the company currency.

Definitions (as of ``today``: documents dated after ``today`` and reconciliations dated after it are
not counted yet, see ``_get_open_items_query``):

* ``total_due``: sum of the residual of all open receivable items (invoices, credit notes and
  unreconciled payments net out);
* ``total_overdue``: sum of the positive residuals whose due date is before today;
* ``amount_unapplied``: credit notes and payments not yet matched (positive number);
* aging buckets: the residuals split by days overdue with the company's limits, credit notes and
  unapplied payments included (they reduce the bucket of their own due date), as the aging report,
  Odoo's and OCA's aged balances do: the buckets add up to ``total_due``;
* ``excluded_amount``: the part of the overdue amount excluded from collection
  (``rcm.collection.exclusion``: disputes, promises, dunning blocks ...), capped per invoice at
  its overdue residual; ``collectible_overdue = total_overdue - excluded_amount``;
* ``oldest_overdue_days``: days overdue of the oldest open overdue item;
  ``oldest_collectible_days`` the same over invoices not fully excluded;
* payment behaviour over reconciliations of the last 12 months between invoices and payments
  (credit notes excluded), weighted by the reconciled amount: ``avg_days_to_pay`` (payment date
  minus invoice date), ``avg_days_late`` (payment date minus due date), the same lateness over the
  last 6 months and the 6 before (for the risk trend), and the share of invoices paid late;
* ``last_payment_date`` / ``last_payment_amount``: the latest customer payment.
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..services import aging
from ..services import risk as risk_service
from ..tools import sql as sql_tools

_logger = logging.getLogger(__name__)

RISK_CLASSES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]

# Stored columns written by the SQL refresh, in the order of the backbone query's output.
BACKBONE_COLUMNS = (
    "total_due",
    "total_overdue",
    "amount_unapplied",
    "amount_current",
    "amount_bucket_1",
    "amount_bucket_2",
    "amount_bucket_3",
    "amount_bucket_4",
    "amount_bucket_5",
    "excluded_amount",
    "collectible_overdue",
    "oldest_overdue_days",
    "oldest_collectible_days",
    "oldest_collectible_due",
    "open_invoice_count",
    "avg_days_to_pay",
    "avg_days_late",
    "avg_days_late_recent",
    "avg_days_late_previous",
    "share_paid_late",
    "last_payment_date",
    "last_payment_amount",
)


class RcmPartnerReceivable(models.Model):
    _name = "rcm.partner.receivable"
    _inherit = ["rcm.workflow.mixin"]
    _description = "Customer Receivable (Collections Backbone)"
    _order = "collectible_overdue desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    total_due = fields.Monetary(readonly=True)
    total_overdue = fields.Monetary(string="Overdue", readonly=True)
    amount_unapplied = fields.Monetary(
        string="Unapplied Credits", readonly=True, help="Credit notes and payments not matched yet."
    )
    amount_current = fields.Monetary(string="Current", readonly=True)
    amount_bucket_1 = fields.Monetary(string="1-30", readonly=True)
    amount_bucket_2 = fields.Monetary(string="31-60", readonly=True)
    amount_bucket_3 = fields.Monetary(string="61-90", readonly=True)
    amount_bucket_4 = fields.Monetary(string="91-120", readonly=True)
    amount_bucket_5 = fields.Monetary(string=">120", readonly=True)
    excluded_amount = fields.Monetary(
        string="Excluded",
        readonly=True,
        help="Overdue amount excluded from collection (disputes, promises...).",
    )
    collectible_overdue = fields.Monetary(readonly=True)
    oldest_overdue_days = fields.Integer(readonly=True)
    oldest_collectible_days = fields.Integer(readonly=True)
    oldest_collectible_due = fields.Date(
        readonly=True, help="Due date of the oldest overdue item not excluded from collection."
    )
    open_invoice_count = fields.Integer(readonly=True)
    avg_days_to_pay = fields.Float(string="Avg. Days to Pay", digits=(16, 1), readonly=True)
    avg_days_late = fields.Float(string="Avg. Days Late", digits=(16, 1), readonly=True)
    avg_days_late_recent = fields.Float(
        string="Avg. Days Late (last 6 months)", digits=(16, 1), readonly=True
    )
    avg_days_late_previous = fields.Float(
        string="Avg. Days Late (6 months before)", digits=(16, 1), readonly=True
    )
    share_paid_late = fields.Float(digits=(16, 3), readonly=True)
    last_payment_date = fields.Date(readonly=True)
    last_payment_amount = fields.Monetary(readonly=True)
    credit_limit = fields.Float(related="partner_id.credit_limit")
    credit_used_pct = fields.Float(
        string="Credit Limit Use (%)", compute="_compute_credit_used_pct", digits=(16, 1)
    )
    risk_points = fields.Float(digits=(16, 2), readonly=True)
    risk_class_auto = fields.Selection(RISK_CLASSES, string="Computed Risk", readonly=True)
    risk_override = fields.Selection(
        RISK_CLASSES,
    )
    risk_override_reason = fields.Char()
    risk_class = fields.Selection(
        RISK_CLASSES,
        compute="_compute_risk_class",
        store=True,
        index=True,
        help="The override when set, else the class computed nightly from payment behaviour.",
    )

    # computed from the ledger only (SQL refresh); managers write the risk override and its reason
    _rcm_workflow_fields = (
        "partner_id",
        "company_id",
        *BACKBONE_COLUMNS,
        "risk_points",
        "risk_class_auto",
        "risk_class",
    )

    _partner_company_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id)", "One receivable row per customer and company."
    )

    @api.depends("risk_class_auto", "risk_override")
    def _compute_risk_class(self):
        for row in self:
            row.risk_class = row.risk_override or row.risk_class_auto or "low"

    @api.depends("total_due", "credit_limit")
    def _compute_credit_used_pct(self):
        for row in self:
            limit = row.partner_id.credit_limit
            row.credit_used_pct = 100.0 * row.total_due / limit if limit else 0.0

    @api.constrains("risk_override", "risk_override_reason")
    def _check_risk_override_reason(self):
        for row in self:
            if row.risk_override and not (row.risk_override_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give a reason when you override the risk class of %s.", row.partner_id.display_name
                    )
                )

    # ------------------------------------------------------------------
    # Set-based refresh
    # ------------------------------------------------------------------
    @api.model
    def _get_open_items_query(self, company, partner_ids=None, today=None):
        """SQL selecting the open receivable items of ``company`` as of ``today``: posted journal items on
        receivable accounts dated on or before ``today`` with a residual as of ``today`` (debits and
        unapplied credits alike).

        As of a date means what the aging report (rcm_reports) means by it: a document dated after
        ``today`` (a credit note dated in two days, a post-dated payment) is not counted yet, and neither is
        a reconciliation with it (``account_partial_reconcile.max_date`` after ``today``): the invoice it
        pays stays open for its full amount until that date. Such reconciliations always involve an item
        dated after ``today``, so they are found through Odoo's ``(account_id, date)`` index.

        Columns: ``id``, ``move_id``, ``partner_id`` (the commercial partner), ``residual`` (company
        currency), ``residual_currency`` and ``due`` (due date, else the item's date). Restricted to the
        commercial partners ``partner_ids`` when given. The backbone and rcm_dunning's run select their
        items through it: override it to narrow which receivable items count for collections.
        """
        today = today or fields.Date.context_today(self)
        partner_filter = (
            SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        # the customers' journal items through the (account_id, partner_id) index (one-customer refresh)
        item_partner_filter = (
            SQL(
                "AND aml.partner_id IN (SELECT id FROM res_partner WHERE commercial_partner_id = ANY(%s))",
                list(partner_ids),
            )
            if partner_ids is not None
            else SQL()
        )
        return SQL(
            """
            WITH receivable AS MATERIALIZED (
                SELECT id FROM account_account WHERE account_type = 'asset_receivable'
            ),
            fut_partials AS MATERIALIZED (
                -- reconciliations dated after today (they involve an item dated after today)
                SELECT DISTINCT f.id, f.debit_move_id, f.credit_move_id, f.amount,
                       f.debit_amount_currency, f.credit_amount_currency
                  FROM account_move_line fl
                  JOIN account_partial_reconcile f ON fl.id IN (f.debit_move_id, f.credit_move_id)
                 WHERE fl.company_id = %(company)s AND fl.date > %(today)s
                   AND fl.account_id = ANY(ARRAY(SELECT id FROM receivable))
                   AND f.max_date > %(today)s
            ),
            fut AS (
                SELECT line_id, SUM(amount) AS amount, SUM(amount_currency) AS amount_currency
                  FROM (SELECT debit_move_id AS line_id, amount, debit_amount_currency AS amount_currency
                          FROM fut_partials
                        UNION ALL
                        SELECT credit_move_id, -amount, -credit_amount_currency FROM fut_partials) u
                 GROUP BY line_id
            ),
            lines AS (
                -- the columns read below, taken once: the unreconciled items through Odoo's partial
                -- index account_move_line_unreconciled_index (account_id, partner_id) WHERE reconciled IS
                -- NOT TRUE, and the reconciled ones still open today (matched after today). Joining
                -- journal items again by id made PostgreSQL scan the whole table (it expects the partial
                -- index to return ten times the rows it does)
                SELECT aml.id, aml.move_id, aml.partner_id, aml.company_id, aml.account_id, aml.parent_state,
                       aml.date, aml.date_maturity, aml.amount_residual, aml.amount_residual_currency
                  FROM account_move_line aml
                 WHERE aml.company_id = %(company)s
                   AND aml.account_id = ANY(ARRAY(SELECT id FROM receivable))
                   AND aml.reconciled IS NOT TRUE
                   %(item_partner_filter)s
                UNION ALL
                SELECT aml.id, aml.move_id, aml.partner_id, aml.company_id, aml.account_id, aml.parent_state,
                       aml.date, aml.date_maturity, aml.amount_residual, aml.amount_residual_currency
                  FROM account_move_line aml
                  JOIN fut ON fut.line_id = aml.id
                 WHERE aml.reconciled
            )
            SELECT aml.id, aml.move_id, p.commercial_partner_id AS partner_id,
                   aml.amount_residual + COALESCE(fut.amount, 0) AS residual,
                   aml.amount_residual_currency + COALESCE(fut.amount_currency, 0) AS residual_currency,
                   COALESCE(aml.date_maturity, aml.date) AS due
              FROM lines aml
              JOIN res_partner p ON p.id = aml.partner_id
              LEFT JOIN fut ON fut.line_id = aml.id
             WHERE aml.company_id = %(company)s
               AND aml.account_id = ANY(ARRAY(SELECT id FROM receivable))
               AND aml.parent_state = 'posted'
               AND aml.date <= %(today)s
               AND aml.amount_residual + COALESCE(fut.amount, 0) != 0
               %(partner_filter)s
            """,
            company=company.id,
            today=today,
            partner_filter=partner_filter,
            item_partner_filter=item_partner_filter,
        )

    @api.model
    def _get_invoice_payments_query(self, company_ids=None, partner_ids=None):
        """SQL of the payments of customer invoices: one row per partial reconciliation of a customer
        invoice's receivable item with a payment (not with a credit note or another invoice).

        Columns: ``id`` (the partial reconciliation), ``company_id``, ``partner_id`` (the commercial
        partner), ``move_id`` (the invoice), ``amount`` (company currency), ``day`` (the reconciliation
        date, ``max_date``), ``invoice_date`` and ``date_due`` (the item's due date, else its date).
        Restricted to ``company_ids`` / the commercial partners ``partner_ids`` when given; callers filter
        on ``day``. Payment behaviour figures (backbone, KPIs, forecast, collector performance) read it.
        """
        return SQL(
            """
            SELECT apr.id, apr.company_id, p.commercial_partner_id AS partner_id, inv.move_id, apr.amount,
                   apr.max_date AS day, COALESCE(mv.invoice_date, inv.date) AS invoice_date,
                   COALESCE(inv.date_maturity, inv.date) AS date_due
              FROM account_partial_reconcile apr
              JOIN account_move_line inv ON inv.id = apr.debit_move_id
              JOIN account_move mv ON mv.id = inv.move_id
              JOIN account_move_line pay ON pay.id = apr.credit_move_id
              JOIN account_move pmv ON pmv.id = pay.move_id
              JOIN res_partner p ON p.id = inv.partner_id
             WHERE mv.move_type = 'out_invoice'
               AND pmv.move_type NOT IN ('out_refund', 'out_invoice')
               %s %s
            """,
            SQL("AND apr.company_id = ANY(%s)", list(company_ids)) if company_ids is not None else SQL(),
            SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL(),
        )

    @api.model
    def _get_backbone_query(self, company, partner_ids=None, today=None):
        """SQL computing the backbone figures of ``company`` (one row per commercial partner).

        Output columns: ``partner_id``, ``company_id`` then ``BACKBONE_COLUMNS`` in order.
        Restricted to the commercial partners ``partner_ids`` when given. The items counted come from
        ``_get_open_items_query`` (extension point).
        """
        today = today or fields.Date.context_today(self)
        limits = company._rcm_get_aging_limits()
        case_sql, case_params = aging.sql_bucket_case("raw.days", limits)
        bucket_sql = SQL(case_sql, *case_params)
        partner_filter = (
            SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        year_ago = fields.Date.subtract(today, months=12)
        half_year_ago = fields.Date.subtract(today, months=6)
        return SQL(
            """
            WITH raw AS (
                SELECT o.id, o.move_id, o.partner_id, o.residual, o.due, %(today)s::date - o.due AS days
                  FROM (%(open_items)s) o
            ),
            items AS (SELECT raw.*, %(bucket)s AS bucket FROM raw),
            moves AS (
                SELECT i.move_id, i.partner_id,
                       SUM(i.residual) FILTER (WHERE i.residual > 0 AND i.days > 0) AS overdue,
                       MAX(i.days) FILTER (WHERE i.residual > 0 AND i.days > 0) AS days,
                       MIN(i.due) FILTER (WHERE i.residual > 0 AND i.days > 0) AS due
                  FROM items i
                 GROUP BY i.move_id, i.partner_id
            ),
            excluded AS (
                SELECT m.move_id, m.partner_id, m.days, m.due,
                       LEAST(m.overdue, COALESCE(SUM(e.amount_company), 0)) AS excluded,
                       m.overdue
                  FROM moves m
                  LEFT JOIN rcm_collection_exclusion e
                         ON e.move_id = m.move_id AND e.active
                        AND (e.date_until IS NULL OR e.date_until >= %(today)s)
                 WHERE m.overdue > 0
                 GROUP BY m.move_id, m.partner_id, m.days, m.due, m.overdue
            ),
            excl_partner AS (
                SELECT partner_id, SUM(excluded) AS excluded_amount,
                       MAX(days) FILTER (WHERE excluded < overdue) AS oldest_collectible_days,
                       MIN(due) FILTER (WHERE excluded < overdue) AS oldest_collectible_due
                  FROM excluded
                 GROUP BY partner_id
            ),
            open_agg AS (
                SELECT i.partner_id,
                       SUM(i.residual) AS total_due,
                       SUM(i.residual) FILTER (WHERE i.residual > 0 AND i.days > 0) AS total_overdue,
                       -SUM(i.residual) FILTER (WHERE i.residual < 0) AS amount_unapplied,
                       SUM(i.residual) FILTER (WHERE i.bucket = 0) AS b0,
                       SUM(i.residual) FILTER (WHERE i.bucket = 1) AS b1,
                       SUM(i.residual) FILTER (WHERE i.bucket = 2) AS b2,
                       SUM(i.residual) FILTER (WHERE i.bucket = 3) AS b3,
                       SUM(i.residual) FILTER (WHERE i.bucket = 4) AS b4,
                       SUM(i.residual) FILTER (WHERE i.bucket = 5) AS b5,
                       MAX(i.days) FILTER (WHERE i.residual > 0 AND i.days > 0) AS oldest_overdue_days,
                       COUNT(DISTINCT i.move_id) FILTER (WHERE i.residual > 0) AS open_invoice_count
                  FROM items i
                 GROUP BY i.partner_id
            ),
            paid AS (
                SELECT ip.partner_id, ip.move_id, ip.amount,
                       ip.day - ip.invoice_date AS days_to_pay,
                       ip.day - ip.date_due AS days_late,
                       ip.day AS max_date
                  FROM (%(payments)s) ip
                 WHERE ip.day > %(year_ago)s AND ip.day <= %(today)s
            ),
            paid_agg AS (
                SELECT partner_id,
                       SUM(days_to_pay * amount) / NULLIF(SUM(amount), 0) AS avg_days_to_pay,
                       SUM(days_late * amount) / NULLIF(SUM(amount), 0) AS avg_days_late,
                       SUM(days_late * amount) FILTER (WHERE max_date > %(half_year_ago)s)
                         / NULLIF(SUM(amount) FILTER (WHERE max_date > %(half_year_ago)s), 0)
                         AS avg_days_late_recent,
                       SUM(days_late * amount) FILTER (WHERE max_date <= %(half_year_ago)s)
                         / NULLIF(SUM(amount) FILTER (WHERE max_date <= %(half_year_ago)s), 0)
                         AS avg_days_late_previous,
                       COUNT(DISTINCT move_id) FILTER (WHERE days_late > 0)::float
                         / NULLIF(COUNT(DISTINCT move_id), 0) AS share_paid_late
                  FROM paid
                 GROUP BY partner_id
            ),
            last_pay AS (
                SELECT DISTINCT ON (p.commercial_partner_id)
                       p.commercial_partner_id AS partner_id, aml.date, -aml.balance AS amount
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE aml.company_id = %(company)s
                   AND aml.payment_id IS NOT NULL
                   AND acc.account_type = 'asset_receivable'
                   AND aml.parent_state = 'posted'
                   AND aml.balance < 0
                   %(partner_filter)s
                 ORDER BY p.commercial_partner_id, aml.date DESC, aml.id DESC
            ),
            partners AS (
                SELECT partner_id FROM open_agg
                UNION SELECT partner_id FROM paid_agg
                UNION SELECT partner_id FROM last_pay
            )
            SELECT pt.partner_id, %(company)s AS company_id,
                   COALESCE(o.total_due, 0), COALESCE(o.total_overdue, 0), COALESCE(o.amount_unapplied, 0),
                   COALESCE(o.b0, 0), COALESCE(o.b1, 0), COALESCE(o.b2, 0), COALESCE(o.b3, 0),
                   COALESCE(o.b4, 0), COALESCE(o.b5, 0),
                   COALESCE(x.excluded_amount, 0),
                   COALESCE(o.total_overdue, 0) - COALESCE(x.excluded_amount, 0),
                   COALESCE(o.oldest_overdue_days, 0), COALESCE(x.oldest_collectible_days, 0),
                   x.oldest_collectible_due,
                   COALESCE(o.open_invoice_count, 0),
                   COALESCE(ROUND(pa.avg_days_to_pay::numeric, 1), 0),
                   COALESCE(ROUND(pa.avg_days_late::numeric, 1), 0),
                   ROUND(pa.avg_days_late_recent::numeric, 1),
                   ROUND(pa.avg_days_late_previous::numeric, 1),
                   ROUND(pa.share_paid_late::numeric, 3),
                   lp.date, lp.amount
              FROM partners pt
              LEFT JOIN open_agg o ON o.partner_id = pt.partner_id
              LEFT JOIN excl_partner x ON x.partner_id = pt.partner_id
              LEFT JOIN paid_agg pa ON pa.partner_id = pt.partner_id
              LEFT JOIN last_pay lp ON lp.partner_id = pt.partner_id
            """,
            today=today,
            bucket=bucket_sql,
            company=company.id,
            open_items=self._get_open_items_query(company, partner_ids=partner_ids, today=today),
            payments=self._get_invoice_payments_query([company.id], partner_ids=partner_ids),
            partner_filter=partner_filter,
            year_ago=year_ago,
            half_year_ago=half_year_ago,
        )

    @api.model
    def _refresh(self, companies=None, partner_ids=None, today=None):
        """Recompute the backbone (all customers, or the commercial partners ``partner_ids``).

        One statement per company computes every figure and upserts only the rows whose figures
        changed; rows of customers that have nothing left are zeroed. The risk class of the changed
        rows is reclassified and collection cases are synchronised. Returns the changed rows.
        """
        today = today or fields.Date.context_today(self)
        if partner_ids is not None:
            partner_ids = list(set(partner_ids))
            if not partner_ids:
                return self.browse()
        companies = companies or self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        self.env.flush_all()
        cols = SQL(", ").join(SQL.identifier(col) for col in BACKBONE_COLUMNS)
        sets = SQL(", ").join(
            SQL("%s = EXCLUDED.%s", SQL.identifier(col), SQL.identifier(col)) for col in BACKBONE_COLUMNS
        )
        old = SQL(", ").join(SQL("r.%s", SQL.identifier(col)) for col in BACKBONE_COLUMNS)
        new = SQL(", ").join(SQL("EXCLUDED.%s", SQL.identifier(col)) for col in BACKBONE_COLUMNS)
        zero = SQL(", ").join(
            SQL("%s = NULL", SQL.identifier(col))
            if col
            in (
                "avg_days_late_recent",
                "avg_days_late_previous",
                "share_paid_late",
                "last_payment_date",
                "oldest_collectible_due",
            )
            else SQL("%s = 0", SQL.identifier(col))
            for col in BACKBONE_COLUMNS
        )
        scope = SQL("AND r.partner_id = ANY(%s)", partner_ids) if partner_ids is not None else SQL()
        changed_ids = []
        for company in companies:
            query = self._get_backbone_query(company, partner_ids=partner_ids, today=today)
            with sql_tools.without_jit(self.env.cr):
                rows = self.env.execute_query(
                    SQL(
                        """
                    WITH q AS (%(query)s),
                    upsert AS (
                        INSERT INTO rcm_partner_receivable AS r
                               (partner_id, company_id, %(cols)s, risk_class,
                                create_uid, create_date, write_uid, write_date)
                        SELECT q.*, 'low', %(uid)s, now() AT TIME ZONE 'UTC',
                               %(uid)s, now() AT TIME ZONE 'UTC'
                          FROM q
                        ON CONFLICT (partner_id, company_id) DO UPDATE
                           SET %(sets)s, write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
                         WHERE (%(old)s) IS DISTINCT FROM (%(new)s)
                        RETURNING r.id
                    ),
                    zeroed AS (
                        UPDATE rcm_partner_receivable r
                           SET %(zero)s, write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
                         WHERE r.company_id = %(company)s %(scope)s
                           AND (r.total_due != 0 OR r.total_overdue != 0 OR r.amount_unapplied != 0
                                OR r.last_payment_date IS NOT NULL OR r.avg_days_to_pay != 0)
                           AND NOT EXISTS (SELECT 1 FROM q WHERE q.partner_id = r.partner_id)
                        RETURNING r.id
                    )
                    SELECT id FROM upsert UNION ALL SELECT id FROM zeroed
                    """,
                        query=query,
                        cols=cols,
                        sets=sets,
                        old=old,
                        new=new,
                        zero=zero,
                        uid=self.env.uid,
                        company=company.id,
                        scope=scope,
                    )
                )
            changed_ids += [row[0] for row in rows]
        self.invalidate_model()
        changed = self.browse(changed_ids)
        changed._update_risk()
        self.env["rcm.collection.case"]._sync_cases(companies=companies, partner_ids=partner_ids, today=today)
        return changed

    def _prepare_payment_behaviour(self, row, broken_promises):
        """Payment behaviour (services.risk.PaymentBehaviour) of a backbone row given as a dict."""
        return risk_service.PaymentBehaviour(
            avg_days_late_recent=row["avg_days_late_recent"],
            avg_days_late_previous=row["avg_days_late_previous"],
            share_paid_late=min(1.0, max(0.0, row["share_paid_late"] or 0.0)),
            exposure=row["total_due"],
            credit_limit=row["credit_limit"] or None,
            broken_promises=broken_promises,
            max_days_overdue=row["oldest_overdue_days"],
        )

    def _update_risk(self):
        """Reclassify the risk of these rows from their payment behaviour (one read, one write)."""
        if not self:
            return
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT r.id, r.company_id, r.avg_days_late_recent, r.avg_days_late_previous,
                       r.share_paid_late, r.total_due, r.oldest_overdue_days, r.risk_points,
                       r.risk_class_auto, r.risk_override,
                       COALESCE((p.credit_limit ->> r.company_id::text)::float, 0) AS credit_limit,
                       (SELECT COUNT(*) FROM rcm_promise pr
                         WHERE pr.partner_id = r.partner_id AND pr.company_id = r.company_id
                           AND pr.state = 'broken'
                           AND pr.promised_date > CURRENT_DATE - 365) AS broken_promises
                  FROM rcm_partner_receivable r
                  JOIN res_partner p ON p.id = r.partner_id
                 WHERE r.id = ANY(%s)
                """,
                self.ids,
            )
        )
        thresholds = {}
        updates = []
        for row in rows:
            company = row["company_id"]
            if company not in thresholds:
                thresholds[company] = self.env["res.company"].browse(company)._rcm_get_risk_thresholds()
            behaviour = self._prepare_payment_behaviour(row, row["broken_promises"])
            klass, points = risk_service.classify(behaviour, thresholds=thresholds[company])
            if klass != row["risk_class_auto"] or points != row["risk_points"]:
                updates.append((row["id"], points, klass, row["risk_override"] or klass))
        if updates:
            self.env.execute_query(
                SQL(
                    """
                    UPDATE rcm_partner_receivable r
                       SET risk_points = v.points, risk_class_auto = v.klass, risk_class = v.effective
                      FROM (SELECT * FROM unnest(%s::int[], %s::float[], %s::varchar[], %s::varchar[]))
                           AS v(id, points, klass, effective)
                     WHERE r.id = v.id
                    """,
                    [u[0] for u in updates],
                    [u[1] for u in updates],
                    [u[2] for u in updates],
                    [u[3] for u in updates],
                )
            )
            self.invalidate_model(["risk_points", "risk_class_auto", "risk_class"])

    @api.model
    def _refresh_partners(self, partners):
        """Incremental refresh for the customers of ``partners`` (any contacts: their commercial
        partners are refreshed). Called when invoices post and payments reconcile."""
        commercial = partners.commercial_partner_id
        if commercial:
            # sudo: ledger bookkeeping triggered by whoever posts or reconciles (an accountant needs
            # no collections rights for the backbone and the cases to follow the ledger)
            self.sudo()._refresh(partner_ids=commercial.ids)

    @api.model
    def _get_refresh_partner_ids(self, after_id=0):
        """The commercial partners the nightly refresh covers, in id order, after ``after_id``:
        customers with posted receivable items and customers with a backbone row."""
        return [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT p.commercial_partner_id
                      FROM account_move_line aml
                      JOIN account_account acc ON acc.id = aml.account_id
                      JOIN res_partner p ON p.id = aml.partner_id
                     WHERE acc.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
                       AND p.commercial_partner_id > %s
                    UNION
                    SELECT partner_id FROM rcm_partner_receivable WHERE partner_id > %s
                     ORDER BY 1
                    """,
                    after_id,
                    after_id,
                )
            )
        ]

    @api.model
    def _cron_refresh_all(self, batch_size=2000):
        """Nightly full refresh in batches of commercial partners; resumes where it stopped.

        The cursor (last partner id done today) lives in ``ir.config_parameter`` so that an
        interrupted run goes on with the next batch instead of starting again.
        """
        params = self.env["ir.config_parameter"].sudo()
        today = fields.Date.context_today(self)
        day, _sep, last_id = (params.get_param("rcm_collections.backbone_cursor") or "").partition(":")
        last_id = int(last_id) if day == str(today) and last_id else 0
        partner_ids = self._get_refresh_partner_ids(after_id=last_id)
        while partner_ids:
            batch, partner_ids = partner_ids[:batch_size], partner_ids[batch_size:]
            try:
                with self.env.cr.savepoint():
                    self._refresh(partner_ids=batch, today=today)
            except Exception:  # one bad customer must not fail the night for every other
                _logger.warning(
                    "Backbone refresh of %d customers failed: handed to the ledger changes", len(batch)
                )
                self.env.invalidate_all(flush=False)
                self._rcm_requeue(batch)
            params.set_param("rcm_collections.backbone_cursor", f"{today}:{batch[-1]}")
            if not self.env["ir.cron"]._commit_progress(len(batch), remaining=len(partner_ids)):
                break

    @api.model
    def _rcm_requeue(self, partner_ids):
        """Hand customers whose refresh failed to the ledger-change processor, which refreshes them one
        by one, isolates the failing ones, reports and retries them."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT p.commercial_partner_id, aml.company_id
                  FROM account_move_line aml JOIN res_partner p ON p.id = aml.partner_id
                 WHERE p.commercial_partner_id = ANY(%s) AND aml.parent_state = 'posted'
                   AND aml.account_id = ANY(ARRAY(
                        SELECT id FROM account_account WHERE account_type = 'asset_receivable'))
                UNION SELECT partner_id, company_id FROM rcm_partner_receivable WHERE partner_id = ANY(%s)
                """,
                list(partner_ids),
                list(partner_ids),
            )
        )
        self.env["rcm.ledger.change"]._rcm_record("refresh", ((p, c, None) for p, c in rows))

    # ------------------------------------------------------------------
    # Customer 360 view
    # ------------------------------------------------------------------
    case_id = fields.Many2one("rcm.collection.case", compute="_compute_360", string="Open Case")
    open_item_ids = fields.Many2many("account.move.line", compute="_compute_360", string="Open Items")
    contact_ids = fields.Many2many("res.partner", compute="_compute_360", string="Contacts")
    promise_ids = fields.Many2many("rcm.promise", compute="_compute_360", string="Promises")
    call_ids = fields.Many2many("rcm.call.log", compute="_compute_360", string="Calls")
    credit_hold = fields.Boolean(related="partner_id.rcm_credit_hold")
    credit_hold_reason = fields.Char(related="partner_id.rcm_credit_hold_reason")

    def _compute_360(self):
        for row in self:
            partner, company = row.partner_id, row.company_id
            row.case_id = self.env["rcm.collection.case"].search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("state", "!=", "resolved"),
                ],
                limit=1,
            )
            row.open_item_ids = self.env["account.move.line"].search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "child_of", partner.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual", "!=", 0),
                ],
                order="date_maturity, id",
            )
            row.contact_ids = partner | partner.child_ids
            row.promise_ids = self.env["rcm.promise"].search(
                [("partner_id", "=", partner.id), ("company_id", "=", company.id)], limit=20
            )
            row.call_ids = self.env["rcm.call.log"].search(
                [("partner_id", "=", partner.id), ("company_id", "=", company.id)], limit=20
            )

    def action_open_360(self):
        """The customer 360 view: the screen a collector keeps open while on the phone."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.partner_id.display_name,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("rcm_collections.rcm_partner_receivable_view_form_360").id, "form")],
        }

    def action_refresh(self):
        """Button: recompute these customers now."""
        self._refresh(companies=self.company_id, partner_ids=self.partner_id.ids)
