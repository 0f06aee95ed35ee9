"""Passages for a draft: exact corpus lookups, and hybrid search over regulations and past reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.drafting import corpus_passages, draft_section, search_finder
from assistant.facts import build_facts
from assistant.findings import SectionKey
from assistant.parsing import parse_file
from assistant.retrieval.ingest import ingest_paths
from assistant.retrieval.store import Index
from tests.drafting.conftest import Recorder, dumps, scripted


@pytest.mark.parametrize(("section", "ids"), [
    (SectionKey.PROBLEMS, {"tiaoli-2019.a50"}),
    (SectionKey.OTHER, {"tiaoli-2019.a50", "chulifei-2020.a2"}),
    (SectionKey.OVERVIEW, {"tiaoli-2019.a50"}),
])
def test_corpus_passages_of_each_section(section: SectionKey, ids: set[str]) -> None:
    found = corpus_passages(section, 2023)
    assert ids <= {p.id for p in found}
    notice = [p for p in found if p.id.startswith("geshi-2021.")]
    assert len(notice) == 1  # the format notice's paragraph on this section
    older = corpus_passages(section, 2020)
    assert any(p.id.startswith("geshi-2019.") for p in older)  # the 2019 notice was in force in 2020


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, samples_dir_module: Path) -> Iterator[Index]:
    built = Index.open(tmp_path_factory.mktemp("draft-index"))
    built.ensure_regulations()
    ingest_paths(built, [samples_dir_module / "shuyang-fgj-2023.html", samples_dir_module / "pingtan-zone-2021.txt"],
                 agency="平潭综合实验区")
    yield built
    built.close()


@pytest.fixture(scope="module")
def samples_dir_module() -> Path:
    return Path(__file__).parent.parent / "fixtures" / "samples"


def test_search_adds_regulations_and_other_agencies_exemplars(index: Index, samples_dir_module: Path) -> None:
    report = parse_file(samples_dir_module / "pingtan-zone-2022.txt")
    sheet = build_facts(report)
    found = search_finder(index, k=3, exemplars=2)(SectionKey.PROBLEMS, sheet)
    exemplars = [p for p in found if p.kind == "exemplar"]
    assert exemplars and all("平潭" not in p.title for p in exemplars)  # never the agency's own last year
    assert any("沭阳" in p.title for p in exemplars)
    assert len({p.id for p in found if p.kind == "regulation"}) >= 2


def test_exemplars_are_shown_to_the_model_for_style_only(index: Index, samples_dir_module: Path) -> None:
    report = parse_file(samples_dir_module / "pingtan-zone-2022.txt")
    recorder = Recorder()
    model = scripted([dumps({"fee": [], "other": []})], recorder)
    draft = draft_section(report, "六", model=model, finder=search_finder(index, k=2, exemplars=1))
    sent = recorder.text(0)
    exemplar = next(p for p in draft.facts.passages if p.kind == "exemplar")
    assert exemplar.text[:20] in sent
    assert "范文片段】（只学习写法，不得使用其中的数字和事项）" in sent
    assert "信息处理费" in draft.text  # the model wrote nothing: the template's gap sentence
