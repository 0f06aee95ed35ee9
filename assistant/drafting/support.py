"""Whether a sentence's content comes from what it rests on: content words, synonyms, meaning.

Two signals, both over the sentence with its quoted text taken out (a quoted problem name is
the topic of a sentence, not support for what the sentence says about it):

- lexical: the share of the sentence's content words found in its sources. Function words,
  generic 公文 verbs and adverbs (已经、这一、上述、得到、进一步、加强……) are no content; a word
  counts as found when it, one of its synonyms (专栏/栏目, 解读/阐释, 单一/不够丰富……) or, for
  a compound, one of its content parts occurs in the sources;
- semantic: the cosine of the sentence and its closest source under the project's embedding
  model (multilingual-e5-small, :func:`assistant.retrieval.embedding.embed_passages`), used only
  for a sentence whose lexical share is a little below the threshold: a faithful paraphrase in
  free wording is close in meaning to its source, an invented activity is not close enough.

The model is loaded lazily, on the first sentence that needs it; tests inject an embedder
(:data:`EMBED` or the ``embed`` parameter) to run without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np

# --- thresholds (calibrated in tests/drafting/test_guards.py on faithful and invented pairs) --------

SUPPORT_THRESHOLD = 0.5  # share of a sentence's content words found in what it rests on
SEMANTIC_BAND = 0.2  # below the threshold by at most this much, the embedding may still accept
SEMANTIC_THRESHOLD = 0.96  # cosine (e5-small, L2-normalised) of a sentence and its closest source
MIN_AUTO_WORDS = 2  # an uncited fact is cited for a sentence only when it backs this many of its words

Embedder = Callable[[Sequence[str]], np.ndarray]

# A hook for tests and tools: when set, used instead of the project's embedding model.
EMBED: Embedder | None = None

# --- stop list ------------------------------------------------------------------------------------

# Grammatical words, generic 公文 verbs, adverbs and nouns every report uses: they neither
# support nor undermine a statement.
def _words(text: str) -> list[str]:
    return text.split()


STOP: frozenset[str] = frozenset(_words("""
政府信息 信息公开 政务公开 政府 信息 公开 政务 工作 本机关 我局 我委 我办 我区 我县 我市 我镇 我省 我厅 我中心
本局 本委 本办 本区 本县 本市 本镇 本单位 单位 部门 各部门 各单位 全区 全县 全市 全镇 全省 各级 各类 各项 各地
进一步 加强 落实 推进 持续 不断 积极 全面 深入 有效 做好 开展 情况 方面 本年度 年度 全年 本年 今年 上年
上年度 去年 明年 来年 下一年 下一步 今后 将来 下阶段 目前 当前 现阶段 近年来 相关 有关 规定 要求 以及 其中
共计 合计 累计 依法 依规 及时 认真 严格 切实 扎实 主动 提升 提高 完善 健全 强化 规范 坚持 围绕 通过 按照
根据 进行 实现 确保 针对 问题 整改 存在 不足 改进 措施 解决 改善 增加 减少 同比 作出 全部 已经 这一 这些
上述 前述 以上 如下 下列 得到 受到 获得 取得 未能 尚未 仍然 依然 彻底 个别 少数 部分 改观 明显 显著 有所
一定 较为 比较 更加 逐步 初步 基本 总体 整体 结合 注重 加大 深化 推动 促进 保障 发挥 作用 着力 聚焦 努力
力争 全力 大力 重点 重视 高度 并且 同时 此外 另外 主要 领域 环节 机制 体系 能力 水平 质量 效果 成效 实效
质效 力度 程度 建设 管理 服务 需要 必须 应当 能够 可以 予以 给予 形成 建立 出现 发现 仍需 尚需 还需 有待
亟待 进而 从而 为此 对此 因此 所以 但是 然而 虽然 尽管 并未 没有 不够 不断 较大 较好 良好 较强 一些 有些
各个 其他 其它 需要 报告 事项 内容 对象 方式方法 工作人员 同志 上级 本级 期间 以来 之后 以后 之前 以前
年内 年底 年末 年初 全年度 截至 截止 目标 任务 举措 做法 经验 成绩 成果 进展 到位 完成 实施 执行 组织
做到 达到 得以 用于 对于 关于 基于 由于 为了 以便 以期 使得 使之 进一步提升 持续推进 不断提升 有效提升
切实加强 全面推进 高质量 发展 知情权 参与权 监督权 表达权 新时代 习近平 中国特色社会主义 思想 指导 贯彻
精神 部署 决策 统筹 协调 推进会 工作会 该项 此项 这项 一项 两项 任务 责任 负责 牵头 配合 落地 见效 稳步
至少 不少于 超过 低于 高于 不到 接近 集中 覆盖 全体 领导 组织领导 落到实处 落实到位 办理 受理 共有 所有
还有 大多 只有 仅有 一块 范围 均已 都要 有序 健康 良性 常态化 制度化 长效 日常 常态 实际 具体 相应 相关联
一体 全方位 多渠道 多层次 力求 务求
"""))

# --- synonyms -------------------------------------------------------------------------------------

_GROUPS = (
    "单一 单调 丰富 不够丰富 多样 多样化 多元 较少 偏少 不多 不足 有限 欠缺 匮乏 缺乏",
    "专栏 栏目 板块 专区 专题 频道 子栏目",
    "解读 阐释 解释 解析 释义 宣讲 说明",
    "改版 优化 升级 改造 完善 更新换代 提档",
    "及时 时效 时效性 滞后 迟缓 延迟 拖延",
    "培训 学习 业务培训 培训班 轮训 授课 讲座 辅导",
    "公开 发布 公布 公示 披露 推送 刊发 上传 推出",
    "整改 改进 解决 改善 纠正 改正 整治 完善",
    "群众 公众 社会 市民 百姓 老百姓 社会公众 人民群众 企业群众 民众",
    "图解 图表 图文 可视化 漫画 一图读懂",
    "视频 短视频 动画 音视频 微视频",
    "网站 门户网站 政府网站 网页 官网",
    "新媒体 政务新媒体 公众号 微信 微博 客户端 抖音",
    "申请人 申请者",
    "答复 回复 答复书 告知",
    "检查 巡查 抽查 督查 监测 检测 核查",
    "考核 考评 评估 评价 测评 评议",
    "制作 编制 推出 编写 撰写",
    "开设 设立 开辟 增设 新设 开通 上线 搭建",
    "形式 方式 手段 形态 载体",
    "人员 干部 工作人员 职工 队伍 专人",
    "数量 篇数 件数 条数",
    "均衡 平衡",
    "薄弱 较弱 偏弱 不强 不高",
    "互动 交流 回应",
    "意识 观念 认识",
    "渠道 途径 路径",
    "更新 维护 动态更新",
    "理解 知晓 看懂 读懂",
    "通俗 通俗易懂 易懂 直观 生动 浅显",
    "文件 政策文件",
    "指引 指导 指南 引导",
    "比例 占比 比重 比率",
    "较高 偏高",
    "目录 清单",
    "规范性 规范化 标准化",
    "参加 参训 参与 出席",
    "清楚 清晰 明确 明晰",
)


def _synonym_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for line in _GROUPS:
        words = line.split()
        for word in words:
            index.setdefault(word, set()).update(words)
    return {w: frozenset(s) for w, s in index.items()}


SYNONYMS: dict[str, frozenset[str]] = _synonym_index()

# --- words ----------------------------------------------------------------------------------------

_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|「[^「」]*」|‘[^‘’]*’")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
# A count in Chinese numerals (两次, 十二篇) is a number, checked as one, not a word.
_NUMERAL_WORD = re.compile(
    r"[零〇一二两三四五六七八九十百千万余多几数]+[件篇条次期场个项家人名份批部套本册所类处户位起轮张台支]?"
    r"|[一二三四五六七八九十百千万]*分之[一二三四五六七八九十百千万]+"
)
# Titles and article numbers are the citation checker's business, not content.
_CITED = re.compile(
    r"《[^《》]*》|第[一二三四五六七八九十百零\d]+[条款项章节]|第?[（(][一二三四五六七八九十\d]+[)）]项"
)


def without_quotes(text: str) -> str:
    """``text`` with quoted passages taken out (the quotes and what they hold)."""
    return _QUOTED.sub("", text)


@cache
def _tokenizer() -> Any:
    """A jieba tokenizer of our own: words others add to jieba's shared dictionary (the search
    index does) must not change what counts as backed."""
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _parts(word: str) -> list[str]:
    """A compound's content parts: ``人员不足`` → ``人员``; ``彻底解决`` → none (all generic)."""
    if word in STOP:
        return []
    if len(word) == 4:
        halves = [word[:2], word[2:]]
        if any(h in STOP for h in halves):
            return [h for h in halves if h not in STOP]
    return [word]


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry content: Chinese words of two or more characters, not
    generic, quoted text left out."""
    words = _tokenizer().lcut(_CITED.sub("，", without_quotes(text)))
    out: list[str] = []
    for word in words:
        if len(word) < 2 or not _CJK.fullmatch(word) or _NUMERAL_WORD.fullmatch(word):
            continue
        out += _parts(word)
    return list(dict.fromkeys(out))


def _variants(word: str) -> Iterable[str]:
    yield word
    yield from SYNONYMS.get(word, ())


def found(word: str, pool: str) -> bool:
    """The word, a synonym, or for a longer word one of its content parts (or their synonyms),
    occurs in the pool."""
    if any(v in pool for v in _variants(word)):
        return True
    if len(word) >= 3:
        parts = [word[i:i + 2] for i in range(len(word) - 1)]
        return any(v in pool for p in parts if p not in STOP for v in _variants(p))
    return False


def support(sentence: str, sources: Sequence[str], neutral: Sequence[str] = ()) -> tuple[float, list[str]]:
    """Share of the sentence's content words found in its sources, and the words that are not.

    Words found only in ``neutral`` texts (the problem a sentence is about) are its topic: they
    count neither way."""
    words = content_words(sentence)
    pool = "".join(sources)
    topic = "".join(neutral)
    missing = [w for w in words if not found(w, pool)]
    counted = len(words) - sum(1 for w in missing if topic and found(w, topic))
    missing = [w for w in missing if not (topic and found(w, topic))]
    if counted <= 0:
        return 1.0, []
    return 1 - len(missing) / counted, missing


def backs_words(words: Sequence[str], text: str) -> list[str]:
    """Which of ``words`` the text backs."""
    return [w for w in words if found(w, text)]


# --- meaning ----------------------------------------------------------------------------------------


def _default_embed(texts: Sequence[str]) -> np.ndarray:
    from assistant.retrieval.embedding import embed_passages

    return embed_passages(list(texts))


def embedder(embed: Embedder | None = None) -> Embedder:
    """The embedder to use: the one given, else the :data:`EMBED` hook, else the project's model."""
    return embed or EMBED or _default_embed


