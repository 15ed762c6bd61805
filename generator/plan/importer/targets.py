"""量化目标: indicator, operator, value and unit of every quantified target in an item's text.

Read forms: 不低于90％ / ≥20% / 达到0.636以上 (≥), 不超过12.498亿立方米 / 降到10%以下 (≤),
100% / 新增造林面积4700亩 (=, a value to reach), 较2020年下降7.5% (下降) and 提升2个点 (提高)
against a baseline, 完成80%以上溯源 (the value before what it measures), two values for two
indicators (用水量、工业增加值用水量较2020年下降7.5%、6.35%以上), alternatives joined by 或, and
counts listed after 其中 (其中:省级河流2条,市级河流1条). Not targets: years, dates, ordinals
(第5号), numbers inside 《》 or “”, list numbers (1、), and thresholds that qualify a noun
(5万亩以上大中型灌区, 两侧400米内畜禽养殖).
"""

from __future__ import annotations

import re

from generator.plan.deadline import quoted_spans
from generator.plan.importer.model import Target
from generator.plan.importer.target_values import (
    _cn_amount_value,
    _double_quotes,
    _open_bracket,
    same_indicator,
    share_tail,
)
from generator.plan.importer.text import cn_number, fold, inside, split_top

UNITS = sorted(
    """吨/月·平方公里 吨/(月·平方公里) 吨/平方公里·月 吨/月·km2
    个工作日 工作日 个月 % ‰ 个百分点 百分点 个点 倍 亿立方米 万立方米 立方米/万元 立方米/秒 立方米 亿m3 万m3
    m3/万元 m3 m³ 吨标煤/万元 吨标准煤/万元 吨标准煤 吨标煤 万吨 吨 千克 公斤 万元/亩 万元
    亿元 元/吨 元 平方公里 平方千米 平方米 km2 km² 公里 千米 km 万亩 亩 公顷 hm2 米
    毫克每升 毫克/升 mg/L 微克每立方米 微克/立方米 μg/m3 ug/m3 分贝 dB 天 小时 个 项 条 座 处 家 所 台 套
    宗 批 件 户 人次 万人 人 辆 只 头 株 万株 棵 篇 场 次 分
    万个 万户 万套 万辆 万件 万家 万座 万处 万人次 亿
    万平方米 万平方公里 万平方千米 万公里 万千米 万米 万公顷""".split(),  # 万 before a unit of area or length
    key=len,
    reverse=True,
)
COUNT_UNITS = set("条座个处项家所台套宗批件户辆只头株棵篇场")
UNIT_NAMES = {"微克每立方米": "微克/立方米", "毫克每升": "毫克/升"}  # one name for one unit of measure
# 不少于一次 / 至少两次: a count written in Chinese numerals after an explicit comparison is a value like any other
_CN_COUNT = re.compile(
    r"(?P<word>(?:不得|不能|不应)(?:少于|低于|超过|多于|高于)|不少于|不低于|至少|不超过|不多于|不高于)"
    r"([一二两三四五六七八九]|十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)"
    r"(?=次|个|项|家|条|座|处|人|天|批|场|轮|遍|期)"
)
_SOFT = re.compile(r"^(?:达到|达|保持在|保持|稳定在|控制在|控制到)$")  # 以上 / 以下 after them decides ≥ or ≤
_PLACES = re.compile(r"^(?:(?:全省|全市|全县|全区|[\u4e00-\u9fff]{1,5}?(?:省|市|县|区|州|林区|盟|旗))[、，,和及与]?)+")
METRIC = re.compile(
    r"(率|系数|比例|比重|占比|指数|量|面积|长度|数量|个数|数|密度|浓度|强度|水平|值|度|天数|规模|容量|里程|产值|收入|投资|资金|经费|"
    r"覆盖率|增加值|能耗|时间|距离)(\([^)]*\))?$"
)
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_UNIT = re.compile("|".join(re.escape(u) for u in UNITS))
_ALT_UNIT = re.compile(r"^\([^()]{1,8}\)")
_SUFFIX = re.compile(r"^(?:及以上|以上|及以下|以下|以内|之内|内|左右)")
_NOT_A_VALUE_AFTER = re.compile(r"^\s*(?:年|月|日|号|时|届|期|版|级|类|批次|号令|周岁|岁|季度|周年|、|．|\.(?!\d))")
_OPERATORS = [  # (words right before the value, operator; "~" marks a change against a baseline)
    # 不得超过3天 / 不能低于90%: a limit written as what must not happen
    (r"≥|>=|≧|不低于|不少于|不小于|至少|大于等于|(?:不得|不能|不应|严禁)(?:低于|少于|小于)", "≥"),
    (
        r"≤|<=|≦|不超过|不高于|不大于|不多于|(?:不得|不能|不应|不宜|严禁)(?:超过|高于|大于|多于)|小于等于|控制在|控制到|压减到|压缩至|压缩到|缩短至|缩短到|降到|降至|降低到|下降到|减少到|减至",
        "≤",
    ),
    (r">|大于|高于|超过", ">"),
    (r"<|小于|低于", "<"),
    (r"达到|达|提高到|提升到|增加到|增长到|增至|保持在|保持|稳定在", "≥"),
    (r"为|等于", "="),
    (r"下降|降低|减少|削减|压减|降幅", "下降"),
    (r"提高|提升|增长|增加|上升|涨幅|增幅|增速", "提高"),
]
_OPERATOR = re.compile(r"(?:" + "|".join(f"(?P<o{i}>{w})" for i, (w, _) in enumerate(_OPERATORS)) + r")\s*$")
_BEFORE_NOUN = re.compile(
    r"(?:完成|新增|新建|建成|创建|打造|培育|评定|治理|改造|整治|淘汰|关停|取缔|拆除|设立|筹集|筹措|安排|投入|拨付)\s*$"
)
# A count written before its noun after what is done with it earlier in the clause: 完成西路、南路3条道路撤商还路,
# 培育形成2个千亿级产业集群
_MADE_VERB = re.compile(r"完成|新增|新建|建成|建设|创建|打造|培育|形成|治理|改造|整治|淘汰|关停|取缔|拆除|实施")
# 8—10个 / 1-2处: a range of amounts is met from its lower end (≥ the first value); 3-5个工作日内 is ≤ the second
_RANGE = re.compile(
    r"(?P<lo>\d+(?:\.\d+)?)\s*(?:-|－|—|–|~|～|至)\s*(?P<hi>\d+(?:\.\d+)?)\s*(?=(?P<unit>"
    + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + r")(?P<inside>\s*(?:以内|之内|内))?)"
)
# 五千亿 / 三百万: an amount in Chinese numerals before 亿 or 万
_CN_AMOUNT = re.compile(r"[一二两三四五六七八九十百千]+(?=(?:亿|万)(?!级))")  # 五百亿级产业集群 names a class
_MADE = re.compile(
    r"^[\u4e00-\u9fff]{0,4}?(?:每年|年均|累计|全年)?(?:新建|新增|建成|建设|改造|修复|创建|打造|培育|治理|整治|淘汰|关停|取缔|拆除|种植|完成|发展|"
    # an amount taken off or saved: 力争减轻企业各类负担200亿元, 为企业减负50亿元, 节约资金300万元
    r"减轻|减免|减负|节约|节省)(?!.*《)"
)
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]+是?)")
_RELIEF = re.compile(
    r"^(?P<when>每年|年均|累计|全年)?(?:为|给)?(?P<verb>减轻|减免|节约|节省)(?P<what>[\u4e00-\u9fff]{2,12})$"
)
_MEASURED_SUBJECT = re.compile(r"(?P<noun>[\u4e00-\u9fff]{2,12}?)(?=达到|实现|符合)")
_PLACE_LIST = re.compile(r"^(?:(?:各|全)?[\u4e00-\u9fff]{0,6}?(?:省|市|县|区|州|镇|乡|街道)(?:\([^()]*\))?、)+")
_STRIVE = re.compile(r"\s*(?:力争|争取|努力|最好)")
_LOWER_BETTER = re.compile(r"浓度|降尘量|降尘|排放量|排放强度")
_BASELINE = re.compile(
    r"(?:较|比|与|同)\s*(?:\d{4}\s*年(?:底|末)?|上年度?|去年|基期|基准年|现状)(?:相比|同期)?\s*$|在(.{1,12}?)基础上\s*$"
)
_CLAUSE = "，,；;。：:！？!?\n"
_FILLER = re.compile(
    r"^(?:[、，,和及与并且或者]|或|[一二三四五六七八九十]+是|确保|力争|争取|努力|使|让|实现|保持|进一步|持续|全面|基本|其中|同时|要|将|"
    r"以及|在|对|按照|"
    r"到\s*\d{4}\s*年底?|\d{4}\s*年(?:底|度)?前?|年底前?|年内|全年)+"
)
_TRAIL = re.compile(r"(?:要|应|须|必须|需|需要|均|都|分别|总体|稳定|力争|争取|确保)+$")


