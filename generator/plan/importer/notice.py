"""The notice (通知) around the plan: 发文机关, 发文字号, 标题, 主送机关, 成文日期, 附件 and the 版记.

Three layouts are met in practice: a GB/T 9704 notice converted to text (number, issuer, 关于…的通知, 主送机关：,
body, signature and date), a government web page (索引号 / 发布机构 / 发文日期 / 文号 fields above the title, a
signature the page may have garbled), and a plan published on its own (only the title and a 发布日期). Every field is
taken from where the notice puts it, never from a document the plan merely cites (根据《…》（焦城创指〔2018〕6号）).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from generator.plan.importer.model import NEEDS_REVIEW, NOTE, Notice, Paragraph, Review
from generator.plan.importer.text import CN_DIGITS, cn_number, fold, key, squeeze
from generator.plan.importer.unit_names import is_unit_like

HEAD_LINES = 40  # the notice sits in the first lines; later dates and numbers belong to the plan
_FIELD_NAMES = (
    "索引号",
    "主题分类",
    "发布机构",
    "发文机关",
    "发文单位",
    "发文日期",
    "发布日期",
    "成文日期",
    "发文字号",
    "文号",
    "公开方式",
    "来源",
    "浏览次数",
    "生效日期",
    "有效性",
    "公开日期",
    "信息来源",
)
_FIELD = re.compile("(" + "|".join(r"\s*".join(name) for name in _FIELD_NAMES) + r")\s*[:：]\s*")
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,16}\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*(\d{1,4})\s*号"
)
_DATE_LINE = re.compile(
    r"^\s*(?:[(（][^()（）]{1,20}[)）]\s{2,})?([\d〇零一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月\s*"
    r"([\d一二三四五六七八九十]{1,3})\s*日\s*$"
)
_ISO = re.compile(r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
_TITLE_END = ("通知", "通报", "决定", "意见", "批复", "函", "方案", "计划", "要点", "细则", "办法", "规划")
_PLAN_WORDS = ("方案", "计划", "要点", "细则", "办法", "规划", "意见", "措施", "清单", "任务书")
_PRINTED = re.compile(r"^\s*(\S.*?)\s+(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发\s*$")
_ATTACHMENTS = re.compile(r"^\s*附\s*件\s*[:：]\s*(.*)$")
_LIST_ITEM = re.compile(r"^\s*(\d{1,2})\s*[.．、]\s*(\S.*)$")
_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:省|市|区|县|旗|镇|乡))")
_BARE_LEVEL = re.compile(r"^[省市区县镇乡](?:人民政府|政府|委|党委|人大|纪委|办)")


@dataclass
class NoticeResult:
    notice: Notice
    body_start: int  # index of the first paragraph of the plan itself
    skip: set[int] = field(default_factory=set)  # indexes of the 附件 list and the 版记
    reviews: list[Review] = field(default_factory=list)


def parse_date(text: str) -> date | None:
    """2018年4月3日, 二〇一八年四月三日, 2018-04-09 → date."""
    text = fold(text)
    match = _DATE_LINE.match(text)
    if match:
        year = "".join(str(CN_DIGITS.get(c, c)) for c in match[1])
        month, day = (int(v) if v.isdigit() else cn_number(v) for v in (match[2], match[3]))
        return _safe_date(int(year), month or 0, day or 0)
    match = _ISO.search(text)
    return _safe_date(int(match[1]), int(match[2]), int(match[3])) if match else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def normalise_doc_number(text: str) -> str:
    """焦示城创指[2018]6号, （2018）, 〔 2018 〕第6号 → 焦示城创指〔2018〕6号."""
    match = DOC_NUMBER.search(fold(text))
    if not match:
        return ""
    prefix = re.sub(r"\s+", "", text[match.start() : match.start(1)]).rstrip("〔[［【(（")
    return f"{prefix}〔{match[1]}〕{match[2]}号"


def web_fields(paragraphs: list[Paragraph]) -> dict[str, tuple[str, int]]:
    """索引号 / 发布机构 / 发文日期 / 文号 … as a web page lists them above the title."""
    out: dict[str, tuple[str, int]] = {}
    for p in paragraphs[:HEAD_LINES]:
        matches = list(_FIELD.finditer(p.text))
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(p.text)
            value = re.split(r"\s{2,}", p.text[match.end() : end].strip())[0].strip()
            name = re.sub(r"\s+", "", match.group(1))
            if value and name not in out:
                out[name] = (value, p.no)
    return out


def read_notice(paragraphs: list[Paragraph]) -> NoticeResult:
    notice = Notice()
    result = NoticeResult(notice, 0)
    fields = web_fields(paragraphs)
    texts = [squeeze(p.text) for p in paragraphs]
    head = min(len(paragraphs), HEAD_LINES)

    title_at = _notice_title(texts, head, notice)
    date_at = _signature_and_date(paragraphs, texts, title_at, head, notice, result)
    if not notice.issued_on:
        for name in ("成文日期", "发文日期", "发布日期", "公开日期"):
            if name in fields and parse_date(fields[name][0]):
                notice.issued_on = parse_date(fields[name][0])
                notice.sources["issued_on"] = fields[name][1]
                break
    number_field = fields.get("文号") or fields.get("发文字号")
    if number_field and normalise_doc_number(number_field[0]):
        notice.doc_number = normalise_doc_number(number_field[0])
        notice.sources["doc_number"] = number_field[1]
    else:
        # above the title (GB/T 9704), or on a line of its own anywhere in the notice (web pages move it)
        limit = date_at if date_at is not None else min(head, 15)
        for i in range(limit):
            number = normalise_doc_number(texts[i])
            standalone = number and len(key(texts[i])) <= len(number) + 6
            if number and (standalone or (title_at is not None and i <= title_at)) and not texts[i].startswith("根据"):
                notice.doc_number = number
                notice.sources["doc_number"] = paragraphs[i].no
                break
    _complete_issuer(notice, fields, result)
    _recipients_and_body(paragraphs, texts, title_at, date_at, notice)
    result.body_start = _plan_start(paragraphs, texts, title_at, date_at, notice)
    _attachments_and_print(paragraphs, texts, notice, result)
    _review_missing(notice, result)
    return result


def _notice_title(texts: list[str], head: int, notice: Notice) -> int | None:
    """关于…的通知, joined when the issuer or the title wraps onto two lines; returns its last line."""
    for i in range(head):
        line = _unwrap_title(texts[i])
        if "关于" not in line or len(line) > 120 or line.startswith(("根据", "按照", "为")):
            continue
        end, title = i, line
        while not title.endswith(_TITLE_END) and end + 1 < head and len(title) < 120 and texts[end + 1]:
            end += 1
            title += texts[end]
        if not title.endswith(_TITLE_END) or title.endswith("公示"):
            continue
        j = i - 1
        while j >= 0 and not texts[j]:
            j -= 1
        before = texts[j] if j >= 0 else ""
        if title.startswith("关于") and before and is_unit_like(before) and len(before) <= 40:
            title = before + title
        notice.notice_title = title
        notice.issuer = title.split("关于", 1)[0]
        notice.plan_title = _printed_title(title, texts[end + 1 : end + 12])
        notice.sources["notice_title"] = i
        return end
    return None


def _unwrap_title(line: str) -> str:
    """《北京市人民政府办公厅关于印发〈…〉的通知》 as a web page quotes it → the title itself."""
    if line.startswith("《") and line.endswith("》") and "关于" in line:
        return line[1:-1]
    return line


def _printed_title(title: str, following: list[str]) -> str:
    """The plan a notice issues: 《…》 in a notice sentence that 印发 it, else from the title (印发《…》的通知)."""
    for line in following:
        if "印发" not in line and "印送" not in line:
            continue
        for found in re.finditer(r"《(.+?)》", line.replace("<", "〈").replace(">", "〉")):
            name = found.group(1)
            if not name.endswith(("通知", "意见", "决定")) and line.find("印发", found.end()) != -1:
                return name.replace("〈", "《").replace("〉", "》")
    whole = re.search(r"(?:印发|转发|发布)[《〈]([^《》〈〉]+)[》〉]的(?:通知|决定)$", title)
    if whole:
        return whole.group(1)
    printed = re.search(r"(?:印发|转发|发布)(.+?)的(?:通知|决定)$", title)
    text = printed.group(1) if printed else ""
    return text.replace("〈", "《").replace("〉", "》")


def _signature_and_date(paragraphs, texts, title_at, head, notice: Notice, result: NoticeResult) -> int | None:
    """The 成文日期 line closing the notice, and the signature above it."""
    start = title_at + 1 if title_at is not None else 0
    for i in range(start, min(len(texts), start + HEAD_LINES)):
        if not _DATE_LINE.match(fold(texts[i])):
            continue
        notice.issued_on = parse_date(texts[i])
        notice.sources["issued_on"] = paragraphs[i].no
        j = i - 1
        while j > start and not texts[j]:
            j -= 1
        signature = texts[j] if j > start else ""
        if signature and is_unit_like(signature) and re.fullmatch(r"[\u4e00-\u9fff（）()]+", signature):
            if not notice.issuer or key(signature).endswith(key(notice.issuer)) or len(signature) > len(notice.issuer):
                notice.issuer = signature
                notice.sources["issuer"] = paragraphs[j].no
        elif signature and len(signature) <= 30 and not signature.endswith(("。", "：", ":")):
            result.reviews.append(
                Review(
                    "issuer-garbled",
                    NEEDS_REVIEW,
                    f"署名「{signature}」不像机关名称（网页转换时可能被替换），已忽略；发文机关取自标题，请核对。",
                    "方案信息",
                    paragraphs[j].no,
                )
            )
        return i
    return None


def _complete_issuer(notice: Notice, fields: dict, result: NoticeResult) -> None:
    """区政府办公室 in a title, 海陵区政府 as the page's 发布机构 → 海陵区政府办公室."""
    if not notice.issuer:
        for name in ("发文机关", "发文单位"):
            if name in fields:
                notice.issuer = fields[name][0]
                notice.sources["issuer"] = fields[name][1]
        if not notice.issuer:
            return
    if not _BARE_LEVEL.match(notice.issuer):
        return
    for source in (fields.get("发布机构", ("", 0))[0], notice.plan_title):
        place = _PLACE.match(source or "")
        if place and place.group(1).endswith(notice.issuer[0]) and len(place.group(1)) > 1:
            completed = place.group(1) + notice.issuer[1:]
            result.reviews.append(
                Review(
                    "issuer-completed",
                    NEEDS_REVIEW,
                    f"标题中的发文机关「{notice.issuer}」未写地名，已补全为「{completed}」，请核对全称。",
                    "方案信息",
                )
            )
            notice.issuer = completed
            return


