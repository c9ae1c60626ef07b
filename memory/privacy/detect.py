"""Where a text holds a secret: the one implementation of the never-share rules.

Two consumers read these rules, so they live here and nowhere else:

* autofill's never-fill policy (`memory/autofill/sensitive.py`, and the
  browser host's last check `app/browser_policy.py`) refuses a whole value
  when any rule fires;
* display masking (`memory/privacy/mask.py`) replaces just the secret's
  characters in whatever a surface is about to show.

The rules, each leaning towards finding too much (a masked word costs a
little readability; a missed one leaks a secret):

* a payment card: 13-19 digits (spaces or dashes between groups) passing
  the Luhn check; a run right after "+" is an international phone number;
* an IBAN: a country code, two check digits and 11-30 letters or digits
  (grouped by spaces or not) passing the ISO 13616 mod-97 check;
* a US social security number written `123-45-6789`;
* a secret *introduced* by the words that name it: password, passcode,
  PIN, one-time or verification code, security answer, mother's maiden
  name, SSN, passport or national id number, IBAN or account number, ...
  followed by the value ("my PIN is 4921", "Wi-Fi password: x7-Kettle").

Phone numbers, dates, years, amounts and order numbers shorter than a card
are not secrets here: they carry no keyword and fail the checksums.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# -- kinds -------------------------------------------------------------------------
CARD, IBAN, PASSWORD, PIN, CODE, ANSWER, ID, ACCOUNT = "card", "iban", "password", "pin", "code", "answer", "id", "account"


@dataclass(frozen=True)
class Secret:
    """One secret's place in a text: `text[start:end]` is the value, never its keyword."""

    start: int
    end: int
    kind: str


# -- payment cards -----------------------------------------------------------------
# A maximal run of digit groups, with its "+" if it has one (so a phone number is consumed whole, never read from its middle).
_DIGIT_RUN_RE = re.compile(r"(?<![\w+])\+?\d+(?:[ -]\d+)*(?!\w)")
_DIGIT_RUN_ANY_RE = re.compile(r"(?<!\d)\d+(?:[ -]\d+)*(?!\d)")  # the browser host's stricter rule: "+" proves nothing
_CARD_LENGTHS = (16, 15, 19, 14, 13, 17, 18)  # the common lengths are tried first when a run holds several


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_spans(text: str, phone_prefix: bool = True) -> list[tuple[int, int]]:
    """Where Luhn-valid 13-19 digit numbers are; `phone_prefix` lets a run after "+" pass as a phone number."""
    spans: list[tuple[int, int]] = []
    for run in (_DIGIT_RUN_RE if phone_prefix else _DIGIT_RUN_ANY_RE).finditer(text):
        if run.end() - run.start() < 13 or run.group().startswith("+"):  # too short to hold 13 digits, or a phone number
            continue
        groups = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\d+", run.group())]
        spans.extend(_cards_in_run(text, groups))
    return spans


