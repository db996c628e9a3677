# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Identity keys of RCM's jobs.

A key names one batch of work: its kind, the day it is for, the companies and the ids of the batch.
queue_job does not enqueue a job whose key a job waiting to run (pending, enqueued, waiting for
dependencies) already holds, so dispatching the same batch twice (a cron run twice, a trigger and
the interval) gives one job. A started or finished job does not hold its key any more: new work on
the same records gets a new job.
"""

import hashlib


def batch_identity(kind, day, company_ids, ids):
    """``rcm.<kind>:<day>:<sha1 of the sorted companies and ids>`` (order-independent)."""
    digest = hashlib.sha1(
        repr((sorted(set(company_ids)), sorted(ids))).encode(),
        usedforsecurity=False,
    ).hexdigest()
    return f"rcm.{kind}:{day}:{digest}"
