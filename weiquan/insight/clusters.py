"""Related complaints. The same consumer about the same order is a duplicate (the case links it on filing); many
consumers about the same product (or, without one, the same merchant and category) with similar text inside a
short window form a cluster (批量投诉): one situation, all its cases, one decision applied to each."""

import math
import re
from collections import Counter
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.complaints.models import Complaint, Status
from weiquan.insight import signatures
from weiquan.insight.models import CaseSignature, ClusterMember, ComplaintCluster

CASE_HANDLERS = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
COORDINATORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
# A decided case keeps its decider; the cases still being worked are the ones one handler can take over.
ASSIGNABLE = frozenset({Status.SUBMITTED, Status.NEEDS_INFO, Status.AWAITING_MERCHANT, Status.MERCHANT_RESPONDED,
                        Status.IN_MEDIATION})
WINDOW = timedelta(days=7)
SIMILARITY = 0.30  # cosine over character bigrams / words: same story told by different people
MIN_CONSUMERS = 3
MAX_CANDIDATES = 300  # free cases of the key compared with a new one, most recent first
CLUSTER_CANDIDATES = 20  # members of the key's open clusters compared with it, most recent first
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]{3,}")
_STOP = frozenset({
    "the", "and", "that", "this", "with", "was", "for", "have", "not", "but", "they", "you", "are", "xxxx", "xx",
    "from", "has", "had", "were", "been", "what", "when", "which", "would", "there", "your", "other", "into",
    "about", "their", "them", "then", "than", "also", "just", "will", "can", "did", "does", "any", "all", "out",
    "because", "after", "before", "being", "our", "she", "his", "her", "him", "its", "who", "why", "how", "some",
    "someone", "more", "only", "such", "these", "those", "over", "very", "could", "should", "may", "said",
})


def shingles(text: str) -> Counter:
    """Character bigrams of Chinese runs plus Latin words: segmentation-free, good enough for near-duplicates."""
    text = (text or "").lower()
    grams = Counter()
    for run in _CJK_RUN.findall(text):
        grams.update(run[i:i + 2] for i in range(max(1, len(run) - 1)))
    grams.update(w for w in _WORD.findall(text) if w not in _STOP)
    return grams


def cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def common_phrases(texts: list[str], *, limit: int = 5, min_length: int = 2) -> list[str]:
    """The longest phrases that at least half of the texts share: what staff read as "the situation"."""
    texts = [" ".join(t.lower().split())[:300] for t in texts if t]
    if len(texts) < 2:
        return []
    need = max(2, (len(texts) + 1) // 2)
    base = min(texts, key=len)
    found: list[str] = []
    i = 0
    while i < len(base):
        length = min_length
        best = ""
        while i + length <= len(base):
            piece = base[i:i + length]
            if sum(piece in t for t in texts) < need:
                break
            best, length = piece, length + 1
        if best.strip() and len(best.strip()) >= min_length and not any(best in f for f in found):
            found.append(best.strip())
            i += len(best)
        else:
            i += 1
    found.sort(key=lambda p: (-len(p), p))
    return [p if len(p) <= 40 else p[:40] + "…" for p in found[:limit]]


def _text(complaint) -> str:
    return f"{complaint.title}\n{complaint.description}"


def first_product_ids(complaint_ids: list[int]) -> dict[int, int]:
    """The product of each case's first order line (the key its related cases share); cases without one are left
    out."""
    found: dict[int, int] = {}
    for complaint_id, product_id in Complaint.lines.through.objects.filter(complaint_id__in=complaint_ids).order_by(
            "complaint_id", "-orderline__line_no").values_list("complaint_id", "orderline__product_id"):
        found[complaint_id] = product_id  # the lowest line number comes last and stays
    return found


def _refresh(cluster: ComplaintCluster) -> None:
    """Size and span counted by the database (a cluster of thousands is never loaded); the key terms come from its
    first 20 cases, so they are worked out again only while it is that small."""
    members = Complaint.objects.processable().filter(cluster_member__cluster=cluster)
    span = members.aggregate(size=Count("pk"), first=Min("received_at"), last=Max("received_at"))
    fields = ["size", "first_at", "last_at"]
    cluster.size = span["size"]
    # A cluster all of whose cases were restricted keeps its span (the columns are never empty) and counts none.
    cluster.first_at, cluster.last_at = span["first"] or cluster.first_at, span["last"] or cluster.last_at
    if cluster.size <= 20 or not cluster.key_terms:
        first = members.order_by("pk").only("title", "description")[:20]
        cluster.key_terms = common_phrases([_text(m) for m in first])
        fields.append("key_terms")
    cluster.save(update_fields=fields)


def _grow(cluster_id: int, joined: list) -> None:
    """Add the cases that joined to the cluster's size and span, in one UPDATE (concurrent joins add up) that answers
    the new size. The key terms come from its first 20 cases, so they are worked out again, in a second UPDATE, only
    while it is that small."""
    first_at, last_at = (connection.ops.adapt_datetimefield_value(at) for at in (
        min(c.received_at for c in joined), max(c.received_at for c in joined)))
    table, quote = ComplaintCluster._meta.db_table, connection.ops.quote_name
    assignments = [f"{quote('size')} = {quote('size')} + %s",
                   f"{quote('first_at')} = CASE WHEN {quote('first_at')} > %s THEN %s ELSE {quote('first_at')} END",
                   f"{quote('last_at')} = CASE WHEN {quote('last_at')} < %s THEN %s ELSE {quote('last_at')} END"]
    # Written out rather than through the ORM: this runs for every case that joins, and building the UPDATE with
    # its expressions cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(table)} SET {', '.join(assignments)} WHERE {quote('id')} = %s "
                       f"RETURNING {quote('size')}", [len(joined), first_at, first_at, last_at, last_at, cluster_id])
        (size,) = cursor.fetchone()
        if size <= 20:
            first = Complaint.objects.processable().filter(cluster_member__cluster_id=cluster_id).order_by(
                "pk").only("title", "description")
            terms = common_phrases([_text(m) for m in first[:20]])
            cursor.execute(f"UPDATE {quote(table)} SET {quote('key_terms')} = %s WHERE {quote('id')} = %s",
                           [ComplaintCluster._meta.get_field("key_terms").get_db_prep_value(terms, connection),
                            cluster_id])


