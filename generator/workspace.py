"""Where a workspace keeps its files: the defaults (`source/`, `templates/`, `output/`) and the
path and name of every file taskdoc writes into an output folder.

An office's workspace is one folder::

    source/decomposition.xlsx        the task workbook (--source)
    templates/                       the wording, when the office edits it (--templates)
    output/                          everything taskdoc writes (--output), laid out by `Outputs`

Nothing else in taskdoc builds an output path by hand: the renderers return documents, and the
commands save them where `Outputs` says. An issued version's folder is an output folder of its
own (the same names under `已印发/第N版/`), so a version and a build always agree.

May import `generator.text`; no third-party library.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.text.filenames import safe_filename

DEFAULT_SOURCE = Path("source") / "decomposition.xlsx"
DEFAULT_TEMPLATES = Path("templates")
DEFAULT_OUTPUT = Path("output")

LETTER_FOLDER = "交办函"
REPORT_FOLDER = "季度报表"
COLLECT_FOLDER = "汇总"
REMINDER_FOLDER = "催报"
ISSUED_FOLDER = "已印发"
REPRODUCED_FOLDER = "重现"
BUILD_RECORD = ".taskdoc-build.json"  # what the last build wrote (see versions.uptodate)
# what `collect` wrote (its own record: a collect never makes the next build think its files changed)
COLLECT_RECORD = ".taskdoc-collect.json"
EARLIER_FOLDER = "历次汇总"  # in a quarter's 汇总 folder: the summaries a later collect replaced
# a build is written into a hidden staging folder and swapped into place (see versions.uptodate)
BUILD_STAGING_PREFIX = ".生成中-"
BUILD_LOCK = ".生成中.lock"  # held while a build writes; removed after it (a kill leaves it, harmless)
PREVIEW_FOLDER = ".预览"  # the web page's pictures of documents' pages (hidden: never listed as an output)
SWAP_JOURNAL = ".替换清单.json"  # in a staging folder: the swap under way, to undo it after a kill
SET_ASIDE = ".被替换的文件"  # in a staging folder: files the swap replaced or removed, until it is done
BACKUP_FOLDER = "改动过的文件备份"  # files changed by hand (or not taskdoc's) that a build would replace

# inside 已印发/ (see versions.store)
VERSION_RECORD = "版本记录.json"
VERSION_LOCK = ".版本记录.lock"  # held while `issue` runs
STAGING_PREFIX = ".印发中-"  # a version being written, hidden until it is renamed into place
# inside a version's folder: what reproduces it, beside the documents it froze
ARCHIVE = "存档"
SNAPSHOT = f"{ARCHIVE}/模型快照.json"
ARCHIVED_TEMPLATES = f"{ARCHIVE}/模板"
VERSION_INFO = f"{ARCHIVE}/版本信息.json"


def _numbered(number: int, name: str) -> str:
    """`07_市科技局`: a unit's place on the 单位 sheet, then its name, safe as a file name."""
    return f"{number:02d}_{safe_filename(name)}"


PDF_RECORD = ".taskdoc-pdf.json"  # the PDFs `taskdoc pdf` wrote (only those are ever removed by it)
SPREADSHEET_PDF_MARK = "（表格）"


def pdf_beside(document: Path) -> Path:
    """`taskdoc pdf` puts a document's PDF beside it, under the same name; a workbook's PDF adds
    （表格）, so that the .docx and the .xlsx of one form (`…报表.docx`, `…报表.xlsx`) get two
    PDFs (`…报表.pdf`, `…报表（表格）.pdf`), not one overwriting the other."""
    if document.suffix.lower() == ".xlsx":
        return document.with_name(f"{document.stem}{SPREADSHEET_PDF_MARK}.pdf")
    return document.with_suffix(".pdf")


def is_frozen(path: Path) -> bool:
    """Whether `path` is inside an issued version's folder (已印发/…), which nothing may write into."""
    return ISSUED_FOLDER in Path(path).absolute().parts[:-1]


