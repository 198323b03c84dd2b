"""The .docx layer: python-docx and the raw OOXML it has no API for (`ooxml`), the values it is
given (`parameters`: page set-ups, document defaults, cell margins), and joining finished .docx
files into one print-all file without python-docx (`join`).

Knows nothing of GB/T 9704, the model or the wording: page sizes, fonts and distances come in
as arguments. May import `generator.errors`; python-docx is imported here and nowhere else (other
layers name its types through `ooxml`), lxml only here and in `generator.pdf`.
"""
