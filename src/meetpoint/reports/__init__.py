"""Reports a person would rather look at than read: HTML pages rendered from one set of templates."""

from meetpoint.reports.html import render, write_report

__all__ = ["render", "write_report"]
