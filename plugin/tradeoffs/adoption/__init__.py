"""Bringing Markdown ADRs in (import) and taking the log out (export)."""
