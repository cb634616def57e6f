"""The partnerships app's services: filled in by its issue (see ARCHITECTURE.md)."""
