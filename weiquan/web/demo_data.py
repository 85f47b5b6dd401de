"""The demo platform: four stores, their products, thirty orders and a complaint in every workflow state.

Everything is made through the real services (order_upsert, complaint_submit, complaint_act, message_post,
evidence_add), exactly as the product makes it, so that the demo also exercises the rules. Seeding is idempotent:
accounts are found by username, orders by order number, cases by (order, title); what exists is left alone.

Case times are "now" (the services stamp them). If a deadline falls in a year whose official calendar is not loaded,
the clock service leaves it empty; a step the services refuse is reported and its case is rolled back, never half-made.
"""

import random
import struct
import zlib
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from weiquan.accounts.models import Role
from weiquan.accounts.services import consumer_register, user_set_personal_data
from weiquan.commerce.models import Order
from weiquan.commerce.services import LineData, OrderData, order_upsert
from weiquan.complaints.models import Complaint, Remedy
from weiquan.complaints.services import complaint_act, complaint_submit, evidence_add, message_post
from weiquan.merchants.models import Merchant

PASSWORD = "weiquan-demo"

# external_id, shop name, operator, Unified Social Credit Code, category, staff username, staff name
MERCHANTS = [
    ("demo-shop-01", "优选服饰旗舰店", "杭州优选服饰有限公司", "91330106MA2H3K7P1E", "apparel", "merchant1", "何佳"),
    ("demo-shop-02", "极客数码专营店", "深圳极客数码科技有限公司", "91440300MA5F8RQ62E", "electrical", "merchant2", "林涛"),
    ("demo-shop-03", "鲜味坊食品专营店", "成都鲜味坊食品有限公司", "91510107MA6C4N2X3B", "food", "merchant3", "罗小梅"),
    ("demo-shop-04", "美肌之家美妆店", "上海美肌之家化妆品有限公司", "91310115MA1K9T4B56", "cosmetics", "merchant4", "许倩"),
]

# sku, title, category, price: per store, in the order above
PRODUCTS = {
    "demo-shop-01": [("YX-COAT-01", "羊毛混纺双面呢大衣 驼色 M", "apparel", "899.00"),
                     ("YX-TEE-02", "纯棉圆领短袖T恤 白色 L", "apparel", "79.00"),
                     ("YX-JEAN-03", "加绒直筒牛仔裤 深蓝 30", "apparel", "199.00"),
                     ("YX-BOOT-04", "真皮切尔西短靴 黑色 38", "shoes", "459.00")],
    "demo-shop-02": [("GK-EAR-01", "无线降噪蓝牙耳机 Pro", "electronics", "599.00"),
                     ("GK-CHG-02", "65W 氮化镓快充充电器", "electronics", "129.00"),
                     ("GK-PROJ-03", "4K 高清家用投影仪", "electronics", "2399.00"),
                     ("GK-WATCH-04", "智能手表 运动版 46mm", "electronics", "899.00")],
    "demo-shop-03": [("XW-NEST-01", "即食燕窝礼盒 6瓶装", "food", "368.00"),
                     ("XW-RICE-02", "五常稻花香大米 10kg", "food", "118.00"),
                     ("XW-MILK-03", "进口婴幼儿配方奶粉 3段 800g", "food", "298.00"),
                     ("XW-BEEF-04", "手撕风干牛肉干 500g", "food", "89.00")],
    "demo-shop-04": [("MJ-SERUM-01", "玻尿酸补水精华液 30ml", "cosmetics", "268.00"),
                     ("MJ-SUN-02", "清透防晒喷雾 SPF50+", "cosmetics", "99.00"),
                     ("MJ-LIP-03", "进口口红礼盒 5支装", "cosmetics", "520.00"),
                     ("MJ-CREAM-04", "美白淡斑面霜 50g", "cosmetics", "328.00")],
}

