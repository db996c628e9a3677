# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reply understanding: what a customer's reply to a reminder says, in English, French, German or Spanish.

``classify(text)`` returns ``Suggestion`` objects, best first, each of one kind:

``promise``
    the customer promises to pay; ``amount`` (``None``: the amount is not said, read it as the
    balance) and ``date`` (``None``: no date said) read from the text.
``dispute``
    the customer contests the invoice; ``reason`` is the likeliest RCM dispute reason code
    (``REASON_CODES``; ``OTHER`` when nothing points to one).
``paid``
    the customer says it has paid already; ``reference`` is the payment or transfer reference
    quoted (or ``None``), ``date`` the payment date if given, ``amount`` the amount paid if given.
``copy``
    the customer asks for a copy of an invoice or for a statement of account.
``out_of_office``
    an absence auto-reply; ``date`` is the return date if given.

A reply can carry several suggestions (paid part, dispute the rest). Each has a ``confidence``
in ``[0, 1)`` and the ``excerpt``: the sentence of the reply that triggered it, for the collector
to see. The quoted original below the reply (``On ... wrote:``, ``Le ... a écrit :``,
``Am ... schrieb ...:``, ``El ... escribió:``, a forwarded/original message header) and lines
starting with ``>`` are ignored, and so is a signature after a ``-- `` line.

