"""The fillable quarterly form (.xlsx): task cells locked, input cells open, a status dropdown.

The layout below is also the contract with the reader of returned forms: it finds the form by
FORM_SHEET, its identity in the very hidden IDENTITY_SHEET (and, as a second copy, in the file's
custom properties), the rows through the identity sheet's row map, and the columns by their
headers in HEADER_ROW (`forms.OWN_HEADERS`: a form's columns follow the table's shape), the items'
column, headed as the office heads it (工作任务, 市级落实措施 …; 落实措施 on forms of the old
layout), as the one right before 本单位职责; the header fields above the table stand where
`head_cells` puts them for those columns.

Sheet protection has no password: it only keeps a unit from overwriting its task texts by
accident (any user can lift it in Excel or WPS through 审阅 → 撤销工作表保护).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.packaging.custom import CustomPropertyList, IntProperty, StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.atomic import save_atomically
from generator.errors import TaskdocError
from generator.reporting.forms import (
    COLUMNS,
    HEAD_FIELDS,
    INPUT_FIELDS,
    WORDING,
    FormIdentity,
    FormRow,
    ReportForm,
)
from generator.workbook.schema import REPORTING_SHEET
from generator.workbook.xlsx import (
    INPUT_ROW_PADDING_PT,
    LINE_HEIGHT_PT,
    NOTE_PADDING_PT,
    ROW_PADDING_PT,
    CellValue,
    StyleName,
    body_cell,
    cell_at,
    clipped,
    first_sheet,
    header_row,
    lines_needed,
    merge,
    merge_runs,
    print_setup,
    put,
    set_footer,
    sheet_title,
    style,
)

if TYPE_CHECKING:
    from generator.documents.wording import Wording

FORM_SHEET = "季度报表"
IDENTITY_SHEET = "taskdoc_form"  # very hidden: not listed by Excel's or WPS's 取消隐藏
PROPERTY_PREFIX = "taskdoc."  # custom document properties: taskdoc.unit, taskdoc.quarter …

TITLE_ROW = 1
HEAD_ROWS = (2, 3)  # 填报单位 and the header fields
HEADER_ROW = 4
FIRST_TASK_ROW = 5
WIDTHS = {"serial": 5, "clause": 16, "measure": 42, "role": 7, "lead": 13, "deadline": 10, "leader": 10,
          "note": 14, "progress": 40, "status": 11, "problems": 22, "next_steps": 22, "remarks": 12}
EXTRA_WIDTH = 14  # a column the office added (extra:<header>)
MIN_INPUT_LINES = 4  # room to type in every task row
COL = {field: i for i, (field, _) in enumerate(COLUMNS, 1)}  # field -> column number, forms of the usual shape

def columns_of(form: ReportForm) -> dict[str, int]:
    """field -> column number of a form's columns."""
    return {field: i for i, (field, _) in enumerate(form.all_columns, 1)}


HEAD_LABEL_WIDTH = 9  # the columns under 填报单位's label hold it on one line: a flat list's 序号 is widened


def widths_of(form: ReportForm) -> dict[str, float]:
    """field -> width of a form's columns."""
    widths: dict[str, float] = {field: WIDTHS.get(field, EXTRA_WIDTH) for field, _ in form.all_columns}
    fields = list(widths)
    before = sum(widths[f] for f in fields[:fields.index("measure")])
    if before < HEAD_LABEL_WIDTH:
        widths[fields[0]] += HEAD_LABEL_WIDTH - before
    return widths


def head_cells(measure: int, status: int, last: int) -> dict[str, tuple[str, str]]:
    """Where the header fields sit, for a form whose items', 完成情况 and last columns are these:
    field -> (label cell range, value cell range). Row 2 holds 填报单位 (its label over the columns
    before the measure, the name over the measure), 填报人 and 联系电话; row 3 填报日期, 单位负责人 and
    报送截止, in the same columns. The unit's name and the deadline are written by us, the others
    are input. The reader of returned forms finds the same cells from the same three columns."""
    second_label_end = max(measure + 1, min(measure + 2, status - 2))
    spans = [(1, measure - 1, measure, measure), (measure + 1, second_label_end, second_label_end + 1, status - 1),
             (status, status, status + 1, last)]
    cells = {}
    for row, fields in ((2, ("unit", "reporter", "phone")), (3, ("date", "head", "deadline"))):
        for field, (a, b, c, d) in zip(fields, spans):
            cells[field] = (f"{get_column_letter(a)}{row}:{get_column_letter(b)}{row}",
                            f"{get_column_letter(c)}{row}:{get_column_letter(d)}{row}")
    return cells


