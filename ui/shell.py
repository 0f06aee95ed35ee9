"""What every tab shares: the current report's key, the header, and a full refresh.

Handlers catch ``NianbaoError`` and show its (Chinese) message in a toast titled “操作未完成”,
and change nothing on the page: a refused action is a message, not an exception (an exception
would put Gradio's red error overlay on every output of the event and hide its content). The
words differ from the report's own “错误” findings on purpose. Nothing a handler does can leave
the report half-changed, because ``OpenReport`` saves whole reports.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import gradio as gr

from assistant.services import Library, NianbaoError, plain_message

P = ParamSpec("P")
R = TypeVar("R")

Updates = dict[Any, Any]
ERROR_TITLE = "操作未完成"


def refuse(message: str) -> None:
    """Tell the writer why an action was not done (a toast; the page stays as it was). A path in
    the message (an upload's temporary folder, the data folder) is shown as its file name only,
    and the operating system's English in Chinese (``assistant.names.plain_message``)."""
    gr.Warning(plain_message(message), title=ERROR_TITLE, duration=8)


def reporting(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn a ``NianbaoError`` (or a file error) into a refusal toast; every output is left as
    it was (``gr.skip()``), so the page stays readable and clickable."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except NianbaoError as exc:
            refuse(str(exc))
        except OSError as exc:
            refuse(f"文件操作失败：{exc.strerror or exc}")
        return gr.skip()  # type: ignore[no-any-return]

    return wrapper


@dataclass
class Shell:
    """Components shared by all tabs, and the refreshers each tab registers."""

    library: Library
    key: gr.State
    report_pick: gr.Dropdown
    status: gr.Markdown
    tabs: gr.Tabs
    refreshers: list[tuple[list[Any], Callable[[str], Updates]]] = field(default_factory=list)

    def on_refresh(self, outputs: list[Any], fn: Callable[[str], Updates]) -> None:
        """Register a tab's renderer: called with the report key on every full refresh."""
        self.refreshers.append((outputs, fn))

    def outputs(self) -> list[Any]:
        found: list[Any] = [self.key, self.report_pick, self.status]
        for outputs, _ in self.refreshers:
            found += [o for o in outputs if o not in found]
        return found

    def refresh(self, key: str) -> Updates:
        """Every view for report ``key`` (or the empty state when ``key`` is empty)."""
        current = self.library.get(key) if key else None
        from ui.views import status_line

        updates: Updates = {
            self.key: key,
            self.report_pick: gr.update(choices=self.library.choices(), value=key or None),
            self.status: status_line(current),
        }
        for _, fn in self.refreshers:
            updates.update(fn(key))
        return updates
