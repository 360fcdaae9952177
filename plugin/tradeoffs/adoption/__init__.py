"""Bringing Markdown ADRs in (import) and taking the log out (export)."""

from tradeoffs.core.markdown_adr.decision_data import EXPORTED_DECISION

__all__ = ["EXPORTED_DECISION"]
