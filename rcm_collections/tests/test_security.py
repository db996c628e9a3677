# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCollectionsPrivilege(TransactionCase):
    """The Collections privilege: Collector ⊂ Collections Manager, shown as one choice."""

    def test_manager_implies_collector(self):
        manager = new_test_user(self.env, "rcm_mgr", groups="rcm_collections.group_rcm_manager")
        self.assertTrue(manager.has_group("rcm_collections.group_rcm_collector"))
        self.assertTrue(manager.has_group("base.group_user"))

    def test_collector_is_not_manager(self):
        collector = new_test_user(self.env, "rcm_col", groups="rcm_collections.group_rcm_collector")
        self.assertFalse(collector.has_group("rcm_collections.group_rcm_manager"))

    def test_groups_share_one_privilege(self):
        collector = self.env.ref("rcm_collections.group_rcm_collector")
        manager = self.env.ref("rcm_collections.group_rcm_manager")
        privilege = self.env.ref("rcm_collections.res_groups_privilege_collections")
        self.assertEqual(collector.privilege_id, privilege)
        self.assertEqual(manager.privilege_id, privilege)
        self.assertEqual(privilege.category_id, self.env.ref("base.module_category_accounting"))

    def test_admin_is_collections_manager(self):
        self.assertTrue(self.env.ref("base.user_admin").has_group("rcm_collections.group_rcm_manager"))
