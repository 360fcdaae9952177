"""The data model: frameworks, decisions and evaluations as plain dataclasses.

Nothing here reads files or knows about a site engine; loaders build these objects and the
evaluator, renderers and adapters read them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Literal

from tradeoffs.core.problems import Problem

Condition = Any
"""A condition in the closed language (`always`, {fact, op: value}, {all}, {any}, {not});
kept as the loaded data and interpreted by `tradeoffs.conditions`."""

STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
FactType = Literal["boolean", "number", "integer", "string", "enum"]
Effect = Literal["for", "against", "veto"]


@dataclass(frozen=True)
class Fact:
    name: str
    type: FactType
    prompt: str
    help: str = ""
    min: float | None = None
    max: float | None = None
    unit: str = ""
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    id: str
    title: str
    summary: str
    accepts: tuple[str, ...] = ()
    failure_cost: tuple[str, ...] = ()
    pattern: str = ""
    revisit_when: Condition | None = None
    revisit_text: str = ""


@dataclass(frozen=True)
class Estimate:
    """A number derived from numeric facts, e.g. daily prompt cost with and without caching."""

    id: str
    title: str
    expression: str
    unit: str = ""
    digits: int = 2
    help: str = ""


@dataclass(frozen=True)
class Criterion:
    id: str
    option: str
    effect: Effect
    text: str
    when: Condition
    weight: int = 1
    own: str = ""
    """Why the framework adds this criterion when its source text does not contain it; empty for
    a criterion that encodes the source."""


@dataclass(frozen=True)
class Step:
    option: str
    pass_if: Condition
    enter_if: Condition | None = None
    text: str = ""
    keep: bool = False
    """When the step passes, keep its option and walk on: a later step that passes is recommended
    with it (a combination, such as fine-tuning on top of retrieval)."""


@dataclass(frozen=True)
class Requirement:
    option: str
    facts: tuple[str, ...]
    text: str = ""


@dataclass(frozen=True)
class FrameworkQuestion:
    text: str
    when: Condition | None = None
    options: tuple[str, ...] = ()
    """Asked only when the decision chose one of these options (every decision when empty)."""


@dataclass
class Framework:
    id: str
    title: str
    question: str
    mode: Literal["weighted", "gated"]
    facts: dict[str, Fact]
    options: tuple[Option, ...]
    criteria: tuple[Criterion, ...] = ()
    steps: tuple[Step, ...] = ()
    fallback: str | None = None
    requires: tuple[Requirement, ...] = ()
    open_questions: tuple[FrameworkQuestion, ...] = ()
    combinable: bool = False
    summary: str = ""
    notes: tuple[str, ...] = ()
    estimates: tuple[Estimate, ...] = ()
    source: str = ""
    builtin: bool = False

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class ConsideredOption:
    """An option a decision without a framework lists for itself."""

    id: str
    title: str
    summary: str = ""
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass
class Decision:
    number: int
    slug: str
    path: str
    title: str
    status: str
    date: _dt.date | None
    prefix: str = "ADR"
    deciders: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    framework: str | None = None
    template: str | None = None
    context: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    chosen: tuple[str, ...] = ()
    rationale: str = ""
    override_rationale: str = ""
    accepted_costs: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()
    supersedes: tuple[int, ...] = ()
    related: tuple[int, ...] = ()
    elsewhere: tuple[tuple[str, str], ...] = ()
    """(`supersedes` or `related`, the id) for each entry naming a decision of another
    repository's log (`payments/ADR-3`): a catalogue of many logs links them."""
    tags: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    affects: tuple[str, ...] = ()
    """Path globs (git-style, relative to the project's root) of what the decision governs."""
    fields: dict[str, Any] = field(default_factory=dict)
    """Values of the fields the team declared (plugin option `fields`), by name."""
    revisit_by: _dt.date | None = None
    options: tuple[ConsideredOption, ...] = ()
    observations: tuple[tuple[_dt.date, dict[str, Any]], ...] = ()
    """Newer observations of the facts, oldest first."""
    origin: str = "yaml"
    """`yaml` for a decision file; other values name an imported Markdown format."""
    body: str = ""
    """For imported Markdown records: their text, kept as written."""
    status_wording: str = ""
    """The status as the team wrote it when it says more than `status` (`approved`,
    `✅ Accepted`, `Aceito`); the site shows it beside the status."""
    status_history: tuple[tuple[str, str], ...] = ()
    """A record's own status history: (date as written, status as written), oldest first."""

    @property
    def id(self) -> str:
        return f"{self.prefix}-{self.number:04d}"

    @property
    def short_id(self) -> str:
        return f"{self.prefix}-{self.number}"


@dataclass(frozen=True)
class OpenQuestion:
    text: str
    source: Literal["decision", "framework", "fact"]
    fact: str | None = None


@dataclass(frozen=True)
class EstimateResult:
    estimate: Estimate
    inputs: dict[str, Any]
    value: float | None
    missing: tuple[str, ...] = ()


@dataclass
class Evaluation:
    """What the framework makes of one decision's facts, and every problem found on the way."""

    decision: Decision
    framework: Framework | None
    recommended: tuple[str, ...] | None = None
    provisional: bool = False
    provisional_on: tuple[str, ...] = ()
    """The unanswered facts the recommendation waits for: the recommended options' required facts,
    then each fact whose answer alone could change the recommendation."""
    scores: dict[str, int] = field(default_factory=dict)
    supporting: dict[str, list[Criterion]] = field(default_factory=dict)
    opposing: dict[str, list[Criterion]] = field(default_factory=dict)
    vetoed: dict[str, list[Criterion]] = field(default_factory=dict)
    reasoning: list[str] = field(default_factory=list)
    accepted_costs: list[str] = field(default_factory=list)
    failure_costs: list[str] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    unanswered: list[Fact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    observed_on: _dt.date | None = None
    """The date of the latest observation, when the decision records any."""
    current_recommended: tuple[str, ...] | None = None
    """What the framework recommends on the latest observed facts."""
    current_reasoning: list[str] = field(default_factory=list)
    revisit: list[str] = field(default_factory=list)
    """Why the chosen options' `revisit_when` conditions say to look again."""
    estimates: list[EstimateResult] = field(default_factory=list)

    @property
    def facts_changed(self) -> bool:
        """The latest observations make the framework favour something other than the choice."""
        if self.observed_on is None or self.current_recommended is None or not self.decision.chosen:
            return False
        return set(self.current_recommended) != set(self.decision.chosen) and (
            self.current_recommended != self.recommended
        )

    @property
    def consistent(self) -> bool | None:
        """Whether the choice equals the recommendation; None when either is missing."""
        if self.framework is None or self.recommended is None or not self.decision.chosen:
            return None
        return set(self.decision.chosen) == set(self.recommended)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def option_title(self, option_id: str) -> str:
        if self.framework is not None:
            option = self.framework.option(option_id)
            if option is not None:
                return option.title
        for considered in self.decision.options:
            if considered.id == option_id:
                return considered.title
        return option_id
