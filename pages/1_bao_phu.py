"""Page not built yet: says so plainly and shows no figures."""

from outreach import ui

ctx = ui.setup_page("nav_coverage")
ui.not_built(ctx, "nav_coverage")
