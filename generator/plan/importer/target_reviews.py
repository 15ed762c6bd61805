"""What the clerk checks about an item's targets: alternatives (或) and two values for one indicator.

Two targets joined by 或 are met by reaching either (a note); one indicator given two different values by one
item is likely a misreading or a plan's own contradiction, so it is 待核实.
"""

from __future__ import annotations

from generator.plan.importer.model import NEEDS_REVIEW, NOTE, Item, Review


def target_reviews(item: Item) -> list[Review]:
    out = []
    alternatives = {t.alternative for t in item.targets if t.alternative}
    for number in alternatives:
        phrases = [t.phrase for t in item.targets if t.alternative == number]
        out.append(
            Review(
                "target-alternative",
                NOTE,
                "两个目标以“或”相连，达到其一即可：" + " / ".join(phrases),
                item.id,
                item.paras[0],
            )
        )
    for k, target in enumerate(item.targets):
        from generator.plan.importer.target_values import same_indicator

        for other in item.targets[:k]:
            if (
                not target.alternative
                and other.unit == target.unit
                and other.value != target.value
                and other.operator == target.operator
                and same_indicator(other.indicator, target.indicator)
                and len(other.indicator) > 3
            ):
                out.append(
                    Review(
                        "target-conflict",
                        NEEDS_REVIEW,
                        f"同一指标「{target.indicator}」有两个目标值（{other.phrase} / {target.phrase}），请核对。",
                        item.id,
                        target.para,
                    )
                )
    return out
