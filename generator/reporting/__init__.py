"""The quarterly reporting cycle: each unit's form for a quarter (`forms`), written as a fillable
.xlsx (`form_xlsx`) and a printable .docx (`form_docx`); the returned forms read back safely
(`returns`), matched to units, quarter and tasks (`collect`), and the 汇总表 (`summary`), 情况通报
and 催报 letters (`bulletin`) made from them.

May import `generator.errors`, `generator.text`, `generator.model`, `generator.snapshot`,
`generator.atomic`, `generator.memory`, `generator.workbook`, `generator.docx` and
`generator.documents`. openpyxl only in `form_xlsx`, `returns` and `summary`; `collect` gets the
returned forms as the plain data `returns` makes of them (texts, values, cell references) and
imports `returns` for its types only, so collecting loads no openpyxl.
"""
