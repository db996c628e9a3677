# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python algorithms of RCM Collections (aging, priority score, risk class, promises to pay).

The modules of this package import nothing from Odoo and take and return plain data, so they
can be tested without a database. Odoo models import them explicitly, e.g.
``from ..services import scoring``; this file deliberately imports none of them.
"""
