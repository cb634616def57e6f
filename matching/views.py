"""The matching app's views: filled in by its issue (see ARCHITECTURE.md)."""
