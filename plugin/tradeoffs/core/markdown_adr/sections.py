"""Section headings and field names of Markdown ADRs written in other languages.

Records in Portuguese (`## Contexto`, `Data:`), Chinese (`## 上下文`, `日期:`), Japanese, German,
French, Spanish and Dutch name the same parts as the English formats do; each name here is
read as the English one, so the status, date, context, decision and consequences land where
an English record's would. Names are matched folded (lower case, no accents).
"""

from __future__ import annotations

from tradeoffs.core.markdown_adr.status import fold

_HEADINGS: dict[str, tuple[str, ...]] = {
    "status": (
        "statut",
        "estado",
        "situacao",
        "stand",
        "zustand",
        "状态",
        "狀態",
        "状態",
        "ステータス",
        "status history",
        "statusverlauf",
        "historique du statut",
    ),
    "context": (
        "kontext",
        "hintergrund",
        "contexte",
        "contexto",
        "achtergrond",
        "context",
        "上下文",
        "背景",
        "语境",
        "背景・コンテキスト",
        "コンテキスト",
        "文脈",
        "状況",
    ),
    "context and problem statement": (
        "kontext und problemstellung",
        "contexte et enonce du probleme",
        "contexte et probleme",
        "contexto e declaracao do problema",
        "contexto e problema",
        "contexto y planteamiento del problema",
        "contexto y problema",
        "context en probleemstelling",
        "背景和问题陈述",
        "背景与问题",
        "背景と課題",
        "コンテキストと問題",
    ),
    "decision": (
        "entscheidung",
        "beschluss",
        "decision",
        "decisao",
        "decisión",
        "decision tomada",
        "besluit",
        "beslissing",
        "决策",
        "决定",
        "決策",
        "決定",
        "決定事項",
        "意思決定",
    ),
    "decision outcome": (
        "entscheidungsergebnis",
        "resultat de la decision",
        "resultado da decisao",
        "resultado de la decision",
        "uitkomst",
        "决策结果",
        "決定の結果",
        "決定結果",
    ),
    "consequences": (
        "konsequenzen",
        "folgen",
        "auswirkungen",
        "consequences",
        "consequencias",
        "consecuencias",
        "gevolgen",
        "consequenties",
        "结果",
        "后果",
        "影响",
        "結果",
        "影響",
        "帰結",
    ),
    "considered options": (
        "betrachtete optionen",
        "optionen",
        "options envisagees",
        "options considerees",
        "opcoes consideradas",
        "opcoes",
        "opciones consideradas",
        "opciones",
        "overwogen opties",
        "opties",
        "考虑的选项",
        "备选方案",
        "方案",
        "検討した選択肢",
        "選択肢",
        "代替案",
    ),
    "decision drivers": (
        "entscheidungstreiber",
        "facteurs de decision",
        "fatores de decisao",
        "impulsores de la decision",
        "beslisfactoren",
        "决策驱动因素",
        "決定要因",
    ),
    "pros and cons of the options": (
        "vor- und nachteile der optionen",
        "vor- und nachteile",
        "avantages et inconvenients",
        "pros e contras das opcoes",
        "pros e contras",
        "pros y contras de las opciones",
        "pros y contras",
        "voor- en nadelen",
        "各选项的优缺点",
        "优缺点",
        "各選択肢の長所と短所",
        "長所と短所",
    ),
    "links": (
        "verweise",
        "liens",
        "referencias",
        "enlaces",
        "verwijzingen",
        "链接",
        "参考",
        "リンク",
        "参考資料",
    ),
}

HEADINGS: dict[str, str] = {fold(name): key for key, names in _HEADINGS.items() for name in names}
"""A heading's folded text -> the English name the readers know it by."""

SECTION_KEYS = {*_HEADINGS, "context and problem", "problem statement", "background", "more information"}
"""Names of a record's sections, never its title."""

_FIELDS: dict[str, tuple[str, ...]] = {
    "status": ("statut", "estado", "situacao", "zustand", "状态", "狀態", "状態", "ステータス", "stato"),
    "date": (
        "data",
        "datum",
        "fecha",
        "date de decision",
        "decision date",
        "date decided",
        "decided on",
        "decision made",
        "日期",
        "日付",
        "決定日",
        "决策日期",
        "date of decision",
        "entscheidungsdatum",
    ),
    "deciders": (
        "entscheider",
        "decideurs",
        "decisores",
        "responsables",
        "beslissers",
        "决策者",
        "決定者",
    ),
    "authors": ("autor", "autoren", "auteur", "auteurs", "autores", "auteurs", "作者", "著者", "author(s)"),
}

