"""Shared test settings. The checkout's packages are importable through pyproject.toml's
`[tool.pytest.ini_options] pythonpath`, not by patching sys.path here."""
