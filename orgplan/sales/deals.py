"""The deals table (成交明细): one row per car ordered, its price, discount approval, gross and F&I.

Shared by the showroom analyses (funnel, F&I penetration, price control)
and by pay (commissions, clawbacks). :data:`DEALS` declares the columns with
their Chinese headers and the words of each choice; :func:`read_deals`
reads a file and reports every bad cell and every broken rule with its
spreadsheet row. The discount of a deal is derived
(:func:`deal_discounts`), not a column.

Columns (code — 中文): ``deal_id`` 订单号, ``consultant_id`` 销售顾问,
``customer_id`` 客户编号, ``model_id`` 车型, ``order_date`` 订单日期,
``delivery_date`` 交车日期 (blank: not delivered yet), ``status`` 状态
(ordered 已订车 / delivered 已交车 / cancelled 已退订), ``cancelled_on``
退订日期, ``list_price`` 指导价, ``price`` 成交价, ``discount_approved_by``
优惠审批 (consultant 销售顾问 / showroom_manager 展厅经理 / general_manager
总经理), ``gross_profit`` 毛利, ``customer_type`` 客户类型, ``payment`` 付款方式,
``channel`` 渠道, ``source`` 来源, ``insurance`` 保险, ``extended_warranty``
延保, ``accessories`` 精品金额.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> deals = read_deals(DATA_DIR / "sales" / "deals-2027.csv")
>>> deals.columns.tolist()[:6]
['deal_id', 'consultant_id', 'customer_id', 'model_id', 'order_date', 'delivery_date']
>>> sorted(deals["status"].unique())
['cancelled', 'delivered', 'ordered']
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.sales.records import read_records
from orgplan.sales.tables import cell_problems
from orgplan.tables.schema import Column, Table

_ = Translator("showroom")

__all__ = ["DEALS", "DEAL_COLUMNS", "STATUS_LABELS", "APPROVER_LABELS", "CUSTOMER_TYPE_LABELS", "PAYMENT_LABELS",
           "CHANNEL_LABELS", "SOURCE_LABELS", "read_deals", "deal_discounts", "delivered_units"]

STATUS_LABELS = {"ordered": N_("ordered"), "delivered": N_("delivered"), "cancelled": N_("cancelled")}
APPROVER_LABELS = {"consultant": N_("consultant"), "showroom_manager": N_("showroom manager"),
                   "general_manager": N_("general manager")}
CUSTOMER_TYPE_LABELS = {"individual": N_("individual"), "fleet": N_("fleet"), "government": N_("government")}
PAYMENT_LABELS = {"full": N_("full payment"), "loan": N_("loan"), "instalment": N_("instalment")}
CHANNEL_LABELS = {"showroom": N_("showroom"), "online": N_("online sales"), "fleet": N_("fleet sales"),
                  "trade_in": N_("trade-in")}
SOURCE_LABELS = {"walk_in": N_("walk-in"), "phone": N_("phone invitation"), "online_lead": N_("online lead"),
                 "referral": N_("referral"), "auto_show": N_("auto show")}

#: The deals table: one row per car ordered.
DEALS = Table("deals", "deal_id", (
    Column("deal_id", "id", aliases=("订单号", "訂單號", "订单编号", "訂單編號"), label=N_("deal id"),
           expected=N_("a deal id, each once")),
    Column("consultant_id", "id", aliases=("salesperson", "销售顾问", "銷售顧問", "销售顾问编号", "銷售顧問編號"),
           label=N_("consultant"), expected=N_("a consultant id of consultants.csv")),
    Column("customer_id", "id", required=False, aliases=("客户编号", "客戶編號"), label=N_("customer id")),
    Column("model_id", "id", aliases=("车型", "車型", "车型编号", "車型編號"), label=N_("model"),
           expected=N_("a model id of models.csv")),
    Column("order_date", "text", aliases=("订单日期", "訂單日期", "订车日期", "訂車日期"), label=N_("order date"),
           expected=N_("a date written YYYY-MM-DD")),
    Column("delivery_date", "text", required=False, aliases=("交车日期", "交車日期"), label=N_("delivery date"),
           expected=N_("a date written YYYY-MM-DD (or empty: not delivered yet)")),
    Column("status", "choice", aliases=("状态", "狀態"), label=N_("status"), choice_labels=STATUS_LABELS,
           choices={"已订车": "ordered", "已交车": "delivered", "已退订": "cancelled", "訂車": "ordered",
                    "订车": "ordered", "交车": "delivered", "退订": "cancelled"}),
    Column("cancelled_on", "text", required=False, aliases=("退订日期", "退訂日期"), label=N_("cancelled on"),
           expected=N_("a date written YYYY-MM-DD (only for a cancelled deal)")),
    Column("list_price", "money", aliases=("指导价", "指導價"), label=N_("list price"),
           expected=N_("an amount of money of 0 or more")),
    Column("price", "money", aliases=("成交价", "成交價"), label=N_("price"),
           expected=N_("an amount of money of 0 or more")),
    Column("discount_approved_by", "choice", aliases=("优惠审批", "優惠審批", "审批人", "審批人"),
           label=N_("discount approved by"), choice_labels=APPROVER_LABELS,
           choices={"销售顾问": "consultant", "展厅经理": "showroom_manager", "总经理": "general_manager"}),
    Column("gross_profit", "money", aliases=("毛利",), label=N_("gross profit"),
           expected=N_("an amount of money (may be negative)")),
    Column("customer_type", "choice", aliases=("客户类型", "客戶類型"), label=N_("customer type"),
           choice_labels=CUSTOMER_TYPE_LABELS, choices={"个人": "individual", "大客户": "fleet", "政府": "government"}),
    Column("payment", "choice", aliases=("付款方式",), label=N_("payment"), choice_labels=PAYMENT_LABELS,
           choices={"全款": "full", "贷款": "loan", "分期": "instalment", "貸款": "loan"}),
    Column("channel", "choice", aliases=("渠道",), label=N_("channel"), choice_labels=CHANNEL_LABELS,
           choices={"展厅": "showroom", "网销": "online", "大客户": "fleet", "二手车置换": "trade_in",
                    "置换": "trade_in"}),
    Column("source", "choice", aliases=("来源", "來源", "客户来源", "客戶來源"), label=N_("source"),
           choice_labels=SOURCE_LABELS,
           choices={"自然进店": "walk_in", "电话邀约": "phone", "网络线索": "online_lead", "转介绍": "referral",
                    "车展": "auto_show"}),
    Column("insurance", "flag", aliases=("保险", "保險"), label=N_("insurance")),
    Column("extended_warranty", "flag", aliases=("延保",), label=N_("extended warranty")),
    Column("accessories", "money", aliases=("精品金额", "精品金額", "精品"), label=N_("accessories"),
           expected=N_("an amount of money of 0 or more")),
))

#: Columns of the deals table, in order.
DEAL_COLUMNS = DEALS.column_names
_DATES = ("order_date", "delivery_date", "cancelled_on")


def read_deals(path: str | os.PathLike, *, consultants: Iterable[str] | None = None,
               models: Iterable[str] | None = None) -> pd.DataFrame:
    """Read the deals table (成交明细), every bad cell and broken rule located.

    Parameters
    ----------
    path : str or path-like
        A ``.csv`` (UTF-8 or GBK) or ``.xlsx`` file; headers and choice
        values in English, 简体 or 繁體 (``已交车``, ``展厅经理``, ``是``/``否``).
    consultants, models : iterable of str, optional
        The consultant and model ids that may appear (consultants.csv,
        models.csv); any other is ``unknown_id``.

    Returns
    -------
    DataFrame
        :data:`DEAL_COLUMNS`: dates as datetime64 (NaT when empty), money
        as float64, ``insurance``/``extended_warranty`` bool, choices as
        their English codes; ``customer_id`` ``""`` when not given.

    Raises
    ------
    DataError
        Listing every problem: a missing column or value, a date or amount
        that is not one, an unknown choice or id, a deal id given twice,
        a delivered deal without delivery date, an ordered deal with one,
        a cancellation date missing (cancelled) or present (not cancelled),
        a delivery or cancellation before the order.
    FileNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "deals.csv"
    >>> _ = path.write_text(
    ...     "订单号,销售顾问,车型,订单日期,交车日期,状态,指导价,成交价,优惠审批,毛利,客户类型,付款方式,渠道,来源,保险,延保,精品金额\\n"
    ...     "D1,S01,AURA,2027-03-02,2027-03-09,已交车,152000,147000,销售顾问,-800,个人,贷款,展厅,自然进店,是,否,3000\\n"
    ...     "D2,S01,AURA,2027-03-05,,已交车,152000,150000,销售顾问,4200,个人,全款,展厅,转介绍,否,否,0\\n",
    ...     encoding="utf-8")
    >>> try:
    ...     read_deals(path)
    ... except DataError as error:
    ...     print([(p.row, p.column, p.code) for p in error.problems])
    [(3, 'delivery_date', 'missing_value')]
    """
    known = {name: ids for name, ids in (("consultant_id", consultants), ("model_id", models)) if ids is not None}
    records, problems = read_records(path, DEALS, dates=_DATES, optional=("customer_id", "delivery_date",
                                                                          "cancelled_on"),
                                     signed=("gross_profit",), known=known)
    problems += _rule_problems(records, str(path))
    if problems:
        order = {name: i for i, name in enumerate(DEAL_COLUMNS)}
        raise DataError(sorted(problems, key=lambda p: (p.row or 0, order.get(p.column or "", 99))))
    records["customer_id"] = records["customer_id"].fillna("").astype(str)
    return records[DEAL_COLUMNS]


def _rule_problems(records: pd.DataFrame, file: str) -> list[Problem]:
    """The rules across cells and rows: unique ids, dates that fit the status."""
    cells = records.assign(**{c: records[c].dt.strftime("%Y-%m-%d").fillna("") for c in _DATES})
    cells = cells.astype({"deal_id": str})
    ids = records["deal_id"].astype(str)
    found = cell_problems(ids.duplicated() & (ids != ""), cells, "deal_id", file, _(N_("a deal id, each once")),
                          "duplicate_id")
    status = records["status"]
    delivered, cancelled = records["delivery_date"].notna(), records["cancelled_on"].notna()
    found += cell_problems((status == "delivered") & ~delivered, cells, "delivery_date", file,
                           _("a delivery date for a delivered deal"), "missing_value")
    found += cell_problems((status == "ordered") & delivered, cells, "delivery_date", file,
                           _("no delivery date while the deal is only ordered (or status delivered)"),
                           "invalid_value")
    found += cell_problems((status == "cancelled") & ~cancelled, cells, "cancelled_on", file,
                           _("the date of the cancellation"), "missing_value")
    found += cell_problems((status != "cancelled") & status.notna() & cancelled, cells, "cancelled_on", file,
                           _("no cancellation date unless the status is cancelled"), "invalid_value")
    found += cell_problems(records["delivery_date"] < records["order_date"], cells, "delivery_date", file,
                           _("a delivery on or after the order date"), "invalid_value")
    found += cell_problems(records["cancelled_on"] < records["order_date"], cells, "cancelled_on", file,
                           _("a cancellation on or after the order date"), "invalid_value")
    return found


def deal_discounts(deals: pd.DataFrame) -> pd.DataFrame:
    """Each deal's discount (优惠): ``list_price − price``, in money and as a share of the list price.

    Returns
    -------
    DataFrame
        ``deal_id, discount, discount_rate`` (rate NaN when the list price
        is 0); a price above the list price gives a negative discount.

    Examples
    --------
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "list_price": [150000.0, 0.0], "price": [141000.0, 0.0]})
    >>> deal_discounts(deals).to_dict("records")
    [{'deal_id': 'D1', 'discount': 9000.0, 'discount_rate': 0.06}, {'deal_id': 'D2', 'discount': 0.0, 'discount_rate': nan}]
    """
    discount = deals["list_price"] - deals["price"]
    rate = discount / deals["list_price"].where(deals["list_price"] > 0)
    return pd.DataFrame({"deal_id": deals["deal_id"], "discount": discount, "discount_rate": rate.round(6)})


def delivered_units(deals: pd.DataFrame) -> pd.DataFrame:
    """Cars delivered (status ``delivered``) per year, month, consultant and model — the shape of actual-2027.csv.

    Returns
    -------
    DataFrame
        ``year, month, salesperson, model_id, units, gross_profit``.

    Examples
    --------
    >>> deals = pd.DataFrame({"consultant_id": ["S01", "S01", "S02"], "model_id": ["AURA"] * 3,
    ...                       "status": ["delivered", "delivered", "cancelled"], "gross_profit": [100.0, 50.0, 9.0],
    ...                       "delivery_date": pd.to_datetime(["2027-03-02", "2027-03-20", "2027-03-04"])})
    >>> delivered_units(deals).to_dict("records")
    [{'year': 2027, 'month': 3, 'salesperson': 'S01', 'model_id': 'AURA', 'units': 2, 'gross_profit': 150.0}]
    """
    done = deals[deals["status"] == "delivered"]
    keys = [done["delivery_date"].dt.year.rename("year"), done["delivery_date"].dt.month.rename("month"),
            done["consultant_id"].rename("salesperson"), done["model_id"]]
    out = done.groupby(keys).agg(units=("model_id", "size"), gross_profit=("gross_profit", "sum")).reset_index()
    return out.astype({"year": "int64", "month": "int64", "units": "int64"})
