from . import (
    test_backbone,
    test_case,
    test_concurrency,
    test_credit_hold,
    test_cron_risk_360,
    test_customer_documents,
    test_deviations,
    test_promise,
    test_security,
    test_strategy,
    test_tour,
    test_trust,
)
