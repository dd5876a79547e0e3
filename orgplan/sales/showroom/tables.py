"""The showroom's tables: traffic, leads, prospects, follow-ups, service visits, fleet credit, reports, plans.

Each table is a :class:`~orgplan.tables.schema.Table` with Chinese and
English headers and the words of its choices; each ``read_*`` function
reads a file through :func:`orgplan.sales.records.read_records`, checks the
rules across cells (a time out before the time in, a closed prospect
without a date, a payment to an unknown invoice …) and raises one
:class:`~orgplan.errors.DataError` listing every problem with its row.
:func:`load_showroom` reads the whole sample folder into a
:class:`ShowroomData`.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> traffic = read_traffic(DATA_DIR / "sales" / "traffic-2027.csv")
>>> traffic.columns.tolist()[:6]
['visit_id', 'date', 'time_in', 'time_out', 'consultant_id', 'customer_id']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.sales.deals import APPROVER_LABELS, SOURCE_LABELS, read_deals
from orgplan.sales.plan_files import read_consultants, read_models
from orgplan.sales.records import read_records
from orgplan.sales.tables import cell_problems
from orgplan.tables.schema import Column, Table

_ = Translator("showroom")

__all__ = ["TRAFFIC", "LEADS", "LEVELS", "PROSPECTS", "FOLLOWUPS", "SERVICE_VISITS", "FLEET_ACCOUNTS", "INVOICES",
           "PAYMENTS", "AUTHORITY", "DAILY_REPORTS", "ACTION_PLANS", "STRATEGIES", "RATINGS", "REASON_LABELS",
           "read_traffic", "read_leads", "read_levels", "read_prospects", "read_followups", "read_service_visits",
           "read_fleet_accounts", "read_invoices", "read_payments", "read_authority", "read_daily_reports",
           "read_action_plans", "read_strategies", "read_ratings", "ShowroomData", "load_showroom", "FILES",
           "consultant_names"]

_CONSULTANT = ("salesperson", "销售顾问", "銷售顧問", "顾问", "顧問", "销售顾问编号")
_CUSTOMER = ("客户编号", "客戶編號", "客户", "客戶")
_DATE = ("日期",)
REASON_LABELS = {"price": N_("price too high"), "competitor": N_("bought a competitor's car"), "model": N_("model not suitable"),
                 "service": N_("service"), "finance": N_("financing"), "postponed": N_("purchase postponed"),
                 "other": N_("other")}
_YES_NO = N_("yes or no (是/否)")


def _c(name: str, kind: str, label: str, *aliases: str, required: bool = True, **more) -> Column:
    return Column(name, kind, required=required, aliases=aliases, label=label, **more)


TRAFFIC = Table("traffic", "visit_id", (
    _c("visit_id", "id", N_("visit id"), "登记号", "登記號", "序号"),
    _c("date", "text", N_("date"), *_DATE, "到店日期"),
    _c("time_in", "text", N_("time in"), "到店时间", "進店時間", "进店时间", expected=N_("a time written HH:MM")),
    _c("time_out", "text", N_("time out"), "离店时间", "離店時間", expected=N_("a time written HH:MM")),
    _c("consultant_id", "id", N_("consultant"), *_CONSULTANT),
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER, required=False),
    _c("source", "choice", N_("source"), "来源", "來源", choice_labels=SOURCE_LABELS,
       choices={"自然进店": "walk_in", "电话邀约": "phone", "网络线索": "online_lead", "转介绍": "referral",
                "车展": "auto_show"}),
    _c("visit", "choice", N_("visit"), "首次/再次", "到店类型", choice_labels={"first": N_("first visit"),
                                                                         "return": N_("return visit")},
       choices={"首次": "first", "再次": "return", "首次到店": "first", "再次到店": "return"}),
    _c("model_id", "id", N_("model"), "意向车型", "車型", "车型"),
    _c("test_drive", "flag", N_("test drive"), "试驾", "試駕", "试乘试驾"),
    _c("quote", "flag", N_("quote"), "报价", "報價"),
    _c("registered", "flag", N_("registered"), "留档", "留檔", "留资"),
    _c("outcome", "choice", N_("outcome"), "结果", "結果",
       choice_labels={"ordered": N_("ordered"), "follow_up": N_("to follow up"), "left": N_("left, not registered"),
                      "defeated": N_("lost (战败)")},
       choices={"成交": "ordered", "订车": "ordered", "跟进": "follow_up", "离店": "left", "战败": "defeated"}),
))

LEADS = Table("leads", "lead_id", (
    _c("lead_id", "id", N_("lead id"), "线索编号", "線索編號"),
    _c("received", "text", N_("received"), "线索日期", "下发日期", "接收日期"),
    _c("platform", "text", N_("platform"), "平台", "线索来源", required=False),
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER),
    _c("consultant_id", "id", N_("consultant"), *_CONSULTANT),
    _c("model_id", "id", N_("model"), "意向车型", "车型", required=False),
    _c("called_on", "text", N_("called on"), "外呼日期", "首次外呼", required=False),
    _c("invited_on", "text", N_("invited on"), "邀约日期", required=False),
    _c("arrived_on", "text", N_("arrived on"), "到店日期", required=False),
))

LEVELS = Table("levels", "level", (
    _c("level", "id", N_("level"), "级别", "級別", "意向级别"),
    _c("meaning", "text", N_("meaning"), "含义", "含義", "定义", required=False),
    _c("buys_within_days", "count", N_("buys within (days)"), "预计成交天数", required=False),
    _c("follow_up_days", "count", N_("follow up every (days)"), "跟进间隔", "跟进周期"),
    _c("stale_after_days", "count", N_("stale after (days)"), "停留上限", "级别停留天数"),
))

PROSPECTS = Table("prospects", "customer_id", (
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER),
    _c("name", "text", N_("name"), "姓名", "客户姓名", required=False),
    _c("consultant_id", "id", N_("consultant"), *_CONSULTANT),
    _c("created", "text", N_("card made on"), "建卡日期", "首次到店"),
    _c("source", "choice", N_("source"), "来源", "來源", choice_labels=SOURCE_LABELS,
       choices={"自然进店": "walk_in", "电话邀约": "phone", "网络线索": "online_lead", "转介绍": "referral",
                "车展": "auto_show"}),
    _c("model_id", "id", N_("model"), "意向车型", "车型", required=False),
    _c("level", "id", N_("level at first visit"), "建卡级别", "级别", "級別"),
    _c("status", "choice", N_("status"), "状态", "狀態",
       choice_labels={"open": N_("open"), "ordered": N_("ordered"), "defeated": N_("lost (战败)")},
       choices={"跟进中": "open", "成交": "ordered", "战败": "defeated", "戰敗": "defeated"}),
    _c("closed_on", "text", N_("closed on"), "关闭日期", "结案日期", required=False),
    _c("reason", "choice", N_("reason lost"), "战败原因", "戰敗原因", required=False, choice_labels=REASON_LABELS,
       choices={"价格": "price", "竞品": "competitor", "车型": "model", "服务": "service", "金融": "finance",
                "暂缓购车": "postponed", "其他": "other"}),
))

FOLLOWUPS = Table("followups", None, (
    _c("date", "text", N_("date"), *_DATE, "跟进日期"),
    _c("consultant_id", "id", N_("consultant"), *_CONSULTANT),
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER),
    _c("method", "choice", N_("method"), "方式", "跟进方式",
       choice_labels={"phone": N_("phone"), "wechat": N_("WeChat"), "visit": N_("visit"), "sms": N_("text message")},
       choices={"电话": "phone", "微信": "wechat", "到店": "visit", "短信": "sms"}),
    _c("level", "id", N_("level"), "级别", "級別"),
    _c("next_date", "text", N_("next follow-up"), "下次跟进", "下次跟進", required=False),
    _c("invited", "flag", N_("invited"), "邀约", "邀約", required=False),
    _c("result", "choice", N_("result"), "结果", "結果",
       choice_labels={"contacted": N_("contacted"), "no_answer": N_("no answer"), "defeated": N_("lost (战败)")},
       choices={"已联系": "contacted", "未接通": "no_answer", "战败": "defeated"}),
    _c("reason", "choice", N_("reason lost"), "战败原因", required=False, choice_labels=REASON_LABELS,
       choices={"价格": "price", "竞品": "competitor", "车型": "model", "服务": "service", "金融": "finance",
                "暂缓购车": "postponed", "其他": "other"}),
))

SERVICE_VISITS = Table("service_visits", None, (
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER),
    _c("date", "text", N_("date"), *_DATE, "进厂日期"),
    _c("kind", "choice", N_("kind"), "类型", "類型",
       choice_labels={"maintenance": N_("maintenance"), "repair": N_("repair"), "claim": N_("insurance claim")},
       choices={"保养": "maintenance", "维修": "repair", "事故": "claim"}),
    _c("amount", "money", N_("amount"), "金额", "金額", required=False),
))

FLEET_ACCOUNTS = Table("fleet_accounts", "customer_id", (
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER),
    _c("name", "text", N_("name"), "名称", "客户名称", "單位"),
    _c("consultant_id", "id", N_("consultant"), *_CONSULTANT),
    _c("credit_limit", "money", N_("credit limit"), "信用额度", "信用額度"),
    _c("terms_days", "count", N_("payment terms (days)"), "账期", "賬期", "账期天数"),
    _c("contact", "text", N_("contact"), "联系人", "聯繫人", required=False),
))

INVOICES = Table("invoices", "invoice_id", (
    _c("invoice_id", "id", N_("invoice id"), "发票号", "發票號", "单据号"),
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER),
    _c("deal_id", "id", N_("deal id"), "订单号", required=False),
    _c("date", "text", N_("invoice date"), "开票日期", "開票日期", *_DATE),
    _c("due_date", "text", N_("due date"), "到期日", "应收日期"),
    _c("amount", "money", N_("amount"), "金额", "金額", "开票金额"),
))

PAYMENTS = Table("payments", "payment_id", (
    _c("payment_id", "id", N_("payment id"), "收款单号", "收款單號"),
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER),
    _c("invoice_id", "id", N_("invoice id"), "发票号", "發票號"),
    _c("date", "text", N_("date"), "收款日期", *_DATE),
    _c("amount", "money", N_("amount"), "金额", "金額", "收款金额"),
))

AUTHORITY = Table("authority", "role", (
    _c("role", "choice", N_("role"), "审批人", "岗位", "崗位", choice_labels=APPROVER_LABELS,
       choices={"销售顾问": "consultant", "展厅经理": "showroom_manager", "总经理": "general_manager"}),
    _c("max_rate", "money", N_("largest discount (share of list price)"), "最高优惠比例", "优惠比例"),
    _c("max_amount", "money", N_("largest discount (amount)"), "最高优惠金额", "优惠金额"),
))

DAILY_REPORTS = Table("daily_reports", None, (
    _c("consultant_id", "id", N_("consultant"), *_CONSULTANT),
    _c("date", "text", N_("date"), *_DATE),
    _c("summary", "text", N_("today's work"), "今日工作", "工作内容"),
    _c("problems", "text", N_("problems"), "问题", "問題", "存在问题", required=False),
    _c("tomorrow", "text", N_("plan for tomorrow"), "明日计划", "明日計劃", required=False),
))

ACTION_PLANS = Table("action_plans", None, (
    _c("consultant_id", "id", N_("consultant"), *_CONSULTANT),
    _c("period", "text", N_("period"), "期间", "期間", "月份/周", expected=N_("a month (2027-09) or a week (2027-W36)")),
    _c("traffic", "count", N_("planned traffic"), "计划接待", "计划客流"),
    _c("invitations", "count", N_("planned invitations"), "计划邀约"),
    _c("test_drives", "count", N_("planned test drives"), "计划试驾"),
    _c("orders", "count", N_("planned orders"), "计划成交", "计划订单"),
))

STRATEGIES = Table("strategies", "customer_id", (
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER),
    _c("goal", "text", N_("goal"), "目标", required=False),
    _c("next_step", "text", N_("next step"), "下一步", "下一步行动"),
    _c("owner", "id", N_("owner"), "负责人", "負責人"),
    _c("due", "text", N_("due"), "完成日期", "期限"),
    _c("status", "choice", N_("status"), "状态", choice_labels={"open": N_("open"), "done": N_("done")},
       choices={"进行中": "open", "未完成": "open", "已完成": "done", "完成": "done"}),
))

RATINGS = Table("ratings", None, (
    _c("customer_id", "id", N_("customer id"), *_CUSTOMER),
    _c("month", "text", N_("month"), "月份", expected=N_("a month written YYYY-MM")),
    _c("volume", "count", N_("volume"), "采购量", "採購量", expected=N_("a score from 1 to 5")),
    _c("payment", "count", N_("payment behaviour"), "回款", "付款", expected=N_("a score from 1 to 5")),
    _c("relationship", "count", N_("relationship"), "关系", "關係", expected=N_("a score from 1 to 5")),
    _c("note", "text", N_("note"), "备注", "備註", required=False),
))


def _raise(problems: list[Problem], table: Table) -> None:
    if problems:
        order = {c.name: i for i, c in enumerate(table.columns)}
        raise DataError(sorted(problems, key=lambda p: (p.row or 0, order.get(p.column or "", 99))))


def _text(records: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """The records with date columns back as text, for the value shown in a problem."""
    out = records.copy()
    for column in columns:
        out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
    return out.fillna("").astype(str)


def _before(records: pd.DataFrame, later: str, earlier: str, file: str, shown: pd.DataFrame,
            expected: str) -> list[Problem]:
    return cell_problems(records[later] < records[earlier], shown, later, file, expected, "invalid_value")


def _unique(records: pd.DataFrame, column: str, file: str, shown: pd.DataFrame) -> list[Problem]:
    ids = shown[column]
    return cell_problems(ids.duplicated() & (ids != ""), shown, column, file, _("each id once"), "duplicate_id")


_TIME = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def _minutes(text: pd.Series) -> pd.Series:
    parts = text.str.extract(_TIME)
    return pd.to_numeric(parts[0]) * 60 + pd.to_numeric(parts[1])


def read_traffic(path: str | os.PathLike, *, consultants: Iterable[str] | None = None,
                 models: Iterable[str] | None = None) -> pd.DataFrame:
    """Read the showroom traffic log (客流登记): one row per customer visit.

    ``time_in``/``time_out`` are ``HH:MM`` (``time_out`` not before
    ``time_in``); ``minutes`` is added. A visit that ended in an order must
    be registered (留档).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("登记号,日期,进店时间,离店时间,销售顾问,客户编号,来源,首次/再次,意向车型,试驾,报价,留档,结果\\n"
    ...     "K1,2027-09-01,10:00,10:45,S01,C1,自然进店,首次,AURA,是,否,是,跟进\\n"
    ...     "K2,2027-09-01,11:00,10:30,S01,C2,车展,首次,AURA,否,否,否,成交\\n", encoding="utf-8")
    >>> try:
    ...     read_traffic(path)
    ... except DataError as error:
    ...     print([(p.row, p.column, p.code) for p in error.problems])
    [(3, 'time_out', 'invalid_value'), (3, 'registered', 'invalid_value')]
    """
    known = {k: v for k, v in (("consultant_id", consultants), ("model_id", models)) if v is not None}
    records, problems = read_records(path, TRAFFIC, dates=("date",), known=known)
    file, shown = str(path), _text(records, ["date"])
    problems += _unique(records, "visit_id", file, shown)
    start, end = _minutes(shown["time_in"]), _minutes(shown["time_out"])
    for column, minutes in (("time_in", start), ("time_out", end)):
        problems += cell_problems(minutes.isna() & (shown[column] != ""), shown, column, file,
                                  _("a time written HH:MM"), "invalid_value")
    problems += cell_problems(end < start, shown, "time_out", file, _("a time on or after the time in"),
                              "invalid_value")
    problems += cell_problems((records["outcome"] == "ordered") & ~records["registered"], shown, "registered",
                              file, _("yes: a customer who orders is registered"), "invalid_value")
    _raise(problems, TRAFFIC)
    return records.assign(minutes=(end - start).astype("float64"))


def read_leads(path: str | os.PathLike, *, consultants: Iterable[str] | None = None) -> pd.DataFrame:
    """Read the DCC lead log (线索): received → called → invited → arrived, each date after the one before.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> leads = read_leads(DATA_DIR / "sales" / "leads-2027.csv")
    >>> bool((leads["arrived_on"].dropna() >= leads.loc[leads["arrived_on"].notna(), "received"]).all())
    True
    """
    dates = ("received", "called_on", "invited_on", "arrived_on")
    known = {"consultant_id": consultants} if consultants is not None else {}
    records, problems = read_records(path, LEADS, dates=dates, known=known)
    file, shown = str(path), _text(records, dates)
    problems += _unique(records, "lead_id", file, shown)
    problems += _before(records, "called_on", "received", file, shown, _("a call on or after the lead came in"))
    problems += _before(records, "invited_on", "received", file, shown,
                        _("an invitation on or after the lead came in"))
    problems += _before(records, "arrived_on", "received", file, shown, _("an arrival on or after the lead came in"))
    _raise(problems, LEADS)
    return records


def read_levels(path: str | os.PathLike) -> pd.DataFrame:
    """Read the store's prospect levels (H/A/B/C/N): meaning, follow-up interval, days before a level is stale.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> levels = read_levels(DATA_DIR / "sales" / "prospect-levels.csv")
    >>> levels.set_index("level")["follow_up_days"].to_dict()
    {'H': 2, 'A': 3, 'B': 7, 'C': 15, 'N': 1}
    """
    records, problems = read_records(path, LEVELS, optional=("buys_within_days",))
    file, shown = str(path), _text(records, [])
    problems += _unique(records, "level", file, shown)
    problems += cell_problems(records["follow_up_days"] < 1, shown, "follow_up_days", file,
                              _("a whole number of days of 1 or more"), "invalid_value")
    _raise(problems, LEVELS)
    return records.astype({"follow_up_days": "int64", "stale_after_days": "int64"})


def read_prospects(path: str | os.PathLike, *, levels: Iterable[str] | None = None,
                   consultants: Iterable[str] | None = None) -> pd.DataFrame:
    """Read the prospect cards (意向客户卡): level at the first visit, status, and when and why a card closed.

    A card that is ordered or lost (战败) has a ``closed_on`` date, a lost
    one its reason; an open card has neither.
    """
    known = {k: v for k, v in (("level", levels), ("consultant_id", consultants)) if v is not None}
    records, problems = read_records(path, PROSPECTS, dates=("created", "closed_on"), known=known)
    file, shown = str(path), _text(records, ["created", "closed_on"])
    problems += _unique(records, "customer_id", file, shown)
    closed, status = records["closed_on"].notna(), records["status"]
    problems += cell_problems(status.isin(["ordered", "defeated"]) & ~closed, shown, "closed_on", file,
                              _("the date the card was closed"), "missing_value")
    problems += cell_problems((status == "open") & closed, shown, "closed_on", file,
                              _("no date while the card is open"), "invalid_value")
    problems += cell_problems((status == "defeated") & records["reason"].isna(), shown, "reason", file,
                              _("why the customer was lost"), "missing_value")
    problems += _before(records, "closed_on", "created", file, shown, _("a date on or after the card was made"))
    _raise(problems, PROSPECTS)
    return records


def read_followups(path: str | os.PathLike, *, levels: Iterable[str] | None = None,
                   prospects: Iterable[str] | None = None) -> pd.DataFrame:
    """Read the follow-up log (跟进记录): the level after each follow-up and the date of the next one."""
    known = {k: v for k, v in (("level", levels), ("customer_id", prospects)) if v is not None}
    records, problems = read_records(path, FOLLOWUPS, dates=("date", "next_date"), known=known)
    file, shown = str(path), _text(records, ["date", "next_date"])
    problems += _before(records, "next_date", "date", file, shown, _("a date on or after the follow-up"))
    problems += cell_problems((records["result"] == "defeated") & records["reason"].isna(), shown, "reason", file,
                              _("why the customer was lost"), "missing_value")
    _raise(problems, FOLLOWUPS)
    return records


def read_service_visits(path: str | os.PathLike) -> pd.DataFrame:
    """Read the after-sales service visits (售后进厂): customer, date, kind, amount."""
    records, problems = read_records(path, SERVICE_VISITS, dates=("date",))
    _raise(problems, SERVICE_VISITS)
    return records


def read_fleet_accounts(path: str | os.PathLike) -> pd.DataFrame:
    """Read the fleet and government accounts (大客户): credit limit (信用额度) and payment terms (账期)."""
    records, problems = read_records(path, FLEET_ACCOUNTS)
    problems += _unique(records, "customer_id", str(path), _text(records, []))
    _raise(problems, FLEET_ACCOUNTS)
    return records


def read_invoices(path: str | os.PathLike, *, accounts: Iterable[str] | None = None) -> pd.DataFrame:
    """Read the fleet invoices (应收: one per car delivered on credit); the due date not before the invoice."""
    known = {"customer_id": accounts} if accounts is not None else {}
    records, problems = read_records(path, INVOICES, dates=("date", "due_date"), known=known)
    file, shown = str(path), _text(records, ["date", "due_date"])
    problems += _unique(records, "invoice_id", file, shown)
    problems += _before(records, "due_date", "date", file, shown, _("a due date on or after the invoice date"))
    _raise(problems, INVOICES)
    return records


def read_payments(path: str | os.PathLike, *, invoices: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read the payments received (回款); with ``invoices``, each pays a known invoice of the same customer."""
    known = {"invoice_id": invoices["invoice_id"]} if invoices is not None else {}
    records, problems = read_records(path, PAYMENTS, dates=("date",), known=known)
    file, shown = str(path), _text(records, ["date"])
    problems += _unique(records, "payment_id", file, shown)
    if invoices is not None:
        owner = records["invoice_id"].map(dict(zip(invoices["invoice_id"], invoices["customer_id"])))
        problems += cell_problems(owner.notna() & (owner != records["customer_id"]), shown, "customer_id", file,
                                  _("the customer of the invoice paid"), "invalid_value")
    _raise(problems, PAYMENTS)
    return records


