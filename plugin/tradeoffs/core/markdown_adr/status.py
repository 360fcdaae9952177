"""Statuses as teams write them: decorated, quoted, with notes, in their language, as histories.

A record's status line is read for its first words (`✅ Accepted`, `> **Accepted**`,
`Accepted: tracking issue #12.`, `Aceito`, `受け入れられました`); the wording as written is kept
beside the status whenever it says more than the status word itself. Words no table knows are
never silently `proposed`: they go to the nearest status and the caller is told (`exact` is
False) so it can say so. A team adds or overrides words with the plugin option `status_words`,
which YAML decisions use too (`status: approved`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")

_TABLE: dict[str, tuple[str, ...]] = {
    "accepted": (
        # English
        "accepted",
        "approved",
        "adopted",
        "decided",
        "done",
        "agreed",
        "implemented",
        "complete",
        "completed",
        "active",
        "in effect",
        "partially accepted",
        "partly accepted",
        "partly superseded",
        "partially superseded",
        "amended",
        "final",
        "finalized",
        "finalised",
        "resolved",
        # German
        "akzeptiert",
        "angenommen",
        "beschlossen",
        "entschieden",
        "genehmigt",
        "umgesetzt",
        # French
        "accepte",
        "acceptee",
        "adopte",
        "adoptee",
        "valide",
        "validee",
        "approuve",
        "approuvee",
        # Spanish
        "aceptado",
        "aceptada",
        "aprobado",
        "aprobada",
        "adoptado",
        "adoptada",
        "implementado",
        # Portuguese
        "aceito",
        "aceita",
        "aceitado",
        "aprovado",
        "aprovada",
        "adotado",
        "adotada",
        "implementada",
        # Dutch
        "geaccepteerd",
        "aanvaard",
        "goedgekeurd",
        "aangenomen",
        "besloten",
        "vastgesteld",
        # Chinese
        "接受",
        "已接受",
        "通过",
        "已通过",
        "完成",
        "已完成",
        "批准",
        "已批准",
        "采纳",
        "已采纳",
        "采用",
        "已采用",
        "接納",
        "已接納",
        "通過",
        "已通過",
        "決定",
        # Japanese
        "承認",
        "承認済み",
        "承認済",
        "受け入れ",
        "受け入れ済み",
        "受け入れられました",
        "受理",
        "採用",
        "採択",
        "決定済み",
        "合意",
        "合意済み",
    ),
    "proposed": (
        "proposed",
        "draft",
        "drafted",
        "open",
        "pending",
        "in progress",
        "under review",
        "in review",
        "wip",
        "suggested",
        "proposal",
        "rfc",
        "on hold",
        "postponed",
        "deferred",
        "under discussion",
        "discussing",
        "review",
        "new",
        "todo",
        "vorgeschlagen",
        "entwurf",
        "vorschlag",
        "in diskussion",
        "in prufung",
        "offen",
        "propose",
        "proposee",
        "brouillon",
        "en cours",
        "en discussion",
        "en revision",
        "propuesto",
        "propuesta",
        "borrador",
        "en revision",
        "pendiente",
        "en discusion",
        "proposto",
        "proposta",
        "rascunho",
        "em analise",
        "em revisao",
        "em discussao",
        "pendente",
        "voorgesteld",
        "voorstel",
        "in behandeling",
        "concept",
        "in bespreking",
        "提议",
        "已提议",
        "提案",
        "建议",
        "草案",
        "草稿",
        "讨论中",
        "审核中",
        "評審中",
        "提議",
        "提案中",
        "検討中",
        "レビュー中",
        "下書き",
        "ドラフト",
    ),
    "rejected": (
        "rejected",
        "declined",
        "refused",
        "abandoned",
        "withdrawn",
        "dropped",
        "not accepted",
        "abgelehnt",
        "verworfen",
        "zuruckgezogen",
        "rejete",
        "rejetee",
        "refuse",
        "refusee",
        "abandonne",
        "abandonnee",
        "rechazado",
        "rechazada",
        "descartado",
        "descartada",
        "rejeitado",
        "rejeitada",
        "recusado",
        "recusada",
        "descartado",
        "abandonado",
        "afgewezen",
        "verworpen",
        "ingetrokken",
        "拒绝",
        "已拒绝",
        "否决",
        "已否决",
        "驳回",
        "拒絕",
        "否決",
        "却下",
        "不採用",
        "却下済み",
        "取り下げ",
    ),
    "deprecated": (
        "deprecated",
        "obsolete",
        "retired",
        "reverted",
        "revoked",
        "sunset",
        "archived",
        "veraltet",
        "uberholt",
        "abgekundigt",
        "zuruckgenommen",
        "deprecie",
        "depreciee",
        "obsolete",
        "abandonnee",
        "perime",
        "perimee",
        "obsoleto",
        "obsoleta",
        "en desuso",
        "revertido",
        "revertida",
        "depreciado",
        "depreciada",
        "descontinuado",
        "revertido",
        "verouderd",
        "achterhaald",
        "vervallen",
        "teruggedraaid",
        "废弃",
        "已废弃",
        "弃用",
        "已弃用",
        "过时",
        "已过时",
        "廢棄",
        "棄用",
        "廃止",
        "非推奨",
        "廃止済み",
        "撤回",
    ),
    "superseded": (
        "superseded",
        "superceded",
        "replaced",
        "replaced by",
        "superseded by",
        "ersetzt",
        "abgelost",
        "ersetzt durch",
        "remplace",
        "remplacee",
        "remplace par",
        "reemplazado",
        "reemplazada",
        "sustituido",
        "sustituida",
        "superado",
        "superada",
        "substituido",
        "substituida",
        "superado",
        "superada",
        "vervangen",
        "vervangen door",
        "取代",
        "已取代",
        "被取代",
        "替代",
        "已替代",
        "被替代",
        "取代者",
        "置き換え",
        "置き換え済み",
        "置き換えられました",
        "置換",
        "置換済み",
        "後継",
    ),
}

BUILTIN_WORDS: dict[str, str] = {}
for _status, _words in _TABLE.items():
    for _word in _words:
        BUILTIN_WORDS.setdefault(_word, _status)
"""Status words in English, German, French, Spanish, Portuguese, Dutch, Chinese and Japanese,
written without accents (they are matched without them), and the status each means."""

_NEAREST: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("superseded", ("supersed", "supercede", "replac", "ersetz", "remplac", "substitu", "vervang")),
    ("rejected", ("reject", "declin", "refus", "ablehn", "rechaz", "rejeit", "afgewez")),
    ("deprecated", ("deprecat", "obsolet", "retir", "revert", "veralt")),
    ("accepted", ("accept", "approv", "adopt", "implement", "akzept", "acept", "aceit", "aprov")),
)
"""Stems for words no table knows, to pick the nearest status."""

_CJK_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("superseded", ("取代", "替代", "置き換", "置換")),
    ("rejected", ("拒绝", "否决", "拒絕", "否決", "却下")),
    ("deprecated", ("废弃", "弃用", "廢棄", "廃止", "非推奨")),
    ("accepted", ("接受", "通过", "通過", "承認", "採用", "采纳", "实施", "實施", "実装")),
    ("proposed", ("提议", "提案", "草案", "検討")),
)
"""Status words inside Chinese and Japanese sentences (`被 ADR-045 取代`: superseded by ADR-045),
which have no spaces to find a first word by."""

_LEAD = re.compile(r"^[\s>*_~`#\-+|:.\[\]()\"“”'‘’]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_DATE_LEAD = re.compile(
    r"^\s*(?:[-*+]\s+)?\[?(?P<date>[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4})\]?"
    r"\s*[:\-–—]?\s*(?P<rest>.*)$"
)
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class StatusReading:
    """What a status as written says."""

    status: str
    wording: str
    """The status as written (markup removed); empty when it is just the status word."""
    exact: bool = True
    """The wording is in a table; False when `status` is only the nearest one."""
    history: tuple[tuple[str, str], ...] = ()
    """(date as written, wording) of each entry of a status history, oldest first."""


def fold(text: str) -> str:
    """Lower case without accents, emphasis or extra spaces, for matching words."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("*", " ").replace("_", " ").split())


