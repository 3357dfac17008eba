"""The translators' workbench: the original in segments, translation memory, glossary, quality
checks and machine-translation engines."""
