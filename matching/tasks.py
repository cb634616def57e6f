"""The matching app's tasks: filled in by its issue (see ARCHITECTURE.md)."""
