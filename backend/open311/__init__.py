"""Open311 GeoReport v2 at /open311/v2: other systems file complaints and follow their status."""
