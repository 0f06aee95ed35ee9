"""The writer's workspace: reports on disk per agency and year, their history and decisions.

``Workspace(root)`` lists and creates reports; ``ReportFolder`` saves (atomically, cheap enough
to autosave on every edit), snapshots, restores, and keeps the journal: dismissed findings
with reasons, export overrides with reasons, exports made, cells edited by hand.
``review_items`` and ``export_gate`` join findings with those decisions.
"""

from assistant.workspace.editing import CellChange, OpenReport, apply_cell_text, cell_text
from assistant.workspace.records import (
    CellEdit,
    Dismissal,
    DraftRecord,
    ExportOverride,
    ExportRecord,
    Journal,
    Replacement,
    Snapshot,
    Version,
)
from assistant.workspace.review import (
    ExportGate,
    ReviewItem,
    export_gate,
    finding_key,
    review_items,
)
from assistant.workspace.start import start_blank, start_from_previous
from assistant.workspace.store import Entry, ReportFolder, Workspace, folder_name

__all__ = [
    "CellChange",
    "CellEdit",
    "Dismissal",
    "DraftRecord",
    "Entry",
    "ExportGate",
    "ExportOverride",
    "ExportRecord",
    "Journal",
    "OpenReport",
    "Replacement",
    "ReportFolder",
    "ReviewItem",
    "Snapshot",
    "Version",
    "Workspace",
    "apply_cell_text",
    "cell_text",
    "export_gate",
    "finding_key",
    "folder_name",
    "review_items",
    "start_blank",
    "start_from_previous",
]
