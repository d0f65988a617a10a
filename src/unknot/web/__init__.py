"""The web edge: FastAPI + Jinja2, server-rendered, usable without JavaScript.

Build the application with :func:`unknot.web.app.create_app`; nothing is built at import time.

    unknot.web.app        the factory: settings, secret key, templates, routes, middleware
    unknot.web.security   security headers (CSP), CSRF protection, cookie settings
    unknot.web.errors     the one error handler: an HTML page, or JSON under /api/v1
    unknot.web.wizard     the multi-step questionnaire over unknot.content.questionnaire
    unknot.web.routes     one module per area of the site
"""
