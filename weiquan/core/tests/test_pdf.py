"""One CJK PDF setup: both documents are built on it, and a missing font refuses before anything is written."""

from pathlib import Path

import pytest

from weiquan.core import pdf


def test_a_missing_font_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("WEIQUAN_PDF_FONT", str(tmp_path / "nowhere.ttf"))
    with pytest.raises(pdf.FontMissing):
        pdf.cjk_document()


def test_the_configured_font_wins(monkeypatch, tmp_path):
    font = tmp_path / "mine.ttf"
    font.write_bytes(b"not read here")
    monkeypatch.setenv("WEIQUAN_PDF_FONT", str(font))
    assert pdf.font_path() == font


@pytest.mark.skipif(not any(Path(p).is_file() for p in pdf.FONT_CANDIDATES),
                    reason="no CJK font installed (fonts-wqy-microhei)")
def test_a_document_writes_chinese(monkeypatch):
    monkeypatch.delenv("WEIQUAN_PDF_FONT", raising=False)
    doc = pdf.cjk_document()
    doc.title("消费纠纷案件移送函")
    doc.heading("一、当事人")
    doc.para("")
    body = doc.output()
    assert body.startswith(b"%PDF") and b"/FontFile2" in body
