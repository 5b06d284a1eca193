# Read-only: analytics owns selectors and dashboards, not tables.
