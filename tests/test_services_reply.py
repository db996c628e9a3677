# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo-free tests of the reply classifier (rcm_collections/services/reply.py) and its corpus."""

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO_ROOT, load_service

reply = load_service("rcm_collections", "reply")
sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

import reply_metrics  # noqa: E402

pytest.importorskip("dateparser")

_, corpus = reply_metrics.load()
TODAY = corpus.TODAY
BY_ID = {item["id"]: item for item in corpus.REPLIES}
BLIND_2 = {item["id"]: item for item in corpus.BLIND_2}
#: Every class must be found this well over the corpus (the table is printed with pytest -s).
FLOOR = 0.85


def kinds(text, **kwargs):
    return [s.kind for s in reply.classify(text, today=TODAY, **kwargs)]


def only(text, kind, **kwargs):
    (suggestion,) = [s for s in reply.classify(text, today=TODAY, **kwargs) if s.kind == kind]
    return suggestion


# The corpus


def test_corpus_has_twenty_replies_per_language_with_every_class():
    assert len(corpus.REPLIES) >= 80
    assert len(BY_ID) == len(corpus.REPLIES)
    for lang in reply.LANGUAGES:
        items = [item for item in corpus.REPLIES if item["lang"] == lang]
        assert len(items) >= 20, lang
        found = {e["kind"] for item in items for e in item["expected"]}
        assert found == set(reply.KINDS), lang
        assert any(not item["expected"] for item in items), lang
    assert sum(1 for item in corpus.REPLIES if not item["expected"]) >= 9
    for item in corpus.REPLIES:
        for expected in item["expected"]:
            assert expected["kind"] in reply.KINDS
            assert expected.get("reason", "OTHER") in reply.REASON_CODES


REPRESENTATIVE = [
    "en-promise-2",
    "en-promise-4",
    "en-dispute-2",
    "en-paid-1",
    "en-ooo-1",
    "en-mixed-1",
    "en-mixed-2",
    "fr-promise-2",
    "fr-dispute-2",
    "fr-paid-3",
    "fr-copy-1",
    "fr-ooo-2",
    "fr-mixed-1",
    "de-promise-1",
    "de-promise-5",
    "de-dispute-4",
    "de-paid-1",
    "de-ooo-2",
    "de-mixed-1",
    "es-promise-1",
    "es-promise-4",
    "es-dispute-3",
    "es-paid-1",
    "es-copy-2",
    "es-none-2",
    "es-mixed-1",
]


@pytest.mark.parametrize("reply_id", REPRESENTATIVE)
def test_representative_reply(reply_id):
    item = BY_ID[reply_id]
    suggestions = reply.classify(item["text"], lang=item["lang"], today=TODAY)
    assert sorted(s.kind for s in suggestions) == sorted(e["kind"] for e in item["expected"])
    by_kind = {s.kind: s for s in suggestions}
    for expected in item["expected"]:
        suggestion = by_kind[expected["kind"]]
        for field, value in expected.items():
            assert getattr(suggestion, field) == value, (reply_id, field)
        assert suggestion.excerpt in " ".join(item["text"].split())
        assert 0.5 <= suggestion.confidence < 1


def test_precision_and_recall_per_class_over_the_corpus():
    rows = reply_metrics.evaluate(reply, corpus)
    result = reply_metrics.metrics(rows, "kind")
    print()
    print(reply_metrics.table(result, "class", reply.KINDS))
    print(reply_metrics.table(reply_metrics.metrics(rows, "lang"), "language", reply.LANGUAGES))
    for kind in reply.KINDS:
        tp, _fp, _fn, precision, recall, fields_ok = result[kind]
        assert precision >= FLOOR and recall >= FLOOR, (kind, precision, recall)
        assert fields_ok >= FLOOR * tp, (kind, fields_ok, tp)


def test_precision_and_recall_with_the_language_detected():
    rows = reply_metrics.evaluate(reply, corpus, detect=True)
    for kind, (_tp, _fp, _fn, precision, recall, _ok) in reply_metrics.metrics(rows, "kind").items():
        assert precision >= FLOOR and recall >= FLOOR, (kind, precision, recall)


def test_detect_language_of_every_corpus_reply():
    wrong = [
        item["id"]
        for item in corpus.REPLIES
        if reply.detect_language(reply.strip_quoted(item["text"])) != item["lang"]
    ]
    assert len(wrong) <= len(corpus.REPLIES) // 20, wrong


# Quoted originals, sentences


