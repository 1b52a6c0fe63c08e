"""`python -m bot` is `compute-advisor`."""

from bot.cli.main import main

raise SystemExit(main())
