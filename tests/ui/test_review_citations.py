"""The 审核 tab's 引用核对 block (no browser): citations counted apart, the unverified ones named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.services import Library
from assistant.workspace import OpenReport
from ui.review_tab import citation_panel

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.fixture
def current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> OpenReport:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    upload = tmp_path / "upload" / "平潭2021.txt"
    upload.parent.mkdir()
    shutil.copyfile(SAMPLES / "pingtan-zone-2021.txt", upload)
    library = Library(tmp_path / "data" / "reports")
    return library.get(library.import_report(upload).key)


def test_the_panel_counts_citations_and_names_what_the_corpus_lacks(current: OpenReport) -> None:
    panel = citation_panel(current)
    head = panel.splitlines()[0]
    assert head.startswith("**引用核对**：") and "处已核对、0 处有误、5 处无法核对" in head
    assert "法规库中没有《福建省人民政府办公厅关于编制公布2021年政府信息公开工作年度报告有关事项的通知》" in head
    assert panel.count("- ？ 无法核对（") == 5
    assert "<summary>已核对（2）</summary>" in panel and "《中华人民共和国政府信息公开条例》" in panel
    assert "cite." not in panel  # rules are named in words, codes stay out of sight
