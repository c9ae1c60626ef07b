"""Closed word lists the rules use: general English, no names or topics from any dataset.

Kept apart from the logic so the patterns read as grammar and the lists can
grow without touching them. Every list is ordinary English vocabulary
(auxiliaries, irregular verbs, kinship terms, common occupations, pets,
conditions, demonyms); none is tuned to a particular conversation.
"""
from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def alternation(words: frozenset[str] | set[str]) -> str:
    """A regex alternation, longest first so multi-word entries win."""
    return "|".join(sorted((w.replace(" ", r"\s+").replace("-", r"[- ]?") for w in words), key=len, reverse=True))


# Adverbs that sit between a subject and its verb ("I really love", "I've also been").
ADVERBS = _words(
    "really also just still actually currently now recently finally totally absolutely definitely always usually "
    "mostly truly even sometimes often basically honestly already officially ever only simply genuinely seriously "
    "literally certainly probably particularly especially kinda sorta slowly once too personally generally normally "
    "typically rarely seldom hardly barely then later first soon so very super pretty quite secretly proudly "
    "happily luckily recently originally eventually gradually somehow all both each"
)
NEGATORS = _words("not never no-longer")
MODALS = _words("can could will would shall should may might must ought used wanna gotta gonna")
IRREGULAR_THIRD = {"am": "is", "are": "is", "have": "has", "do": "does", "go": "goes", "don't": "doesn't",
                   "haven't": "hasn't", "aren't": "isn't", "weren't": "wasn't", "were": "was", "ain't": "isn't",
                   "wanna": "wants to", "gotta": "has to", "be": "is", "undergo": "undergoes", "veto": "vetoes"}
# Past forms (and base=past forms chats mostly use in the past) that stay as they are.
IRREGULAR_PAST = _words(
    "was were had did went got saw made took came found gave told thought felt knew left kept began brought bought "
    "caught taught sought fought ran sat stood understood heard held met read wrote drove rode spoke broke chose woke "
    "wore won lost paid said sent spent built lent meant slept swam sang drank ate fell flew grew drew threw hid led "
    "fed forgot forgave lay laid became let put cut hit set hurt quit shut spread cost beat bet fit stuck struck "
    "dug hung shook stole sold sank spun sprang swore tore bent bit blew bled bore bred burnt dealt dreamt fled "
    "flung ground knelt leapt learnt lit overcame rang rose sewed shone shot slid smelt strove swept swung underwent "
    "upset wept withdrew wound didn't wasn't weren't couldn't wouldn't shouldn't hadn't can't won't cannot mustn't "
    "mightn't needn't"
)
# Past forms of irregular verbs -> their base: "What did Kit sell?" is met by "Kit sold ...".
IRREGULAR_BASE = dict(pair.split(":") for pair in (
    "sold:sell bought:buy took:take made:make went:go got:get saw:see gave:give told:tell thought:think felt:feel "
    "found:find met:meet left:leave kept:keep began:begin brought:bring caught:catch taught:teach ran:run wrote:write "
    "drove:drive rode:ride spoke:speak broke:break chose:choose won:win lost:lose paid:pay said:say sent:send "
    "spent:spend built:build ate:eat drew:draw flew:fly grew:grow held:hold heard:hear sang:sing swam:swim fell:fall "
    "became:become stood:stand understood:understand hung:hang sat:sit wore:wear threw:throw led:lead fed:feed "
    "knew:know came:come did:do had:have lent:lend meant:mean slept:sleep drank:drink hid:hide forgot:forget "
    "woke:wake stole:steal shook:shake bit:bite dug:dig fought:fight sought:seek"
).split())
PARTICIPLES = _words(
    "been gone seen done taken given known written eaten driven ridden spoken broken chosen woken worn won lost "
    "paid said sent spent built meant slept swum sung drunk fallen flown grown drawn thrown hidden led fed forgotten "
    "forgiven become begun brought bought caught taught thought felt found got gotten had heard held kept left made "
    "met read run sat stood told understood"
)
BASE_EED = _words("need feed bleed proceed succeed exceed seed speed heed breed weed embed shed wed")

