"""Benchmarks on a national-scale throw-away database: `python -m bench.<name> --help`."""
