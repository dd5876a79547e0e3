"""The tables of people: the event log (人事异动) and an HR system's roster export, with their Chinese headers.

Machine data keeps English column names and codes (``hire``, ``dispatched``);
the words people read (入职, 劳务派遣) are the labels, and readers accept
Simplified, Traditional and English headers and values.

Examples
--------
>>> EVENTS.column("event").choices["入职"], EVENTS.column("employment_type").choices["劳务派遣"]
('hire', 'dispatched')
"""

from __future__ import annotations

from orgplan.i18n import N_, Translator
from orgplan.tables.schema import Column, Table, header_key

_ = Translator("people")

__all__ = ["EVENT_KINDS", "EMPLOYMENT_TYPES", "LEAVE_REASONS", "EVENTS", "EVENT_COLUMNS", "HRIS", "PERSONAL_DATA",
           "is_personal_data", "LABOUR_CONTRACT_TYPES"]

#: What happened to a person (the ``event`` column), in the order events of one day apply.
EVENT_KINDS: dict[str, str] = {
    "hire": N_("hire"), "confirm": N_("confirmation"), "transfer": N_("transfer"), "promote": N_("promotion"),
    "leave": N_("leave"),
}
#: How a person is employed (``employment_type``; 用工形式).
EMPLOYMENT_TYPES: dict[str, str] = {
    "regular": N_("regular"), "probation": N_("on probation"), "dispatched": N_("dispatched"),
    "intern": N_("intern"), "retiree": N_("rehired retiree"),
}
#: Employment types under a labour contract (劳动合同): with dispatched workers they make the 用工总量 of the
#: Interim Provisions on Labor Dispatch (2014), Art. 4. Interns and rehired retirees have no labour contract.
LABOUR_CONTRACT_TYPES: tuple[str, ...] = ("regular", "probation")
#: Why a person left (``leave_reason``; 离职原因).
LEAVE_REASONS: dict[str, str] = {"voluntary": N_("voluntary"), "involuntary": N_("involuntary")}

_EVENT_WORDS = {
    "入职": "hire", "入職": "hire", "新入职": "hire", "新入職": "hire", "录用": "hire", "錄用": "hire",
    "返聘": "hire", "复职": "hire", "復職": "hire",
    "转正": "confirm", "轉正": "confirm", "confirmation": "confirm",
    "调岗": "transfer", "調崗": "transfer", "调动": "transfer", "調動": "transfer", "转岗": "transfer",
    "轉崗": "transfer", "平调": "transfer", "平調": "transfer",
    "晋升": "promote", "晉升": "promote", "升职": "promote", "升職": "promote", "提拔": "promote",
    "promotion": "promote",
    "离职": "leave", "離職": "leave", "辞职": "leave", "辭職": "leave", "辞退": "leave", "辭退": "leave",
    "退休": "leave",
}
_TYPE_WORDS = {
    "正式": "regular", "正式工": "regular", "正式员工": "regular", "正式員工": "regular", "合同制": "regular",
    "试用": "probation", "試用": "probation", "试用期": "probation", "試用期": "probation",
    "劳务派遣": "dispatched", "勞務派遣": "dispatched", "派遣": "dispatched",
    "实习": "intern", "實習": "intern", "实习生": "intern", "實習生": "intern",
    "退休返聘": "retiree", "返聘": "retiree",
}
_REASON_WORDS = {
    "主动": "voluntary", "主動": "voluntary", "主动离职": "voluntary", "主動離職": "voluntary",
    "辞职": "voluntary", "辭職": "voluntary", "个人原因": "voluntary", "個人原因": "voluntary",
    "被动": "involuntary", "被動": "involuntary", "被动离职": "involuntary", "被動離職": "involuntary",
    "辞退": "involuntary", "辭退": "involuntary", "解除": "involuntary", "开除": "involuntary",
    "開除": "involuntary", "合同到期不续签": "involuntary", "合同到期不續簽": "involuntary",
}

EVENTS = Table(
    name="people",
    id_column=None,
    sheet_aliases=("人事异动", "人事異動", "员工", "員工", "people"),
    columns=(
        Column("person_id", "id", aliases=("工号", "工號", "员工编号", "員工編號", "员工号", "員工號"),
               expected=N_("the person's staff number (工号)"), label=N_("staff number")),
        Column("name", "text", required=False, blank_ok=True, aliases=("姓名", "员工姓名", "員工姓名"),
               expected=N_("a name"), label=N_("name")),
        Column("date", "text", aliases=("日期", "生效日期", "异动日期", "異動日期"),
               expected=N_("a date written as YYYY-MM-DD"), label=N_("date")),
        Column("event", "choice", aliases=("事件", "异动类型", "異動類型", "类型", "類型"), choices=_EVENT_WORDS,
               choice_labels=EVENT_KINDS, label=N_("event"),
               expected=N_("hire, confirmation, transfer, promotion or leave (入职, 转正, 调岗, 晋升, 离职)")),
        Column("position_id", "id", blank_ok=True, aliases=("职位编号", "職位編號", "岗位编号", "崗位編號"),
               expected=N_("the position_id the person holds from this date"), label=N_("position id")),
        Column("employment_type", "choice", required=False, blank_ok=True,
               aliases=("用工形式", "用工类型", "用工類型", "员工类型", "員工類型"), choices=_TYPE_WORDS,
               choice_labels=EMPLOYMENT_TYPES, label=N_("employment type"),
               expected=N_("regular, on probation, dispatched, intern or rehired retiree "
                           "(正式, 试用, 劳务派遣, 实习, 退休返聘)")),
        Column("leave_reason", "choice", required=False, blank_ok=True, aliases=("离职原因", "離職原因"),
               choices=_REASON_WORDS, choice_labels=LEAVE_REASONS, label=N_("leave reason"),
               expected=N_("voluntary or involuntary (主动, 被动)")),
        Column("fte", "text", required=False, blank_ok=True,
               aliases=("工作量", "FTE", "折算人数", "折算人數", "工时比例", "工時比例"),
               expected=N_("a share of full time above 0 and at most 1, e.g. 0.5 (empty: 1)"), label=N_("FTE")),
        Column("probation_end", "text", required=False, blank_ok=True,
               aliases=("试用期至", "試用期至", "试用期满", "試用期滿", "转正日期", "轉正日期"),
               expected=N_("a date written as YYYY-MM-DD"), label=N_("probation ends")),
        Column("note", "text", required=False, blank_ok=True, aliases=("备注", "備註", "说明", "說明"),
               expected=N_("free text"), label=N_("note")),
    ),
)

