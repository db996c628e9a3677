# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scheduled actions of RCM dispatch jobs while this bridge is installed.

The crons' Python methods keep doing the work in the cron's own transaction (tests, scripts and the
simulation call them directly); only what the scheduled actions call changes: the dispatchers of
this addon, which split the same work into jobs. Uninstalling restores the original calls.
"""

# scheduled action -> (the call without queue_job, the call with it)
CRON_CODES = {
    "rcm_collections.ir_cron_rcm_refresh_backbone": (
        "model._cron_refresh_all()",
        "model._rcm_queue_refresh_all()",
    ),
    "rcm_collections.ir_cron_rcm_ledger_changes": (
        "model._cron_process()",
        "model._rcm_queue_process()",
    ),
    "rcm_collections.ir_cron_rcm_advance_strategies": (
        "model._cron_advance_strategies()",
        "model._rcm_queue_advance_strategies()",
    ),
    "rcm_dunning.ir_cron_rcm_dunning_run": (
        "model._cron_run()",
        "model._rcm_queue_run()",
    ),
}


def _set_cron_codes(env, queued):
    for xmlid, (direct, dispatch) in CRON_CODES.items():
        cron = env.ref(xmlid, raise_if_not_found=False)
        # a scheduled action a manager rewrote is left as he wrote it
        if cron and cron.code.strip() == (direct if queued else dispatch):
            cron.code = dispatch if queued else direct


def post_init_hook(env):
    _set_cron_codes(env, queued=True)


def uninstall_hook(env):
    _set_cron_codes(env, queued=False)
