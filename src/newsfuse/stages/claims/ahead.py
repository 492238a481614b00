"""Encode ahead: the sentence encoder runs in a background thread while the one-core stages work.

After parsing, the stages from entities to quantities are pure Python on one core, so the machine's other
core is idle while they run.  :class:`EncodeAhead` uses it: right after the parse it guesses which sentences
the aligner will encode (from the parse alone: the claim-worthy shape, and a name, a number, a quote or a
speech verb in the sentence) and encodes them one at a time on one thread, into the encoder's per-text
cache.  The encoder stage then stops it between two steps and encodes whatever is still missing
(:func:`.build.encode_claim_sentences`), so the vectors, and with them the briefing, are the same whatever
the guess was: a wrong guess costs CPU time, never a different result.  A sentence's vector does not depend on
when or beside what it was encoded (``tests/test_encode_ahead.py`` checks this).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence

from ... import encoder
from ...model import ParsedArticle, ParsedSentence
from ..syntax import SPEECH_LEMMAS
from .align import ENCODE_ALL_UP_TO, ENCODE_PER_ARTICLE, is_claim_worthy

#: sentences the background encoder runs at once: the other core runs the stages meanwhile
AHEAD_THREADS = 1
#: seconds between the interpreter's thread switches while encoding ahead (Python's default is 0.005).  Each
#: sentence's run ends by taking the GIL back from the stage running on the main thread, which gives it up only
#: at a switch: at 5 ms a wait longer than the run itself (about 3 ms), so the thread encoded 384 of 1,477
#: guessed sentences on the 400-article benchmark; at 0.5 ms, 896, with the stages no slower (at 0.2 ms they were)
AHEAD_SWITCH_INTERVAL = 0.0005
_QUOTE_MARKS = frozenset("\"“”«»")


def _may_be_claim_worthy(sentence: ParsedSentence, has_mention: bool) -> bool:
    """The shape :func:`.align.is_claim_worthy` asks for, with a cue from the parse for each of its reasons
    (an entity, a figure, a quote); the stages after the parse decide it exactly."""
    if not is_claim_worthy(sentence, True, True, True):
        return False
    if has_mention:
        return True
    return any(t.like_num or t.pos == "NUM" or t.lemma.casefold() in SPEECH_LEMMAS or t.text in _QUOTE_MARKS
               for t in sentence.tokens)


def likely_texts(
    parsed: Sequence[ParsedArticle], order: dict[str, int] | None = None, only: set[str] | None = None
) -> list[str]:
    """The texts the aligner will probably encode, guessed from the parses alone (articles in corpus order);
    ``only``: of these articles (the corpus as a whole still decides how many per article)."""
    order = order or {}
    kept: list[tuple[str, str]] = []
    for doc in sorted(parsed, key=lambda p: order.get(p.article, len(order))):
        with_mention = {m.sentence for m in doc.mentions}
        kept.extend((doc.article, s.text) for s in doc.sentences if _may_be_claim_worthy(s, s.index in with_mention))
    if len(kept) > ENCODE_ALL_UP_TO:
        seen: dict[str, int] = {}
        first = []
        for article, text in kept:
            seen[article] = seen.get(article, 0) + 1
            if seen[article] <= ENCODE_PER_ARTICLE:
                first.append((article, text))
        kept = first
    return [t for a, t in kept if only is None or a in only]


class EncodeAhead:
    """A background thread encoding ``texts`` into the encoder's cache until :meth:`stop`."""

    def __init__(self, texts: Sequence[str], batch_size: int = encoder.BATCH_SIZE) -> None:
        self.texts = list(dict.fromkeys(texts))
        self.batch_size = batch_size
        self.encoded = 0
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._previous_interval: float | None = None
        self._interval = 0.0
        self._thread = threading.Thread(target=self._work, name="newsfuse-encode-ahead", daemon=True)

    def start(self) -> EncodeAhead:
        self._previous_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._previous_interval, AHEAD_SWITCH_INTERVAL))
        self._interval = sys.getswitchinterval()
        self._thread.start()
        return self

    def _work(self) -> None:
        try:
            done = encoder.cached(self.texts)
            todo = [t for t in self.texts if t not in done]
            model = encoder.get_encoder()  # the process's encoder; the encoder stage waits for this thread to stop
            for start in range(0, len(todo), self.batch_size):
                if self._stop.is_set():
                    return
                batch = todo[start : start + self.batch_size]
                encoder.remember(batch, model.encode_uncached(batch, AHEAD_THREADS))
                self.encoded += len(batch)
        except Exception as exc:  # noqa: BLE001 - the encoder stage then encodes what is missing itself
            self.error = exc

    def stop(self) -> int:
        """Stop after the step under way (:data:`encoder.BATCH_SIZE` texts); the number of texts encoded ahead."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if self._previous_interval is not None:
            # unless another run changed it meanwhile (it then puts its own value back)
            if sys.getswitchinterval() == self._interval:
                sys.setswitchinterval(self._previous_interval)
            self._previous_interval = None
        return self.encoded
