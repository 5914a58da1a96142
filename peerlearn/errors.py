"""peerlearn's domain exceptions. The CLI turns them into a message and an exit code in one place."""


class PeerlearnError(Exception):
    """A problem with the learner's input or data: shown as a message, exit 1."""


class NotFound(PeerlearnError):
    """A module, scenario, checklist or record that does not exist."""


class StoreDamaged(PeerlearnError):
    """The records file cannot be read; it is left exactly as it is."""


class Paused(Exception):
    """The learner chose to pause (q, or end of input). Everything answered so far is kept."""
