"""量化目标: indicator, operator, value and unit of every quantified target in an item's text.

Read forms: 不低于90％ / ≥20% / 达到0.636以上 (≥), 不超过12.498亿立方米 / 降到10%以下 (≤),
100% / 新增造林面积4700亩 (=, a value to reach), 较2020年下降7.5% (下降) and 提升2个点 (提高)
against a baseline, 完成80%以上溯源 (the value before what it measures), two values for two
indicators (用水量、工业增加值用水量较2020年下降7.5%、6.35%以上), alternatives joined by 或, and
counts listed after 其中 (其中:省级河流2条,市级河流1条). Not targets: years, dates, ordinals
(第5号), numbers inside 《》 or “”, list numbers (1、), and thresholds that qualify a noun
(5万亩以上大中型灌区, 两侧400米内畜禽养殖).

`targets_in` walks the numbers of a text and decides for each; what it decides with is in modules of their own:
numbers made plain first in `target_numbers`, units, comparison words and the indicator's name in
`target_words`, the rules about what is or is not a target in `target_rules`.
"""

from __future__ import annotations

import re

from generator.plan.deadline import quoted_spans
from generator.plan.importer.model import Target
from generator.plan.importer.target_numbers import normalise_numbers
from generator.plan.importer.target_rules import (
    ACTED_ON,
    BEFORE_NOUN,
    CLOSE_VERB,
    CONDITION,
    DEVELOP_VERB,
    LEADING_PLACES,
    MADE_COUNT,
    MADE_VERB,
    MEASURED_SUBJECT,
    NOT_A_VALUE_AFTER,
    ORDINAL,
    PAIR_MEASURE,
    PLACE_LIST,
    PROGRESS_SO_FAR,
    RANKING,
    RELIEF,
    RESTATED,
    after_qizhong,
    double_quotes,
    is_breakdown,
    is_list_number,
)
from generator.plan.importer.target_values import share_tail
from generator.plan.importer.target_words import (
    ALT_UNIT,
    ANY_UNIT,
    BASELINE,
    CLAUSE_ENDS,
    COUNT_UNITS,
    LOWER_BETTER,
    METRIC,
    NUMBER,
    OPERATOR,
    PEOPLE_UNITS,
    SOFT_OPERATOR,
    STRIVE,
    SUFFIX,
    TIME_UNITS,
    TRAILING_WORDS,
    UNIT_NAMES,
    after_open_bracket,
    clause_end,
    clean_indicator,
    is_cjk,
    matched_operator,
    noun_after,
    skip_separators,
)
from generator.plan.importer.text import fold, inside, split_top


