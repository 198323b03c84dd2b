"""The 公文 taskdoc writes, drawn from the model: the layout numbers of GB/T 9704 with the page
set-ups and document defaults made of them (`layout`), title breaking and text widths
(`typeset`), the fixed wording from Jinja templates (`wording`), the parts every 公文 shares
(`official`: 版头, 主体, 版记, page numbers), their tables (`tables`: header rows, merged cells),
the notice, the letters and the 修订对照表.

May import `generator.errors`, `generator.text`, `generator.model`, `generator.docx` and, of
`generator.versions`, only `changes` and `matching` (the 修订对照表 shows a `Diff`). Jinja is
imported in `wording` only. python-docx is never imported here and its private attributes are
never used: documents call the public API of the objects `generator.docx.ooxml` hands them
(`doc.add_paragraph`, `section.footer`, `cell.paragraphs`, `doc.save`), name their types through
`ooxml`, and every piece of raw OOXML goes through `ooxml`.
"""
