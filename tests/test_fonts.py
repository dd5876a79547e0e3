"""Chinese is drawn on any machine: the bundled Noto Sans CJK when the system has no Chinese font."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from orgplan.render.cjk_font import BUNDLED_FAMILY, bundled_font_file, matplotlib_families
from orgplan.render.chart_fonts import embedded_fonts

#: Runs in a process that sees no font of the system: fontconfig knows only DejaVu (Latin), matplotlib
#: finds no system font and starts from an empty cache.
HIDDEN_FONTS_SCRIPT = """
import matplotlib.font_manager as fm
fm.findSystemFonts = lambda *args, **kwargs: []   # matplotlib sees no font of the system either
fm.fontManager = fm.FontManager()
import orgplan
from orgplan.render.chart import org_chart
from orgplan.render.fonts import cjk_context, installed_fonts
from matplotlib.figure import Figure

s = orgplan.read_structure(orgplan.sample_path("approved-2027"))
chart = org_chart(s, unit="FIN")
chart.save(r"{out}/chart.pdf")
print("chart", chart.font_report.covers_cjk, chart.font_report.cjk_font)
with cjk_context():
    fig = Figure(figsize=(3, 1))
    fig.add_subplot().set_title("销售部 组织架构图 编制 在岗")
    fig.savefig(r"{out}/figure.pdf")
print("families", installed_fonts())
"""


def _hidden_fonts_env(tmp_path: Path) -> dict[str, str]:
    conf = tmp_path / "fonts.conf"
    dejavu = "/usr/share/fonts/truetype/dejavu"
    conf.write_text(textwrap.dedent(f"""\
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
        <fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>
        """), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ORGPLAN_SYSTEM_FONTCONFIG"}
    env.update(FONTCONFIG_FILE=str(conf), MPLCONFIGDIR=str(tmp_path / "mpl"), TMPDIR=str(tmp_path),
               PATH=os.environ.get("PATH", ""))
    return env


def test_a_machine_without_a_chinese_font_draws_chinese_with_the_bundled_font(tmp_path):
    """The demo's promise on a fresh machine: org charts (Graphviz) and figures (matplotlib) embed Noto Sans CJK."""
    env = _hidden_fonts_env(tmp_path)
    done = subprocess.run([sys.executable, "-c", HIDDEN_FONTS_SCRIPT.format(out=tmp_path)], capture_output=True,
                          text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["chart"].startswith("True")
    assert f"'{BUNDLED_FAMILY}'" in lines["families"]
    for name in ("chart.pdf", "figure.pdf"):
        fonts = embedded_fonts((tmp_path / name).read_bytes())
        assert any(re.search(r"NotoSansCJK", f, re.I) for f in fonts), (name, fonts)


def test_the_system_fonts_come_first_and_the_bundled_one_is_always_there():
    families = matplotlib_families()
    assert BUNDLED_FAMILY in families and families[-1] == "DejaVu Sans"
    assert bundled_font_file().stat().st_size > 10_000_000


def test_a_chart_that_would_draw_boxes_is_an_error(monkeypatch):
    """When Graphviz would draw the Chinese with no Chinese font (boxes), the chart is refused, with what to do."""
    import orgplan
    from orgplan.errors import CJKFontError
    from orgplan.render import chart_fonts
    from orgplan.render.chart import org_chart

    boxes = chart_fonts.FontReport(requested="DejaVu Sans", used=("DejaVuSans",), cjk_font=None, covers_cjk=False,
                                   installed_cjk_fonts=(), fix=chart_fonts.FONT_FIX)
    monkeypatch.setattr(chart_fonts, "font_report", lambda font, text: boxes)
    s = orgplan.read_structure(orgplan.sample_path("approved-2027"))
    with pytest.raises(CJKFontError, match="noto-cjk-sans-otc"):
        org_chart(s, unit="FIN", font="DejaVu Sans")
