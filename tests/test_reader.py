"""Reading workbooks: the shipped table end to end, and the forms real tables take."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.workbook.reader import read_workbook

from .helpers import cell, sheets, write

# (clause, measure number) -> (exact text, lead units, cooperating units), as the seed gives them
# with its punctuation restored to full width.
SEED_MEASURES = {
    (3, 1): ("实施“扩规计划”，力争每年培育规上工业企业不少于4户，到2025年，规上工业企业户数达到70户以上。",
             ("市工信局", "市科技局"), ("市发改委", "市政府国资委", "市财政局")),
    (4, 2): ("完善市级科技计划体系，聚焦钢、铝、核产业链和十大生态产业433布局，"
             "提高重大专项、重点研发项目比重和资金支持力度。",
             ("市财政局", "市科技局"), ("市发改委", "市工信局", "市政府国资委")),
    (5, 4): ("引导重点企业抢抓资本市场改革机遇，在沪深交易所上市，在新三板、区域性股权交易中心挂牌。",
             ("市科技局", "市政府金融办"), ("市发改委", "市市场监管局", "人行嘉峪关中心支行", "嘉峪关银保监分局")),
    (6, 3): ("开辟柔性引才引智渠道，柔性引进“两院院士”和国内外顶尖人才，弥补我市科技创新人才短板。",
             ("市科技局",), ("市发改委", "市教育局", "市工信局", "市人社局")),
    (7, 2): ("完善军民融合发展的需求对接、资源共享机制，组建军民协同创新战略联盟，支持军转民用设备的科技研发。",
             ("市科技局",), ("市教育局", "市工信局", "市委军民融合办", "市财政局")),
    (8, 1): ("强化“双促双增”精准帮扶和乡村振兴的科技支撑，鼓励科技人员下乡创新创业，引导农村实用科技成果入乡转化。",
             ("市科技局", "市农业农村局"), ("市教育局", "市财政局", "市人社局")),
    (10, 2): ("争取列入厅市会商机制，强化市（企）校（院）合作，开展多种形式的引才引智活动，"
              "为企业、园区提供高效的人才智力服务，大力支持科技成果转化。",
              ("市科技局",), ("市发改委", "市教育局", "市工信局", "市财政局", "市人社局", "市市场监管局")),
    (11, 1): ("加快工业园区创建国家级高新区。",
              ("市科技局", "工业园区管委会"), ("市发改委", "市政府国资委", "市财政局")),
    (13, 2): ("鼓励企业实施股权激励制度。", ("市人社局", "市科技局"), ("市教育局", "市工信局", "市政府国资委")),
    (14, 2): ("积极争取省级高技术产业专项资金，扶持高技术、高成长、高附加值企业，力争我市高技术产业“0”的突破。",
              ("市发改委", "市工信局"), ("市科技局", "市财政局")),
    (16, 3): ("推动、引进国内外先进装备制造企业在我市落地生产，对于引进落地建设的装备制造企业按招商引资政策实施奖励。",
              ("市工信局", "市发改委"), ("市科技局", "市政府国资委", "市招商引资服务中心", "市政府金融办", "市财政局")),
    (17, 2): ("对国有企业“三化一率”考核评价中加大研发投入的考核权重。",
              ("市工信局", "市政府国资委", "市委军民融合办", "市发改委"),
              ("市教育局", "市科技局", "市人社局", "市财政局")),
    (18, 2): ("修订《关于加强市级财政科研项目资金管理的实施意见》，适当放宽科研项目结转结余资金留用处理方式。",
              ("市财政局", "市税务局", "市审计局", "市科技局"), ("市教育局", "市工信局", "市人社局")),
    (18, 3): ("财政、审计等部门要在财政资金监管、资金审计等方面全面落实科技创新政策及经费管理制度。",
              ("市财政局", "市税务局", "市审计局", "市科技局"), ("市教育局", "市工信局", "市人社局")),
    (19, 2): ("加强对科技型企业和科研单位财务统计人员培训，指导企业建立和完善内部财务及会计机制，"
              "规范新会计制度核算办法，督促企业设立研发经费支出辅助账，确保核算规范、统计精准。",
              ("市税务局", "市财政局", "市统计局", "市科技局"), ("市教育局", "市工信局", "市政府国资委")),
    (20, 1): ("由统计部门牵头，建立市级研发统计联席工作机制，明确统计、科技、教育、工信各部门职责，"
              "健全部门归口管理、统计渠道的工作督导和责任落实，加强数据监测，做到口径统一、入统合规、应统尽统。",
              ("市统计局", "市科技局"), ("市发改委", "市教育局", "市工信局")),
}

MEASURES_PER_CLAUSE = {3: 3, 4: 2, 5: 5, 6: 3, 7: 3, 8: 2, 9: 4, 10: 2, 11: 3, 12: 3, 13: 3, 14: 2,
                       15: 4, 16: 5, 17: 3, 18: 3, 19: 2, 20: 2}


def test_shipped_workbook_counts(shipped_table):
    t = shipped_table
    assert [p.heading for p in t.parts] == [
        "一、总体要求", "二、加大科技创新投入", "三、优化创新生态环境", "四、提升高新技术产业化水平",
        "五、加强政策落实和考核监测"]
    assert [c.number for c in t.clauses] == list(range(1, 21))
    assert len(t.task_clauses) == 18
    assert len(t.numbered_measures) == 54
    assert len(t.targets) == 4
    assert len(t.named_units) == 18
    assert {c.number: len(c.measures) for c in t.task_clauses} == MEASURES_PER_CLAUSE


@pytest.mark.parametrize("key", sorted(SEED_MEASURES))
def test_shipped_measure_text_and_units(shipped_table, key):
    clause = shipped_table.clauses[key[0] - 1]
    measure = next(m for m in clause.measures if m.number == key[1])
    assert (measure.text, measure.lead, measure.cooperating) == SEED_MEASURES[key]


def test_shipped_guiding_clause_and_targets(shipped_table):
    guiding, goals = shipped_table.clauses[:2]
    assert guiding.heading == "（一）指导思想" and guiding.measures == ()
    assert guiding.content.startswith("以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大")
    assert goals.content.count("——") == 4  # the provincial targets are the clause's 任务内容
    targets = [m.text for m in goals.measures]
    assert targets[0] == "——到2022年，综合科技创新水平在全省排位提升至前4位；力争到2025年进入全省前3位。"
    assert targets[3].endswith("新产品销售收入占主营业务收入的比重达到2")  # cut short in the seed
    assert not goals.measures[3].lead
    assert not any(m.note for _, _, m in shipped_table.measures())  # the transcription note is a comment


def test_shipped_transcription_notes_are_cell_comments_and_never_printed(shipped_table):
    """The target the scrape cut off at “达到2” is flagged by a comment (批注) on its cell: the clerk
    sees it in Excel or WPS; the model and so every document leave it out (no 备注 column printed)."""
    from openpyxl import load_workbook

    from generator.documents.layout import Fonts
    from generator.documents.notice import TaskTableWriter

    from .helpers import SHIPPED

    ws = load_workbook(SHIPPED)["任务分解"]
    commented = {c.coordinate: (c.value, c.comment.text) for row in ws.iter_rows() for c in row if c.comment}
    assert list(commented) == ["D7"]
    value, note = commented["D7"]
    assert value.endswith("达到2") and "截断" in note and "纸质原件" in note
    columns = [header for _, header in TaskTableWriter(Fonts.chosen(False)).columns(shipped_table)]
    # parts print as rows across the table, not as a 部分 column; no 备注 column
    assert columns == ["条款", "任务内容", "市级落实措施", "牵头单位", "配合单位"]


def test_shipped_notice(shipped_table):
    n = shipped_table.notice
    assert n.number == "嘉政办发〔2020〕86号"
    assert n.date == dt.date(2020, 9, 17) and n.print_date == dt.date(2020, 9, 17)
    assert n.title == ("嘉峪关市人民政府办公室关于印发《嘉峪关市贯彻落实省政府〈关于提升甘肃省科技创新综合实力"
                       "若干措施〉任务分解表》的通知")
    assert n.addressees == "各街道办事处，郊区工作办公室，市政府各部门，在嘉各单位"
    policy = "省政府《关于提升甘肃省科技创新综合实力若干措施》（甘政办发〔2020〕61号）"
    assert n.body[0].startswith(f"为深入贯彻落实{policy}，")
    assert n.attachment == f"嘉峪关市贯彻落实{policy}任务分解表"
    assert n.note == "此件公开发布"
    assert n.cc == "市委办公室，市人大常委会办公室，市政协办公室"
    assert n.printer == "嘉峪关市人民政府办公室" and n.organ_name == "嘉峪关市人民政府办公室"
    assert "》" in dict(n.remarks)["正文"]  # the lost closing bracket is flagged, not invented


def test_shipped_units_and_reporting(shipped_table):
    units = shipped_table.named_units
    assert units[0].name == "市委军民融合办" and units[-1].name == "嘉峪关银保监分局"
    assert shipped_table.unit("市科技局").full_name == "嘉峪关市科学技术局"
    r = shipped_table.reporting
    assert r.quarters[0].label == "2020年第四季度" and r.quarters[0].deadline == dt.date(2021, 1, 5)
    assert r.statuses == ("已完成", "按序时推进", "进度滞后", "尚未启动")
    assert shipped_table.headers.measure == "市级落实措施"


def test_shipped_workbook_is_reproducible(shipped_table):
    """scripts/build_seed_workbook.py rebuilds exactly what source/decomposition.xlsx holds."""
    import importlib.util

    from .helpers import ROOT

    spec = importlib.util.spec_from_file_location("seed", ROOT / "scripts" / "build_seed_workbook.py")
    seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(seed)
    assert seed.build() == shipped_table


def test_shipped_workbook_looks_like_a_clerks_table():
    from openpyxl import load_workbook

    from .helpers import SHIPPED

    ws = load_workbook(SHIPPED)["任务分解"]
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$2:$2"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"B8:B10", "E8:E10", "A8:A25"} <= merged  # （三） and its units over its three measures
    assert ws["D6"].alignment.wrap_text


# -- forms real tables take -------------------------------------------------------------------


def read(tmp_path, data=None, merges=None):
    result = read_workbook(write(tmp_path / "t.xlsx", data, merges))
    return result


def test_small_workbook_reads_clean(tmp_path):
    result = read(tmp_path)
    assert result.problems == []
    t = result.table
    assert [c.heading for c in t.clauses] == ["（一）指导思想", "（二）加强创新", "（三）优化环境"]
    assert [m.display for m in t.clauses[1].measures] == ["1.培育企业。", "2.建设平台。"]
    assert t.clauses[2].measures[0].cooperating == ("各有关单位",)
    assert t.unit("各有关单位").collective and [u.name for u in t.named_units] == ["市科技局", "市财政局", "市统计局"]
    assert t.notice.addressees == "各有关单位" and t.notice.cc == "市委办公室" and t.notice.note == "此件公开发布"


def test_merged_and_repeated_clause_cells_read_the_same(tmp_path):
    repeated = read(tmp_path).table
    data = sheets()
    for ref in ("A4", "B4", "C4", "E4", "F4"):
        cell(data, "任务分解", ref, None)
    merges = {"任务分解": ["A3:A5", "B3:B4", "C3:C4", "E3:E4", "F3:F4"]}
    merged = read_workbook(write(tmp_path / "m.xlsx", data, merges))
    assert merged.problems == []
    assert merged.table == repeated


def test_blank_clause_cells_continue_the_clause_above(tmp_path):
    data = sheets()
    for ref in ("A4", "B4", "C4"):
        cell(data, "任务分解", ref, None)
    assert read(tmp_path, data).table == read_workbook(write(tmp_path / "r.xlsx")).table


def test_columns_in_any_order_with_synonyms_and_title_row(tmp_path):
    data = sheets()
    rows = data["任务分解"]
    order = [5, 3, 0, 1, 2, 4]  # 配合, 措施, 部分, 条款, 内容, 牵头
    names = {0: "类别", 1: "重点任务", 2: "具 体 内 容", 3: "目标及措施", 4: "牵头部门", 5: "协办单位"}
    table = [[names[i] for i in order]] + [[r[i] for i in order] for r in rows[1:]]
    data["任务分解"] = [["测试任务分解表"], []] + table
    result = read(tmp_path, data)
    assert result.problems == []
    assert result.table.parts == read_workbook(write(tmp_path / "o.xlsx")).table.parts
    assert result.table.headers.measure == "目标及措施" and result.table.headers.lead == "牵头部门"


def test_responsible_unit_means_lead_without_a_lead_column(tmp_path):
    data = sheets()
    data["任务分解"][0][4] = "责任单位"
    result = read(tmp_path, data)
    assert result.errors == []
    assert result.table.clauses[1].lead == ("市科技局",)


def test_extra_and_optional_columns_are_kept(tmp_path):
    data = sheets()
    data["任务分解"][0] += ["完成时限", "督办科室"]
    data["任务分解"][2] += ["2024年6月底前", "一科"]
    t = read(tmp_path, data).table
    m = t.clauses[1].measures[0]
    assert m.deadline == "2024年6月底前" and m.extra == (("督办科室", "一科"),)
    assert t.headers.deadline == "完成时限" and t.headers.extra == ("督办科室",)


def test_aliases_map_to_one_unit(tmp_path):
    data = sheets()
    cell(data, "任务分解", "E3", "市科学技术局")
    cell(data, "任务分解", "F3", "测试市财政局；市统计局")
    t = read(tmp_path, data).table
    assert t.clauses[1].measures[0].lead == ("市科技局",)
    assert t.clauses[1].measures[0].cooperating == ("市财政局", "市统计局")


def test_units_without_unit_sheet_come_from_the_table(tmp_path):
    data = sheets()
    del data["单位"]
    cell(data, "任务分解", "F5", "各县(市、区)人民政府、市统计局")
    result = read(tmp_path, data)
    assert result.errors == []
    assert [u.name for u in result.table.units] == ["市科技局", "市财政局", "市统计局", "各县(市、区)人民政府"]
    assert result.table.unit("各县(市、区)人民政府").collective


def test_dates_as_excel_dates(tmp_path):
    data = sheets()
    cell(data, "发文信息", "B8", dt.datetime(2024, 3, 1))
    cell(data, "报送", "B2", dt.date(2024, 4, 5))
    t = read(tmp_path, data).table
    assert t.notice.date == dt.date(2024, 3, 1) and t.reporting.quarters[0].deadline == dt.date(2024, 4, 5)


def test_body_paragraphs_and_title_breaks(tmp_path):
    data = sheets()
    cell(data, "发文信息", "B6", "第一段。\n\n第二段。")
    data["发文信息"].insert(6, [None, "第三段。"])
    cell(data, "发文信息", "B4", "测试市人民政府办公室关于\n印发测试任务分解表的通知")
    n = read(tmp_path, data).table.notice
    assert n.body == ("第一段。", "第二段。", "第三段。")
    assert n.title == "测试市人民政府办公室关于\n印发测试任务分解表的通知"


def test_reporting_defaults_without_a_reporting_sheet(tmp_path):
    data = sheets()
    del data["报送"]
    r = read(tmp_path, data).table.reporting
    assert r.statuses == ("已完成", "按序时推进", "进度滞后", "尚未启动") and r.quarters == ()


def test_cell_comments_are_never_read(tmp_path):
    """A comment (批注) is the clerk's note: on a measure, a unit cell or a 发文信息 value it changes
    nothing in the model, and no document can print it."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment

    plain = read(tmp_path).table
    path = write(tmp_path / "c.xlsx")
    wb = load_workbook(path)
    for sheet, ref in (("任务分解", "D3"), ("任务分解", "E3"), ("任务分解", "G3"), ("发文信息", "B4"), ("单位", "A2"),
                       ("报送", "A2")):
        wb[sheet][ref].comment = Comment("内部说明：请勿印发", "办公室")
    wb.save(path)
    result = read_workbook(path)
    assert result.problems == [] and result.table == plain
    assert "请勿印发" not in repr(result.table)


