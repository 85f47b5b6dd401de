"""The cover letter of an evidence bundle: a PDF in Chinese for the regulator or consumer association, naming the
parties, the facts, the timeline, what the platform did and the rights assessment in law names.

The document and its CJK font are set up by `weiquan.core.pdf`; without the font the bundle is refused (FontMissing)
rather than written with unreadable text.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import override

from weiquan.core.pdf import cjk_document


def _local(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else "—"


def cover_letter_pdf(*, complaint, body, referral_note: str, events: list, evidence: list, decisions: list,
                     remedies: list, contact: dict, created_at) -> bytes:
    from weiquan.complaints.labels import event_label
    from weiquan.complaints.models import RemedyKind
    from weiquan.rights.explain import explain

    doc = cjk_document()
    heading, para = doc.heading, doc.para

    with override("zh-hans"):
        doc.title("消费纠纷案件移送函")
        para(f"致：{body.name if body else '有关部门'}")
        para(f"案件编号：{complaint.reference}    移送时间：{_local(created_at)}")
        para("本平台在调解未能解决下列消费纠纷后，依法将案件及全部证据材料移送贵单位。随函附证据文件、案件事件记录"
             "（哈希链）及 SHA-256 清单，清单已用平台 Ed25519 密钥签名，可离线核验。")
        if referral_note:
            para(f"移送说明：{referral_note}")
        heading("一、当事人")
        para(f"消费者：{contact.get('name') or '—'}    电话：{contact.get('phone') or '—'}")
        merchant = complaint.merchant
        para(f"被投诉经营者：{merchant.name}    统一社会信用代码：{merchant.uscc or '—'}")
        para(f"注册地址：{merchant.registered_address or '—'}")
        heading("二、投诉事实与请求")
        para(f"类别：{complaint.get_category_display()}    收到时间：{_local(complaint.received_at)}")
        para(f"标题：{complaint.title}")
        para(complaint.description)
        kinds = dict(RemedyKind.choices)
        wanted = "、".join(str(kinds.get(r, r)) for r in complaint.remedies_wanted or [])
        para(f"请求：{wanted or '—'}    诉求金额：¥{complaint.amount_claimed:,.2f}")
        heading("三、处理经过")
        for event in events:
            label = event_label(event.type)
            para(f"{_local(event.at)}  {label}", size=9)
        heading("四、平台已采取的措施")
        if not decisions and not remedies:
            para("平台受理后转商家处理并组织调解，未能达成一致。")
        for decision in decisions:
            para(f"处理决定（{_local(decision.created_at)}）：{decision.get_outcome_display()}。{decision.reasons}")
        for remedy in remedies:
            para(f"{remedy.get_kind_display()} ¥{remedy.amount:,.2f}（{remedy.get_state_display()}）")
        heading("五、法定权利评估")
        points = explain(complaint.rights_assessment, complaint.rights_facts, audience="mediator") \
            if complaint.rights_assessment else []
        if not points:
            para("本案没有自动评估结果。")
        for point in points:
            laws = "；".join(f"{r['article']}（{r['title']}）" for r in point.get("rules", []) if r.get("title"))
            para(f"· {point['text']}" + (f"  依据：{laws}" if laws else ""))
        heading("六、随附材料")
        for item in evidence:
            para(f"{item['path']}  SHA-256 {item['sha256']}", size=8)
        para("events.json：案件全部事件记录（哈希链）；manifest.json：全部文件的 SHA-256；signature.json：清单签名。", size=9)
    return doc.output()
