"""Unit names as units write them → the plan's canonical unit name (区农办 → 区农村工作办公室)."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process

from generator.plan.model import Unit

_SPACES = re.compile(r"\s+")
FUZZY_CUTOFF = 85


def normalise_name(text: str) -> str:
    """Full-width letters and digits to half-width, spaces removed: how names are compared."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


class UnitDirectory:
    """Looks up a unit by its name or any alias, exactly or approximately."""

    def __init__(self, units: list[Unit]):
        self._by_name: dict[str, str] = {}
        for unit in units:
            for name in (unit.name, *unit.aliases):
                self._by_name[normalise_name(name)] = unit.name
        self._longest_first = [key for key in sorted(self._by_name, key=len, reverse=True) if key]
        self._rank = {key: n for n, key in enumerate(self._longest_first)}
        self._lengths = sorted({len(key) for key in self._longest_first}, reverse=True)

    def resolve(self, text: str) -> str | None:
        """The canonical name for an exact name or alias, else None."""
        return self._by_name.get(normalise_name(text))

    def find_in(self, text: str) -> str | None:
        """The unit whose name or alias occurs in `text` (a file name, a title); the longest match wins."""
        text = normalise_name(text)
        if len(text) * len(self._lengths) >= len(self._longest_first):  # few names: look for each in the text
            return next((self._by_name[key] for key in self._longest_first if key in text), None)
        # A province's two thousand names and aliases: every piece of the text as long as some name is looked up
        # instead (each file is attributed several times), longest first; of equal length, the name listed first.
        for length in self._lengths:
            pieces = {text[i : i + length] for i in range(len(text) - length + 1)}
            names = [piece for piece in pieces if piece in self._by_name]
            if names:
                return self._by_name[min(names, key=self._rank.__getitem__)]
        return None

    def guess(self, text: str) -> str | None:
        """The unit a misspelt name most likely means (区国土建设环宝局 → 区国土建设环保局), if close enough."""
        text = normalise_name(text)
        if not text:
            return None
        match = process.extractOne(
            text, self._by_name.keys(), scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF, processor=None
        )
        return self._by_name[match[0]] if match and len(match[0]) >= 3 else None

    def closest(self, text: str, limit: int = 3) -> list[str]:
        """The known units most like `text`, for an error message."""
        matches = process.extract(normalise_name(text), self._by_name.keys(), scorer=fuzz.partial_ratio, limit=10)
        out: list[str] = []
        for key, _, _ in matches:
            if self._by_name[key] not in out:
                out.append(self._by_name[key])
        return out[:limit]


_SEPARATORS = "、，,；;\n"
_OPEN, _CLOSE = "(（[【", ")）]】"


def split_units(text: str) -> list[str]:
    """The names in a cell of unit names: separated by 、，；or new lines, except inside brackets, so
    各县(市、区)人民政府 stays one name."""
    names: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text or "":
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in _SEPARATORS and depth == 0:
            names.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    names.append("".join(current).strip())
    return [n for n in names if n]
