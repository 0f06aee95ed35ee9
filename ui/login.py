"""The shared mode's login: a Chinese page of our own, sessions by cookie, and the person behind
each Gradio event.

Gradio's own login (``launch(auth=…)``) can neither say how long to wait after repeated failures
nor pass the caller's address to the throttle, so the page at ``/login`` is ours: it calls
``authenticate`` (argon2id, throttled per account and per address, every attempt in the audit
log; behind a reverse proxy listed in ``NIANBAO_TRUSTED_PROXIES`` the address is the one the
proxy saw, from ``X-Forwarded-For``) and sets an HttpOnly cookie, its session kept in the
database so that every worker knows it. Gradio is given ``auth_dependency``: every request of the app
(the page, its config, uploads, the event queue) is refused without a live session, and each
event carries the account name (``gr.Request.username``). A visit to the page without a session
is sent to ``/login``; ``/logout`` ends the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from assistant.services import (
    AccessDenied,
    Actor,
    Database,
    LoginRefused,
    Network,
    NianbaoError,
    People,
    Sessions,
    authenticate,
    client_address,
)
from ui.locale import ASGIApp, Receive, Scope, Send

COOKIE = "nianbao-session"
LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
TITLE = "政府信息公开工作年度报告助手"
NOT_LOGGED_IN = "未登录或登录已过期：请刷新页面后重新登录"

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · {title}</title>
<style>
body {{ margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
  background: #f5f5f4; color: #1c1917;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  sans-serif; }}
main {{ background: #fff; border: 1px solid #e7e5e4; border-radius: 10px; padding: 28px 32px; width: 340px;
  box-shadow: 0 4px 18px rgba(0,0,0,.06); }}
h1 {{ font-size: 19px; margin: 0 0 4px; }}
p.nb-login-hint {{ font-size: 13px; color: #57534e; margin: 0 0 18px; }}
label {{ display: block; font-size: 14px; margin: 12px 0 4px; }}
input {{ width: 100%; box-sizing: border-box; padding: 8px 10px; font-size: 15px; border: 1px solid #d6d3d1;
  border-radius: 6px; }}
button {{ margin-top: 20px; width: 100%; padding: 9px; font-size: 15px; border: 0; border-radius: 6px;
  background: #dc2626; color: #fff; cursor: pointer; }}
#nb-login-message {{ margin: 14px 0 0; font-size: 14px; }}
#nb-login-message.nb-refused {{ color: #b91c1c; }}
</style></head>
<body><main>
<h1>{title}</h1>
<p class="nb-login-hint">多人共享使用：请用管理员为您开设的账户登录。</p>
<form method="post" action="login" id="nb-login-form">
<label for="nb-login-name">用户名</label>
<input id="nb-login-name" name="username" value="{name}" autocomplete="username" required autofocus>
<label for="nb-login-password">密码</label>
<input id="nb-login-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="nb-login-btn">登录</button>
</form>
{message}
</main></body></html>
"""


def page(message: str = "", name: str = "", *, refused: bool = False) -> str:
    shown = ""
    if message:
        css = ' class="nb-refused"' if refused else ""
        shown = f'<p id="nb-login-message"{css} role="alert">{escape(message)}</p>'
    return PAGE.format(title=TITLE, name=escape(name, quote=True), message=shown)


def current_user() -> str | None:
    """The account name of the Gradio event being handled (``None`` outside an event)."""
    from gradio.context import LocalContext

    request = LocalContext.request.get(None)
    name = getattr(request, "username", None) if request is not None else None
    return name if isinstance(name, str) and name else None


class Login:
    """The login page, the sessions and the acting person of the shared mode."""

    def __init__(self, db: Database, sessions: Sessions | None = None, *,
                 proxies: Sequence[Network] = ()) -> None:
        self.db = db
        self.sessions = sessions or Sessions(db)
        self.proxies = tuple(proxies)  # NIANBAO_TRUSTED_PROXIES: whose X-Forwarded-For is believed
        self.people = People(db)

    # --- Gradio's side ------------------------------------------------------------------------

    def user_of(self, request: Any) -> str | None:
        """``auth_dependency``: the account of the request's session, else ``None`` (refused)."""
        return self.sessions.name_of(request.cookies.get(COOKIE))

    def actor(self) -> Actor:
        """The person of the event being handled; refused when the session has gone or the
        account was disabled."""
        name = current_user()
        if name is None:
            raise AccessDenied(NOT_LOGGED_IN)
        return self.people.actor(name)

    # --- the page -----------------------------------------------------------------------------

    def routes(self) -> list[BaseRoute]:
        return [Route(LOGIN_PATH, self.show, methods=["GET"]),
                Route(LOGIN_PATH, self.submit, methods=["POST"]),
                Route(LOGOUT_PATH, self.logout, methods=["GET"])]

    def middleware(self) -> Middleware:
        return Middleware(RequireLogin, login=self)

    async def show(self, request: Request) -> Response:
        if self.user_of(request):
            return RedirectResponse(_home(request), status_code=303)
        message = "已退出登录。" if request.query_params.get("out") else ""
        return HTMLResponse(page(message))

    async def submit(self, request: Request) -> Response:
        form = await request.form()
        name = str(form.get("username") or "").strip()
        password = str(form.get("password") or "")
        address = client_address(request.client.host if request.client is not None else "",
                                 request.headers.get("x-forwarded-for"), self.proxies)
        if not name or not password:
            return HTMLResponse(page("请填写用户名和密码", name, refused=True), status_code=400)
        try:
            actor = await run_in_threadpool(authenticate, self.db, name, password, address)
        except LoginRefused as exc:
            status = 429 if exc.wait_seconds else 401
            return HTMLResponse(page(str(exc), name, refused=True), status_code=status)
        except NianbaoError as exc:  # the database cannot be reached
            return HTMLResponse(page(f"暂时无法登录：{exc}", name, refused=True), status_code=503)
        response = RedirectResponse(_home(request), status_code=303)
        response.set_cookie(COOKIE, self.sessions.start(actor.name), httponly=True, samesite="lax",
                            path="/")
        return response

    async def logout(self, request: Request) -> Response:
        self.sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse(_home(request) + "login?out=1", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response


def _home(request: Request) -> str:
    return str(request.scope.get("root_path") or "") + "/"


class RequireLogin:
    """ASGI middleware: the workspace page without a live session goes to the login page (Gradio
    would answer it with a bare “401”)."""

    def __init__(self, app: ASGIApp, login: Login) -> None:
        self.app = app
        self.login = login

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "GET" and scope.get("path") in ("", "/"):
            request = Request(scope)
            if not self.login.user_of(request):
                await RedirectResponse(_home(request) + "login", status_code=303)(scope, receive, send)
                return
        await self.app(scope, receive, send)
