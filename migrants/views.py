"""The migrants app's views: filled in by its issue (see ARCHITECTURE.md)."""