def _skipped_folder(name: str) -> bool:
    """Folders `taskdoc pdf` does not walk into: hidden ones (staging folders of builds and issues
    included), 已印发/ (frozen) and the backups of hand-edited files."""
    return name.startswith((".", "~$")) or name in (ISSUED_FOLDER, BACKUP_FOLDER)


@dataclass(frozen=True)
class Outputs:
    """The files of one output folder (`output/`, or an issued version's folder)."""

    root: Path

    def documents(self, suffixes: tuple[str, ...]) -> list[Path]:
        """The files of the folder and its subfolders with these suffixes, without hidden files, the
        lock files Word and WPS leave (~$…) and the folders `_skipped_folder` names: what
        `taskdoc pdf` converts when given no file and there is no build record."""
        found = []
        for folder, subfolders, files in os.walk(self.root):
            subfolders[:] = sorted(d for d in subfolders if not _skipped_folder(d))
            found += [Path(folder) / f for f in files
                      if Path(f).suffix.lower() in suffixes and not f.startswith((".", "~$"))]
        return sorted(found)

    @property
    def pdf_record(self) -> Path:
        return self.root / PDF_RECORD

    # -- the notice, the letters and the matrix (`notice`, `letters`, `build`, `issue`) -----------

    def notice(self, doc_number: str) -> Path:
        """通知_嘉政办发〔2020〕86号.docx: a new 发文字号 is a new file."""
        return self.root / f"{safe_filename('通知_' + doc_number)}.docx"

    @property
    def letters(self) -> Path:
        return self.root / LETTER_FOLDER

    def letter(self, number: int, unit: str) -> Path:
        """交办函/07_市科技局.docx: `number` is the unit's place among the named units."""
        return self.letters / f"{_numbered(number, unit)}.docx"

    @property
    def print_all(self) -> Path:
        """Every letter in one file, for printing."""
        return self.root / f"{LETTER_FOLDER}_全部单位.docx"

    @property
    def matrix(self) -> Path:
        return self.root / "单位分工矩阵.xlsx"

    # -- an issued version's extras (`issue`, from version 2 on) ------------------------------------

    @property
    def revision(self) -> Path:
        return self.root / "修订对照表.docx"

    @property
    def changed_letters(self) -> Path:
        """The letters of the units whose tasks changed, in one file."""
        return self.root / f"{LETTER_FOLDER}_需重新发送.docx"

    # -- the quarter's forms (`reports`) ------------------------------------------------------------

    def forms(self, quarter: str) -> Path:
        """季度报表/2020年第四季度/: `quarter` is the quarter's label."""
        return self.root / REPORT_FOLDER / quarter

    def form(self, quarter: str, number: int, unit: str, suffix: Literal[".xlsx", ".docx"]) -> Path:
        """A unit's form, `.xlsx` to fill in or `.docx` to print."""
        return self.forms(quarter) / f"{_numbered(number, unit)}_{quarter}报表{suffix}"

    def cover_note(self, quarter: str) -> Path:
        """The 报送通知 sent with the forms; 00_ sorts it first."""
        return self.forms(quarter) / f"00_报送通知_{quarter}.docx"

    # -- the returned forms' summary (`collect`) ----------------------------------------------------

    def collected(self, quarter: str) -> Path:
        return self.root / COLLECT_FOLDER / quarter

    def summary(self, quarter: str) -> Path:
        return self.collected(quarter) / f"汇总表_{quarter}.xlsx"

    def bulletin(self, quarter: str) -> Path:
        return self.collected(quarter) / f"情况通报_{quarter}.docx"

    def reminders(self, quarter: str) -> Path:
        """The folder of the one-per-unit 催报 letters."""
        return self.collected(quarter) / REMINDER_FOLDER

    def reminder(self, quarter: str, number: int, unit: str) -> Path:
        return self.reminders(quarter) / f"{_numbered(number, unit)}.docx"

    def joint_reminder(self, quarter: str) -> Path:
        """One 催报 letter listing every unit that has not reported (`--reminders one`)."""
        return self.collected(quarter) / f"催报通知_{quarter}.docx"

    def is_reminder(self, quarter: str, path: Path) -> bool:
        """Whether `path` is a place `collect` writes a 催报 letter of the quarter to (a file taskdoc's
        collect record lists there and this collect did not make again is removed, when unchanged:
        a unit that has reported since must not be sent it by mistake)."""
        return path.parent == self.reminders(quarter) or path == self.joint_reminder(quarter)

    def earlier_summaries(self, quarter: str, when: str) -> Path:
        """汇总/2020年第四季度/历次汇总/2021-01-08_153012/: where the 汇总表 and 情况通报 an earlier
        collect made go (same names) when a new collect replaces them; `when` is when they were
        made. The newest is always 汇总表_<quarter>.xlsx itself."""
        return self.collected(quarter) / EARLIER_FOLDER / when

    @property
    def collect_record(self) -> Path:
        return self.root / COLLECT_RECORD

    # -- versions and the build record --------------------------------------------------------------

    @property
    def issued(self) -> Issued:
        """已印发/: the record and the frozen folder of every issued version."""
        return Issued(self.root / ISSUED_FOLDER)

    @property
    def reproductions(self) -> Path:
        return self.root / REPRODUCED_FOLDER

    def reproduced(self, version_folder: str) -> Path:
        """重现/第N版/: where `reproduce N` re-renders a version (never into the frozen folder)."""
        return self.reproductions / version_folder

    @property
    def build_record(self) -> Path:
        return self.root / BUILD_RECORD

    @property
    def build_lock(self) -> Path:
        return self.root / BUILD_LOCK

    @property
    def previews(self) -> Path:
        """.预览/: the web page's PNGs of documents' pages, by the document's path under output/."""
        return self.root / PREVIEW_FOLDER

    def staging_folders(self) -> list[Path]:
        """Staging folders of builds (`build`, `notice`, `letters`, `reports`) that were interrupted."""
        return sorted(p for p in self.root.glob(f"{BUILD_STAGING_PREFIX}*") if p.is_dir())

    def backup(self, when: str) -> Path:
        """改动过的文件备份/2026-12-02_153012/: where a build moves the files it would replace that
        were changed since taskdoc wrote them (or that taskdoc did not write), under the same
        paths as in the output folder; `when` is the build's date and time."""
        return self.root / BACKUP_FOLDER / when