def _cards_in_run(text: str, groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Contiguous windows of whole groups that are Luhn-valid cards, without overlaps."""
    windows: list[tuple[int, int, int]] = []  # (priority, first group, last group)
    for i in range(len(groups)):
        digits = ""
        for j in range(i, len(groups)):
            digits += text[groups[j][0]:groups[j][1]]
            if len(digits) > 19:
                break
            if len(digits) >= 13 and luhn_valid(digits):
                whole = i == 0 and j == len(groups) - 1
                windows.append((-1 if whole else _CARD_LENGTHS.index(len(digits)), i, j))
    taken: set[int] = set()
    spans = []
    for _, i, j in sorted(windows):
        if taken.isdisjoint(range(i, j + 1)):
            taken.update(range(i, j + 1))
            spans.append((groups[i][0], groups[j][1]))
    return sorted(spans)


def looks_like_card_number(text: str, phone_prefix: bool = True) -> bool:
    """A run of 13-19 digits (spaces or dashes allowed) passing the Luhn check."""
    return bool(card_spans(text, phone_prefix))


# -- IBANs ---------------------------------------------------------------------------
_IBAN_HEAD_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")


def iban_valid(compact: str) -> bool:
    """ISO 13616: 15-34 characters, the first four moved to the end, letters as 10-35, mod 97 is 1."""
    compact = compact.upper()
    if not (15 <= len(compact) <= 34 and compact.isascii() and compact.isalnum() and compact[:2].isalpha() and compact[2:4].isdigit()):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def iban_spans(text: str) -> list[tuple[int, int]]:
    """Where valid IBANs are, compact or in groups; the longest valid reading from each start wins."""
    spans: list[tuple[int, int]] = []
    for head in _IBAN_HEAD_RE.finditer(text):
        if spans and head.start() < spans[-1][1]:
            continue
        for end, compact in reversed(_group_ends(text, head.start(), head.end())):
            if iban_valid(compact):
                spans.append((head.start(), end))
                break
    return spans


def _group_ends(text: str, start: int, i: int) -> list[tuple[int, str]]:
    """Each place an alphanumeric group ends after `start` (single spaces or dashes between groups), with the compact text so far."""
    compact, ends = text[start:i], []
    while len(compact) <= 34:
        if i < len(text) and text[i].isascii() and text[i].isalnum():
            compact += text[i]
            i += 1
            continue
        ends.append((i, compact))
        if i + 1 < len(text) and text[i] in " -" and text[i + 1].isascii() and text[i + 1].isalnum():
            i += 1
            continue
        break
    return ends


# -- secrets named by the words before them -------------------------------------------------
_SSN_RE = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
_APOS = "['’]"
_KEYWORDS: tuple[tuple[str, str], ...] = (
    (ANSWER, rf"security (?:question )?answer|secret answer|memorable (?:word|answer)|answer to (?:my|the|your|her|his) security question"
             rf"|(?:(?:mother|mum|mom|mama|mommy|mummy){_APOS}?s? )?maiden name"),
    (CODE, r"one[- ]?time (?:pass)?(?:code|password|pin)|otp(?: code)?|verification code|security code|2fa code|mfa code|"
           r"auth(?:entication)? code|login code|sms code|recovery codes?|backup codes?|cvv2?|cvc2?|"
           r"(?:door|gate|alarm|safe|locker|garage|entry|access|building|lock) code"),
    (PIN, r"pin(?: ?code| number)?"),
    (PASSWORD, r"pass ?words?|passwd|pwd|pass ?phrase|pass ?code|passwort|kennwort|senha|contrase[ñn]a|mot de passe|"
               r"wi-?fi key|network key"),
    (ID, rf"ssn|social security (?:number|no\.?|#)|social security|national (?:id|identity|insurance)(?: card)?(?: number| no\.?)?|"
         rf"passport(?: number| no\.?| #)?|tax (?:id|number)|id (?:card )?number|driver{_APOS}?s licen[cs]e(?: number)?|nif|dni|cpf"),
    (ACCOUNT, r"iban|account (?:number|no\.?|#)|acct(?: no\.?)?|routing number|sort code|card (?:number|no\.?|#)|credit card|debit card"),
)
# A text holding none of these words cannot match `_KEYWORDS` (each keyword contains one of them):
# a set lookup is ~15 times faster than running the keyword pattern over every text a recall shows.
_TRIGGER_WORDS = frozenset(
    "answer maiden memorable code codes otp cvv cvv2 cvc cvc2 pin pincode password passwords pass passwd pwd passphrase "
    "passcode passwort kennwort senha contraseña contrasena passe key ssn social national passport tax id license licence "
    "nif dni cpf iban account acct routing sort card".split()
)
_WORDS_RE = re.compile(r"\w+")
_DIGIT_RE = re.compile(r"\d")
# Between the keyword and the value: "is", ":", "=", a dash, "'s", "was", "is now", ...
_LINK = r"\s*[:=]\s*|\s*[-–—]+\s+|['’]s\s+|\s+(?:is|was|are|were|is now|has been|will be)\s+"
# Weak links ("PIN 4921", "changed it to x7-Kettle", "a PIN of 4921") need a value that looks like a secret.
_WEAK_LINK = r"\s+(?:to|of|as)\s+|\s+"
_KEYWORD_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _KEYWORDS) + r")\b"
    # what the secret is for ("for the Wi-Fi", "to my laptop"), then a strong link: "the password for the router is ..."
    r"(?:(?P<qualifier>\s+(?:for|to|of|on|at)\s+(?:(?:the|my|our|your|his|her|their|a)\s+)?[\w'’.-]+(?:\s+[\w'’.-]+)?)(?:" + _LINK + ")"
    r"|(?P<link>" + _LINK + ")|(?P<weak>" + _WEAK_LINK + "))"
    r"(?:(?:still|now|just|actually|probably|literally|currently|also|always|simply|definitely)\s+)?"
    r"[\"'“‘«(]?",
    re.IGNORECASE,
)
_PASSWORD_VALUE_RE = re.compile(r"\S+")
_PIN_VALUE_RE = re.compile(r"\d{2,4}(?:[ -]\d{2,4}){1,3}(?!\w)|\d{4,12}(?!\w)")  # grouped ("482 913") first, else one run
_NUMBERISH_VALUE_RE = re.compile(r"(?=[A-Za-z0-9./#-]*\d)[A-Za-z0-9#][A-Za-z0-9./#-]*(?:[ -][A-Z0-9]{1,6}(?![\w]))*")
_WORD_RE = re.compile(r"[^\s,.;:!?()\"“”«»]+")
_TRAILING = ".,;:)\"'”’»"
# Words that say something *about* the secret rather than being it ("the password is wrong").
_NOT_A_VALUE = frozenset(
    "a an the in on at to for of with by from into is was are be been being it its this that these those what which who "
    "my your his her our their me you him them i we they not no never still also too very so just now here there "
    "and or but if when because since as than then though although until unless while "
    "wrong right correct incorrect invalid valid weak strong long short new old same different changed reset expired "
    "saved stored written somewhere secret safe secure hidden required needed easy hard simple complicated "
    "manager protected protection please thanks something nothing anything everything all both one two "
    "case-sensitive shared reused encrypted stolen leaked compromised fine ok okay good bad annoying".split()
)
# Where a multi-word answer ("blue whale") stops.
_ANSWER_STOPS = _NOT_A_VALUE | frozenset("so lol haha btw which who whose".split())
MAX_ANSWER_WORDS = 4


def introduced_secrets(text: str) -> list[Secret]:
    """Values that follow the words naming a secret ("PIN 4921", "my mother's maiden name is Whitlock")."""
    found = []
    for match in _KEYWORD_RE.finditer(text):
        kind = next(k for k, _ in _KEYWORDS if match.group(k))
        span = _value(text, match.end(), kind, weak=match.group("weak") is not None)
        if span is not None:
            found.append(Secret(span[0], span[1], kind))
    return found


def _value(text: str, pos: int, kind: str, weak: bool) -> tuple[int, int] | None:
    """The secret's characters starting at `pos`, or None when what follows is not one."""
    if kind == PASSWORD:
        m = _PASSWORD_VALUE_RE.match(text, pos)
        if not m:
            return None
        end = m.end()
        while end > m.start() and text[end - 1] in _TRAILING:
            end -= 1
        token = text[m.start():end]
        if not token or token.lower() in _NOT_A_VALUE:
            return None
        if weak and (token.replace("-", "").isalpha() or len(token) < 4):  # "password manager", "reset it to default", "password 2 times"
            return None
        return m.start(), end
    if kind == PIN:
        m = _PIN_VALUE_RE.match(text, pos)
        return (m.start(), m.end()) if m else None
    if kind in (CODE, ID, ACCOUNT):
        m = _NUMBERISH_VALUE_RE.match(text, pos)
        if not m:
            return None
        end = m.end()
        while end > m.start() and text[end - 1] in _TRAILING:
            end -= 1
        value = text[m.start():end]
        return (m.start(), end) if any(c.isdigit() for c in value) and sum(c.isalnum() for c in value) >= 3 else None
    return _answer(text, pos, weak)


def _answer(text: str, pos: int, weak: bool) -> tuple[int, int] | None:
    """Up to `MAX_ANSWER_WORDS` words, stopping at a clause boundary ("Whitlock, and ...", "Whitlock so ...")."""
    start = end = None
    for m in _WORD_RE.finditer(text, pos):
        gap = text[(end if end is not None else pos):m.start()]
        if gap.strip() or "\n" in gap or m.group().lower().strip("'’") in _ANSWER_STOPS:
            break
        if start is None:
            if weak and not m.group()[:1].isupper():  # "maiden name change": a lower-case word after no "is" is not the answer
                return None
            start = m.start()
        end = m.end()
        if len(text[start:end].split()) >= MAX_ANSWER_WORDS:
            break
    return (start, end) if start is not None and end is not None else None


# -- everything together ---------------------------------------------------------------
def find_secrets(text: str) -> list[Secret]:
    """Every secret in `text`, in order, none overlapping (the checksummed kinds win over keywords).

    Cheap for the common text: the checksummed kinds need a digit, the named
    ones a trigger word; a text with neither costs one scan for each.
    """
    if not text:
        return []
    found: list[Secret] = []
    if _DIGIT_RE.search(text):
        found += [Secret(s, e, CARD) for s, e in card_spans(text)] + [Secret(s, e, IBAN) for s, e in iban_spans(text)]
        if "-" in text:
            found += [Secret(m.start(), m.end(), ID) for m in _SSN_RE.finditer(text)]
    named = introduced_secrets(text) if not _TRIGGER_WORDS.isdisjoint(_WORDS_RE.findall(text.lower())) else []
    if not found and not named:
        return []
    kept: list[Secret] = []
    for secret in sorted(found, key=lambda s: (s.start, -s.end)) + named:
        if all(secret.end <= k.start or secret.start >= k.end for k in kept):
            kept.append(secret)
    return sorted(kept, key=lambda s: s.start)


# -- the looser rules only autofill applies to a whole value ---------------------------------
# A value mentioning these is about a secret even when the secret itself is not recognisable.
SECRET_WORDS_RE = re.compile(r"\b(?:password|passwort|senha|pin|cvv|cvc|security code|card number|iban|ssn|"
                             r"one-time code|verification code|passcode)\b", re.IGNORECASE)
_EMAIL_RE = re.compile(r"^[\w.+%-]+@[\w-]+(?:\.[\w-]+)+$")
_URL_RE = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)


def mentions_secret(text: str) -> bool:
    return bool(SECRET_WORDS_RE.search(text))


def looks_like_password(token: str) -> bool:
    """One unspaced token mixing letters, digits and symbols or cases, the way passwords are made.

    Too eager for display ("iPhone15-Pro" passes), so only autofill uses it
    on its own; masking needs the word "password" before the token. Emails
    and URLs are excluded; names like "O'Brien" have no digit and postcodes
    like "4000-042" no letter, so they pass.
    """
    token = token.strip(".,;:!?()\"'")
    if not 6 <= len(token) <= 64 or _EMAIL_RE.match(token) or _URL_RE.match(token):
        return False
    has_digit = any(c.isdigit() for c in token)
    has_alpha = any(c.isalpha() for c in token)
    if not (has_digit and has_alpha):
        return False
    classes = sum((any(c.islower() for c in token), any(c.isupper() for c in token), has_digit,
                   any(not c.isalnum() for c in token)))
    return classes >= 3