FAMILY = _words(
    "husband wife son sons daughter daughters kid kids child children mom mum mother dad father parents sister "
    "sisters brother brothers sibling siblings grandma grandmother grandpa grandfather grandparents aunt uncle "
    "cousin cousins niece nephew grandson granddaughter grandkids grandchildren stepson stepdaughter stepmom "
    "stepdad stepmother stepfather in-laws mother-in-law father-in-law sister-in-law brother-in-law family twins "
    "baby toddler newborn little-one little-ones fiance fiancé fiancee fiancée sis hubby mama papa granny nana "
    "grandad granddad"
)
PARTNER = _words("partner boyfriend girlfriend spouse significant-other")
FRIEND = _words("friend friends buddy buddies pal pals bestie roommate roommates best-friend best-friends")
PLURAL_RELATIONS = _words(
    "sons daughters kids children parents sisters brothers siblings cousins grandparents grandkids grandchildren "
    "in-laws twins friends buddies pals roommates little-ones"
)
MALE_RELATIONS = _words("husband son dad father brother grandpa grandfather uncle nephew grandson stepson stepdad "
                        "stepfather boyfriend fiance father-in-law brother-in-law")
FEMALE_RELATIONS = _words("wife daughter mom mum mother sister grandma grandmother aunt niece granddaughter "
                          "stepdaughter stepmom stepmother girlfriend fiancee fiancée mother-in-law sister-in-law")
PETS = _words(
    "dog dogs cat cats puppy puppies kitten kittens pup pups bird birds parrot parakeet budgie hamster hamsters "
    "rabbit rabbits bunny bunnies guinea-pig guinea-pigs fish goldfish turtle turtles tortoise snake snakes lizard "
    "horse horses pony ferret chinchilla gecko iguana hedgehog rat rats pet pets chickens hens goat goats "
    "retriever labrador lab poodle terrier beagle bulldog shepherd husky corgi dachshund chihuahua pug spaniel "
    "collie tabby kitty kitties"
)
OCCUPATIONS = _words(
    "teacher nurse doctor physician surgeon dentist engineer developer programmer designer writer author journalist "
    "editor artist painter illustrator photographer musician singer songwriter dancer actor actress chef cook baker "
    "lawyer attorney paralegal accountant counselor counsellor therapist psychologist psychiatrist pharmacist "
    "scientist researcher professor lecturer tutor librarian architect electrician plumber carpenter mechanic "
    "technician pilot driver firefighter officer soldier veteran marine paramedic consultant analyst manager "
    "director entrepreneur founder ceo owner cashier barista bartender waiter waitress server clerk receptionist "
    "assistant secretary intern student freelancer contractor coach trainer instructor athlete player "
    "vet veterinarian farmer gardener florist tailor hairdresser stylist barber caregiver nanny babysitter "
    "social-worker volunteer activist advocate politician pastor priest minister rabbi imam filmmaker director "
    "producer animator streamer gamer blogger youtuber influencer podcaster comedian model banker broker realtor "
    "salesperson marketer recruiter translator interpreter scientist biologist chemist physicist mathematician "
    "economist historian archaeologist astronomer geologist programmer coder administrator supervisor "
    "sculptor potter composer drummer guitarist pianist violinist dj controller lead archivist curator auditor "
    "physio physiotherapist optician surveyor planner"
)
CONDITIONS = _words(
    "asthma diabetes cancer anxiety depression adhd autism arthritis migraine migraines allergy allergies insomnia "
    "ptsd ocd flu cold covid covid-19 fever infection injury concussion eczema psoriasis epilepsy dyslexia "
    "bipolar disorder hypertension tinnitus scoliosis lupus celiac fibromyalgia sciatica back-pain chronic-pain "
    "pneumonia bronchitis sinusitis tendonitis appendicitis anemia cough rash sprain fracture"
)
DIETS = _words("vegan vegetarian pescatarian gluten-free dairy-free sober keto lactose-intolerant pregnant diabetic")
IDENTITY = _words(
    "transgender trans nonbinary non-binary gay lesbian bisexual bi queer straight cisgender asexual pansexual "
    "catholic christian muslim jewish buddhist hindu sikh atheist agnostic protestant mormon orthodox spiritual "
    "religious introvert extrovert introverted extroverted american canadian mexican british english irish "
    "scottish welsh french german italian spanish portuguese dutch belgian swiss austrian swedish norwegian "
    "danish finnish icelandic polish czech russian ukrainian greek turkish indian pakistani chinese japanese "
    "korean vietnamese thai filipino indonesian malaysian australian brazilian argentinian colombian peruvian "
    "chilean cuban venezuelan nigerian kenyan ethiopian egyptian moroccan ghanaian israeli iranian iraqi "
    "lebanese syrian african asian european latina latino latinx hispanic black native"
)
COLOURS = _words(
    "red orange yellow green blue purple violet pink brown black white grey gray silver gold golden beige turquoise "
    "teal navy maroon magenta lavender lilac crimson scarlet burgundy cyan indigo cream ivory coral mint olive "
    "rainbow blonde blond"
)
LANGUAGES = _words(
    "english french german italian spanish portuguese dutch swedish norwegian danish finnish icelandic polish czech "
    "russian ukrainian greek turkish arabic hebrew persian farsi hindi urdu bengali punjabi tamil chinese mandarin "
    "cantonese japanese korean vietnamese thai indonesian malay tagalog swahili latin esperanto catalan basque "
    "welsh gaelic irish romanian hungarian serbian croatian bulgarian sign-language asl"
)
NON_HOBBY_GERUNDS = _words(
    "feeling thinking working trying going doing having getting looking wondering meaning struggling dealing "
    "waiting keeping planning hoping considering reflecting taking making spending focusing telling talking saying "
    "asking wanting needing using living staying coming being helping missing worrying stressing preparing saving "
    "searching figuring putting holding sitting pushing giving seeing hearing watching feeling learning carrying "
    "checking thinking considering debating handling managing juggling balancing building growing reaching "
    "starting finishing setting getting running-out sharing posting texting chatting calling"
)
# Activities that, done regularly ("I've been painting"), are hobbies.
HOBBY_GERUNDS = _words(
    "painting drawing sketching running jogging hiking walking swimming cooking baking reading writing gardening "
    "knitting sewing crocheting quilting dancing singing camping fishing hunting cycling biking surfing skating "
    "skateboarding skiing snowboarding climbing bouldering kayaking canoeing rowing sailing diving snorkeling "
    "traveling travelling meditating journaling blogging vlogging gaming crafting scrapbooking woodworking "
    "birdwatching sculpting photographing filming volunteering lifting boxing wrestling golfing bowling "
    "playing practicing practising composing drumming rapping acting modeling collecting stargazing "
    "horseback riding shooting archery fencing juggling origami calligraphy pottery photography coding "
    "programming learning studying exercising training working-out skiing tennis"
)
HABITUAL_NOUN_HOBBIES = _words(
    "yoga pilates karate judo taekwondo meditation crossfit ballet gymnastics archery fencing boxing kickboxing "
    "parkour surfing skateboarding chess poker"
)
NUMBER_WORDS = _words("one two three four five six seven eight nine ten eleven twelve a an several few couple")