def test_a_workbook_declaring_entities_is_refused_before_openpyxl(tmp_path):
    """openpyxl parses workbook.xml with lxml, which does not refuse a DTD (defusedxml never sees
    that part); the reader looks for one first, as the collector does for returned forms."""
    from generator.errors import TaskdocError

    from .helpers import inject

    path = inject(write(tmp_path / "t.xlsx"), "<workbook ",
                  '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><workbook ')
    with pytest.raises(TaskdocError) as err:
        read_workbook(path)
    message = err.value.describe()
    assert "t.xlsx" in message and "文档类型声明" in message and "另存为" in message


def test_a_hidden_old_copy_of_the_table_never_wins_over_the_visible_one(tmp_path):
    """The current table in a visible sheet 任务分解表, an old copy in a hidden sheet 任务分解: the
    hidden copy was published (issue 13). The visible one is read; the hidden one is reported."""
    from openpyxl import load_workbook

    from .helpers import sheets, write

    data = sheets()
    old = [list(r) for r in data["任务分解"]]
    old[2][3] = "1.旧的措施。"
    data["任务分解表"] = data.pop("任务分解")
    data["任务分解"] = old
    path = write(tmp_path / "t.xlsx", data)
    wb = load_workbook(path)
    wb["任务分解"].sheet_state = "hidden"
    wb.save(path)
    result = read_workbook(path)
    assert result.table is not None
    assert "旧的措施" not in [m.text for _, _, m in result.table.measures()][0]
    assert any("隐藏的工作表“任务分解”没有读取（读取的是“任务分解表”）" in str(p) for p in result.warnings)


