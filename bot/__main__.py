"""`python -m bot` is `compute-advisor`."""

from bot.cli import main

raise SystemExit(main())
