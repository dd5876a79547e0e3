"""The tables of a structure: units, positions and duties, with their Chinese header aliases.

Examples
--------
>>> from orgplan.model.tables import POSITIONS
>>> POSITIONS.column("approved").aliases[:2]
('編制', '编制')
"""

from __future__ import annotations

from orgplan.i18n import N_, Translator
from orgplan.tables.schema import Column, Table

_ = Translator("model")  # the domain of the words marked N_ below (translated where they are shown)

__all__ = ["UNIT_KINDS", "UNITS", "POSITIONS", "DUTIES", "TABLES", "STATUSES"]


UNIT_KINDS = {
    "company": "company", "公司": "company", "總公司": "company", "总公司": "company",
    "department": "department", "部門": "department", "部门": "department",
    "section": "section", "科": "section", "課": "section", "课": "section",
    "處": "section", "处": "section", "室": "section",
    "team": "team", "組": "team", "组": "team", "班組": "team", "班组": "team",
    "小組": "team", "小组": "team", "store": "team", "門店": "team", "门店": "team",
}

UNITS = Table(
    name="units",
    id_column="unit_id",
    sheet_aliases=("部門", "部门", "組織", "组织"),
    columns=(
        Column("unit_id", "id", aliases=("部門編號", "部门编号", "部門代碼", "部门代码", "單位編號", "单位编号", "編號", "编号"),
               expected=N_("a short id such as 'SALES'")),
        Column("name", "text", aliases=("名稱", "名称", "部門", "部门", "部門名稱", "部门名称"),
               expected=N_("the unit's name")),
        Column("parent_id", "id", blank_ok=True,
               aliases=("上級部門", "上级部门", "上級", "上级", "上級編號", "上级编号"),
               expected=N_("the unit_id of the unit above, or empty for the company")),
        Column("kind", "choice", aliases=("類型", "类型", "層級", "层级"), choices=UNIT_KINDS,
               expected=N_("one of company, department, section, team (公司, 部門, 科, 組)")),
    ),
)

POSITIONS = Table(
    name="positions",
    id_column="position_id",
    sheet_aliases=("職位", "职位", "崗位", "岗位"),
    columns=(
        Column("position_id", "id", aliases=("職位編號", "职位编号", "崗位編號", "岗位编号", "編號", "编号"),
               expected=N_("a short id such as 'SAL-CONS'")),
        Column("unit_id", "id", aliases=("部門", "部门", "部門編號", "部门编号", "所屬部門", "所属部门"),
               expected=N_("the unit_id of the unit the position belongs to")),
        Column("title", "text", aliases=("職位", "职位", "崗位", "岗位", "職位名稱", "职位名称", "崗位名稱", "岗位名称"),
               expected=N_("the position's title")),
        Column("reports_to", "id", blank_ok=True,
               aliases=("上級", "上级", "匯報", "汇报", "匯報對象", "汇报对象", "上級職位", "上级职位", "直屬上級", "直属上级"),
               expected=N_("the position_id it reports to, or empty for the top position")),
        Column("approved", "count", aliases=("編制", "编制", "編制人數", "编制人数", "定編", "定编"),
               expected=N_("a whole number of 0 or more (the approved headcount, 編制)")),
        Column("filled", "count", aliases=("在崗", "在岗", "在崗人數", "在岗人数", "現有", "现有"),
               expected=N_("a whole number of 0 or more (people in the position, 在崗)")),
        Column("monthly_cost", "money", aliases=("月成本", "人均月成本", "月薪", "人均成本"),
               expected=N_("a number of 0 or more (monthly cost per head)")),
        Column("grade", "text", required=False, blank_ok=True, aliases=("職級", "职级"),
               expected=N_("a grade label")),
        Column("dotted_line_to", "id", required=False, blank_ok=True,
               aliases=("虛線匯報", "虚线汇报", "虛線上級", "虚线上级"),
               expected=N_("a position_id for a dotted (secondary) reporting line, or empty")),
        Column("assistant", "flag", required=False, blank_ok=True, aliases=("助理",),
               expected=N_("yes/no (是/否), true/false or 1/0")),
    ),
)

DUTIES = Table(
    name="duties",
    id_column=None,  # one row per duty and owner: repeated duty_ids are overlaps, found by checks
    sheet_aliases=("職能", "职能", "權責", "权责"),
    columns=(
        Column("duty_id", "id", aliases=("職能編號", "职能编号", "權責編號", "权责编号", "編號", "编号"),
               expected=N_("a short id such as 'D-RECRUIT'")),
        Column("name", "text", aliases=("職能", "职能", "權責", "权责", "職能名稱", "职能名称"),
               expected=N_("the duty's name")),
        Column("unit_id", "id", blank_ok=True,
               aliases=("負責部門", "负责部门", "部門", "部门", "部門編號", "部门编号"),
               expected=N_("the unit_id of the owning unit (empty marks a gap)")),
    ),
)

TABLES = {t.name: t for t in (UNITS, POSITIONS, DUTIES)}

STATUSES = {
    "as-is": "as-is", "as_is": "as-is", "asis": "as-is", "現狀": "as-is", "现状": "as-is", "現行": "as-is", "现行": "as-is",
    "draft": "draft", "草案": "draft", "草稿": "draft",
    "approved": "approved", "已批准": "approved", "批准": "approved", "已核准": "approved", "核准": "approved",
}
