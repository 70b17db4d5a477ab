"""Pure computations over value types; no model classes."""
