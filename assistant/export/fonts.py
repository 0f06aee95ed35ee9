"""Font names for exported documents: the agency's own fonts, with Noto CJK SC as fallback.

Government documents name 仿宋_GB2312 / 黑体 / 方正小标宋简体 / 楷体_GB2312 (GB/T 9704). Machines
without them (servers, Linux) render Chinese with Noto CJK; the fallback names are written into
the documents (CSS font stacks, the docx font table) and into LibreOffice's replacement table
when converting to PDF. Settings are read from the environment when asked, never at import.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from assistant.settings import load_settings


class FontSettings(BaseModel):
    """Font family names, one per typographic role."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    body: str = Field(default="仿宋_GB2312", description="正文（仿宋）")
    heading: str = Field(default="黑体", description="一级标题（黑体）")
    subheading: str = Field(default="楷体_GB2312", description="二级标题（楷体）")
    title: str = Field(default="方正小标宋简体", description="文件标题（小标宋）")
    latin: str = Field(default="Times New Roman", description="数字和西文")
    serif_fallback: str = Field(default="Noto Serif CJK SC", description="缺少宋体、仿宋、楷体时使用")
    sans_fallback: str = Field(default="Noto Sans CJK SC", description="缺少黑体时使用")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> FontSettings:
        """Settings from ``NIANBAO_FONT_BODY``, ``…_HEADING``, ``…_SUBHEADING``, ``…_TITLE``,
        ``…_LATIN``, ``…_SERIF_FALLBACK``, ``…_SANS_FALLBACK`` (see :mod:`assistant.settings`);
        unset ones keep the defaults."""
        settings = load_settings(environ)
        return cls(**{name: getattr(settings, f"font_{name}") for name in cls.model_fields})

    def fallback_for(self, family: str) -> str:
        """The Noto family that stands in for ``family`` when it is not installed."""
        return self.sans_fallback if family == self.heading else self.serif_fallback

    def replacements(self) -> tuple[tuple[str, str], ...]:
        """(agency font, fallback) pairs, each family once."""
        seen: dict[str, str] = {}
        for family in (self.body, self.heading, self.subheading, self.title, self.latin):
            if family not in (self.serif_fallback, self.sans_fallback):
                seen.setdefault(family, self.fallback_for(family))
        return tuple(seen.items())

    def css_stack(self, family: str) -> str:
        """A CSS ``font-family`` value: the agency font, common system names, then Noto."""
        generic = "sans-serif" if family == self.heading else "serif"
        names = [family, *_SYSTEM_ALIASES.get(family, ()), self.fallback_for(family)]
        unique = list(dict.fromkeys(names))
        return ", ".join(f'"{n}"' for n in unique) + f", {generic}"


# Names the same design goes by on Windows and macOS, so a browser finds one of them.
_SYSTEM_ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋", "FangSong", "STFangsong"),
    "仿宋": ("FangSong", "STFangsong"),
    "黑体": ("SimHei", "STHeiti", "Microsoft YaHei"),
    "楷体_GB2312": ("楷体", "KaiTi", "STKaiti"),
    "楷体": ("KaiTi", "STKaiti"),
    "方正小标宋简体": ("方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "SimSun"),
}
