"""The round's dashboard as an .xlsx: 收报情况 (every unit, its state and last change), then the
live roll-up's sheets (单位情况, 表二, 表三, 表四, 差异) as ``nianbao rollup`` writes them."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from assistant import atomic
from assistant.collab import auditlog
from assistant.collab.access import check_round_access, get_round
from assistant.collab.auditlog import Action, shown_time
from assistant.collab.people import Actor
from assistant.collab.rounds import Dashboard, dashboard, live_rollup
from assistant.collab.status import UnitState
from assistant.db import Database
from assistant.errors import NianbaoError
from assistant.rollup import Rollup, write_xlsx

DASHBOARD_COLUMNS = ("单位", "类型", "上级", "状态", "错误数", "警告数", "来源", "最后修改时间", "最后修改人", "说明")


def write_dashboard_xlsx(board: Dashboard, result: Rollup, path: Path) -> Path:
    import openpyxl

    if path.suffix.lower() != ".xlsx":
        raise NianbaoError(f"收报情况只能导出为 .xlsx：{path.name}")
    with tempfile.TemporaryDirectory() as folder:
        rollup_path = write_xlsx(result, Path(folder) / "rollup.xlsx")
        book = openpyxl.load_workbook(rollup_path)
    sheet = book.create_sheet("收报情况", 0)
    sheet.append(list(DASHBOARD_COLUMNS))
    for row in board.rows:
        sheet.append([row.unit, row.kind.value, row.parent or "", row.state.value, row.errors, row.warnings,
                      row.source, shown_time(row.changed_at) if row.changed_at else "", row.changed_by or "",
                      row.note])
    sheet.append([])
    sheet.append([board.summary])
    sheet.freeze_panes = "A2"
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return atomic.write_bytes(path, buffer.getvalue())


def export_dashboard(db: Database, actor: Actor, round_id: int, path: Path) -> Path:
    """Write the dashboard and the live roll-up to ``path`` (.xlsx) and log the export."""
    board = dashboard(db, actor, round_id)
    result = live_rollup(db, actor, round_id)
    write_dashboard_xlsx(board, result, path)
    with db.transaction() as session:
        found = get_round(session, round_id)
        check_round_access(session, actor, found)
        auditlog.append(session, actor, Action.EXPORT, round_id=round_id, target=f"{found.name} {found.year}年",
                        detail={"格式": "xlsx", "文件": path.name, "已接收": board.count(UnitState.ACCEPTED)})
    return path
