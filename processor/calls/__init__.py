"""From the legs of one call to exactly one outcome (spec section 4). Pure: no I/O here."""