ENGLISH_FIELDS: dict[str, str] = {
    "status": "status",
    "date": "date",
    "deciders": "deciders",
    "decision-makers": "deciders",
    "decision makers": "deciders",
    "tags": "tags",
    "technical story": "technical story",
    "consulted": "consulted",
    "informed": "informed",
    "status history": "status history",
    "statushistory": "status history",
    "status_history": "status history",
    "authors": "authors",
    "author": "authors",
}
"""Metadata field names as the English-speaking formats write them (lower case), and what the
readers call them: field lines (`Status: accepted`), front matter and table headers."""

FIELDS: dict[str, str] = {fold(name): key for key, names in _FIELDS.items() for name in names}
"""A metadata field's folded name -> the English name the readers know it by."""

FRONT_MATTER: dict[str, str] = {"state": "status", "created": "date", "decision-date": "date"}
"""Front-matter keys some sites use for the status and date (`state: Approved`)."""

_BULLETS = "-*+ \t"
_COLONS = (":", "：")


def heading_key(key: str) -> str:
    """The English name of a section heading already lower-cased (`normalise`d), or itself."""
    return HEADINGS.get(fold(key), key)


def field_line(line: str) -> tuple[str, str] | None:
    """(English field name, value) of a metadata line such as `日期: 2017-11-23` or
    `- **Decision Date:** 2025-05-15` whose name is in `FIELDS`; None for any other line."""
    text = line.strip()
    if len(text) > 400 or len(line) - len(line.lstrip()) > 3:
        return None
    text = text.lstrip(_BULLETS)
    cut = min((i for i in (text.find(c) for c in _COLONS) if i > 0), default=-1)
    if cut < 0 or cut > 60:
        return None
    name = fold(text[:cut].strip("*_ "))
    value = text[cut + 1 :].strip().strip("*_").strip()
    key = FIELDS.get(name)
    return (key, value) if key is not None else None


_ENGLISH = {
    **{name: key for name, key in ENGLISH_FIELDS.items() if key != "status history"},
    "author(s)": "authors",
    "owner": "authors",
    "owners": "authors",
}
"""A metadata table's column names: the English fields, and what tables alone call them."""


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table_fields(lines: list[str], start: int, end: int, fields: dict[str, tuple[object, int]]) -> list[int]:
    """The lines of a metadata table (`| Status | Date | Author(s) |`, its rule and one row of
    values) before the first section; each named column becomes a field. Returns those lines."""
    first = next((i for i in range(start, end) if lines[i].strip()), None)
    if first is None or first + 2 >= len(lines) or not lines[first].lstrip().startswith("|"):
        return []
    header, rule, values = _cells(lines[first]), _cells(lines[first + 1]), _cells(lines[first + 2])
    if not all(c and set(c) <= set(":- ") for c in rule) or len(values) != len(header):
        return []
    names = [_ENGLISH.get(fold(h.strip("*_ ")), FIELDS.get(fold(h.strip("*_ ")), "")) for h in header]
    if "status" not in names and "date" not in names:
        return []
    for name, value in zip(names, values, strict=True):
        if name:
            fields.setdefault(name, (value, first + 3))
    return [first, first + 1, first + 2]


def nested_values(
    lines: list[str], start: int, end: int, fields: dict[str, tuple[object, int]], taken: set[int]
) -> list[int]:
    """MADR 2's `* Deciders:` with the names as a list indented below it: the names become the
    field's value. Returns the lines of those nested items."""
    out: list[int] = []
    for name, (value, line) in list(fields.items()):
        i = line - 1
        if value not in ("", None) or i not in taken or not start <= i < end:
            continue
        items: list[str] = []
        j = i + 1
        while j < end and lines[j].startswith(("  ", "\t")) and lines[j].strip()[:1] in ("-", "*", "+"):
            items.append(lines[j].strip()[1:].strip())
            out.append(j)
            j += 1
        if items:
            fields[name] = (items, line)
    return out


def demote_extra_h1(text: str) -> str:
    """A record's text with each `# Heading` (its title is not in the text) one level down, so a
    second H1 (`# Decision`) is a section of the page as it is of the record."""
    if "#" not in text:
        return text
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    for token in MarkdownIt("commonmark").disable("inline").parse(text):  # blocks only (linear)
        if token.type == "heading_open" and token.tag == "h1" and token.map and token.markup == "#":
            i = token.map[0]
            stripped = lines[i].lstrip(" ")
            lines[i] = lines[i][: len(lines[i]) - len(stripped)] + "#" + stripped
    return "\n".join(lines)
