"""Numbers in narrative text, and prompt files with checked placeholders."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.drafting.numbers import MentionKind, matches, number_mentions
from assistant.drafting.pipeline import PROMPTS, prompt_values
from assistant.drafting.prompts import PromptError, load_prompt, parse_prompt
from assistant.facts import FactsSheet
from assistant.findings import SectionKey


@pytest.mark.parametrize(("text", "found"), [
    ("全年共收到申请75件，办结率100%。", [("75", MentionKind.QUANTITY), ("100%", MentionKind.PERCENT)]),
    ("2023年，本机关收费９１１６.３６万元。", [("2023", MentionKind.YEAR), ("９１１６.３６", MentionKind.QUANTITY)]),
    ("根据《条例》第50条和国办公开办函〔2021〕30号、国务院令第711号。", []),
    ("统计期限为2023年1月1日至2023年12月31日。", [("2023", MentionKind.YEAR), ("2023", MentionKind.YEAR)]),
    ("2024年6月底前完成，依据《2023年政务公开工作要点》。", [("2024", MentionKind.YEAR)]),
    ("联系电话0591-23165385，邮编：350400。", []),
    ("共主动公开政府信息14,571条。", [("14,571", MentionKind.QUANTITY)]),
])
def test_number_mentions(text: str, found: list[tuple[str, MentionKind]]) -> None:
    mentions = number_mentions(text)
    assert [(m.text, m.kind) for m in mentions] == found
    for mention in mentions:
        assert text[mention.span[0]:mention.span[1]] == mention.text


def test_percentages_match_as_rounded() -> None:
    [mention] = number_mentions("占28.4%")
    assert matches(mention, Decimal("28.35"), percent=True)
    assert matches(mention, Decimal("28.4"), percent=True)
    assert not matches(mention, Decimal("28.6"), percent=True)
    assert not matches(mention, Decimal("28.4"), percent=False)
    [whole] = number_mentions("共28件")
    assert matches(whole, Decimal(28), percent=False) and not matches(whole, Decimal(28), percent=True)


@pytest.mark.parametrize("name", [*PROMPTS.values(), "repair_sentence", "polish_sentence"])
def test_every_prompt_file_loads(name: str) -> None:
    prompt = load_prompt(name)
    assert prompt.ref.startswith(f"{name}.v") and prompt.version >= 1
    assert prompt.system and prompt.user


@pytest.mark.parametrize("section", list(PROMPTS))
def test_draft_prompts_render_with_the_pipelines_values(sheet: FactsSheet, section: SectionKey) -> None:
    system, user = load_prompt(PROMPTS[section]).render(**prompt_values(sheet, section))
    assert "{{" not in system + user and sheet.agency in user


def test_placeholders_are_checked() -> None:
    good = "<!-- placeholders: a, b -->\n## system\n用{{a}}\n## user\n写{{ b }}\n"
    prompt = parse_prompt("demo", 2, good)
    assert prompt.render(a="甲", b="乙") == ("用甲", "写乙")
    with pytest.raises(PromptError, match="缺少"):
        prompt.render(a="甲")
    with pytest.raises(PromptError, match="多出"):
        prompt.render(a="甲", b="乙", c="丙")
    with pytest.raises(PromptError, match="未声明"):
        parse_prompt("demo", 1, "<!-- placeholders: a -->\n## system\n{{a}}\n## user\n{{b}}\n")
    with pytest.raises(PromptError, match="未使用"):
        parse_prompt("demo", 1, "<!-- placeholders: a, z -->\n## system\n{{a}}\n## user\n.\n")
    with pytest.raises(PromptError, match="第一行"):
        parse_prompt("demo", 1, "## system\n.\n## user\n.\n")


def test_highest_version_is_loaded_unless_one_is_named(tmp_path: Path) -> None:
    for version in (1, 3):
        (tmp_path / f"demo.v{version}.md").write_text(
            f"<!-- placeholders: -->\n## system\n第{version}版\n## user\n.\n", encoding="utf-8")
    assert load_prompt("demo", folder=tmp_path).version == 3
    assert load_prompt("demo", 1, folder=tmp_path).system.strip() == "第1版"
    with pytest.raises(PromptError, match="没有第 2 版"):
        load_prompt("demo", 2, folder=tmp_path)
    with pytest.raises(PromptError, match="找不到提示词文件"):
        load_prompt("absent", folder=tmp_path)