def test_hidden_rows_are_read_and_reported(tmp_path):
    from openpyxl import load_workbook

    from .helpers import sheets, write

    path = write(tmp_path / "t.xlsx", sheets())
    wb = load_workbook(path)
    wb["任务分解"].row_dimensions[4].hidden = True
    wb.save(path)
    result = read_workbook(path)
    assert len([m for _, _, m in result.table.measures()]) == 3  # hiding is not deleting
    assert any("任务分解!A4" in str(p) and "第4行被隐藏" in str(p) for p in result.warnings)


def test_a_workbook_that_inflates_like_a_zip_bomb_is_refused_unread(tmp_path):
    """A small workbook inflating to a huge one filled memory and passed (issue 13)."""
    import zipfile

    from generator.errors import TaskdocError

    from .helpers import sheets, write

    path = write(tmp_path / "t.xlsx", sheets())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * (8 * 2**20))  # 8 MB of zeros: a few KB packed
    with pytest.raises(TaskdocError) as err:
        read_workbook(path)
    assert "疑似“压缩炸弹”" in err.value.describe() and "t.xlsx" in err.value.describe()


def test_a_workbook_whose_sheet_part_is_missing_is_an_error_not_a_pass(tmp_path):
    import zipfile

    from generator.errors import TaskdocError

    from .helpers import sheets, write

    path = write(tmp_path / "t.xlsx", sheets())
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                zout.writestr(info, zin.read(info.filename))
    try:
        result = read_workbook(broken)
    except TaskdocError as err:
        assert "broken.xlsx" in err.describe()
    else:
        assert result.errors, "a workbook missing its 任务分解 sheet's part must not pass"


