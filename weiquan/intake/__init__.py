"""Bulk intake: outside datasets (the CFPB Consumer Complaint Database, the demo's batch complaint) brought in as
cases. It owns nothing it writes: stores come from `merchants`, buyers, orders and products from `commerce`, cases
from `complaints` and analytics rows from `insight`, each through that app's services."""
