"""The event lexicon: which words trigger which PLOVER event category.

PLOVER (the Political Language Ontology for Verifiable Event Records, the
successor of CAMEO) codes *who did what to whom*.  Its categories, and the
reading of each used here:

* cooperation, verbal: AGREE (agree, promise, offer, sign up to a future act),
  CONSULT (meet, visit, talk, telephone, host, mediate), SUPPORT (praise,
  endorse, defend, apologise, forgive, establish ties, sign a treaty);
* cooperation, material: COOPERATE (share intelligence, extradite, joint
  exercises), AID (give, donate, send aid, grant asylum), CONCEDE (ease a
  curfew or ban, release, accede to demands), RETREAT (withdraw, surrender,
  resign, lift a blockade, declare a ceasefire), INVESTIGATE;
* conflict, verbal: REQUEST (ask, appeal, urge), DEMAND (demand, insist),
  ACCUSE (accuse, blame, allege), DISAPPROVE (criticise, condemn, denounce,
  sue), REJECT (refuse, reject, veto, deny a request), THREATEN;
* conflict, material: PROTEST (demonstrate, rally, riot, strike, blockade a
  road), SANCTION (break ties, expel, suspend aid, impose sanctions, close a
  border), MOBILIZE (deploy, reinforce, put on alert), COERCE (arrest, detain,
  deport, ban, impose a curfew, destroy property), ASSAULT (violence by
  unconventional means: bombing, kidnapping, torture, killing), FIGHT
  (conventional military force: shelling, air strikes, battles, taking a town).

ACCUSE and REQUEST are the 2024 PLOVER names for parts of the older
DISAPPROVE and DEMAND; :data:`LEGACY_CATEGORY` maps them back for data coded
with the older list.

Tables are keyed by spaCy lemma (lower case).  British and American spellings
are both listed because news comes in both.
"""

from __future__ import annotations

from typing import Final

CATEGORIES: Final = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", "DEMAND", "DISAPPROVE", "CONCEDE",
    "INVESTIGATE",
)  # fmt: skip

#: The older (2016-2018) PLOVER list has no ACCUSE or REQUEST.
LEGACY_CATEGORY: Final = {"ACCUSE": "DISAPPROVE", "REQUEST": "DEMAND"}

#: Cooperative categories: a stated intention to do one of these is a promise (AGREE).
COOPERATIVE: Final = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
#: Hostile material categories: a stated intention to do one of these is a THREATEN.
HOSTILE_ACTS: Final = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT"})
#: Categories whose event happens at a place (the target place is where it happened).
PHYSICAL: Final = HOSTILE_ACTS | {"CONSULT", "AID", "RETREAT", "INVESTIGATE", "COOPERATE"}
#: Speech acts: their clausal complement is what was said, not a second event.
SPEECH_ACTS: Final = frozenset({"AGREE", "REQUEST", "DEMAND", "ACCUSE", "DISAPPROVE", "REJECT", "THREATEN"})

