"""Turning raw ``call-legs`` bytes into validated legs, or into a rejection with a reason."""
