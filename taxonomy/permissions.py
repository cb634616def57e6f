"""Reference data is readable by every signed-in user and changed only by imports."""
