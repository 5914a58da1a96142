"""Loading content: safe YAML with positions, schemas, cross-checks, the immutable model."""
