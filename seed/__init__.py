"""Demo data, built through the same operations the app uses."""
