"""The only code that talks to a person: prompts, text and feedback rendering."""