def test_a_workbook_open_in_excel_is_read_with_a_warning_about_unsaved_changes(tmp_path):
    from .helpers import sheets, write

    path = write(tmp_path / "decomposition.xlsx", sheets())
    (tmp_path / "~$decomposition.xlsx").write_bytes(b"owner")
    assert any("正在 Excel/WPS 中打开" in str(p) for p in read_workbook(path).warnings)


def test_an_order_of_nan_is_an_error_naming_the_cell(tmp_path):
    from .helpers import sheets, write

    data = sheets()
    data["单位"] = [["排序", "简称", "全称"], ["nan", "市科技局", "测试市科学技术局"], [2, "市财政局", None],
                    [3, "市统计局", None]]
    errors = [str(p) for p in read_workbook(write(tmp_path / "t.xlsx", data)).errors]
    assert any("单位!A2" in e and "排序“nan”不是数字" in e for e in errors), errors


def test_a_lead_cell_merged_across_two_clauses_is_reported(tmp_path):
    """The second clause silently took the first's leads (issue 13)."""
    from .helpers import sheets, write

    data = sheets()
    data["任务分解"][4][4] = None  # E5, under the merge
    path = write(tmp_path / "t.xlsx", data, {"任务分解": ["E3:E5"]})
    warnings = [str(p) for p in read_workbook(path).warnings]
    assert any("任务分解!E3" in w and "跨越了条款（二）、（三）" in w for w in warnings), warnings
