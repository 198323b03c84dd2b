"""Returned forms: untrusted .xlsx files from other offices, checked before openpyxl opens them,
then read into plain data (`ReturnedForm`: texts, values and cell references as strings) that
`collect.py` matches against the task table without openpyxl.

Nothing in the folder is ever written: files are only opened for reading. A file that fails a
check gets a Problem naming it and is skipped; the other files are still read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.worksheet import Worksheet

from generator.errors import Location, Problem, Severity, os_reason
from generator.reporting.form_xlsx import (
    COL,
    FIRST_TASK_ROW,
    FORM_SHEET,
    HEADER_ROW,
    IDENTITY_KEYS,
    IDENTITY_SHEET,
    PROPERTY_PREFIX,
    ROW_MAP_FIRST,
    custom_properties,
    head_cells,
    identity_from,
)
from generator.reporting.forms import FORM_KIND, OWN_HEADERS, FormIdentity
from generator.text.dates import parse_quarter
from generator.workbook.safeopen import ZipLimits, cell_text, declares_dtd, zip_excess

# Limits for files from outside: a form is a few hundred KB at provincial scale.
MAX_FILE_BYTES = 20 * 2**20  # on disk
FORM_LIMITS = ZipLimits(unpacked_bytes=50 * 2**20, members=1000)
MAX_FORM_ROWS = 5000  # rows of a form read at most, whatever the file claims
MAX_FORM_COLUMNS = 100  # columns of a form's header row read at most
MB = 2**20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, WPS .et, and encrypted OOXML
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the stream a password-protected .xlsx holds
ENTITY_MESSAGE = "文件含有 XML 实体或文档类型声明（正常报表不会有，可能是恶意构造的文件），已拒绝读取"
ENTITY_FIX = "请让该单位用 Excel 或 WPS 重新保存报表后报送"
FORM_SUFFIXES = (".xlsx", ".xlsm")
OLD_FORMATS = {".xls": "Excel 97-2003 工作簿（.xls）", ".et": "WPS 表格文件（.et）", ".ett": "WPS 表格模板（.ett）",
               ".xlsb": "Excel 二进制工作簿（.xlsb）", ".xlt": "Excel 97-2003 模板（.xlt）"}
SAVE_AS = "请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（*.xlsx）后重新放入文件夹"
_QUARTER_IN_TITLE = re.compile(r"(\d{4})年第([一二三四])季度")


@dataclass(frozen=True)
class FormCells:
    """Where a form's fields are, as problems name them: plain references, so that the collector
    can point at a cell without openpyxl."""

    sheet: str  # the form's sheet
    head: dict[str, str]  # header field (`unit`, `date` …) -> the cell it is typed in, e.g. "C3"
    columns: dict[str, str]  # task field (`measure`, `status` …) -> its column letter
    measure_header: str = "落实措施"  # the items' column's header as the form shows it (工作任务 …)

    def task(self, field: str, row: int) -> str:
        """The A1 reference of a task field in a form row."""
        return f"{self.columns[field]}{row}"


def form_cells(columns: dict[str, int], measure_header: str = "落实措施") -> FormCells:
    """Where a form's fields are, from its columns (field -> column number) and the header its
    items' column shows: the header fields stand where `form_xlsx.head_cells` put them for these
    columns."""
    head = head_cells(columns["measure"], columns["status"], columns["remarks"])
    return FormCells(sheet=FORM_SHEET, head={field: value.split(":")[0] for field, (_, value) in head.items()},
                     columns={field: get_column_letter(col) for field, col in columns.items()},
                     measure_header=measure_header)


FORM_CELLS = form_cells(COL)  # a form of the usual shape (every form written before forms followed the table's)


@dataclass(frozen=True)
class ReturnedRow:
    """One task row of a returned form, as the unit left it."""

    row: int  # the form's row
    key: str  # the measure's place from the row map ("" when the form has none)
    measure: str  # the task text the form shows now
    original: str  # the task text as issued (row map), "" when unknown
    progress: str = ""
    status: str = ""
    problems: str = ""
    next_steps: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class ReturnedForm:
    """A returned form read back: its identity (if it kept one), header fields and task rows."""

    file: str  # the file's name, as messages show it
    identity: FormIdentity | None  # None: the form lost its identity (copied into a new workbook)
    header_unit: str  # 填报单位 as shown
    header_quarter: tuple[int, int] | None  # the quarter named in the title
    reporter: str
    phone: str
    date: object  # 填报日期 as typed: text, a number, a date (or datetime), or None
    modified: dt.datetime  # the file's modification time
    rows: tuple[ReturnedRow, ...]
    cells: FormCells = FORM_CELLS  # where the form's fields are: its columns as its header row shows them

    @property
    def quarter(self) -> tuple[int, int] | None:
        """(year, quarter) the form is for: its identity's, else the one its title names."""
        return parse_quarter(self.identity.quarter) if self.identity else self.header_quarter


