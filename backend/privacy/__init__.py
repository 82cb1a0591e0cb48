"""The rights of the person the data is about, and how long it is kept (UU 27/2022)."""
