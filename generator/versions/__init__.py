"""Versions of the task table: issued versions frozen in `output/已印发/` (the store), two models
compared (the diff), and the key of a build's inputs that tells whether anything changed since
the last build (up to date).

May import `generator.errors`, `generator.text`, `generator.model`, `generator.snapshot`,
`generator.atomic` and `generator.workbook.schema` (the labels of 发文信息 keys). Renders no
document: the 修订对照表 is drawn by `generator.documents.revision` from a `Diff`.
"""
