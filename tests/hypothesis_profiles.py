"""Hypothesis profiles, registered once: tests/conftest.py imports this module.

- "properties" (loaded by default): 200 examples a test and no deadline, since a 2-core
  machine shared with other work makes timings noisy and a deadline would fail by chance.
- "thorough": ten times the examples, for a long run after changing a solver or a rule:
  `pytest tests/properties --hypothesis-profile thorough`.

A test whose examples are slow runs a share of the profile's examples: share_of_examples().
"""

from __future__ import annotations

from typing import Any

from hypothesis import settings

settings.register_profile("properties", max_examples=200, deadline=None)
settings.register_profile("thorough", settings.get_profile("properties"), max_examples=2000)
settings.load_profile("properties")


def share_of_examples(share: float, **overrides: Any) -> settings:
    """The loaded profile with `share` of its examples (and `overrides`). Call it at import
    of a test module: by then --hypothesis-profile has loaded the profile asked for."""
    profile = settings()  # a copy of the loaded profile
    examples = max(1, round(profile.max_examples * share))
    return settings(profile, max_examples=examples, **overrides)
