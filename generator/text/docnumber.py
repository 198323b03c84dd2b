"""发文字号: 机关代字〔年份〕序号号 (GB/T 9704 §7.2.5)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOC_NUMBER = re.compile(r"^(?P<code>[^〔〕\s]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")
_DOC_NUMBER_LOOSE = re.compile(
    r"^(?P<code>.+?)\s*[〔\[【［(（﹝{｛]\s*(?P<year>\d{2,4})\s*[〕\]】］)）﹞}｝]\s*第?\s*0*(?P<serial>\d+)\s*号?$"
)


@dataclass(frozen=True)
class DocNumber:
    """A 发文字号 such as 嘉政办发〔2020〕86号."""

    code: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


def parse_doc_number(text: str) -> DocNumber | None:
    """The parts of a correctly written 发文字号, or None."""
    m = _DOC_NUMBER.match(text.strip())
    return DocNumber(m["code"], int(m["year"]), int(m["serial"])) if m else None


def suggest_doc_number(text: str) -> str | None:
    """The correct spelling of a wrongly written 发文字号 ([2020] → 〔2020〕, 第086号 → 86号)."""
    m = _DOC_NUMBER_LOOSE.match(text.strip())
    if not m or len(m["year"]) != 4 or int(m["serial"]) == 0:
        return None
    return str(DocNumber(m["code"].strip(), int(m["year"]), int(m["serial"])))
