"""Settings: ``base`` reads the environment; ``test`` and ``production`` are thin overrides."""
