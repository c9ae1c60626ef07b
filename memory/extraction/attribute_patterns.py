"""The attribute pattern table: general English statements about a person, third-person form.

Each row is (attribute, confidence, pattern). `{S}` is the subject (a name),
`{ADV}` the adverbs (and negation) after it, `{PLACE}`/`{NP}`/`{NAME}` the
value; the word lists come from lexicon.py. Patterns starting with the subject
are indexed by the word that can follow it (`heads`) so that a sentence only
tries the few patterns its verb allows.
"""
from __future__ import annotations

import re

from remembrancer.memory.extraction.lexicon import (
    ADVERBS, CONDITIONS, DIETS, FAMILY, HABITUAL_NOUN_HOBBIES, HOBBY_GERUNDS, IDENTITY, NON_HOBBY_GERUNDS,
    OCCUPATIONS, PARTNER, PETS, alternation,
)

_ADJ = r"(?:(?:new|little|older|younger|big|baby|best|eldest|youngest|oldest|two|three|four|amazing|wonderful|" \
       r"lovely|sweet|beautiful|dear|late|ex|own|awesome|whole|sweet|precious|furry|adorable|cute|old|first|" \
       r"second|third|rescue|adopted|biological|step|grown|teenage|teen|adult|loving|supportive)\s+){0,2}"
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several|a few|a couple of)"
_MAP = {
    "S": r"(?-i:\b(?P<s>[A-Z][\w]*(?:[ -][A-Z][\w]*){0,3}?))",
    "ADV": rf"(?P<adv>(?:\s+(?:{alternation(ADVERBS)}|not|never|no longer)\b)*)",
    "PLACE": r"(?-i:(?P<v>(?:the )?[A-Z][\w.'&-]*(?:(?:, | of | )[A-Z][\w.'&-]*){0,6}))",
    "NP": r"(?P<v>[^.,;:!?()\"]{1,160})",  # bounded: the value is trimmed to a few words anyway
    "NAME": r"(?-i:(?P<n>[A-Z][a-z]+))",
    # A list of names after a plural noun ("dogs Rex, Bella and Toby"); one that is someone's ("Kit's") ends it.
    "NAMES": r"(?-i:(?P<n>[A-Z][a-z]+(?:(?:,\s*|,?\s+and\s+|\s+&\s+)(?!(?:I|He|She|They|We|It|The|And|But|So)\b)[A-Z][a-z]+(?!'))*))",
    "OTHERNAME": r"(?-i:(?!(?:I|He|She|It|This|That|They|There|These|Those|What|Who|Which|Here|We|You|And|But|So|Then)\b)(?P<n>[A-Z][a-z]+))",
    "OWN": r"(?-i:[A-Z]\w*)'s",
    # Contact details: the value's own shape is the evidence, so these are strict.
    "FULLNAME": r"(?-i:(?P<v>[A-Z][\w'-]+(?:\s+(?:(?:da|de|do|dos|das|del|della|di|du|van|von|der|den|le|la|bin|al)\s+)?[A-Z][\w'-]+){0,4}))",
    "EMAIL": r"(?P<v>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})",
    "PHONE": r"(?P<v>\+?\(?\d[\d ().-]{5,20}\d)",
    "ADDR": r"(?P<v>(?-i:\d+[A-Za-z]?(?:[/-]\d+)?,?\s+[A-Z]|[A-Z][\w'.-]*(?:\s+(?:(?:da|de|do|dos|das|del|der|von|van|of|the|la|le)\s+)?[A-Z][\w'.-]*){0,4}\s+\d)[^;!?\n]{2,120})",
}
_LEX = {"OCC": alternation(OCCUPATIONS), "PET": alternation(PETS), "FAM": alternation(FAMILY), "PARTNER": alternation(PARTNER),
        "COND": alternation(CONDITIONS) + r"|\w+(?:itis|osis|emia|algia)", "DIET": alternation(DIETS), "IDENT": alternation(IDENTITY),
        "NONHOBBY": alternation(NON_HOBBY_GERUNDS), "HOBBYING": alternation(HOBBY_GERUNDS), "HABNOUN": alternation(HABITUAL_NOUN_HOBBIES), "ADJ": _ADJ, "NUM": _NUM}

