"""``python -m ui``: serve the workspace on 127.0.0.1:7860 (or the LAN, with a login).

The shared mode (``--shared``, ``NIANBAO_DATABASE_URL``, or accounts already in the data folder's
``nianbao.sqlite3``) serves the reports in the database to logged-in accounts (``ui.login``);
otherwise the single-user mode: no login, the same reports database (the data folder's
``nianbao.sqlite3``) acted on by the local user, the report folders under ``data/reports`` its
working copies (``assistant.services.open_local``).

Nothing leaves the machine: the offline switches below are set before gradio (or chromadb,
or huggingface_hub) is imported, fonts are the machine's own, and no share link is made.
Everything on screen is Chinese whatever the browser's language (``ui.locale``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.services import Database, NianbaoError, open_local, shared_database
from ui.settings import UiSettings, lan_refusal, resolve

OFFLINE_ENV = {
    "GRADIO_ANALYTICS_ENABLED": "False",  # else gradio looks up api.gradio.app / huggingface.co
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "DO_NOT_TRACK": "1",
    "GRADIO_SSR_MODE": "False",  # no node server
}


def go_offline(env: dict[str, str] | None = None) -> None:
    target = os.environ if env is None else env
    target.update(OFFLINE_ENV)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ui", description="年报助手的网页界面")
    parser.add_argument("--host", help="监听地址（默认 127.0.0.1，或 NIANBAO_UI_HOST）")
    parser.add_argument("--port", type=int, help="端口（默认 7860，或 NIANBAO_UI_PORT）")
    parser.add_argument("--lan", action="store_true",
                        help="在局域网中提供服务（0.0.0.0），须设置 NIANBAO_UI_USER/NIANBAO_UI_PASSWORD")
    parser.add_argument("--data-dir", type=Path, help="数据文件夹（默认 ./data，或 NIANBAO_DATA_DIR）")
    parser.add_argument("--shared", action="store_true",
                        help="共享模式：多人登录使用数据库中的报告（审签、汇总收报）；"
                             "须先用 nianbao users add 新建账户。设置 NIANBAO_DATABASE_URL "
                             "或数据文件夹中的数据库已有账户时自动开启")
    return parser


def serve(settings: UiSettings, *, block: bool = True) -> object:
    """Build and start the app; returns the running ``gr.Blocks``."""
    go_offline()
    db = shared_database(settings.data_dir, url=settings.database_url, shared=settings.shared)
    if db is None and not settings.loopback and settings.auth is None:
        raise lan_refusal(settings.host)
    if db is not None:
        return serve_shared(settings, db, block=block)
    from ui.app import build_app, stylesheet, theme
    from ui.locale import CSS as LOCALE_CSS
    from ui.locale import launch_options

    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    settings.exports_dir.mkdir(parents=True, exist_ok=True)
    library = open_local(settings.data_dir, settings.reports_dir)
    if library.imported is not None:
        print(f"已将数据文件夹中的报告存入数据库 {library.db.shown}：{library.imported.text}", flush=True)
    demo = build_app(settings, library)
    demo.queue(default_concurrency_limit=4)
    demo.launch(
        server_name=settings.host, server_port=settings.port, auth=settings.auth,
        auth_message="请输入年报助手的登录账号和密码" if settings.auth else None,
        share=False, inbrowser=False, ssr_mode=False, quiet=True, show_error=True,
        theme=theme(), css=stylesheet() + LOCALE_CSS,
        allowed_paths=[str(settings.exports_dir.resolve())],
        footer_links=[], prevent_thread_lock=True, **launch_options(),
    )
    print(f"年报助手已就绪：{settings.url}（数据文件夹 {settings.data_dir.resolve()}）", flush=True)
    if block:
        demo.block_thread()
    return demo


def serve_shared(settings: UiSettings, db: Database, *, block: bool = True) -> object:
    """The shared mode: our login page in front, every request of the app with a session."""
    from ui.app import build_app, stylesheet, theme
    from ui.locale import CSS as LOCALE_CSS
    from ui.locale import launch_options
    from ui.login import Login

    settings.exports_dir.mkdir(parents=True, exist_ok=True)
    login = Login(db, proxies=settings.trusted_proxies)
    demo = build_app(settings, login=login)
    demo.queue(default_concurrency_limit=4)
    options = launch_options()
    app_kwargs = options.pop("app_kwargs")
    app_kwargs["middleware"] = [*app_kwargs.get("middleware", []), login.middleware()]
    app_kwargs["routes"] = login.routes()
    demo.launch(
        server_name=settings.host, server_port=settings.port, auth_dependency=login.user_of,
        share=False, inbrowser=False, ssr_mode=False, quiet=True, show_error=True,
        theme=theme(), css=stylesheet() + LOCALE_CSS,
        allowed_paths=[str(settings.exports_dir.resolve())],
        footer_links=[], prevent_thread_lock=True, app_kwargs=app_kwargs, **options,
    )
    print(f"年报助手已就绪：{settings.url}（共享模式，数据库 {db.shown}；"
          f"数据文件夹 {settings.data_dir.resolve()}）", flush=True)
    if block:
        demo.block_thread()
    return demo


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    try:
        settings = resolve(host=args.host, port=args.port, lan=args.lan, data_dir=args.data_dir,
                           shared=args.shared)
        serve(settings)
    except NianbaoError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"错误：无法启动界面：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"已停止（运行 {time.monotonic() - started:.0f} 秒）。", file=sys.stderr)
    return 0
