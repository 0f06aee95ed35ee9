"""Fixtures for the drafting tests: a synthetic agency's two consecutive years, notes, a recording fake model."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage

from assistant.facts import FactsSheet, build_facts
from assistant.llm import PROVIDERS, Model
from assistant.report import Report
from testdata.synth import synthetic_series

AGENCY = "临川县教育局"
NOTES = (
    "问题：政策解读材料更新不及时，全年仅发布解读3篇",
    "措施：2024年6月底前建立解读材料季度更新机制",
    "整改：针对政策解读形式单一问题，全年制作图解解读12期",
    "信息处理费：本年度未收取信息处理费",
    "平台建设：完成门户网站政府信息公开专栏改版",
)


@pytest.fixture(scope="session")
def series() -> tuple[Report, Report]:
    previous, current = synthetic_series(random.Random(11), agency=AGENCY, years=range(2022, 2024))
    return previous, current


@pytest.fixture
def previous(series: tuple[Report, Report]) -> Report:
    return series[0].model_copy(deep=True)


@pytest.fixture
def current(series: tuple[Report, Report]) -> Report:
    return series[1].model_copy(deep=True)


@pytest.fixture
def notes() -> list[str]:
    return list(NOTES)


@pytest.fixture
def sheet(current: Report, previous: Report, notes: list[str]) -> FactsSheet:
    return build_facts(current, previous, notes)


class Recorder(BaseCallbackHandler):
    """What the fake chat model was sent: the messages and the invocation parameters of each call."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[BaseMessage], dict[str, Any]]] = []

    def on_chat_model_start(self, serialized: dict[str, Any], messages: list[list[BaseMessage]], **kwargs: Any) -> None:
        self.calls.append((messages[0], kwargs.get("invocation_params") or {}))

    def text(self, call: int) -> str:
        return "\n".join(str(m.content) for m in self.calls[call][0])


def scripted(replies: list[str], recorder: Recorder, chat_cls: type[GenericFakeChatModel] = GenericFakeChatModel,
             name: str = "fake:scripted") -> Model:
    chat = chat_cls(messages=iter([AIMessage(content=r) for r in replies]), callbacks=[recorder])
    return Model(chat=chat, name=name, provider=replace(PROVIDERS["openai"], name="fake"), max_retries=2)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def sentence(text: str, *facts: str, passages: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"text": text, "facts": list(facts), "passages": list(passages)}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
