"""Notebook widgets (ipywidgets): thin faces over the package's functions, holding no logic."""
