"""How the rule files (patterns.yaml, community_patterns.yaml) spell a pattern: a string or a
list of alternatives, with {name} for a named fragment (fragments may use fragments)."""
from __future__ import annotations

from typing import Any


def source(spec: Any) -> str:
    """A pattern is a string or a list of alternatives (joined with |)."""
    if isinstance(spec, (list, tuple)):
        return "(?:" + "|".join(f"(?:{p})" for p in spec) + ")"
    return str(spec)


def expand(pattern: str, fragments: dict[str, str]) -> str:
    """{name} replaced by its fragment, until nothing changes (bounded)."""
    for _ in range(5):
        before = pattern
        for name, value in fragments.items():
            pattern = pattern.replace("{" + name + "}", value)
        if pattern == before:
            break
    return pattern
