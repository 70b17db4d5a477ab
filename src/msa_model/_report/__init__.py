"""Human-readable reports of agreements (used by the CLI)."""