def vocabulary(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The built-in words with a team's own (`status_words`) added or overriding them."""
    words = dict(BUILTIN_WORDS)
    for word, status in (extra or {}).items():
        words[fold(word)] = status
    return words


def _strip(raw: str) -> str:
    """The status text without quoting, emphasis, emoji and other symbols in front of it."""
    text = raw.strip()
    for _ in range(4):  # '> **✅ Accepted**'
        start = 0
        while start < len(text) and not (text[start].isalnum() or _CJK.match(text[start])):
            start += 1
        text = _LEAD.sub("", text[start:])
    return text.replace("**", "").replace("__", "").strip(" *_`")


def read(raw: str, words: Mapping[str, str] | None = None) -> StatusReading | None:
    """The status a line states (None for a line with no words at all)."""
    table = words if words is not None else BUILTIN_WORDS
    text = _strip(raw)
    if not text:
        return None
    folded = fold(text)
    wording = " ".join(raw.replace("**", "").replace("__", "").strip(" >*_").split())
    said = wording if fold(wording).strip(" .") not in STATUSES else ""
    found = _longest(folded, table)
    if found is not None:
        return StatusReading(found, said)
    for status, stems in _CJK_STEMS:
        if any(stem in folded[:40] for stem in stems):
            return StatusReading(status, wording)
    for status, stems in _NEAREST:
        if any(stem in folded for stem in stems):
            return StatusReading(status, wording, exact=False)
    return StatusReading("proposed", wording, exact=False)


def _longest(folded: str, table: Mapping[str, str]) -> str | None:
    """The status of the longest table word the text starts with (at a word's end)."""
    best: tuple[int, str] | None = None
    for word, status in table.items():
        if not folded.startswith(word):
            continue
        after = folded[len(word) : len(word) + 1]
        if after and (after.isalnum() and not _CJK.match(word[-1])):
            continue
        if best is None or len(word) > best[0]:
            best = (len(word), status)
    return best[1] if best else None


def read_history(lines: Iterable[str], words: Mapping[str, str] | None = None) -> StatusReading | None:
    """A status history (`2017-11-23 Proposed`, `- Accepted (2018-01-02)`, one entry a line):
    the latest entry wins and the whole history is kept; None unless two or more lines are
    dated entries."""
    entries: list[tuple[str, str, StatusReading]] = []
    for line in lines:
        if not line.strip():
            continue
        found = _dated(line)
        if found is None:
            return None
        date, rest = found
        reading = read(rest, words)
        if reading is None:
            return None
        entries.append((date, rest, reading))
    if len(entries) < 2:
        return None
    latest = max(range(len(entries)), key=lambda i: (_sortable(entries[i][0]), i))
    date, rest, reading = entries[latest]
    history = tuple((d, " ".join(r.split())) for d, r, _ in entries)
    return StatusReading(reading.status, reading.wording or rest, reading.exact, history)


def _dated(line: str) -> tuple[str, str] | None:
    """(date, the rest) of a line that starts or ends with a date."""
    match = _DATE_LEAD.match(line)
    if match is not None:
        return match["date"], match["rest"].strip()
    text = line.strip().lstrip("-*+ ")
    found = list(_ISO.finditer(text))
    last = found[-1] if found else None
    if last is None or text[last.end() :].strip(" ).") or last.start() == 0:
        return None
    rest = text[: last.start()].rstrip(" (,:-–—")
    rest = rest[:-3].rstrip() if rest.lower().endswith(" on") else rest
    return last[0], rest


def _sortable(date: str) -> str:
    parts = re.split(r"[-/.]", date)
    if len(parts[0]) != 4:  # day first: 23/11/2017
        parts = parts[::-1]
    return "-".join(p.zfill(2) for p in parts)


def from_front_matter(value: object, words: Mapping[str, str] | None = None) -> StatusReading | None:
    """A `statusHistory` front-matter list (mappings with `status` and `date`, or strings):
    the latest entry wins, the history is kept."""
    if not isinstance(value, list) or not value:
        return None
    entries: list[tuple[str, str]] = []
    for item in value:
        if isinstance(item, dict):
            status = str(item.get("status") or item.get("state") or "").strip()
            date = str(item.get("date") or item.get("on") or "").strip()
        else:
            status, date = str(item).strip(), ""
        if status:
            entries.append((date, status))
    if not entries:
        return None
    latest = max(range(len(entries)), key=lambda i: (_sortable(entries[i][0]) if entries[i][0] else "", i))
    reading = read(entries[latest][1], words)
    if reading is None:
        return None
    return StatusReading(reading.status, reading.wording, reading.exact, tuple(entries))
