"""Settings and reference data (vocabulary lives in the CSV/YAML files beside this module)."""
