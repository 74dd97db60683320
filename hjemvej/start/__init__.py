"""The start page of each role: what is due, from the case file, follow-up and the economy."""
