# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    rcm_collection_case,
    rcm_dunning_communication,
    rcm_dunning_run,
    rcm_ledger_change,
    rcm_partner_receivable,
)
