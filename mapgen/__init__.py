"""mapgen: turn a GeoJSON of renamed places into one standalone HTML map that quotes its evidence."""

__version__ = "0.1.0"
