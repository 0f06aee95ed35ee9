"""The single-user mode's library: one writer on their own machine, no accounts, and the reports
kept where the shared mode keeps them — in the database (by default ``nianbao.sqlite3`` in the
data folder), through the same code (:class:`~assistant.services.shared_library.PersonLibrary`).

The writer acts as the local user (:meth:`Actor.local`): every save is a version in the
database, every change an entry of the audit log, and the report folders under
``data/reports/<机关>/<年度>/`` are the writer's working copies (their history snapshots, undo,
provenance and chat stay as they are). A workspace kept on files by an earlier version of
nianbao, or a report folder copied in, is brought into the database when the library opens and
whenever the reports are listed: each report folder the database does not hold yet, with its
history (:func:`assistant.collab.workspace_import.import_workspace`).
"""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.collab.people import Actor
from assistant.collab.reports import ReportSummary, load_report
from assistant.collab.workspace_import import ImportSummary, import_workspace, stored_folders
from assistant.db import Database, open_database
from assistant.db.url import default_sqlite_url
from assistant.services.shared_library import CONFLICT_NOTE, PersonLibrary, SharedFolder, SharedReport, report_key
from assistant.workspace import Workspace


class LocalFolder(SharedFolder):
    """The single user's working copy. Its save is refused only when another window or program
    saved the report since (nianbao started twice on one data folder): the writer's text is
    then kept in the copy's history, and the next use of the report loads the stored version."""

    conflict_hint = (f"您的修改已保存在“历史版本”中（{CONFLICT_NOTE}）；下一步操作时将载入最新版本，"
                     "需要的内容可从历史版本中恢复。")


class LocalLibrary(PersonLibrary):
    """The local user's reports: every report in the database, listed as the file workspace
    listed them ("机关 · 年度"). A report folder put into ``root`` (copied from another machine,
    or written by an earlier nianbao) is brought into the database when the reports are listed."""

    def __init__(self, db: Database, root: Path, *, snapshot_every: float = 300.0) -> None:
        super().__init__(db, Actor.local(), root, snapshot_every=snapshot_every)
        self.imported: ImportSummary | None = None  # what the last import brought in from the files
        self._import_lock = threading.Lock()

    def bring_in(self) -> ImportSummary | None:
        """Import the report folders the database does not hold yet (``None``: there were none)."""
        with self._import_lock:
            if set(_folders(self.root)) <= stored_folders(self.db):
                return None
            self.imported = import_workspace(self.db, self.actor, self.root)
            return self.imported

    folder_type = LocalFolder

    def get(self, key: str) -> SharedReport:
        """The report ``key``; after a refused save (another program saved it since), the stored
        version, the writer's own text being in the copy's history."""
        found = super().get(key)
        if found.folder.conflict is not None:
            found.checkout(load_report(self.db, self.actor, found.folder.report_id))
        return found

    def summaries(self) -> list[ReportSummary]:
        self.bring_in()
        return super().summaries()

    def choices(self) -> list[tuple[str, str]]:
        return [(f"{s.agency} · {s.year}年", report_key(s.agency, s.year)) for s in self.summaries()]


def _folders(root: Path) -> list[tuple[str, int]]:
    return [(entry.agency, entry.year) for entry in Workspace(root).entries()]


def open_local(data_dir: Path, reports_dir: Path, *, url: str | None = None,
               snapshot_every: float = 300.0) -> LocalLibrary:
    """The single-user library over the data folder's database (created and migrated on first
    use; ``url`` for another one), with the report folders not yet in it imported."""
    data_dir.mkdir(parents=True, exist_ok=True)
    library = LocalLibrary(open_database(url or default_sqlite_url(data_dir)), reports_dir,
                           snapshot_every=snapshot_every)
    library.bring_in()
    return library
