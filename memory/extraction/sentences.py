"""Splitting chat text into sentences and deciding which ones can carry a fact.

Chat text is messy: emoji end sentences, "!!" and "..." pile up, and most
sentences are greetings or praise. Everything here is general English
punctuation and discourse structure, nothing learnt from a dataset.
"""
from __future__ import annotations

import re

from remembrancer.memory.extraction.lexicon import PHATIC, STOPWORDS

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
                         "\u2013": "-", "\u2014": " - ", "\u00a0": " "})
_EMOJI = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]"
_EMOJI_RE = re.compile(_EMOJI + "+")
_EMOTICON_RE = re.compile(r"(?:(?<=\s)|^)(?:[:;=8][-']?[)(DPp3/\\|*]+|<3|\^_?\^|xD)(?=\s|$|[.!?,])")

# "[shares a photo: a dog on a beach]", "[photo: ...]", "[sent an image - ...]".
_CAPTION_RE = re.compile(
    r"\[\s*(?:[\w ]{0,20}?\b(?:shares?|shared|sends?|sent|attach(?:es|ed)?|posts?|posted)\s+(?:an?\s+)?)?"
    r"(?:photo|picture|image|pic|video|screenshot)s?\s*(?::|-|of\b)\s*(?P<caption>[^\]]{3,300})\]",
    re.IGNORECASE,
)
# Only abbreviations that are rarely a sentence's last word ("No." and "Max." often are).
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "approx", "mt", "prof",
                  "inc", "ltd", "u.s", "u.k", "a.m", "p.m", "fig", "ave", "dept"}
# A boundary: terminal punctuation or emoji, optional closing quotes/brackets, then space.
_BOUNDARY_RE = re.compile(r"(?:[.!?]++|" + _EMOJI + r"++)[\"')\]]*+(?=\s)")
_NEWLINES_RE = re.compile(r" ?\n\s*+")

_DISCOURSE = (
    r"oh my (?:god|gosh|goodness)|oh no|oh wow|oh man|oh|wow|whoa|woah|yeah|yes|yep|yup|yea|ya|nope|nah|well|so|"
    r"ha(?:ha)+|lol|lmao|hey|hi|hello|ah+|aw+|omg|ok|okay|hmm+|um+|uh|man|dude|gosh|ooh|btw|fyi|by the way|"
    r"anyway(?:s)?|actually|honestly|also|plus|and|but|sure|totally|absolutely|definitely|true|right|exactly|"
    r"indeed|cool|great|awesome|nice|sweet|thanks(?: so much)?|thank you(?: so much)?|on (?:a|another) (?:different |"
    r"side |related |lighter |happier )?note|speaking of (?:which|that)|in fact|to be honest|tbh|fun fact|guess what|"
    r"you know what|funny you (?:should )?(?:ask|mention)(?: (?:it|that))?|not gonna lie|to be fair|for sure|"
    r"same here|me too|of course|good question|no way|haha|you know|i mean|alright|all right|aha|ahh"
)
_DISCOURSE_RE = re.compile(
    rf"^(?:(?:{_DISCOURSE})(?:\s*[,!.:;\-]+\s*|\s+(?=(?:{_DISCOURSE})[\s,!.])"
    r"|\s+(?=(?:I|I'm|I've|I'd|I'll|my|My|we|We|our|Our)\b)))+"
    r"|^(?:and|but|plus|also|anyway|anyways)\s+|^so\s+(?=(?:I|we|my|our|he|she|they|it)\b)",
    re.IGNORECASE,
)
# A greeting or exclamation with a vocative: "Hey Mel!", "Thanks so much, Jo,".
_GREETING_RE = re.compile(
    r"^(?:hey|hi|hello|hiya|howdy|thanks|thank you|thx|yo|congrats|congratulations|wow|woohoo|woo|yay|oh|aw+|"
    r"sorry|bye|welcome back|good morning|morning|dear|ha(?:ha)+|lol|omg|yes|yeah|haha)(?:\s+(?:so much|a lot|again|"
    r"for that|man))?,?\s+(?-i:[A-Z][a-z]+)\s*(?:[,!.:;\-]+\s*|$)",
    re.IGNORECASE,
)
# Framing that announces news rather than being it: "Wanted to let you know that ...".
_FRAMING_RE = re.compile(
    r"^(?:I\s+)?(?:just\s+)?(?:wanted|want|had|have|needed) to (?:let you know|tell you|update you|share|say|"
    r"mention|fill you in)(?: (?:that|about|with you))?\s*[,:-]?\s*|^(?:guess what|fun fact|big news|news)\s*[,:!?.-]+\s*",
    re.IGNORECASE,
)
_EVALUATION_RE = re.compile(
    r"\b(?:is|was|are|were|'s|be)\s+(?:(?:so|really|just|pretty|super|truly|totally|absolutely|such|also|always|"
    r"very|too)\s+)*(?:an?\s+)?(?:awesome|amazing|great|cool|nice|wonderful|fantastic|incredible|beautiful|lovely|"
    r"special|fun|important|inspiring|tough|hard|rough|crazy|wild|huge|priceless|the best|a blessing|a bummer|"
    r"everything|key|worth it)(?:\s+(?:thing|feeling|experience|to me|for me))?[.!]*$",
    re.IGNORECASE,
)
_VAGUE_START_RE = re.compile(r"^(?:it|it's|that|that's|this|this's|these|those|they|they're|he|she|he's|she's|"
                             r"there|there's|which|who)\b", re.IGNORECASE)
