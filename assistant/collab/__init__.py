"""Other people in the loop: accounts and login, the agency's sign-off, the 主管部门's
collection round, and the audit log — services over ``assistant.db``.

Every service takes the ``Database`` and the acting ``Actor`` first, runs one transaction, and
refuses in Chinese (``AccessDenied``, ``NotFound``, ``InvalidState``, ``SaveConflict``,
``LoginRefused``: all ``NianbaoError``). The UI and the CLI are thin layers over these.
"""

from assistant.collab.accounts import (
    Account,
    LoginRefused,
    authenticate,
    check_can_serve,
    get_actor,
    has_accounts,
    requires_login,
)
from assistant.collab.people import AccessDenied, Actor, InvalidState, NotFound, Role
from assistant.collab.reports import SaveConflict, StoredReport
from assistant.collab.signoff import Verdict, can_publish
from assistant.collab.status import ReportStatus, UnitState

__all__ = [
    "AccessDenied", "Account", "Actor", "InvalidState", "LoginRefused", "NotFound", "ReportStatus", "Role",
    "SaveConflict", "StoredReport", "UnitState", "Verdict", "authenticate", "can_publish", "check_can_serve",
    "get_actor", "has_accounts", "requires_login",
]
