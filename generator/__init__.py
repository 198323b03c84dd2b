"""taskdoc: render a policy's task table (任务分解表) into official documents."""

__version__ = "0.1.0"
