"""The fixed wording of documents: Jinja templates in one strict, sandboxed environment.

Templates are looked up first in the workspace's templates folder (`--templates`), then in the
copy packaged with taskdoc. An unknown variable is an error naming the template and line.

Templates are not trusted code: a clerk may use one received from another office. They render in
Jinja's SandboxedEnvironment (no attribute of Python's internals, so no way to reach the operating
system), load only from the two template folders (no `../`), and every failure — a template not in
UTF-8, a syntax error, a division by zero, endless recursion, an unsafe expression — is a message
naming the template file and line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import TaskdocError


def packaged_templates() -> Path:
    """The default templates: installed beside the package (setup.cfg maps templates/ to
    generator/templates), or the checkout's templates/ folder for an editable install."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def templates_used(folder: Path) -> dict[str, Path]:
    """Every file the wording could read, by its path in the templates folder: the workspace's
    own, else the packaged one. Subfolders and any file count: a template may import another.
    (A build is out of date when one of them changes; an issued version archives them.)"""
    def files(top: Path) -> dict[str, Path]:
        return {p.relative_to(top).as_posix(): p for p in sorted(top.rglob("*"))
                if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts}

    chosen = files(packaged_templates())
    if Path(folder).is_dir():
        chosen.update(files(Path(folder)))
    return dict(sorted(chosen.items()))


class Wording:
    """Renders template macros to plain text; documents put that text into their own layout."""

    def __init__(self, folder: Path | None = None) -> None:
        paths = [str(p) for p in (folder, packaged_templates()) if p is not None and Path(p).is_dir()]
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(paths),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # the output is text for python-docx, which escapes XML itself
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self._modules: dict[str, jinja2.environment.TemplateModule] = {}

    def _module(self, name: str) -> jinja2.environment.TemplateModule:
        """The template's module (its macros), loaded once."""
        if name not in self._modules:
            self._modules[name] = self._load(name)
        return self._modules[name]

    def _load(self, name: str) -> jinja2.environment.TemplateModule:
        try:
            return self.env.get_template(name).module
        except jinja2.TemplateNotFound as err:
            missing = err.name if err.name and err.name != name else ""
            raise TaskdocError(f"找不到模板{f'（其中引用的“{missing}”）' if missing else ''}", template=name,
                               fix="请检查 --templates 指定的文件夹；模板只能引用模板文件夹中的文件") from err
        except jinja2.TemplateSyntaxError as err:
            raise TaskdocError(f"模板语法错误：{err.message}", template=err.name or name, line=err.lineno,
                               fix="请对照 templates/ 中的原始模板修改") from err
        except UnicodeDecodeError as err:
            raise TaskdocError("模板不是 UTF-8 编码（可能是用记事本按 ANSI/GBK 保存的）", template=name,
                               fix="请用记事本“另存为”，编码选“UTF-8”后再试") from err
        except TaskdocError:
            raise
        except Exception as err:  # the template's own top-level code failed: see _failure
            raise self._failure(err, name) from err

    def _failure(self, err: Exception, template: str) -> TaskdocError:
        """A template that failed while rendering, in the clerk's words, with its file and line."""
        line = self._line_of_error(template)
        if isinstance(err, jinja2.exceptions.SecurityError):
            return TaskdocError(f"模板中有不允许的写法（{err}），已拒绝执行", template=template, line=line,
                                fix="模板只能使用文字、变量和 {% if %} {% for %} 等写法；"
                                    "请对照 templates/ 中的原始模板修改")
        if isinstance(err, jinja2.TemplateNotFound):
            return TaskdocError(f"找不到模板中引用的“{err.name}”", template=template, line=line,
                                fix="模板只能引用模板文件夹中的文件，请检查 {% include %} {% import %} 的文件名")
        if isinstance(err, RecursionError):
            return TaskdocError("模板中的段落无休止地调用自身", template=template, line=line,
                                fix="请检查模板中调用自身的段落（macro），或对照 templates/ 中的原始模板修改")
        return TaskdocError(f"模板执行出错（{type(err).__name__}：{err}）", template=template, line=line,
                            fix="请对照 templates/ 中的原始模板修改")

    def _line_of_error(self, name: str) -> int | None:
        """The template line being rendered when the current exception was raised.

        Macros called from Python bypass Jinja's traceback rewriting, so the compiled code's
        line is mapped back to the template's own.
        """
        try:
            template = self.env.get_template(name)
        except Exception:  # the template itself cannot be loaded: no line to name
            return None
        tb, line = sys.exc_info()[2], None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == template.filename:
                line = template.get_corresponding_lineno(tb.tb_lineno)
            tb = tb.tb_next
        return line

    def text(self, template: str, macro: str, **context: object) -> str:
        """Call a macro of a template and return its text, stripped. The macro gets the values it
        declares: a clerk's template written for an earlier taskdoc, without a value added since,
        still works (one that uses an unknown name is an error)."""
        module = self._module(template)
        func = getattr(module, macro, None)
        if func is None:
            raise TaskdocError(f"模板中没有“{macro}”段落", template=template,
                               fix=f"请在模板中保留 {{% macro {macro}(...) %}}")
        if not getattr(func, "catch_kwargs", True):
            context = {k: v for k, v in context.items() if k in func.arguments}
        try:
            return str(func(**context)).strip()
        except jinja2.UndefinedError as err:
            raise TaskdocError(f"模板使用了未定义的变量（{err.message}）", template=template,
                               line=self._line_of_error(template), fix="请检查变量名的拼写") from err
        except TypeError as err:
            raise TaskdocError(f"模板段落“{macro}”的参数不对（{err}）", template=template,
                               fix="请对照 templates/ 中的原始模板修改") from err
        except TaskdocError:
            raise
        except Exception as err:  # 1/0, endless recursion, an unsafe expression refused by the sandbox
            raise self._failure(err, template) from err
