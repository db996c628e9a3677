# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import content_disposition, request


class RcmReportsController(http.Controller):
    @http.route("/rcm_reports/aging/xlsx/<int:wizard_id>", type="http", auth="user")
    def aging_xlsx(self, wizard_id):
        """Download the aged receivables of an aging wizard as XLSX (the wizard belongs to the user)."""
        wizard = request.env["rcm.aging.wizard"].browse(wizard_id).exists()
        if not wizard:
            raise request.not_found()
        wizard.check_access("read")
        # the companies of the wizard are the user's (AccessError: 403); _get_xlsx checks them too
        wizard._rcm_check_companies()
        content = wizard._get_xlsx()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition(wizard._get_xlsx_filename())),
            ],
        )
