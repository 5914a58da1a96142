"""Transcripts and exports: markdown, HTML, JSON, CSV and xAPI."""