def test_quoted_original_and_signature_are_ignored():
    text = """Thanks, noted.

On Mon, Mar 9, 2026 at 9:12 AM, Credit Control <credit@example.com> wrote:
> Please pay invoice INV/2026/0098. We will pay on Friday.
"""
    assert reply.strip_quoted(text).strip() == "Thanks, noted."
    assert kinds(text) == []
    assert kinds("Noted.\n> This invoice has already been paid.\n") == []
    assert kinds("Noted.\n-- \nOut of office policy: we will pay invoices on Friday.") == []
    for header in (
        "Le lun. 9 mars 2026 à 10:15, Recouvrement <r@example.com> a écrit :",
        "Am 09.03.2026 um 08:45 schrieb Forderungsmanagement <fm@example.com>:",
        "El lun, 9 mar 2026 a las 9:30, Cobros <cobros@example.com> escribió:",
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
    ):
        assert reply.strip_quoted(f"Merci.\n{header}\nNous avons déjà payé.").strip() == "Merci."


def test_wrapped_lines_are_one_sentence_and_german_ordinals_end_none():
    assert reply.split_sentences("We never received the goods and the\ntracking shows nothing.") == [
        "We never received the goods and the tracking shows nothing."
    ]
    assert reply.split_sentences("Ich bin ab dem 16. März wieder im Büro. Danke.") == [
        "Ich bin ab dem 16. März wieder im Büro.",
        "Danke.",
    ]


# Negations


@pytest.mark.parametrize(
    "text, lang",
    [
        ("We will not pay this invoice.", "en"),
        ("Nous ne paierons pas cette facture.", "fr"),
        ("Wir werden die Rechnung nicht bezahlen.", "de"),
        ("No pagaremos esta factura.", "es"),
    ],
)
def test_refusal_to_pay_is_a_dispute_not_a_promise(text, lang):
    assert kinds(text, lang=lang) == ["dispute"]
    assert only(text, "dispute", lang=lang).reason == "OTHER"


def test_negation_covers_its_clause_only():
    text = "The invoice has not been paid yet, but we will pay it on Friday."
    assert kinds(text) == ["promise"]
    assert only(text, "promise").date == date(2026, 3, 13)
    assert kinds("La factura no ha sido pagada todavía, la pagaremos el viernes.", lang="es") == ["promise"]


def test_conditional_payment_in_a_dispute_is_no_promise():
    text = "The price is wrong. Please issue a credit note and we will pay the corrected amount."
    assert kinds(text) == ["dispute"]


# Amounts and dates


@pytest.mark.parametrize(
    "text, lang, amount, currency",
    [
        ("1.234,56 €", "de", 1234.56, "EUR"),
        ("$1,234.56", "en", 1234.56, "USD"),
        ("1 234,56 EUR", "fr", 1234.56, "EUR"),
        ("1\u202f234,56 €", "fr", 1234.56, "EUR"),
        ("CHF 1'234.50", "de", 1234.5, "CHF"),
        ("CHF 1’234.50", "de", 1234.5, "CHF"),
        ("£1,500", "en", 1500.0, "GBP"),
        ("1.500 €", "es", 1500.0, "EUR"),
        ("2.500,00 €", "es", 2500.0, "EUR"),
        ("USD 980", "en", 980.0, "USD"),
        ("1,234.56 EUR", "de", 1234.56, "EUR"),
    ],
)
def test_find_amounts(text, lang, amount, currency):
    assert reply.find_amounts(f"Wir zahlen {text} morgen.", lang) == [(amount, currency)]


def test_numbers_without_currency_are_no_amounts():
    assert reply.find_amounts("Invoice 2026/0012 of 3 March, PO 45512", "en") == []


def test_dates_in_each_language_relative_to_today():
    assert reply.find_dates("We will pay next Tuesday.", "en", TODAY) == [date(2026, 3, 17)]
    assert reply.find_dates("Nous réglerons le 25 mars.", "fr", TODAY) == [date(2026, 3, 25)]
    assert reply.find_dates("Wir zahlen am 02.04.2026.", "de", TODAY) == [date(2026, 4, 2)]
    assert reply.find_dates("Pagaremos el 16 de marzo.", "es", TODAY) == [date(2026, 3, 16)]
    # Past payments: "3 March" is last week, not next year.
    assert reply.find_dates("We paid on 3 March.", "en", TODAY, prefer="past") == [date(2026, 3, 3)]
    assert reply.find_dates("Die Zahlung ging am 02.03.2026 raus.", "de", TODAY, prefer="past") == [
        date(2026, 3, 2)
    ]


def test_pronouns_and_document_numbers_are_no_dates():
    # dateparser alone reads "We" as Wednesday and loses "3 March" after "INV/2026/0012".
    assert reply.find_dates("We sent it.", "en", TODAY) == []
    assert reply.find_dates("Je serai là.", "fr", TODAY) == []
    assert reply.find_dates("We paid INV/2026/0012 on 3 March.", "en", TODAY, prefer="past") == [
        date(2026, 3, 3)
    ]


