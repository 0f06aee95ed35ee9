"""PDF through LibreOffice headless: the .docx export, converted in a private temp folder.

LibreOffice runs with its own profile (``-env:UserInstallation``) so it never meets a running
office of the user, and with a font replacement table mapping the agency's fonts that are not
installed to Noto CJK SC. The conversion has a timeout; on timeout the whole process group is
killed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from assistant.errors import NianbaoError
from assistant.export.fonts import FontSettings
from assistant.libreoffice import APT_PACKAGE, OfficeFailed, find_office, run_office

DEFAULT_TIMEOUT_S = 180.0


def installed_families() -> frozenset[str] | None:
    """Font families fontconfig knows, or ``None`` when ``fc-list`` is not available."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        done = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    names: set[str] = set()
    for line in done.stdout.splitlines():
        names.update(part.strip() for part in line.split(",") if part.strip())
    return frozenset(names)


def replacement_table(fonts: FontSettings, installed: frozenset[str] | None) -> str:
    """LibreOffice ``registrymodifications.xcu`` replacing each missing agency font."""
    pairs = [(family, fallback) for family, fallback in fonts.replacements()
             if installed is None or family not in installed]
    items = [
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>'
    ]
    for i, (family, fallback) in enumerate(pairs):
        items.append(
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
            f'<node oor:name={quoteattr(f"_{i}")} oor:op="replace">'
            '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(family)}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(fallback)}</value></prop>'
            "</node></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items)
        + "\n</oor:items>\n"
    )


def _not_installed() -> NianbaoError:
    return NianbaoError(
        "未找到 LibreOffice（soffice 或 libreoffice 命令），无法导出 PDF。"
        f"请安装 Debian 软件包 {APT_PACKAGE}："
        f"sudo apt-get install --no-install-recommends {APT_PACKAGE}"
        "（或运行 scripts/system-deps.sh），也可改为导出 docx 后用 Word 另存为 PDF"
    )


def docx_to_pdf(docx: bytes, *, fonts: FontSettings | None = None,
                timeout_s: float = DEFAULT_TIMEOUT_S, name: str = "报告") -> bytes:
    """Convert .docx bytes to PDF bytes with LibreOffice; ``name`` is used in messages."""
    office = find_office()
    if office is None:
        raise _not_installed()
    fonts = fonts or FontSettings.from_env()
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(
            replacement_table(fonts, installed_families()), encoding="utf-8"
        )
        source = work / "report.docx"
        source.write_bytes(docx)
        outdir = work / "out"
        outdir.mkdir()
        command = [
            office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
            "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(source),
        ]
        try:
            stderr = run_office(command, cwd=work, timeout_s=timeout_s)
        except OfficeFailed as exc:
            if exc.timed_out:
                raise NianbaoError(
                    f"LibreOffice 转换{name}超过 {timeout_s:.0f} 秒仍未完成，已终止；请稍后重试") from None
            raise NianbaoError(exc.detail) from exc
        result = outdir / "report.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            detail = stderr.strip().splitlines()[-1] if stderr.strip() else "没有输出"
            raise NianbaoError(f"LibreOffice 未能把{name}转换为 PDF（{detail}）")
        return result.read_bytes()