_RAW: list[tuple[str, float, str]] = [
    ("home", .85, r"{S}{ADV}\s+(?:lives|is living|has been living|has lived|is based|is settled|resides)\s+in\s+{PLACE}"),
    ("home", .6, r"{S}{ADV}\s+lived\s+in\s+{PLACE}"),
    ("home", .8, r"{S}{ADV}\s+(?:moved|relocated|has moved|is moving|will move|is relocating)\s+(?:back\s+)?(?:here\s+)?(?:to|into)\s+{PLACE}"),
    ("home", .75, r"{S}'s\s+(?:new\s+)?(?:home|house|apartment|flat|place)\s+(?:is\s+)?in\s+{PLACE}"),
    ("origin", .85, r"{S}{ADV}\s+(?:is|was)\s+(?:originally\s+)?from\s+{PLACE}"),
    ("origin", .85, r"{S}{ADV}\s+(?:grew up|was raised|was born(?:\s+and\s+raised)?)\s+in\s+{PLACE}"),
    ("origin", .7, r"{S}{ADV}\s+(?:grew up|was raised|was born(?:\s+and\s+raised)?|is (?:originally\s+)?from|was (?:originally\s+)?from)\s+(?:in\s+|on\s+)?(?P<v>an?\s+(?:[\w-]+\s+){0,2}?(?:town|city|village|country|suburb|farm|island|state|neighborhood|place|community)(?:\s+(?:in|near|outside|of)\s+(?-i:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*))?)"),
    ("origin", .6, r"{S}{ADV}\s+(?:moved|came|immigrated|emigrated|relocated)\s+(?:here\s+|over\s+)?from\s+{PLACE}"),
    ("origin", .8, r"{S}'s\s+(?:hometown|home town|home country|homeland|country of origin)(?:\s+is|,)?\s+(?:in\s+)?{PLACE}"),
    ("occupation", .85, r"{S}{ADV}\s+(?:works|is working|has been working|has worked|started working|got a job|landed a job|is employed|is training|trained|volunteers|is volunteering|got hired|started a (?:new )?job)\s+as\s+(?:an?\s+)?{NP}"),
    ("work", .85, r"{S}{ADV}\s+(?:works|is working|has been working|has worked|started working|is interning|interns|is employed|got a job|landed a job|got hired|was hired|started a (?:new )?job|is volunteering|volunteers)\s+(?:as\s+an?\s+[\w-]+(?:\s+[\w-]+)?\s+)?(?:at|for)\s+(?P<v>(?-i:[A-Z][\w.'&-]*(?:(?: | of | & )[A-Z][\w.'&-]*)*)|(?:an?|the)\s+[a-z][\w -]{2,40})"),
    # A new job stated by its offer or its start: "accepted an offer at Fernwick as a data engineer", "joined Acme".
    ("work", .8, r"{S}{ADV}\s+(?:accepted|has accepted|took|got|landed|signed)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:job\s+offer|offer|job|position|role)\s+(?:at|with|from)\s+(?P<v>(?-i:[A-Z][\w.'&-]*(?:(?: | of | & )[A-Z][\w.'&-]*)*))"),
    ("work", .75, r"{S}{ADV}\s+(?:joined|is joining|will join|has joined|starts at|is starting at|will start at)\s+(?P<v>(?-i:[A-Z][\w.'&-]*(?:(?: | of | & )[A-Z][\w.'&-]*)*))(?=\s+as\b|\s+(?:on|in|next|this|last)\b|\s*[.,;!]|\s*$)"),
    ("occupation", .75, r"{S}{ADV}\s+(?:joins|joined|is joining|will join|has joined|takes over|took over|is taking over|will take over|steps in|stepped in|will step in|starts|started|is starting|will start)\s+(?:[^.,;:!?]{1,40}?\s+)?as\s+(?:an?\s+|the\s+|(?-i:[A-Z]\w*)'s\s+)?(?P<v>(?:[\w-]+\s+){0,2}?(?:{OCC}))\b"),
    ("occupation", .7, r"{S}{ADV}\s+(?:is|has been|was|is now)\s+(?:an?|the)\s+(?P<v>(?!(?:regular|member|guest|fan|customer|visitor|patient|client|user|friend|part|fixture|newbie|beginner|volunteer)\b)[a-z][\w-]*(?:ist|ian|er|or|ant|ent|eer)(?:\s+[a-z][\w-]*)?)\s+(?:at|for|with)\s+(?:the\s+)?(?-i:[A-Z])"),
    ("occupation", .75, r"{S}{ADV}\s+(?:got|landed|was offered|has been offered|accepted|took|started|is starting)\s+(?:the|a|an|(?-i:[A-Z]\w*)'s)\s+(?:new\s+)?(?P<v>(?:[\w-]+\s+){0,2}?(?:{OCC}))\s+(?:job|position|role|gig)\b"),
    ("occupation", .7, r"{S}{ADV}\s+(?P<tv>teaches|taught|has been teaching|is teaching)\s+(?P<v>(?!(?:me|him|her|them|us|you|it|people|kids|children|students|others)\b)[a-z]+(?:\s+[a-z]+)?)\s+(?:at|to|in|for)\b"),
    # A couple by what couples do: "Tobiah and Sol are moving in together", "Ana and Leo got engaged".
    ("relationship", .75, r"{S}\s+and\s+{OTHERNAME}{ADV}\s+(?:are|were|have been|will be|just)?\s*(?P<v>moving in together|living together|getting married|got married|got engaged|are engaged|dating|a couple)\b"),
    # Moving within work: "is moving to the payments team".
    ("goal", .7, r"{S}{ADV}\s+(?:is moving|will move|is switching|will switch|is transferring|will transfer|is going)\s+to\s+(?P<v>(?:the\s+)?[a-z][\w -]{1,30}?\s+(?:team|department|group|division|office|squad))\b"),
    # A regular activity stated by its verb: "climbs three evenings a week".
    ("hobby", .7, r"{S}{ADV}\s+(?P<v>climbs|boulders|runs|jogs|swims|hikes|cycles|bikes|paints|draws|sketches|knits|sews|crochets|surfs|skates|skis|snowboards|dances|sings|gardens|bakes|fishes|kayaks|rows|sails|meditates|journals)\b(?=\s+(?:every|each|\w+\s+times|twice|once|three|four|five|daily|regularly|often|most|on\s+(?:weekends|\w+days))\b)"),
    ("work", .8, r"{S}'s\s+(?:new\s+)?(?:job|position|role|internship|employer)\s+(?:at|is at|is with|with)\s+{NP}"),
    ("occupation", .65, r"{S}{ADV}\s+worked\s+as\s+(?:an?\s+)?{NP}"),
    ("occupation", .8, r"{S}{ADV}\s+(?:is|has been|became|is now|is becoming)\s+(?:an?\s+|the\s+)(?P<v>(?:[\w-]+\s+){0,3}?(?:{OCC})(?:\s+(?:{OCC}))?)\b(?!\s+(?:at heart|of\s+(?:life|the)))"),
    ("occupation", .8, r"{S}'s\s+(?:job|career|work|profession|occupation)\s+(?:as|is)\s+(?:an?\s+)?{NP}"),
    ("education", .85, r"{S}{ADV}\s+(?:studies|studied|is studying|has been studying|majored|is majoring|majors|minored|is minoring|has a degree|got a degree|earned a degree|graduated with a degree|is getting a degree|is pursuing a degree|is doing a degree|is working on a degree)\s+(?:in\s+)?{NP}"),
    ("education", .8, r"{S}{ADV}\s+(?:graduated|will graduate|is graduating|is about to graduate)\s+from\s+{NP}"),
    ("education", .8, r"{S}{ADV}\s+(?:goes|went|is going|attends|attended|is enrolled|enrolled|got into|got accepted)\s+(?:to|at|in|into)\s+(?P<v>(?-i:(?:[A-Z][\w'-]*\s+)*(?:University|College|School|Academy|Institute)(?:\s+of\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?)|(?:high school|college|university|grad school|graduate school|law school|med school|medical school|nursing school|art school|culinary school|business school))"),
    ("education", .75, r"{S}{ADV}\s+(?:is|was)\s+an?\s+(?P<v>(?:freshman|sophomore|junior|senior|student|grad student|graduate student|phd student|undergrad|undergraduate|college student|high school student|med student|law student|nursing student)(?:\s+(?:at|in)\s+[\w' ]+)?)"),
    ("education", .7, r"{S}{ADV}\s+(?:is taking|took|takes|is enrolled in|enrolled in|signed up for|started)\s+(?:an?\s+|some\s+)?(?P<v>(?:[\w-]+\s+){0,3}?(?:class|classes|course|courses|workshop|degree|program in\s+\w+)(?:\s+(?:in|on|about)\s+(?!(?:the|a|an|this|that|it|which|what|how|person|class|school)\b)[A-Za-z][\w-]*(?:\s+(?!(?:at|for|with|and|in|on|to|this|that|because|since|last|next|every)\b)[a-z][\w-]*){0,2})?)\b"),
    ("education", .8, r"{S}'s\s+(?:degree|major|studies|master's|bachelor's|phd|diploma)\s+(?:is\s+)?(?:in\s+)?{NP}"),
    ("family", .85, r"{S}{ADV}\s+has\s+(?P<v>{NUM}\s+(?:(?:little|young|grown|adult|beautiful|wonderful|amazing|older|younger|twin|step)\s+)?(?:kids|children|sons|daughters|brothers|sisters|siblings|son|daughter|brother|sister|grandkids|grandchildren|twins|boys|girls))\b"),
    ("family", .8, r"{S}{ADV}\s+(?:is|became|has become)\s+(?:an?\s+)?(?:proud\s+|new\s+|single\s+|working\s+|stay-at-home\s+)*(?P<v>(?:mom|mother|dad|father|parent|grandma|grandmother|grandpa|grandfather|stepmom|stepdad)(?:\s+of\s+{NUM}(?:\s+[a-z]+)?)?)\b(?!-)"),
    ("family", .8, r"{S}'s\s+{ADJ}(?P<v>{FAM}),?\s+{NAMES}\b"),
    ("family", .5, r"{S}'s\s+{ADJ}(?!family\b)(?P<v>{FAM})\b"),
    ("relationship", .8, r"{S}'s\s+{ADJ}(?P<v>{PARTNER})\b(?:,?\s+{NAME}\b)?"),
    ("relationship", .85, r"{S}{ADV}\s+(?:is|got|has been|became|is getting|was)\s+(?P<v>single|married|divorced|engaged|separated|widowed|in a relationship(?:\s+with\s+(?-i:[A-Z][a-z]+))?)\b"),
    ("relationship", .75, r"{S}{ADV}\s+(?:is dating|has been dating|started dating|is seeing|married|is marrying|is engaged to|broke up with|split up with|divorced)\s+(?-i:(?P<v>[A-Z][a-z]+))\b"),
    ("relationship", .7, r"{S}'s\s+(?:best\s+|close\s+|good\s+|old\s+|childhood\s+|dear\s+)?(?P<v>friend|buddy|roommate|bestie|mentor|neighbor|neighbour|coworker|colleague|boss),?\s+{NAME}\b"),
    ("pet", .85, r"{S}{ADV}\s+(?:has|got|adopted|rescued|owns|is getting|brought home|fostered|is fostering|is adopting|bought)\s+(?:an?\s+|another\s+|this\s+|two\s+|three\s+|some\s+|any\s+|no\s+)?{ADJ}(?P<v>{PET})\b(?:(?:,|\s+named|\s+called)\s+{NAMES}\b)?"),
    ("pet", .8, r"{S}'s\s+{ADJ}(?P<v>{PET})\b(?!\s+(?:park|food|toy|toys|walker|sitter|bed|house|show|hair|painting|paintings|drawing|picture|photo|riding|lover|lovers|person|people|friendly))(?:,?\s+(?:named\s+|called\s+)?{NAMES}\b)?"),
    # A name given in its own clause: "Jay's dog's name is Rex", "Jay's sister is called Ana", "Jay named the puppy Toby".
    ("pet", .83, r"{S}'s\s+{ADJ}(?P<v>{PET})(?:'s\s+name\s+is|\s+is\s+(?:named|called))\s+{NAMES}\b"),
    ("family", .83, r"{S}'s\s+{ADJ}(?P<v>{FAM})(?:'s\s+name\s+is|\s+is\s+(?:named|called))\s+{NAMES}\b"),
    ("relationship", .83, r"{S}'s\s+{ADJ}(?P<v>{PARTNER})(?:'s\s+name\s+is|\s+is\s+(?:named|called))\s+{NAME}\b"),
    ("pet", .83, r"{S}{ADV}\s+(?:named|called)\s+(?:the\s+|(?-i:[A-Z]\w*)'s\s+)?{ADJ}(?P<v>{PET})\s+{NAMES}\b"),
    # Households and names stated beside the relation: "we got a puppy", "Ana, my sister", "Rex is my dog".
    ("pet", .8, r"{S}\s+and\s+others{ADV}\s+(?:have|has|got|adopted|rescued|own|are getting|brought home|fostered|are fostering|are adopting|bought)\s+(?:an?\s+|another\s+|two\s+|three\s+|some\s+)?{ADJ}(?P<v>{PET})\b(?:(?:,|\s+named|\s+called)\s+{NAMES}\b)?"),
    ("pet", .83, r"{S}\s+and\s+others{ADV}\s+(?:named|called)\s+(?:the\s+|(?-i:[A-Z]\w*)'s\s+)?{ADJ}(?P<v>{PET})\s+{NAMES}\b"),
    ("family", .82, r"^(?=.*'s\b)(?:.*?[\s,;:(])?{OTHERNAME},\s+{S}'s\s+{ADJ}(?P<v>{FAM})(?=\s*[,.;:!?)]|\s*$)"),
    ("relationship", .82, r"^(?=.*'s\b)(?:.*?[\s,;:(])?{OTHERNAME},\s+{S}'s\s+{ADJ}(?P<v>{PARTNER})(?=\s*[,.;:!?)]|\s*$)"),
    ("pet", .82, r"^(?=.*'s\b)(?:.*?[\s,;:(])?{OTHERNAME},\s+{S}'s\s+{ADJ}(?P<v>{PET})(?=\s*[,.;:!?)]|\s*$)"),
    ("family", .82, r"^(?=.*'s\b)(?:.*?[\s,;:(])?{OTHERNAME}\s+(?:is|was|has been)\s+{S}'s\s+{ADJ}(?P<v>{FAM})\b"),
    ("relationship", .82, r"^(?=.*'s\b)(?:.*?[\s,;:(])?{OTHERNAME}\s+(?:is|was|has been)\s+{S}'s\s+{ADJ}(?P<v>{PARTNER})\b"),
    ("pet", .82, r"^(?=.*'s\b)(?:.*?[\s,;:(])?{OTHERNAME}\s+(?:is|was|has been)\s+{S}'s\s+{ADJ}(?P<v>{PET})\b(?!\s+(?:park|food|toy|walker|sitter|bed|house|show))"),
    ("likes", .8, r"{S}{ADV}\s+(?:loves|likes|enjoys|adores|is\s+(?:really\s+|so\s+|very\s+|super\s+)?(?:into|passionate about|obsessed with|fond of|crazy about|addicted to|a\s+(?:big\s+|huge\s+|massive\s+)?fan\s+of))\s+{NP}"),
    ("likes", .85, r"{S}'s\s+(?:all-time\s+|absolute\s+|new\s+)?(?:favorite|favourite)\s+(?P<cat>[\w -]{2,25}?)\s+(?:is|are|was|were|has to be|would be|has always been)\s+{NP}"),
    ("likes", .8, r"^(?P<v>[^,;:!?]+?)\s+(?:is|are|was|were|has become|became)\s+(?:definitely\s+|probably\s+|also\s+|still\s+|totally\s+)?(?:one of\s+)?{S}'s\s+(?:all-time\s+|absolute\s+|new\s+)?(?:favorite|favourite)s?\b(?:\s+(?P<cat>[a-z][\w -]{1,25}?))?(?=\s*[.!,]|\s+(?:too|ever|of all time|right now|now)\b|$)"),
    ("dislikes", .8, r"{S}{ADV}\s+(?:hates|dislikes|detests|despises|can't stand|cannot stand|loathes|is not a fan of|is not into|is not big on|is sick of|is tired of)\s+{NP}"),
    ("hobby", .8, r"{S}'s\s+(?:favorite\s+|favourite\s+|main\s+|new\s+)?(?:hobby|hobbies|passion|pastime|pastimes)\s+(?:is|are|include|includes|has been|have been|has always been)\s+{NP}"),
    ("hobby", .75, r"{S}{ADV}\s+(?:plays|has been playing|is playing|started playing|used to play|is learning to play|learned to play|learnt to play|loves playing|enjoys playing|likes playing|loves to play|likes to play)\s+(?!(?:with|around|along|it|a role|a part|games with|outside|inside|together|for|in|at|on|since|a lot|more|again|well|hard|there|here)\b)(?:the\s+)?(?!\w+ly\b){NP}"),
    ("hobby", .75, r"{S}{ADV}\s+(?:has been|started|is learning|has been learning|learned)\s+(?P<v>(?:{HOBBYING})\b(?:\s+(?:the\s+|an?\s+)?(?!(?:on|for|to|with|at|in|and|a lot|lately|more|again|so|really|about|through|into|from|out|up|my|her|his|some|of|the|a|an|this|that|it|them|all|as|like|but|or|because|since|while|when|every|each|here|there|now|too|again|hard|well|lot|non)\b)[a-z]+){0,2})"),
    ("hobby", .75, r"{S}{ADV}\s+(?:took up|is taking up|got into|is getting into|has gotten into|practices|has been practicing|is practicing|picked up)\s+(?P<v>(?!(?:{NONHOBBY})\b)[a-z]+ing\b(?:\s+(?:the\s+|an?\s+)?(?!(?:on|for|to|with|at|in|and|a lot|lately|more|again|so|really|about|through|into|from|out|up|my|her|his|some|of|the|a|an|this|that|it|them|all|as|like|but|or|because|since|while|when|every|each|here|there|now|too|again|hard|well|lot|non)\b)[a-z]+){0,2})"),
    ("hobby", .7, r"{S}{ADV}\s+(?:goes|has been going|likes to go|loves to go|often goes|usually goes)\s+(?P<v>(?!(?:{NONHOBBY})\b)[a-z]+ing)\b"),
    ("hobby", .5, r"{S}{ADV}\s+went\s+(?P<v>(?!(?:{NONHOBBY})\b)[a-z]+ing)\b"),
    ("hobby", .7, r"{S}{ADV}\s+(?:does|has been doing|started doing|is doing|practices|loves|enjoys)\s+(?P<v>(?:[a-z]+\s+)?(?:{HABNOUN}))\b"),
    ("health", .85, r"{S}{ADV}\s+(?:is|has been|was)\s+(?:severely\s+|very\s+|deathly\s+|really\s+|super\s+)?allergic\s+to\s+{NP}"),
    ("health", .8, r"{S}{ADV}\s+(?:has|had|suffers from|suffered from|was diagnosed with|got diagnosed with|has been diagnosed with|is dealing with|struggles with|struggled with|is struggling with|is recovering from|recovered from|is battling|battled|got|caught|is fighting|lives with|deals with)\s+(?:an?\s+|some\s+|bad\s+|severe\s+|chronic\s+)?(?P<v>(?:[\w-]+\s+){0,2}?(?:{COND}))\b"),
    ("health", .8, r"{S}{ADV}\s+(?P<hv>broke|fractured|sprained|twisted|injured|hurt|dislocated|tore|pulled|strained|bruised)\s+{OWN}\s+(?P<v>(?:left\s+|right\s+|lower\s+)?[a-z]+)"),
    ("health", .75, r"{S}{ADV}\s+(?:is|has been|went|became|is going|is now)\s+(?:an?\s+)?(?P<v>{DIET})\b"),
    ("health", .75, r"{S}{ADV}\s+(?:had|got|underwent|is having|needs|needed|is getting|is recovering from|recovered from|was in|was involved in)\s+(?:an?\s+|some\s+)?(?P<v>(?:[\w-]+\s+){0,2}?(?:surgery|operation|procedure|accident|injury|concussion|heart attack|stroke|transplant|chemo|chemotherapy|physical therapy|rehab))\b"),
    ("health", .7, r"{S}{ADV}\s+(?:is|has been|started|goes|went)\s+(?:on|to)\s+(?:an?\s+)?(?P<v>(?:[\w-]+\s+)?diet|medication|meds|antidepressants|therapy|rehab|counseling)\b"),
    ("goal", .8, r"{S}{ADV}\s+(?:wants|plans|hopes|intends|aims|is planning|is hoping|is aiming|would love|would like|wishes|is determined|has decided|decided|is preparing|is going|is trying|is working hard)\s+to\s+{NP}"),
    ("goal", .75, r"{S}{ADV}\s+(?:is gonna|is planning|is planning on|plans on|is saving up for|is saving for|is working towards|is working toward|dreams of|dreams about|is dreaming of|is dreaming about|is preparing for)\s+{NP}"),
    ("goal", .65, r"{S}{ADV}\s+(?:is thinking about|is thinking of|is considering)\s+(?P<v>[a-z]+ing\b[^.,;:!?()\"]{0,120})"),
    ("goal", .65, r"{S}{ADV}\s+(?:signed up for|registered for|applied for|applied to|is applying to|is applying for|can't wait to|cannot wait to|is excited to|is looking forward to)\s+{NP}"),
    ("goal", .8, r"{S}'s\s+(?:biggest\s+|big\s+|main\s+|ultimate\s+|new\s+|next\s+|long-term\s+)?(?:goal|dream|plan|aim|hope|wish|mission|ambition|resolution)\s+is\s+(?:to\s+)?{NP}"),
    ("goal", .75, r"{S}'s\s+(?:\w+\s+)?(?:goal|dream|plan|aim|hope|wish|mission|ambition)\s+of\s+{NP}"),
    ("identity", .85, r"{S}{ADV}\s+(?:is|identifies as|came out as|has come out as|is proud to be|is a proud)\s+(?:an?\s+)?(?:proud\s+)?(?P<v>(?:{IDENT})(?:\s+(?:woman|man|person|girl|boy|guy|lady|individual|mom|dad|parent|mother|father))?)\b(?!\s+(?:food|music|restaurant|movie|film|dish|cuisine|culture))"),
    ("identity", .75, r"^As\s+an?\s+(?P<v>(?:{IDENT})(?:\s+[a-z]+)?),\s+{S}\b"),
    ("age", .85, r"{S}{ADV}\s+(?:is|just turned|turned|turns|is turning|will turn|will be|is now)\s+(?P<v>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty)(?:\s+years?\s+old|\s+years?\s+of\s+age|(?=\s*(?:[.,!;]|$|and\b|now\b|this\b|today\b|in\b|on\b|next\b)))"),
    ("age", .8, r"{S}'s\s+(?P<v>\d{1,2})(?:st|nd|rd|th)\s+birthday"),
    ("age", .8, r"{S}{ADV}\s+is\s+an?\s+(?P<v>\d{1,2})-year-old"),
    ("birthday", .85, r"{S}'s\s+birthday\s+(?:is|was|falls|is coming up|party was|party is)\b(?P<v>.*)"),
    ("birthday", .8, r"{S}{ADV}\s+(?:was born|celebrated|celebrates|had|will celebrate)\s+(?:{OWN}\s+birthday\s+)?(?P<v>(?:on|in)\s+.+)"),
    # Who someone is and how to reach them (for autofill): names by statement, contacts by their shape.
    ("name", .9, r"{S}'s\s+(?:full\s+|real\s+|legal\s+|whole\s+)?name\s+(?:is|:)\s+{FULLNAME}"),
    ("name", .8, r"{S}{ADV}\s+(?:is called|is named|goes by(?: the name)?)\s+{FULLNAME}"),
    ("name", .8, r"{S}{ADV}\s+is\s+{FULLNAME}(?=\s*(?:[.,!;]|$|and\b|but\b|from\b))"),  # "I'm Ana Lima": kept only if it extends the speaker's name
    ("email", .9, r"{S}'s\s+(?:(?:new|current|personal|private|work|main|primary|usual|preferred|contact|e-?mail|mail|address)\s+){0,3}(?:(?:now|still|actually|also)\s+)?(?:is|:)\s+(?:now\s+)?{EMAIL}"),
    ("email", .8, r"{S}{ADV}\s+(?:uses|is using|has|switched to|changed to|can be reached at|is reachable at|is at)\s+(?:the\s+|an?\s+)?(?:(?:new\s+)?(?:e-?mail|email address|address)\s+)?{EMAIL}"),
    ("email", .8, r"^.*?\b(?:reach|contact|e-?mail|mail|write to|message|ping)\s+{S}\s+(?:at|on|via)\s+{EMAIL}"),
    ("phone", .9, r"{S}'s\s+(?:(?:new|current|personal|private|work|mobile|cell|cellphone|home|phone|number|telephone|tel|whatsapp|contact|direct)\s+){0,3}(?:(?:now|still|actually|also)\s+)?(?:is|:)\s+(?:now\s+)?{PHONE}"),
    ("phone", .8, r"^.*?\b(?:reach|call|ring|text|phone|contact|whatsapp|message)\s+{S}\s+(?:at|on|via)\s+(?:the\s+)?(?:(?:mobile|cell|phone|number)\s+)?{PHONE}"),
    ("address", .9, r"{S}'s\s+(?:new\s+|home\s+|current\s+|postal\s+|mailing\s+|street\s+)?address\s+(?:(?:now|still|actually|also)\s+)?(?:is|:)\s+(?:now\s+)?{ADDR}"),
    ("address", .85, r"{S}{ADV}\s+(?:lives|is living|has been living|resides|is staying|moved|has moved|is moving|will move|relocated)\s+(?:to|at|into)\s+{ADDR}"),
]


