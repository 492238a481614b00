"""Word lists for attributions: which verbs and nouns introduce someone's words, and which nouns can speak.

The lists hold lemmas; the parse decides the rest (a cue counts only with a complement it can report, and a
subject that can be a source, see :mod:`.cues`).
"""

from __future__ import annotations

#: Verbs of saying that introduce a quotation or a reported clause.
SPEECH_LEMMAS = frozenset(
    {
        "say", "tell", "add", "post", "write", "warn", "insist", "stress", "confirm", "acknowledge", "claim",
        "deny", "announce", "state", "report", "explain", "note", "argue", "allege", "admit", "declare",
        "reply", "respond", "ask", "urge", "tweet", "comment", "predict", "promise", "vow", "caution",
        "testify", "assert", "maintain", "concede", "emphasise", "emphasize", "recall", "complain",
        "conclude", "agree", "reiterate", "suggest", "estimate", "continue", "lament", "mention", "remark",
        "observe", "reveal", "disclose", "indicate", "contend", "assure", "pledge", "boast", "enthuse",
        "forecast", "point", "read", "speculate", "signal", "hint",
    }
)  # fmt: skip
#: Verbs of believing and expecting: they report a source's position, never a quotation of their own.
BELIEF_LEMMAS = frozenset(
    {"believe", "think", "expect", "hope", "fear", "feel", "doubt", "reckon", "worry", "anticipate", "envision",
     "envisage", "suspect", "guess", "project"}
)
#: Speech verbs only when they stand next to a quotation (``X continued: "..."``);
#: as the head of a clause ("the strike would continue ...") they are not speech.
ADJACENT_ONLY_LEMMAS = frozenset({"continue"})
#: Verbs that are speech only with a particle: "pointed out that ...".
PARTICLE_LEMMAS = {"point": "out"}
#: Verbs that attribute a quotation only when the quotation is inside their phrase
#: (``called the vote "a farce"``), never as a free-standing attribution.
NAMING_LEMMAS = frozenset({"call", "describe", "dub", "brand", "label", "term", "cite", "praise"})
#: Speech verbs whose clausal complement is not a claim (questions and requests).
NON_CLAIM_LEMMAS = frozenset({"ask", "urge", "post", "tweet", "respond", "reply", "read", "hint"})
#: Verbs whose infinitive complement is the attributed content: "claims to have seen", "expects to cut".
INFINITIVE_LEMMAS = frozenset({"claim", "expect", "predict", "forecast", "estimate", "promise", "vow", "pledge",
                               "hope", "threaten"})