_VERBS: dict[str, tuple[str, ...]] = {
    "AGREE": ("agree", "promise", "pledge", "offer", "vow", "commit", "accept", "approve", "consent", "volunteer"),
    "CONSULT": ("meet", "visit", "host", "telephone", "phone", "negotiate", "mediate", "consult", "confer",
                "discuss"),
    "SUPPORT": ("praise", "endorse", "back", "defend", "apologise", "apologize", "forgive", "commend", "hail",
                "congratulate", "thank", "recognise", "recognize", "support", "welcome"),
    "COOPERATE": ("cooperate", "co-operate", "collaborate", "extradite", "share", "partner", "ally"),
    "AID": ("donate", "aid", "assist", "evacuate", "rescue", "supply", "airlift", "resupply", "fund", "provide",
            "contribute", "deliver"),
    "CONCEDE": ("concede", "ease", "relax", "free", "pardon", "reinstate", "accede", "relent",
                "yield", "compromise", "cancel", "lift", "shorten", "legalise", "legalize", "allow", "permit"),
    "RETREAT": ("withdraw", "retreat", "surrender", "resign", "demobilize", "demobilise", "disarm", "evacuate",
                "capitulate", "abdicate", "disband", "compensate"),
    "REQUEST": ("urge", "appeal", "ask", "request", "plead", "implore", "petition", "seek", "press", "pressure",
                "lobby", "invite"),
    "DEMAND": ("demand", "insist", "order", "ultimatum"),
    "ACCUSE": ("accuse", "blame", "allege", "charge", "indict", "implicate"),
    "DISAPPROVE": ("criticise", "criticize", "condemn", "denounce", "deplore", "decry", "censure", "rebuke",
                   "complain", "sue", "slam", "protest", "reproach", "lambast", "castigate", "summon"),
    "REJECT": ("reject", "refuse", "decline", "veto", "dismiss", "rebuff", "oppose", "spurn", "renege", "defy",
               "boycott", "violate", "breach", "repudiate", "snub"),
    "THREATEN": ("threaten", "warn", "menace"),
    "PROTEST": ("demonstrate", "rally", "riot", "march", "picket", "strike"),
    "SANCTION": ("sanction", "expel", "suspend", "halt", "freeze", "embargo", "sever", "recall", "downgrade",
                 "boycott"),
    "MOBILIZE": ("mobilise", "mobilize", "deploy", "reinforce", "mass", "station", "train", "arm"),
    "COERCE": ("arrest", "detain", "deport", "jail", "imprison", "confiscate", "seize", "ban", "outlaw",
               "censor", "demolish", "raze", "torch", "kidnap", "abduct", "hijack", "expropriate", "evict",
               "disperse", "prevent", "block", "hack", "deface", "sabotage", "intern", "round", "crack",
               "blockade", "destroy", "burn", "loot", "prohibit"),
    "ASSAULT": ("kill", "assassinate", "murder", "execute", "torture", "bomb", "behead", "massacre", "stab",
                "abuse", "rape", "beat", "wound", "injure", "maim", "lynch", "explode", "detonate", "assault",
                "slaughter", "poison"),
    # "retook": the lemma the parser gives that irregular past
    "FIGHT": ("shell", "bombard", "attack", "fight", "clash", "invade", "storm", "capture", "retake", "retook",
              "recapture", "occupy", "ambush", "raid", "strafe", "fire", "shoot", "battle", "overrun",
              "besiege", "advance", "counterattack", "counter-attack", "liberate", "annex"),
    "INVESTIGATE": ("investigate", "probe", "inspect", "examine", "audit", "interrogate"),
}  # fmt: skip
# "boycott" and "evacuate" are listed twice above; the first listing wins (REJECT, AID).

_NOUNS: dict[str, tuple[str, ...]] = {
    "AGREE": ("agreement", "ceasefire", "cease-fire", "truce", "accord", "deal", "pledge", "promise", "consensus"),
    "CONSULT": ("talk", "talks", "negotiation", "meeting", "summit", "visit", "mediation", "consultation",
                "dialogue", "conversation", "welcome"),
    "SUPPORT": ("praise", "endorsement", "apology", "recognition", "treaty", "support"),
    "COOPERATE": ("cooperation", "co-operation", "collaboration", "exercise", "extradition", "game"),
    "AID": ("aid", "assistance", "donation", "relief", "airlift", "asylum", "evacuation", "loan", "grant"),
    "CONCEDE": ("concession", "amnesty", "release", "pardon"),
    "RETREAT": ("withdrawal", "pullback", "pull-out", "pullout", "retreat", "surrender", "resignation",
                "demobilisation", "demobilization", "compensation"),
    "REQUEST": ("appeal", "request", "plea", "petition", "invitation", "call"),
    "DEMAND": ("demand", "ultimatum"),
    "ACCUSE": ("accusation", "allegation", "charge", "indictment"),
    "DISAPPROVE": ("criticism", "condemnation", "complaint", "lawsuit", "denunciation", "rebuke", "censure"),
    "REJECT": ("rejection", "refusal", "veto", "boycott", "violation"),
    "THREATEN": ("threat", "warning", "ultimatum"),
    "PROTEST": ("protest", "demonstration", "rally", "riot", "march", "sit-in", "strike", "walkout", "vigil"),
    "SANCTION": ("sanction", "embargo", "expulsion", "suspension"),
    "MOBILIZE": ("mobilisation", "mobilization", "deployment", "reinforcement", "build-up", "buildup", "alert"),
    "COERCE": ("arrest", "detention", "deportation", "crackdown", "curfew", "raid", "kidnapping", "abduction",
               "blockade", "siege", "confiscation", "demolition", "censorship", "ban", "hack", "cyberattack"),
    "ASSAULT": ("bombing", "assassination", "massacre", "killing", "murder", "execution", "torture",
                "explosion", "blast", "kidnapping", "stabbing", "beating", "lynching", "atrocity"),
    "FIGHT": ("attack", "assault", "offensive", "shelling", "bombardment", "airstrike", "air-strike", "strike",
              "fighting", "clash", "battle", "invasion", "incursion", "ambush", "gunfight", "gunbattle",
              "firefight", "skirmish", "barrage", "fire", "counteroffensive", "counter-offensive", "war"),
    "INVESTIGATE": ("investigation", "inquiry", "enquiry", "probe", "inspection", "hearing", "audit",
                    "interrogation"),
}  # fmt: skip


