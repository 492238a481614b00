"""Test-suite settings shared by every test file."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Property tests explore new random examples on a developer's machine (that is how they find bugs), but in CI
# they run a fixed, reproducible set so that main stays green for reasons in the change, not in the dice.
# No per-example deadline anywhere: a loaded 2-core machine must not turn slowness into a failure.
settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
