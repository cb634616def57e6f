"""The dashboards app's admin: filled in by its issue (see ARCHITECTURE.md)."""