# external_id, username (None: a buyer known only from orders), name, mobile, address
CONSUMERS = [
    ("demo-c-01", "consumer1", "王丽华", "13812345601", "上海市徐汇区漕溪北路398号12楼1203室"),
    ("demo-c-02", "consumer2", "陈志强", "13912345602", "北京市朝阳区建国路88号SOHO现代城5号楼1806室"),
    ("demo-c-03", None, "刘晓燕", "15012345603", "广州市天河区天河路208号粤海天河城大厦2205室"),
    ("demo-c-04", None, "张伟", "18612345604", "杭州市西湖区文三路478号华星时代广场A座902室"),
    ("demo-c-05", None, "李娜", "13712345605", "成都市武侯区人民南路四段27号商鼎国际1栋1单元1508室"),
    ("demo-c-06", None, "赵磊", "18812345606", "南京市鼓楼区中山北路105号中环国际广场1702室"),
    ("demo-c-07", None, "孙静", "13612345607", "武汉市洪山区珞喻路129号光谷广场3栋601室"),
    ("demo-c-08", None, "周杰", "15912345608", "西安市雁塔区高新路52号高科大厦1001室"),
    ("demo-c-09", None, "吴敏", "17712345609", "深圳市南山区高新南七道R3-A栋502室"),
    ("demo-c-10", None, "郑浩", "13512345610", "重庆市渝中区民族路188号环球金融中心2308室"),
]

# username, role, name
STAFF = [
    ("agent1", Role.AGENT, "韩梅"),
    ("supervisor1", Role.SUPERVISOR, "高远"),
    ("compliance1", Role.COMPLIANCE, "宋文"),
    ("analyst1", Role.ANALYST, "钱明"),
    ("platform", Role.INTEGRATION, ""),
]


@dataclass(frozen=True)
class DemoOrder:
    order_no: str
    consumer: str  # external id
    shop: str  # external id
    skus: tuple[str, ...]
    received_days_ago: int


@dataclass(frozen=True)
class Case:
    """One complaint and the steps that bring it to its state. A step: (who, verb, payload)."""

    order_no: str
    category: str
    title: str
    description: str
    remedies_wanted: tuple[str, ...]
    amount_claimed: str
    steps: tuple[tuple[str, str, object], ...] = ()
    filed_by: str = "consumer"  # or an agent's username: a phone intake
    expected_status: str = ""
    evidence: tuple[tuple[str, str], ...] = field(default=())  # (file name, description), by the consumer


def _orders() -> list[DemoOrder]:
    """Thirty orders: one for each case below, then more history spread over stores and buyers (fixed seed)."""
    case_orders = [
        ("demo-c-01", "demo-shop-02", ("GK-EAR-01",), 5), ("demo-c-03", "demo-shop-04", ("MJ-SERUM-01",), 6),
        ("demo-c-02", "demo-shop-01", ("YX-COAT-01",), 4), ("demo-c-04", "demo-shop-02", ("GK-PROJ-03",), 9),
        ("demo-c-01", "demo-shop-01", ("YX-COAT-01", "YX-TEE-02"), 4), ("demo-c-05", "demo-shop-03", ("XW-NEST-01",), 3),
        ("demo-c-02", "demo-shop-02", ("GK-PROJ-03",), 12), ("demo-c-01", "demo-shop-03", ("XW-MILK-03",), 8),
        ("demo-c-06", "demo-shop-01", ("YX-JEAN-03",), 10), ("demo-c-07", "demo-shop-04", ("MJ-CREAM-04",), 15),
        ("demo-c-08", "demo-shop-02", ("GK-WATCH-04",), 11), ("demo-c-09", "demo-shop-01", ("YX-BOOT-04",), 14),
        ("demo-c-01", "demo-shop-04", ("MJ-LIP-03",), 13), ("demo-c-10", "demo-shop-03", ("XW-RICE-02",), 7),
        ("demo-c-02", "demo-shop-04", ("MJ-SUN-02",), 16), ("demo-c-03", "demo-shop-02", ("GK-CHG-02",), 3),
        ("demo-c-04", "demo-shop-03", ("XW-BEEF-04",), 2),
    ]
    orders = [DemoOrder(f"WQDEMO{i:04d}", *row) for i, row in enumerate(case_orders, start=1)]
    rng = random.Random(20261127)
    shops = [m[0] for m in MERCHANTS]
    for i in range(len(orders) + 1, 31):
        shop = shops[i % len(shops)]
        skus = tuple(sorted(rng.sample([p[0] for p in PRODUCTS[shop]], rng.choice([1, 1, 2]))))
        orders.append(DemoOrder(f"WQDEMO{i:04d}", CONSUMERS[i % len(CONSUMERS)][0], shop, skus, rng.randint(2, 40)))
    return orders


