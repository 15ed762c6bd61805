"""Unit names as units write them → the plan's canonical unit name (区农办 → 区农村工作办公室)."""

from __future__ import annotations

import re
import unicodedata

from generator.plan.model import Unit

_SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """Full-width letters and digits to half-width, spaces removed: how names are compared."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


class UnitDirectory:
    """Looks up a unit by its name or any alias."""

    def __init__(self, units: list[Unit]):
        self._by_name: dict[str, str] = {}
        for unit in units:
            for name in (unit.name, *unit.aliases):
                self._by_name[normalise_name(name)] = unit.name

    def resolve(self, text: str) -> str | None:
        """The canonical name for an exact name or alias, else None."""
        return self._by_name.get(normalise_name(text))

    def find_in(self, text: str) -> str | None:
        """The unit whose name or alias occurs in `text` (a file name, a title); the longest match wins."""
        text = normalise_name(text)
        hits = [(len(key), name) for key, name in self._by_name.items() if key and key in text]
        return max(hits)[1] if hits else None
