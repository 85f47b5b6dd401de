"""Which cases a new one may be linked with (decision 0031): a case withdrawn or not accepted, a restricted
consumer's case, and the members of a decided or dismissed cluster are nobody's candidates any more, and the
look-up reads the signatures' own flag for it."""

from datetime import datetime, timedelta

import pytest

from weiquan.core.calendar import SHANGHAI
from weiquan.insight import signatures
from weiquan.insight.clusters import WINDOW, cluster_decide
from weiquan.insight.models import CaseSignature, ClusterMember, ComplaintCluster
from weiquan.insight.sweep import close_quiet_clusters
from weiquan.testing.cases import act
from weiquan.testing.factories import file_complaint, make_order, make_user

pytestmark = pytest.mark.django_db
STORY = "扫地机器人充电后电池鼓包发烫，外壳变形，要求退货退款"


def _file(cast, committed, *, hour: int, consumer=None, when=None, text=STORY):
    consumer = consumer or make_user("consumer")
    when = when or datetime(2026, 3, 20, hour, tzinfo=SHANGHAI)
    order = make_order(consumer=consumer, merchant=cast.shop, received_at=when - timedelta(days=1))
    with committed():
        return file_complaint(consumer=consumer, order=order, actor=cast.agent, channel="phone", category="quality",
                              title="电池鼓包", description=text, received_at=when)


def _candidate(complaint) -> bool:
    return CaseSignature.objects.values_list("candidate", flat=True).get(pk=complaint.pk)


def test_three_consumers_form_a_cluster_when_every_case_is_a_candidate(cast, committed):
    cases = [_file(cast, committed, hour=9 + i) for i in range(3)]
    cluster = ComplaintCluster.objects.get()
    assert cluster.size == 3
    assert set(ClusterMember.objects.values_list("complaint_id", flat=True)) == {c.pk for c in cases}
    assert [_candidate(c) for c in cases] == [True, True, True]


def test_a_withdrawn_case_no_longer_counts_towards_a_new_cluster(cast, committed):
    first = _file(cast, committed, hour=9)
    with committed():
        act(first.consumer, first, "withdraw")
    assert _candidate(first) is False
    _file(cast, committed, hour=10)
    _file(cast, committed, hour=11)
    # Two candidates' consumers and the new one's would be three; without the withdrawn case there are two.
    assert ComplaintCluster.objects.count() == 0
    assert not ClusterMember.objects.exists()


def test_a_case_not_accepted_no_longer_counts(cast, committed):
    first = _file(cast, committed, hour=9)
    with committed():
        act(cast.agent, first, "reject", reason="not_personal_consumption", explanation="经营用途采购")
    assert _candidate(first) is False
    _file(cast, committed, hour=10)
    _file(cast, committed, hour=11)
    assert ComplaintCluster.objects.count() == 0


def test_the_cases_of_a_decided_cluster_take_no_new_member(cast, committed):
    cases = [_file(cast, committed, hour=9 + i) for i in range(3)]
    cluster = ComplaintCluster.objects.get()
    cluster_decide(actor=cast.supervisor, cluster_id=cluster.pk, note="统一退货退款")
    assert [_candidate(c) for c in cases] == [False, False, False]
    later = _file(cast, committed, hour=13)
    assert not ClusterMember.objects.filter(complaint=later).exists()
    cluster.refresh_from_db()
    assert cluster.size == 3 and ComplaintCluster.objects.count() == 1
    assert _candidate(later) is True  # free, and a candidate for the next ones


def test_an_open_cluster_still_takes_the_fourth_case(cast, committed):
    [_file(cast, committed, hour=9 + i) for i in range(3)]
    later = _file(cast, committed, hour=13)
    cluster = ComplaintCluster.objects.get()
    assert cluster.size == 4 and ClusterMember.objects.filter(complaint=later, cluster=cluster).exists()


def test_a_quiet_cluster_dismissed_by_the_sweep_takes_its_cases_out_of_the_look_up(cast, committed):
    cluster = ComplaintCluster.objects.create(merchant=cast.shop, category="quality", size=1,
                                              first_at=datetime(2026, 1, 1, tzinfo=SHANGHAI),
                                              last_at=datetime(2026, 1, 1, tzinfo=SHANGHAI))
    old = _file(cast, committed, hour=9, when=datetime(2026, 1, 1, 9, tzinfo=SHANGHAI))
    CaseSignature.objects.filter(pk=old.pk).update(cluster=cluster)
    open_one = _file(cast, committed, hour=9)  # a case of today, free
    assert close_quiet_clusters() == 1
    cluster.refresh_from_db()
    assert cluster.state == ComplaintCluster.State.DISMISSED
    assert _candidate(old) is False and _candidate(open_one) is True
    assert close_quiet_clusters() == 0  # nothing left to dismiss


def test_the_look_up_reads_only_candidates_of_other_consumers_most_recent_first(cast, committed):
    cases = [_file(cast, committed, hour=9 + i) for i in range(3)]  # one cluster of three
    free = _file(cast, committed, hour=14, text="商家一直不给开发票，客服也不回复")  # like nothing: stays free
    CaseSignature.objects.filter(pk=cases[0].pk).update(candidate=False)
    sig = CaseSignature.objects.get(pk=cases[2].pk)
    rows = signatures.candidates(merchant_id=cast.shop.pk, scope=sig.scope, consumer_id=sig.consumer_id,
                                 received_at=sig.received_at, exclude_ids={sig.pk}, window=WINDOW, free=10,
                                 clustered=10)
    # Not the case itself, not the one no longer a candidate; the free case, whose cluster is None.
    assert rows == [
        (free.pk, free.consumer_id, None, CaseSignature.objects.get(pk=free.pk).terms,
         CaseSignature.objects.get(pk=free.pk).norm),
        (cases[1].pk, cases[1].consumer_id, ComplaintCluster.objects.get().pk,
         CaseSignature.objects.get(pk=cases[1].pk).terms, CaseSignature.objects.get(pk=cases[1].pk).norm),
    ]
    # The same look-up for the first consumer leaves their own cases out.
    mine = signatures.candidates(merchant_id=cast.shop.pk, scope=sig.scope, consumer_id=cases[1].consumer_id,
                                 received_at=sig.received_at, exclude_ids=set(), window=WINDOW, free=10,
                                 clustered=10)
    assert [row[0] for row in mine] == [free.pk, cases[2].pk]


def test_the_sweep_catches_a_restriction_whose_event_never_arrived(cast, committed):
    from weiquan.insight.models import ComplaintFact
    from weiquan.insight.sweep import drop_unprocessable

    mine = _file(cast, committed, hour=9)
    other = _file(cast, committed, hour=10)
    assert drop_unprocessable() == 0 and _candidate(mine) is True
    type(mine.consumer).objects.filter(pk=mine.consumer_id).update(processing_restricted=True)  # no event
    drop_unprocessable()
    assert _candidate(mine) is False and _candidate(other) is True
    assert not ComplaintFact.objects.filter(complaint_id=mine.pk).exists()
    assert ComplaintFact.objects.filter(complaint_id=other.pk).exists()