def _mark_signatures(cluster_id: int, joined: list[int]) -> None:
    """The joined cases' signatures now name their cluster (written out: this runs for every case that joins)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(CaseSignature._meta.db_table)} SET {quote('cluster_id')} = %s "
                       f"WHERE {quote('complaint_id')} IN ({', '.join(['%s'] * len(joined))})", [cluster_id, *joined])


def _add_members(cluster_id: int, joining: list[tuple[float, int]]) -> list[int]:
    """Insert the members; answers the cases that joined (a case already in a cluster, put there meanwhile, does not:
    one INSERT ... ON CONFLICT DO NOTHING RETURNING, on PostgreSQL and SQLite alike)."""
    table = ClusterMember._meta.db_table
    quote = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    values = ", ".join(["(%s, %s, %s, %s)"] * len(joining))
    params = [value for score, case_id in joining for value in (cluster_id, case_id, round(score, 4), now)]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(table)} ({quote('cluster_id')}, {quote('complaint_id')}, "
                       f"{quote('similarity')}, {quote('added_at')}) VALUES {values} "
                       f"ON CONFLICT ({quote('complaint_id')}) DO NOTHING RETURNING {quote('complaint_id')}", params)
        return [row[0] for row in cursor.fetchall()]


def link_cases(complaints: list, products: dict[int, int]) -> dict[int, int | None]:
    """Put each case in the cluster of similar cases, or form one when enough consumers tell the same story; answers
    each case's cluster id (None: linked to nothing). `complaints` hold merchant, consumer, category, received_at,
    title and description; `products` the first line's product of those that have one (`first_product_ids`).

    Each case's signature is stored the first time (all of them in one insert), and candidates are looked up by its
    key (signatures.py). The cases are placed one after another in the order given, each compared only with cases
    placed before it or outside this call: the same outcome as linking them one at a time. Safe to run twice: a case
    belongs to one cluster at most."""
    placed: dict[int, int | None] = {}
    for start in range(0, len(complaints), signatures.SPARE):  # a look-up leaves out at most SPARE cases
        placed.update(_link_part(complaints[start:start + signatures.SPARE], products))
    return placed


def _link_part(complaints: list, products: dict[int, int]) -> dict[int, int | None]:
    ids = [c.pk for c in complaints]
    known = {pk: (cluster_id, terms, norm) for pk, cluster_id, terms, norm in CaseSignature.objects.filter(
        pk__in=ids).values_list("pk", "cluster_id", "terms", "norm")}
    vectors, new = {}, []
    for complaint in complaints:
        scope = signatures.scope_of(products.get(complaint.pk), complaint.category)
        if complaint.pk in known:
            vectors[complaint.pk] = (scope, signatures.decode(known[complaint.pk][1]), known[complaint.pk][2])
            continue
        terms, norm, mine = signatures.encode(shingles(_text(complaint)))
        vectors[complaint.pk] = (scope, mine, norm)
        new.append(CaseSignature(complaint_id=complaint.pk, merchant_id=complaint.merchant_id, scope=scope,
                                 consumer_id=complaint.consumer_id, received_at=complaint.received_at, terms=terms,
                                 norm=norm))
    if new:
        CaseSignature.objects.bulk_create(new, ignore_conflicts=True)
    placed: dict[int, int | None] = {}
    waiting = set(ids)
    for complaint in complaints:
        waiting.discard(complaint.pk)
        cluster_id = (known.get(complaint.pk) or (None,))[0]
        if cluster_id is None:
            scope, mine, norm = vectors[complaint.pk]
            cluster_id = _place(complaint, products.get(complaint.pk), scope, mine, norm, later=waiting)
        placed[complaint.pk] = cluster_id
    return placed


def _place(complaint, product_id: int | None, scope: str, mine, norm: float, *, later: set[int]) -> int | None:
    """Compare one case with its candidates (leaving out `later`: cases of the same call not placed yet) and join the
    most similar open cluster or form one. Answers the cluster id or None."""
    rows = signatures.candidates(merchant_id=complaint.merchant_id, scope=scope, consumer_id=complaint.consumer_id,
                                 received_at=complaint.received_at, exclude_ids={complaint.pk, *later}, window=WINDOW,
                                 free=MAX_CANDIDATES, clustered=CLUSTER_CANDIDATES)
    similar = []
    for pk, consumer_id, cluster_id, terms, their_norm in rows:
        score = signatures.similarity(mine, norm, signatures.decode(terms), their_norm)
        if score >= SIMILARITY:
            similar.append((score, pk, consumer_id, cluster_id))
    if not similar:
        return None
    complaint_id = complaint.pk
    with transaction.atomic(savepoint=False):  # inside the batch's transaction: no savepoint to pay for
        best = max(((s, cluster_id) for s, _pk, _c, cluster_id in similar if cluster_id), default=None,
                   key=lambda x: x[0])
        if best is not None:
            cluster_id = best[1]
            joining = [(best[0], complaint_id)]
        else:
            free = [(s, pk) for s, pk, _c, cluster_id in similar if not cluster_id]
            consumers = {c for _s, _pk, c, cluster_id in similar if not cluster_id} | {complaint.consumer_id}
            if len(consumers) < MIN_CONSUMERS:
                return None
            cluster_id = ComplaintCluster.objects.create(
                merchant_id=complaint.merchant_id, product_id=product_id, category=complaint.category,
                first_at=complaint.received_at, last_at=complaint.received_at,
            ).pk
            joining = [(1.0, complaint_id), *free]
        joined = _add_members(cluster_id, joining)
        if not joined:  # put in another cluster meanwhile
            return cluster_id
        _mark_signatures(cluster_id, joined)
        spans = [complaint] if joined == [complaint_id] else list(
            Complaint.objects.filter(pk__in=joined).only("received_at"))
        _grow(cluster_id, spans)
    return cluster_id


def unlink_unprocessable(*, complaint_id: int) -> bool:
    """Take a case whose consumer's data is now restricted (R-PIPL-DELETE) out of its cluster, which is counted again
    without it. Answers whether it was in one; safe to run twice."""
    if Complaint.objects.processable().filter(pk=complaint_id).exists():
        return False
    with transaction.atomic():
        member = ClusterMember.objects.select_related("cluster").filter(complaint_id=complaint_id).first()
        if member is None:
            return False
        cluster = ComplaintCluster.objects.select_for_update().get(pk=member.cluster_id)
        member.delete()
        CaseSignature.objects.filter(pk=complaint_id).delete()  # no longer a candidate, its hashed text gone too
        cluster.key_terms = []  # worked out again without the case's text
        _refresh(cluster)
    return True


def coordinating_handlers():
    """Who may take over a cluster's cases: active agents and supervisors (as the case's assign action allows)."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True, role__in=[Role.AGENT, Role.SUPERVISOR]).order_by(
        "username").only("pk", "username"))


