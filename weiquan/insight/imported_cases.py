"""What a bulk import hands insight about its brand-new cases: the source's published fields (`CfpbRecord`, read
again whenever a case's fact is rebuilt) and the cases' facts, added to their buckets in the import's transaction."""

from weiquan.core.bulk import rows_insert
from weiquan.insight.aggregates import insert_facts
from weiquan.insight.models import CfpbRecord


def imported_cases_add(*, cfpb_records: list[dict], facts: list[dict], issues: list[dict]) -> None:
    """`cfpb_records`: dicts of CfpbRecord attributes; `facts`, `issues`: as `aggregates.insert_facts` takes them."""
    rows_insert(CfpbRecord, cfpb_records)
    insert_facts(facts, issues)
