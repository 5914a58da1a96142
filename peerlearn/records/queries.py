"""Questions asked of the records that several commands share, each answered in one place."""
from __future__ import annotations


def counted_activities(store, policy) -> list[dict]:
    """Everything that counts towards `policy`'s ongoing-education requirements: the logged
    activities, and the modules studied and refreshers done in peerlearn where the policy says so."""
    from peerlearn.engine.policy import counted_activities as counted

    return counted(policy, store.activities(), store.all_module_progress(), store.events("refresher"))
