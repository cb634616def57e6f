"""The dashboards app's models: filled in by its issue (see ARCHITECTURE.md)."""
