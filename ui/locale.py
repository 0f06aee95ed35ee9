"""The workspace in Simplified Chinese whatever the browser's language.

Gradio's frontend picks its language once, as it starts, from ``navigator.language``
(svelte-i18n's ``getLocaleFromNavigator``), and again, from the same place, when the app's
config brings translations. An English browser gets “Drop File Here”, “Error”, “Copy message”.
Neither ``gr.I18n`` (it adds strings, it does not choose the language) nor ``head=`` code (it is
loaded by the bundle after the language was chosen) can change that choice. So a small ASGI
middleware puts a classic script into the index page's ``<head>``: it runs while the page is
parsed, before the bundle (a module script, deferred), and makes ``navigator.language`` read
``zh-CN``. The middleware is given to the FastAPI app through ``launch(app_kwargs=…)``.

What Gradio's own zh-CN translation lacks (“Copy message”, the queue position) comes through
``gr.I18n``; what Gradio's components write in English without a translation key (“Textbox”,
“Invalid file type: …”, “Remove this file”) the same script rewrites as it appears, in text and
in tooltips, and so the toasts' header, which Gradio 6.31 sets to the message type (“Warning”)
whatever ``title=`` says: a refusal reads “操作未完成”. Gradio's progress text
(“processing | 0.4s”) is hidden by ``CSS``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

FORCED_LOCALE = "zh-CN"

# Keys of Gradio's frontend dictionary that its zh-CN translation lacks (it falls back to
# English), plus ``common.complete`` which even English lacks (the raw key is announced).
GRADIO_ZH: dict[str, str] = {
    "audio.recording_error": "无法通过麦克风录音。",
    "chatbot.complete": "完成",
    "chatbot.copy_message": "复制这条消息",
    "chatbot.copied_message": "已复制",
    "chat_interface.new_chat": "新对话",
    "chat_interface.message_placeholder": "输入消息……",
    "chat_interface.additional_inputs": "更多输入",
    "chat_interface.chatbot": "对话",
    "chat_interface.conversation": "对话记录",
    "common.complete": "完成",
    "common.download_all": "全部下载",
    "common.runs": "运行记录",
    "common.runs_description": "查看本浏览器保存的运行记录",
    "common.back_to_app": "返回",
    "common.back_to_app_description": "返回应用",
    "common.progress": "进度",
    "common.record": "录制",
    "common.stop_recording": "停止录制",
    "common.screen_studio": "录屏",
    "common.share_gradio_tab": "分享页面",
    "common.run": "运行",
    "dataframe.import_empty_file": "拖入的文件是空的。",
    "dataframe.import_no_column_names": "拖入的文件没有列名。",
    "dataframe.import_ragged_row": "文件第 {line} 行有 {fields} 个字段，表头有 {columns} 个。",
    "dataframe.import_static_columns": "表格的列不可修改，无法导入。",
    "dataframe.import_fixed_columns": "此表格只能有 {expected} 列，文件有 {actual} 列。",
    "dataframe.import_fixed_rows": "此表格只能有 {expected} 行，文件有 {actual} 行。",
    "dataframe.filter": "筛选",
    "dataframe.clear_filter": "清除筛选",
    "status.queue_position": "排队中：第 {position} 位，共 {size} 位",
}

# Text Gradio's components write in English without a translation key: whole strings (a text
# node's trimmed text, or a tooltip: title, aria-label, placeholder, alt).
TEXT_ZH: dict[str, str] = {
    "Textbox": "文本框",
    "Number": "数字",
    "Dropdown": "下拉菜单",
    "Checkbox": "复选框",
    "Checkbox Group": "复选框组",
    "Radio": "单选框",
    "chatbot conversation": "对话记录",
    "Loading response": "正在生成回答",
    "Empty value": "空",
    "No value": "无",
    "Clear": "清除",
    "Close": "关闭",
    "Error": "错误",
    "Warning": "提示",
    "Info": "信息",
    "Success": "完成",
    "Remove this file": "移除此文件",
    "Remove label": "移除",
    "Uploading": "正在上传",
    "Uploading...": "正在上传……",
    "Uploaded files": "已上传的文件",
    "Upload a file": "上传文件",
    "Click to upload or drop files": "点击上传或拖入文件",
    "Upload file": "上传文件",
    "Upload": "上传",
    "Submit": "提交",
    "Copy": "复制",
    "Copied": "已复制",
    "Copied!": "已复制",
    "Copy message": "复制这条消息",
    "Copied message": "已复制",
    "Download": "下载",
    "Download All": "全部下载",
    "Loading...": "加载中……",
    "Loading": "加载中",
    "Share": "分享",
    "Edit": "编辑",
    "Retry": "重试",
    "Undo": "撤销",
    "Cancel": "取消",
    "Like": "赞",
    "Dislike": "踩",
    "Paste from clipboard": "从剪贴板粘贴",
    "Draggable items container": "可拖动的项目",
    "Scroll down": "滚动到底部",
    "Fullscreen": "全屏",
    "Exit fullscreen mode": "退出全屏",
    "Feedback": "反馈",
    "Remove file": "移除文件",
    "File thumbnail": "文件缩略图",
    "Stop": "停止",
    "Type a message...": "输入消息……",
    "Connection errored out.": "与服务器的连接中断，请刷新页面。",
    "Connection errored out": "与服务器的连接中断，请刷新页面",
}

# The header of Gradio's toasts is the message type in English, whatever ``title=`` says (Gradio
# 6.31 groups toasts by type and shows the type): a warning is a refused action here
# (``ui.shell.refuse``), an error one Gradio's own frontend raised (an upload refused).
TOAST_TITLES: dict[str, str] = {
    "Warning": "操作未完成",
    "Error": "错误",
    "Info": "消息",
    "Success": "完成",
}

# English with a variable part: (JavaScript regular expression, replacement).
PATTERNS_ZH: list[tuple[str, str]] = [
    (r"^Invalid file types?: (.+)\. Only (.+) allowed\.$",
     "不支持的文件类型：$1。只能上传以下类型的文件：$2。"),
    (r" and (\d+) more(?=。)", " 等 $1 个文件"),
    (r"^Uploading (\d+)\s+files?\s*\.\.\.$", "正在上传 $1 个文件……"),
    # The chat's messages carry their whole Markdown source as a tooltip: the role is enough.
    (r"^user's message: [\s\S]*$", "我的提问"),
    (r"^bot's message: [\s\S]*$", "助手的回答"),
    (r"^processing \|", "处理中 |"),
    (r"^queue: (\d+)/(\d*) \|", "排队 $1/$2 |"),
    (r"^Error: ", "错误："),
    (r"^File size exceeds the maximum allowed size of (.+)$", "文件过大，最大允许 $1"),
    (r"^Could not upload (.+?)\.?$", "无法上传 $1"),
]

# Gradio's progress text on an output while an event runs (“processing | 0.4s”, “queue: 1/2”)
# means nothing to the writer: the spinner says enough.
CSS = """
/* ui/locale.py: no English progress text from Gradio's status tracker */
.progress-text, .meta-text, .meta-text-center, .eta-bar { display: none !important; }
"""

_SCRIPT = """(function () {
  var LOCALE = %(locale)s;
  var TEXT = %(text)s;
  var TOAST = %(toast)s;
  var PATTERNS = %(patterns)s.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  function fixed(value) {
    var s = value.trim();
    if (!s) return null;
    if (Object.prototype.hasOwnProperty.call(TEXT, s)) return value.replace(s, TEXT[s]);
    var out = s;
    for (var i = 0; i < PATTERNS.length; i++) out = out.replace(PATTERNS[i][0], PATTERNS[i][1]);
    return out === s ? null : value.replace(s, out);
  }
  try {
    var nav = Navigator.prototype;
    Object.defineProperty(nav, 'language', {get: function () { return LOCALE; }, configurable: true});
    Object.defineProperty(nav, 'languages', {get: function () { return [LOCALE, 'zh']; }, configurable: true});
  } catch (e) { /* a browser that refuses: the rewriting below still applies */ }
  document.documentElement.setAttribute('lang', LOCALE);
  var ATTRS = ['title', 'aria-label', 'placeholder', 'alt'];
  function fixText(node) {
    var p = node.parentNode;
    if (p && (p.nodeName === 'SCRIPT' || p.nodeName === 'STYLE' || p.nodeName === 'TEXTAREA')) return;
    var out;
    if (p && p.classList && p.classList.contains('toast-title')) {
      var s = (node.nodeValue || '').trim();
      out = Object.prototype.hasOwnProperty.call(TOAST, s) ? node.nodeValue.replace(s, TOAST[s]) : null;
    } else {
      out = fixed(node.nodeValue || '');
    }
    if (out !== null && out !== node.nodeValue) node.nodeValue = out;
  }
  function fixAttrs(el) {
    for (var i = 0; i < ATTRS.length; i++) {
      var v = el.getAttribute(ATTRS[i]);
      if (!v) continue;
      var out = fixed(v);
      if (out !== null && out !== v) el.setAttribute(ATTRS[i], out);
    }
  }
  function fixTree(root) {
    if (root.nodeType === 3) { fixText(root); return; }
    if (root.nodeType !== 1 && root.nodeType !== 11) return;
    if (root.nodeType === 1) fixAttrs(root);
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (node.nodeType === 3) fixText(node); else fixAttrs(node);
    }
  }
  var observer = new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      if (r.type === 'childList') {
        for (var j = 0; j < r.addedNodes.length; j++) fixTree(r.addedNodes[j]);
      } else if (r.type === 'characterData') {
        fixText(r.target);
      } else if (r.type === 'attributes') {
        fixAttrs(r.target);
      }
    }
  });
  observer.observe(document.documentElement, {childList: true, subtree: true, characterData: true,
                                              attributes: true, attributeFilter: ATTRS});
  document.addEventListener('DOMContentLoaded', function () { fixTree(document.body); });
})();"""


def head_script() -> str:
    """The ``<script>`` the index page gets first: the language, and the rewriting."""
    body = _SCRIPT % {
        "locale": json.dumps(FORCED_LOCALE),
        "text": json.dumps(TEXT_ZH, ensure_ascii=False),
        "toast": json.dumps(TOAST_TITLES, ensure_ascii=False),
        "patterns": json.dumps(PATTERNS_ZH, ensure_ascii=False),
    }
    return f'<script data-nianbao-locale="{FORCED_LOCALE}">{body}</script>'


_HTML_LANG = re.compile(rb"<html([^>]*?)\slang=\"[^\"]*\"", re.IGNORECASE)
_HEAD_END = re.compile(rb"</head>", re.IGNORECASE)
_MODULE = re.compile(rb"<script[^>]*type=\"module\"", re.IGNORECASE)


def inject(html: bytes) -> bytes:
    """The index page with the script in its ``<head>``, before the bundle; its ``lang`` zh-CN."""
    if b"data-nianbao-locale" in html:
        return html
    script = head_script().encode("utf-8")
    html = _HTML_LANG.sub(lambda m: b"<html" + m.group(1) + b' lang="' + FORCED_LOCALE.encode() + b'"',
                          html, count=1)
    module = _MODULE.search(html)
    at = module.start() if module is not None else None
    if at is None:
        end = _HEAD_END.search(html)
        at = end.start() if end is not None else None
    if at is None:
        return html
    return html[:at] + script + html[at:]


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ChineseIndex:
    """ASGI middleware: every HTML page the app serves (the index, the login page) gets
    ``head_script()``. Other responses (files, the event stream) pass untouched, unbuffered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                sent = {k.lower(): v for k, v in message.get("headers", [])}
                html = sent.get(b"content-type", b"").startswith(b"text/html")
                if html and b"content-encoding" not in sent:
                    start = message
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = inject(b"".join(chunks))
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode("ascii")))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


def i18n() -> Any:
    """``gr.I18n`` with the zh-CN strings Gradio's own translation lacks."""
    import gradio as gr

    return gr.I18n(**{FORCED_LOCALE: dict(GRADIO_ZH)})


def launch_options() -> dict[str, Any]:
    """What ``Blocks.launch`` needs for a Chinese workspace: the middleware and the strings."""
    from starlette.middleware import Middleware

    return {"i18n": i18n(), "app_kwargs": {"middleware": [Middleware(ChineseIndex)]}}