def read_authority(path: str | os.PathLike) -> pd.DataFrame:
    """Read the discount authority (优惠审批权限): the largest discount each role may grant, as a rate and an amount.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> read_authority(DATA_DIR / "sales" / "discount-authority.csv").values.tolist()
    [['consultant', 0.03, 5000.0], ['showroom_manager', 0.08, 15000.0], ['general_manager', 0.15, 40000.0]]
    """
    records, problems = read_records(path, AUTHORITY)
    shown = _text(records, [])
    problems += cell_problems(records["max_rate"] > 1, shown, "max_rate", str(path),
                              _("a share of the list price from 0 to 1 (0.05 = 5 %)"), "invalid_value")
    problems += _unique(records, "role", str(path), shown)
    _raise(problems, AUTHORITY)
    return records


def read_daily_reports(path: str | os.PathLike) -> pd.DataFrame:
    """Read the consultants' daily reports (逐日销售报告): the free text of each day; one report per consultant and day."""
    records, problems = read_records(path, DAILY_REPORTS, dates=("date",))
    shown = _text(records, ["date"])
    twice = shown[["consultant_id", "date"]].duplicated()
    problems += cell_problems(twice, shown, "date", str(path), _("one report per consultant and day"),
                              "duplicate_row")
    _raise(problems, DAILY_REPORTS)
    return records


