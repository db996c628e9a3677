# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import rcm_aging_wizard, rcm_cash_forecast_wizard, rcm_kpi_wizard
