"""The yearly plan: reading, statuses on boundary days, checks, Gantt, widget, CLI."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from orgplan.cli import main
from orgplan.errors import DataError, ParameterError
from orgplan.model.io import sample_path
from orgplan.render.gantt import gantt_chart
from orgplan.yearplan.plan import (
    STATUS_ORDER, CyclicPlanError, Plan, check_plan, plan_status, read_plan, write_plan,
)


def make_plan(rows: list[tuple], **kwargs) -> Plan:
    """rows: (task_id, start, due, depends_on, done_on[, owner])."""
    table = pd.DataFrame({
        "task_id": [r[0] for r in rows],
        "task": [f"任務{r[0]}" for r in rows],
        "owner": [r[5] if len(r) > 5 else "行政经理" for r in rows],
        "co_owner": ["行政助理"] * len(rows),
        "start": [r[1] for r in rows],
        "due": [r[2] for r in rows],
        "depends_on": [r[3] for r in rows],
        "done_on": [r[4] for r in rows],
    })
    return Plan(table, **kwargs)


def statuses(plan: Plan, today: str) -> dict[str, str]:
    return dict(zip(*plan_status(plan, today)[["task_id", "status"]].T.values))


# ------------------------------------------------------------------ statuses
def test_due_today_is_in_progress_and_due_yesterday_is_overdue():
    plan = make_plan([("A", "2027-01-04", "2027-01-31", "", "")])
    assert statuses(plan, "2027-01-31") == {"A": "in_progress"}
    assert statuses(plan, "2027-02-01") == {"A": "overdue"}
    assert plan_status(plan, "2027-01-31")["days_left"].tolist() == [0]
    assert plan_status(plan, "2027-02-01")["days_left"].tolist() == [-1]


def test_starts_today_has_started_and_starts_tomorrow_has_not():
    plan = make_plan([("A", "2027-02-01", "2027-02-28", "", "")])
    assert statuses(plan, "2027-02-01") == {"A": "in_progress"}
    assert statuses(plan, "2027-01-31") == {"A": "not_started"}


def test_blocked_when_started_and_a_dependency_is_open():
    plan = make_plan([("A", "2027-01-04", "2027-01-31", "", ""),
                      ("B", "2027-01-20", "2027-02-28", "A", "")])
    assert statuses(plan, "2027-01-20") == {"A": "in_progress", "B": "blocked"}
    assert statuses(plan, "2027-01-19") == {"A": "in_progress", "B": "not_started"}
    assert plan_status(plan, "2027-01-20").set_index("task_id").at["B", "waiting_on"] == "A"


def test_done_on_counts_from_its_day_and_unblocks_dependants():
    plan = make_plan([("A", "2027-01-04", "2027-01-31", "", "2027-01-25"),
                      ("B", "2027-01-20", "2027-02-28", "A", "")])
    assert statuses(plan, "2027-01-24") == {"A": "in_progress", "B": "blocked"}
    assert statuses(plan, "2027-01-25") == {"A": "done", "B": "in_progress"}
    table = plan_status(plan, "2027-01-24").set_index("task_id")
    assert pd.isna(table.at["A", "done_on"])  # not yet done on that day


def test_overdue_wins_over_blocked_and_done_wins_over_overdue():
    plan = make_plan([("A", "2027-01-04", "2027-01-31", "", ""),
                      ("B", "2027-01-10", "2027-01-20", "A", ""),
                      ("C", "2027-01-04", "2027-01-10", "", "2027-01-15")])
    assert statuses(plan, "2027-01-21") == {"A": "in_progress", "B": "overdue", "C": "done"}


def test_sample_plan_on_three_days():
    plan = read_plan(sample_path("plan-2027.csv"))
    assert statuses(plan, "2027-01-08")["P1"] == "done"
    day = statuses(plan, "2027-02-10")
    assert [day[t] for t in ("P1", "P2", "P3", "P4", "P5", "P6")] == [
        "done", "done", "done", "overdue", "blocked", "not_started"]
    assert statuses(plan, "2027-04-01")["P11"] == "overdue"


def test_today_must_be_a_date():
    plan = read_plan(sample_path("plan-2027.csv"))
    with pytest.raises(ParameterError, match="The 'today' parameter of plan_status must be a date"):
        plan_status(plan, "next tuesday")


# ------------------------------------------------------------------ cycles and checks
def test_status_refuses_a_cycle_and_names_its_tasks():
    plan = make_plan([("A", "2027-01-04", "2027-01-31", "C", ""),
                      ("B", "2027-01-04", "2027-01-31", "A", ""),
                      ("C", "2027-01-04", "2027-01-31", "B", ""),
                      ("D", "2027-01-04", "2027-01-31", "", "")])
    with pytest.raises(CyclicPlanError) as info:
        plan_status(plan, "2027-01-10")
    assert info.value.cycles == [["A", "C", "B"]]
    assert "A → C → B → A" in str(info.value)
    assert {p.row for p in info.value.problems} == {2, 3, 4}


def test_self_dependency_is_a_cycle():
    plan = make_plan([("A", "2027-01-04", "2027-01-31", "A", "")])
    findings = check_plan(plan)
    assert findings["rule"].tolist() == ["dependency_cycle"]
    assert findings["message"].item() == "Tasks A → A depend on each other in a circle; remove one of these dependencies."


def test_check_finds_each_rule_with_its_row():
    plan = make_plan([("A", "2027-01-04", "2027-01-31", "", "", ""),
                      ("B", "2027-01-04", "2027-01-20", "A;X", "2027-01-10"),
                      ("C", "2027-02-10", "2027-02-01", "", "")], file="plan.csv")
    findings = check_plan(plan)
    got = set(zip(findings["rule"], findings["task_id"], findings["row"]))
    assert got == {("missing_owner", "A", 2), ("unknown_dependency", "B", 3), ("due_before_dependency", "B", 3),
                   ("due_before_start", "C", 4)}
    assert (findings["severity"] == "error").all()
    assert findings["file"].eq("plan.csv").all()


def test_done_before_a_dependency_is_a_warning():
    plan = make_plan([("A", "2027-01-04", "2027-01-31", "", "2027-01-20"),
                      ("B", "2027-01-04", "2027-02-20", "A", "2027-01-15")])
    findings = check_plan(plan)
    assert findings[["severity", "rule"]].values.tolist() == [["warning", "done_before_dependency"]]


def test_sample_plan_has_no_findings():
    assert check_plan(read_plan(sample_path("plan-2027.csv"))).empty


# ------------------------------------------------------------------ reading
def test_bad_cells_are_all_reported_with_rows(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("任務編號,任務,第一責任人,協同責任人,開始日期,完成期限,前置任務,完成日期\n"
                    "T1,調查,行政经理,行政助理,2027-01-04,2027-01-31,,\n"
                    "T1,草案,行政经理,行政助理,2027-02-01,下個月,T1,\n"
                    ",,行政经理,行政助理,2027/2/1,2027年2月28日,,2027-02-30\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_plan(path)
    got = [(p.row, p.column, p.code) for p in info.value.problems]
    assert got == [(3, "task_id", "duplicate_id"), (3, "due", "not_a_date"),
                   (4, "task_id", "missing_value"), (4, "task", "missing_value"), (4, "done_on", "not_a_date")]
    assert str(path) in str(info.value)


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("task_id,task,owner,co_owner,start,depends_on,done_on\nT1,x,a,b,2027-01-01,,\n", encoding="utf-8")
    with pytest.raises(DataError, match="a column 'due'"):
        read_plan(path)


def test_chinese_dates_and_separators_are_read():
    plan = make_plan([("A", "2027/1/4", "2027年1月31日", "", ""), ("B", "2027.2.1", "2027-02-28", "A；", "")])
    tasks = plan.tasks
    assert tasks["start"].dt.date.tolist() == [dt.date(2027, 1, 4), dt.date(2027, 2, 1)]
    assert tasks["depends_on"].tolist() == [None, "A"]


def test_plan_is_immutable_and_input_untouched():
    table = pd.DataFrame({"task_id": ["A"], "task": ["x"], "owner": ["o"], "co_owner": ["c"],
                          "start": ["2027-01-01"], "due": ["2027-01-02"], "depends_on": [""], "done_on": [""]})
    before = table.copy()
    plan = Plan(table)
    assert table.equals(before)
    with pytest.raises(AttributeError):
        plan.name = "x"


def test_write_and_read_back_csv(tmp_path):
    plan = read_plan(sample_path("plan-2027.csv"))
    again = read_plan(write_plan(plan, tmp_path / "p.csv"))
    assert again.tasks.drop(columns="_row").equals(plan.tasks.drop(columns="_row"))


# ------------------------------------------------------------------ properties
@st.composite
def plans(draw):
    n = draw(st.integers(1, 8))
    rows = []
    base = dt.date(2027, 1, 1)
    for i in range(n):
        start = base + dt.timedelta(days=draw(st.integers(0, 60)))
        due = start + dt.timedelta(days=draw(st.integers(0, 30)))
        deps = draw(st.lists(st.integers(0, max(i - 1, 0)), max_size=2, unique=True)) if i else []
        done = draw(st.one_of(st.none(), st.integers(0, 40)))
        done_on = (start + dt.timedelta(days=done)).isoformat() if done is not None else ""
        rows.append((f"T{i}", start.isoformat(), due.isoformat(), ";".join(f"T{d}" for d in deps), done_on))
    return make_plan(rows)


@settings(max_examples=60, deadline=None)
@given(plans(), st.integers(0, 120))
def test_status_rules_hold_on_any_day(plan, offset):
    today = pd.Timestamp(dt.date(2027, 1, 1) + dt.timedelta(days=offset))
    table = plan_status(plan, today.date())
    tasks = plan.tasks
    assert set(table["status"]) <= set(STATUS_ORDER)
    done = tasks["done_on"].notna() & (tasks["done_on"] <= today)
    assert ((table["status"] == "done") == done).all()
    assert ((table["status"] == "overdue") == (~done & (tasks["due"] < today))).all()
    assert ((table["status"] == "not_started") <= (tasks["start"] > today)).all()
    blocked = table["status"] == "blocked"
    assert (table.loc[blocked, "waiting_on"].notna()).all()
    assert table.loc[table["status"] == "in_progress", "waiting_on"].isna().all()


@settings(max_examples=40, deadline=None)
@given(plans(), st.integers(0, 100))
def test_a_done_task_stays_done(plan, offset):
    day = dt.date(2027, 1, 1) + dt.timedelta(days=offset)
    first = plan_status(plan, day)
    later = plan_status(plan, day + dt.timedelta(days=7))
    assert set(first.loc[first["status"] == "done", "task_id"]) <= set(later.loc[later["status"] == "done", "task_id"])


# ------------------------------------------------------------------ Gantt
def test_gantt_draws_every_task_today_line_and_arrows(tmp_path):
    plan = read_plan(sample_path("plan-2027.csv"))
    chart = gantt_chart(plan, "2027-02-10")
    ax = chart.figure.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "P1 发放架构与编制调查表" and len(labels) == 11
    import matplotlib.dates as mdates

    today_lines = [l for l in ax.lines if list(l.get_xdata()) == [mdates.date2num(dt.date(2027, 2, 10))] * 2]
    assert len(today_lines) == 1
    edges = sum(len(v) for v in plan.dependencies().values())
    arrows = [a for a in ax.get_children() if type(a).__name__ == "Annotation"]
    assert len(arrows) == edges == 12  # P1→P2, P2/P3→P4, … P8/P9/P10→P11
    colours = {p.get_facecolor()[:3] for p in ax.patches[:11]}
    assert len(colours) == 4  # done, overdue, blocked, not_started
    for suffix in ("png", "svg", "pdf"):
        path = chart.save(tmp_path / f"g.{suffix}")
        assert path.stat().st_size > 1000
    assert chart.to_bytes("svg").startswith(b"<?xml")


def test_gantt_uses_a_cjk_font():
    from matplotlib import font_manager

    chart = gantt_chart(read_plan(sample_path("plan-2027.csv")), "2027-02-10")
    label = chart.figure.axes[0].get_yticklabels()[0]
    font = font_manager.findfont(label.get_fontproperties(), fallback_to_default=False)
    installed = {f.name for f in font_manager.fontManager.ttflist}
    if "WenQuanYi Micro Hei" in installed:
        assert "wqy" in font.lower()


def test_gantt_save_rejects_unknown_format(tmp_path):
    chart = gantt_chart(read_plan(sample_path("plan-2027.csv")), "2027-02-10")
    with pytest.raises(ParameterError, match=r"must end in \.png, \.svg or \.pdf"):
        chart.save(tmp_path / "g.gif")


# ------------------------------------------------------------------ widget
def test_plan_browser_recomputes_when_the_day_changes():
    from orgplan.widgets.plan import plan_browser

    browser = plan_browser(read_plan(sample_path("plan-2027.csv")), today="2027-02-10")
    assert browser.status.set_index("task_id").at["P5", "status"] == "blocked"
    assert ">blocked</span>" in browser.table.value and browser.chart.value[:4] == b"\x89PNG"
    browser.day.value = dt.date(2027, 2, 12)
    assert browser.status.set_index("task_id").at["P5", "status"] == "in_progress"
    assert browser.gantt.today == dt.date(2027, 2, 12)
    browser.day.value = None  # a cleared picker keeps the last view
    assert browser.gantt.today == dt.date(2027, 2, 12)


# ------------------------------------------------------------------ CLI
def test_cli_status(capsys):
    assert main(["plan", "status", str(sample_path("plan-2027.csv")), "--today", "2027-02-10"]) == 0
    out = capsys.readouterr().out
    assert "分析现行架构与编制的合理性及各部门发展预期" in out
    assert out.strip().endswith("3 done, 1 overdue, 1 blocked, 6 not started.")


def test_cli_status_csv(tmp_path, capsys):
    target = tmp_path / "s.csv"
    assert main(["plan", "status", str(sample_path("plan-2027.csv")), "--today", "2027-02-10", "--csv", str(target)]) == 0
    table = pd.read_csv(target, encoding="utf-8-sig")
    assert table.set_index("task_id").at["P4", "status"] == "overdue"


def test_cli_status_of_a_cyclic_plan_exits_1(tmp_path, capsys):
    path = tmp_path / "plan.csv"
    path.write_text("task_id,task,owner,co_owner,start,due,depends_on,done_on\n"
                    "A,調查,行政经理,行政助理,2027-01-04,2027-01-31,B,\n"
                    "B,草案,行政经理,行政助理,2027-02-01,2027-02-28,A,\n", encoding="utf-8")
    assert main(["plan", "status", str(path), "--today", "2027-01-10"]) == 1
    err = capsys.readouterr().err
    assert "A → B → A" in err and "Traceback" not in err
    assert main(["plan", "check", str(path)]) == 1


def test_cli_check_and_gantt(tmp_path, capsys):
    assert main(["plan", "check", str(sample_path("plan-2027.csv"))]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out
    out = tmp_path / "g.png"
    assert main(["plan", "gantt", str(sample_path("plan-2027.csv")), "--today", "2027-02-10", "-o", str(out)]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_cli_unreadable_plan_exits_2(tmp_path, capsys):
    path = tmp_path / "plan.csv"
    path.write_text("task_id,task,owner,co_owner,start,due,depends_on,done_on\nA,x,o,c,soon,2027-01-31,,\n",
                    encoding="utf-8")
    assert main(["plan", "status", str(path)]) == 2
    err = capsys.readouterr().err
    assert "row 2, column 'start': got 'soon', expected a date written as YYYY-MM-DD" in err
    assert main(["plan", "status", str(tmp_path / "none.csv")]) == 2
    assert main(["plan", "gantt", str(sample_path("plan-2027.csv")), "-o", str(tmp_path / "no" / "g.png")]) == 2


# ------------------------------------------------------------------ languages
def test_status_table_in_simplified_and_traditional_chinese():
    from orgplan.i18n import language
    from orgplan.yearplan.plan import display_status, status_summary

    status = plan_status(read_plan(sample_path("plan-2027.csv")), today="2027-02-10")
    with language("zh-Hans"):
        shown, summary = display_status(status), status_summary(status)
    assert shown.columns.tolist() == ["任务编号", "任务", "第一责任人", "协同责任人", "开始日期", "完成期限", "完成日期",
                                      "状态", "剩余天数", "待完成的前置任务"]
    assert shown.set_index("任务编号")["状态"][["P1", "P4", "P5", "P6"]].tolist() == ["已完成", "已逾期", "受阻", "未开始"]
    assert summary == "已完成 3 项，已逾期 1 项，受阻 1 项，未开始 6 项。"
    with language("zh-Hant"):
        shown = display_status(status)
    assert shown.columns[:4].tolist() == ["任務編號", "任務", "第一責任人", "協同責任人"]
    assert shown.set_index("任務編號")["狀態"][["P1", "P4", "P6"]].tolist() == ["已完成", "已逾期", "未開始"]
    assert status["status"].iloc[0] == "done"  # the codes stay in the data


def test_check_messages_and_cli_in_chinese(tmp_path, capsys):
    from orgplan.i18n import language
    from orgplan.yearplan.plan import display_findings

    plan = make_plan([("A", "2027-01-04", "2027-01-31", "B", ""), ("B", "2027-01-04", "2027-01-20", "A", "", "")])
    with language("zh-Hans"):
        findings = display_findings(check_plan(plan))
    assert findings.columns[:2].tolist() == ["级别", "规则"]
    assert findings["说明"].iloc[0] == "任务 A → B → A 互为前置，形成循环；请删除其中一个前置关系。"
    assert main(["plan", "status", str(sample_path("plan-2027.csv")), "--today", "2027-02-10", "--lang", "zh-Hant"]) == 0
    out = capsys.readouterr().out
    assert "任務編號" in out and "已逾期" in out and out.strip().endswith("未開始 6 項。")


def test_a_plan_written_in_any_language_reads_back(tmp_path):
    from orgplan.i18n import language

    plan = read_plan(sample_path("plan-2027.csv"))
    for lang in ("zh-Hans", "zh-Hant", "en"):
        with language(lang):
            path = write_plan(plan, tmp_path / f"plan-{lang}.csv")
        assert read_plan(path).tasks.equals(plan.tasks)
    assert pd.read_csv(tmp_path / "plan-zh-Hans.csv", encoding="utf-8-sig").columns[0] == "任务编号"