_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$|^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")


def read_action_plans(path: str | os.PathLike) -> pd.DataFrame:
    """Read the monthly (``2027-09``) and weekly (``2027-W36``) action plans (行动计划) per consultant."""
    records, problems = read_records(path, ACTION_PLANS)
    shown = _text(records, [])
    problems += cell_problems(~shown["period"].str.match(_PERIOD), shown, "period", str(path),
                              _("a month (2027-09) or a week (2027-W36)"), "invalid_value")
    problems += cell_problems(shown[["consultant_id", "period"]].duplicated(), shown, "period", str(path),
                              _("one plan per consultant and period"), "duplicate_row")
    _raise(problems, ACTION_PLANS)
    return records.astype({c: "int64" for c in ("traffic", "invitations", "test_drives", "orders")})


def read_strategies(path: str | os.PathLike) -> pd.DataFrame:
    """Read the customer strategy cards (客户策略卡): goal, next step, owner, due date, status."""
    records, problems = read_records(path, STRATEGIES, dates=("due",))
    _raise(problems, STRATEGIES)
    return records


def read_ratings(path: str | os.PathLike) -> pd.DataFrame:
    """Read the monthly ratings of key customers (客户月评卡): volume, payment, relationship, each 1–5."""
    records, problems = read_records(path, RATINGS)
    shown = _text(records, [])
    for column in ("volume", "payment", "relationship"):
        problems += cell_problems(~records[column].between(1, 5) & records[column].notna(), shown, column,
                                  str(path), _("a score from 1 to 5"), "invalid_value")
    problems += cell_problems(~shown["month"].str.match(r"^\d{4}-(0[1-9]|1[0-2])$"), shown, "month", str(path),
                              _("a month written YYYY-MM"), "invalid_value")
    _raise(problems, RATINGS)
    return records.astype({"volume": "int64", "payment": "int64", "relationship": "int64"})


