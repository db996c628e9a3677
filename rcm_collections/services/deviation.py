# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How a case's deviation flag follows its live reasons.

Reasons
    A *reason* is a stable sentence naming one live cause of a deviation ("Overdue activities (missed
    SLA)", "Dispute DSP/7 past its SLA (due ...)"): the same cause gives the same sentence every day. A
    case's reasons are stored as one text, joined by ``SEPARATOR`` ("; "), in their order of detection,
    duplicates removed (``join_reasons`` / ``split_reasons``).

Update of a flag (``update_flag``), given the case's stored state and today's live reasons
    - ``flagged`` is true when at least one reason is live; ``text`` the joined live reasons (``""``
      without any).
    - ``gained`` is the set of live reasons the stored flag did not show (all of them when the case
      was not flagged): a case that gains a reason may be escalated.
    - ``acknowledged`` stays true only while the case was acknowledged and every live reason is one
      of the acknowledged reasons: a reason that disappears keeps the acknowledgement, a new one
      re-raises the flag. Without live reasons it is false.
"""

from dataclasses import dataclass

SEPARATOR = "; "


def split_reasons(text):
    """The reasons of a joined text, in order, duplicates and empty parts removed."""
    return list(dict.fromkeys(part.strip() for part in (text or "").split(SEPARATOR) if part.strip()))


def join_reasons(reasons):
    """One text of ``reasons``, in order, duplicates and empty ones removed."""
    return SEPARATOR.join(dict.fromkeys(reason.strip() for reason in reasons if reason and reason.strip()))


@dataclass(frozen=True)
class FlagUpdate:
    """Outcome of ``update_flag``; see the module docstring."""

    flagged: bool
    text: str
    gained: frozenset
    acknowledged: bool


def update_flag(live_reasons, flagged=False, reason_text="", acknowledged=False, ack_text=""):
    """The new state of a flag (see the module docstring)."""
    live = split_reasons(join_reasons(live_reasons))
    previous = set(split_reasons(reason_text)) if flagged else set()
    still_acknowledged = bool(live) and acknowledged and set(live) <= set(split_reasons(ack_text))
    return FlagUpdate(
        flagged=bool(live),
        text=SEPARATOR.join(live),
        gained=frozenset(set(live) - previous),
        acknowledged=still_acknowledged,
    )
