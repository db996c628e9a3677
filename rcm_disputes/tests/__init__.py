from . import (
    test_bad_input,
    test_deduction,
    test_demo,
    test_deviations,
    test_dispute,
    test_install,
    test_portal,
    test_resolution,
    test_tour,
    test_trust,
)
