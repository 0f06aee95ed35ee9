"""The core's public services: the jobs the UI and the CLI both do, and the types they hand out.

``ui/`` imports from ``assistant`` only this package (``tests/test_layers.py`` reads every import
to hold it to that); the CLI calls the same services where it does the same jobs.

- **Reports open for work** (:mod:`.library`): ``Library`` — each report of a workspace opened
  once, per key "机关/年度"; table actions (rebuild from the ledgers, shown first; a split
  chosen; a cell typed; undo).
- **Starting a report** (:mod:`.start`): blank, a published report imported, from last year's
  report, from the ledgers — each a ``NewReport`` that ``Library.start`` stores with the origin
  of every cell.
- **Exporting** (:mod:`.export`): through the export gate, file names, journalled
  (``export_open``); a preview; a report file to another format (``export_file``, ``nianbao
  export``).
- **Explaining a cell** (:mod:`.explain`): where its value came from, last year's figure, its
  problems and hand edits.
- **The review list** (:mod:`.review`), **the 整改台账's changes** (:mod:`.account`).
- **The index** (:mod:`.index`): built once before serving; the passage search a draft uses.
- **The chat session** (:mod:`.session`): answers and drafts streamed as events, a pending
  proposal, accepting it with the draft's record (model, prompt, facts) kept in the report's
  history (:mod:`.drafting`).
- **The shared mode** (:mod:`.people`, :mod:`.shared_library`, :mod:`.collection`): which
  database serves (``shared_database``), login sessions and the acting person; ``SharedLibrary``,
  the ``Library`` of each person over the database (their copy saved with optimistic
  concurrency), with the sign-off, the comments and the submission to a round; the collection
  round's dashboard, a unit's submitted report and the live roll-up's headline figures.
"""

from assistant.account.candidates import Candidate, candidate_problems
from assistant.account.candidates import adopt as adopt_candidate
from assistant.account.candidates import dismiss as dismiss_candidate
from assistant.account.ideas import adopt_idea, ideas_in_folder
from assistant.account.model import (
    Fate,
    Follow,
    Idea,
    Measure,
    PreviousMeasure,
    PreviousProblem,
    Problem,
    ProblemOrigin,
    YearAccount,
)
from assistant.account.previous import problem_name
from assistant.cells import cell_spec, cell_specs, is_address
from assistant.chat import Answer, Proposal, Source
from assistant.checks.tables import TABLE_SECTIONS
from assistant.citations import Outcome as CitationOutcome
from assistant.citations import check_report as check_citations
from assistant.citations import summarize as summarize_citations
from assistant.collab import (
    AccessDenied,
    Actor,
    InvalidState,
    LoginRefused,
    ReportStatus,
    Role,
    SaveConflict,
    UnitState,
    Verdict,
    authenticate,
)
from assistant.collab.auditlog import LogEntry, round_log, shown_time
from assistant.collab.auditlog import verify as verify_audit_log
from assistant.collab.comments import CommentView, TargetKind, at_cell, at_sentence, whole_report
from assistant.collab.round_export import export_dashboard
from assistant.collab.rounds import (
    Dashboard,
    DashboardRow,
    RoundInfo,
    SubmissionInfo,
    accept_submission,
    dashboard,
    list_rounds,
    live_rollup,
    return_submission,
    upload_file_for_unit,
)
from assistant.collab.signoff import SECRECY_BASIS, ApprovalInfo
from assistant.db import Database
from assistant.db.url import SQLITE_FILE
from assistant.errors import NianbaoError
from assistant.export import ExportFormat
from assistant.export.layout import (
    T3_BALANCE_NOTE,
    CellRole,
    GridCell,
    TableLayout,
    table_layouts,
)
from assistant.findings import SECTION_NUMERALS, SECTION_TITLES, Finding, SectionKey, Severity
from assistant.ledger.rebuild import TABLE_NAMES, RebuildPlan
from assistant.llm import TEMPLATE
from assistant.names import family_name, plain_message, rule_name, without_paths
from assistant.parsing import REPORT_SUFFIXES
from assistant.report import Report, SplitAmbiguity
from assistant.rollup import Rollup
from assistant.services.account import (
    continue_measure,
    pending_id,
    remove_measure,
    remove_problem,
    restore_candidate,
    set_previous_measure,
    set_previous_problem,
    upsert_measure,
    upsert_problem,
)
from assistant.services.collection import Figure, Submitted, headline, submitted
from assistant.services.drafting import draft_inputs, draft_record
from assistant.services.explain import (
    CellExplanation,
    cell_story,
    edited_cells,
    explain_cell,
    explanation_text,
)
from assistant.services.export import Preview, export_file, export_open, file_stem, preview
from assistant.services.index import (
    corpus_digest,
    index_finder,
    index_ready,
    passage_finder,
    prepare_index,
)
from assistant.services.library import Library, Started
from assistant.services.local_library import LocalLibrary, open_local
from assistant.services.people import Network, People, Sessions, client_address, shared_database
from assistant.services.review import review_list
from assistant.services.session import ChatSession, Message, Origin, Pending
from assistant.services.shared_library import SharedLibrary, SignoffState, report_key
from assistant.services.start import NewReport, read_report
from assistant.settings import Settings, load_settings
from assistant.workspace import (
    CellChange,
    CellEdit,
    DraftRecord,
    Entry,
    ExportGate,
    ExportRecord,
    OpenReport,
    Replacement,
    ReviewItem,
    Version,
    cell_text,
)
from assistant.workspace.ambiguity import Resolution, candidate_text, unresolved_cells
from assistant.workspace.ambiguity import addresses as split_cells
from assistant.workspace.lastyear import YearChange, year_change
from assistant.workspace.origins import CellStory
from assistant.workspace.store import Change, readable_note, section_name

