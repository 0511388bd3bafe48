"""Pick a CJK font that exists on this machine so Chinese never shows as boxes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimHei",
)


# The Linux bundle ships WenQuanYi Micro Hei here (Apache-2.0), for machines with no CJK font at
# all; a source checkout has no such folder and relies on the system's fonts.
BUNDLED_FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
_bundled_loaded = False


def cjk_family() -> str | None:
    """The first installed CJK family; failing that, the bundle's own font, loaded once."""
    global _bundled_loaded
    available = set(QFontDatabase.families())
    found = next((f for f in CJK_FAMILIES if f in available), None)
    if found is None and not _bundled_loaded and BUNDLED_FONTS.is_dir():
        _bundled_loaded = True
        for path in sorted(BUNDLED_FONTS.glob("*.tt[cf]")):
            QFontDatabase.addApplicationFont(str(path))
        return cjk_family()
    return found


def app_font(point_size: int = 11) -> QFont:
    family = cjk_family()
    font = QFont(family) if family else QFont()
    font.setPointSize(point_size)
    return font
