"""Data protection over all of a citizen's records: retention and deletion, and the citizen's own
rights (the access copy, GDPR art. 15). It reads and changes the records of every room below it,
so it stands on the floor of the start page, above the case file, follow-up and the economy."""
