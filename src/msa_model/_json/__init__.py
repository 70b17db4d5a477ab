"""The only code that knows JSON: the converter, the codec and the schema."""