#: Columns of the event log, in order.
EVENT_COLUMNS: tuple[str, ...] = tuple(c.name for c in EVENTS.columns)

#: A typical HR system's roster export: one row per employee.
HRIS = Table(
    name="hris",
    id_column=None,
    columns=(
        Column("person_id", "id", aliases=("工号", "工號", "员工编号", "員工編號"),
               expected=N_("the person's staff number (工号)"), label=N_("staff number")),
        Column("name", "text", required=False, blank_ok=True, aliases=("姓名",), expected=N_("a name"),
               label=N_("name")),
        Column("department", "text", blank_ok=True, aliases=("部门", "部門", "所属部门", "所屬部門", "组织", "組織"),
               expected=N_("the department's or unit's name"), label=N_("department")),
        Column("title", "text", blank_ok=True, aliases=("岗位", "崗位", "职位", "職位", "职务", "職務"),
               expected=N_("the position's title"), label=N_("title")),
        Column("position_id", "id", required=False, blank_ok=True,
               aliases=("职位编号", "職位編號", "岗位编号", "崗位編號"), expected=N_("a position_id"),
               label=N_("position id")),
        Column("hired_on", "text", aliases=("入职日期", "入職日期"), expected=N_("a date written as YYYY-MM-DD"),
               label=N_("hire date")),
        Column("confirmed_on", "text", required=False, blank_ok=True, aliases=("转正日期", "轉正日期"),
               expected=N_("a date written as YYYY-MM-DD"), label=N_("confirmation date")),
        Column("left_on", "text", required=False, blank_ok=True, aliases=("离职日期", "離職日期"),
               expected=N_("a date written as YYYY-MM-DD"), label=N_("leave date")),
        Column("leave_reason", "choice", required=False, blank_ok=True, aliases=("离职原因", "離職原因"),
               choices=_REASON_WORDS, choice_labels=LEAVE_REASONS, label=N_("leave reason"),
               expected=N_("voluntary or involuntary (主动, 被动)")),
        Column("employment_type", "choice", required=False, blank_ok=True,
               aliases=("用工形式", "用工类型", "用工類型", "员工类型", "員工類型"), choices=_TYPE_WORDS,
               choice_labels=EMPLOYMENT_TYPES, label=N_("employment type"),
               expected=N_("regular, on probation, dispatched, intern or rehired retiree "
                           "(正式, 试用, 劳务派遣, 实习, 退休返聘)")),
        Column("fte", "text", required=False, blank_ok=True, aliases=("工作量", "FTE", "折算人数", "折算人數"),
               expected=N_("a share of full time above 0 and at most 1, e.g. 0.5 (empty: 1)"), label=N_("FTE")),
    ),
)

#: Headers of personal data the tool never needs (compared after :func:`header_key`): dropped on read.
PERSONAL_DATA: frozenset[str] = frozenset(header_key(h) for h in (
    "身份证号", "身份证", "身份证号码", "證件號碼", "证件号码", "证件号", "護照號", "护照号", "id_number", "id_card",
    "手机", "手机号", "手机号码", "电话", "联系电话", "phone", "mobile", "telephone",
    "住址", "家庭住址", "现住址", "户籍", "户籍地址", "户口所在地", "address", "邮箱", "电子邮箱", "email",
    "银行卡", "银行卡号", "银行账号", "开户行", "bank_account", "bank_card",
    "出生日期", "生日", "年龄", "性别", "民族", "婚姻状况", "政治面貌", "籍贯", "学历", "毕业院校",
    "紧急联系人", "紧急联系人电话", "社保账号", "公积金账号", "birthday", "gender", "age",
))


def is_personal_data(header: object) -> bool:
    """Whether a column holds personal data orgplan never needs (身份证号, 手机, 住址, 银行卡 …).

    Examples
    --------
    >>> is_personal_data("身份證號"), is_personal_data("手机号码"), is_personal_data("工号")
    (True, True, False)
    """
    return header_key(header) in PERSONAL_DATA