_QUESTION_START_RE = re.compile(
    r"^(?:what|who|whom|whose|where|when|why|how|which|do|does|did|are|is|was|were|have|has|had|can|could|"
    r"would|will|should|shall|may|might|any|anything|wanna|care to|got any|ever)\b",
    re.IGNORECASE,
)
_SMALL_TALK_RE = re.compile(
    r"^(?:(?:I|we) (?:(?:really|totally|so|truly|just|definitely|completely|also|always|sure)\s+)*"
    r"(?:agree|understand|hear you|feel you|get (?:it|that|you)|bet|guess so|think so|hope so|hope you|hope your|"
    r"wish you|know(?:,| right| what you mean| how you feel)|appreciate|can't wait to (?:see|hear|read|check)|"
    r"will!?$|will do|'ll (?:keep|let) you|'m (?:always )?here for you|'m sure you|'m (?:so )?(?:happy|glad|proud) "
    r"(?:for|of) you|'m (?:so |really |very )*sorry (?:to hear|for your|about (?:your|that|the))|"
    r"'m (?:so )?(?:happy|glad|proud) "
    r"(?:for|of) you|'d love to (?:see|hear)|love that|love it|love this|love you|miss you|'ll keep that in mind)"
    r"|let me know|let's |take care|talk (?:to you )?(?:soon|later)|see (?:you|ya)|catch (?:you|ya)|bye|good night|"
    r"have a (?:great|good|nice)|good luck|you too\b|same to you)",
    re.IGNORECASE,
)
_IMPERATIVE_RE = re.compile(
    r"^(?:let|check|look|take|keep|have|go|come|make|don't|do|see|tell|give|enjoy|stay|hang|remember|try|imagine|"
    r"feel|be|get|say|watch|listen|hope|thank|thanks|congrats|congratulations|cheers|good|great|awesome|nice|"
    r"glad|sounds|sound|wish|welcome|always|never|keep|please|can't wait|must|just|here's|here is|that's|that is|"
    r"this is|it's|it is|what a|how|such|so|seems|seemed|looks like|feels like|sounds like)\b",
    re.IGNORECASE,
)
_TRAILING_LAUGH_RE = re.compile(r"\s*(?:\b(?:lol|haha+|hehe)\b\s*)+(?=[.!?]*$)", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")


# Runs of blanks or repeated punctuation are collapsed first: cheap, and no pattern meets a long run.
_SPACES_RE = re.compile(r"[^\S\n]+")
_RUNS_RE = re.compile(r"([.!?,;:~*_=-])\1{3,}")
_DAY_IS_RE = re.compile(r"\b(today|tomorrow|tonight|yesterday)'s\s+(?=(?:gonna|going|been|the|a|an|so|really|just|not|"
                        r"my|our|also|definitely|supposed|all|when|finally|it|your)\b)", re.IGNORECASE)


def normalise(text: str) -> str:
    """Straight quotes, one kind of ellipsis and dash, single spaces, so patterns need one spelling.

    "Tomorrow's gonna be" is "Tomorrow is gonna be" (not a possessive), which
    lets the date rules see it.
    """
    text = _RUNS_RE.sub(r"\1\1\1", _SPACES_RE.sub(" ", text.translate(_QUOTES)))
    return _DAY_IS_RE.sub(r"\1 is ", text) if "'s" in text else text


# A finite verb (or a sentence that ends like one): what makes words a clause rather than a fragment.
FINITE_RE = re.compile(r"\b(?:is|was|are|were|has|have|had|will|would|can|could|does|did|do|'s|'re|makes|made|"
                       r"helps|helped|gives|gave|keeps|kept|means|meant|feels|felt|seems|seemed|brings|brought|takes|took|matters|"
                       r"pays|teaches|taught|shows|builds|creates|requires|needs|leads|allows|lets|gets|goes|comes|\w+ed|\w+n['\u2019]t)\b|[!?]$")


def split_captions(text: str) -> tuple[str, list[str]]:
    """The text without attachment captions, and the captions."""
    captions = [m.group("caption").strip() for m in _CAPTION_RE.finditer(text)]
    if captions:
        text = _CAPTION_RE.sub(" ", text).strip()
    return text, captions


def split_sentences(text: str) -> list[str]:
    """Sentences of a chat message; abbreviations, initials and "..." before lowercase don't split."""
    out: list[str] = []
    for block in _NEWLINES_RE.split(text.strip()):
        start = 0
        for m in _BOUNDARY_RE.finditer(block):
            end = m.end()
            mark = m.group(0)
            rest = block[end:].lstrip()
            if mark.startswith("."):
                word = block[:m.start()].rsplit(None, 1)[-1].lower() if block[:m.start()].strip() else ""
                if word.strip("(\"'") in _ABBREVIATIONS or re.fullmatch(r"[A-Za-z]", word):
                    continue
                if rest[:1].islower() or rest[:1] in ",;":
                    continue
            elif mark[0] not in "!?" and rest[:1].islower():
                continue  # an emoji in the middle of a clause
            piece = block[start:end].strip()
            if piece:
                out.append(piece)
            start = end
        tail = block[start:].strip()
        if tail:
            out.append(tail)
    return [clause for sentence in out for clause in _CLAUSE_SPLIT_RE.split(sentence) if clause]


# Chat joins independent clauses with " - " or ";": "That looks great - I've been wanting to go!"
_CLAUSE_SPLIT_RE = re.compile(r"\s*(?:\s-\s|;)\s*(?=(?:I|I'm|I've|I'd|I'll|[Mm]y|[Ww]e|[Ww]e're|[Ww]e've|[Oo]ur|[Aa]n?|"
                              r"[Tt]he|[Tt]his|[Tt]hat|[Ii]t|[Ii]t's|[Hh]e|[Ss]he|[Tt]hey)\b)")


def vocative_regex(aliases: set[str]) -> re.Pattern[str] | None:
    """A trailing vocative (", Mel!") for the participants' names and nicknames."""
    if not aliases:
        return None
    names = "|".join(re.escape(a) for a in sorted(aliases, key=lambda a: (-len(a), a)))
    return re.compile(rf",\s*(?:{names})(?=\s*(?:[.!?,]|$))")


def strip_discourse(sentence: str, aliases: set[str], vocative: re.Pattern[str] | None = None) -> str:
    """Drop leading interjections ("Yeah, wow!") and vocatives ("..., Mel!") that aren't content."""
    s = sentence
    if not s.isascii():
        s = _EMOJI_RE.sub(" ", s)
    if any(c in s for c in ":;=<^x8"):
        s = _EMOTICON_RE.sub(" ", s)
    s = " ".join(s.split())
    prev = None
    while prev != s:
        prev = s
        s = _DISCOURSE_RE.sub("", s).strip()
        s = _GREETING_RE.sub("", s).strip()
        s = _FRAMING_RE.sub("", s).strip()
        first = re.match(r"^([A-Z][a-z]+)\s*[,!]\s*", s)
        if first and first.group(1) in aliases:
            s = s[first.end():]
    if vocative is not None:
        s = vocative.sub("", s)
    s = _TRAILING_LAUGH_RE.sub("", s).strip()
    return s


def is_question(sentence: str) -> bool:
    s = sentence.rstrip(" \"')")
    return s.endswith("?") or (bool(_QUESTION_START_RE.match(s)) and not s.endswith((".", "!")) and len(s) < 60)


def is_small_talk(sentence: str) -> bool:
    """Greetings, thanks, agreement and wishes: true of any conversation, about no one."""
    return bool(_SMALL_TALK_RE.match(sentence))


def is_imperative_or_exclamation(sentence: str) -> bool:
    """Sentences that open with a verb or an evaluation ("Keep it up", "That's awesome")."""
    return bool(_IMPERATIVE_RE.match(sentence))


def is_evaluation(sentence: str) -> bool:
    """"Being able to do X is awesome!": an opinion about something, rarely a fact about someone.

    Only a whole sentence counts: in "Just started aerial yoga, it's great" the
    evaluation is a tail after a comma and the first clause is the news.
    """
    m = _EVALUATION_RE.search(sentence)
    return bool(m) and "," not in sentence[:m.start()]


def is_vague_start(sentence: str) -> bool:
    """Opens with a pronoun we cannot resolve ("It was so fun", "They give me strength")."""
    return bool(_VAGUE_START_RE.match(sentence))


def content_words(sentence: str, names: set[str]) -> list[str]:
    """Words that carry information: not function words, small-talk vocabulary or participants."""
    out = []
    for word in _WORD_RE.findall(sentence):
        low = word.lower()
        if low in STOPWORDS or low in PHATIC or word in names or len(low) < 3:
            continue
        if low[:-1] in PHATIC or low[:-2] in PHATIC or low[:-3] in PHATIC:  # wishes, hoped, feeling
            continue
        if low.endswith("'s") and word[:-2] in names:
            continue
        out.append(low)
    return out


def finish(sentence: str) -> str:
    """Capitalised, single terminal full stop: a fact is a statement, not an exclamation."""
    s = sentence.strip(" -,;:")
    s = re.sub(r"\s+([,.!?;:])", r"\1", s)
    s = re.sub(r"\s{2,}", " ", s)
    s = re.sub(r"[.!?]+([\"')\]]*)$", r"\1", s).rstrip(" ,;:-")
    if not s:
        return s
    return s[0].upper() + s[1:] + "."
