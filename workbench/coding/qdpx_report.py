"""What a REFI-QDA import or export tells the consultant: one line counting what went
across, then a line for each thing that did not and why.  The window's message and the
command's output are both :meth:`TransferReport.lines`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TransferReport:
    """The common part of :class:`~workbench.coding.qdpx_import.ImportReport` and
    :class:`~workbench.coding.qdpx_export.ExportReport`: each says its counts
    (:meth:`summary`) and what it left behind (:meth:`remarks`)."""

    def summary(self) -> str:
        raise NotImplementedError

    def remarks(self) -> list[str]:
        return []

    def lines(self) -> list[str]:
        return [self.summary(), *self.remarks()]
