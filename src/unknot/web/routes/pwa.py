"""What makes the site an installable app: the manifest and the service worker, both served
from the root so that the worker's scope is the whole site."""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter
from fastapi.responses import Response

from unknot.web.render import STATIC_DIR

router = APIRouter(include_in_schema=False)

SERVICE_WORKER: Final = STATIC_DIR / "js" / "sw.js"
MANIFEST: Final = STATIC_DIR / "manifest.webmanifest"


@router.get("/sw.js")
def service_worker() -> Response:
    return Response(
        SERVICE_WORKER.read_bytes(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    return Response(
        MANIFEST.read_bytes(),
        media_type="application/manifest+json",
        headers={"Cache-Control": "public, max-age=3600"},
    )
