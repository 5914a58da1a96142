"""Put on PYTHONPATH, this makes `import fcntl` fail in every Python process that starts, as on
Windows: peerlearn's store then runs on filelock's portable soft lock. tests/records runs the
store's tests this way too (test_without_fcntl.py)."""
import sys

sys.modules["fcntl"] = None
