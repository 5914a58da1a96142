"""The immutable content model: what the rest of peerlearn sees of the curriculum.

Built once from validated documents; every object is a frozen dataclass holding tuples, so
nothing downstream can change the content it was given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Optional


@dataclass(frozen=True)
class Source:
    """Where a piece of content draws from: a source document and its section."""

    document: str
    section: str


@dataclass(frozen=True)
class Competency:
    """One Standards-of-Practice competency, e.g. PSP-2."""

    id: str
    domain: str
    title: str
    statement: str


@dataclass(frozen=True)
class Domain:
    """One of the five domains of competencies."""

    id: str
    title: str
    description: str
    competencies: tuple[Competency, ...]


@dataclass(frozen=True)
class Value:
    """A core value of peer support."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class ConductItem:
    """One item of the Code of Conduct."""

    id: str
    text: str


@dataclass(frozen=True)
class Framework:
    """The Standards of Practice: domains, competencies, core values, Code of Conduct."""

    domains: tuple[Domain, ...]
    values: tuple[Value, ...]
    code_of_conduct: tuple[ConductItem, ...]

    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(c for d in self.domains for c in d.competencies)


@dataclass(frozen=True)
class Section:
    """A section of a module's teaching text."""

    title: str
    body: str
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Module:
    """A training module."""

    id: str
    number: int
    title: str
    summary: str
    objectives: tuple[str, ...]
    competencies: tuple[str, ...]
    sections: tuple[Section, ...]
    reflection_prompts: tuple[str, ...]
    key_terms: tuple[str, ...] = ()
    content_note: Optional[str] = None
    sources: tuple[Source, ...] = ()
    path: str = ""

    @property
    def word_count(self) -> int:
        return sum(len(s.body.split()) for s in self.sections)


@dataclass(frozen=True)
class Choice:
    """One answer a learner can pick, with its feedback."""

    id: str
    text: str
    feedback: str
    correct: bool = False
    next: Optional[str] = None


@dataclass(frozen=True)
class Step:
    """One situation along a branching scenario's path."""

    id: str
    situation: str
    question: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Ending:
    """Where a branching scenario's path ends."""

    id: str
    text: str


@dataclass(frozen=True)
class Scenario:
    """A scenario quiz item: single best response, multi-select or branching."""

    id: str
    type: str  # "single", "multi" or "branching"
    title: str
    competencies: tuple[str, ...]
    situation: str
    question: Optional[str] = None
    choices: tuple[Choice, ...] = ()
    steps: tuple[Step, ...] = ()
    endings: tuple[Ending, ...] = ()
    values: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    module: Optional[str] = None
    difficulty: Optional[int] = None
    content_note: Optional[str] = None
    sources: tuple[Source, ...] = ()
    path: str = ""
    version: str = ""  # a hash of the scenario's content, recorded with each response

    def step(self, step_id: str) -> Optional[Step]:
        return next((s for s in self.steps if s.id == step_id), None)

    def ending(self, ending_id: str) -> Optional[Ending]:
        return next((e for e in self.endings if e.id == ending_id), None)


@dataclass(frozen=True)
class ChecklistItem:
    """One question of a reflection checklist."""

    id: str
    question: str
    why: str
    if_not: str


@dataclass(frozen=True)
class Checklist:
    """A reflection checklist."""

    id: str
    title: str
    intro: str
    items: tuple[ChecklistItem, ...]
    competencies: tuple[str, ...] = ()
    content_note: Optional[str] = None
    sources: tuple[Source, ...] = ()
    path: str = ""


@dataclass(frozen=True)
class Term:
    """A glossary term."""

    id: str
    term: str
    definition: str
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """One ongoing-education requirement of a policy."""

    id: str
    title: str
    measure: str  # "activities", "hours" or "meetings"
    minimum: float
    kinds: tuple[str, ...] = ()
    category: Optional[str] = None
    per: str = "year"
    monthly_cap: Optional[int] = None
    carry_over_cap: float = 0
    basis: Optional[str] = None  # where it comes from: a document, or the organization's choice


DEFAULT_CHECKLISTS = ("story-sharing",)  # what initial training asks for when a policy does not say
DEFAULT_CYCLE_START_YEAR = 2000  # cycles of several training years are counted from here unless a policy says


@dataclass(frozen=True)
class InitialTraining:
    """What completes initial training under a policy."""

    modules: object = "all"  # "all" or a tuple of module ids
    checklists: tuple[str, ...] = DEFAULT_CHECKLISTS
    domains_proficient: object = "all"


@dataclass(frozen=True)
class Policy:
    """An employer's or certification body's training policy."""

    id: str
    title: str
    requirements: tuple[Requirement, ...]
    year_start: tuple[int, int] = (1, 1)  # (month, day)
    cycle_years: int = 1
    cycle_start_year: int = DEFAULT_CYCLE_START_YEAR
    categories: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    count_in_app_modules: bool = False
    count_refresher: bool = False
    initial_training: InitialTraining = InitialTraining()
    description: str = ""
    path: str = ""


@dataclass(frozen=True)
class Content:
    """Everything peerlearn teaches and assesses, loaded once."""

    framework: Framework
    modules: tuple[Module, ...]
    scenarios: tuple[Scenario, ...]
    checklists: tuple[Checklist, ...]
    glossary: Mapping[str, Term]
    policies: Mapping[str, Policy]

    def module(self, key: str) -> Optional[Module]:
        """A module by id, by number, or by the slug after its number."""
        for m in self.modules:
            if key in (m.id, str(m.number), m.id.split("-", 1)[-1]) or key == f"{m.number:02d}":
                return m
        return None

    def scenario(self, scenario_id: str) -> Optional[Scenario]:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def checklist(self, checklist_id: str) -> Optional[Checklist]:
        return next((c for c in self.checklists if c.id == checklist_id), None)