# 截止2017年底，压减地下水超采量40万立方米 / 截至目前，已完成…: what has been done so far, not a goal
_PROGRESS = re.compile(r"(?:截至|截止|截到)\s*(?:目前|当前|今年|去年|上年|\d{4}\s*年|\d{1,2}\s*月)")
# 压减地下水超采量约69.96万立方米: an approximate amount is the amount (节约, 制约 are words of their own)
_ABOUT = re.compile(r"(?<=[\u4e00-\u9fff])(?<![节制契简隐])(?:大约|约为|约)(?=\d)")


def targets_in(text: str, para: int | None = None, start_alternative: int = 0) -> list[Target]:
    """Every quantified target in `text`, in order; alternatives (或) numbered from start_alternative + 1."""
    text = _ABOUT.sub("", text)
    text = _CN_COUNT.sub(lambda m: m.group("word") + str(cn_number(m.group(2))), text)
    text = _CN_AMOUNT.sub(_cn_amount_value, text)
    text = _RANGE.sub(_range_value, text)
    text = _TIME_LIMIT.sub(_time_limit_value, text)
    folded = fold(text)
    quoted = quoted_spans(folded) + _double_quotes(folded)
    # 优良天数比率不低于92.5%(即全年污染天数不能超过27天): the same target said again in other words
    quoted += [m.span() for m in _RESTATED.finditer(folded)]
    out: list[Target] = []
    starts: list[int] = []  # where each target's value stands (a 其中 breakdown compares with the targets before it)
    previous_end = 0  # where the last number (target or not) ended: an indicator starts after it
    last_target_end = -1
    alternative = start_alternative
    numbers = list(_NUMBER.finditer(folded))
    i = 0
    while i < len(numbers):
        number = numbers[i]
        i += 1
        start, end = number.span()
        glued = folded[max(0, start - 1) : start]
        if _NOT_A_VALUE_AFTER.match(folded[end:]) or glued == "第" or (glued.isascii() and glued.isalpha()):
            continue  # a year, a date, an ordinal: part of the words, not a value
        if inside(start, quoted):
            previous_end = end
            continue
        if _is_list_number(folded, start, end):
            previous_end = end
            continue
        if _PROGRESS.search(folded[max(folded.rfind(c, 0, start) for c in "。；;\n") + 1 : start]):
            previous_end = end
            continue
        unit_match = _UNIT.match(folded, end)
        if not unit_match and folded[end : end + 1].isascii() and folded[end : end + 1].isalpha():
            continue  # 5G, 3D: the number is part of a word (which stays in the indicator)
        unit = UNIT_NAMES.get(unit_match.group(0), unit_match.group(0)) if unit_match else ""
        cursor = unit_match.end() if unit_match else end
        alt = _ALT_UNIT.match(folded[cursor:])
        if alt and unit:
            cursor += alt.end()
        values = [(float(number.group(0)), unit)]
        while True:  # 7.5%、6.35%: several values for several indicators
            more = re.match(r"(?:、|和|及|与)\s*(\d+(?:\.\d+)?)", folded[cursor:])
            if not more or i >= len(numbers):
                break
            nxt = numbers[i]
            more_unit = _UNIT.match(folded, nxt.end())
            values.append((float(nxt.group(0)), more_unit.group(0) if more_unit else unit))
            cursor = more_unit.end() if more_unit else nxt.end()
            i += 1
        suffix_match = _SUFFIX.match(folded[cursor:])
        suffix = suffix_match.group(0) if suffix_match else ""
        cursor += len(suffix)
        clause_start = max((folded.rfind(c, 0, start) for c in _CLAUSE), default=-1) + 1
        span_start = max(clause_start, previous_end)
        span_start = max(span_start, _open_bracket(folded, span_start, start))
        before = folded[span_start:start]
        op_match = _OPERATOR.search(before)
        noun_first = _BEFORE_NOUN.search(before)
        previous_end = cursor
        after_char = folded[cursor : cursor + 1]
        count_first = (
            not noun_first
            and not op_match
            and not suffix
            and unit in COUNT_UNITS - {"项"}  # 37项指标, 5项基本任务: how many parts a list has, not a goal
            and _is_cjk(after_char)
            and bool(
                _MADE_VERB.search(folded[clause_start:start])
                or _ACTED_ON.match(folded[clause_start:])  # 对…40台锅炉和438个炉灶进行集中整治
                or _CLOSE_VERB.search(folded[clause_start:start])  # 关闭…等9家企业
                or _CLOSE_VERB.search(_noun_after(folded, folded, cursor))  # 等12家化工企业关停转迁
            )
        )
        qualifies_noun = (
            suffix in ("以上", "以下", "以内", "内", "及以上", "之内")
            and _is_cjk(after_char)
            and after_char not in "或且并和及与"
            # 不超过5个工作日内完成: a time limit before its verb, not a threshold naming which things are meant
            and not (op_match and unit in _TIME_UNITS)
        )
        share_of_noun = unit == "%" and after_char == "的" and not op_match and not noun_first
        if share_of_noun:  # 城市建成区20%以上的面积达到…: the share is written before the noun it measures
            noun = _noun_after(text, folded, cursor + 1)
            noun = re.split(r"达到|达|实现|建成|完成|符合|具备", noun, maxsplit=1)[0].strip()
            head = _clean_indicator(text[span_start:start])
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
                    phrase=text[_phrase_start(text, phrase_start) : cursor + 1 + len(noun)].strip(),
                    para=para,
                )
            )
            starts.append(start)
            last_target_end = cursor
            continue
        if noun_first and not count_first and not _noun_after(text, folded, cursor):
            noun_first = None  # 完成棚户区改造2836户。: nothing after the count, its noun is before the verb
        if (noun_first or count_first) and not op_match:
            indicator = _noun_after(text, folded, cursor)
            closed = list(_CLOSE_VERB.finditer(folded[clause_start:start]))
            if count_first and closed and not _CLOSE_VERB.search(indicator):
                indicator = closed[-1].group(0) + indicator  # 关停杭州炼油厂等7家企业: what is done to them counts
            indicator = re.sub(r"(?<=[停迁闭汰缔除出])(?:工作|任务)$", "", indicator)
            indicator = re.sub(r"^(?:用于|专门用于)", "", indicator)  # 投入500万元用于河道保洁: what the money is for
            indicator = re.sub(r"进行.*$", "", indicator)  # 对…40台锅炉进行整治: the count's noun ends at 进行
            if count_first and _RANKING.search(indicator):
                continue  # 退出全国168个重点城市后20名: how many places a ranking is among, not a goal; nor is the rank
            operator = {"以上": "≥", "及以上": "≥", "以下": "≤", "以内": "≤", "内": "≤"}.get(suffix, "=")
            if not indicator:
                continue
            phrase_start = (noun_first.start() if noun_first else 0) + span_start
            cursor += len(indicator)
            previous_end = cursor
        else:
            if qualifies_noun:
                measured = _MEASURED_SUBJECT.match(folded[cursor:])
                if not measured or not METRIC.search(measured.group("noun")):
                    continue  # 5万亩以上大中型灌区: a threshold that says which places are meant
                # 50平方公里以上建设用地面积达到…: how much of what it measures is to reach the goal
                noun = text[cursor : cursor + len(measured.group("noun"))]
                operator = "≥" if "上" in suffix else "≤"
                phrase = text[_phrase_start(text, span_start) : cursor + len(noun)].strip()
                out.append(Target(noun, operator, values[0][0], unit, phrase, para))
                starts.append(start)
                previous_end = last_target_end = cursor + len(noun)
                continue
            operator = _operator(op_match) if op_match else "="
            soft = bool(op_match and _SOFT.match(op_match.group(0)))
            if suffix in ("以上", "及以上") and (operator in ("=", "≥") or soft):
                operator = "≥"
            elif suffix in ("以下", "以内", "之内", "及以下") and (operator in ("=", "≤") or soft):
                operator = "≤"
            elif suffix in ("以上", "及以上") and operator in ("=", "≥"):
                operator = "≥"
            elif suffix in ("以下", "以内", "之内", "及以下") and operator in ("=", "≤"):
                operator = "≤"
            head_end = start - len(op_match.group(0)) if op_match else start
            head = text[span_start:head_end]
            trail = _TRAIL.search(head)
            each = bool(trail and re.search(r"[均都]", trail.group(0)))
            head = head[: len(head) - len(trail.group(0))] if trail else head
            baseline_match = _BASELINE.search(fold(head))
            baseline = ""
            if baseline_match:
                baseline = head[baseline_match.start() :].strip()
                head = head[: baseline_match.start()]
            if baseline and operator == "≥" and op_match and op_match.group(0) in ("提高", "提升", "增长", "增加"):
                operator = "提高"
            each = each or bool(re.search(r"[均都]\s*$", head))
            indicator = _clean_indicator(head)
            if not indicator and out and _STRIVE.match(folded[span_start:start]) and last_target_end >= 0:
                if not re.search(r"[。；;]", folded[last_target_end:start]):
                    indicator = out[-1].indicator  # 达到77%以上，力争达到80%以上: a second, higher value
            if (
                op_match
                and op_match.group(0) in ("达到", "达")
                and not suffix
                and _LOWER_BETTER.search(fold(indicator))
            ):
                operator = "≤"  # PM2.5浓度达到40微克/立方米: reaching a concentration means not exceeding it
            explicit = bool(op_match)
            if explicit and unit in COUNT_UNITS | {"次"} and not METRIC.search(fold(indicator)):
                indicator = indicator + _noun_after(text, folded, cursor)
            is_alternative = bool(re.match(r"\s*(?:或者|或)", folded[span_start:start]))
            in_list = _after_qizhong(folded, start)
            if not indicator and is_alternative and out:
                indicator = out[-1].indicator
            if not indicator:
                continue
            if not explicit:
                metric = bool(METRIC.search(fold(indicator)))
                counted = in_list and unit in COUNT_UNITS
                # 新建及改造修复市政污水管网600公里以上 / 培育星级上云企业50家: what is to be built, with its amount
                made = bool(unit) and bool(
                    _MADE.match(fold(indicator)) or _MADE.match(_PLACES.sub("", fold(indicator)))
                )
                if made and unit == "项" and "完成" in indicator:
                    made = False  # 完成全部37项指标佐证资料: how many parts a list has (as for counts before a noun)
                # 完成新编制村庄规划144个、修编村庄规划518个: counts listed after one 完成 (新建 …) written once
                lead_in = _ORDINAL.sub("", folded[clause_start:span_start])
                after_list = folded[span_start : span_start + 1] == "、"
                made = made or (unit in COUNT_UNITS and after_list and bool(_MADE_VERB.match(lead_in)))
                if not ((metric and (unit or suffix)) or counted or made or (metric and last_target_end >= 0)):
                    continue
                relief = _RELIEF.match(indicator)
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
            elif pair := _PAIR_MEASURE.fullmatch(indicator):
                # 化学需氧量和氨氮排放量同比下降2.5%: two substances, one measure written once, one value for both
                indicators = [pair["a"] + pair["measure"], pair["b"] + pair["measure"]]
                values = values * 2
            elif each and len(split_top(indicator, "、")) > 1 and not _PLACE_LIST.match(indicator):
                # 二氧化硫、氮氧化物排放总量均下降22%: one each (各区、县(市)优良率均提高9% is one indicator of places)
                indicators = split_top(indicator, "、")
                values = values * len(indicators)
            qizhong = folded.rfind("其中", 0, start)
            stated = [t for t, at in zip(out, starts) if at < qizhong]
            if in_list and _breakdown(indicator, operator, stated):
                continue  # 其中，武汉市…下降18%: the share of a target already read, not another target
            phrase = text[_phrase_start(text, phrase_start) : cursor].strip(" ，,、；;")
            for name, (value, value_unit) in zip(indicators, values):
                out.append(Target(name.strip(), operator, value, value_unit, phrase, para, alt_no, baseline.strip()))
                starts.append(start)
            last_target_end = cursor
            continue
        phrase = text[_phrase_start(text, phrase_start) : cursor].strip(" ，,、；;")
        for value, value_unit in values:
            out.append(Target(indicator, operator, value, value_unit, phrase, para))
            starts.append(start)
        last_target_end = cursor
    return share_tail(out, text)