def targets_in(text: str, para: int | None = None, start_alternative: int = 0) -> list[Target]:
    """Every quantified target in `text`, in order; alternatives (或) numbered from start_alternative + 1."""
    text = normalise_numbers(text)
    folded = fold(text)
    quoted = quoted_spans(folded) + double_quotes(folded)
    # 优良天数比率不低于92.5%(即全年污染天数不能超过27天): the same target said again in other words
    quoted += [m.span() for m in RESTATED.finditer(folded)]
    out: list[Target] = []
    starts: list[int] = []  # where each target's value stands (a 其中 breakdown compares with the targets before it)
    previous_end = 0  # where the last number (target or not) ended: an indicator starts after it
    last_target_end = -1
    alternative = start_alternative
    numbers = list(NUMBER.finditer(folded))
    i = 0
    while i < len(numbers):
        number = numbers[i]
        i += 1
        start, end = number.span()
        glued = folded[max(0, start - 1) : start]
        if NOT_A_VALUE_AFTER.match(folded[end:]) or glued == "第" or (glued.isascii() and glued.isalpha()):
            continue  # a year, a date, an ordinal: part of the words, not a value
        if inside(start, quoted):
            previous_end = end
            continue
        if is_list_number(folded, start, end):
            previous_end = end
            continue
        if PROGRESS_SO_FAR.search(folded[max(folded.rfind(c, 0, start) for c in "。；;\n") + 1 : start]):
            previous_end = end
            continue
        unit_match = ANY_UNIT.match(folded, end)
        if not unit_match and folded[end : end + 1].isascii() and folded[end : end + 1].isalpha():
            continue  # 5G, 3D: the number is part of a word (which stays in the indicator)
        unit = UNIT_NAMES.get(unit_match.group(0), unit_match.group(0)) if unit_match else ""
        cursor = unit_match.end() if unit_match else end
        alt = ALT_UNIT.match(folded[cursor:])
        if alt and unit:
            cursor += alt.end()
        values = [(float(number.group(0)), unit)]
        while True:  # 7.5%、6.35%: several values for several indicators
            more = re.match(r"(?:、|和|及|与)\s*(\d+(?:\.\d+)?)", folded[cursor:])
            if not more or i >= len(numbers):
                break
            nxt = numbers[i]
            more_unit = ANY_UNIT.match(folded, nxt.end())
            values.append((float(nxt.group(0)), more_unit.group(0) if more_unit else unit))
            cursor = more_unit.end() if more_unit else nxt.end()
            i += 1
        suffix_match = SUFFIX.match(folded[cursor:])
        suffix = suffix_match.group(0) if suffix_match else ""
        cursor += len(suffix)
        clause_start = max((folded.rfind(c, 0, start) for c in CLAUSE_ENDS), default=-1) + 1
        if CONDITION.match(folded[clause_start:start]) and "的" in folded[cursor : clause_end(folded, cursor)]:
            previous_end = cursor  # 对实际投资2亿元以上的项目，给予…: which things a measure is for, not a goal
            continue
        span_start = max(clause_start, previous_end)
        span_start = max(span_start, after_open_bracket(folded, span_start, start))
        before = folded[span_start:start]
        op_match = OPERATOR.search(before)
        noun_first = BEFORE_NOUN.search(before)
        previous_end = cursor
        after_char = folded[cursor : cursor + 1]
        developed = bool(DEVELOP_VERB.search(folded[clause_start:start]))
        count_first = (
            not noun_first
            and not op_match
            and suffix in ("", "左右")
            # 37项指标, 5项基本任务: how many parts a list has, not a goal
            and (unit in COUNT_UNITS - {"项"} or (unit in PEOPLE_UNITS and developed))
            and is_cjk(after_char)
            and bool(
                developed
                or MADE_VERB.search(folded[clause_start:start])
                or ACTED_ON.match(folded[clause_start:])  # 对…40台锅炉和438个炉灶进行集中整治
                or CLOSE_VERB.search(folded[clause_start:start])  # 关闭…等9家企业
                or CLOSE_VERB.search(noun_after(folded, folded, cursor))  # 等12家化工企业关停转迁
            )
        )
        qualifies_noun = (
            suffix in ("以上", "以下", "以内", "内", "及以上", "之内")
            and is_cjk(after_char)
            and after_char not in "或且并和及与"
            # 不超过5个工作日内完成: a time limit before its verb, not a threshold naming which things are meant
            and not (op_match and unit in TIME_UNITS)
        )
        share_of_noun = unit == "%" and after_char == "的" and not op_match and not noun_first
        if share_of_noun:  # 城市建成区20%以上的面积达到…: the share is written before the noun it measures
            noun = noun_after(text, folded, cursor + 1)
            noun = re.split(r"达到|达|实现|建成|完成|符合|具备", noun, maxsplit=1)[0].strip()
            head = clean_indicator(text[span_start:start])
            if not noun:
                continue
            indicator = head + noun
            operator = {"以上": "≥", "及以上": "≥", "以下": "≤", "以内": "≤"}.get(suffix, "=")
            phrase_start = span_start
            out.append(
                Target(
                    indicator=indicator,
                    operator=operator,
                    value=values[0][0],
                    unit=unit,
                    phrase=text[skip_separators(text, phrase_start) : cursor + 1 + len(noun)].strip(),
                    para=para,
                )
            )
            starts.append(start)
            last_target_end = cursor
            continue
        if noun_first and not count_first and not noun_after(text, folded, cursor):
            noun_first = None  # 完成棚户区改造2836户。: nothing after the count, its noun is before the verb
        if (noun_first or count_first) and not op_match:
            indicator = noun_after(text, folded, cursor)
            closed = list(CLOSE_VERB.finditer(folded[clause_start:start]))
            if count_first and closed and not CLOSE_VERB.search(indicator):
                indicator = closed[-1].group(0) + indicator  # 关停杭州炼油厂等7家企业: what is done to them counts
            indicator = re.sub(r"(?<=[停迁闭汰缔除出])(?:工作|任务)$", "", indicator)
            indicator = re.sub(r"^(?:用于|专门用于)", "", indicator)  # 投入500万元用于河道保洁: what the money is for
            indicator = re.sub(r"进行.*$", "", indicator)  # 对…40台锅炉进行整治: the count's noun ends at 进行
            if count_first and RANKING.search(indicator):
                continue  # 退出全国168个重点城市后20名: how many places a ranking is among, not a goal; nor is the rank
            operator = {"以上": "≥", "及以上": "≥", "以下": "≤", "以内": "≤", "内": "≤"}.get(suffix, "=")
            if not indicator:
                continue
            phrase_start = (noun_first.start() if noun_first else 0) + span_start
            cursor += len(indicator)
            previous_end = cursor
        else:
            if qualifies_noun:
                measured = MEASURED_SUBJECT.match(folded[cursor:])
                if not measured or not METRIC.search(measured.group("noun")):
                    continue  # 5万亩以上大中型灌区: a threshold that says which places are meant
                # 50平方公里以上建设用地面积达到…: how much of what it measures is to reach the goal
                noun = text[cursor : cursor + len(measured.group("noun"))]
                operator = "≥" if "上" in suffix else "≤"
                phrase = text[skip_separators(text, span_start) : cursor + len(noun)].strip()
                out.append(Target(noun, operator, values[0][0], unit, phrase, para))
                starts.append(start)
                previous_end = last_target_end = cursor + len(noun)
                continue
            operator = matched_operator(op_match) if op_match else "="
            soft = bool(op_match and SOFT_OPERATOR.match(op_match.group(0)))
            if suffix in ("以上", "及以上") and (operator in ("=", "≥") or soft):
                operator = "≥"
            elif suffix in ("以下", "以内", "之内", "及以下") and (operator in ("=", "≤") or soft):
                operator = "≤"
            elif suffix == "左右" and operator == "≥" and soft:
                operator = "="  # 达到2000名左右: about a level, not at least it (a bare 100个左右 is = already)
            elif suffix in ("以上", "及以上") and operator in ("=", "≥"):
                operator = "≥"
            elif suffix in ("以下", "以内", "之内", "及以下") and operator in ("=", "≤"):
                operator = "≤"
            head_end = start - len(op_match.group(0)) if op_match else start
            head = text[span_start:head_end]
            trail = TRAILING_WORDS.search(head)
            each = bool(trail and re.search(r"[均都]", trail.group(0)))
            head = head[: len(head) - len(trail.group(0))] if trail else head
            baseline_match = BASELINE.search(fold(head))
            baseline = ""
            if baseline_match:
                baseline = head[baseline_match.start() :].strip()
                head = head[: baseline_match.start()]
            if baseline and operator == "≥" and op_match and op_match.group(0) in ("提高", "提升", "增长", "增加"):
                operator = "提高"
            each = each or bool(re.search(r"[均都]\s*$", head))
            indicator = clean_indicator(head)
            if not indicator and out and STRIVE.match(folded[span_start:start]) and last_target_end >= 0:
                if not re.search(r"[。；;]", folded[last_target_end:start]):
                    indicator = out[-1].indicator  # 达到77%以上，力争达到80%以上: a second, higher value
            if op_match and op_match.group(0) in ("达到", "达") and not suffix and LOWER_BETTER.search(fold(indicator)):
                operator = "≤"  # PM2.5浓度达到40微克/立方米: reaching a concentration means not exceeding it
            explicit = bool(op_match)
            if explicit and unit in COUNT_UNITS | PEOPLE_UNITS | {"次"} and not METRIC.search(fold(indicator)):
                indicator = indicator + noun_after(text, folded, cursor)
            is_alternative = bool(re.match(r"\s*(?:或者|或)", folded[span_start:start]))
            in_list = after_qizhong(folded, start)
            if not indicator and is_alternative and out:
                indicator = out[-1].indicator
            if not indicator:
                continue
            if not explicit:
                metric = bool(METRIC.search(fold(indicator)))
                counted = in_list and unit in COUNT_UNITS
                # 新建及改造修复市政污水管网600公里以上 / 培育星级上云企业50家: what is to be built, with its amount
                made = bool(unit) and bool(
                    MADE_COUNT.match(fold(indicator)) or MADE_COUNT.match(LEADING_PLACES.sub("", fold(indicator)))
                )
                if made and unit == "项" and "完成" in indicator:
                    made = False  # 完成全部37项指标佐证资料: how many parts a list has (as for counts before a noun)
                # 完成新编制村庄规划144个、修编村庄规划518个: counts listed after one 完成 (新建 …) written once
                lead_in = ORDINAL.sub("", folded[clause_start:span_start])
                after_list = folded[span_start : span_start + 1] == "、"
                made = made or (unit in COUNT_UNITS and after_list and bool(MADE_VERB.match(lead_in)))
                if not ((metric and (unit or suffix)) or counted or made or (metric and last_target_end >= 0)):
                    continue
                relief = RELIEF.match(indicator)
                if made and relief and relief.group("what"):  # 减轻企业负担200亿元: the 企业负担减轻 (an amount)
                    indicator = (relief.group("when") or "") + relief.group("what") + relief.group("verb")
            if operator in ("下降", "提高") and not (unit in ("%", "个百分点", "百分点", "个点", "倍") or baseline):
                continue
            phrase_start = span_start
            if is_alternative and out:
                if not out[-1].alternative:
                    alternative += 1
                    out[-1] = _with_alternative(out[-1], alternative)
                alt_no = alternative
            else:
                alt_no = 0
            indicators = [indicator]
            if len(values) > 1:
                # 分别不高于53和32微克/立方米: the unit written once, after the last value, is every value's unit
                last_unit = values[-1][1]
                values = [(value, value_unit or last_unit) for value, value_unit in values]
                parts = [p for p in re.split(r"、", indicator) if p]
                if len(parts) != len(values):
                    parts = split_top(indicator, "、和及")
                indicators = parts if len(parts) == len(values) else [indicator] * len(values)
            elif pair := PAIR_MEASURE.fullmatch(indicator):
                # 化学需氧量和氨氮排放量同比下降2.5%: two substances, one measure written once, one value for both
                indicators = [pair["a"] + pair["measure"], pair["b"] + pair["measure"]]
                values = values * 2
            elif each and len(split_top(indicator, "、")) > 1 and not PLACE_LIST.match(indicator):
                # 二氧化硫、氮氧化物排放总量均下降22%: one each (各区、县(市)优良率均提高9% is one indicator of places)
                indicators = split_top(indicator, "、")
                values = values * len(indicators)
            qizhong = folded.rfind("其中", 0, start)
            stated = [t for t, at in zip(out, starts) if at < qizhong]
            if in_list and is_breakdown(indicator, operator, stated):
                continue  # 其中，武汉市…下降18%: the share of a target already read, not another target
            phrase = text[skip_separators(text, phrase_start) : cursor].strip(" ，,、；;")
            for name, (value, value_unit) in zip(indicators, values):
                out.append(Target(name.strip(), operator, value, value_unit, phrase, para, alt_no, baseline.strip()))
                starts.append(start)
            last_target_end = cursor
            continue
        phrase = text[skip_separators(text, phrase_start) : cursor].strip(" ，,、；;")
        for value, value_unit in values:
            out.append(Target(indicator, operator, value, value_unit, phrase, para))
            starts.append(start)
        last_target_end = cursor
    return share_tail(out, text)


def _with_alternative(target: Target, number: int) -> Target:
    return Target(
        target.indicator,
        target.operator,
        target.value,
        target.unit,
        target.phrase,
        target.para,
        number,
        target.baseline,
    )
