"""Page not built yet: says so plainly and shows no figures."""

from outreach import ui

ctx = ui.setup_page("nav_officials")
ui.not_built(ctx, "nav_officials")
