"""The star-schema warehouse: schema defined in code, loaders, analyst views."""
