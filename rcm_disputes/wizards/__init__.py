from . import rcm_dispute_decision_wizard
