"""No background tasks yet: imports run from the command line (manage.py import_esco)."""
