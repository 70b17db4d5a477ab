"""The agreement as frozen attrs classes that validate themselves."""
