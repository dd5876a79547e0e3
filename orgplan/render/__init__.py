"""Renderings: org charts (Graphviz), figures (matplotlib) and the HTML handbook.

Everything here draws data that the analyses return; nothing here decides.
"""
