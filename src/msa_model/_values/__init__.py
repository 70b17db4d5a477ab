"""Value types: money, lengths of time, business calendars; nothing else of msa_model."""