@dataclass
class Returns:
    """Everything read from a folder: the forms that could be read and every file's problems."""

    forms: list[ReturnedForm]
    problems: list[Problem]
    files: list[str]  # every file looked at


class Refused(Exception):
    """A file that cannot be read as a form; the message is for the clerk."""

    def __init__(self, message: str, fix: str = SAVE_AS) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def read_returns(folder: Path, progress: Callable[[str], None] = lambda _: None) -> Returns:
    """Read every form in the folder and its subfolders (a folder per unit, a mail download …),
    each named by its path in the folder; Office/WPS lock files and hidden files are ignored, links
    and what is not a regular file (a named pipe, a device) are reported and never opened."""
    result = Returns([], [], [])
    for path, name in _files(Path(folder)):
        shown, recoded = _shown_name(name)
        result.files.append(shown)
        if recoded:
            which = "文件名" if _shown_name(name.rsplit("/", 1)[-1])[1] else "所在文件夹的名称"
            result.problems.append(Problem(
                Severity.WARNING, Location(shown), f"{which}不是 UTF-8 编码（多半是在 Windows 上压缩、在这里解压的），"
                "按 GBK 编码识读为上面的名字", f"报表照常读取；需要时可把{which}改成正常显示的名字"))
        suffix = path.suffix.lower()
        if suffix not in FORM_SUFFIXES and suffix not in OLD_FORMATS:
            result.problems.append(Problem(Severity.WARNING, Location(shown), "不是 Excel 报表，未汇总",
                                           "如是某单位报回的报表，请让其报送 .xlsx 格式"))
            continue
        if (odd := _not_a_plain_file(path)) is not None:
            result.problems.append(Problem(Severity.ERROR, Location(shown), *odd))
            continue
        progress(f"读取 {shown}")
        try:
            result.forms.append(read_return(path, shown))
        except Refused as err:
            result.problems.append(Problem(Severity.ERROR, Location(shown), err.message, err.fix))
    return result


def _files(folder: Path) -> list[tuple[Path, str]]:
    """(path, path within the folder) of its files, subfolders included, in name order; lock files
    (~$表.xlsx, .~lock.表.xlsx#) and hidden files and folders left out, links to folders not followed."""
    found: list[tuple[Path, str]] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(("~$", ".")):
                path = Path(top) / name
                found.append((path, path.relative_to(folder).as_posix()))
    return sorted(found, key=lambda f: f[1].split("/"))


