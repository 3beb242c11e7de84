"""Pages that assemble the flow: landing, dashboards, the report page, officer pages."""
