from generator.cli.common import entry

entry()