__all__ = [
    "REPORT_SUFFIXES",
    "SECRECY_BASIS",
    "SECTION_NUMERALS",
    "SECTION_TITLES",
    "SQLITE_FILE",
    "T3_BALANCE_NOTE",
    "TABLE_NAMES",
    "TABLE_SECTIONS",
    "TEMPLATE",
    "AccessDenied",
    "Actor",
    "Answer",
    "ApprovalInfo",
    "Candidate",
    "CellChange",
    "CellEdit",
    "CellExplanation",
    "CellRole",
    "CellStory",
    "Change",
    "ChatSession",
    "CitationOutcome",
    "CommentView",
    "Dashboard",
    "DashboardRow",
    "Database",
    "DraftRecord",
    "Entry",
    "ExportFormat",
    "ExportGate",
    "ExportRecord",
    "Fate",
    "Figure",
    "Finding",
    "Follow",
    "GridCell",
    "Idea",
    "InvalidState",
    "Library",
    "LocalLibrary",
    "LogEntry",
    "LoginRefused",
    "Measure",
    "Message",
    "Network",
    "NewReport",
    "NianbaoError",
    "OpenReport",
    "Origin",
    "Pending",
    "People",
    "Preview",
    "PreviousMeasure",
    "PreviousProblem",
    "Problem",
    "ProblemOrigin",
    "Proposal",
    "RebuildPlan",
    "Replacement",
    "Report",
    "ReportStatus",
    "Resolution",
    "ReviewItem",
    "Role",
    "Rollup",
    "RoundInfo",
    "SaveConflict",
    "SectionKey",
    "Sessions",
    "Settings",
    "Severity",
    "SharedLibrary",
    "SignoffState",
    "Source",
    "SplitAmbiguity",
    "Started",
    "SubmissionInfo",
    "Submitted",
    "TableLayout",
    "TargetKind",
    "UnitState",
    "Verdict",
    "Version",
    "YearAccount",
    "YearChange",
    "accept_submission",
    "adopt_candidate",
    "adopt_idea",
    "at_cell",
    "at_sentence",
    "authenticate",
    "candidate_problems",
    "candidate_text",
    "cell_spec",
    "cell_specs",
    "cell_story",
    "cell_text",
    "check_citations",
    "client_address",
    "continue_measure",
    "corpus_digest",
    "dashboard",
    "dismiss_candidate",
    "draft_inputs",
    "draft_record",
    "edited_cells",
    "explain_cell",
    "explanation_text",
    "export_dashboard",
    "export_file",
    "export_open",
    "family_name",
    "file_stem",
    "headline",
    "ideas_in_folder",
    "index_finder",
    "index_ready",
    "is_address",
    "list_rounds",
    "live_rollup",
    "load_settings",
    "open_local",
    "passage_finder",
    "pending_id",
    "plain_message",
    "prepare_index",
    "preview",
    "problem_name",
    "read_report",
    "readable_note",
    "remove_measure",
    "remove_problem",
    "report_key",
    "restore_candidate",
    "return_submission",
    "review_list",
    "round_log",
    "rule_name",
    "section_name",
    "set_previous_measure",
    "set_previous_problem",
    "shared_database",
    "shown_time",
    "split_cells",
    "submitted",
    "summarize_citations",
    "table_layouts",
    "unresolved_cells",
    "upload_file_for_unit",
    "upsert_measure",
    "upsert_problem",
    "verify_audit_log",
    "whole_report",
    "without_paths",
    "year_change",
]
