"""Ideas for a measure from other agencies' published 五, found in a real chroma index.

The index (a temp folder, built once for the module) holds the sample reports and one made-up
report whose 五 says what was done last year; no regulations: ideas only read past reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.account.ideas import adopt_idea, ideas_for, ideas_in_folder, same_agency
from assistant.account.model import Idea, Problem, YearAccount
from assistant.findings import SectionKey
from assistant.report import Report
from assistant.retrieval.chunks import Source, report_chunks
from assistant.retrieval.ingest import ingest_paths
from assistant.retrieval.store import Index
from assistant.workspace.editing import section_for_edit

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
PINGTAN = "平潭综合实验区"
INTERPRETATION = "政策解读形式单一，缺少多个角度多种形式的解读"
DONE = "针对上年报告指出的政策解读形式单一问题，我局开设了“图说政策”专栏，全年发布图解解读15篇"
OTHER_FIVE = (f"（一）上年问题整改情况。{DONE}。\n"
              "（二）存在的主要问题：一是依申请公开答复文书说理不够充分。二是政务新媒体更新不够及时。\n"
              "（三）改进措施：一是规范答复文书，逐件说明理由。二是建立政务新媒体更新台账，每周检查。")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("ideas-index")
    with Index.open(path) as index:
        named = [p for p in sorted(SAMPLES.iterdir())
                 if p.suffix in (".txt", ".html") and p.name != "pingtan-zone-2021.txt"]
        ingest_paths(index, named)
        ingest_paths(index, [SAMPLES / "pingtan-zone-2021.txt"], agency=PINGTAN)
        other = Report.blank(agency="临川县教育局", year=2023)
        section_for_edit(other, SectionKey.PROBLEMS).text = OTHER_FIVE
        index.upsert(Source.REPORTS, list(report_chunks(other, source="made-up.txt", file_sha="0" * 64)))
    yield path


@pytest.fixture(scope="module")
def index(folder: Path) -> Iterator[Index]:
    with Index.open(folder) as opened:
        yield opened


def test_ideas_come_from_other_agencies_with_their_passage(index: Index) -> None:
    ideas = ideas_for(index, INTERPRETATION, agency=PINGTAN)
    assert ideas and len(ideas) <= 5
    assert not any(PINGTAN in i.agency for i in ideas)
    assert all("解读" in i.text for i in ideas[:2]), ideas
    agencies = {(i.agency, i.year) for i in ideas}
    assert ("上海市人民政府办公厅", 2019) in agencies and ("临川县教育局", 2023) in agencies
    for idea in ideas:  # the passage id names the chunk that holds the text
        got = index.collection(Source.REPORTS).get(ids=[idea.passage], include=["documents", "metadatas"])
        assert got["ids"] == [idea.passage]
        assert idea.text[:12] in got["documents"][0].replace("\n", "")
        assert got["metadatas"][0]["section"] == SectionKey.PROBLEMS.value


def test_what_another_agency_reports_it_did_is_an_idea(index: Index) -> None:
    ideas = ideas_for(index, INTERPRETATION, agency=PINGTAN)
    assert any(i.text.startswith(DONE[:20]) and i.agency == "临川县教育局" for i in ideas), ideas
    # A problem it names is not offered as something it did.
    assert not any("说理不够充分" in i.text for i in ideas_for(index, "答复文书说理不够充分", agency=PINGTAN))


def test_the_agencys_own_reports_are_left_out_by_a_loose_name(index: Index) -> None:
    assert same_agency(PINGTAN, "平潭综合实验区管理委员会") and not same_agency("平潭", "平潭综合实验区")
    assert not same_agency("", PINGTAN)
    own = ideas_for(index, INTERPRETATION, agency="平潭综合实验区管理委员会")
    assert own and not any(PINGTAN in i.agency for i in own)
    anyone = ideas_for(index, INTERPRETATION, agency="")
    assert any(i.agency == PINGTAN and "丰富政策解读形式" in i.text for i in anyone), anyone


def test_one_idea_per_section_before_a_second(index: Index) -> None:
    ideas = ideas_for(index, INTERPRETATION, agency=PINGTAN, k=2)
    assert len(ideas) == 2 and ideas[0].passage != ideas[1].passage
    assert ideas_for(index, INTERPRETATION, agency=PINGTAN, k=0) == []


def test_nothing_in_common_nothing_returned(index: Index) -> None:
    assert ideas_for(index, "天气晴朗", agency=PINGTAN) == []
    assert ideas_for(index, "  ", agency=PINGTAN) == []


def test_ideas_in_folder(folder: Path, tmp_path: Path) -> None:
    assert ideas_in_folder(tmp_path, INTERPRETATION, agency=PINGTAN) is None  # nothing ingested
    found = ideas_in_folder(folder, INTERPRETATION, agency=PINGTAN, k=3)
    assert found is not None and 0 < len(found) <= 3


def test_adopting_an_idea_starts_a_measure() -> None:
    idea = Idea(agency="上海市人民政府办公厅", year=2019, passage="rpt-abc", text="进一步深化解读回应")
    account = YearAccount(problems=[Problem(id="p1", text="政策解读形式单一")])
    adopted = adopt_idea(account, idea, "p1")
    [measure] = adopted.measures
    assert measure.text == idea.text and measure.problem == "p1" and measure.adopted == idea
    assert measure.id.startswith("m") and measure.id != "p1"
    assert adopt_idea(adopted, idea, "p1") == adopted  # once per problem
    again = adopt_idea(adopted, idea, None)
    assert len(again.measures) == 2 and len({m.id for m in again.measures}) == 2
    assert account.measures == []  # the account given is not changed
