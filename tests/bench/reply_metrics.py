#!/usr/bin/env python3
# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Print the reply classifier's precision and recall over the corpus, per class and per language.

    python tests/bench/reply_metrics.py [-v] [--detect]

Reads ``tests/data/replies.py`` (the corpus, then each set of held-out replies) and
classifies each reply with ``rcm_collections/services/reply.py``, its language given as the case's
partner language would be (``--detect``: the classifier detects it). A reply counts once per kind:
a kind suggested and expected is a true positive, suggested and not expected a false positive,
expected and not suggested a false negative. The "fields right" column counts, over the true
positives, the suggestions whose expected fields (amount, date, reason, reference) are all right.
``-v`` lists the replies with a difference. Plain Python (no Odoo).
"""

import importlib.util
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
FIELDS = ("amount", "date", "reason", "reference")


def _load(name, path):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load():
    """``(reply service module, corpus module)``."""
    reply = _load(
        "rcm_collections_services_reply", TESTS.parent / "rcm_collections" / "services" / "reply.py"
    )
    corpus = _load("rcm_reply_corpus", TESTS / "data" / "replies.py")
    return reply, corpus


def evaluate(reply, corpus, detect=False, replies=None):
    """One row per (reply, kind) suggested or expected: dict of id, lang, kind, expected, found, fields_ok.

    ``replies`` defaults to ``corpus.REPLIES``.
    """
    rows = []
    for item in corpus.REPLIES if replies is None else replies:
        lang = None if detect else item["lang"]
        found = {s.kind: s for s in reply.classify(item["text"], lang=lang, today=corpus.TODAY)}
        expected = {e["kind"]: e for e in item["expected"]}
        for kind in sorted(set(found) | set(expected)):
            fields_ok = None
            if kind in found and kind in expected:
                wanted = {k: v for k, v in expected[kind].items() if k in FIELDS}
                fields_ok = all(getattr(found[kind], k) == v for k, v in wanted.items())
            rows.append(
                {
                    "id": item["id"],
                    "lang": item["lang"],
                    "kind": kind,
                    "expected": kind in expected,
                    "found": found.get(kind),
                    "wanted": expected.get(kind),
                    "fields_ok": fields_ok,
                }
            )
    return rows


def metrics(rows, key="kind"):
    """``{group: (tp, fp, fn, precision, recall, fields_ok)}`` grouped by ``key`` of the rows, plus "all"."""
    groups = {}
    for row in rows:
        for group in (row[key], "all"):
            tp, fp, fn, ok = groups.get(group, (0, 0, 0, 0))
            found, expected = row["found"] is not None, row["expected"]
            groups[group] = (
                tp + (found and expected),
                fp + (found and not expected),
                fn + (expected and not found),
                ok + bool(row["fields_ok"]),
            )
    result = {}
    for group, (tp, fp, fn, ok) in groups.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        result[group] = (tp, fp, fn, precision, recall, ok)
    return result


def table(result, title, order):
    """Markdown table of ``metrics`` output, rows in ``order`` then "all"."""
    lines = [
        f"| {title} | TP | FP | FN | precision | recall | fields right |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for group in [*[g for g in order if g in result], "all"]:
        tp, fp, fn, precision, recall, ok = result[group]
        lines.append(f"| {group} | {tp} | {fp} | {fn} | {precision:.2f} | {recall:.2f} | {ok}/{tp} |")
    return "\n".join(lines)


def report(reply, corpus, replies, title, argv):
    """Print the counts and tables of ``replies``."""
    rows = evaluate(reply, corpus, detect="--detect" in argv, replies=replies)
    counts = {}
    for item in replies:
        kinds = [e["kind"] for e in item["expected"]] or ["none"]
        for kind in kinds:
            counts[(item["lang"], kind)] = counts.get((item["lang"], kind), 0) + 1
    print(f"## {title}: {len(replies)} replies; expected kinds per language:")
    for lang in reply.LANGUAGES:
        print(f"  {lang}: " + ", ".join(f"{k} {counts.get((lang, k), 0)}" for k in (*reply.KINDS, "none")))
    print()
    print(table(metrics(rows, "kind"), "class", reply.KINDS))
    print()
    print(table(metrics(rows, "lang"), "language", reply.LANGUAGES))
    if "-v" in argv:
        print()
        for row in rows:
            if row["expected"] != (row["found"] is not None) or row["fields_ok"] is False:
                print(row["id"], row["kind"], "wanted:", row["wanted"], "found:", row["found"])
    print()


def main(argv):
    reply, corpus = load()
    report(reply, corpus, corpus.REPLIES, "corpus (lexicons tuned on it)", argv)
    report(reply, corpus, corpus.HOLDOUT, "first held-out replies (measured, then tuned on)", argv)
    report(reply, corpus, corpus.BLIND, "blind replies (measured, then tuned on)", argv)
    title = "second blind replies (measured, then 3 rule fixes, no phrase added)"
    report(reply, corpus, corpus.BLIND_2, title, argv)
    report(reply, corpus, corpus.BLIND_3, "third blind replies (never tuned on)", argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
