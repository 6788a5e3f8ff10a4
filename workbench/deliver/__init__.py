"""Deliverables: the Excel workbook and the Word report, as plain functions.

The exporters take plain data (:mod:`workbench.deliver.context` and
:class:`~workbench.analysis.result.AnalysisResult`), never the store, and write files
atomically: a failed or cancelled export leaves nothing behind.
"""

from __future__ import annotations

from workbench.deliver.anonymise import Anonymiser
from workbench.deliver.context import (
    SECTIONS,
    EngagementInfo,
    FindingItem,
    MethodSummary,
    Quote,
    RecommendationItem,
    ReportContext,
    ReportOptions,
    RespondentRow,
)
from workbench.deliver.excel import WorkbookError, write_workbook
from workbench.deliver.safety import ExportCancelled, docx_literal, excel_safe
from workbench.deliver.word import ReportError, build_report, check_template, default_template

__all__ = [
    "SECTIONS",
    "Anonymiser",
    "EngagementInfo",
    "ExportCancelled",
    "FindingItem",
    "MethodSummary",
    "Quote",
    "RecommendationItem",
    "ReportContext",
    "ReportError",
    "ReportOptions",
    "RespondentRow",
    "WorkbookError",
    "build_report",
    "check_template",
    "default_template",
    "docx_literal",
    "excel_safe",
    "write_workbook",
]