HEAD_CELLS = head_cells(COL["measure"], COL["status"], len(COLUMNS))  # a form of the usual shape
HEAD_LABELS = {"unit": "填报单位", "deadline": "报送截止", **dict(HEAD_FIELDS)}

# The identity sheet: key | value rows, then the row map (form row | measure key | task text).
IDENTITY_KEYS = ("kind", "format", "unit", "quarter", "form_id", "table_hash")
ROW_MAP_HEADER = ("表格行", "任务位置", "条款", "落实措施", "本单位职责")
ROW_MAP_FIRST = len(IDENTITY_KEYS) + 3  # after the keys, a blank row and the map's header


def write_form(form: ReportForm, path: Path, wording: Wording) -> None:
    """Write one unit's fillable form."""
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = FORM_SHEET
    columns = form.all_columns
    col = columns_of(form)
    widths = widths_of(form)
    sheet_title(ws, wording.text(WORDING, "form_title", table_name=form.table_name, quarter=form.quarter.label),
                len(columns), 40, row=TITLE_ROW)
    _head(ws, form, head_cells(col["measure"], col["status"], len(columns)))
    header_row(ws, HEADER_ROW, [label for _, label in columns], [widths[f] for f, _ in columns])
    last = _tasks(ws, form, col, widths)
    _status_list(ws, form, last, wording, col["status"])
    _instructions(ws, form, last + 2, wording)

    ws.freeze_panes = ws.cell(FIRST_TASK_ROW, col["measure"] + 1).coordinate
    print_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    set_footer(ws, left=(f"{form.unit_name}　{form.quarter.label}",))  # & in a name printed as written
    ws.protection.sheet = True  # no password: see the module docstring
    ws.protection.formatRows = False  # units may make a row taller for a long answer
    ws.protection.formatColumns = False

    _identity(wb, form)
    save_atomically(Path(path), wb.save)


def _merge(ws: Worksheet, ref: str, value: CellValue, style_name: StyleName) -> None:
    first, last = ref.split(":")
    for row in ws[ref]:  # every cell of a merged range keeps the border and protection
        for c in row:
            c.style = style(ws, style_name)
    put(ws[first], value)
    if first != last:
        merge(ws, ref)


def _head(ws: Worksheet, form: ReportForm, cells: dict[str, tuple[str, str]]) -> None:
    deadline = form.quarter.deadline_text
    ours = {"unit": form.unit_name, "deadline": deadline}
    for field, (label_ref, value_ref) in cells.items():
        _merge(ws, label_ref, HEAD_LABELS[field], "taskdoc-label")
        _merge(ws, value_ref, ours.get(field, ""), "taskdoc-body" if field in ours else "taskdoc-input")
    for row in HEAD_ROWS:
        ws.row_dimensions[row].height = 2 * LINE_HEIGHT_PT + ROW_PADDING_PT


def _tasks(ws: Worksheet, form: ReportForm, col: dict[str, int], widths: dict[str, float]) -> int:
    """The task rows, the heading's cell merged over its rows as in the letters (a form without a
    heading column has none); returns the last row."""
    headings = [task.clause for task in form.rows]
    for i, task in enumerate(form.rows):
        _task_row(ws, FIRST_TASK_ROW + i, task, form, col, widths,
                  with_heading=i == 0 or headings[i - 1] != task.clause)
    if "clause" in col:
        merge_runs(ws, col["clause"], FIRST_TASK_ROW, headings)
    return FIRST_TASK_ROW + len(form.rows) - 1


def _task_row(ws: Worksheet, row: int, task: FormRow, form: ReportForm, col: dict[str, int],
              widths: dict[str, float], with_heading: bool) -> None:
    """One task's row: its texts (the heading only in the first row of its run), then the input cells."""
    lines = MIN_INPUT_LINES
    for field, _ in form.columns:
        value = task.value(field) if field != "clause" or with_heading else None
        value = clipped(value) if value else value  # the heading column joins clause and group headings
        body_cell(ws, row, col[field], value, centered=field not in ("clause", "measure", "note")
                  and not field.startswith("extra:"))
        lines = max(lines, lines_needed(value or "", widths[field]))
    for field, _ in INPUT_FIELDS:
        body_cell(ws, row, col[field], None, style_name="taskdoc-input")
    ws.row_dimensions[row].height = lines * LINE_HEIGHT_PT + INPUT_ROW_PADDING_PT


