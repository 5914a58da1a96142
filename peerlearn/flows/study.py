"""Studying a module: section by section, resuming where the learner left off, then a short
check of two or three of the module's scenarios. A module counts as studied when its sections
have been read and its check has been taken, whatever the score: the check's answers are
evidence like any quiz answer, and it never stops the learner going on."""
from __future__ import annotations

from peerlearn.records.store import now_iso
from peerlearn.ui.render import heading, wrap


def run_check(p, content, store, module) -> None:
    """The end-of-module check; each answer recorded as it is given, resumable part-way."""
    from peerlearn.engine.review import module_check
    from peerlearn.flows.quiz import play_and_record

    progress = store.module_progress(module.id)
    ids = progress.get("check")
    if ids is None:
        ids = [s.id for s in module_check(module.id, content.scenarios, store.mastery_summary()["seen"])]
        store.save_module_progress(module.id, check=ids, check_done=[])
        progress = store.module_progress(module.id)
    done = list(progress.get("check_done") or [])
    remaining = [content.scenario(i) for i in ids if i not in done and content.scenario(i) is not None]
    if not remaining:
        return
    p.say(heading("Check your understanding"))
    p.say(wrap(f"{len(ids)} scenario{'s' if len(ids) != 1 else ''} from this module. Your answers count towards your "
               "competency levels like any quiz answer. Whatever the score, the module counts as studied once you "
               "have taken the check. Take your time; you can pause at any prompt."))
    p.say()
    partial = tuple((step, tuple(c)) for step, c in progress.get("check_partial") or ())
    for scenario in remaining:
        def keep_partial(path, _id=scenario.id):
            store.save_module_progress(module.id, check_partial=[[st, list(c)] for st, c in path])

        number = f"{ids.index(scenario.id) + 1}/{len(ids)} "

        def advance(record, _id=scenario.id):
            store.save_module_progress(module.id, check_done=done + [_id], check_partial=[])

        play_and_record(p, store, scenario, "check", f"check-{module.id}", number, on_step=keep_partial,
                        resume_path=partial, advance=advance)
        partial = ()
        done.append(scenario.id)
        if scenario is not remaining[-1]:
            p.pause("Press Enter for the next scenario (q to pause).")


def run_study(p, content, store, module) -> bool:
    """Study `module`. Returns True when it is complete (all sections read, the check taken,
    reflection prompts offered)."""
    progress = store.module_progress(module.id)
    start = progress.get("section", 0)
    if progress.get("completed") and start >= len(module.sections):
        if not p.confirm(f"You completed this module on {progress['completed'][:10]}. Read it again from the start?", default=True):
            return True
        start = 0
        store.save_module_progress(module.id, section=0, prompts=0, check=None, check_done=[], check_partial=[])
        progress = store.module_progress(module.id)
    p.say()
    p.say(heading(f"Module {module.number}: {module.title}"))
    if module.content_note:
        p.say(wrap(f"Content note: {module.content_note}"))
        p.say()
        if p.choose("How would you like to go on?", ["Continue with this module", "Skip it for now (nothing is lost)"]) == 1:
            p.say("That's fine. The module will be here whenever you want it.")
            return False
    if start == 0:
        p.say(wrap(module.summary))
        p.say()
        p.say("In this module you will:")
        for obj in module.objectives:
            p.say(wrap(f"- {obj}", "  "))
        p.say()
        store.save_module_progress(module.id, started=progress.get("started") or now_iso(), section=0)
    elif start < len(module.sections):
        p.say(wrap(f"Welcome back. Picking up at section {start + 1} of {len(module.sections)}."))
        p.say()
    for i in range(start, len(module.sections)):
        section = module.sections[i]
        p.say(heading(f"{i + 1}/{len(module.sections)}  {section.title}"))
        p.say(wrap(section.body))
        p.say()
        p.pause("Press Enter when you're ready to go on (q to pause).")
        store.save_module_progress(module.id, section=i + 1)
    if module.key_terms:
        p.say(heading("Key terms"))
        for tid in module.key_terms:
            term = content.glossary.get(tid)
            if term:
                p.say(wrap(f"{term.term}: {term.definition}"))
                p.say()
    run_check(p, content, store, module)
    done_prompts = store.module_progress(module.id).get("prompts", 0)
    if done_prompts < len(module.reflection_prompts):
        p.say(heading("Reflection"))
        p.say(wrap("These questions are for you. Your answers are kept privately on this computer, never "
                   "included in an export unless you ask, and you can delete them at any time "
                   "('peerlearn journal'). Press Enter to skip any of them."))
        p.say()
    for i in range(done_prompts, len(module.reflection_prompts)):
        prompt = module.reflection_prompts[i]
        answer = p.text(prompt)
        if answer.strip():
            store.add_reflection({"source": f"module:{module.id}", "prompt": prompt, "text": answer, "time": now_iso()})
        store.save_module_progress(module.id, prompts=i + 1)
    fields = {"section": len(module.sections)}
    if not store.module_progress(module.id).get("completed"):
        fields["completed"] = now_iso()
    store.save_module_progress(module.id, **fields)
    from peerlearn.flows import record_completion

    record_completion(content, store)
    p.say()
    p.say(wrap(f"You've finished module {module.number}. When you're ready, 'peerlearn quiz --module {module.id}' "
               "offers scenarios from it."))
    return True
