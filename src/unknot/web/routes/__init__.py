"""The site's routes, one module per area; :data:`ROUTERS` lists them for the app factory."""