def _not_a_plain_file(path: Path) -> tuple[str, str] | None:
    """Why a path the folder lists must not be opened (a link may point anywhere, a named pipe blocks
    the read for ever), and what to do, or None for a regular file."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as err:
        return f"无法读取文件信息（{os_reason(err)}）", "请检查该文件是否还在、是否有权限读取"
    if stat.S_ISLNK(mode):
        return "是一个链接（快捷方式），不是报表文件本身，未读取", "请把报表文件本身（而不是链接或快捷方式）放进文件夹"
    if not stat.S_ISREG(mode):
        return "不是普通文件（是命名管道、设备等特殊文件），未读取", "这不是报表，请把它移出文件夹"
    return None


def _shown_name(name: str) -> tuple[str, bool]:
    """A file name as messages print it, and whether it had to be recoded. On Linux a name that is
    not UTF-8 arrives with surrogate escapes, which cannot be printed or saved: such names are
    almost always GBK (Windows' encoding for Chinese, kept by zip tools), else their bytes are
    shown replaced."""
    try:
        name.encode("utf-8")
        return name, False
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gbk"), True
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), True


def read_return(path: Path, name: str | None = None) -> ReturnedForm:
    """Check one file and read it as a form (`name`: how messages call it, its file name by
    default); raises Refused with the reason."""
    check_file(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return _read(path, wb, name or path.name)
        finally:
            wb.close()
    except Refused:
        raise
    except DefusedXmlException as err:
        raise Refused(ENTITY_MESSAGE, ENTITY_FIX) from err
    except Exception as err:  # corrupt XML, a CRC mismatch, what openpyxl cannot parse
        raise Refused(f"无法读取：文件已损坏或不是 Excel 保存的工作簿（{type(err).__name__}）") from err


def check_file(path: Path) -> None:
    """Refuse what must not reach openpyxl: what is not a regular file, old or encrypted formats,
    non-zips, oversized and zip bombs."""
    if (odd := _not_a_plain_file(path)) is not None:
        raise Refused(*odd)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Refused(f"文件太大（{size / MB:.1f} MB，报表文件上限 {MAX_FILE_BYTES // MB} MB）",
                      "请检查是否报错了文件；报表中不要插入图片或附件")
    with path.open("rb") as f:
        head = f.read(len(OLE_MAGIC))
    suffix = path.suffix.lower()
    if head == OLE_MAGIC:
        if suffix in OLD_FORMATS:
            raise Refused(f"这是{OLD_FORMATS[suffix]}，只能汇总 .xlsx 报表")
        if _has_stream(path, ENCRYPTED_STREAM):
            raise Refused("文件设置了打开密码，无法读取",
                          "请让该单位取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后重新报送")
        raise Refused("这是 Excel 97-2003 或 WPS 格式（.xls/.et）的文件，只是扩展名为 .xlsx")
    if suffix in OLD_FORMATS:
        raise Refused(f"这是{OLD_FORMATS[suffix]}，只能汇总 .xlsx 报表")
    if not zipfile.is_zipfile(path):
        raise Refused("不是有效的 .xlsx 文件（已损坏，或是改了扩展名的其他文件）")
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise Refused("不是有效的 .xlsx 文件（压缩包已损坏）") from err
    if (excess := zip_excess(members, FORM_LIMITS)) is not None:
        raise Refused(f"{excess}，已拒绝读取", "请让该单位重新报送原报表，不要在报表中插入大量内容")
    try:
        dtd = declares_dtd(path, members)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as err:
        raise Refused("不是有效的 .xlsx 文件（压缩包已损坏）") from err
    if dtd:
        raise Refused(ENTITY_MESSAGE, ENTITY_FIX)
    if not any(m.filename == "xl/workbook.xml" for m in members):
        kind = "Word 文档" if any(m.filename.startswith("word/") for m in members) else "Excel 工作簿"
        raise Refused(f"不是 Excel 工作簿（是{kind}改了扩展名）" if kind != "Excel 工作簿"
                      else "不是 Excel 工作簿（压缩包中没有 xl/workbook.xml）", "请让该单位报送 .xlsx 报表")


def _has_stream(path: Path, name: bytes, chunk: int = 2**20) -> bool:
    """Whether an OLE2 file names a stream (directory entries hold names in UTF-16); read in chunks."""
    tail = b""
    with path.open("rb") as f:
        while block := f.read(chunk):
            if name in tail + block:
                return True
            tail = block[-len(name):]
    return False


def _read(path: Path, wb: Workbook, name: str) -> ReturnedForm:
    ws, columns, measure_header = _form_sheet(wb)
    cells = form_cells(columns, measure_header)
    identity, row_map = _identity(wb)
    last = max((r for r, *_ in row_map), default=FIRST_TASK_ROW + MAX_FORM_ROWS)
    values: dict[tuple[int, int], object] = {}
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=min(last, FIRST_TASK_ROW + MAX_FORM_ROWS),
                                         max_col=max(columns.values()), values_only=True), 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                values[(r, c)] = value

    def text(row: int, field: str) -> str:
        return cell_text(values.get((row, columns[field])))

    def head(field: str) -> object:
        return values.get(coordinate_to_tuple(cells.head[field]))

    if not row_map:  # no identity sheet: the rows are those with a serial number
        r = FIRST_TASK_ROW
        while r < FIRST_TASK_ROW + MAX_FORM_ROWS and text(r, "serial").isdigit():
            row_map.append((r, "", ""))
            r += 1
    rows = tuple(
        ReturnedRow(row=r, key=key, measure=text(r, "measure"), original=original, progress=text(r, "progress"),
                    status=text(r, "status"), problems=text(r, "problems"), next_steps=text(r, "next_steps"),
                    remarks=text(r, "remarks"))
        for r, key, original in row_map
    )
    title = cell_text(values.get((1, 1)))
    quarter = _QUARTER_IN_TITLE.search(title)
    return ReturnedForm(
        file=name, identity=identity, header_unit=cell_text(head("unit")),
        header_quarter=parse_quarter(quarter[0]) if quarter else None,
        reporter=cell_text(head("reporter")), phone=cell_text(head("phone")),
        date=head("date"), modified=dt.datetime.fromtimestamp(path.stat().st_mtime), rows=rows, cells=cells)


def _columns(ws: Worksheet) -> tuple[dict[str, int], str] | None:
    """field -> column number of the form's own columns (序号, 本单位职责 and the input ones), found
    by their headers in the header row, and of the items' column, the one right before 本单位职责
    (headed as the office heads its items: 工作任务, 市级落实措施 …, or 落实措施 on a form of the
    old layout), with that header; None when one is missing (not a form)."""
    header = next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=MAX_FORM_COLUMNS,
                               values_only=True), ())
    found: dict[str, int] = {}
    for col, value in enumerate(header, 1):
        field = OWN_HEADERS.get(cell_text(value))
        if field is not None and field not in found:
            found[field] = col
    if len(found) < len(OWN_HEADERS) or found["role"] - 1 in (0, found["serial"]):
        return None
    measure = found["role"] - 1
    return {**found, "measure": measure}, cell_text(header[measure - 1])


def _form_sheet(wb: Workbook) -> tuple[Worksheet, dict[str, int], str]:
    """The form's sheet, its columns and its items' header: the sheet by name, else the first
    sheet whose header row has the form's own headers. A form's columns follow its table's shape,
    so they are found by their headers; a sheet of the form's name without them is read in the
    usual layout (`COL`, the layout of every form before forms followed the table's shape).

    A read-only workbook's sheets are ReadOnlyWorksheets; types-openpyxl types them as the
    Worksheet whose reading methods (iter_rows) they share."""
    if FORM_SHEET in wb.sheetnames:
        named = wb[FORM_SHEET]
        return (named, *(_columns(named) or (dict(COL), FORM_CELLS.measure_header)))
    for ws in wb.worksheets:
        found = _columns(ws)
        if found is not None:
            return (ws, *found)
    sheets = "、".join(wb.sheetnames)
    raise Refused(f"不是季度报表：没有“{FORM_SHEET}”工作表，也没有表头与报表相同的工作表（现有：{sheets}）",
                  "请让该单位用下发的报表填报，不要改动表格结构")


def _identity(wb: Workbook) -> tuple[FormIdentity | None, list[tuple[int, str, str]]]:
    """The identity (hidden sheet first, custom properties second) and the row map
    (form row, measure key, task text as issued)."""
    identity: FormIdentity | None = None
    row_map: list[tuple[int, str, str]] = []
    if IDENTITY_SHEET in wb.sheetnames:
        rows = list(wb[IDENTITY_SHEET].iter_rows(min_row=1, max_row=ROW_MAP_FIRST + MAX_FORM_ROWS, max_col=4,
                                                 values_only=True))
        pairs = {cell_text(r[0]): r[1] for r in rows[:len(IDENTITY_KEYS)] if r and r[0] is not None}
        identity = identity_from(pairs)
        for r in rows[ROW_MAP_FIRST - 1:]:
            if not r or r[0] is None or not cell_text(r[0]).isdigit():
                break
            row_map.append((int(cell_text(r[0])), cell_text(r[1]), cell_text(r[3])))
    if identity is None:
        props = {p.name.removeprefix(PROPERTY_PREFIX): p.value for p in custom_properties(wb)
                 if p.name.startswith(PROPERTY_PREFIX)}
        identity = identity_from(props)
    if identity is not None and identity.kind != FORM_KIND:
        return None, row_map
    return identity, row_map
