"""Versions of the task table: issued versions frozen in `output/已印发/` (`store`), two models
compared (`matching` pairs their clauses and measures, `changes` lists what changed and holds
`compare`, `effects` names the units whose letters change), and the builds of the output folder
(`uptodate`): the key of a build's inputs that tells whether anything changed since the last one,
the record of every file a build wrote with its hash, and the all-or-nothing swap of a build's
staging folder into place (hand-edited files backed up, a killed build recovered).

May import `generator.errors`, `generator.text`, `generator.model`, `generator.snapshot`,
`generator.atomic`, `generator.workspace` (where 已印发, 重现 and the build record are) and
`generator.workbook.schema` (the labels of 发文信息 keys). Renders no
document and prints nothing: the 修订对照表 is drawn by `generator.documents.revision` from a
`changes.Diff`, the terminal report by `generator.cli.console`.
"""
