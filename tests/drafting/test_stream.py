"""Streaming a JSON answer to the terminal as sentences."""

from __future__ import annotations

import io

from assistant.drafting.stream import TerminalSink, partial_texts


def test_partial_texts_of_a_growing_answer() -> None:
    assert partial_texts('{"fee": [{"text": "本年度未') == ["本年度未"]
    assert partial_texts('{"a": [{"text": "甲。", "facts": []}, {"text": "乙\\u4e') == ["甲。", "乙"]
    assert partial_texts('{"text": "引号\\"内\\"。"}') == ['引号"内"。']


def test_terminal_sink_prints_each_sentence_once_on_its_own_line() -> None:
    out = io.StringIO()
    sink = TerminalSink(out)
    sink.start("起草六、其他需要报告的事项")
    answer = '{"fee": [{"text": "本年度未收取信息处理费。", "facts": ["note.1"]}, {"text": "无其他事项。"}]}'
    for i in range(0, len(answer), 3):
        sink.token(answer[i:i + 3])
    assert out.getvalue() == "\n【起草六、其他需要报告的事项】\n本年度未收取信息处理费。\n无其他事项。"
    sink.restart("第1次调用失败，0.5秒后重试")
    sink.token('{"text": "重来。"}')
    assert out.getvalue().endswith("（第1次调用失败，0.5秒后重试）\n重来。")