# Words that add no information: function words, light verbs, and the vocabulary
# of small talk (thanks, praise, sympathy). A sentence made only of these says nothing.
STOPWORDS = _words(
    "a an the and or but so if then than that this these those there here it its it's is am are was were be been "
    "being have has had having do does did done doing will would shall should can could may might must to of in "
    "on at by for with about from into onto over under up down out off as like just also too very really so such "
    "i me my mine myself we us our ours you your yours yourself he him his she her hers they them their theirs "
    "what which who whom whose when where why how all any some no not never nothing something anything everything "
    "get got getting go goes going gone make made thing things stuff way lot lots bit kind sort much many more most "
    "one ones again ever even still yet already now well oh yeah yes yep ok okay sure right totally definitely "
    "absolutely always sometimes maybe though although because since while until let's let im i'm i've i'd i'll "
    "don't didn't doesn't can't won't isn't wasn't aren't haven't hasn't couldn't wouldn't shouldn't it's that's "
    "there's what's let's gonna wanna gotta every each other another same own back time times day today really "
    "actually pretty quite super few couple several able"
)
PHATIC = _words(
    "thanks thank appreciate appreciated grateful thankful enjoy enjoys enjoyed enjoying glad happy proud sorry awesome amazing great cool nice "
    "wonderful fantastic incredible terrific lovely beautiful gorgeous stunning sweet love loved loving hear heard "
    "hearing see seeing saw sound sounds sounded look looks looked wow congrats congratulations luck excited "
    "exciting thrilled stoked support supportive kind words best hope hoping hoped wish agree agreed understand know "
    "knew feel feeling felt bet guess true exactly welcome care later soon talk talking chat chatting catching catch "
    "bye hi hey hello inspiring inspired inspiration cheering keep keeping remember fun good better bad tough hard "
    "rough wait means meant mean sharing share shared glad cute adorable interesting fascinating impressive "
    "encouragement encouraging motivating motivated motivation journey thought thoughts think thinking believe "
    "believing worth totally seems seem tell told say said friend buddy dear lol haha omg ha woah whoa yay ah "
    "aw aww hmm um cheers pleasure honor honored blessing blessed lucky helpful help helped helps advice tips tip "
    "reminder remind reminds reminded important special big huge powerful"
)