#: The file of each table in a sales data folder.
FILES = {"deals": "deals-2027.csv", "traffic": "traffic-2027.csv", "leads": "leads-2027.csv",
         "levels": "prospect-levels.csv", "prospects": "prospects-2027.csv", "followups": "followups-2027.csv",
         "service_visits": "service-visits.csv", "accounts": "fleet-accounts.csv",
         "invoices": "fleet-invoices-2027.csv", "payments": "fleet-payments-2027.csv",
         "authority": "discount-authority.csv", "reports": "daily-reports-2027.csv",
         "plans": "action-plans-2027.csv", "strategies": "customer-strategies.csv",
         "ratings": "customer-ratings-2027.csv", "consultants": "consultants.csv", "models": "models.csv"}


@dataclass(frozen=True)
class ShowroomData:
    """Every showroom table of a sales folder, read and checked (see :func:`load_showroom`)."""

    deals: pd.DataFrame
    traffic: pd.DataFrame
    leads: pd.DataFrame
    levels: pd.DataFrame
    prospects: pd.DataFrame
    followups: pd.DataFrame
    service_visits: pd.DataFrame
    accounts: pd.DataFrame
    invoices: pd.DataFrame
    payments: pd.DataFrame
    authority: pd.DataFrame
    reports: pd.DataFrame
    plans: pd.DataFrame
    strategies: pd.DataFrame
    ratings: pd.DataFrame
    consultants: pd.DataFrame


