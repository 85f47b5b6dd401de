"""The person's copy of their data as a readable PDF (PIPL Art.45), from the same document as the JSON export.

The document and its CJK font are set up by `weiquan.core.pdf`, as the evidence bundle's cover letter is; without the
font the PDF is refused (FontMissing) and the JSON copy still works.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from weiquan.accounts.models import Role
from weiquan.core.pdf import cjk_document


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "astimezone"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value) or "—"
    return str(value)


def personal_data_pdf(data: dict) -> bytes:
    doc = cjk_document()
    heading = doc.heading

    def line(label: str, value) -> None:
        doc.para(f"{label}：{_text(value)}")

    doc.title(_("我的个人信息副本"))
    line(_("生成时间"), data["generated_at"])
    account = data["account"]
    heading(_("账户"))
    for label, key in ((_("用户名"), "username"), (_("姓名"), "display_name"), (_("手机号"), "phone"),
                       (_("地址"), "address"), (_("电子邮箱"), "email"), (_("注册时间"), "date_joined")):
        line(label, account.get(key))
    heading(_("订单（%(n)s）") % {"n": len(data["orders"])})
    for order in data["orders"]:
        line(order["order_no"], f"{order['merchant']} · {order['total_paid']} · {_text(order['placed_at'])}")
    heading(_("投诉（%(n)s）") % {"n": len(data["complaints"])})
    for case in data["complaints"]:
        doc.pdf.ln(1)
        line(_("编号"), case["reference"])
        line(_("商家"), case["merchant"])
        line(_("标题"), case["title"])
        line(_("描述"), case["description"])
        for message in case["messages"]:
            line(_text(message["created_at"]), message["body"])
        for item in case["evidence"]:
            line(_("证据"), f"{item['original_name']} ({item['size']} B, SHA-256 {item['sha256'][:16]}…)")
    heading(_("电话咨询（%(n)s）") % {"n": len(data.get("enquiries", []))})
    for enquiry in data.get("enquiries", []):
        doc.pdf.ln(1)
        line(_("来电时间"), enquiry["received_at"])
        line(_("咨询内容"), enquiry["question"])
        line(_("答复内容"), enquiry["answer"])
        line(_("处理方式"), enquiry["advice"])
    heading(_("谁查看过我的完整个人信息（%(n)s）") % {"n": len(data["personal_data_access"])})
    roles = dict(Role.choices)
    for row in data["personal_data_access"]:
        line(_text(row["at"]), f"{roles.get(row['viewer_role'], '—')} · {_text(row['fields'])} · {row['purpose']}")
    heading(_("通知（%(n)s）") % {"n": len(data["notifications"])})
    for note in data["notifications"]:
        line(_text(note["created_at"]), note["text"])
    return doc.output()
