"""The migrants app's models: filled in by its issue (see ARCHITECTURE.md)."""
