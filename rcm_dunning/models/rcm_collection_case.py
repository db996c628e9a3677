# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class RcmCollectionCase(models.Model):
    _inherit = "rcm.collection.case"

    rcm_reply_pending = fields.Boolean(
        string="Customer Replied",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="The customer replied by email: the strategy and the dunning pause until a collector acts "
        "(answers in the chatter, logs a call or clicks Reply Handled).",
    )
    rcm_reply_date = fields.Datetime(string="Replied On", readonly=True, copy=False)
    rcm_dunning_communication_ids = fields.One2many(
        "rcm.dunning.communication", "case_id", string="Dunning Communications"
    )
    rcm_dunning_communication_count = fields.Integer(compute="_compute_rcm_dunning_communication_count")

    def _compute_rcm_dunning_communication_count(self):
        counts = dict(
            self.env["rcm.dunning.communication"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count"]
            )
        )
        for case in self:
            case.rcm_dunning_communication_count = counts.get(case, 0)

    def _is_paused(self):
        """Extension: a customer reply pauses the strategy until a collector acts."""
        return super()._is_paused() or self.rcm_reply_pending

    @api.model
    def _get_advance_domain(self, today):
        """Extension: cases waiting for a collector's answer to the customer are not advanced."""
        return [*super()._get_advance_domain(today), ("rcm_reply_pending", "=", False)]

    @api.model
    def _get_deviations(self, today):
        """Extension: a dunning communication of the customer whose delivery failed (email bounced or
        refused, letter or SMS failed) flags the open case until it is sent again or cancelled (one
        query for every case)."""
        deviations = super()._get_deviations(today)
        self.env["rcm.dunning.communication"].flush_model(["state", "partner_id", "company_id", "name"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT c.id, d.name
                  FROM rcm_dunning_communication d
                  JOIN rcm_collection_case c
                    ON c.partner_id = d.partner_id AND c.company_id = d.company_id AND c.state != 'resolved'
                 WHERE d.state = 'failed' AND d.active
                 ORDER BY c.id, d.id
                """
            )
        )
        for case_id, name in rows:
            deviations[case_id].append(self.env._("Delivery failed: %s", name))
        return deviations

    def _rcm_is_customer_reply(self, message):
        """True when ``message`` is an email received from outside (the customer), not one of ours."""
        if message.message_type != "email":
            return False
        author = message.author_id
        return not author or not author.user_ids or all(user.share for user in author.user_ids)

    def _message_post_after_hook(self, message, msg_values):
        """Extension: an email from the customer pauses the case; an answer of a collector resumes it."""
        res = super()._message_post_after_hook(message, msg_values)
        for case in self:
            if case.state == "resolved":
                continue
            if case._rcm_is_customer_reply(message):
                if not case.rcm_reply_pending:
                    case.sudo()._rcm_set_reply_pending(message)
            elif (
                case.rcm_reply_pending
                and not self.env.context.get("rcm_dunning_auto")
                and message.message_type == "comment"
                and message.subtype_id == self.env.ref("mail.mt_comment")
                and message.author_id.user_ids.filtered(lambda u: not u.share)
            ):
                case.sudo()._rcm_clear_reply_pending()
        return res

    def _rcm_set_reply_pending(self, message):
        self.ensure_one()
        self.write({"rcm_reply_pending": True, "rcm_reply_date": fields.Datetime.now()})
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Customer replied: answer before collection resumes"),
            note=message.body,
            user_id=(self.user_id or self.env.ref("base.user_root")).id,
        )

    def _rcm_clear_reply_pending(self):
        self.filtered("rcm_reply_pending").write({"rcm_reply_pending": False})

    def action_rcm_reply_handled(self):
        """Button: the collector handled the customer's reply; the strategy and the dunning resume."""
        self._rcm_clear_reply_pending()

    def action_rcm_dunning_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_dunning.rcm_dunning_communication_action")
        action["domain"] = [("partner_id", "=", self.partner_id.id), ("company_id", "=", self.company_id.id)]
        action["context"] = {}
        return action
