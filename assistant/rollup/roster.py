"""The roster: which units a government expects reports from, and matching reports to them.

Units are matched by agency name, tolerant of the variants real reports use: a county prefix
or none ("临川县住建局" / "县住建局" / "住建局"), short forms ("住建局" for
"住房和城乡建设局"), "XX镇人民政府" for "XX镇", full- and half-width brackets.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import NianbaoError
from assistant.ledger.reading import Column, Layout, read_table


class UnitKind(StrEnum):
    DEPARTMENT = "部门"
    TOWN = "乡镇"
    OTHER = "其他"


class RosterUnit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="单位名称")
    kind: UnitKind = Field(description="部门 / 乡镇 / 其他")
    parent: str | None = Field(default=None, description="上级单位")
    row: int = Field(description="花名册中的行号")


ROSTER = Layout("花名册", (
    Column("name", "单位名称", ("单位", "名称")),
    Column("kind", "类型", ("单位类型", "类别"), required=False),
    Column("parent", "上级", ("上级单位", "隶属"), required=False),
))
_KINDS = {"部门": UnitKind.DEPARTMENT, "乡镇": UnitKind.TOWN, "乡": UnitKind.TOWN,
          "镇": UnitKind.TOWN, "街道": UnitKind.TOWN, "其他": UnitKind.OTHER}


def read_roster(path: Path) -> list[RosterUnit]:
    """Read a roster (.csv in UTF-8/GB18030 or .xlsx) with columns 单位名称, 类型, 上级; the
    sheet is read by the ledger's reader (header found by name, spreadsheet row numbers)."""
    table = read_table(path, ROSTER)
    units: list[RosterUnit] = []
    seen: dict[str, int] = {}
    problems: list[str] = []
    for row in table.rows:
        name, kind_value, parent = ("" if v is None else str(v).strip() for v in row.values)
        if not name:
            continue
        kind_text = kind_value or "部门"
        kind = _KINDS.get(kind_text)
        if kind is None:
            problems.append(f"第{row.number}行：类型“{kind_text}”无法识别，应为 部门、乡镇 或 其他")
            continue
        if name in seen:
            problems.append(f"第{row.number}行：单位“{name}”与第{seen[name]}行重复")
            continue
        seen[name] = row.number
        units.append(RosterUnit(name=name, kind=kind, parent=parent or None, row=row.number))
    if problems:
        raise NianbaoError(f"花名册 {path.name} 有误：" + "；".join(problems))
    if not units:
        raise NianbaoError(f"花名册 {path.name} 中没有任何单位")
    return units


# --- name matching ------------------------------------------------------------------------------

# Short forms seen in county reports, longest first so that 发改委 wins over 发改.
_SHORT_FORMS = (
    ("人社", "人力资源和社会保障"), ("住建", "住房和城乡建设"), ("发改", "发展和改革"),
    ("卫健", "卫生健康"), ("市监", "市场监督管理"), ("自规", "自然资源和规划"),
    ("文旅", "文化广电和旅游"), ("文广旅", "文化广电和旅游"), ("农业局", "农业农村局"),
    ("交通局", "交通运输局"), ("应急局", "应急管理局"), ("医保局", "医疗保障局"),
    ("退役军人局", "退役军人事务局"), ("城管局", "城市管理局"), ("环保局", "生态环境局"),
    ("政务办", "政务服务管理办公室"), ("数据局", "数据局"), ("统计局", "统计局"),
)
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:自治县|自治旗|县|区|市|旗)(?=[\u4e00-\u9fff]{2,})")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def _expand(name: str) -> str:
    for short, full in sorted(_SHORT_FORMS, key=lambda p: -len(p[0])):
        if short in name and full not in name:
            name = name.replace(short, full)
    return name


def normalize_name(name: str, place: str = "") -> str:
    """A comparable form of a unit name: no spaces or brackets, short forms expanded,
    the government's own place name (e.g. 临川县) or a bare 县/区/市 prefix removed,
    "XX镇人民政府" reduced to "XX镇"."""
    text = unicodedata.normalize("NFKC", name)
    text = _BRACKETED.sub("", re.sub(r"\s+", "", text))
    if place and text.startswith(place):
        text = text[len(place):]
    elif text[:1] in "县区市" and len(text) > 3:
        text = text[1:]
    elif not place:
        text = _PLACE.sub("", text)
    # With a known place, another place's prefix (邻县教育局) stays: it is another unit.
    text = re.sub(r"人民政府$", "", text) if re.search(r"(镇|乡|街道)人民政府$", text) else text
    text = re.sub(r"办事处$", "", text)
    return _expand(text)


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def name_similarity(a: str, b: str) -> float:
    """0..1: how likely two normalised names denote the same unit."""
    if a == b:
        return 1.0
    if not a or not b or a[-1] != b[-1]:  # 局 is never 镇: different kinds of unit
        return 0.0
    common = len(set(a) & set(b)) / min(len(set(a)), len(set(b)))
    if common < 0.5:
        return common / 2
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    short, long = sorted((a, b), key=len)
    foreign_place = _PLACE.match(long) is not None and _PLACE.match(short) is None
    if not foreign_place and _is_subsequence(short, long):
        ratio = max(ratio, 0.6 + 0.4 * len(short) / len(long))
    return ratio


class MatchMethod(StrEnum):
    EXACT = "exact"  # the same name, up to spaces and character width
    VARIANT = "variant"  # the same after prefixes and short forms are normalised
    SIMILAR = "similar"  # similar enough (similarity score above the threshold)


class Match(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit: str
    candidate: str  # the report's agency name (or file name)
    method: MatchMethod
    score: float

    @property
    def fuzzy(self) -> bool:
        return self.method is not MatchMethod.EXACT


def _plain(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


FUZZY_THRESHOLD = 0.75


def match_names(units: list[str], candidates: list[str], place: str = "") -> dict[int, Match]:
    """Assign candidates (by index) to roster units: exact matches of the normalised names
    first, then the best fuzzy pairs above the threshold among what is left; each unit and
    each candidate is used once."""
    norm_units = [normalize_name(u, place) for u in units]
    norm_cands = [normalize_name(c, place) for c in candidates]
    taken_units: set[int] = set()
    result: dict[int, Match] = {}
    # Identical names first, then names identical once normalised, then similar names.
    for method, unit_keys, cand_keys in (
        (MatchMethod.EXACT, [_plain(u) for u in units], [_plain(c) for c in candidates]),
        (MatchMethod.VARIANT, norm_units, norm_cands),
    ):
        by_name: dict[str, list[int]] = {}
        for ui, key in enumerate(unit_keys):
            if ui not in taken_units:
                by_name.setdefault(key, []).append(ui)
        for ci, key in enumerate(cand_keys):
            free = [ui for ui in by_name.get(key, ()) if ui not in taken_units]
            if ci not in result and free:
                taken_units.add(free[0])
                result[ci] = Match(unit=units[free[0]], candidate=candidates[ci], method=method, score=1.0)
    left_units = [ui for ui in range(len(units)) if ui not in taken_units]
    left_cands = [ci for ci in range(len(candidates)) if ci not in result]
    scored = sorted(
        ((name_similarity(norm_units[ui], norm_cands[ci]), ui, ci)
         for ui in left_units for ci in left_cands),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for score, ui, ci in scored:
        if score < FUZZY_THRESHOLD:
            break
        if ui in taken_units or ci in result:
            continue
        taken_units.add(ui)
        result[ci] = Match(unit=units[ui], candidate=candidates[ci], method=MatchMethod.SIMILAR,
                           score=round(score, 3))
    return result