def _status_list(ws: Worksheet, form: ReportForm, last: int, wording: Wording, status_column: int) -> None:
    """完成情况: a dropdown of the status vocabulary; other values are refused."""
    for status in form.statuses:
        if any(ch in status for ch in ',"'):
            raise TaskdocError(f"完成情况选项“{status}”含有逗号或引号，不能用作下拉列表", sheet=REPORTING_SHEET,
                               fix="请去掉选项中的逗号和引号")
    formula = '"' + ",".join(form.statuses) + '"'
    if len(formula) > 255:  # Excel's limit for a list written in place
        raise TaskdocError("完成情况选项合计超过 255 个字符，Excel 的下拉列表放不下", sheet=REPORTING_SHEET,
                           fix="请减少或缩短选项")
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                        showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                        promptTitle="完成情况", prompt=wording.text(WORDING, "status_prompt", statuses=form.statuses),
                        errorTitle="完成情况", error=wording.text(WORDING, "status_error", statuses=form.statuses))
    ws.add_data_validation(dv)
    if last >= FIRST_TASK_ROW:
        column = get_column_letter(status_column)
        dv.add(f"{column}{FIRST_TASK_ROW}:{column}{last}")


def _instructions(ws: Worksheet, form: ReportForm, row: int, wording: Wording) -> None:
    deadline = form.quarter.deadline_text
    text = wording.text(WORDING, "instructions", quarter=form.quarter.label, unit=form.unit_name,
                        deadline=deadline, statuses=form.statuses, coordinator=form.coordinator, method=form.method,
                        **form.wording)
    last = get_column_letter(len(form.all_columns))
    _merge(ws, f"A{row}:{last}{row}", "填报说明", "taskdoc-label")
    _merge(ws, f"A{row + 1}:{last}{row + 1}", text, "taskdoc-body")
    total = sum(widths_of(form).values())
    ws.row_dimensions[row + 1].height = lines_needed(text, total) * LINE_HEIGHT_PT + NOTE_PADDING_PT


def _identity(wb: Workbook, form: ReportForm) -> None:
    """The form's identity and row map, in a very hidden sheet and as custom properties."""
    ident = form.identity
    ws: Worksheet = wb.create_sheet(IDENTITY_SHEET)
    ws.sheet_state = "veryHidden"
    for row, key in enumerate(IDENTITY_KEYS, 1):
        put(cell_at(ws, row, 1), key)
        put(cell_at(ws, row, 2), getattr(ident, key))
    for col, label in enumerate(ROW_MAP_HEADER, 1):
        put(cell_at(ws, ROW_MAP_FIRST - 1, col), label)
    for i, task in enumerate(form.rows):
        values: tuple[CellValue, ...] = (FIRST_TASK_ROW + i, task.key, clipped(task.clause), task.measure,
                                         task.role.value)
        for col, value in enumerate(values, 1):
            put(cell_at(ws, ROW_MAP_FIRST + i, col), value)
    ws.protection.sheet = True
    properties = custom_properties(wb)
    for key in IDENTITY_KEYS:
        value = getattr(ident, key)
        name = PROPERTY_PREFIX + key
        properties.append(IntProperty(name=name, value=value) if isinstance(value, int)
                          else StringProperty(name=name, value=value))
    wb.properties.title = FORM_SHEET
    wb.properties.subject = f"{form.unit_name} {form.quarter.label}"
    wb.properties.identifier = ident.form_id


def custom_properties(wb: Workbook) -> CustomPropertyList[Any]:
    """The workbook's custom document properties, where a form keeps the second copy of its identity."""
    # every openpyxl Workbook has them (since 3.1), but types-openpyxl does not declare the attribute
    properties: CustomPropertyList[Any] = wb.custom_doc_props  # type: ignore[attr-defined]
    return properties


def identity_from(values: Mapping[str, object]) -> FormIdentity | None:
    """A FormIdentity from key -> value pairs read back (hidden sheet or custom properties)."""
    try:
        number = values["format"]
        if not isinstance(number, (str, int, float)):
            return None
        return FormIdentity(unit=str(values["unit"]), quarter=str(values["quarter"]),
                            form_id=str(values["form_id"]), table_hash=str(values["table_hash"]),
                            kind=str(values["kind"]), format=int(number))
    except (KeyError, ValueError):
        return None
