"""The web app's briefing cache: one computation per story, stories never waiting on each other, warmed ahead."""

from __future__ import annotations

import threading
import time

from newsfuse.model import Briefing
from newsfuse.web.briefings import ContentCache, Warmer


def _briefing(tag: str) -> Briefing:
    return Briefing(newsfuse_version=tag)


def test_a_slow_story_does_not_hold_up_another() -> None:
    cache = ContentCache[Briefing]()
    release = threading.Event()
    slow_started = threading.Event()

    def slow() -> Briefing:
        slow_started.set()
        release.wait(10)
        return _briefing("slow")

    worker = threading.Thread(target=cache.get, args=(("story-a",), slow))
    worker.start()
    assert slow_started.wait(10)
    began = time.monotonic()
    assert cache.get(("story-b",), lambda: _briefing("quick")).newsfuse_version == "quick"
    assert time.monotonic() - began < 1.0, "story b waited for story a"
    release.set()
    worker.join(10)
    assert cache.get(("story-a",), lambda: _briefing("again")).newsfuse_version == "slow"


def test_readers_of_one_story_share_one_computation() -> None:
    cache = ContentCache[Briefing]()
    calls: list[int] = []
    gate = threading.Event()

    def compute() -> Briefing:
        calls.append(1)
        gate.wait(10)
        return _briefing("once")

    results: list[str] = []
    readers = [threading.Thread(target=lambda: results.append(cache.get(("s",), compute).newsfuse_version))
               for _ in range(8)]
    for reader in readers:
        reader.start()
    time.sleep(0.2)
    gate.set()
    for reader in readers:
        reader.join(10)
    assert calls == [1] and results == ["once"] * 8


def test_the_cache_keeps_a_bounded_number_of_briefings() -> None:
    cache = ContentCache[Briefing](kept=3)
    for n in range(5):
        cache.get((n,), lambda n=n: _briefing(str(n)))
    assert cache.cached((0,)) is None and cache.cached((1,)) is None
    assert cache.cached((4,)) is not None


def test_the_warmer_survives_a_failing_job_and_runs_the_rest_in_order() -> None:
    warmer = Warmer()
    done: list[str] = []
    warmer.submit(lambda: done.append("first"))
    warmer.submit(lambda: 1 / 0)
    warmer.submit(lambda: done.append("third"))
    assert warmer.drain(10)
    assert done == ["first", "third"]
