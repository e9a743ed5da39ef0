"""PortalRB integration API (HTTP only): Starlette routes that the app process serves beside its pages."""
