"""Property: for any complaint the service accepts, with any facts the filer may state, what the case stores is the
engine's answer to the case's facts, every version too; and what the facts add later never rewrites an old version."""

import importlib
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from weiquan.complaints.facts import settable_keys
from weiquan.complaints.models import AssessmentVersion, Category, Complaint
from weiquan.complaints.services import ComplaintError, complaint_facts_add, complaint_submit
from weiquan.core.services import business_calendar
from weiquan.rights import assess
from weiquan.rights.schema import CONFIRMABLE_EXCLUSIONS, STATUTORY_EXCLUSIONS
from weiquan.testing.cases import SH, frozen
from weiquan.testing.factories import make_merchant, make_order, make_user

NOW = datetime(2026, 3, 12, 10, tzinfo=SH)
RECEIPT = date(2026, 3, 2)
days = st.integers(min_value=-3, max_value=10).map(lambda n: (RECEIPT + timedelta(days=n)).isoformat())
flags = st.booleans()
money = st.decimals(min_value=0, max_value=20000, places=2).map(lambda d: f"{d:.2f}")
defects = st.fixed_dictionaries({}, optional={
    "fraud": flags, "food_safety_violation": flags, "drug_fake_or_substandard": flags, "seller_knew": flags,
    "label_only_no_safety_impact": flags, "loss": money, "injury": st.sampled_from(["none", "serious", "death"]),
    "consumer_fabrication": flags})
claims = st.fixed_dictionaries({}, optional={
    "no_reason_return_notice_date": days, "quality_defect_found_date": days, "defect": defects,
    "performance_failure_date": days, "repairs_for_same_failure": st.integers(0, 4)})
goods = st.fixed_dictionaries({}, optional={key: flags for key in settable_keys(staff=False)["goods"]})
purchases = st.fixed_dictionaries({}, optional={
    "statutory_exclusion": st.sampled_from(STATUTORY_EXCLUSIONS), "confirmable_exclusion":
        st.sampled_from(CONFIRMABLE_EXCLUSIONS), "durable_goods": flags,
    "three_guarantees": st.fixed_dictionaries({}, optional={"warranty_months": st.integers(1, 36),
                                                            "days_in_repair": st.integers(0, 30)})})
stated = st.fixed_dictionaries({}, optional={"claim": claims, "goods": goods, "purchase": purchases})


def stored_equals_engine(complaint: Complaint) -> None:
    calendar = business_calendar()
    if complaint.rights_assessment is not None:
        assert complaint.rights_assessment == assess(complaint.rights_facts, calendar=calendar)
    for version in AssessmentVersion.objects.filter(complaint=complaint):
        if version.assessment is not None:
            assert version.assessment == assess(version.facts, calendar=calendar)


class StoredAssessmentProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.consumer = make_user("consumer", username="prop_consumer")
        cls.shop = make_merchant("属性测试店")
        cls.order = make_order(consumer=cls.consumer, merchant=cls.shop, lines=2)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(facts=stated, later=stated, category=st.sampled_from(Category.values))
    def test_stored_assessment_is_the_engines_answer(self, facts, later, category):
        with frozen(NOW):
            try:
                complaint = complaint_submit(
                    actor=self.consumer, order=self.order, line_ids=[self.order.lines.first().pk], category=category,
                    title="属性测试", description="属性测试的投诉内容。", remedies_wanted=["refund", "return"],
                    facts=facts)
            except ComplaintError as refused:
                assert refused.field and refused.field.startswith("facts")
                return
            first = AssessmentVersion.objects.get(complaint=complaint, version=1)
            kept = (first.facts, first.assessment)
            stored_equals_engine(Complaint.objects.get(pk=complaint.pk))
            try:
                complaint_facts_add(actor=self.consumer, complaint_id=complaint.pk, facts=later)
            except ComplaintError as refused:
                assert refused.field and refused.field.startswith("facts")
            stored_equals_engine(Complaint.objects.get(pk=complaint.pk))
            first.refresh_from_db()
            assert (first.facts, first.assessment) == kept


@pytest.mark.django_db
def test_the_data_migration_keeps_old_answers_and_builds_missing_ones(cast, order):
    """Cases stored in the earlier shape keep their facts and answer; cases without one get facts built now."""
    from django.apps import apps

    migration = importlib.import_module("weiquan.complaints.migrations.0007_rights_facts_backfill")
    with frozen(NOW):
        old, bare = (complaint_submit(actor=cast.consumer, order=order, line_ids=[order.lines.first().pk],
                                      category="after_sales", title="退货", description="七天内申请退货退款。",
                                      remedies_wanted=["refund"]) for _ in range(2))
    facts, answer = old.rights_facts, old.rights_assessment
    proposal = old.rights_assessment_meta["proposal"]
    Complaint.objects.filter(pk=old.pk).update(rights_facts=None, rights_assessment_meta={}, rights_assessment={
        "engine": "weiquan.rights", "facts": facts, "result": answer, "points": {}, "proposal": proposal,
        "punitive_scenario": None, "errors": [], "warnings": []})
    Complaint.objects.filter(pk=bare.pk).update(rights_facts=None, rights_assessment=None, rights_assessment_meta={})
    AssessmentVersion.objects.all().delete()
    migration.forwards(apps, None)
    old, bare = Complaint.objects.get(pk=old.pk), Complaint.objects.get(pk=bare.pk)
    assert (old.rights_facts, old.rights_assessment) == (facts, answer)
    assert (old.rights_assessment_meta["version"], old.rights_assessment_meta["reason"]) == (1, "filed")
    assert old.rights_assessment_meta["proposal"] == proposal
    assert bare.rights_facts == facts and bare.rights_assessment_meta["reason"] == "migrated"
    assert bare.rights_assessment == answer and bare.rights_assessment_meta["proposal"] == proposal
    assert AssessmentVersion.objects.count() == 2
    stored_equals_engine(old)
    stored_equals_engine(bare)