def _recipients_and_body(paragraphs, texts, title_at, date_at, notice: Notice) -> None:
    first = title_at + 1 if title_at is not None else 0
    end = date_at if date_at is not None else min(len(texts), first + 12)
    for i in range(first, end):
        line = texts[i]
        if (
            line.endswith(("：", ":"))
            and len(line) <= 150
            and not line.startswith(("附件", "根据"))
            and not _FIELD.search(line)
            and re.search(r"[、，,]|各|有关", line)
        ):
            notice.recipients = line[:-1]
            notice.sources["recipients"] = paragraphs[i].no
            body = [t for t in texts[i + 1 : end] if t]
            while body and (is_unit_like(body[-1]) or (len(body[-1]) < 20 and "。" not in body[-1])):
                body.pop()  # the signature, or a line the page garbled in its place
            notice.notice_body = "\n".join(body)
            return


def _plan_start(paragraphs, texts, title_at, date_at, notice: Notice) -> int:
    """After the plan's own title line(s); the notice and the web page header come before it."""
    from generator.plan.importer.headings import label_of

    first_label = next((i for i, t in enumerate(texts) if t and label_of(t)), len(texts))
    floor = max(x for x in (date_at, title_at, -1) if x is not None) + 1
    wanted = key(notice.plan_title)
    found = None
    for i in range(floor, first_label):
        if not texts[i]:
            continue
        joined = texts[i]
        for j in range(i, min(i + 3, first_label)):
            if j > i:
                if not texts[j]:
                    break
                joined += texts[j]
            if wanted and key(joined) == wanted:
                found = j
            elif not wanted and _looks_like_plan_title(joined):
                found = j
                notice.plan_title = joined
                wanted = key(joined)
    if found is None and not notice.plan_title:
        for i in range(0, first_label):
            if _looks_like_plan_title(texts[i]):
                notice.plan_title, found = texts[i], i
                break
    if notice.plan_title:
        notice.plan_title = squeeze(notice.plan_title)
    return (found + 1) if found is not None else floor


