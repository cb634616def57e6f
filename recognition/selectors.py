"""The recognition app's selectors: filled in by its issue (see ARCHITECTURE.md)."""
