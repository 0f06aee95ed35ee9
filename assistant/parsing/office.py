"""Reading .doc, .wps, .rtf and .odt reports: LibreOffice converts them to .docx, which the
.docx reader reads.

Each conversion runs ``soffice --headless --convert-to docx`` in its own temporary folder, with
its own LibreOffice profile (``-env:UserInstallation``: conversions may run side by side, and
never meet an office the user has open) and a timeout, after which the whole process group
is killed. A file that claims to be Word 97–2003 (.doc, .wps) is opened with Word's import
filter only, so that a damaged one fails with a clear message instead of being imported as
plain text full of binary garbage.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from assistant.errors import UnreadableInput
from assistant.libreoffice import APT_PACKAGE, OfficeFailed, find_office, run_office

DEFAULT_TIMEOUT_S = 120.0
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
ODF_TEXT_MIMETYPES = (b"application/vnd.oasis.opendocument.text",)

_KIND_NAMES = {".doc": "Word 97–2003 文档（.doc）", ".wps": "WPS 文字文档（.wps）",
               ".rtf": "RTF 文档（.rtf）", ".odt": "OpenDocument 文本（.odt）"}


def office_kind(data: bytes, suffix: str) -> str | None:
    """The suffix LibreOffice should see for this content (".doc", ".wps", ".rtf", ".odt"),
    or ``None`` when the content is none of them."""
    if data.startswith(OLE2_MAGIC):
        return ".wps" if suffix in (".wps", ".wpt") else ".doc"
    if data.lstrip()[:5] == RTF_MAGIC:
        return ".rtf"
    if data.startswith(b"PK\x03\x04") and _odf_text(data):
        return ".odt"
    return None


def _odf_text(data: bytes) -> bool:
    """An OpenDocument text package: its first entry is ``mimetype``, stored uncompressed."""
    head = data[:200]
    return b"mimetype" in head[:60] and any(m in head for m in ODF_TEXT_MIMETYPES)


def _input_filter(kind: str) -> str | None:
    """Word's import filter for .doc and WPS's .wps (both the Word 97–2003 format), so that a
    damaged file fails instead of being imported as text; ``None`` lets LibreOffice detect the
    format (RTF, ODT). An MS Works .wps, rare today, fails with the advice to save as .docx."""
    return "MS Word 97" if kind in (".doc", ".wps") else None


def convert_to_docx(data: bytes, *, name: str, kind: str,
                    timeout_s: float = DEFAULT_TIMEOUT_S) -> bytes:
    """The file's content converted to .docx bytes by LibreOffice; ``UnreadableInput`` naming
    the file when LibreOffice is missing, fails or takes too long."""
    label = _KIND_NAMES.get(kind, "文档")
    office = find_office()
    if office is None:
        raise UnreadableInput(
            f"{name} 是{label}，需要 LibreOffice 转换后读取，但本机未安装 LibreOffice（找不到 soffice 命令）。"
            f"请安装 Debian 软件包 {APT_PACKAGE}（sudo apt-get install --no-install-recommends "
            f"{APT_PACKAGE}，或运行 scripts/system-deps.sh），或在 Word/WPS 中把它另存为 .docx"
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-office-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        profile.mkdir()
        source = work / f"input{kind}"
        source.write_bytes(data)
        outdir = work / "out"
        outdir.mkdir()
        command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nolockcheck", "--nodefault", "--nologo"]
        in_filter = _input_filter(kind)
        if in_filter is not None:
            command.append(f"--infilter={in_filter}")
        command += ["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(source)]
        try:
            stderr = run_office(command, cwd=work, timeout_s=timeout_s)
        except OfficeFailed as exc:
            if exc.timed_out:
                raise UnreadableInput(
                    f"{name} 无法读取：LibreOffice 转换这份{label}超过 {timeout_s:.0f} 秒仍未完成，已终止；"
                    "请稍后重试，或在 Word/WPS 中另存为 .docx") from None
            raise UnreadableInput(f"{name} 无法读取：{exc.detail}") from exc
        result = outdir / "input.docx"
        if not result.is_file() or result.stat().st_size == 0:
            detail = _last_line(stderr)
            raise UnreadableInput(
                f"{name} 无法读取：LibreOffice 未能把这份{label}转换为 .docx（{detail}）。"
                "文件可能已损坏、不完整，或并不是文字处理文档；请在 Word 或 WPS 中打开后另存为 .docx 再试"
            )
        return result.read_bytes()


def _last_line(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines()
             if ln.strip() and "javaldx" not in ln]
    if not lines:
        return "没有输出"
    line = lines[-1]
    if "could not be loaded" in line:
        return "无法打开源文件"
    return line[:200]