def _invert(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    inverted: dict[str, str] = {}
    for category, words in table.items():
        for word in words:
            inverted.setdefault(word, category)
    return inverted


#: Verb lemma -> category.
VERB_CATEGORY: Final = _invert(_VERBS)
#: Noun lemma -> category, for nominal triggers ("the shelling of", "an attack on").
NOUN_CATEGORY: Final = _invert(_NOUNS)

#: Phrasal verbs: (verb lemma, particle) -> category; the particle changes the meaning.
PHRASAL_CATEGORY: Final = {
    ("blow", "up"): "COERCE", ("beat", "up"): "ASSAULT", ("call", "off"): "CONCEDE", ("pull", "out"): "RETREAT",
    ("pull", "back"): "RETREAT", ("step", "down"): "RETREAT", ("stand", "down"): "RETREAT",
    ("back", "down"): "CONCEDE", ("crack", "down"): "COERCE", ("round", "up"): "COERCE",
    ("shut", "down"): "COERCE", ("hand", "over"): "AID", ("give", "up"): "CONCEDE", ("lay", "down"): "RETREAT",
    ("open", "up"): "CONCEDE", ("force", "out"): "SANCTION",
    ("ship", "out"): "SANCTION", ("gun", "down"): "ASSAULT", ("shoot", "down"): "FIGHT",
    ("walk", "out"): "PROTEST", ("turn", "down"): "REJECT", ("speak", "out"): "DISAPPROVE",
    ("call", "for"): "REQUEST", ("call", "on"): "REQUEST", ("call", "upon"): "REQUEST",
    ("lash", "out"): "DISAPPROVE", ("hit", "out"): "DISAPPROVE",
}  # fmt: skip

#: Verbs that take their meaning from their object ("impose sanctions", "hold talks").
#: (verb lemma, object lemma) -> category; a verb listed here with an object not listed
#: falls back to the object's noun category, then to the verb's own category.
VERB_OBJECT_CATEGORY: Final = {
    ("impose", "sanction"): "SANCTION", ("impose", "embargo"): "SANCTION", ("impose", "curfew"): "COERCE",
    ("impose", "ban"): "COERCE", ("impose", "restriction"): "COERCE", ("impose", "blockade"): "COERCE",
    ("impose", "law"): "COERCE", ("impose", "blackout"): "REJECT", ("impose", "siege"): "COERCE",
    ("lift", "blockade"): "RETREAT", ("lift", "siege"): "RETREAT", ("lift", "sanction"): "CONCEDE",
    ("lift", "embargo"): "CONCEDE", ("ease", "blockade"): "RETREAT",
    ("open", "fire"): "FIGHT", ("open", "investigation"): "INVESTIGATE", ("open", "inquiry"): "INVESTIGATE",
    ("open", "border"): "AID", ("open", "talk"): "CONSULT", ("close", "border"): "SANCTION",
    ("close", "embassy"): "SANCTION", ("sever", "tie"): "SANCTION", ("sever", "relation"): "SANCTION",
    ("break", "tie"): "SANCTION", ("break", "relation"): "SANCTION", ("cut", "tie"): "SANCTION",
    ("cut", "aid"): "SANCTION", ("cut", "supply"): "SANCTION", ("reduce", "supply"): "SANCTION",
    ("reduce", "aid"): "SANCTION", ("establish", "tie"): "SUPPORT", ("establish", "relation"): "SUPPORT",
    ("restore", "tie"): "SUPPORT", ("restore", "relation"): "SUPPORT", ("upgrade", "tie"): "SUPPORT",
    ("upgrade", "relation"): "SUPPORT", ("sign", "treaty"): "SUPPORT", ("sign", "agreement"): "SUPPORT",
    ("sign", "accord"): "SUPPORT", ("sign", "deal"): "SUPPORT", ("declare", "ceasefire"): "RETREAT",
    ("declare", "cease-fire"): "RETREAT", ("declare", "truce"): "RETREAT", ("declare", "siege"): "COERCE",
    ("declare", "emergency"): "COERCE", ("declare", "law"): "COERCE", ("declare", "war"): "THREATEN",
    ("send", "troop"): "MOBILIZE", ("send", "force"): "MOBILIZE", ("send", "aid"): "AID",
    ("send", "arm"): "AID", ("send", "weapon"): "AID", ("send", "inspector"): "INVESTIGATE",
    ("dispatch", "inspector"): "INVESTIGATE", ("send", "investigator"): "INVESTIGATE",
    ("grant", "asylum"): "AID", ("seek", "asylum"): "REQUEST", ("seek", "refuge"): "REQUEST",
    ("pay", "compensation"): "RETREAT", ("lodge", "protest"): "DISAPPROVE", ("lodge", "complaint"): "DISAPPROVE",
    ("file", "complaint"): "DISAPPROVE", ("file", "lawsuit"): "DISAPPROVE", ("issue", "ultimatum"): "THREATEN",
    ("issue", "warning"): "THREATEN", ("issue", "threat"): "THREATEN", ("reach", "agreement"): "AGREE",
    ("reach", "deal"): "AGREE", ("reach", "consensus"): "AGREE", ("take", "control"): "FIGHT",
    ("seize", "control"): "FIGHT", ("seize", "town"): "FIGHT", ("seize", "city"): "FIGHT",
    ("seize", "village"): "FIGHT", ("seize", "territory"): "FIGHT", ("seize", "base"): "FIGHT",
    ("throw", "stone"): "PROTEST", ("throw", "rock"): "PROTEST", ("use", "gas"): "COERCE",
    ("fire", "gas"): "COERCE", ("block", "road"): "PROTEST", ("block", "roadway"): "PROTEST",
    ("block", "street"): "PROTEST", ("block", "highway"): "PROTEST", ("hold", "hostage"): "COERCE",
    ("take", "hostage"): "COERCE", ("stop", "work"): "PROTEST", ("collect", "signature"): "PROTEST",
    ("suspend", "aid"): "SANCTION", ("halt", "aid"): "SANCTION", ("deny", "entry"): "SANCTION",
    ("deny", "request"): "REJECT", ("deny", "access"): "REJECT", ("allow", "access"): "CONCEDE",
    ("allow", "inspector"): "CONCEDE", ("cancel", "visit"): "SANCTION", ("end", "mediation"): "SANCTION",
    ("end", "talk"): "SANCTION", ("suspend", "talk"): "SANCTION", ("resume", "shelling"): "FIGHT",
    ("launch", "war"): "FIGHT", ("meet", "demand"): "CONCEDE", ("accept", "demand"): "CONCEDE",
    ("set", "fire"): "COERCE", ("release", "hostage"): "CONCEDE", ("release", "prisoner"): "CONCEDE",
}  # fmt: skip

#: Things given or sent as aid ("gave X five million dollars", "sent food").
_AID_OBJECTS = ("aid", "assistance", "dollar", "euro", "pound", "fund", "money", "food", "medicine", "supply",
                "loan", "grant", "relief", "shelter", "tent", "blanket", "vaccine", "equipment", "material")
# "released the prisoners" is a concession, "released a video" is not: release needs a captive.
for _captive in ("prisoner", "hostage", "detainee", "captive", "journalist", "reporter", "activist", "sailor",
                 "fisherman", "soldier", "crew", "suspect", "dissident", "protester", "civilian", "national"):
    VERB_OBJECT_CATEGORY.setdefault(("release", _captive), "CONCEDE")
for _verb in ("give", "send", "provide", "deliver", "ship", "donate", "airlift", "hand"):
    for _thing in _AID_OBJECTS:
        VERB_OBJECT_CATEGORY.setdefault((_verb, _thing), "AID")

#: Verbs that carry little meaning of their own: with a trigger noun as object the noun decides
#: ("held talks", "staged a protest", "launched an attack").  Without one they are no event.
LIGHT_VERBS: Final = frozenset({
    "hold", "stage", "launch", "begin", "start", "continue", "mount", "carry", "conduct", "make", "issue",
    "undertake", "renew", "resume", "give", "lead", "organise", "organize", "wage", "step", "escalate",
    "announce", "unleash", "intensify", "initiate", "call", "go", "take", "have", "join", "complete",
    "order", "plan", "receive", "put", "file", "lodge", "reach", "sign", "open", "declare", "impose", "extend",
    "reimpose", "maintain", "tighten", "enforce", "introduce", "institute", "expand",
})  # fmt: skip

#: Verbs whose clausal complement states an intention ("plans to withdraw", "is ready to talk").
INTENT_VERBS: Final = frozenset({
    "plan", "intend", "prepare", "decide", "want", "hope", "aim", "mean", "expect", "seek",
    "resolve", "determine", "consider", "propose", "move", "swear", "going",
})  # fmt: skip
#: Adjectives of the same kind ("ready to", "willing to", "prepared to").
INTENT_ADJECTIVES: Final = frozenset({"ready", "willing", "prepared", "eager", "determined", "keen", "set",
                                      "committed", "poised"})

#: Reporting verbs that are no event by themselves ("said", "told"): their complement carries it.
REPORTING_VERBS: Final = frozenset({
    "say", "tell", "add", "state", "announce", "declare", "report", "note", "explain", "write", "post", "claim",
    "confirm", "reiterate", "conclude", "quote", "insist", "stress", "indicate", "argue", "suggest",
})  # fmt: skip

#: Means of conventional warfare: violence carried out with these is FIGHT rather than ASSAULT.
MILITARY_MEANS: Final = frozenset({
    "aircraft", "airstrike", "air-strike", "jet", "warplane", "plane", "helicopter", "gunship", "tank",
    "artillery", "shell", "shelling", "mortar", "rocket", "missile", "drone", "predator", "fighter",
    "warship", "navy", "troop", "army", "force", "soldier", "military", "battle", "gunbattle", "fighting",
    "clash", "offensive", "strike", "minefield", "mine", "barrage", "bombardment", "gunfire", "fire",
})  # fmt: skip

#: Verbs of dying: "died of torture", "died in an air strike" take the category of the cause, the
#: subject being the victim.
DEATH_VERBS: Final = frozenset({"die", "perish", "succumb"})
#: Verbs that put someone *under* a measure ("placed under arrest", "put under investigation").
UNDER_VERBS: Final = frozenset({"put", "place", "come", "remain", "be", "keep", "bring"})
#: Subordinators of a hypothetical clause: what it describes has not happened.
CONDITIONAL_MARKS: Final = frozenset({"if", "unless", "lest", "whether"})

#: Modal auxiliaries of a stated future act ("will withdraw", "would retaliate").
FUTURE_MODALS: Final = frozenset({"will", "would", "shall", "'ll", "may", "might", "could", "can", "wo"})
#: Modal auxiliaries of an obligation ("must withdraw"): said of someone else, a DEMAND.
OBLIGATION_MODALS: Final = frozenset({"must", "should", "ought", "need", "have"})


def legacy(category: str) -> str:
    """The category in the older PLOVER list (ACCUSE -> DISAPPROVE, REQUEST -> DEMAND)."""
    return LEGACY_CATEGORY.get(category, category)


def intended(category: str) -> str | None:
    """The category of a stated *intention* to do a ``category`` act: a promise or a threat.

    None when the intention is itself the act (a threat to threaten is a threat; a
    plan to demand is a demand), so the caller keeps the category.
    """
    if category in COOPERATIVE:
        return "AGREE"
    if category in HOSTILE_ACTS:
        return "THREATEN"
    return None
