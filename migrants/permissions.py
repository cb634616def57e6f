"""The migrants app's permissions: filled in by its issue (see ARCHITECTURE.md)."""
