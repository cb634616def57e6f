"""The employers app's forms: filled in by its issue (see ARCHITECTURE.md)."""
