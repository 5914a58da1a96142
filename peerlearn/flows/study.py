"""Studying a module: section by section, resuming where the learner left off."""
from __future__ import annotations

from peerlearn.records.store import now_iso
from peerlearn.ui.render import heading, wrap


def run_study(p, content, store, module) -> bool:
    """Study `module`. Returns True when it is complete (all sections read, prompts offered)."""
    progress = store.module_progress(module.id)
    start = progress.get("section", 0)
    if progress.get("completed") and start >= len(module.sections):
        if not p.confirm(f"You completed this module on {progress['completed'][:10]}. Read it again from the start?", default=True):
            return True
        start = 0
        store.save_module_progress(module.id, section=0, prompts=0)
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
    p.say()
    p.say(wrap(f"You've finished module {module.number}. When you're ready, 'peerlearn quiz --module {module.id}' "
               "offers scenarios from it."))
    return True
