"""The one exception a caller of the library catches: every error the package raises on
purpose (a broken configuration, a file it will not overwrite, a failed export) is one."""

from __future__ import annotations


class TradeoffsError(Exception):
    """Something the user can fix; the message says what and where."""
