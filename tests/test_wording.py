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
