"""`python -m generator` runs the taskdoc command line."""

from .cli import main

main()
