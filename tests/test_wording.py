"""Templates: the workspace's own first, packaged defaults second, strict about variables."""

from __future__ import annotations

import pytest

from generator.documents.wording import Wording, packaged_templates
from generator.errors import TaskdocError


def test_packaged_notice_wording():
    w = Wording()
    assert (packaged_templates() / "notice.j2").is_file()
    assert w.text("notice.j2", "copy_to", units="市委办公室，市政协办公室") == "抄送：市委办公室，市政协办公室。"
    assert w.text("notice.j2", "note", text="此件公开发布") == "（此件公开发布）"


def test_workspace_template_overrides_the_default(tmp_path):
    (tmp_path / "notice.j2").write_text('{% macro copy_to(units) %}抄　送：{{ units }}。{% endmacro %}',
                                        encoding="utf-8")
    assert Wording(tmp_path).text("notice.j2", "copy_to", units="甲") == "抄　送：甲。"


def test_unknown_variable_names_template_and_line(tmp_path):
    (tmp_path / "notice.j2").write_text('\n\n{% macro copy_to(units) %}抄送：{{ unit }}。{% endmacro %}',
                                        encoding="utf-8")
    with pytest.raises(TaskdocError) as err:
        Wording(tmp_path).text("notice.j2", "copy_to", units="甲")
    assert err.value.describe().startswith("模板 notice.j2 第3行：模板使用了未定义的变量")


def test_syntax_error_names_template_and_line(tmp_path):
    (tmp_path / "notice.j2").write_text('{% macro copy_to(units) %}\n{{ units }\n{% endmacro %}', encoding="utf-8")
    with pytest.raises(TaskdocError) as err:
        Wording(tmp_path).text("notice.j2", "copy_to", units="甲")
    assert "模板 notice.j2 第2行：模板语法错误" in err.value.describe()


def test_missing_macro(tmp_path):
    (tmp_path / "notice.j2").write_text("{# 空 #}", encoding="utf-8")
    with pytest.raises(TaskdocError) as err:
        Wording(tmp_path).text("notice.j2", "copy_to", units="甲")
    assert "没有“copy_to”段落" in err.value.describe()


def test_a_template_gets_only_the_values_it_declares(tmp_path):
    """A clerk's template made for an earlier taskdoc, without a value added since, still works;
    a template that uses a name it was not given is still an error, naming the template and line."""
    (tmp_path / "t.j2").write_text("{% macro old(unit) %}{{ unit }}：{% endmacro %}\n"
                                   "{% macro bad(unit) %}{{ unit }}{{ nothing }}{% endmacro %}", encoding="utf-8")
    wording = Wording(tmp_path)
    assert wording.text("t.j2", "old", unit="市科技局", more_quarters=True) == "市科技局："
    with pytest.raises(TaskdocError) as err:
        wording.text("t.j2", "bad", unit="市科技局")
    assert "t.j2" in err.value.describe() and "nothing" in err.value.describe()


# -- templates are not trusted code (issue 13) ----------------------------------------------------

def _failing(tmp_path, body: str, encoding: str = "utf-8") -> str:
    """The message a template whose copy_to macro holds `body` ends in."""
    (tmp_path / "notice.j2").write_text("{% macro copy_to(units) %}\n" + body + "\n{% endmacro %}",
                                        encoding=encoding)
    with pytest.raises(TaskdocError) as err:
        Wording(tmp_path).text("notice.j2", "copy_to", units="甲")
    return err.value.describe()


@pytest.mark.parametrize("body", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ self.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
])
def test_a_template_cannot_reach_pythons_internals(tmp_path, monkeypatch, body):
    """notice.j2 from another office ran a shell command through Python's internals; the sandbox
    refuses the expression, names the template and line, and nothing runs."""
    monkeypatch.chdir(tmp_path)
    message = _failing(tmp_path, body)
    assert message.startswith("模板 notice.j2 第2行：模板中有不允许的写法"), message
    assert not (tmp_path / "PWNED").exists()


def test_a_template_cannot_include_a_file_outside_the_template_folders(tmp_path):
    message = _failing(tmp_path, "{% include '../../../../etc/passwd' %}")
    assert "找不到模板" in message and "模板只能引用模板文件夹中的文件" in message
    assert "root:" not in message


def test_a_template_saved_in_gbk_names_its_file_and_the_fix(tmp_path):
    message = _failing(tmp_path, "抄送：{{ units }}。", encoding="gbk")
    assert message.startswith("模板 notice.j2：模板不是 UTF-8 编码") and "UTF-8" in message


def test_a_division_by_zero_names_template_and_line(tmp_path):
    assert _failing(tmp_path, "{{ 1/0 }}").startswith("模板 notice.j2 第2行：模板执行出错（ZeroDivisionError")


def test_an_endless_recursive_macro_is_a_message_not_a_crash(tmp_path):
    (tmp_path / "notice.j2").write_text("{% macro again() %}{{ again() }}{% endmacro %}\n"
                                        "{% macro copy_to(units) %}{{ again() }}{% endmacro %}", encoding="utf-8")
    with pytest.raises(TaskdocError) as err:
        Wording(tmp_path).text("notice.j2", "copy_to", units="甲")
    assert "无休止地调用自身" in err.value.describe()
