# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    account_move,
    rcm_alert,
    rcm_collection_case,
    rcm_collection_target,
    rcm_dashboard,
    rcm_forecast_backtest,
    rcm_kpi,
    rcm_simulation,
    res_company,
    res_config_settings,
)