def _range_value(match: re.Match) -> str:
    """8—10个 → 不少于8个 (the lower end must be reached); 3-5个工作日内 → 5个工作日 (the upper end is the limit);
    after a comparison word the word decides (控制在3-5个 → 控制在3个)."""
    if match.group("inside"):
        return match.group("hi")
    before = match.string[max(0, match.start() - 4) : match.start()]
    return match.group("lo") if _OPERATOR.search(fold(before)) else "不少于" + match.group("lo")


_RESTATED = re.compile(r"\((?:即|也即|亦即|相当于)[^()]*\)")
_PAIR_MEASURE = re.compile(
    r"(?:全[省市县区])?(?P<a>[\u4e00-\u9fff]{2,6}?)和(?P<b>[\u4e00-\u9fff]{2,6}?)"
    r"(?P<measure>排放量|排放总量|排放强度|平均浓度|年均浓度|浓度|使用量|消耗量)(?:同比|分别|均)?"
)
# what is closed, moved or removed: its count is a target (关停…等7家企业, 等12家化工企业关停转迁)
# 对杨扬大街两侧的40台锅炉和438个服务业炉灶进行集中整治: what is done to the things counted, after them
_ACTED_ON = re.compile(
    r"^\s*对[^。；;，,]*?进行(?:集中|全面|专项|综合|限期|彻底)?(?:整治|治理|改造|清理|拆除|淘汰|关停|取缔|提标改造|清淤)"
)
_CLOSE_VERB = re.compile(r"关停|关闭|淘汰|取缔|拆除|搬迁|转迁|退出")
_RANKING = re.compile(r"[前后]\s*\d+\s*[名位]|排名|排位|位次")
_TIME_UNITS = ("个工作日", "工作日", "小时", "天", "个月")
# 环评报告书14个工作日内完成审批: a time limit after its noun with no comparison word is at most that long
_TIME_LIMIT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?=\s*(?:个工作日|工作日|小时|天)\s*(?:以内|之内|内))")


