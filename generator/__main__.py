"""`python -m generator` runs the taskdoc command line."""

from generator.cli import main

main()
