"""An issue file, from bytes to model: load, validate, clean."""