def version_folder_name(number: int) -> str:
    return f"第{number}版"


@dataclass(frozen=True)
class Issued:
    """已印发/: the record of the issued versions, its lock, and a frozen folder per version."""

    root: Path

    @property
    def record(self) -> Path:
        return self.root / VERSION_RECORD

    @property
    def lock(self) -> Path:
        return self.root / VERSION_LOCK

    def version(self, number: int) -> VersionFolder:
        return VersionFolder(self.root / version_folder_name(number))

    def staging_folders(self) -> list[Path]:
        """Folders an interrupted `issue` left behind."""
        return sorted(self.root.glob(f"{STAGING_PREFIX}*"))


@dataclass(frozen=True)
class Staging(Outputs):
    """A build being written (`output/.生成中-…/`): an output folder of its own, with the same names,
    plus the new build record, the journal of the swap into place and the files it set aside."""

    @property
    def journal(self) -> Path:
        return self.root / SWAP_JOURNAL

    def set_aside(self, relative: str) -> Path:
        """Where the swap moves a file of the output folder it replaces or removes (`relative`: its
        path there) until the build is complete: put back if the build is undone."""
        return self.root / SET_ASIDE / relative


@dataclass(frozen=True)
class VersionFolder(Outputs):
    """An issued version's folder (or the staging folder it is written in): an output folder with
    the documents the version froze, and its archive."""

    @property
    def snapshot(self) -> Path:
        return self.root / SNAPSHOT

    @property
    def templates(self) -> Path:
        return self.root / ARCHIVED_TEMPLATES

    @property
    def info(self) -> Path:
        return self.root / VERSION_INFO

    @staticmethod
    def is_document(name: str) -> bool:
        """Whether a file of the folder (by its path in it) is a document, not the archive."""
        return not name.startswith(ARCHIVE + "/")