def _looks_like_plan_title(text: str) -> bool:
    text = re.sub(r"[(（]\s*\d{4}\s*[-—–~至]+\s*\d{4}\s*年?\s*[)）]$", "", text)  # 行动方案(2023-2025年)
    return 6 <= len(text) <= 60 and text.endswith(_PLAN_WORDS) and not re.search(r"[，。；：:,]", text)


def _attachments_and_print(paragraphs, texts, notice: Notice, result: NoticeResult) -> None:
    for i, line in enumerate(texts):
        match = _ATTACHMENTS.match(line)
        if match and not notice.attachments:
            result.skip.add(i)
            first = match.group(1).strip()
            item = _LIST_ITEM.match(first)
            if first and not item:
                notice.attachments.append(first)
                continue
            if item:
                notice.attachments.append(item.group(2).strip())
            for j in range(i + 1, min(len(texts), i + 30)):
                if not texts[j]:
                    continue
                nxt = _LIST_ITEM.match(texts[j])
                if not nxt or len(texts[j]) > 60 or "。" in texts[j]:
                    break
                notice.attachments.append(nxt.group(2).strip())
                result.skip.add(j)
        printed = _PRINTED.match(line)
        if printed:
            notice.print_office = printed.group(1).strip()
            notice.printed_on = parse_date(printed.group(2))
            result.skip.add(i)
        if line.startswith(("抄送：", "抄送:")):
            notice.cc = line[3:].strip()
            result.skip.add(i)


def _review_missing(notice: Notice, result: NoticeResult) -> None:
    for value, what, code in (
        (notice.issuer, "发文机关", "issuer-missing"),
        (notice.doc_number, "发文字号", "doc-number-missing"),
        (notice.issued_on, "成文日期（或发布日期）", "date-missing"),
        (notice.plan_title, "方案名称", "title-missing"),
    ):
        if not value:
            level = NEEDS_REVIEW if code in ("date-missing", "title-missing", "issuer-missing") else NOTE
            result.reviews.append(Review(code, level, f"文中未找到{what}，请在「方案信息」中填写。", "方案信息"))
