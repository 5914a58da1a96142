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
    document: str
    section: str


@dataclass(frozen=True)
class Competency:
    id: str
    domain: str
    title: str
    statement: str


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    description: str
    competencies: tuple[Competency, ...]


@dataclass(frozen=True)
class Value:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class ConductItem:
    id: str
    text: str


@dataclass(frozen=True)
class Framework:
    domains: tuple[Domain, ...]
    values: tuple[Value, ...]
    code_of_conduct: tuple[ConductItem, ...]

    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(c for d in self.domains for c in d.competencies)


@dataclass(frozen=True)
class Section:
    title: str
    body: str
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Module:
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
    id: str
    text: str
    feedback: str
    correct: bool = False
    next: Optional[str] = None


@dataclass(frozen=True)
class Step:
    id: str
    situation: str
    question: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Ending:
    id: str
    text: str


@dataclass(frozen=True)
class Scenario:
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
    id: str
    question: str
    why: str
    if_not: str


@dataclass(frozen=True)
class Checklist:
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
    id: str
    term: str
    definition: str
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    measure: str  # "activities", "hours" or "meetings"
    minimum: float
    kinds: tuple[str, ...] = ()
    category: Optional[str] = None
    per: str = "year"
    monthly_cap: Optional[int] = None
    carry_over_cap: float = 0


@dataclass(frozen=True)
class InitialTraining:
    modules: object = "all"  # "all" or a tuple of module ids
    checklists: tuple[str, ...] = ("story-sharing",)
    domains_proficient: object = "all"


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    requirements: tuple[Requirement, ...]
    year_start: tuple[int, int] = (1, 1)  # (month, day)
    cycle_years: int = 1
    cycle_start_year: int = 2000
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
