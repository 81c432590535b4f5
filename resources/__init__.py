"""Data files shipped with SP+ Desk (referential, default catalogue, fonts, icons)."""