# --- Persona normalisation: kinds of the same thing said in different words. ---
# General English: young, plural and pet-talk forms of an animal, and breed
# names (a breed is a dog or a cat), mapped to one species.
PET_SPECIES = {
    **{w: "dog" for w in "dog dogs puppy puppies pup pups doggy doggie doggo doggos pooch hound hounds retriever "
       "retrievers labrador labradors lab labs poodle poodles terrier terriers beagle beagles bulldog bulldogs "
       "shepherd shepherds husky huskies corgi corgis dachshund dachshunds chihuahua chihuahuas pug pugs spaniel "
       "spaniels collie collies doberman rottweiler schnauzer greyhound whippet pitbull".split()},
    **{w: "cat" for w in "cat cats kitten kittens kitty kitties tabby tabbies".split()},
    **{w: "rabbit" for w in "rabbit rabbits bunny bunnies".split()},
    **{w: "bird" for w in "bird birds parrot parrots parakeet parakeets budgie budgies canary canaries".split()},
    **{w: "horse" for w in "horse horses pony ponies".split()},
    **{w: "fish" for w in "fish goldfish".split()},
    **{w: "guinea pig" for w in ("guinea pig", "guinea pigs", "guinea-pig", "guinea-pigs")},
    **{w: "chicken" for w in "chicken chickens hen hens".split()},
    **{w: w.rstrip("s") for w in "hamster hamsters turtle turtles snake snakes lizard lizards goat goats ferret ferrets "
       "rat rats gecko geckos iguana iguanas hedgehog hedgehogs chinchilla chinchillas".split()},
    "tortoise": "turtle", "tortoises": "turtle",
    **{w: "pet" for w in "pet pets animal animals furbaby furbabies".split()},
}
# Kinship and partner words: informal, plural and spelling variants to one relation.
RELATION_SYNONYMS = {
    "mom": "mother", "mum": "mother", "mama": "mother", "mommy": "mother", "mummy": "mother", "ma": "mother",
    "dad": "father", "daddy": "father", "papa": "father", "pa": "father",
    "kid": "child", "kids": "child", "children": "child", "little one": "child", "little ones": "child",
    "little-one": "child", "little-ones": "child",
    "grandma": "grandmother", "granny": "grandmother", "nana": "grandmother", "grandpa": "grandfather",
    "grandad": "grandfather", "granddad": "grandfather", "grandkids": "grandchild", "grandchildren": "grandchild",
    "grandkid": "grandchild", "stepmom": "stepmother", "stepdad": "stepfather", "sis": "sister", "bro": "brother",
    "gf": "girlfriend", "bf": "boyfriend", "hubby": "husband", "wifey": "wife", "fiance": "fiancé",
    "fiancee": "fiancée", "bestie": "best friend", "best-friend": "best friend", "bff": "best friend",
    "buddy": "friend", "pal": "friend", "neighbour": "neighbor", "coworker": "colleague", "co-worker": "colleague",
}
# Plural relation words whose singular is not the word minus "s".
RELATION_PLURALS = {"children": "child", "grandchildren": "grandchild", "parents": "parent", "twins": "twin",
                    "in-laws": "in-law", "buddies": "buddy", "besties": "bestie", "babies": "baby"}
