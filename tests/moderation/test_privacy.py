"""The client-privacy guard: valid personal data is found, near misses and ordinary text are not."""

import pytest
from django.utils import translation

from core.privacy import (
    Kind,
    PrivacyCheckRequired,
    check_text,
    elfproef,
    iban_valid,
    scan,
)
from groups.moderation.guard import GuardMode, guard_mode
from groups.moderation.models import ModerationSettings


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def kinds(text):
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


@pytest.mark.parametrize(
    "number", ["123456782", "111222333", "123.456.782", "123 456 782", "123-456-782", "1234.56.782"]
)
def test_bsn_passing_the_elfproef_is_found(number):
    assert kinds(f"Cliënt met nummer {number} belde gisteren.") == [(Kind.BSN, number)]


@pytest.mark.parametrize("number", ["123456789", "123.456.789", "123 456 780", "000000000"])
def test_nine_digits_failing_the_elfproef_are_not_a_bsn(number):
    assert scan(f"Zaaknummer {number} is afgehandeld.") == []


def test_elfproef_pads_eight_digits_with_a_leading_zero():
    assert elfproef("012345672")
    assert elfproef("12345672")
    assert not elfproef("12345678")


def test_eight_digit_bsn_only_counts_where_the_text_says_bsn():
    assert kinds("BSN: 12345672") == [(Kind.BSN, "12345672")]
    assert kinds("sofinummer 12345672") == [(Kind.BSN, "12345672")]
    # The same digits as a KvK number or a case number are not a BSN.
    assert scan("KvK-nummer 12345672") == []
    assert scan("BSN: 12345678") == []


@pytest.mark.parametrize(
    "iban",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        "DE89 3704 0044 0532 0130 00",
        "BE68 5390 0754 7034",
        "GB82 WEST 1234 5698 7654 32",
    ],
)
def test_valid_iban_is_found(iban):
    assert kinds(f"Maak het over op {iban} graag.") == [(Kind.IBAN, iban)]


@pytest.mark.parametrize(
    "text", ["NL91ABNA0417164301", "NL91 ABNA 0417 1643 01", "NL19ABNA0417164300", "DE89 3704"]
)
def test_iban_failing_mod_97_is_not_found(text):
    assert scan(f"Rekening {text} klopt niet.") == []
    assert not iban_valid(text.replace(" ", ""))


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "0612345678",
        "06 12 34 56 78",
        "+31 6 12345678",
        "+31 (0)6 12345678",
        "+31612345678",
        "0031 6 12345678",
        "010-1234567",
        "020 123 4567",
        "0345-123456",
        "(010) 123 45 67",
    ],
)
def test_dutch_phone_number_is_found(phone):
    assert kinds(f"Bel haar op {phone} na vijven.") == [(Kind.PHONE, phone)]


@pytest.mark.parametrize("text", ["06-1234567", "0612345", "06-123456789", "112", "0800"])
def test_phone_near_misses_are_not_found(text):
    assert scan(f"Nummer {text} gebeld.") == []


def test_email_is_found_and_masked():
    findings = scan("Zijn adres is jan.de.vries@voorbeeld.nl zei hij.")
    assert [f.kind for f in findings] == [Kind.EMAIL]
    assert findings[0].masked == "j…@voorbeeld.nl"


@pytest.mark.parametrize(
    "text",
    ["1234 AB 12", "1234AB 12", "1234AB, nr 5", "1234 AB 12a", "1234 AB, huisnummer 7"],
)
def test_postcode_with_house_number_is_found(text):
    assert kinds(f"Woont op {text} sinds mei.") == [(Kind.POSTCODE, text)]


def test_street_and_number_before_postcode_is_found():
    assert [f.kind for f in scan("Adres: Dorpsstraat 12, 1234 AB Amsterdam")] == [Kind.POSTCODE]