ORDERS = _orders()

_refusal = "经核查，该批次商品出厂检验合格，消费者反映的问题系使用不当造成，不同意退货。"
CASES = [
    Case("WQDEMO0001", "quality", "降噪耳机左耳没有声音",
         "收到耳机第二天左耳就完全没有声音，重新配对、恢复出厂设置都试过了，仍然无法使用，要求换新。",
         ("exchange",), "0", expected_status="submitted", evidence=(("左耳无声.png", "耳机配对界面截图"),)),
    Case("WQDEMO0002", "counterfeit", "精华液防伪码查询无记录，疑似假货",
         "精华液外包装的防伪码在品牌官网查询显示“无此编码”，质地和气味也与专柜购买的不同，怀疑是假货，要求退一赔三。",
         ("refund", "compensation"), "1072.00", expected_status="submitted",
         evidence=(("防伪查询结果.png", "品牌官网防伪查询结果"),)),
    Case("WQDEMO0003", "false_advertising", "大衣实物颜色与详情页严重不符",
         "详情页展示为浅驼色，收到的是明显偏黄的土黄色，面料成分标签写的羊毛含量也与页面宣传的 70% 不一致。",
         ("return", "refund"), "899.00", expected_status="needs_info",
         steps=(("agent1", "request_info", {"message": "请补充商品实物照片、成分标签照片以及下单时的商品详情页截图。"}),)),
    Case("WQDEMO0004", "quality", "投影仪发货后迟迟未安装",
         "购买投影仪时承诺免费上门安装，已经九天了还没有安排，客服一直说在排期。",
         ("other",), "0", expected_status="not_accepted",
         steps=(("agent1", "reject", {"reason": "handled_elsewhere", "explanation":
                                      "消费者已就同一争议向 12315 提出投诉并已被受理，平台不重复受理，请关注 12315 的处理进度。"}),)),
    Case("WQDEMO0005", "contract", "七天无理由退货被拒：吊牌未拆仍不给退",
         "签收第二天申请七天无理由退货，大衣吊牌、包装都完好，商家以“大衣属于贴身衣物”为由拒绝退货。",
         ("return", "refund"), "899.00", expected_status="awaiting_merchant",
         steps=(("agent1", "accept", {}),
                ("consumer", "message", "吊牌和包装袋都在，可以提供照片，请尽快处理。"))),
    Case("WQDEMO0006", "safety", "燕窝礼盒临近保质期且未在页面标注",
         "收到的燕窝礼盒距离保质期只剩 12 天，商品页面没有任何临期提示，担心食品安全。",
         ("refund",), "368.00", expected_status="awaiting_merchant",
         steps=(("agent1", "accept", {}),), evidence=(("生产日期.png", "包装上的生产日期和保质期"),)),
    Case("WQDEMO0007", "quality", "投影仪使用一周画面出现亮线",
         "投影仪正常使用一周后，画面中间出现一条竖向亮线，重启后依旧存在，影响观看。",
         ("exchange", "repair"), "0", expected_status="merchant_responded",
         steps=(("agent1", "accept", {}),
                ("merchant", "respond", {"kind": "offer", "reasons": "可能是光机故障，我们提供免费上门维修，三个工作日内完成。",
                                         "remedies": [{"kind": "repair", "amount": "0", "note": "免费上门维修光机"}]}))),
    Case("WQDEMO0008", "safety", "奶粉罐内发现黑色异物",
         "打开新买的奶粉罐，在奶粉中发现多个黑色颗粒状异物，孩子已经喝了两天，要求退款并说明原因。",
         ("refund", "compensation"), "3278.00", expected_status="in_mediation",
         steps=(("agent1", "accept", {}),
                ("merchant", "respond", {"kind": "refusal", "reasons": _refusal}),
                ("consumer", "escalate", {"reason": "商家拒绝处理，异物照片已经上传，请平台介入。"}),
                ("supervisor1", "assign", {"assignee": "agent1"}),
                ("agent1", "note", "已联系商家提供同批次检验报告，必要时送第三方检测。")),
         evidence=(("异物照片.png", "奶粉中的黑色异物"), ("购买凭证.pdf", "订单付款凭证"))),
    Case("WQDEMO0009", "quality", "牛仔裤第一次洗涤后严重褪色",
         "按照洗涤标签冷水手洗，第一次洗完就严重褪色，还把同洗的白衬衫染蓝了。",
         ("refund",), "199.00", expected_status="in_mediation",
         steps=(("agent1", "accept", {}),
                ("merchant", "respond", {"kind": "offer", "reasons": "牛仔面料初次洗涤轻微掉色属正常现象，可补偿 30 元。",
                                         "remedies": [{"kind": "compensation", "amount": "30.00"}]}),
                ("consumer", "reject_offer", {"reason": "不是轻微掉色，衣服已经没法穿，只补偿 30 元不合理。"}),
                ("supervisor1", "assign", {"assignee": "agent1"}))),
    Case("WQDEMO0010", "false_advertising", "面霜宣传“7天美白”无效且引起过敏",
         "商品页宣传“7天肉眼可见美白”，使用五天后脸部红肿过敏，去医院诊断为接触性皮炎。",
         ("refund", "compensation"), "1312.00", expected_status="decided",
         steps=(("agent1", "accept", {}),
                ("merchant", "respond", {"kind": "refusal", "reasons": "过敏属于个人体质问题，与产品质量无关，不同意退款。"}),
                ("consumer", "escalate", {"reason": "宣传与事实不符，且导致过敏就医，请平台裁决。"}),
                ("supervisor1", "assign", {"assignee": "agent1"}),
                ("agent1", "decide", {"outcome": "upheld", "rule_ids": ["R-CPL24-QUALITY"],
                                      "reasons": "商品宣传的“7天美白”功效无依据，且消费者提供了就医诊断，支持退货退款。",
                                      "remedies": [{"kind": "refund", "amount": "328.00", "rule_ids": ["R-CPL24-QUALITY"]}]})),
         evidence=(("诊断证明.pdf", "医院诊断证明"),)),
    Case("WQDEMO0011", "counterfeit", "智能手表是翻新机冒充新机",
         "手表激活时提示“设备已于一年前激活”，表带有使用痕迹，明显是翻新机，商家页面写的是全新国行。",
         ("refund", "compensation"), "3596.00", expected_status="appealed",
         steps=(("agent1", "accept", {}),
                ("merchant", "respond", {"kind": "refusal", "reasons": "我店所售均为全新正品，激活记录可能是系统错误。"}),
                ("consumer", "escalate", {"reason": "激活记录截图已上传，商家的说法不成立。"}),
                ("supervisor1", "assign", {"assignee": "agent1"}),
                ("agent1", "decide", {"outcome": "upheld", "rule_ids": ["R-PUN-CPL55"],
                                      "reasons": "激活记录证明商品曾被使用，商家以旧充新构成欺诈，支持退款并三倍赔偿。",
                                      "remedies": [{"kind": "refund", "amount": "899.00", "rule_ids": ["R-CPL24-QUALITY"]},
                                                   {"kind": "compensation", "amount": "2697.00",
                                                    "rule_ids": ["R-PUN-CPL55"]}]}),
                ("merchant", "appeal", {"reasons": "我们补充提供了出厂检测报告，商品为全新机，激活记录来自出厂检测。"}),
                ("supervisor1", "assign", {"assignee": "supervisor1"})),
         evidence=(("激活记录.png", "设备激活记录截图"),)),
    Case("WQDEMO0012", "quality", "真皮短靴穿了三次鞋底开胶",
         "短靴只穿了三次，左脚鞋底前掌位置完全开胶，走路进水。",
         ("exchange",), "0", expected_status="resolved",
         steps=(("agent1", "accept", {}),
                ("merchant", "respond", {"kind": "offer", "reasons": "非常抱歉，为您换一双新的，来回运费由我们承担。",
                                         "remedies": [{"kind": "exchange", "amount": "0", "note": "换新，运费商家承担"}]}),
                ("consumer", "accept_offer", {}))),
    Case("WQDEMO0013", "contract", "口红礼盒少发一支",
         "下单的是 5 支装口红礼盒，收到时礼盒内只有 4 支，外包装塑封完好，开箱视频已录。",
         ("refund",), "520.00", expected_status="resolved",
         steps=(("agent1", "accept", {}),
                ("merchant", "respond", {"kind": "refusal", "reasons": "仓库出库称重记录正常，无法确认少发。"}),
                ("consumer", "escalate", {"reason": "有完整开箱视频，可以证明少了一支。"}),
                ("supervisor1", "assign", {"assignee": "agent1"}),
                ("agent1", "decide", {"outcome": "partly_upheld", "rule_ids": ["R-CPL24-QUALITY"],
                                      "reasons": "开箱视频可证明少发一支，按单支价格退款 104 元。",
                                      "remedies": [{"kind": "refund", "amount": "104.00"}]}),
                ("consumer", "appeal", {"reasons": "礼盒不完整失去送礼意义，要求整单退货退款。"}),
                ("supervisor1", "decide_appeal", {"outcome": "upheld", "rule_ids": ["R-CPL24-QUALITY"],
                                                  "reasons": "礼盒作为整体销售，缺件导致合同目的不能实现，支持整单退货退款。",
                                                  "remedies": [{"kind": "refund", "amount": "520.00"}]}),
                ("merchant", "confirm_remedy", {"reference": "RF-DEMO-0013"}),
                ("consumer", "rate", {"score": 4, "comment": "复核结果公正，就是时间有点长。"}))),
    Case("WQDEMO0014", "safety", "大米开袋发现大量米虫",
         "10kg 大米开袋后发现大量米虫和虫蛀颗粒，生产日期是三个月前。",
         ("refund",), "118.00", expected_status="closed",
         steps=(("agent1", "accept", {}),
                ("merchant", "respond", {"kind": "offer", "reasons": "非常抱歉，全额退款并致歉，无需退回商品。",
                                         "remedies": [{"kind": "refund", "amount": "118.00"},
                                                      {"kind": "apology", "amount": "0"}]}),
                ("consumer", "accept_offer", {}),
                ("merchant", "confirm_remedy", {"reference": "RF-DEMO-0014"}),
                ("merchant", "confirm_remedy", {"reference": "书面致歉已发送"}),
                ("agent1", "close", {"reason": "处理结果已全部履行"}),
                ("consumer", "rate", {"score": 5, "comment": "退款很快，满意。"}))),
    Case("WQDEMO0015", "personal_data", "下单后频繁接到推销电话，怀疑个人信息被泄露",
         "在该店下单后的第二天起，每天接到多个推销化妆品的电话，对方能说出我的姓名和购买的商品。",
         ("apology", "other"), "0", expected_status="closed",
         steps=(("agent1", "accept", {}),
                ("merchant", "respond", {"kind": "offer", "reasons": "已排查客服和仓储人员的数据权限，并更换了合作快递面单打印方式。",
                                         "remedies": [{"kind": "apology", "amount": "0", "note": "书面致歉并说明整改措施"}]}),
                ("agent1", "note", "消费者电话确认接受商家的整改说明。"),
                ("agent1", "close", {"reason": "消费者电话确认接受整改说明"}))),
    Case("WQDEMO0016", "safety", "充电器使用时严重发烫",
         "充电器给手机充电十分钟后外壳烫手，担心起火。",
         ("return", "refund"), "129.00", expected_status="withdrawn",
         steps=(("consumer", "withdraw", {"reason": "商家已主动联系换货，撤回投诉。"}),)),
    Case("WQDEMO0017", "safety", "牛肉干包装胀袋仍在销售",
         "消费者来电反映：收到的牛肉干有两袋明显胀袋，打开后有酸味，担心变质。",
         ("refund",), "89.00", filed_by="agent1", expected_status="submitted"),
]