MUSICAL_INSTRUMENTS = _words(
    "guitar bass piano keyboard violin viola cello drums drum flute clarinet saxophone sax trumpet trombone "
    "ukulele harp banjo mandolin harmonica accordion organ oboe tuba synth"
)
# What a chat's or an export's roles are called: a role, never a job.
ROLE_WORDS = _words("user users assistant assistants bot chatbot ai system owner me you myself human")
# Common verbs in their base form: "likes read" (a base verb as the object) is broken grammar.
BASE_VERBS = _words(
    "go do make read write see watch play eat cook bake run swim walk hike travel sing dance draw paint learn "
    "study work try get take give find think know feel help visit return come leave stay live buy sell build "
    "start finish keep move talk chat meet relax rest sleep drive ride fly hang spend share show tell ask "
    "explore create teach listen look be have use wear win lose join open"
)
# Values too general to say anything about a person on their own: category
# nouns (a course in what? which pets?) and light gerunds (playing what?).
FILLER_VALUES = _words(
    "playing doing going making taking getting having trying learning studying watching practicing practising "
    "collecting building working using giving keeping finding looking seeing starting finishing feeling thinking "
    "planning preparing helping sharing spending focusing dealing handling managing checking exploring pursuing "
    "continuing visiting joining attending improving developing "
    "course courses class classes lesson lessons program programme programs workshop workshops degree school study "
    "studies subject pets pet animals animal family relative relatives stuff things thing something anything "
    "everything it that this them hobby hobbies activity activities interest interests sport sports game games "
    "music art job jobs work career role position company place city town country home area people person "
    "someone friend friends event events trip trips project projects plan plans goal goals idea ideas food drink "
    "book books show shows movie movies film films item matter issue topic time day fun lot lots more way one "
    "ones kind sort type favorite favourite favorites favourites"
)
# Adjectives that say how something was, not what it is ("a great forum", "an amazing deal"): a chunker
# without tags takes them for nouns, and a phrase of nothing else names no thing.
COMMON_ADJECTIVES = _words(
    "same different other own whole entire best better worse worst more most less least farther further much many "
    "good great nice bad big small little new old happy sad proud glad able sure special amazing awesome beautiful "
    "important hard easy fun free ready excited blue red green yellow black white pink purple orange brown grey gray "
    "busy tired nervous lucky grateful thankful cool real true full empty long short high low young late early "
    "few several toughest hardest biggest tough rewarding worth exciting incredible wonderful fantastic lovely huge "
    "thoughtful interesting perfect favorite favourite fave fav"
)
# Words for how something felt or seemed ("How did Kit feel ...?", "How does Ana describe ...?"), beyond
# COMMON_ADJECTIVES; adjectives ending -ful, -ous, -ive, -ic and -al are known by their ending.
FEELINGS = _words(
    "scared afraid frightened terrified nervous anxious worried stressed overwhelmed upset sad heartbroken devastated "
    "lonely angry mad furious frustrated annoyed disappointed embarrassed ashamed guilty jealous confused shocked "
    "surprised relieved calm relaxed content happy glad joyful cheerful delighted thrilled excited ecstatic elated "
    "proud grateful thankful touched moved inspired motivated determined confident hopeful optimistic curious "
    "humbled awestruck amazed stoked pumped blessed lucky loved safe free alive fulfilled satisfied accomplished "
    "amazing awesome incredible fantastic wonderful great cool nice lovely beautiful gorgeous stunning spectacular "
    "magical surreal electric intense exciting thrilling inspiring heartwarming emotional rewarding challenging "
    "tough hard rough tiring exhausting fun easy chill cozy"
)
# Verbs (and phrasal verbs) whose wish is empty without a complement: "wants to return" (where?).
NEEDS_OBJECT = _words(
    "return go come try start continue do be get make have see know keep stay leave change help finish join "
    "visit find take give buy use look check share show bring put begin pursue explore attend reach"
) | frozenset({"go back", "come back", "get back", "move on", "give up", "keep going", "find out", "try again",
               "do more", "do it", "do that"})


_AN_EXCEPTIONS_RE = re.compile(r"^(?:hour|honest|honou?r|heir)", re.IGNORECASE)
_A_EXCEPTIONS_RE = re.compile(r"^(?:u[bcdfgjklmnpqrstvz][aeiou]|uni|eu|one\b|once\b|ufo)", re.IGNORECASE)


def a_or_an(word: str) -> str:
    """The indefinite article a word takes as it is said: "an apple", "a used van", "a unicorn", "an hour"."""
    if _AN_EXCEPTIONS_RE.match(word):
        return "an"
    if word[:1].lower() in "aeiou" and not _A_EXCEPTIONS_RE.match(word):
        return "an"
    return "a"
