"""The workbook contract with the clerk: sheet names, column headers and their synonyms, keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.model import LetterFormat

# -- sheets ---------------------------------------------------------------------------------

NOTICE_SHEET = "发文信息"
TABLE_SHEET = "任务分解"
UNIT_SHEET = "单位"
REPORTING_SHEET = "报送"

SHEET_SYNONYMS = {
    NOTICE_SHEET: (NOTICE_SHEET, "发文信息表", "公文信息", "通知信息"),
    TABLE_SHEET: (TABLE_SHEET, "任务分解表", "分解表", "任务清单", "任务表"),
    UNIT_SHEET: (UNIT_SHEET, "单位表", "单位名单", "责任单位"),
    REPORTING_SHEET: (REPORTING_SHEET, "报送安排", "季度报送", "报送设置"),
}


# -- the task table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the task table: its field name, printed label, accepted headers."""

    field: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False


COLUMNS = (
    Column("part", "部分", ("部分", "任务类别", "类别", "板块", "篇章")),
    Column("clause", "条款", ("条款", "重点任务", "主要任务", "任务名称", "条目", "任务")),
    Column("content", "任务内容", ("任务内容", "具体内容", "政策内容", "省级措施", "内容")),
    Column("measure", "落实措施",
           ("落实措施", "市级落实措施", "县级落实措施", "区级落实措施", "目标及措施", "具体措施",
            "工作措施", "贯彻落实措施", "主要措施", "措施", "工作举措", "举措"), required=True),
    Column("lead", "牵头单位", ("牵头单位", "牵头部门", "主责单位", "牵头责任单位"), required=True),
    Column("cooperating", "配合单位",
           ("配合单位", "配合部门", "协办单位", "参与单位", "协助单位", "协同单位", "参加单位")),
    Column("deadline", "完成时限", ("完成时限", "时间节点", "完成时间", "时限", "完成期限", "时间要求")),
    Column("leader", "责任领导", ("责任领导", "分管领导", "牵头领导", "包抓领导")),
    Column("note", "备注", ("备注", "说明")),
    Column("serial", "序号", ("序号", "编号")),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
# Headers of the item column in tables without a 落实措施 column (序号 | 工作任务 | 牵头单位 …); a
# table without either has its innermost text column (任务内容, else 条款) read as the items.
ITEM_HEADERS = ("工作任务", "具体任务", "任务事项", "工作事项", "事项", "重点工作", "主要工作", "工作内容",
                "任务要求")  # in order of preference (项目名称 beside 工作任务 is an extra column)

# 责任单位 (责任部门) means co-equal responsible units when the table has no 牵头单位 column
# (read as the lead role, worded as 责任), the cooperating units when it has one: real tables
# use it both ways.
RESPONSIBLE = ("责任单位", "责任部门")


def match_column(header: str) -> Column | None:
    """The column a header names (spaces ignored), or None for an extra column."""
    key = normalise_header(header)
    for column in COLUMNS:
        if key in column.synonyms:
            return column
    if key.endswith("措施") and not key.startswith("任务"):
        return COLUMN_BY_FIELD["measure"]
    return None


# -- 发文信息 --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """A row of the 发文信息 sheet."""

    field: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    is_date: bool = False


NOTICE_KEYS = (
    Key("organ_mark", "发文机关标志", ("发文机关", "发文机关名称"), required=True),
    Key("organ_name", "发文机关署名", ("署名", "落款")),
    Key("number", "发文字号", ("文号", "发文文号"), required=True),
    Key("signer", "签发人"),
    Key("copy_number", "份号"),
    Key("secrecy", "密级", ("密级和保密期限",)),
    Key("urgency", "紧急程度"),
    Key("title", "标题", ("公文标题", "文件标题"), required=True),
    Key("addressees", "主送机关", ("主送",), required=True),
    Key("body", "正文", (), required=True),
    Key("attachment", "附件", ("附件名称", "附件标题", "附件说明")),
    Key("date", "成文日期", ("发文日期", "日期"), required=True, is_date=True),
    Key("note", "附注"),
    Key("cc", "抄送机关", ("抄送",)),
    Key("printer", "印发机关", ("印发单位",)),
    Key("print_date", "印发日期", (), is_date=True),
    Key("publication", "公开方式", ("公开属性",)),
    Key("seal", "印章", ("加盖印章", "是否盖章")),
    Key("letter_format", "交办函格式", ("函件格式",)),
    Key("letter_number", "交办函发文字号", ("交办函字号", "交办函文号", "函号")),
    Key("first_leads", "责任单位分工", ("单位分工", "责任单位排序")),
)
# 责任单位分工 as clerks write it -> whether the first unit of a 责任单位 cell leads (the others cooperate)
FIRST_LEADS = {"首个单位牵头": True, "第一个单位牵头": True, "排在首位的单位牵头": True, "首位牵头": True,
               "第一个为牵头单位": True, "排名第一的为牵头单位": True, "共同负责": False, "不分牵头配合": False}


def match_key(label: str) -> Key | None:
    """The 发文信息 key a label names (spaces and a trailing colon ignored)."""
    name = normalise_header(label).rstrip("：:")
    return next((k for k in NOTICE_KEYS if name == k.label or name in k.synonyms), None)


# -- 单位 and 报送 -----------------------------------------------------------------------------

UNIT_COLUMNS = {
    "name": ("简称", "单位简称", "单位", "单位名称"),
    "full_name": ("全称", "单位全称"),
    "aliases": ("别名", "其他名称", "曾用名"),
    "order": ("排序", "顺序", "序号"),
    "contact": ("联系人",),
    "phone": ("电话", "联系电话"),
    "kind": ("类型", "单位类型", "性质"),
}
# 类型 as clerks write it -> collective (no letter of its own) or not; empty: a unit
UNIT_KINDS = {"集体": True, "集体名称": True, "统称": True, "不发函": True, "单位": False, "发函": False}

REPORTING_COLUMNS = {
    "quarter": ("季度", "报送季度"),
    "deadline": ("报送截止日期", "截止日期", "报送时间", "截止时间"),
    "status": ("完成情况选项", "完成情况", "状态选项"),
    "item": ("事项", "项目"),
    "value": ("内容", "值"),
}
REPORTING_ITEMS = {
    "coordinator": ("牵头协调单位", "汇总单位", "协调单位"),
    "contact": ("联系人",),
    "phone": ("联系电话", "电话"),
    "method": ("报送方式",),
}

DEFAULT_STATUSES = ("已完成", "按序时推进", "进度滞后", "尚未启动")

# -- unit names ------------------------------------------------------------------------------
# Rules for what a unit cell holds; the reading is in `units`, the messages in `checks`.

# Names that stand for a group of units: written in task lists as they are, no letter of their
# own. They are recognised by their form (`is_collective`); these common ones are also kept whole
# when a cell is split, separators and all.
COLLECTIVE_NAMES = (
    "各有关单位", "各相关单位", "各有关部门", "各相关部门", "在嘉各单位", "市直各部门", "市直各单位",
    "市政府各部门", "各区、县级市", "各县（市、区）", "各县(市、区)", "各县（市、区）人民政府",
    "各县(市、区)人民政府", "各市（州）", "各市(州)", "各街道办事处", "各乡镇", "各镇",
)

# The kinds of administrative area 各 distributes over (各区、县级市; 各县（市、区）人民政府): longest first.
_KIND = ("(?:县级市|市辖区|乡镇|镇街|街镇|街道办事处|街道|社区|开发区|高新区|经开区|新区|园区|"
         "市|县|区|州|盟|旗|乡|镇|村)")
# A kind alone stands for every area of that kind (县级市, 乡镇, 乡镇人民政府), but for these the government
# is the level's own one unit (市政府, 区人民政府) and a zone is mostly the one zone (高新区, 开发区管委会).
_OWN_LEVEL = ("市", "县", "区", "州", "盟", "旗")
_ZONES = ("开发区", "高新区", "经开区", "新区", "园区")
_KINDS = rf"{_KIND}(?:[（(]{_KIND}(?:[、，,]?{_KIND})*[）)]|{_KIND})*"
_KIND_BODY = "(?:人民政府|政府|党委和政府|党委|管委会|管理委员会|办事处|党工委)"
# A bare kind, maybe with its body: 县级市, 县级市人民政府, 市（州）政府 — never 市财政局.
KIND_PHRASE = re.compile(rf"{_KINDS}{_KIND_BODY}?")
KIND_BODY = re.compile(_KIND_BODY)  # 人民政府, 管委会 … alone
# A collective whose list of kinds may go on after 、: 各区 (、县级市), 各有关区, 相关市（州）.
COLLECTIVE_HEAD = re.compile(rf"(?:各|有关|相关)(?:有关|相关)?{_KINDS}")
_GROUP_START = ("有关", "相关", "其他", "其余", "其它")
# 市直有关部门, 市有关部门, 省直相关单位: 有关/相关 before a word for many units, anywhere in the name.
_GROUP_MIDDLE = re.compile("(?:有关|相关)(?:职能|业务|行业|主管)?(?:单位|部门|机构|方面|处室|科室|企业)$")

# 各项目牵头单位, 有关牵头单位, 责任单位 …: the units named elsewhere in the row, not a unit.
BACK_REFERENCE = re.compile(
    "(?:各|有关|相关|其他|其余|其它|上述|以上|该|本|其)?(?:项目|任务|事项|措施|条款|各项)?"
    "(?:牵头|配合|责任|参与|协办|协助|承办)(?:单位|部门)")

# Text pasted from a Word notice: （牵头单位：X，配合单位：Y）, 〔责任单位：A、B〕, 牵头单位：X；配合单位：Y.
ROLE_LABEL = re.compile(
    "(牵头责任单位|牵头单位|牵头部门|主责单位|主责部门|协同责任单位|配合单位|配合部门|协办单位|参与单位|"
    r"协助单位|协同单位|参加单位|责任单位|责任部门|牵头|配合)\s*[：:]")
LEAD_LABELS = ("牵头", "主责")  # a label starting so names the lead; 责任单位 is the second role beside one
RESPONSIBLE_LABELS = ("责任单位", "责任部门")  # the column's own role when no lead label is in the cell
# X牵头, X、Y配合, X（牵头）: the role written after the names.
ROLE_SUFFIX = re.compile("(?:(牵头负责|牵头|配合|参与|协助|协办)|[（(](牵头负责|牵头|配合|参与|协助|协办)[）)])$")

# 按职责分工负责 …: how the units share the work, not a unit. At the end of a name (市财政局按职责分工负责)
# it is kept as typed and the name before it is read.
DUTY_PHRASE = re.compile(
    "(?:(?:按照?|根据|依据)(?:各自)?职[责能](?:分工)?(?:负责|落实)?|分工负责|各司其职|共同负责|分别负责|负责)$")
# 市科技局等部门, 市财政局等: the units 等 stands for are not named, and get no letter.
ETC = re.compile("等(?:有关|相关|其他)?(?:单位|部门|机构|方面)?$")
# 市科技局和市财政局, 市统计局 市发改委, 市科技局/市财政局: two names typed as one (split where each side is
# a unit's name: 市住房和城乡建设局 is one); a space or slash left in a name is reported.
MERGED = re.compile(r"[\s\u3000]+|和|与|[/／]")
SPACED = re.compile(r"[\s\u3000]+|[/／]")
# 1.市科技局 2.市财政局: list numbers before names.
LIST_NUMBER = re.compile(r"(?:\d{1,2}[.．、)）]|[（(]\d{1,2}[）)]|[①-⑳])[\s\u3000]*")
# …，下同; 不再做分工: a rule for the rows below, not a unit.
STANDING_RULE = re.compile("下同|以下同|不再(?:做|作|进行|另行)?(?:分工|列出|重复|一一列出|单列)")
# 同上, 无, —, /, 待定, 详见附件 …: a placeholder where the clerk had no unit to write, never a unit.
SAME_AS_ABOVE = ("同上", "同前", "上同")
PLACEHOLDER = re.compile(
    "同上|同前|上同|同左|无|暂无|没有|空|略|待定|待明确|待确定|另定|另行确定|详见附件|见附件|详见备注|见备注|"
    r"[-—－–―~～/／\\、.．·…×xX*＊\s\u3000]+")
# A name containing one of these is a sentence or its fragment, not a unit name.
FRAGMENT_MARKS = ("。", "：", ":", "负责", "不再", "下同")
# The longest names seen in real tables are full names of about 20 characters (中国银行保险监督管理委员会
# 嘉峪关监管分局, 中共嘉峪关市委军民融合发展委员会办公室), provincial ones up to 25; a longer "name" is a
# sentence. Names listed in the 单位 sheet are exempt.
MAX_UNIT_NAME = 30
# How the names of units end (局, 委员会, 办公室, 中心, 支行 …): 市直 or 县级市 is not one.
UNIT_ENDING = re.compile("(?:局|委|办|厅|部|院|会|中心|政府|公司|集团|所|站|队|处|室|署|行|社|馆|校|团|联|组|"
                         "科|台|司)$")


def is_collective(name: str) -> bool:
    """True for names that stand for many units, by their form: 各… (各区、县级市, 各成员单位), …各…
    (市直各有关单位, 市级各有关部门, …各专班), 有关…/相关… (相关市（州）人民政府), …有关部门/…相关单位
    (市直有关部门, 市有关部门), …成员单位, lists of kinds (县（市、区）人民政府, 县市区政府), and a kind
    alone (县级市, 乡镇、街道, 乡镇人民政府; not the level's own government 市政府, 区人民政府, nor a zone
    高新区)."""
    if name in COLLECTIVE_NAMES or "各" in name or name.startswith(_GROUP_START) or name.endswith("成员单位") \
            or _GROUP_MIDDLE.search(name):
        return True
    if "、" in name and all(KIND_PHRASE.fullmatch(kind) for kind in name.split("、")):
        return True  # 区、县级市: a list of kinds
    if KIND_PHRASE.fullmatch(name):
        body = re.sub(f"{_KIND_BODY}$", "", name)
        kinds = re.findall(_KIND, body)
        if len(kinds) >= 2:
            return True
        return kinds[0] not in _ZONES and (body == name or kinds[0] not in _OWN_LEVEL)
    return False


def is_bare_kind(name: str) -> bool:
    """A kind of area alone, without a body (县级市, 乡镇, 区): a collective whose list may go on after 、."""
    return KIND_PHRASE.fullmatch(name) is not None and re.search(f"{_KIND_BODY}$", name) is None \
        and is_collective(name)


def continues_kinds(name: str) -> bool:
    """A name after 、 that goes on listing the kinds of a collective (各区、县级市; 各区、县级市人民政府),
    not a zone's own unit (各区、高新区管委会 is 各区 and 高新区管委会)."""
    return KIND_PHRASE.fullmatch(name) is not None and not any(zone in name for zone in _ZONES)


def is_back_reference(name: str) -> bool:
    """True for 各项目牵头单位, 有关牵头单位, 相关配合单位 …: a reference to units named elsewhere."""
    return BACK_REFERENCE.fullmatch(name) is not None


# 交办函格式 as clerks write it -> the letters' format
LETTER_FORMATS: dict[str, LetterFormat] = {
    "信函格式": "letter", "信函": "letter", "函": "letter", "红头": "red", "红头格式": "red", "文件格式": "red",
}
# the letters' format -> 交办函格式 as it is written back (the task workbook) and shown (a change)
LETTER_FORMAT_LABELS: dict[LetterFormat, str] = {"letter": "信函格式", "red": "红头"}


def normalise_header(text: str) -> str:
    """Header text without spaces, line breaks and full-width spaces (`任  务  内  容` → 任务内容)."""
    return re.sub(r"[\s\u3000]+", "", text)
