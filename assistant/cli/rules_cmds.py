"""`nianbao rules`: every rule code, its severity, what it rests on and what it says."""

from __future__ import annotations

import argparse
import json
from collections import Counter

from assistant.checks.rules import RULES, Rule, SourceKind, severity_of
from assistant.errors import NianbaoError
from assistant.findings import Severity
from assistant.names import FAMILY_NAMES
from assistant.settings import RULE_SEVERITY

SEVERITY_NAMES = {Severity.ERROR: "错误", Severity.WARNING: "提示"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    r = sub.add_parser(
        "rules", help="列出全部规则：代码、严重程度、依据和说明",
        description="列出核对、解析、引用核对、起草和台账的全部规则代码，各自的严重程度（错误/提示）、"
                    f"依据（条例、年报格式、处理费办法、司法解释、国家标准或实务）和说明。依据为实务的规则，"
                    f"本单位可用环境变量 {RULE_SEVERITY} 调整其严重程度。",
    )
    r.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    r.add_argument("--family", metavar="F", help="只列出一类规则，如 t3、text、cite、draft")
    r.set_defaults(func=_rules)


def selected(family: str | None) -> list[Rule]:
    """The rules of ``family`` (all when ``None``), family by family in the registry's order."""
    families = list(dict.fromkeys(rule.family for rule in RULES.values()))
    rules = sorted(RULES.values(), key=lambda rule: families.index(rule.family))
    if family is None:
        return rules
    wanted = family.strip().rstrip(".")
    chosen = [rule for rule in rules if rule.family == wanted]
    if not chosen:
        known = "、".join(dict.fromkeys(rule.family for rule in rules))
        raise NianbaoError(f"没有“{family}”类规则：应为 {known} 之一")
    return chosen


def as_json(rule: Rule) -> dict[str, object]:
    now = severity_of(rule.code) or rule.severity
    return {
        "code": rule.code,
        "family": rule.family,
        "severity": rule.severity.value,
        "configured_severity": now.value,
        "severity_note": rule.severity_note or None,
        "description": rule.description,
        "source": {"kind": rule.source.kind.value, "clause": rule.source.clause,
                   "quote": rule.source.quote or None},
        "adjustable": rule.source.adjustable,
    }


def _severity_text(rule: Rule) -> str:
    now = severity_of(rule.code) or rule.severity
    if now is not rule.severity:
        return f"{SEVERITY_NAMES[now]}（本单位设置，原为{SEVERITY_NAMES[rule.severity]}）"
    return SEVERITY_NAMES[rule.severity]


def as_text(rules: list[Rule]) -> str:
    lines: list[str] = []
    family = None
    for rule in rules:
        if rule.family != family:
            family = rule.family
            if lines:
                lines.append("")
            lines.append(f"【{FAMILY_NAMES.get(family, family)}】（{family}）")
        lines.append(f"{rule.code}　{_severity_text(rule)}　{rule.description}")
        lines.append(f"    依据（{rule.source.kind.value}）：{str(rule.source).removeprefix('实务：')}")
        if rule.severity_note:
            lines.append(f"    另：{rule.severity_note}")
    counts = Counter(rule.source.kind for rule in rules)
    by_kind = "、".join(f"{kind.value} {counts[kind]} 条" for kind in SourceKind if counts[kind])
    lines += ["", f"共 {len(rules)} 条规则：{by_kind}。依据为实务的规则可用环境变量 {RULE_SEVERITY} 调整严重程度"
                  "（如 struct.placeholder=warning）；依据条例、年报格式、国家标准等的规则不能调整。"]
    return "\n".join(lines)


def _rules(args: argparse.Namespace) -> int:
    rules = selected(args.family)
    if args.format == "json":
        print(json.dumps([as_json(rule) for rule in rules], ensure_ascii=False, indent=2))
    else:
        print(as_text(rules))
    return 0
