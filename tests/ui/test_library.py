"""Starting reports and explaining cells, as the UI does it (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import NianbaoError
from assistant.findings import SectionKey
from assistant.services import ChatSession, Library, explanation_text
from tests.ledger.sheets import APP_HEADER, write_csv
from ui.table_views import cell_inspector
from ui.views import review_html

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "jinghe-gongyeyuanqu-2021.txt"
LEDGER_ROWS = [
    ("2024-001", "2024-01-05", "自然人", "2024-01-20", "予以公开", None),
    ("2024-002", "2024-02-05", "自然人", "2024-02-20", "部分公开", None),
    ("2024-003", "2024-03-05", "商业企业", "2024-03-20", "予以公开", None),
    ("2024-004", "2024-12-28", "自然人", None, None, None),
    ("2024-005", "2024-13-01", "外星人", None, None, None),
]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "reports")


def test_import_then_start_next_year(library: Library) -> None:
    started = library.import_report(SEED)
    assert started.key == "精河工业园区管理委员会/2021"
    assert "已导入" in started.notes[0]
    with pytest.raises(NianbaoError, match="已存在"):
        library.import_report(SEED)
    following = library.start_from_previous(SEED)
    current = library.get(following.key)
    assert current.report.meta.year == 2022 and current.previous is not None
    assert next(label for label, _ in library.choices()).startswith("精河工业园区管理委员会")


def test_ledger_start_lists_problems_and_explains_cells(library: Library, tmp_path: Path) -> None:
    ledger = write_csv(tmp_path / "申请台账.csv", APP_HEADER, LEDGER_ROWS)
    started = library.start_from_ledger(ledger, agency="青溪县教育局", year=2024)
    assert any("台账问题" in n and "申请台账.csv" in n for n in started.notes), started.notes
    current = library.get(started.key)
    assert current.report.cell("t3.new.natural") == 3
    why = explanation_text(current, "t3.new.natural")
    assert why is not None and "第2行" in why and "申请台账.csv" in why
    shown = cell_inspector(current, "t3.new.natural")
    assert "为什么是这个数" in shown and "t3.new.natural" in shown and "申请台账.csv" in shown


def test_blank_report_needs_an_agency(library: Library) -> None:
    with pytest.raises(NianbaoError, match="机关名称"):
        library.start_blank("  ", 2024)
    key = library.start_blank("临川县民政局", 2024).key
    html = review_html(library.get(key).review(), library.get(key).report)
    assert "nb-review" in html or "没有发现问题" in html


def test_proposals_are_applied_only_when_accepted(library: Library,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NIANBAO_LLM", "NIANBAO_LLM_BASE_URL"):
        monkeypatch.delenv(name, raising=False)  # the template drafter
    key = library.import_report(SEED).key
    service = ChatSession(library)
    before = library.get(key).report.text(SectionKey.PROBLEMS)
    answers = list(service.ask(key, "帮我起草第五部分"))
    proposal = answers[-1].proposal
    assert proposal is not None and service.proposal(key) == proposal
    assert library.get(key).report.text(SectionKey.PROBLEMS) == before
    service.accept(key)
    assert library.get(key).report.text(SectionKey.PROBLEMS) == proposal.after
    notes = [v.note for v in library.get(key).folder.versions()]
    assert any(n.startswith("接受") for n in notes) and any(n.endswith("之前") for n in notes)
    with pytest.raises(NianbaoError, match="没有待确认的修改"):
        service.accept(key)
