"""Which numbers in a text are targets, and which are not.

Not targets: years, dates and ordinals (第5号), numbers quoted or restated (即全年污染天数不能超过27天), list
numbers (1、), what has been done so far (截至目前…), a ranking (后20名), a share of a target already read (其中，
武汉市…), and thresholds that qualify a noun (5万亩以上大中型灌区). Targets all the same: counts of what is built,
closed or treated (新建…600公里, 关停…等7家企业), even written before their noun.
"""

from __future__ import annotations

import re

from generator.plan.importer.model import Target
from generator.plan.importer.target_values import same_indicator

LEADING_PLACES = re.compile(
    r"^(?:(?:全省|全市|全县|全区|[\u4e00-\u9fff]{1,5}?(?:省|市|县|区|州|林区|盟|旗))[、，,和及与]?)+"
)

NOT_A_VALUE_AFTER = re.compile(r"^\s*(?:年|月|日|号|时|届|期|版|级|类|批次|号令|周岁|岁|季度|周年|、|．|\.(?!\d))")

BEFORE_NOUN = re.compile(
    r"(?:完成|新增|新建|建成|创建|打造|培育|评定|治理|改造|整治|淘汰|关停|取缔|拆除|设立|筹集|筹措|安排|投入|拨付)\s*$"
)

# A count written before its noun after what is done with it earlier in the clause: 完成西路、南路3条道路撤商还路,
# 培育形成2个千亿级产业集群
MADE_VERB = re.compile(r"完成|新增|新建|建成|建设|创建|打造|培育|形成|治理|改造|整治|淘汰|关停|取缔|拆除|实施")

MADE_COUNT = re.compile(
    r"^[\u4e00-\u9fff]{0,4}?(?:每年|年均|累计|全年)?(?:新建|新增|建成|建设|改造|修复|创建|打造|培育|治理|整治|淘汰|关停|取缔|拆除|种植|完成|发展|"
    # an amount taken off or saved: 力争减轻企业各类负担200亿元, 为企业减负50亿元, 节约资金300万元
    r"减轻|减免|减负|节约|节省)(?!.*《)"
)

# What a plan does to people or for things it sets up, before their count: 5年内重点引进100名…人才, 选拔资助不少于
# 200名…, 扶持50个市级示范性高级研修班, 筹建50家企业研发中心 (what a beneficiary receives, 给予…, is no such verb)
DEVELOP_VERB = re.compile(r"引进|培养|培训|选拔|选派|资助|评选|扶持|招聘|招录|吸引|输送|筹建|设立|遴选|认定")

# 对实际投资2亿元或年纳税总额5000万元以上的招商项目: the things a measure is for, named by a value before 的 (a
# value written after the 的, 对…范围内的40台锅炉进行整治, is a count of them)
CONDITION = re.compile(r"^\s*(?:\d{1,3}[.、．]\s*)?对[^的]*$")


ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]+是?)")

RELIEF = re.compile(
    r"^(?P<when>每年|年均|累计|全年)?(?:为|给)?(?P<verb>减轻|减免|节约|节省)(?P<what>[\u4e00-\u9fff]{2,12})$"
)

MEASURED_SUBJECT = re.compile(r"(?P<noun>[\u4e00-\u9fff]{2,12}?)(?=达到|实现|符合)")

PLACE_LIST = re.compile(r"^(?:(?:各|全)?[\u4e00-\u9fff]{0,6}?(?:省|市|县|区|州|镇|乡|街道)(?:\([^()]*\))?、)+")

# 截止2017年底，压减地下水超采量40万立方米 / 截至目前，已完成…: what has been done so far, not a goal
PROGRESS_SO_FAR = re.compile(r"(?:截至|截止|截到)\s*(?:目前|当前|今年|去年|上年|\d{4}\s*年|\d{1,2}\s*月)")

RESTATED = re.compile(r"\((?:即|也即|亦即|相当于)[^()]*\)")

PAIR_MEASURE = re.compile(
    r"(?:全[省市县区])?(?P<a>[\u4e00-\u9fff]{2,6}?)和(?P<b>[\u4e00-\u9fff]{2,6}?)"
    r"(?P<measure>排放量|排放总量|排放强度|平均浓度|年均浓度|浓度|使用量|消耗量)(?:同比|分别|均)?"
)

# what is closed, moved or removed: its count is a target (关停…等7家企业, 等12家化工企业关停转迁)
# 对杨扬大街两侧的40台锅炉和438个服务业炉灶进行集中整治: what is done to the things counted, after them
ACTED_ON = re.compile(
    r"^\s*对[^。；;，,]*?进行(?:集中|全面|专项|综合|限期|彻底)?(?:整治|治理|改造|清理|拆除|淘汰|关停|取缔|提标改造|清淤)"
)

CLOSE_VERB = re.compile(r"关停|关闭|淘汰|取缔|拆除|搬迁|转迁|退出")

RANKING = re.compile(r"[前后]\s*\d+\s*[名位]|排名|排位|位次")


def is_breakdown(indicator: str, operator: str, earlier: list[Target]) -> bool:
    """A value after 其中 for the same indicator and comparison as a target before it, only for some places."""
    core = LEADING_PLACES.sub("", indicator) or indicator
    return any(
        t.operator == operator and same_indicator(LEADING_PLACES.sub("", t.indicator) or t.indicator, core)
        for t in earlier
    )


def is_list_number(folded: str, start: int, end: int) -> bool:
    """1、 at the start of a line or after a sentence: an enumeration, not a value."""
    head = folded[:start].rstrip(" ")
    return (not head or head[-1] in "\n。；;:：(") and folded[end : end + 1] in ("、", ".", "．")


def after_qizhong(folded: str, position: int) -> bool:
    sentence_start = max(folded.rfind(c, 0, position) for c in "。\n") + 1
    return "其中" in folded[sentence_start:position]


def double_quotes(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]{0,20}”|\"[^\"]{0,20}\"", text)]
