# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_installed_on_top_of_collections(self):
        module = self.env["ir.module.module"].search([("name", "=", "rcm_disputes")])
        self.assertEqual(module.state, "installed")
        self.assertIn("rcm_collections", module.dependencies_id.mapped("name"))
        menu = self.env.ref("rcm_disputes.menu_rcm_disputes_root")
        self.assertEqual(menu.parent_id, self.env.ref("rcm_collections.menu_rcm_root"))
