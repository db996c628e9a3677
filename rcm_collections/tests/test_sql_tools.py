# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The ledger-wide statements run without JIT and leave the transaction's settings as they found them."""

from odoo.tests import TransactionCase, tagged

from ..tools.sql import without_jit


@tagged("post_install", "-at_install")
class TestSqlTools(TransactionCase):
    def _jit(self):
        self.env.cr.execute("SHOW jit")
        return self.env.cr.fetchone()[0]

    def test_without_jit_restores_the_setting(self):
        self.env.cr.execute("SET LOCAL jit = on")
        with without_jit(self.env.cr):
            self.assertEqual(self._jit(), "off")
        self.assertEqual(self._jit(), "on")
        self.env.cr.execute("SET LOCAL jit = off")
        with without_jit(self.env.cr):
            self.assertEqual(self._jit(), "off")
        self.assertEqual(self._jit(), "off")

    def test_without_jit_restores_after_an_error(self):
        self.env.cr.execute("SET LOCAL jit = on")
        with self.assertRaises(ZeroDivisionError), without_jit(self.env.cr):
            raise ZeroDivisionError
        self.assertEqual(self._jit(), "on")
