"""The desk's pages, one module per part of the day's work."""
