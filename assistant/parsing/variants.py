"""Printed variants of the row labels of 表二 and 表三, as data.

Each row is recognised by any of a few short *cores* of its label: the national form's own
wording first, then the shortenings and misprints seen in published reports and in text that
PDF viewers and converters produce. A core is plain text; :func:`assistant.parsing.labels.loose`
makes it tolerant of spaces, line breaks, bracket widths and quote styles, so those need no
variant of their own. Keep cores distinctive: a core must not occur in another row's label
of the same table (``tests/parsing/test_converted_text.py`` checks that).
"""

from __future__ import annotations

# 表三, 2021 and 2019 formats (row key -> cores, the form's wording first).
T3_CORES: dict[str, tuple[str, ...]] = {
    "new": ("本年新收", "本年度新收"),
    "carried_in": ("上年结转", "上年度结转"),
    "public": ("予以公开",),
    "partial": ("部分公开",),
    "withheld_1": ("国家秘密",),
    # "2.其他法律行政止公开" (淮安市洪泽区 2024, a character dropped)
    "withheld_2": ("禁止公开", "行政止公开", "法律行政法规", "法规禁止"),
    "withheld_3": ("三安全一稳定", "三安全", "一稳定"),
    "withheld_4": ("第三方合法权益", "保护第三方", "第三方权益"),
    "withheld_5": ("内部事务信息", "三类内部事务", "内部事务"),
    "withheld_6": ("过程性信息", "四类过程性", "过程信息"),
    "withheld_7": ("行政执法案卷", "执法案卷"),
    "withheld_8": ("行政查询事项", "行政查询"),
    # "1.本机关不掌握相关信息", "1.不掌握相关政府信息"
    "unable_1": ("不掌握相关政府信息", "不掌握相关信息", "本机关不掌握", "不掌握"),
    "unable_2": ("没有现成信息", "无现成信息", "另行制作"),
    "unable_3": ("补正后申请内容仍不明确", "补正后仍不明确", "申请内容仍不明确",
                 "申请内容不明确"),
    "not_processed_1": ("信访举报投诉", "信访、举报、投诉", "信访举报", "举报投诉"),
    "not_processed_2": ("重复申请",),
    "not_processed_3": ("公开出版物", "出版物"),
    "not_processed_4": ("大量反复申请", "大量反复", "反复申请"),
    "not_processed_5": ("重新出具已获取信息", "重新出具", "已获取信息", "确认或重新"),
    "other_1": ("逾期不补正", "不补正"),
    "other_2": ("收费通知", "缴纳费用"),
    "carried_out": ("结转下年度", "结转下一年度", "结转下年"),
}

# 表二 (both formats).
T2_CORES: dict[str, tuple[str, ...]] = {
    "rules": ("规章",),
    "normative": ("规范性文件",),
    "licensing": ("行政许可",),
    "other_services": ("对外管理服务事项", "对外管理服务"),
    "penalty": ("行政处罚",),
    "coercion": ("行政强制",),
    "fees": ("事业性收费", "行政收费"),
    "procurement": ("集中采购",),
}

# Header cells that PDF converters print instead of the form's column labels.
PLACEHOLDER_HEADERS: tuple[str, ...] = (
    r"(?:数据|数值|列|栏|字段|Column|column|Col|col|data|Data)\s*_?\s*\d{1,2}",
    r"类别|项目|指标|内容|名称|序号",
)
