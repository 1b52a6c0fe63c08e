"""The command line and the terminal chat, and their rendering for a terminal."""
