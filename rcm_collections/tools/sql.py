# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers for RCM's ledger-wide SQL statements."""

import contextlib


@contextlib.contextmanager
def without_jit(cr):
    """Run the statements of the block without PostgreSQL's JIT compilation, then restore the setting.

    RCM's ledger-wide statements (dunning selection, backbone refresh, aging) read tens of thousands of
    rows through many small joins: their estimated cost crosses ``jit_above_cost``, and compiling them
    took 300-400 ms on the 200k-invoice benchmark ledger, for a statement that runs in one to two seconds
    without it and gains nothing from compiled expressions. ``set_config(..., true)`` is local to the
    transaction; the previous value is put back when the block ends.
    """
    cr.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
    previous = cr.fetchone()[0]
    try:
        yield
    finally:
        if not cr.closed:
            cr.execute("SELECT set_config('jit', %s, true)", [previous])
