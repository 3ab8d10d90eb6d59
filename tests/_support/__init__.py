"""Plain helper functions shared by the tests (fixtures live in tests/conftest.py): tiny models
built from config, synthetic notes, a TF-IDF run folder, PHI probes, the browser driver."""
