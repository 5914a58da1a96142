"""peerlearn: a self-paced learning and competency-assessment tutor for peer support workers."""

__version__ = "0.1.0"
