"""Renderings: org charts (Graphviz), figures (matplotlib), the HTML handbook and the year's booklet (PDF).

Everything here draws data that the analyses return; nothing here decides.
"""
