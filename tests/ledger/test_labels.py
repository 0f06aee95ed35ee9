"""Accepted labels map to the canonical 表三/表四 rows and columns; the rest get suggestions."""

from __future__ import annotations

import pytest

from assistant.cells import T3_PART_COLUMNS, FormatVersion, t3_outcome_rows, t3_rows
from assistant.ledger.labels import applicant_types, case_results, case_types, outcomes

OUTCOME_ROWS = t3_outcome_rows(FormatVersion.V2021)
ROWS = {r.key: r for r in t3_rows(FormatVersion.V2021)}


def test_every_outcome_row_has_a_display_label() -> None:
    assert tuple(outcomes().display) == OUTCOME_ROWS
    assert len(OUTCOME_ROWS) == 21


@pytest.mark.parametrize("row", OUTCOME_ROWS)
def test_each_printed_outcome_label_resolves(row: str) -> None:
    spec = ROWS[row]
    vocab = outcomes()
    assert vocab.resolve(vocab.display[row]).key == row
    # As printed on the form, in two cells: "（三）不予公开" + "1.属于国家秘密".
    if spec.group.startswith("（") and spec.group != "三、本年度办理结果":
        assert vocab.resolve(f"{spec.group}{spec.label}").key == row
        assert vocab.resolve(f"{spec.group} - {spec.label}").key == row
        assert vocab.resolve(f"三、本年度办理结果 {spec.group} {spec.label}").key == row
    else:
        assert vocab.resolve(spec.label).key == row


@pytest.mark.parametrize(("text", "row"), [
    ("予以公开", "public"),
    ("（一）予以公开", "public"),
    ("(一)予以公开", "public"),
    ("部分公开", "partial"),
    ("（二）部分公开", "partial"),
    ("不予公开-属于国家秘密", "withheld_1"),
    ("不予公开－属于国家秘密", "withheld_1"),
    ("不予公开/属于国家秘密", "withheld_1"),
    ("（三）不予公开 1.属于国家秘密", "withheld_1"),
    ("(三)不予公开1.属于国家秘密", "withheld_1"),
    ("（三）不予公开１．属于国家秘密", "withheld_1"),
    ("属于国家秘密", "withheld_1"),
    ("危及\"三安全一稳定\"", "withheld_3"),
    ("不予公开：危及三安全一稳定", "withheld_3"),
    ("无法提供-本机关不掌握相关政府信息", "unable_1"),
    ("补正后申请内容仍不明确", "unable_3"),
    ("不予处理 重复申请", "not_processed_2"),
    ("逾期不补正", "other_1"),
    ("逾期未缴费", "other_2"),
    ("其他处理-其他", "other_3"),
    ("（六）其他处理 3.其他", "other_3"),
])
def test_short_and_variant_outcome_forms(text: str, row: str) -> None:
    assert outcomes().resolve(text).key == row


@pytest.mark.parametrize(("text", "suggestion"), [
    ("不予公开", "（三）不予公开 1.属于国家秘密"),
    ("无法提供", "（四）无法提供 1.本机关不掌握相关政府信息"),
    ("其他", "（六）其他处理 3.其他"),
    ("不予公开-国家秘密", "（三）不予公开 1.属于国家秘密"),
    ("同意公开", "（一）予以公开"),
    ("部份公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
])
def test_vague_or_misspelt_outcomes_are_refused_with_a_suggestion(
    text: str, suggestion: str
) -> None:
    found = outcomes().resolve(text)
    assert found.key is None
    assert found.suggestion == suggestion


def test_total_is_not_an_outcome() -> None:
    found = outcomes().resolve("（七）总计")
    assert found.key is None and found.reason and "不是一种办理结果" in found.reason


@pytest.mark.parametrize("column", T3_PART_COLUMNS)
def test_each_applicant_type_resolves(column: str) -> None:
    vocab = applicant_types()
    assert vocab.resolve(vocab.display[column]).key == column


@pytest.mark.parametrize(("text", "column"), [
    ("商业 企业", "commercial"),
    ("法人或其他组织-商业企业", "commercial"),
    ("法人或其他组织·其他", "other_org"),
    ("科研\n机构", "research"),
    ("个人", "natural"),
    ("公民", "natural"),
])
def test_applicant_variants(text: str, column: str) -> None:
    assert applicant_types().resolve(text).key == column


@pytest.mark.parametrize(("text", "suggestion"), [
    ("企业", "商业企业"),
    ("公司", "商业企业"),
    ("律师事务所", "法律服务机构"),
    ("高校", "科研机构"),
    ("公益组织", "社会公益组织"),
])
def test_unknown_applicant_types_get_a_suggestion(text: str, suggestion: str) -> None:
    found = applicant_types().resolve(text)
    assert (found.key, found.suggestion) == (None, suggestion)


def test_legal_person_without_category_is_refused() -> None:
    found = applicant_types().resolve("法人或其他组织")
    assert found.key is None and found.reason and "未写明具体类别" in found.reason


@pytest.mark.parametrize(("text", "group"), [
    ("行政复议", "review"),
    ("复议", "review"),
    ("未经复议直接起诉", "suit_direct"),
    ("行政诉讼-未经复议直接起诉", "suit_direct"),
    ("复议后起诉", "suit_after_review"),
    ("行政诉讼·复议后起诉", "suit_after_review"),
])
def test_case_types(text: str, group: str) -> None:
    assert case_types().resolve(text).key == group


def test_litigation_without_kind_is_refused() -> None:
    found = case_types().resolve("行政诉讼")
    assert found.key is None and found.reason and "复议后起诉" in found.reason


@pytest.mark.parametrize(("text", "result"), [
    ("维持", "upheld"), ("结果维持", "upheld"), ("纠正", "corrected"), ("结果纠正", "corrected"),
    ("其他", "other"), ("其他结果", "other"), ("尚未审结", "pending"), ("未审结", "pending"),
])
def test_case_results(text: str, result: str) -> None:
    assert case_results().resolve(text).key == result


def test_case_result_hint() -> None:
    found = case_results().resolve("审理中")
    assert (found.key, found.suggestion) == (None, "尚未审结")