def _time_limit_value(match: re.Match) -> str:
    before = match.string[max(0, match.start() - 4) : match.start()]
    return match.group(0) if _OPERATOR.search(fold(before)) else "不超过" + match.group(0)


def _breakdown(indicator: str, operator: str, earlier: list[Target]) -> bool:
    """A value after 其中 for the same indicator and comparison as a target before it, only for some places."""
    core = _PLACES.sub("", indicator) or indicator
    return any(
        t.operator == operator and same_indicator(_PLACES.sub("", t.indicator) or t.indicator, core) for t in earlier
    )


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


def _operator(match: re.Match) -> str:
    index = next(int(name[1:]) for name, value in match.groupdict().items() if value)
    return _OPERATORS[index][1]


def _is_cjk(char: str) -> bool:
    return bool(char) and "\u4e00" <= char <= "\u9fff"


def _is_list_number(folded: str, start: int, end: int) -> bool:
    """1、 at the start of a line or after a sentence: an enumeration, not a value."""
    head = folded[:start].rstrip(" ")
    return (not head or head[-1] in "\n。；;:：(") and folded[end : end + 1] in ("、", ".", "．")


def _after_qizhong(folded: str, position: int) -> bool:
    sentence_start = max(folded.rfind(c, 0, position) for c in "。\n") + 1
    return "其中" in folded[sentence_start:position]


def _noun_after(text: str, folded: str, cursor: int) -> str:
    """完成80%以上溯源 → 溯源: what the value measures, up to the end of the clause."""
    end = cursor
    while end < len(folded) and folded[end] not in _CLAUSE and folded[end] not in "(、":
        if folded[end] in "和及与" and folded[end + 1 : end + 2].isdigit():
            break  # 2个千亿级产业集群和6个五百亿级产业集群: the next count's noun is its own
        end += 1
    return text[cursor:end].strip()


def _clean_indicator(head: str) -> str:
    name = head.strip(" \t")
    while True:
        cleaned = _FILLER.sub("", name).strip()
        if cleaned == name:
            break
        name = cleaned
    name = _TRAIL.sub("", name).strip(" ，,、")
    return name


def _phrase_start(text: str, start: int) -> int:
    while start < len(text) and text[start] in " 、，,；;或者和及与":
        start += 1
    return start
