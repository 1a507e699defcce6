"""Pages every user shares: the home page, language, health checks."""
