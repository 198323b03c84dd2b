"""The command line (`taskdoc …`): the Click commands (`commands`), Click's own words and help
layout in Chinese (`chinese`), and the terminal reports (`console`).

May import anything of taskdoc; nothing imports it. The only place Click is imported. Each
command parses its options, calls one `generator.api` function, prints the result and sets the
exit code.
"""

from generator.cli.commands import main

__all__ = ["main"]