def cluster_decide(*, actor, cluster_id: int, note: str, state: str = ComplaintCluster.State.DECIDED,
                   handler_id: int | None = None):
    """Record one decision for the whole situation and put it as an internal note on every open case in it, so
    each case's handler applies the same outcome. With `handler_id` (a supervisor's choice) the situation becomes
    one coordinated case in the same step: every open case in it is assigned to that one handler (through the
    case's own assign action and its event), so one person applies the one decision everywhere."""
    from weiquan.complaints.services import ComplaintError, complaint_act, message_post

    note = (note or "").strip()
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in CASE_HANDLERS):
        raise ComplaintError("forbidden", "only case handlers (agents, supervisors) decide a cluster", status=403)
    if handler_id is not None and not (getattr(actor, "is_superuser", False)
                                       or getattr(actor, "role", None) in COORDINATORS):
        raise ComplaintError("forbidden", "only a supervisor assigns the cases of a cluster to one handler",
                             field="handler_id", status=403)
    if not note or len(note) > 2000:
        raise ComplaintError("invalid", "the decision note must be 1-2000 characters", field="note")
    if state not in (ComplaintCluster.State.DECIDED, ComplaintCluster.State.DISMISSED):
        raise ComplaintError("invalid", "state must be decided or dismissed", field="state")
    with transaction.atomic():
        cluster = ComplaintCluster.objects.select_for_update().get(pk=cluster_id)
        cluster.state, cluster.decision_note = state, note
        cluster.decided_by, cluster.decided_at = actor, timezone.now()
        cluster.save(update_fields=["state", "decision_note", "decided_by", "decided_at"])
        signatures.cluster_closed([cluster.pk])
        noted = 0
        if state == ComplaintCluster.State.DECIDED:
            for complaint in Complaint.objects.filter(cluster_member__cluster=cluster).order_by("pk"):
                if not complaint.is_open:
                    continue
                if handler_id and complaint.assigned_to_id != handler_id and complaint.status in ASSIGNABLE:
                    complaint_act(actor=actor, complaint_id=complaint.pk, action="assign",
                                  data={"assignee_id": handler_id})
                message_post(actor=actor, complaint_id=complaint.pk, staff_only=True,
                             body=f"[批量投诉 #{cluster.pk}] {note}")
                noted += 1
    return cluster, noted
