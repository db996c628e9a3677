from . import rcm_acknowledge_wizard, rcm_credit_hold_wizard
