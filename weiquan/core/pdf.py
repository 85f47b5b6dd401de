"""The one setup of a Chinese PDF document (the evidence bundle's cover letter, the personal data copy).

The CJK font is embedded (subset) so that a document prints the same anywhere. It comes from WEIQUAN_PDF_FONT or
Debian's fonts-wqy-microhei (installed by `.ci/run` and the production checklist); without one the document is refused
(`FontMissing`) rather than written with unreadable text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fpdf takes most of a second to import; every `weiquan` process imports this module, few write PDFs
    from fpdf import FPDF

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
FONT = "cjk"


class FontMissing(RuntimeError):
    pass


def font_path() -> Path:
    configured = os.environ.get("WEIQUAN_PDF_FONT", "").strip()
    for candidate in ((configured,) if configured else FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing("no CJK font: install fonts-wqy-microhei or set WEIQUAN_PDF_FONT to a .ttf/.ttc file")


@dataclass
class CjkDocument:
    """An A4 page with the CJK font loaded, and the three kinds of text both documents write."""

    pdf: FPDF
    width: float

    def title(self, text: str) -> None:
        self.pdf.set_font(FONT, size=16)
        self.pdf.multi_cell(self.width, 10, text, align="C")

    def heading(self, text: str, size: int = 13) -> None:
        self.pdf.set_font(FONT, size=size)
        self.pdf.ln(2)
        self.pdf.multi_cell(self.width, 8, text)

    def para(self, text: str, size: int = 10) -> None:
        self.pdf.set_font(FONT, size=size)
        self.pdf.multi_cell(self.width, 6, text or "—")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def cjk_document() -> CjkDocument:
    """A new document, or FontMissing before anything is written."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FONT, fname=str(font_path()), collection_font_number=0)
    pdf.add_page()
    return CjkDocument(pdf, pdf.w - pdf.l_margin - pdf.r_margin)


__all__ = ["FONT", "FONT_CANDIDATES", "CjkDocument", "FontMissing", "cjk_document", "font_path"]
