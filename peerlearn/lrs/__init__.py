"""peerlearn as an xAPI client of an organization's learning record store (LRS): the HTTP
client (client.py), where the credential comes from (credential.py) and the incremental,
idempotent sync of a learner's statements (sync.py)."""
