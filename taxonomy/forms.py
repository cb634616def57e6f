"""Reference data has no forms: it is loaded by load_starter_taxonomy and import_esco."""
