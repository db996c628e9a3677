from . import (
    test_bad_input,
    test_communication,
    test_deviations,
    test_exclusions,
    test_fees,
    test_install,
    test_portal,
    test_reports,
    test_run,
    test_selection,
    test_tour,
    test_trust,
)