@pytest.mark.parametrize(
    "text",
    ["postcode 1234 AB", "in 2020 EU-breed", "0123 AB 12", "1234 SS 12", "1234 ab 12", "1234 AB"],
)
def test_postcode_near_misses_are_not_found(text):
    assert scan(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "geboren op 3 maart 1987",
        "geb. 03-03-1987",
        "geboortedatum: 3-3-1987",
        "Jan Jansen (12-04-1990)",
        "Fatima el Amrani (1-2-1975)",
        "Piet van der Berg (3 juni 1960)",
    ],
)
def test_date_of_birth_is_found(text):
    assert [f.kind for f in scan(f"De cliënt, {text}, kwam langs.")] == [Kind.BIRTH_DATE]


def test_dates_without_birth_context_are_not_found():
    text = (
        "Op 12-04-2024 vergaderde de Algemene Ledenvergadering (12-04-2024) over Tozo 5 "
        "(01-10-2021); de regeling liep van 1 maart 2020 tot 1 juli 2021."
    )
    assert scan(text) == []


ORDINARY = """Beste collega's,

De Tozo-regeling (versie 13.2.1, gepubliceerd 15-03-2021) kent een bedrag van € 1.234,56
per maand, oftewel 1.234,56 euro; voor een gezin € 1.763,12. In 2020 en 2021 vroegen
123.456 ondernemers bijstand aan, 12,5% meer dan in 2019. Zie artikel 8:1 Awb en
art. 43 Participatiewet, artikel 4:84 BW, lid 2 sub a. Het overleg is om 09:30 uur op
di 12-04-2024, daarna om 14.00 uur; bel de helpdesk 0800-1234 of 14 020.
Versie 2.0.1 van het werkproces, zaak 2021-004512, dossier 2021/12345, KvK 12345678.
Aantal huishoudens: 123456789 (CBS, tabel 84567). Budget: EUR 987.654.321,-.
Het wetsvoorstel 35 420 en Kamerstuk 35 420, nr. 5. Bereik 1.000 tot 5.000 inwoners.
Postcodegebied 1000-1099 Amsterdam. Tel. 112 bij nood. Doel: 95% binnen 8 weken.
"""


def test_ordinary_professional_text_has_no_findings():
    assert scan(ORDINARY) == []


def test_findings_carry_line_offsets_and_dutch_label():
    text = "Hallo,\nzijn BSN is 123456782.\nGroet"
    (finding,) = scan(text)
    assert finding.line == 2
    assert text[finding.start : finding.end] == "123456782"
    assert finding.masked == "123…782"
    assert finding.label == "een BSN"


def test_unconfirmed_text_with_findings_is_refused_with_a_dutch_message():
    with pytest.raises(PrivacyCheckRequired) as caught:
        check_text("Hoi\nBSN 123.456.782 en IBAN NL91 ABNA 0417 1643 00", confirmed=False)
    message = caught.value.messages[0]
    assert "regel 2: een BSN (123…782)" in message
    assert "regel 2: een IBAN (NL91…00)" in message
    assert "persoonsgegevens" in message


def test_confirmed_text_returns_findings_to_store():
    stored = check_text("Bel 06-12345678", confirmed=True)
    assert stored == [
        {
            "kind": "phone",
            "masked": "061…678",
            "start": 4,
            "end": 15,
            "line": 1,
            "label": "een telefoonnummer",
        }
    ]
    assert check_text("Niets bijzonders.", confirmed=False) == []


@pytest.mark.django_db
def test_guard_mode_defaults_to_confirm_and_the_bureau_can_switch_it(settings):
    assert guard_mode() == GuardMode.CONFIRM
    settings.PRIVACY_GUARD_MODE = GuardMode.HOLD
    assert guard_mode() == GuardMode.HOLD
    config = ModerationSettings.load()
    config.privacy_guard_mode = GuardMode.CONFIRM
    config.save()
    assert guard_mode() == GuardMode.CONFIRM


def test_hostile_and_huge_input_is_scanned_in_bounded_time():
    text = ("0" * 5000 + " ") * 20 + "<script>alert(1)</script>" + "1234 " * 4000
    assert isinstance(scan(text), list)
