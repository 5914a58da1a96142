"""Building plain-mode input that answers scenarios the way a learner would."""
from peerlearn.engine import scoring


def shown_number(scenario, step_id: str, index: int) -> int:
    """The number a choice (by its index in the file) is shown with."""
    n = len(scenario.step(step_id).choices) if step_id else len(scenario.choices)
    return scoring.display_order(scenario.id, step_id, n).index(index) + 1


def best_answer_lines(scenario) -> list[str]:
    """The lines a learner types to give the best response (Enter after branching steps)."""
    if scenario.type == "branching":
        lines, node = [], scenario.steps[0].id
        while scenario.step(node) is not None:
            step = scenario.step(node)
            idx = next(i for i, c in enumerate(step.choices) if c.correct)
            lines.append(str(shown_number(scenario, step.id, idx)))
            node = step.choices[idx].next
            if scenario.step(node) is not None:
                lines.append("")
        return lines
    picks = [str(shown_number(scenario, "", i)) for i, c in enumerate(scenario.choices) if c.correct]
    return [" ".join(picks)]


def quiz_input(scenarios) -> str:
    lines = []
    for n, s in enumerate(scenarios):
        lines += best_answer_lines(s)
        if n < len(scenarios) - 1:
            lines.append("")  # Enter for the next scenario
    return "\n".join(lines) + "\n"


def check_scenarios(module, content, seen=None) -> list:
    """The end-of-module check a learner with this history meets."""
    from peerlearn.engine.review import module_check

    return module_check(module.id, content.scenarios, seen or {})


def study_input(module, content, seen=None) -> str:
    """Read every section, give the best response in the check, answer every reflection prompt."""
    lines = []
    if module.content_note:
        lines.append("1")  # continue with the module
    lines += [""] * len(module.sections)
    check = check_scenarios(module, content, seen)
    for n, s in enumerate(check):
        lines += best_answer_lines(s)
        if n < len(check) - 1:
            lines.append("")  # Enter for the next scenario
    lines += [f"my reflection on {module.id} prompt {i}" for i in range(len(module.reflection_prompts))]
    return "\n".join(lines) + "\n"


def two_scenarios_per_competency(content) -> list:
    chosen, count = [], {}
    for s in content.scenarios:
        if any(count.get(c, 0) < 2 for c in s.competencies):
            chosen.append(s)
            for c in s.competencies:
                count[c] = count.get(c, 0) + 1
    return chosen


__all__ = ["check_scenarios", "shown_number", "best_answer_lines", "quiz_input", "study_input", "two_scenarios_per_competency", "scoring"]