def _compile(raw: str) -> re.Pattern[str]:
    text = raw
    for key, sub in _LEX.items():
        text = text.replace("{" + key + "}", sub)
    for key, sub in _MAP.items():
        text = text.replace("{" + key + "}", sub)
    return re.compile(text, re.IGNORECASE)


def _heads(raw: str) -> frozenset[str] | None:
    """The words that can follow "Subject [adverbs]" in a pattern ("'s" for possessives), None if unknown."""
    if raw.startswith("{S}'s"):
        return frozenset({"'s"})
    prefix = "{S}{ADV}\\s+"
    if not raw.startswith(prefix):
        return None
    rest = raw[len(prefix):]
    if not rest.startswith("(?"):
        word = re.match(r"[a-z']+", rest)
        return frozenset({word.group(0)}) if word else None
    depth, end = 0, 0
    for i, ch in enumerate(rest):
        depth += ch == "(" and rest[i - 1:i] != "\\"
        depth -= ch == ")" and rest[i - 1:i] != "\\"
        if depth == 0:
            end = i
            break
    body = re.sub(r"^\(\?(?::|P<\w+>)", "", rest[:end])
    alternatives, level, current = [], 0, ""
    for ch in body:
        level += ch == "("
        level -= ch == ")"
        if ch == "|" and level == 0:
            alternatives.append(current)
            current = ""
        else:
            current += ch
    alternatives.append(current)
    words = {re.match(r"[a-z']*", alt).group(0) for alt in alternatives}
    return None if "" in words else frozenset(words)


# Patterns start with the subject, so they are tried only where a known name
# starts (pattern.match at that offset) and only if the word after the name and
# its adverbs can begin them: this keeps matching well under a millisecond.
PATTERNS = [(attr, conf, _compile(raw), raw.startswith("^"), _heads(raw)) for attr, conf, raw in _RAW]
CAP_RE = re.compile(r"\b[A-Z][\w]*")
_AFTER_NAME_RE = re.compile(rf"(?:'s\b|(?:\s+(?:{alternation(ADVERBS)}|not|never|no longer)\b)*\s+([a-z']+))", re.IGNORECASE)


def head_after(probe: str, end: int) -> str | None:
    m = _AFTER_NAME_RE.match(probe, end)
    if not m:
        return None
    return "'s" if m.group(0) == "'s" else m.group(1).lower()
