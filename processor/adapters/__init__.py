"""PBX adapters: raw CDR rows from a telephone platform to normalised call legs (spec 10)."""
