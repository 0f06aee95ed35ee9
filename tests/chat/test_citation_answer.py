"""“这句引用对吗”: every citation of the selection answered verified, wrong or not verifiable."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from assistant.chat import ChatContext, respond, route
from assistant.citations.local_rules import add_rule
from assistant.drafting.verify import with_draft
from assistant.findings import SectionKey
from assistant.report import Report
from testdata.synth import synthetic_report

SENTENCE = (
    "依据《中华人民共和国政府信息公开条例》第五十条第（三）项和《政府信息公开信息处理费管理办法》第五条，"
    "按照《国务院办公厅关于印发2021年政务公开工作要点的通知》（国办发〔2021〕12号）要求，"
    "参照《上海市政府信息公开规定》第三十条，以及《条例》第七十条。"
)
FIXTURE = Path(__file__).parent.parent / "fixtures" / "corpus" / "shanghai-guiding-fixture.txt"


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    return synthetic_report(random.Random(11), agency="上海市某区民政局", year=2021)


def _answer(report: Report, selection: str) -> str:
    answers = list(respond(route("这句引用对吗", selection=selection), ChatContext(report)))
    return answers[-1].text


def test_the_answer_counts_and_names_each_outcome(report: Report) -> None:
    text = _answer(report, SENTENCE)
    assert "5 处引用：3 处已核对、1 处有误、1 处无法核对（法规库中没有《上海市政府信息公开规定》）" in text
    assert text.count("- ✓ ") == 3 and text.count("- ✗ ") == 1 and text.count("- ？ ") == 1
    assert "国办发〔2021〕12号" in text and "因政府信息公开工作被申请行政复议" in text
    assert "没有第七十条" in text


def test_an_abbreviation_declared_in_the_report_resolves_to_an_added_rule(report: Report) -> None:
    add_rule(FIXTURE, title="上海市政府信息公开规定", effective=date(2020, 8, 1))
    overview = report.text(SectionKey.OVERVIEW)
    report = with_draft(report, SectionKey.OVERVIEW,
                        "本机关根据《上海市政府信息公开规定》（以下简称《规定》）做好公开工作。" + overview)
    text = _answer(report, "按照《规定》第三十条，延期答复2件。")
    assert "1 处引用：1 处已核对" in text and "20个工作日内予以答复" in text