#: Verbs whose numeric object is a reported figure: "reported a 49% decline", "expected 77 cents".
FIGURE_LEMMAS = frozenset({"report", "post", "forecast", "estimate", "expect", "predict", "project"})
#: Nouns that carry someone's words: "a statement from X said", "X's announcement", "an email by X".
DOCUMENT_NOUNS = frozenset(
    {
        "statement", "announcement", "release", "email", "e-mail", "letter", "memo", "message", "note", "report",
        "website", "site", "blog", "post", "tweet", "filing", "document", "invitation", "communique", "notice",
        "figure", "statistic", "data", "survey", "poll", "study", "review", "interview", "speech", "transcript",
        "record", "remark", "comment",
    }
)  # fmt: skip
#: Documents that are data: a source only through their owner ("figures released by X"), never by themselves.
DATA_NOUNS = frozenset({"figure", "statistic", "data", "survey", "poll", "study", "number", "result"})
#: Nouns whose "that" clause is attributed content: "his spokesman's claim that ...", "has hopes that ...".
CLAIM_NOUNS = frozenset(
    {
        "claim", "statement", "announcement", "assertion", "allegation", "warning", "promise", "hope", "fear",
        "belief", "view", "argument", "defence", "defense", "insistence", "suggestion", "prediction",
        "expectation", "admission", "denial", "assurance", "report", "charge", "accusation", "pledge", "vow",
        "contention", "estimate",
    }
)  # fmt: skip
#: Nouns naming people or bodies that can be a source when they have no name ("analysts said", "critics say").
SOURCE_NOUNS = frozenset(
    {
        "official", "analyst", "expert", "economist", "executive", "investor", "critic", "observer", "source",
        "spokesman", "spokeswoman", "spokesperson", "representative", "insider", "aide", "adviser", "advisor",
        "witness", "resident", "people", "person", "man", "woman", "group", "company", "firm", "government",
        "administration", "ministry", "agency", "authority", "police", "army", "military", "union", "party",
        "board", "council", "committee", "court", "judge", "minister", "president", "chairman", "chairwoman",
        "chief", "director", "head", "leader", "lawmaker", "senator", "governor", "mayor", "diplomat",
        "negotiator", "scientist", "researcher", "doctor", "professor", "student", "staff", "employee",
        "worker", "operator", "airline", "automaker", "carmaker", "maker", "manufacturer", "bank", "newspaper",
        "paper", "broadcaster", "channel", "organisation", "organization", "charity", "market", "industry",
        "regulator", "office", "department", "service", "team", "family", "relative", "colleague", "friend",
        "customer", "consumer", "user", "member", "majority", "minority", "percent", "most", "many", "some",
        "other", "force", "troop", "soldier", "rebel", "militant", "protester", "demonstrator", "voter",
        "everyone", "nobody", "someone", "anyone", "administrator", "secretary",
    }
)  # fmt: skip
#: Agent-noun endings: a noun that ends so names a person or body ("negotiator", "economist", "politician").
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ers", "ors", "ists", "ians", "ants", "ents")
#: Bare nouns that stand for an organisation met earlier: "the company said", "the firm stated".
GENERIC_ORG_NOUNS = frozenset(
    {"company", "firm", "group", "airline", "automaker", "carmaker", "manufacturer", "maker", "bank",
     "corporation", "business", "airframer", "agency", "organisation", "organization", "network", "retailer",
     "government", "administration", "ministry", "newspaper", "paper", "union", "club", "party", "operator"}
)
#: Words of role and rank written before a name; never part of the name ("Spokeswoman Sandy Angers").
ROLE_WORDS = frozenset(
    {
        "spokeswoman", "spokesman", "spokesperson", "ceo", "cfo", "coo", "cto", "employee", "analyst",
        "economist", "executive", "chief", "officer", "manager", "head", "chair", "chairperson", "chairman",
        "chairwoman", "vice", "founder", "co-founder", "writer", "reporter", "correspondent", "editor", "lawyer",
        "attorney", "professor", "expert", "official", "secretary", "representative", "congressman",
        "congresswoman", "senator", "governor", "premier", "minister", "president", "director", "general",
        "admiral", "colonel", "captain", "judge", "justice", "mayor", "ambassador", "chancellor", "dr", "dr.",
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "dame", "lord", "lady", "prof", "prof.", "sen.", "rep.",
        "gov.", "gen.", "col.", "lt", "sgt", "presiding", "deputy", "assistant", "associate", "senior", "junior",
        "acting", "former", "ex", "current", "interim", "prime", "foreign", "defence", "defense", "interior",
        "finance", "health", "transport", "industry", "economy", "trade", "activist", "leader", "owner",
        "investor", "entrepreneur", "designer", "engineer", "scientist", "researcher", "doctor", "nurse",
        "pilot", "driver", "spokesmen", "commissioner", "councillor", "councilor", "lawmaker", "legislator",
        "strategist", "consultant", "adviser", "advisor", "aide", "staffer", "worker", "member", "treasurer",
        "envoy", "councilman", "councilwoman", "master", "harbourmaster", "commander", "inspector",
        "superintendent", "sheriff", "prosecutor", "magistrate", "bishop", "archbishop", "cardinal", "coach",
        "skipper",
    }
)  # fmt: skip
#: Words that open a question: "did not say where the cuts would fall" reports no claim.
WH_WORDS = frozenset({"where", "when", "whether", "what", "why", "how", "if", "who", "which", "whom"})
