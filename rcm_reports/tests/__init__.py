from . import (
    test_access_matrix,
    test_aging,
    test_alerts,
    test_bad_input_rpc,
    test_dashboard,
    test_exports,
    test_forecast,
    test_install,
    test_kpi,
    test_performance,
    test_tour,
    test_trust,
)
