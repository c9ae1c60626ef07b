"""What a field asks for when its `autocomplete` attribute does not say.

Pages often omit the attribute (or set `off`), so the field's label,
placeholder, name/id and type are read instead, the way browser form
heuristics do: a table of patterns per field kind, in several languages
(English first; Portuguese, Spanish, French, German, Italian where the words
are common). Text is compared lower-case without accents, with camelCase and
`_`/`-` split, so `firstName`, `first_name` and "First name *" read alike.

Order matters and is part of the design: a field about *someone else*
("Emergency contact name", "Mother's maiden name") is recognised before the
generic "name", and "company name" before "name", so the engine never offers
the user's own name for another person. The label speaks loudest, then the
placeholder, then name/id (developers' abbreviations: fname, dob, plz).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from remembrancer.memory.autofill.types import FormField

FREE_TEXT = "free-text"     # answered from recall (+ the model), not a persona attribute
BIRTHPLACE = "birthplace"   # no spec token: where the user was born / comes from
OTHER_PERSON = "other-person"  # about someone else: never the user's data

# (kind, pattern) in priority order; patterns run on normalised text (see `normalise`).
_RULES: list[tuple[str, str]] = [
    (OTHER_PERSON, r"\b(?:emergency|next of kin|spouse|partner s|husband|wife|child|children|kid s|son s|daughter s|"
                   r"mother s|father s|maiden|parent s|guardian|reference|referee|recipient|gift|manager s|supervisor|"
                   r"pet s|beneficiary|contato de emergencia|notfallkontakt|contacto de emergencia)\b"),
    ("email", r"\b(?:e ?mail|email address|correo(?: electronico)?|correio(?: eletronico| electronico)?|courriel|mail)\b"),
    ("username", r"\b(?:user ?name|login|benutzername|utilizador|usuario|nom d utilisateur)\b"),
    ("organization-title", r"\b(?:job ?title|position|role|occupation|profession|job|beruf|berufsbezeichnung|cargo|profissao|"
                           r"ocupacao|puesto|poste|fonction|titre du poste)\b"),
    ("organization", r"\b(?:company|organi[sz]ation|employer|business name|firma|unternehmen|arbeitgeber|empresa|"
                     r"entidade empregadora|entreprise|societe|employeur|azienda)\b"),
    (BIRTHPLACE, r"\b(?:place of birth|birth ?place|hometown|home town|born in|where were you born|naturalidade|"
                 r"onde nasceu|local de nascimento|geburtsort|lieu de naissance|lugar de nacimiento)\b"),
    ("bday-day", r"\b(?:birth ?day|dob|date of birth) day\b|\bday of birth\b"),
    ("bday-month", r"\b(?:birth ?day|dob|date of birth) month\b|\bmonth of birth\b"),
    ("bday-year", r"\b(?:birth ?day|dob|date of birth) year\b|\byear of birth\b|\bbirth year\b"),
    ("bday", r"\b(?:birth ?day|birth ?date|date of birth|dob|d o b|geburtsdatum|geburtstag|data de nascimento|"
             r"fecha de nacimiento|date de naissance|data di nascita)\b"),
    ("additional-name", r"\b(?:middle ?name|middle initial|segundo nome|zweiter vorname)\b"),
    ("given-name", r"\b(?:first ?name|fname|given ?name|forename|vorname|prenom|primeiro nome|nome proprio|"
                   r"nombre de pila)\b"),
    ("family-name", r"\b(?:last ?name|lname|surname|family ?name|nachname|familienname|nom de famille|apelidos?|"
                    r"apellidos?|sobrenome|cognome)\b"),
    ("name", r"\b(?:full ?name|your name|name|nome(?: completo)?|nombre(?: completo)?|nom complet|nom|vollstandiger name)\b"),
    ("tel", r"\b(?:phone|telephone|tel|mobile|cell|cellphone|handy|telefon(?:nummer)?|telefone|telemovel|"
            r"telefono|celular|portable|numero de telephone|contact number)\b"),
    ("postal-code", r"\b(?:zip|zip ?code|post ?code|postal ?code|plz|postleitzahl|codigo postal|cod postal|cep|"
                    r"code postal)\b"),
    ("address-level2", r"\b(?:city|town|ort|stadt|wohnort|cidade|localidade|ciudad|localidad|ville|citta)\b"),
    ("address-level1", r"\b(?:state|province|region|county|bundesland|distrito|provincia|estado|departement)\b"),
    ("country-name", r"\b(?:country|land|pais|pays|paese)\b"),
    ("street-address", r"\b(?:street|address|addr|strasse|hausnummer|morada|rua|endereco|direccion|calle|adresse|"
                       r"indirizzo|address line ?1|address1)\b"),
    ("sex", r"\b(?:gender|sex|geschlecht|genero|sexo|genre)\b"),
    ("language", r"\b(?:language|mother tongue|muttersprache|sprache|idioma|lingua|langue)\b"),
    (FREE_TEXT, r"\b(?:tell us|about (?:you|yourself)|describe|bio|biography|dietary|diet|allerg(?:y|ies|ic)|"
                r"intolerances?|hobbies|hobby|interests|sports?|what do you|why do you|motivation|cover letter|"
                r"preferences|food restrictions|restricoes alimentares|alergias|sobre si|sobre ti|uber mich)\b"),
]
_COMPILED = [(kind, re.compile(pattern)) for kind, pattern in _RULES]
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEPARATORS_RE = re.compile(r"[^a-z0-9]+")
# How much a match is trusted, by where it was found.
_WHERE = (("label", 0.9), ("placeholder", 0.85), ("name", 0.8), ("id", 0.8))


@dataclass(frozen=True)
class Classification:
    kind: str          # a spec field name, FREE_TEXT, BIRTHPLACE, OTHER_PERSON, or "" when unknown
    confidence: float  # how sure the reading of the field is (not of any value)
    via: str           # "label", "placeholder", "name", "id", "type"


UNKNOWN = Classification("", 0.0, "")


def normalise(text: str) -> str:
    """Lower-case ASCII words: accents dropped, camelCase and punctuation split."""
    text = _CAMEL_RE.sub(" ", text or "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _SEPARATORS_RE.sub(" ", text.replace("ß", "ss")).strip()


def classify(field: FormField) -> Classification:
    """The most likely field kind, from the label down to the type attribute."""
    for attr, trust in _WHERE:
        text = normalise(getattr(field, attr))
        if not text:
            continue
        for kind, pattern in _COMPILED:
            if pattern.search(text):
                return Classification(kind, trust, attr)
    kind = {"email": "email", "tel": "tel", "textarea": FREE_TEXT}.get(field.type.lower(), "")
    return Classification(kind, 0.85, "type") if kind else UNKNOWN