def load_showroom(folder: str | os.PathLike) -> ShowroomData:
    """Read every showroom table of ``folder`` (file names of :data:`FILES`); all problems in one error.

    Raises
    ------
    DataError
        Listing the problems of every file (each located by file, row and column).
    FileNotFoundError
        If a file is missing.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> data = load_showroom(DATA_DIR / "sales")
    >>> len(data.deals), sorted(data.levels["level"])
    (1156, ['A', 'B', 'C', 'H', 'N'])
    """
    folder = Path(folder)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    consultants = read_consultants(folder / FILES["consultants"])
    models = read_models(folder / FILES["models"])["model_id"]
    people = consultants["consultant_id"]

    def attempt(name: str, reader, *args, **kwargs) -> None:
        try:
            frames[name] = reader(folder / FILES[name], *args, **kwargs)
        except DataError as error:
            problems.extend(error.problems)
            frames[name] = pd.DataFrame()

    attempt("deals", read_deals, consultants=people, models=models)
    attempt("traffic", read_traffic, consultants=people, models=models)
    attempt("leads", read_leads, consultants=people)
    attempt("levels", read_levels)
    levels = frames["levels"]["level"] if "level" in frames["levels"] else None
    attempt("prospects", read_prospects, levels=levels, consultants=people)
    attempt("followups", read_followups, levels=levels)
    for name, reader in (("service_visits", read_service_visits), ("accounts", read_fleet_accounts),
                         ("authority", read_authority), ("reports", read_daily_reports),
                         ("plans", read_action_plans), ("strategies", read_strategies), ("ratings", read_ratings)):
        attempt(name, reader)
    accounts = frames["accounts"]["customer_id"] if "customer_id" in frames["accounts"] else None
    attempt("invoices", read_invoices, accounts=accounts)
    attempt("payments", read_payments, invoices=frames["invoices"] if len(frames["invoices"]) else None)
    if problems:
        raise DataError(problems)
    return ShowroomData(consultants=consultants, **frames)


def consultant_names(consultants: pd.DataFrame) -> dict[str, str]:
    """``{consultant_id: name}`` of the consultants table (for labels of charts).

    Examples
    --------
    >>> consultant_names(pd.DataFrame({"consultant_id": ["S01"], "name": ["王海涛"]}))
    {'S01': '王海涛'}
    """
    return dict(zip(consultants["consultant_id"], consultants["name"]))
