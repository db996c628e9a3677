# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, format_amount

from odoo.addons.rcm_collections.services import aging

MANAGER = "rcm_collections.group_rcm_manager"
TOP_PENDING = 10


class RcmDashboard(models.AbstractModel):
    """The collections manager's dashboard (client action ``rcm_reports.dashboard``): everything it
    shows comes from ``get_dashboard_data``, one RPC running a handful of set-based queries on the
    backbone (already aggregated per customer), the cases, promises, disputes, targets and KPIs."""

    _name = "rcm.dashboard"
    _description = "Collections Dashboard"

    @api.model
    def get_dashboard_data(self):
        """All the figures of the dashboard for the current company, as JSON-able data."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("The collections dashboard is for Collections Managers."))
        company = self.env.company
        today = fields.Date.context_today(self)
        self.env.flush_all()
        return {
            "company": company.name,
            "currency": self._get_currency_data(company.currency_id),
            "today": fields.Date.to_string(today),
            "pipeline": self._get_pipeline(company),
            "top_pending": self._get_top_pending(company),
            "queues": self._get_queues(company, today),
            "targets": self._get_targets(company, today),
            "broken_promises": self._get_broken_promises(company, today),
            "disputes": self._get_disputes(company),
            "dso_trend": self._get_dso_trend(company, today),
            "forecast": self._get_forecast(company, today),
        }

    @api.model
    def _get_currency_data(self, currency):
        return {"symbol": currency.symbol, "position": currency.position, "digits": currency.decimal_places}

    def _fmt(self, amount, company):
        return format_amount(self.env, amount or 0.0, company.currency_id)

    @api.model
    def _get_pipeline(self, company):
        """Overdue pipeline by bucket, from the backbone (one aggregate over customers)."""
        row = self.env.execute_query(
            SQL(
                """
                SELECT COALESCE(SUM(amount_current), 0), COALESCE(SUM(amount_bucket_1), 0),
                       COALESCE(SUM(amount_bucket_2), 0), COALESCE(SUM(amount_bucket_3), 0),
                       COALESCE(SUM(amount_bucket_4), 0), COALESCE(SUM(amount_bucket_5), 0),
                       COALESCE(SUM(total_due), 0), COALESCE(SUM(total_overdue), 0),
                       COALESCE(SUM(excluded_amount), 0), COALESCE(SUM(collectible_overdue), 0),
                       COUNT(*) FILTER (WHERE total_overdue > 0)
                  FROM rcm_partner_receivable WHERE company_id = %s
                """,
                company.id,
            )
        )[0]
        labels = aging.bucket_labels(company._rcm_get_aging_limits())
        amounts = [float(value) for value in row[:6]]
        return {
            "buckets": [
                {"label": label, "amount": amount, "formatted": self._fmt(amount, company), "index": index}
                for index, (label, amount) in enumerate(zip(labels, amounts, strict=True))
            ],
            "total_due": self._fmt(row[6], company),
            "total_overdue": self._fmt(row[7], company),
            "excluded": self._fmt(row[8], company),
            "collectible": self._fmt(row[9], company),
            "customers_overdue": row[10],
        }

    @api.model
    def _get_top_pending(self, company):
        cases = self.env["rcm.collection.case"].search(
            [("company_id", "=", company.id), ("state", "!=", "resolved"), ("collectible_overdue", ">", 0)],
            order="collectible_overdue desc, id",
            limit=TOP_PENDING,
        )
        states = dict(cases._fields["state"]._description_selection(self.env))
        return [
            {
                "id": case.id,
                "name": case.display_name,
                "partner": case.partner_id.display_name,
                "collector": case.user_id.name or "",
                "state": states.get(case.state),
                "days": case.oldest_overdue_days,
                "amount": case.collectible_overdue,
                "formatted": self._fmt(case.collectible_overdue, company),
                "score": case.priority_score,
            }
            for case in cases
        ]

    @api.model
    def _get_queues(self, company, today):
        """Open cases per collector and state, with their overdue and overdue activities."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT c.user_id, c.state, COUNT(*), SUM(c.collectible_overdue),
                       SUM((SELECT COUNT(*) FROM mail_activity a
                             WHERE a.res_model = 'rcm.collection.case' AND a.res_id = c.id AND a.active
                               AND a.date_deadline < %s))
                  FROM rcm_collection_case c
                 WHERE c.company_id = %s AND c.state != 'resolved'
                 GROUP BY c.user_id, c.state
                """,
                today,
                company.id,
            )
        )
        users = self.env["res.users"].sudo().browse({row[0] for row in rows if row[0]})
        names = {user.id: user.name for user in users}
        queues = {}
        for user_id, state, count, amount, late in rows:
            queue = queues.setdefault(
                user_id or 0,
                {
                    "user_id": user_id or False,
                    "name": names.get(user_id) or self.env._("Unassigned"),
                    "cases": 0,
                    "amount": 0.0,
                    "late_activities": 0,
                    "states": {},
                },
            )
            queue["cases"] += count
            queue["amount"] += float(amount or 0.0)
            queue["late_activities"] += int(late or 0)
            queue["states"][state] = count
        result = sorted(queues.values(), key=lambda q: -q["amount"])
        for queue in result:
            queue["formatted"] = self._fmt(queue["amount"], company)
        return result

    @api.model
    def _get_targets(self, company, today):
        targets = self.env["rcm.collection.target"].search(
            [("company_id", "=", company.id), ("date_from", "=", today.replace(day=1))]
        )
        return [
            {
                "id": target.id,
                "name": target.user_id.name or target.team_id.name,
                "kind": "collector" if target.user_id else "team",
                "target": self._fmt(target.target_amount, company),
                "actual": self._fmt(target.actual_amount, company),
                "achievement": round(target.achievement, 1),
                "calls": target.actual_calls,
                "target_calls": target.target_calls,
            }
            for target in targets
        ]

    @api.model
    def _get_broken_promises(self, company, today):
        domain = [
            ("company_id", "=", company.id),
            ("state", "=", "broken"),
            ("date_closed", ">=", today - relativedelta(days=30)),
        ]
        promises = self.env["rcm.promise"].search(domain, order="date_closed desc, id desc", limit=10)
        return {
            "count": self.env["rcm.promise"].search_count(domain),
            "items": [
                {
                    "id": promise.id,
                    "partner": promise.partner_id.display_name,
                    "date": fields.Date.to_string(promise.promised_date),
                    "formatted": self._fmt(promise.amount_company - promise.paid_amount_company, company),
                    "user": promise.user_id.name or "",
                }
                for promise in promises
            ],
        }

    @api.model
    def _get_disputes(self, company):
        groups = self.env["rcm.dispute"]._read_group(
            [("company_id", "=", company.id), ("is_closed", "=", False)],
            ["reason_id"],
            ["__count", "amount_disputed_company:sum"],
        )
        result = [
            {
                "reason": reason.display_name if reason else self.env._("No reason"),
                "reason_id": reason.id,
                "count": count,
                "amount": amount,
                "formatted": self._fmt(amount, company),
            }
            for reason, count, amount in groups
        ]
        return sorted(result, key=lambda r: -r["amount"])

    @api.model
    def _get_dso_trend(self, company, today):
        """DSO, best-possible DSO and CEI of the last 12 months; the current month is measured to date
        (``to_date`` is then its last day counted, else ``False``)."""
        start = today.replace(day=1) - relativedelta(months=11)
        rows = self.env["rcm.kpi"]._compute_kpis(
            start, today, groupby="company", companies=company, with_activity=False
        )

        def num(value):
            return round(value, 1) if value is not None else None

        return [
            {
                "month": row["date_from"].strftime("%Y-%m"),
                "to_date": fields.Date.to_string(row["date_to"])
                if row["date_to"] < row["date_from"] + relativedelta(months=1, days=-1)
                else False,
                "dso": num(row["dso"]),
                "dso_best": num(row["dso_best"]),
                "add": num(row["add"]),
                "cei": num(row["cei"]),
            }
            for row in rows
        ]

    @api.model
    def _get_forecast(self, company, today):
        data = self.env["rcm.cash.forecast"]._get_weekly_forecast(companies=company, today=today)
        backtest = self.env["rcm.forecast.backtest"].search([("company_id", "=", company.id)], limit=1)
        return {
            "weeks": [
                {
                    "week": fields.Date.to_string(week["week_start"]),
                    "amount": week["amount"],
                    "formatted": self._fmt(week["amount"], company),
                }
                for week in data["weeks"]
            ],
            "total": self._fmt(data["total"], company),
            "backtest": {
                "date": fields.Date.to_string(backtest.date),
                "mae": round(backtest.mae, 1),
                "bias": round(backtest.bias, 1),
                "count": backtest.invoice_count,
                "baseline_mae": round(backtest.baseline_mae, 1),
            }
            if backtest
            else False,
        }
