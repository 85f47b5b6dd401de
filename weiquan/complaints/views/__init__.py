"""Complaint pages: `case` (what the three portals share), `consumer`; merchant and console pages alongside."""
