"""The partnerships app's admin: filled in by its issue (see ARCHITECTURE.md)."""
