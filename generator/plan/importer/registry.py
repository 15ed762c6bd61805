"""The unit registry: every unit named in a responsibility, one entry per unit, its other names merged.

Merged as aliases, each marked for review:
- a name without the 区/市/县 prefix it has elsewhere (经信委 ↔ 区经信委, written once for a whole list);
- an abbreviation whose characters appear in order in a longer name, same first character, ending with a
  character of its organisation word (区农办 ↔ 区农村工作办公室, 发改委 ↔ 发展和改革委员会), when only one name fits.
A name that differs from a more frequent one by one character in the middle (城多一体化示范区管委会 ↔
城乡一体化示范区管委会) is taken as a typo: mapped to the frequent name and listed for review, never kept silently.
- a variant of the same department name (住建局 ↔ 住房城乡建设局 ↔ 住房和城乡建设局, 生态环境局 ↔ 生态环境分局,
  发改委 ↔ 发展改革委 ↔ 发展和改革委员会): same level prefix (or none), same name once the usual short forms, 和 and
  分 are taken out; merged into the form written most often (the fuller one on a tie) and listed for review.
Names that differ in the administrative level (区 / 市) or in a number are different units.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.plan.importer.model import NEEDS_REVIEW, NOTE, Review, UnitEntry
from generator.plan.importer.text import key
from generator.plan.importer.unit_names import is_generic, org_suffix

LEVELS = "省市区县镇乡"
# Usual short forms of department names (the long form first); applied after 和 / 与 are removed.
_SHORT_FORMS = [
    ("住房城乡建设", "住建"),
    ("住房城乡建", "住建"),
    ("发展改革", "发改"),
    ("经济信息化", "经信"),
    ("工业信息化", "工信"),
    ("环境保护", "环保"),
    ("城市管理", "城管"),
    ("市场监督管理", "市场监管"),
    ("自然资源规划", "自然资源"),
    ("农业农村", "农业农村"),
    ("卫生健康", "卫健"),
    ("人力资源社会保障", "人社"),
    ("交通运输", "交通"),
    ("文化广电旅游", "文旅"),
    ("应急管理", "应急"),
    ("生态环境", "生态环境"),
]
_ORG_SHORT = [("委员会", "委"), ("办公室", "办"), ("分局", "局")]


def variant_key(name: str) -> str:
    """住房和城乡建设局, 住房城乡建设局, 住建局 → 住建局; 区生态环境分局 → 区生态环境局 (the level prefix kept)."""
    text = key(name).replace("和", "").replace("与", "")
    for long, short in _ORG_SHORT:
        if text.endswith(long):
            text = text[: -len(long)] + short
    for long, short in _SHORT_FORMS:
        text = text.replace(long, short)
    return text


_NUMERALS = set("0123456789一二三四五六七八九十")


@dataclass
class _Mention:
    name: str
    count: int = 0
    roles: set[str] = field(default_factory=set)
    first_para: int | None = None
    together: set[str] = field(default_factory=set)  # names listed in the same clause (never aliases of each other)


class Registry:
    def __init__(self) -> None:
        self._mentions: dict[str, _Mention] = {}
        self._written: dict[str, tuple[str, int | None]] = {}  # 经信委 → (区经信委, paragraph): a shared prefix

    def add_written(self, bare: str, full: str, para: int | None) -> None:
        """A name the plan wrote without the level prefix it shares with the unit before it (区经信委、农委)."""
        self._written.setdefault(bare, (full, para))

    def add(self, names: list[str], role: str, para: int | None) -> None:
        for name in names:
            mention = self._mentions.setdefault(name, _Mention(name, first_para=para))
            mention.count += 1
            mention.roles.add(role)
            mention.together.update(n for n in names if n != name)
            if mention.first_para is None:
                mention.first_para = para

    def build(self) -> tuple[dict[str, str], list[UnitEntry], list[Review]]:
        """name as written → canonical name; the entries; the merges to review."""
        names = sorted(self._mentions, key=lambda n: (-len(n), n))
        canonical = {n: n for n in names}
        reviews: list[Review] = []
        kinds: dict[str, str] = {}
        for name in names:
            target = self._typo_of(name)
            if target:
                canonical[name] = target
                kinds[name] = "typo"
                reviews.append(
                    Review(
                        "unit-typo",
                        NEEDS_REVIEW,
                        f"「{name}」疑似「{target}」的错字（出现{self._mentions[name].count}次，"
                        f"后者{self._mentions[target].count}次），已按「{target}」处理，请核对原文。",
                        name,
                        self._mentions[name].first_para,
                    )
                )
        for name in names:
            if name in kinds:
                continue
            target = self._alias_of(name, [n for n in names if n not in kinds])
            if target:
                canonical[name] = target
                kinds[name] = "alias"
                reviews.append(
                    Review(
                        "unit-alias",
                        NOTE,
                        f"「{name}」视为「{target}」的简称，已合并，请确认是同一单位。",
                        name,
                        self._mentions[name].first_para,
                    )
                )
        by_variant: dict[str, list[str]] = {}
        for name in names:
            if name not in kinds and not is_generic(name) and org_suffix(name):
                by_variant.setdefault(variant_key(name), []).append(name)
        for group in by_variant.values():
            if len(group) < 2:
                continue
            target = max(group, key=lambda n: (self._mentions[n].count, len(n)))
            for name in group:
                if name == target or any(n in self._mentions[name].together for n in group if n != name):
                    continue
                canonical[name] = target
                kinds[name] = "alias"
                reviews.append(
                    Review(
                        "unit-variant",
                        NOTE,
                        f"「{name}」与「{target}」视为同一单位的不同写法，已合并为「{target}」"
                        f"（分别出现{self._mentions[name].count}次和{self._mentions[target].count}次），请确认。",
                        name,
                        self._mentions[name].first_para,
                    )
                )
        for bare, (full, para) in self._written.items():
            if bare in self._mentions or full not in self._mentions:
                continue
            canonical[bare] = full
            kinds[bare] = "alias"
            self._mentions[bare] = _Mention(bare, count=0, first_para=para)
            reviews.append(
                Review("unit-alias", NOTE, f"「{bare}」视为「{full}」的简称，已合并，请确认是同一单位。", bare, para)
            )
        for name in names:  # an alias of an alias, or a typo of an alias
            seen = set()
            while canonical[canonical[name]] != canonical[name] and name not in seen:
                seen.add(name)
                canonical[name] = canonical[canonical[name]]
        entries: dict[str, UnitEntry] = {}
        for name in sorted(self._mentions, key=lambda n: self._mentions[n].first_para or 0):
            target = canonical[name]
            entry = entries.setdefault(target, UnitEntry(target, kind="泛指" if is_generic(target) else "单位"))
            mention = self._mentions[name]
            entry.count += mention.count
            entry.roles |= mention.roles
            if entry.first_para is None or (mention.first_para or 0) < entry.first_para:
                entry.first_para = mention.first_para
            if kinds.get(name) == "typo":
                entry.typos.append(name)
            elif name != target:
                entry.aliases.append(name)
        ordered = sorted(entries.values(), key=lambda e: e.first_para or 0)
        return canonical, ordered, reviews

    def _typo_of(self, name: str) -> str | None:
        mention = self._mentions[name]
        for other, their in self._mentions.items():
            if other == name or len(other) != len(name) or len(name) < 6 or their.count < 2 * mention.count:
                continue
            diff = [k for k, (a, b) in enumerate(zip(name, other)) if a != b]
            if len(diff) != 1:
                continue
            k = diff[0]
            a, b = name[k], other[k]
            if k == 0 or (a in LEVELS and b in LEVELS) or (a in _NUMERALS and b in _NUMERALS):
                continue
            if k >= len(name) - len(org_suffix(name)):
                continue  # 水利局 / 水利处: a different organisation word is a different unit
            return other
        return None

    def _alias_of(self, name: str, names: list[str]) -> str | None:
        mention = self._mentions[name]
        if is_generic(name):
            return None
        prefixed = [n for n in names if n != name and len(n) == len(name) + 1 and n[0] in LEVELS and n[1:] == name]
        if len(prefixed) == 1 and prefixed[0] not in mention.together:
            return prefixed[0]
        longer = [
            n
            for n in names
            if len(n) >= len(name) + 2
            and n[0] == name[0]
            and _subsequence(name, n)
            and name[-1] in n[-4:]
            and n not in mention.together
            and not is_generic(n)
        ]
        return longer[0] if len(longer) == 1 else None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(char in it for char in short)


def canonical_list(names: list[str], canonical: dict[str, str]) -> list[str]:
    out: list[str] = []
    for name in names:
        target = canonical.get(name, name)
        if target not in out:
            out.append(target)
    return out


def same_name(a: str, b: str) -> bool:
    return key(a) == key(b)
