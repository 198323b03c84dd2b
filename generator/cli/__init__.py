"""The command line (`taskdoc …`): Click commands, their Chinese help and messages, and the
terminal reports.

May import anything of taskdoc; nothing imports it. The only place Click is imported. Each
command parses its options, calls one `generator.api` function, prints the result and sets the
exit code.
"""

from generator.cli.commands import main

__all__ = ["main"]
