# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python formulas of RCM Reports (KPIs, payment prediction, forecast back-test).

These modules import nothing from Odoo; the models import them explicitly
(``from ..services import kpi``) and the Odoo-free tests load them by path.
"""