def semantic(sentence: str, sources: Sequence[str], embed: Embedder | None = None) -> float:
    """Cosine of the sentence (quotes out) and its closest source (each alone, and all together)."""
    texts = [t for t in (s.strip() for s in sources) if t]
    if not texts:
        return 0.0
    candidates = texts + (["；".join(texts)] if len(texts) > 1 else [])
    mine = without_quotes(sentence).strip() or sentence
    try:
        vectors = np.asarray(embedder(embed)([mine, *candidates]), dtype=np.float32)
    except (ImportError, OSError, RuntimeError):  # no model here: the lexical signal alone decides
        return 0.0
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    vectors = vectors / norms[:, None]
    return float(np.max(vectors[1:] @ vectors[0]))


def supported(sentence: str, sources: Sequence[str], neutral: Sequence[str] = (), *,
              embed: Embedder | None = None) -> tuple[bool, float, list[str]]:
    """Whether the sentence is backed: its lexical share reaches the threshold, or falls a little
    short while its meaning is close to a source. Returns (backed, share, missing words)."""
    share, missing = support(sentence, sources, neutral)
    if share >= SUPPORT_THRESHOLD:
        return True, share, missing
    if share >= SUPPORT_THRESHOLD - SEMANTIC_BAND and sources:
        return semantic(sentence, sources, embed) >= SEMANTIC_THRESHOLD, share, missing
    return False, share, missing