def test_reference_after_a_label():
    assert reply.find_reference("Payment reference: 2026030455.") == "2026030455"
    assert reply.find_reference("virement, référence VIR-2026-03-0042.") == "VIR-2026-03-0042"
    assert reply.find_reference("Verwendungszweck: RE-2026-0355") == "RE-2026-0355"
    assert reply.find_reference("Le chèque n° 4455821 est parti.") == "4455821"
    assert reply.find_reference("With reference to your email of 3 March.") is None


# API


def test_suggestions_are_sorted_by_confidence_and_fields_default_to_none():
    item = BY_ID["en-mixed-1"]
    suggestions = reply.classify(item["text"], today=TODAY)
    assert [s.confidence for s in suggestions] == sorted((s.confidence for s in suggestions), reverse=True)
    dispute = next(s for s in suggestions if s.kind == "dispute")
    assert dispute.amount is None and dispute.reference is None and dispute.date is None


def test_language_is_detected_when_not_given():
    assert reply.detect_language("Nous avons déjà réglé cette facture, merci.") == "fr"
    assert reply.detect_language("Die Rechnung wurde bereits bezahlt.") == "de"
    assert reply.detect_language("Ya hemos pagado la factura, gracias.") == "es"
    assert reply.detect_language("We have already paid the invoice, thanks.") == "en"
    assert kinds("Ya hemos pagado la factura, gracias.") == ["paid"]


def test_empty_reply_has_no_suggestion():
    assert reply.classify("", today=TODAY) == []
    assert reply.classify("   \n> quoted only\n", today=TODAY) == []


def test_module_imports_without_dateparser(monkeypatch):
    monkeypatch.setitem(sys.modules, "dateparser", None)
    monkeypatch.setitem(sys.modules, "dateparser.search", None)
    path = REPO_ROOT / "rcm_collections" / "services" / "reply.py"
    spec = importlib.util.spec_from_file_location("rcm_reply_without_dateparser", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "rcm_reply_without_dateparser", module)
    spec.loader.exec_module(module)
    assert module.classify("Thanks, noted.", today=TODAY) == []


def test_amount_without_currency_after_an_amount_word_reads_in_the_case_currency():
    text = "Wir überweisen den Betrag von 1.200,00 am Freitag."
    suggestion = only(text, "promise", lang="de", currency="EUR")
    assert (suggestion.amount, suggestion.currency, suggestion.date) == (1200.0, "EUR", date(2026, 3, 13))
    # Without the case currency a bare number is no amount; it is no date either.
    assert only(text, "promise", lang="de").amount is None
    assert reply.find_dates(text, "de", TODAY) == [date(2026, 3, 13)]


def test_a_date_with_a_payment_word_is_a_promise_when_ahead_and_a_payment_when_past():
    assert kinds("The money will reach you on 20 March.") == ["promise"]
    assert kinds("The money left our account on 6 March.") == ["paid"]
    assert only("Le règlement interviendra vendredi.", "promise", lang="fr").date == date(2026, 3, 13)


def test_an_offered_document_is_no_copy_request():
    assert kinds("Anbei der Kontoauszug als Nachweis.", lang="de") == []
    assert kinds(
        "Mir fehlt die Rechnung vom Februar. Schicken Sie sie mir bitte noch einmal?", lang="de"
    ) == ["copy"]


def test_dates_years_away_and_today_are_no_cue():
    # "RMA 5521" is no year; "this morning" is neither a promise nor a payment by itself.
    assert reply.find_dates("the returned pallets (RMA 5521) before we can pay", "en", TODAY) == []
    assert only(BLIND_2["en-c-1"]["text"], "dispute").reason == "DMG"
    assert kinds(BLIND_2["en-c-1"]["text"]) == ["dispute"]
    assert "promise" not in kinds("Funds were wired this morning.")


def test_reason_words_in_a_copy_request_are_no_dispute():
    assert kinds("¿Podrían mandarme un duplicado de la factura de febrero?", lang="es") == ["copy"]
    assert only("Nos han facturado dos veces el mismo pedido.", "dispute", lang="es").reason == "DUP"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Thanks for the payment reminder, I will look into it on Monday.", "en"),
        ("Danke für die Zahlungserinnerung, ich schaue mir das am Montag an.", "de"),
        ("Merci pour la relance de paiement, je regarde cela lundi.", "fr"),
        ("Gracias por el recordatorio de pago, lo miro el lunes.", "es"),
    ],
)
def test_the_reminder_is_no_payment_word(text, lang):
    assert kinds(text, lang=lang) == []


def test_perfect_tense_with_an_adverb_is_a_payment():
    assert kinds("Nous vous remercions, le paiement a bien été effectué hier.", lang="fr") == ["paid"]
    assert only("Le paiement a bien été effectué hier.", "paid", lang="fr").date == date(2026, 3, 9)