def _png(seed: int) -> bytes:
    """A small real PNG (a colour gradient), so that evidence passes the content check like a photo would."""
    width, height = 48, 32
    rows = b"".join(
        b"\x00" + bytes(v for x in range(width) for v in ((x * 5 + seed * 40) % 256, (y * 7) % 256, (seed * 90) % 256))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _pdf(title: str) -> bytes:
    """A one-page PDF with a line of text (ASCII: the built-in PDF fonts have no Chinese glyphs)."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 14 Tf 40 120 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@dataclass
class Seeded:
    created: dict[str, int] = field(default_factory=lambda: {"users": 0, "orders": 0, "complaints": 0})
    problems: list[str] = field(default_factory=list)


class DemoBuilder:
    def __init__(self) -> None:
        self.User = get_user_model()
        self.report = Seeded()
        self.now = timezone.now()

    def run(self) -> Seeded:
        self.accounts()
        self.orders()
        self.merchant_details_and_staff()
        for case in CASES:
            self.case(case)
        return self.report

    # accounts -----------------------------------------------------------------------------------------------
    def _staff(self, username: str, role: str, name: str, *, merchant=None, superuser: bool = False):
        user = self.User.objects.filter(username=username).first()
        if user is not None:
            return user
        make = self.User.objects.create_superuser if superuser else self.User.objects.create_user
        user = make(username=username, password=PASSWORD, email=f"{username}@demo.weiquan.invalid", role=role,
                    merchant=merchant)
        if name:
            user_set_personal_data(user=user, display_name=name)
        self.report.created["users"] += 1
        return user

    def accounts(self) -> None:
        for username, role, name in STAFF:
            self._staff(username, role, name)
        self._staff("admin", Role.ADMIN, "系统管理员", superuser=True)
        for external_id, username, name, phone, address in CONSUMERS:
            if username and not self.User.objects.filter(username=username).exists():
                consumer_register(username=username, password=PASSWORD, email=f"{username}@demo.weiquan.invalid",
                                  display_name=name, phone=phone, address=address, external_id=external_id)
                self.report.created["users"] += 1

    # orders -------------------------------------------------------------------------------------------------
    def orders(self) -> None:
        platform = self.User.objects.get(username="platform")
        existing = set(Order.objects.filter(order_no__in=[o.order_no for o in ORDERS]).values_list("order_no", flat=True))
        shops = {m[0]: m for m in MERCHANTS}
        people = {c[0]: c for c in CONSUMERS}
        for order in ORDERS:
            if order.order_no in existing:
                continue  # left as it is: re-seeding never moves an order's dates under its cases
            catalogue = {p[0]: p for p in PRODUCTS[order.shop]}
            lines = tuple(
                LineData(line_no=n, sku=sku, title=catalogue[sku][1], category=catalogue[sku][2], quantity=1,
                         unit_price=Decimal(catalogue[sku][3]), paid_amount=Decimal(catalogue[sku][3]))
                for n, sku in enumerate(order.skus, start=1)
            )
            received = self.now - timedelta(days=order.received_days_ago, hours=3)
            _, name, phone, address = people[order.consumer][1:]
            order_upsert(actor=platform, data=OrderData(
                order_no=order.order_no, consumer_external_id=order.consumer, merchant_external_id=order.shop,
                merchant_name=shops[order.shop][1], total_paid=sum((line.paid_amount for line in lines), Decimal(0)),
                placed_at=received - timedelta(days=2, hours=5), paid_at=received - timedelta(days=2, hours=4),
                shipped_at=received - timedelta(days=1, hours=20), received_at=received, lines=lines,
                consumer_name=name, consumer_phone=phone, consumer_address=address,
            ))
            self.report.created["orders"] += 1

    def merchant_details_and_staff(self) -> None:
        for external_id, _name, legal_name, uscc, category, username, staff_name in MERCHANTS:
            # Descriptive registration data only; governance (status, penalties) goes through its own services.
            Merchant.objects.filter(external_id=external_id, legal_name="").update(
                legal_name=legal_name, uscc=uscc, category=category)
            merchant = Merchant.objects.get(external_id=external_id)
            self._staff(username, Role.MERCHANT, staff_name, merchant=merchant)

    # cases --------------------------------------------------------------------------------------------------
    def case(self, case: Case) -> None:
        order = Order.objects.select_related("consumer", "merchant").get(order_no=case.order_no)
        if Complaint.objects.filter(order=order, title=case.title).exists():
            return
        try:
            with transaction.atomic():
                self._build(case, order)
        except Exception as exc:  # any refusal leaves this case out (rolled back) and the demo goes on
            self.report.problems.append(f"{case.order_no} {case.expected_status}: {type(exc).__name__}: {exc}")
            return
        self.report.created["complaints"] += 1

    def _who(self, who: str, order):
        if who == "consumer":
            return order.consumer
        if who == "merchant":
            return self.User.objects.filter(merchant=order.merchant, role=Role.MERCHANT).order_by("pk").first()
        return self.User.objects.get(username=who)

    def _build(self, case: Case, order) -> None:
        filer = self._who(case.filed_by, order)
        complaint = complaint_submit(
            actor=filer, order=order, line_ids=list(order.lines.values_list("pk", flat=True)), category=case.category,
            title=case.title, description=case.description, remedies_wanted=list(case.remedies_wanted),
            amount_claimed=case.amount_claimed, channel="web" if case.filed_by == "consumer" else "phone",
            received_at=None if case.filed_by == "consumer" else self.now - timedelta(hours=2),
        )
        for seed, (name, description) in enumerate(case.evidence, start=int(case.order_no[-2:])):
            content = _pdf(f"Weiquan demo evidence {case.order_no}") if name.endswith(".pdf") else _png(seed)
            evidence_add(actor=order.consumer, complaint_id=complaint.pk, name=name, content=content,
                         description=description)
        for who, verb, payload in case.steps:
            actor = self._who(who, order)
            if verb in ("message", "note"):
                message_post(actor=actor, complaint_id=complaint.pk, body=str(payload), staff_only=verb == "note")
                continue
            data = dict(payload)
            if verb == "assign":
                data = {"assignee_id": self._who(data.pop("assignee"), order).pk}
            if verb == "confirm_remedy":
                owed = complaint.remedies.filter(state=Remedy.State.ORDERED).order_by("pk").first()
                data["remedy_id"] = owed.pk if owed else None
            complaint = complaint_act(actor=actor, complaint_id=complaint.pk, action=verb, data=data)
        if case.expected_status and complaint.status != case.expected_status:
            raise RuntimeError(f"ended {complaint.status}, expected {case.expected_status}")


def seed_demo() -> Seeded:
    return DemoBuilder().run()


# Other apps' demo seeders, run after the platform above exists (they reuse its accounts, such as `compliance1` and
# `platform`). Each is idempotent and returns an object with `created` (dict of counts) and `problems` (list).
EXTRA_SEEDERS = [
    ("governance", "weiquan.merchants.demo.seed_governance_demo"),
    ("fair trading", "weiquan.fairtrade.demo.seed_fair_trading_demo"),
    ("knowledge", "weiquan.knowledge.demo.seed_knowledge_demo"),
    ("analytics", "weiquan.intake.demo.seed_batch_complaint_demo"),
    ("agencies", "weiquan.agencies.demo.seed_agency_demo"),
]


def seed_extras() -> list[tuple[str, object]]:
    return [(name, import_string(path)()) for name, path in EXTRA_SEEDERS]


LOGINS = [
    ("consumer1", "消费者 王丽华（4 件投诉）"),
    ("consumer2", "消费者 陈志强（3 件投诉）"),
    ("merchant1", "商家员工：优选服饰旗舰店"),
    ("merchant2", "商家员工：极客数码专营店"),
    ("merchant3", "商家员工：鲜味坊食品专营店"),
    ("merchant4", "商家员工：美肌之家美妆店"),
    ("agent1", "客服/调解员"),
    ("supervisor1", "主管（分派、申诉复核）"),
    ("compliance1", "合规专员"),
    ("analyst1", "分析师（投诉分析、导出）"),
    ("platform", "平台集成账户（API）"),
    ("admin", "超级管理员（/admin/）"),
]
