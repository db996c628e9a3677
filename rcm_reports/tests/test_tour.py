# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import RcmReportsCommon


@tagged("post_install", "-at_install")
class TestDashboardTour(RcmReportsCommon, HttpCase):
    """In headless Chromium: the manager's dashboard renders its cards and opens a case."""

    def test_dashboard_tour(self):
        self._invoice(self.customer, 1000.0, 45)
        self._invoice(self.customer_b, 100.0, 5)
        action = self.env.ref("rcm_reports.rcm_dashboard_action")
        self.start_tour(f"/odoo/action-{action.id}", "rcm_reports_dashboard_tour", login="rcm_manager")