How it works
    The text is cut into sentences (lines wrapped by the mail client joined again). Each sentence
    scores each kind with the weighted phrases of ``LEXICONS[lang][kind]`` (normalised text: lower
    case, no accents; ``word*`` matches a word prefix, ``a .. b`` allows up to ten words between
    ``a`` and ``b``; a negative weight speaks against the kind) and the dispute reasons of
    ``REASONS[lang]``. Cues add to the score:

    - a date with a payment word (``PAY_WORDS``; not the reminder's, ``NOT_PAYMENTS``: "thanks for
      the payment reminder, I'll look at it on Monday"): a promise when the date is ahead, a payment
      when it is past (today is neither); a payment reference (``REFERENCE_LABELS``) with a payment word: a
      payment;
    - a request (``REQUESTS``) with a sending verb (``SEND_VERBS``) and a document (``DOCUMENTS``,
      in the sentence or the one before): a copy request; a document named without a request
      counts 0.6 of its phrases ("Anbei der Kontoauszug" offers one, asks for none);
    - a negation (``NEGATIONS``) cancels the promise and payment phrases of its clause ("we will
      not pay" is no promise, "not paid yet, but we will pay on Friday" is one); a refusal to pay
      (``REFUSALS``) is a dispute;
    - a promise without a date waiting for something (``CONDITIONS``: "once it is corrected")
      counts 0.3, and a promise with neither date nor amount in a reply that disputes is dropped.

    A kind is suggested when its best sentence scores at least ``THRESHOLD``; the confidence grows
    with the score (``score / (score + 1)``, plus 0.05 for each further sentence of the kind).

Dates are read with ``dateparser`` (``search_dates`` in the reply's language, relative to
``today``; future dates preferred for promises and returns, past ones for payments), amounts
with ``babel.numbers.parse_decimal`` in the locale their separators fit. ``dateparser`` is
imported when a date is looked for: this module imports without it.

Plain Python, no Odoo import; the lexicons are module-level data, easy to extend.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

KINDS = ("promise", "dispute", "paid", "copy", "out_of_office")
REASON_CODES = ("PRICE", "QTY", "DMG", "NREC", "DUP", "TAX", "PROMO", "SHORT", "OTHER")
LANGUAGES = ("en", "fr", "de", "es")
#: A kind is suggested when its best sentence scores at least this.
THRESHOLD = 1.0
#: Dates further than this many years from today are misreadings, not dates.
MAX_YEARS_AWAY = 2

# Lexicons: phrase -> weight, on normalised text (lower case, accents removed, ’ -> ').
LEXICONS = {
    "en": {
        "promise": {
            "should be paid": 1.2,
            "should be settled": 1.2,
            "should be with you": 1.2,
            "will be with you": 1.2,
            "will go out": 1.2,
            "will be sent": 1.0,
            "we will pay": 1.5,
            "we'll pay": 1.5,
            "i will pay": 1.5,
            "will be paid": 1.5,
            "will be settled": 1.5,
            "we will settle": 1.5,
            "will settle": 1.0,
            "will transfer": 1.2,
            "will make the payment": 1.5,
            "will make payment": 1.5,
            "payment will be made": 1.5,
            "payment will be released": 1.5,
            "will be released": 1.0,
            "scheduled for payment": 1.5,
            "scheduled .. payment": 1.0,
            "payment is scheduled": 1.5,
            "payment run": 0.8,
            "you will receive payment": 1.5,
            "you should receive": 1.0,
            "expect payment": 1.2,
            "we intend to pay": 1.5,
            "we plan to pay": 1.5,
            "we can pay": 1.2,
            "going to pay": 1.5,
            "will be processed": 1.0,
        },
        "paid": {
            "payment went out": 1.8,
            "went out": 1.0,
            "was sent": 1.2,
            "payment has been made": 1.8,
            "payment has been sent": 1.8,
            "left our account": 1.5,
            "already paid": 2.0,
            "already been paid": 2.0,
            "has been paid": 1.8,
            "have been paid": 1.8,
            "was paid": 1.8,
            "were paid": 1.8,
            "we paid": 1.5,
            "we have paid": 1.8,
            "we've paid": 1.8,
            "has been settled": 1.8,
            "was settled": 1.8,
            "we settled": 1.5,
            "payment was made": 1.8,
            "payment was sent": 1.8,
            "we sent the payment": 1.8,
            "we sent payment": 1.8,
            "transfer was made": 1.8,
            "was transferred": 1.5,
            "we transferred": 1.5,
            "remittance advice": 1.0,
            "proof of payment": 1.0,
            "payment confirmation": 1.0,
            "has cleared": 1.0,
            "we paid part": 1.5,
            "partial payment": 0.8,
        },
        "dispute": {
            "not due yet": 1.5,
            "not yet due": 1.5,
            "isn't due": 1.5,
            "is not due": 1.5,
            "too high": 1.0,
            "dispute": 1.2,
            "disputing": 1.2,
            "we contest": 1.5,
            "do not agree": 1.2,
            "don't agree": 1.2,
            "disagree": 1.2,
            "incorrect": 1.0,
            "is wrong": 1.0,
            "error on": 0.8,
            "not correct": 1.0,
            "credit note": 0.8,
            "on hold": 0.6,
            "until this is resolved": 1.0,
            "until this is corrected": 1.0,
            "complaint": 0.8,
            "not acceptable": 1.0,
        },
        "copy": {
            "attached": -1.0,
            "corrected invoice": -2.0,
            "credit note": -2.0,
            "send us a copy": 2.0,
            "send me a copy": 2.0,
            "a copy of the invoice": 2.0,
            "copy of invoice": 2.0,
            "copy of the invoice": 2.0,
            "resend": 1.5,
            "re-send": 1.5,
            "send again": 1.2,
            "statement of account": 1.8,
            "account statement": 1.8,
            "send us a statement": 2.0,
            "send me a statement": 2.0,
            "a statement": 1.0,
            "cannot find the invoice": 1.2,
            "can't find the invoice": 1.2,
            "never received the invoice": 2.0,
            "did not receive the invoice": 2.0,
            "pdf": 0.6,
            "a copy": 1.0,
        },
        "out_of_office": {
            "maternity leave": 2.0,
            "paternity leave": 2.0,
            "parental leave": 2.0,
            "sick leave": 2.0,
            "business travel": 1.5,
            "travelling": 1.2,
            "returning on": 1.5,
            "upon my return": 1.2,
            "on my return": 1.2,
            "out of the office": 2.0,
            "out of office": 2.0,
            "automatic reply": 1.5,
            "auto-reply": 1.5,
            "on annual leave": 2.0,
            "on leave": 1.5,
            "on holiday": 1.5,
            "on vacation": 1.5,
            "limited access to email": 1.5,
            "limited access to my email": 1.5,
            "i will be back": 1.5,
            "i am away": 1.5,
            "i'm away": 1.5,
            "i will return": 1.5,
            "back in the office": 1.5,
            "return to the office": 1.5,
            "currently away": 1.5,
        },
    },
    "fr": {
        "promise": {
            "interviendra": 1.0,
            "sera vire*": 1.5,
            "vous parviendra": 1.2,
            "nous allons payer": 1.5,
            "nous allons regler": 1.5,
            "nous reglerons": 1.5,
            "nous payerons": 1.5,
            "nous paierons": 1.5,
            "je reglerai": 1.5,
            "je paierai": 1.5,
            "sera regle*": 1.5,
            "sera paye*": 1.5,
            "sera effectue": 1.2,
            "sera emis": 1.2,
            "sera envoye": 1.0,
            "effectuerons le": 1.2,
            "procederons au": 1.2,
            "allons proceder": 1.2,
            "allons effectuer": 1.2,
            "est programme": 1.2,
            "prevu pour": 1.0,
            "prevu le": 1.0,
            "partira": 1.2,
            "recevrez le": 1.0,
            "recevrez votre": 1.0,
            "mise en paiement": 1.2,
        },
        "paid": {
            "ete regle*": 1.5,
            "ete paye*": 1.5,
            "ete effectue*": 1.5,
            "ete vire*": 1.5,
            "paiement a ete": 1.5,
            "virement a ete": 1.5,
            "reglement a ete": 1.5,
            "a ete fait": 1.0,
            "est parti": 1.2,
            "a ete debite*": 1.5,
            "deja regle*": 2.0,
            "deja paye*": 2.0,
            "a ete regle*": 1.8,
            "a ete paye*": 1.8,
            "ont ete regle*": 1.8,
            "ont ete paye*": 1.8,
            "avons regle": 1.5,
            "avons paye": 1.5,
            "avons effectue le": 1.5,
            "avons procede au": 1.5,
            "a ete effectue": 1.5,
            "a ete vire*": 1.5,
            "avons vire": 1.5,
            "justificatif de paiement": 1.0,
            "preuve de paiement": 1.0,
            "avis de virement": 1.0,
            "avis de paiement": 1.0,
            "reglement partiel": 0.8,
        },
        "dispute": {
            "pas encore echu*": 1.5,
            "pas encore exigible": 1.5,
            "trop eleve*": 1.0,
            "ne correspond*": 1.2,
            "conteste*": 1.5,
            "contestation": 1.5,
            "litige": 1.5,
            "desaccord": 1.2,
            "erron*": 1.2,
            "incorrect*": 1.0,
            "pas conforme": 1.2,
            "non conforme": 1.2,
            "reclamation": 1.0,
            "avoir": 0.6,
            "en attente d'un avoir": 1.0,
            "bloque*": 0.6,
            "ne correspond pas": 1.2,
            "refusons": 1.0,
        },
        "copy": {
            "ci-joint": -1.0,
            "piece jointe": -1.0,
            "facture rectificative": -2.0,
            "facture corrigee": -2.0,
            "un avoir": -2.0,
            "copie de la facture": 2.0,
            "copie des factures": 2.0,
            "une copie": 1.5,
            "duplicata": 2.0,
            "renvoyer": 1.5,
            "renvoyer la facture": 2.0,
            "nous la renvoyer": 1.5,
            "transmettre la facture": 1.5,
            "releve de compte": 2.0,
            "un releve": 1.5,
            "pas recu la facture": 2.0,
            "ne trouvons pas": 1.0,
            "pdf": 0.6,
        },
        "out_of_office": {
            "arret maladie": 2.0,
            "conge maternite": 2.0,
            "conge parental": 2.0,
            "en deplacement": 2.0,
            "ne pourrai pas lire": 1.5,
            "a mon retour": 1.2,
            "des mon retour": 1.2,
            "absent": 1.5,
            "absente": 1.5,
            "absence": 1.5,
            "en conges": 2.0,
            "en conge": 2.0,
            "de retour le": 1.5,
            "de retour a": 1.0,
            "serai de retour": 1.5,
            "hors du bureau": 2.0,
            "message automatique": 1.5,
            "reponse automatique": 1.5,
            "acces limite": 1.2,
        },
    },
    "de": {
        "promise": {
            "bekommen sie": 1.0,
            "geht .. raus": 1.2,
            "wird .. gezahlt": 1.5,
            "werden .. uberweisen": 1.5,
            "werden .. bezahlen": 1.5,
            "werden .. zahlen": 1.5,
            "werden .. begleichen": 1.5,
            "wird .. uberwiesen": 1.5,
            "wird .. bezahlt": 1.5,
            "wird .. beglichen": 1.5,
            "wird .. angewiesen": 1.5,
            "wird .. ausgefuhrt": 1.2,
            "uberweisen wir": 1.5,
            "zahlen wir": 1.5,
            "begleichen wir": 1.5,
            "erfolgt": 0.8,
            "zahlung erfolgt": 1.5,
            "zahlungslauf": 1.0,
            "zur zahlung freigegeben": 1.2,
            "freigeben": 0.8,
            "eingeplant": 1.0,
            "erhalten sie": 1.0,
        },
        "paid": {
            "wurde .. angewiesen": 1.8,
            "wurde .. veranlasst": 1.8,
            "haben .. veranlasst": 1.5,
            "abgegangen": 1.5,
            "von unserem konto": 0.5,
            "ausgeglichen": 1.5,
            "ging .. raus": 1.2,
            "haben .. gezahlt": 1.5,
            "bereits bezahlt": 2.0,
            "bereits beglichen": 2.0,
            "bereits uberwiesen": 2.0,
            "schon bezahlt": 2.0,
            "schon uberwiesen": 2.0,
            "wurde .. bezahlt": 1.8,
            "wurde .. beglichen": 1.8,
            "wurde .. uberwiesen": 1.8,
            "wurden .. bezahlt": 1.8,
            "wurden .. uberwiesen": 1.8,
            "haben .. bezahlt": 1.5,
            "haben .. uberwiesen": 1.5,
            "haben .. beglichen": 1.5,
            "zahlungsnachweis": 1.0,
            "zahlungsbeleg": 1.0,
            "uberweisungsbeleg": 1.0,
            "zahlungsavis": 1.0,
            "teilzahlung": 0.8,
        },
        "dispute": {
            "noch nicht fallig": 1.5,
            "zu hoch": 1.0,
            "reklamation": 1.2,
            "reklamieren": 1.2,
            "beanstand*": 1.5,
            "widersprech*": 1.5,
            "widerspruch": 1.5,
            "nicht einverstanden": 1.5,
            "fehlerhaft": 1.2,
            "falsch": 1.0,
            "nicht korrekt": 1.0,
            "gutschrift": 0.8,
            "bestreiten": 1.5,
            "stimmt nicht": 1.2,
            "zuruckgehalten": 0.8,
        },
        "copy": {
            "anbei": -1.0,
            "korrigierte rechnung": -2.0,
            "gutschrift": -2.0,
            "rechnungskopie": 2.0,
            "kopie der rechnung": 2.0,
            "eine kopie": 1.5,
            "duplikat": 2.0,
            "erneut zusenden": 1.5,
            "erneut senden": 1.5,
            "nochmals zusenden": 1.5,
            "noch einmal zusenden": 1.5,
            "nochmal schicken": 1.5,
            "kontoauszug": 2.0,
            "kontoubersicht": 1.8,
            "saldenbestatigung": 1.8,
            "offene posten liste": 1.5,
            "offene-posten-liste": 1.5,
            "nicht erhalten": 0.5,
            "pdf": 0.6,
        },
        "out_of_office": {
            "krankgeschrieben": 2.0,
            "mutterschutz": 2.0,
            "wieder fur sie da": 1.5,
            "nicht erreichbar": 2.0,
            "elternzeit": 1.5,
            "dienstreise": 1.5,
            "geschaftsreise": 1.5,
            "nach meiner ruckkehr": 1.2,
            "abwesend": 2.0,
            "abwesenheit": 1.5,
            "nicht im buro": 2.0,
            "ausser haus": 2.0,
            "im urlaub": 2.0,
            "wieder im buro": 1.5,
            "wieder erreichbar": 1.5,
            "wieder da": 1.2,
            "automatische antwort": 1.5,
            "keinen zugriff auf": 1.0,
            "eingeschrankt": 0.8,
        },
    },
    "es": {
        "promise": {
            "saldra": 1.2,
            "recibiran": 1.0,
            "recibira": 1.0,
            "pagaremos": 1.5,
            "abonaremos": 1.5,
            "liquidaremos": 1.5,
            "transferiremos": 1.5,
            "realizaremos el pago": 1.5,
            "haremos el pago": 1.5,
            "haremos la transferencia": 1.5,
            "realizaremos la transferencia": 1.5,
            "efectuaremos": 1.5,
            "procederemos": 1.2,
            "vamos a pagar": 1.5,
            "vamos a realizar": 1.2,
            "se pagara": 1.5,
            "sera pagad*": 1.5,
            "sera abonad*": 1.5,
            "esta programad*": 1.2,
            "previsto para": 1.0,
            "recibiran el pago": 1.5,
            "recibira el pago": 1.5,
        },
        "paid": {
            "se abono": 1.8,
            "se pago": 1.8,
            "se realizo": 1.2,
            "salio": 1.0,
            "ya pagad*": 2.0,
            "ya esta pagad*": 2.0,
            "ya fue pagad*": 2.0,
            "ya hemos pagado": 2.0,
            "ya hemos abonado": 2.0,
            "ya se pago": 2.0,
            "ya se abono": 2.0,
            "fue pagad*": 1.8,
            "fue abonad*": 1.8,
            "ha sido pagad*": 1.8,
            "ha sido abonad*": 1.8,
            "hemos pagado": 1.5,
            "hemos abonado": 1.5,
            "hemos realizado la transferencia": 1.8,
            "hemos realizado el pago": 1.8,
            "realizamos la transferencia": 1.5,
            "realizamos el pago": 1.5,
            "pagamos": 1.2,
            "justificante de pago": 1.0,
            "comprobante de pago": 1.0,
            "justificante de la transferencia": 1.0,
            "pago parcial": 0.8,
        },
        "dispute": {
            "aun no ha vencido": 1.5,
            "todavia no ha vencido": 1.5,
            "no ha vencido": 1.5,
            "demasiado alt*": 1.0,
            "no estamos de acuerdo": 1.5,
            "desacuerdo": 1.2,
            "reclamacion": 1.2,
            "incorrect*": 1.0,
            "erron*": 1.2,
            "error en": 1.0,
            "disputa": 1.2,
            "impugn*": 1.5,
            "no corresponde": 1.2,
            "abono": 0.6,
            "nota de credito": 0.8,
            "rechazamos": 1.0,
        },
        "copy": {
            "adjunto": -1.0,
            "factura rectificativa": -2.0,
            "un abono": -2.0,
            "copia de la factura": 2.0,
            "copia de las facturas": 2.0,
            "una copia": 1.5,
            "duplicado": 2.0,
            "reenviar": 1.5,
            "reenviarnos": 1.5,
            "volver a enviar": 1.5,
            "estado de cuenta": 2.0,
            "extracto de cuenta": 2.0,
            "extracto": 1.2,
            "no hemos recibido la factura": 2.0,
            "no encontramos la factura": 1.2,
            "pdf": 0.6,
        },
        "out_of_office": {
            "estare fuera": 2.0,
            "mensaje automatico": 1.5,
            "baja por maternidad": 2.0,
            "de baja": 1.5,
            "no estoy en la oficina": 2.0,
            "viaje de trabajo": 1.5,
            "a mi regreso": 1.2,
            "a mi vuelta": 1.2,
            "fuera de la oficina": 2.0,
            "de vacaciones": 2.0,
            "ausente": 1.5,
            "ausencia": 1.5,
            "estare de vuelta": 1.5,
            "de vuelta el": 1.2,
            "regresare": 1.5,
            "volvere": 1.5,
            "respuesta automatica": 1.5,
            "acceso limitado": 1.2,
        },
    },
}

#: Dispute reason code -> phrases per language (weights as in LEXICONS); they also score a dispute.
REASONS = {
    "en": {
        "PRICE": {"price": 1.0, "prices": 1.0, "agreed rate": 1.2, "unit price": 1.2, "overcharged": 1.2},
        "QTY": {
            "missing": 1.0,
            "quantity": 1.0,
            "quantities": 1.0,
            "units": 0.6,
            "only received": 1.0,
            "pieces": 0.6,
        },
        "DMG": {"damaged": 1.5, "broken": 1.2, "defective": 1.5, "faulty": 1.5, "damage": 1.2},
        "NREC": {
            "never received the goods": 2.0,
            "not received the goods": 2.0,
            "never arrived": 1.5,
            "not been delivered": 1.5,
            "never delivered": 1.5,
            "not delivered": 1.5,
            "no delivery": 1.2,
        },
        "DUP": {"twice": 1.5, "duplicate": 1.5, "double": 1.0, "already invoiced": 1.5, "same order": 0.8},
        "TAX": {"vat": 1.5, "tax": 1.2, "reverse charge": 1.5, "exempt": 1.0},
        "PROMO": {"discount": 1.2, "rebate": 1.5, "promotion": 1.5, "promotional": 1.5, "allowance": 1.2},
        "SHORT": {"deducted": 0.6, "withheld": 0.6, "short-paid": 0.6, "short paid": 0.6},
    },
    "fr": {
        "PRICE": {"prix": 1.0, "tarif*": 1.0, "prix unitaire": 1.2, "surfactur*": 1.2},
        "QTY": {"manquant*": 1.0, "quantite*": 1.2, "unites": 0.6, "colis": 0.6, "seulement recu": 1.0},
        "DMG": {"endommag*": 1.5, "abime*": 1.5, "casse*": 1.2, "defectueu*": 1.5, "deteriore*": 1.5},
        "NREC": {
            "jamais recu": 1.5,
            "pas ete livre*": 1.5,
            "jamais ete livre*": 1.5,
            "non livre*": 1.5,
            "pas recu la marchandise": 2.0,
            "pas recu les marchandises": 2.0,
            "aucune livraison": 1.2,
        },
        "DUP": {"deux fois": 1.5, "doublon": 1.5, "en double": 1.5, "deja facture*": 1.5},
        "TAX": {"tva": 1.5, "taxe": 1.0, "autoliquidation": 1.5, "exonere*": 1.0},
        "PROMO": {"remise": 1.2, "ristourne": 1.5, "promotion": 1.5, "escompte": 1.2, "rabais": 1.2},
        "SHORT": {"deduit": 0.6, "deduction": 0.6, "retenu": 0.6},
    },
    "de": {
        "PRICE": {
            "preis": 1.0,
            "preise": 1.0,
            "einzelpreis": 1.2,
            "vereinbarten preis": 1.5,
            "berechnet": 0.5,
        },
        "QTY": {
            "fehl*": 1.0,
            "menge": 1.2,
            "stuckzahl": 1.2,
            "stuck": 0.6,
            "nur .. geliefert": 1.0,
            "mengen": 1.2,
        },
        "DMG": {"beschadigt": 1.5, "defekt": 1.5, "kaputt": 1.2, "schaden": 1.0, "transportschaden": 1.5},
        "NREC": {
            "nie erhalten": 1.5,
            "nicht geliefert": 1.5,
            "nie geliefert": 1.5,
            "ware nicht erhalten": 2.0,
            "lieferung nicht erhalten": 2.0,
            "keine lieferung": 1.5,
            "nicht angekommen": 1.5,
        },
        "DUP": {"doppelt": 1.5, "zweimal": 1.5, "bereits berechnet": 1.5, "bereits in rechnung": 1.5},
        "TAX": {"mwst": 1.5, "mehrwertsteuer": 1.5, "umsatzsteuer": 1.5, "ust": 1.2, "steuerfrei": 1.0},
        "PROMO": {"rabatt": 1.2, "skonto": 1.2, "aktion*": 1.2, "bonus": 1.0, "nachlass": 1.2},
        "SHORT": {"einbehalten": 0.6, "gekurzt": 0.6, "teilweise bezahlt": 0.6},
    },
    "es": {
        "PRICE": {
            "precio": 1.0,
            "precios": 1.0,
            "tarifa": 1.0,
            "precio unitario": 1.2,
            "precio pactado": 1.5,
        },
        "QTY": {
            "falta*": 1.0,
            "cantidad": 1.2,
            "cantidades": 1.2,
            "unidades": 0.6,
            "solo recibimos": 1.0,
            "bultos": 0.6,
        },
        "DMG": {"danad*": 1.5, "defectuos*": 1.5, "rot*": 1.0, "deteriorad*": 1.5, "en mal estado": 1.5},
        "NREC": {
            "nunca recibimos": 1.5,
            "no hemos recibido la mercancia": 2.0,
            "no recibimos la mercancia": 2.0,
            "no ha llegado": 1.5,
            "nunca llego": 1.5,
            "no fue entregad*": 1.5,
        },
        "DUP": {"dos veces": 1.5, "duplicad*": 1.5, "ya facturad*": 1.5, "por duplicado": 1.5},
        "TAX": {"iva": 1.5, "impuesto*": 1.0, "exent*": 1.0, "inversion del sujeto pasivo": 1.5},
        "PROMO": {"descuento": 1.2, "rappel": 1.5, "promocion": 1.5, "bonificacion": 1.2},
        "SHORT": {"descontado": 0.6, "deducido": 0.6, "retenido": 0.6},
    },
}

#: Payment verbs and nouns: a date in a sentence with one of these (and no negation) is a promise
#: cue when it is today or later, a ``paid`` cue when it is past.
PAY_WORDS = {
    "en": ("pay", "paid", "payment", "settle*", "transfer*", "remit*", "wire", "money", "funds", "balance"),
    "fr": ("pay*", "paie*", "regl*", "virement", "versement", "montant", "somme", "fonds"),
    "de": ("zahl*", "bezahl*", "uberweis*", "begleich*", "anweis*", "geld", "betrag", "summe"),
    "es": ("pag*", "abon*", "transferencia", "liquid*", "importe", "dinero", "fondos"),
}
#: Payment words that name the reminder or the terms, not a payment: not counted as payment words.
NOT_PAYMENTS = {
    "en": ("payment reminder", "payment request", "payment terms", "terms of payment", "reminder"),
    "fr": (
        "relance de paiement",
        "rappel de paiement",
        "conditions de paiement",
        "delai de paiement",
        "relance",
    ),
    "de": ("zahlungserinnerung", "zahlungsaufforderung", "zahlungsbedingungen", "zahlungsziel", "mahnung"),
    "es": ("recordatorio de pago", "aviso de pago", "condiciones de pago", "plazo de pago", "recordatorio"),
}
#: Request cues and what a copy request asks to send: a sentence with a request, a sending verb and
#: a document asks for a copy ("could you mail us the list of open invoices?").
REQUESTS = {
    "en": ("please", "could you", "can you", "would you", "kindly", "?"),
    "fr": ("merci de", "pourriez", "pouvez", "pourrais", "veuillez", "?"),
    "de": ("bitte", "konnten sie", "konnen sie", "wurden sie", "?"),
    "es": ("por favor", "podrian", "pueden", "podeis", "puede", "?"),
}
SEND_VERBS = {
    "en": ("send*", "resend*", "forward", "email", "mail", "provide"),
    "fr": ("envoy*", "renvoy*", "adress*", "transmett*", "faire parvenir"),
    "de": ("send*", "zusend*", "schick*", "zuschick*", "ubermitt*", "mail*"),
    "es": ("envi*", "mand*", "reenvi*", "remit*", "hacer llegar"),
}
DOCUMENTS = {
    "en": ("invoice*", "statement", "copy", "pdf", "open items"),
    "fr": ("facture*", "releve", "copie", "duplicata", "pdf"),
    "de": ("rechnung*", "kopie", "aufstellung", "kontoauszug", "liste", "pdf"),
    "es": ("factura*", "copia", "extracto", "estado de cuenta", "pdf"),
}
NEGATIONS = {
    "en": ("not", "won't", "cannot", "can't", "never", "no", "refuse*", "unable", "don't", "didn't"),
    "fr": ("ne", "n'", "pas", "jamais", "aucun*", "refus*"),
    "de": ("nicht", "kein*", "nie", "niemals", "verweiger*"),
    "es": ("no", "nunca", "jamas", "rechaz*", "ningun*"),
}
#: Conditions: a promise without a date that waits for something ("once it is corrected") is none.
CONDITIONS = {
    "en": ("once", "as soon as", "after", "when", "if", "upon", "provided"),
    "fr": ("des que", "une fois", "apres", "si", "lorsque", "quand", "sous reserve"),
    "de": ("sobald", "nach eingang", "nach erhalt", "wenn", "falls", "nachdem"),
    "es": ("cuando", "una vez", "en cuanto", "si", "tras", "despues de"),
}
#: Refusals to pay: a dispute even without a reason.
REFUSALS = {
    "en": {"will not pay": 1.5, "won't pay": 1.5, "refuse to pay": 1.5, "not pay this": 1.2},
    "fr": {"ne paierons pas": 1.5, "ne reglerons pas": 1.5, "refusons de payer": 1.5, "ne payerons pas": 1.5},
    "de": {
        "nicht bezahlen": 1.5,
        "nicht zahlen": 1.5,
        "verweigern die zahlung": 1.5,
        "nicht begleichen": 1.5,
    },
    "es": {"no pagaremos": 1.5, "no vamos a pagar": 1.5, "nos negamos a pagar": 1.5, "no abonaremos": 1.5},
}
#: Labels introducing a payment reference ("ref TRX-88812", "Verwendungszweck: 4711").
REFERENCE_LABELS = (
    "payment reference",
    "transfer reference",
    "transaction reference",
    "transaction id",
    "transaction",
    "reference",
    "ref",
    "référence du virement",
    "référence",
    "réf",
    "verwendungszweck",
    "referenz der überweisung",
    "überweisungsreferenz",
    "referencia de la transferencia",
    "referenz",
    "transaktionsnummer",
    "referencia",
    "cheque",
    "check number",
    "chèque",
)
#: Words of each language for detection (normalised, whole words).
LANGUAGE_WORDS = {
    "en": (
        "the and we you your our will have has been is are of for to please thanks regards invoice payment"
    ),
    "fr": (
        "le les nous vous votre notre est sont des pour merci cordialement facture paiement bonjour une avons"
    ),
    "de": (
        "der die das und wir sie ihr ihre ist "
        "sind nicht mit fur bitte danke rechnung zahlung gruessen grussen"
    ),
    "es": (
        "el los las usted su nuestra es son del para gracias saludos factura pago hola una muy hemos con por"
    ),
}
#: Words before an amount written without a currency ("a total of 1.200,00"): read in ``currency``.
AMOUNT_WORDS = {
    "en": ("amount of", "sum of", "balance of", "total of"),
    "fr": ("montant de", "somme de", "solde de", "total de"),
    "de": ("betrag von", "summe von", "hohe von", "gesamtbetrag von"),
    "es": ("importe de", "suma de", "saldo de", "total de"),
}
LOCALES = {"en": "en_US", "fr": "fr_FR", "de": "de_DE", "es": "es_ES"}

CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "US$": "USD", "Fr.": "CHF", "SFr.": "CHF"}
CURRENCY_CODES = ("EUR", "USD", "GBP", "CHF", "CAD", "MXN")

# Where the quoted original starts: a reply header line, or a forwarded / original message banner.
_QUOTE_HEADERS = re.compile(
    r"^\s*(?:"
    r"on\b.{0,200}\bwrote:|le\b.{0,200}\ba [ée]crit\s?:|am\b.{0,200}\bschrieb\b.{0,100}:"
    r"|el\b.{0,200}\bescribi[óo]\s?:"
    r"|-{2,}\s*(?:original message|message d'origine|ursprüngliche nachricht|mensaje original"
    r"|forwarded message|message transféré)\s*-{2,}"
    r"|(?:from|de|von)\s?:.{0,200}$"
    r")",
    re.IGNORECASE | re.MULTILINE,
)
_SIGNATURE = re.compile(r"^--\s*$", re.MULTILINE)
_NUMBER = r"\d{1,3}(?:[.,'’\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SIGN = r"US\$|SFr\.|Fr\.|[€$£]"
_CODE = "|".join(CURRENCY_CODES)
_AMOUNT = re.compile(
    rf"(?:(?P<pre>{_SIGN}|\b(?:{_CODE})\b)\s?(?P<n1>{_NUMBER}))"
    rf"|(?:(?<![\w.,])(?P<n2>{_NUMBER})\s?(?P<post>{_SIGN}|(?:{_CODE})\b|euros?\b|dollars?\b))"
)
_REFERENCE = re.compile(
    r"\b(?:"
    + "|".join(REFERENCE_LABELS)
    + r")\b\.?\s*(?:n[°o]\.?|nr\.?|no\.?|number|num[ée]ro|#)?\s*[:#]?\s*"
    r"(?P<ref>[A-Z0-9][A-Z0-9/_.-]*\d[A-Z0-9/_-]*|\d[A-Z0-9/_.-]*)",
    re.IGNORECASE,
)
#: Where a sentence's clauses part, for the scope of a negation.
_CLAUSE = re.compile(r"[,;]\s+|\s+(?:but|mais|aber|pero|sino)\s+|\s[-–]\s", re.IGNORECASE)
#: Amounts without currency: digit groups ("1.200", "1 200,00") or decimals after a comma ("980,00").
_BARE_AMOUNT = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:[.,'’\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+,\d{2})(?![\d.,]*\d)"
)
#: Document numbers ("INV/2026/0012", "FA-2026-0311"): letters, then digits with separators.
_DOCUMENT_NUMBER = re.compile(r"\b[A-Za-z]+[/_-]?\d[\w/-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'«¿¡(]?[A-ZÀ-ÝÄÖÜ])")
_ABBREVIATIONS = (
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "nr.",
    "no.",
    "ref.",
    "inv.",
    "z.b.",
    "ca.",
    "mme.",
    "sr.",
    "sra.",
)


# The Suggestion field ``date`` hides the type in the class body.
_Date = date


@dataclass(frozen=True)
class Suggestion:
    """One thing a reply says; see the module docstring for the fields each kind fills."""

    kind: str
    confidence: float
    excerpt: str
    amount: float | None = None
    currency: str | None = None
    date: _Date | None = None
    reason: str | None = None
    reference: str | None = None


def normalize(text):
    """Lower case, accents removed, typographic apostrophes as ``'``: the form the lexicons use."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("ß", "ss"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


_PATTERNS = {}


def _pattern(phrase):
    """Compiled regex of a lexicon phrase (``*`` word prefix, ``..`` gap of up to ten words)."""
    pattern = _PATTERNS.get(phrase)
    if pattern is None:
        parts = []
        for chunk in phrase.split(" .. "):
            words = []
            for word in chunk.split():
                if word.endswith("*"):
                    words.append(re.escape(word[:-1]) + r"[\w'-]*")
                else:
                    words.append(re.escape(word))
            parts.append(r"\s+".join(words))
        body = r"(?:\s+\S+){0,10}?\s+".join(parts)
        lead = r"(?<!\w)" if phrase[:1].isalnum() else ""
        trail = r"(?![\w])" if phrase[-1:].isalnum() else ""
        pattern = _PATTERNS[phrase] = re.compile(lead + body + trail)
    return pattern


def _score(normalized, lexicon):
    return sum(weight for phrase, weight in lexicon.items() if _pattern(phrase).search(normalized))


def _has_any(normalized, words):
    return any(_pattern(word).search(normalized) for word in words)


def _pays(normalized, lang):
    """True when ``normalized`` has a payment word (``PAY_WORDS``) that is not the reminder's."""
    for phrase in NOT_PAYMENTS[lang]:
        normalized = _pattern(phrase).sub(" ", normalized)
    return _has_any(normalized, PAY_WORDS[lang])


def strip_quoted(text):
    """The reply's own text: without the quoted original, ``>`` lines and the ``-- `` signature."""
    match = _QUOTE_HEADERS.search(text)
    if match:
        text = text[: match.start()]
    match = _SIGNATURE.search(text)
    if match:
        text = text[: match.start()]
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def detect_language(text):
    """The likeliest of ``LANGUAGES`` for ``text`` (keyword scoring; English when nothing scores)."""
    words = re.findall(r"[\w']+", normalize(text))
    joined = " ".join(words)
    best, best_score = "en", 0
    for lang in LANGUAGES:
        vocabulary = set(LANGUAGE_WORDS[lang].split())
        score = sum(1 for word in words if word in vocabulary)
        score += sum(2 for kinds in LEXICONS[lang].values() for p in kinds if _pattern(p).search(joined))
        if score > best_score:
            best, best_score = lang, score
    return best


def split_sentences(text):
    """The sentences of ``text``: one per line at least, lines cut after ``.``, ``!`` or ``?``."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        # A line wrapped by the mail client goes on in lower case after a line without end punctuation.
        if (
            lines
            and line
            and lines[-1]
            and lines[-1][-1] not in ".!?:;"
            and re.match(r"[a-zà-ÿ0-9€$£(]", line)
        ):
            lines[-1] += " " + line
        else:
            lines.append(line)
    sentences = []
    for line in lines:
        if not line:
            continue
        pieces = _SENTENCE_END.split(line)
        merged = []
        for piece in pieces:
            # "Nr. 4711", "am 16. März": no sentence ends there.
            if merged and (
                merged[-1].lower().endswith(_ABBREVIATIONS) or re.search(r"(?:^|\s)\d{1,2}\.$", merged[-1])
            ):
                merged[-1] += " " + piece
            else:
                merged.append(piece)
        sentences.extend(merged)
    return sentences


def parse_amount(number, lang, currency=None):
    """``number`` (digits and separators, as written) as a float, read in the locale it fits.

    The last separator followed by one or two digits is the decimal one; the locale is the
    language's when its decimal symbol is that one, else the first of en_US, de_DE, fr_FR, de_CH
    whose is (CHF amounts are read in de_CH first). Spaces and apostrophes between digit groups
    are taken as the locale's group symbol.
    """
    from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

    decimal_match = re.search(r"([.,])\d{1,2}$", number)
    decimal_symbol = decimal_match.group(1) if decimal_match else None
    candidates = [LOCALES.get(lang, "en_US"), "en_US", "de_DE", "fr_FR", "de_CH"]
    if currency == "CHF":
        candidates.insert(0, "de_CH")
    for locale in candidates:
        if decimal_symbol and get_decimal_symbol(locale) != decimal_symbol:
            continue
        group = get_group_symbol(locale)
        if decimal_symbol is None and group not in number and re.search(r"[.,]\d{3}$", number):
            # "1.500" in English, "1,500" in German: the separator is not this locale's group.
            continue
        normalized = re.sub(r"(?<=\d)[\u00a0\u202f '’](?=\d{3})", group, number)
        try:
            return float(parse_decimal(normalized, locale=locale))
        except NumberFormatError:
            continue
    return None


def find_amounts(sentence, lang, currency=None):
    """``[(amount, currency_code)]`` of the amounts of ``sentence``, in order.

    An amount is written with a currency sign or code; with ``currency`` (the case's currency
    code), a number right after an amount word (``AMOUNT_WORDS``: "a total of 1.200,00") is one
    too, in that currency.
    """
    amounts = []
    for match in _AMOUNT.finditer(sentence):
        number = match.group("n1") or match.group("n2")
        sign = (match.group("pre") or match.group("post") or "").strip()
        code = CURRENCY_SIGNS.get(sign) or (
            "EUR" if sign.lower().startswith("euro") else "USD" if sign.lower().startswith("dollar") else sign
        )
        value = parse_amount(number.strip(), lang, code)
        if value is not None:
            amounts.append((match.start(), value, code.upper()))
    if currency:
        words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in AMOUNT_WORDS.get(lang, ()))
        signed = {value for _start, value, _code in amounts}
        bare = rf"(?<!\w)(?:{words})\s+({_NUMBER})(?![\d.,]*\s?(?:{_SIGN}|[A-Z]{{3}}))"
        for match in re.finditer(bare, normalize(sentence)):
            value = parse_amount(match.group(1).strip(), lang, currency)
            if value is not None and value not in signed:
                # Positions in the normalised text: close enough to keep the amounts in order.
                amounts.append((match.start(1), value, currency))
    return [(value, code) for _start, value, code in sorted(amounts)]


def _mask(sentence):
    # Amounts and references are no dates for dateparser ("INV/2026/0012", "1.234,56").
    sentence = _AMOUNT.sub(lambda m: " " * len(m.group(0)), sentence)
    sentence = _BARE_AMOUNT.sub(lambda m: " " * len(m.group(0)), sentence)
    sentence = _REFERENCE.sub(lambda m: " " * len(m.group(0)), sentence)
    return _DOCUMENT_NUMBER.sub(lambda m: " " * len(m.group(0)), sentence)


def find_dates(sentence, lang, today, prefer="future"):
    """The dates ``dateparser`` finds in ``sentence`` (in ``lang``, relative to ``today``), in order.

    Phrases without a digit whose words have three letters at most are dropped: dateparser reads
    "We", "Je" or "Die" as weekdays.
    """
    from dateparser.search import search_dates

    base = datetime.combine(today, datetime.min.time())
    settings = {
        "PREFER_DATES_FROM": prefer,
        "RELATIVE_BASE": base,
        "PREFER_DAY_OF_MONTH": "first" if prefer == "past" else "last",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if lang != "en":
        # dateparser reads "02.03.2026" month first in past mode otherwise.
        settings["DATE_ORDER"] = "DMY"
    masked = _mask(sentence)
    found = search_dates(masked, languages=[lang], settings=settings) or []
    forward = {}
    if prefer == "current_period":
        # Without a digit ("am Freitag", "tomorrow") the next one is meant; "last week" stays past.
        future = {**settings, "PREFER_DATES_FROM": "future"}
        forward = dict(search_dates(masked, languages=[lang], settings=future) or [])
    dates = []
    for phrase, value in found:
        digits = re.search(r"\d", phrase)
        if not digits and max(len(w) for w in re.findall(r"\w+", phrase) or [""]) <= 3:
            continue
        if not digits and phrase in forward:
            value = forward[phrase]
        if abs(value.year - today.year) > MAX_YEARS_AWAY:
            continue  # "RMA 5521" read as a year
        dates.append(value.date())
    return dates


def find_reference(sentence):
    """The payment reference quoted after a label ("ref TRX-88812", "Verwendungszweck: 4711"), or None."""
    match = _REFERENCE.search(sentence)
    return match.group("ref").rstrip(".,;:") if match else None


def _reason(normalized_sentences, lang):
    totals = dict.fromkeys(REASON_CODES[:-1], 0.0)
    for normalized in normalized_sentences:
        for code, lexicon in REASONS[lang].items():
            totals[code] += _score(normalized, lexicon)
    code, score = max(totals.items(), key=lambda item: item[1])
    return code if score > 0 else "OTHER"


def classify(text, lang=None, today=None, currency=None):
    """The suggestions of a customer reply, best first (see the module docstring).

    ``lang`` one of ``LANGUAGES`` (detected when None), ``today`` the date relative dates are read
    from (``date.today()`` when None), ``currency`` the currency code of amounts written without one.
    """
    today = today or date.today()
    body = strip_quoted(text or "")
    lang = lang if lang in LANGUAGES else detect_language(body)
    lexicons, reasons = LEXICONS[lang], REASONS[lang]
    sentences = split_sentences(body)
    normalized = [normalize(s) for s in sentences]
    scores = {kind: [0.0] * len(sentences) for kind in KINDS}
    for i, norm in enumerate(normalized):
        for kind in KINDS:
            scores[kind][i] = _score(norm, lexicons[kind])
        negated = _has_any(norm, NEGATIONS[lang])
        refusal = _score(norm, REFUSALS[lang])
        reason_score = max(_score(norm, lexicon) for lexicon in reasons.values())
        if scores["dispute"][i] or negated:
            scores["dispute"][i] += refusal + reason_score
        elif scores["copy"][i] <= 0:
            # Reason words alone ("arrived damaged") dispute, but not in a copy request ("un duplicado").
            scores["dispute"][i] += refusal + 0.7 * reason_score
        else:
            scores["dispute"][i] += refusal
        # Promises and payments count in the clauses without a negation: "we will not pay" is no
        # promise, "it has not been paid yet, we will pay it on Friday" is one.
        clauses = [sentences[i]]
        if negated:
            clauses = [c for c in _CLAUSE.split(sentences[i]) if not _has_any(normalize(c), NEGATIONS[lang])]
            for kind in ("promise", "paid"):
                scores[kind][i] = sum(_score(normalize(c), lexicons[kind]) for c in clauses)
        for clause in clauses:
            if not _pays(normalize(clause), lang):
                continue
            dates = find_dates(clause, lang, today, prefer="current_period")
            # Today says nothing by itself: "we pay today" and "wired this morning" both name it.
            if scores["paid"][i] == 0 and any(d > today for d in dates):
                scores["promise"][i] += 1.0
            elif scores["promise"][i] == 0 and any(d < today for d in dates):
                scores["paid"][i] += 0.6
            if scores["promise"][i] == 0 and find_reference(clause):
                scores["paid"][i] += 0.8
        if (
            scores["promise"][i]
            and _has_any(norm, CONDITIONS[lang])
            and not find_dates(sentences[i], lang, today)
        ):
            scores["promise"][i] *= 0.3
        if _has_any(norm, REQUESTS[lang]):
            # The document may be named in the sentence before: "I miss the invoice. Can you resend it?"
            context = normalized[i - 1] + " " + norm if i else norm
            if _has_any(norm, SEND_VERBS[lang]) and _has_any(context, DOCUMENTS[lang]):
                scores["copy"][i] += 1.2
        else:
            # "Anbei der Kontoauszug": a document named without a request is not asked for.
            scores["copy"][i] *= 0.6
    suggestions = []
    for kind in KINDS:
        best = max(range(len(sentences)), key=lambda i, kind=kind: scores[kind][i], default=None)
        if best is None or scores[kind][best] < THRESHOLD:
            continue
        others = sum(1 for i, s in enumerate(scores[kind]) if i != best and s >= THRESHOLD)
        score = scores[kind][best]
        confidence = round(min(0.99, score / (score + 1) + 0.05 * others), 2)
        fields = _fields(kind, sentences, normalized, best, scores[kind], lang, today, currency)
        suggestions.append(Suggestion(kind=kind, confidence=confidence, excerpt=sentences[best], **fields))
    kinds = {s.kind for s in suggestions}
    if "dispute" in kinds:
        # "Issue a credit note and we will pay the corrected amount": conditional, not a promise to follow up.
        suggestions = [
            s for s in suggestions if not (s.kind == "promise" and s.date is None and s.amount is None)
        ]
    suggestions.sort(key=lambda s: (-s.confidence, KINDS.index(s.kind)))
    return suggestions


def _fields(kind, sentences, normalized, best, kind_scores, lang, today, currency):
    sentence = sentences[best]
    if kind == "dispute":
        return {"reason": _reason([n for n, s in zip(normalized, kind_scores, strict=True) if s > 0], lang)}
    if kind == "copy":
        return {}
    if kind == "out_of_office":
        # The return date may follow in the next sentence: "I am on leave. Back on 23 March."
        near = {j for j, k in enumerate(kind_scores) if k > 0 for j in (j, j + 1) if j < len(sentences)}
        dates = [d for j in sorted(near) for d in find_dates(sentences[j], lang, today)]
        return {"date": max(dates) if dates else None}
    prefer = "past" if kind == "paid" else "future"
    dates = find_dates(sentence, lang, today, prefer=prefer)
    amounts = find_amounts(sentence, lang, currency)
    fields = {
        "date": dates[0] if dates else None,
        "amount": amounts[0][0] if amounts else None,
        "currency": amounts[0][1] if amounts else None,
    }
    if kind == "paid":
        references = [find_reference(s) for s in [sentence, *sentences[best + 1 :], *sentences[:best]]]
        fields["reference"] = next((r for r in references if r), None)
    return fields
