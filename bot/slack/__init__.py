"""The Slack app: the Bolt app, its listeners, Block Kit builders, and serving it."""
