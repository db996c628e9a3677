from . import rcm_credit_hold_wizard
