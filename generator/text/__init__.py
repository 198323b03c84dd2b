"""Pure text rules of Chinese official writing, one module a concern: numerals and numbered
headings, punctuation, invisible characters and widths, 发文字号, dates and quarters, file names.

May import nothing of taskdoc outside this package (its modules use one another) and no third-party
library: every layer may use it.
"""
