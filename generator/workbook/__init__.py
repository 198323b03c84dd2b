"""The clerk's workbook: its schema (sheet names, header synonyms, 发文信息 keys), reading it into
the model with every problem named by its cell, the checks, unit names, safe opening of .xlsx
files (shared with the returned forms' reader), and the .xlsx writers of the task workbook and
the unit matrix with the openpyxl helpers every .xlsx writer shares.

May import `generator.errors`, `generator.text`, `generator.model` and `generator.atomic`.
openpyxl is imported here and in the reporting layer's .xlsx readers and writers, nowhere else.
"""
