# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python algorithms of rcm_dunning (no Odoo import): tested without Odoo under tests/."""
