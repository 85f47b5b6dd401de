"""The assessment's points in the merchant's voice ("you" is the merchant): what the consumer may ask of it, what it
must do and by when, and where it may refuse.

One entry per point code, (tone, text), exactly the codes of `explain_consumer.TEXTS`: which points an answer gives,
with which rules and values, is decided once in `explain.py`, so the merchant is told the same law as the consumer.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TEXTS = {
    # 7-day no-reason return
    "nr_promise": ("info", _("您承诺过这类商品也可以无理由退货，应当遵守承诺。")),
    "nr_eligible": ("info", _("消费者在七日无理由退货期限内提出退货（最后一天 %(last)s，提出日 %(notice)s），您应当同意退货并"
                              "及时提供退货地址。")),
    "nr_out_of_window": ("info", _("消费者提出退货时已超过七日无理由退货期限（最后一天 %(last)s，提出日 %(notice)s），您可以拒绝"
                                   "无理由退货；有质量问题的，仍应依法处理。")),
    "nr_not_personal": ("info", _("消费者为经营目的购买，不适用七日无理由退货，您可以拒绝无理由退货。")),
    "nr_not_distance": ("info", _("这件商品不是通过网络、电视、电话或邮购销售的，不适用七日无理由退货。")),
    "excluded_customized": ("info", _("这是按消费者要求定作的商品，依法不适用七日无理由退货，您可以拒绝无理由退货。")),
    "excluded_fresh_perishable": ("info", _("这是鲜活易腐的商品，依法不适用七日无理由退货，您可以拒绝无理由退货。")),
    "excluded_digital": ("info", _("这是在线下载或已被拆封的数字化商品，依法不适用七日无理由退货，您可以拒绝无理由退货。")),
    "excluded_newspaper_periodical": ("info", _("已交付的报纸、期刊依法不适用七日无理由退货，您可以拒绝无理由退货。")),
    "nr_confirmed": ("info", _("消费者购买时已逐单确认这件商品不适用七日无理由退货，您可以拒绝无理由退货。")),
    "nr_not_complete": ("info", _("按描述，退回的商品已不完好，您可以拒绝无理由退货；请保留商品状况的照片等证据。")),
    "nr_no_receipt": ("info", _("缺少签收日期，暂时无法判断消费者是否在七日内提出退货。")),
    "nr_unconfirmed": ("no", _("这类商品只有在消费者购买时逐单确认后才不适用无理由退货；消费者没有确认，您不能以此拒绝。")),
    "nr_opened_ok": ("no", _("消费者拆封查验或为确认功能而合理调试，您不能以此拒绝退货。")),
    "refund_unknown": ("info", _("缺少实付金额，暂时无法计算您应退款的金额。")),
    "refund": ("info", _("您应当在收到退回商品之日起 7 日内退款 %(amount)s，原路退回；超过 15 日仍未退款的，将受到处罚。")),
    "refund_deducted": ("info", _("可以扣除：%(items)s。")),
    "shipping": ("info", _("无理由退货的退货运费由消费者承担，另有约定的除外。")),
    # Quality (CPL Art.24)
    "quality_within": ("info", _("商品不符合质量要求，消费者在收货后 7 日内提出：消费者可以选择退货、换货或修理，您应当按其选择"
                                 "办理，并承担运费等必要费用。")),
    "quality_after": ("info", _("商品不符合质量要求，已超过收货后 7 日：消费者可以要求换货或修理；符合法定解除合同条件的，仍可以"
                                "退货。运费等必要费用由您承担。")),
    "quality_unknown": ("info", _("商品不符合质量要求：消费者可以要求换货或修理，运费等必要费用由您承担；缺少签收日期，能否直接"
                                  "退货还需核实。")),
    "quality_excluded_goods": ("info", _("即使商品不适用无理由退货，有质量问题时您仍应依法退货、换货或修理。")),
    # Punitive compensation
    "if_established": ("info", _("如经查实，")),
    "pun_fabrication": ("info", _("消费者捏造事实或调换商品的，不能获得惩罚性赔偿。")),
    "pun_label_only": ("info", _("标签、说明书的瑕疵不影响安全、也不会误导消费者的，消费者不能要求惩罚性赔偿。")),
    "pun_injury": ("no", _("明知商品存在缺陷仍然提供，造成死亡或者健康严重损害的，除赔偿损失外，您还可能被判决支付所受损失"
                           "二倍以下的惩罚性赔偿（上限 %(cap)s），具体金额由法院确定。")),
    "pun_amount": ("no", _("您应当退还货款 %(price)s，并另行赔偿 %(amount)s（%(title)s）。")),
    "pun_no_basis": ("info", _("按目前的情况，消费者没有要求您支付惩罚性赔偿的依据。")),
    "pun_elect": ("info", _("这几种赔偿只能选择其一，不能叠加：%(items)s。")),
    "pun_platform": ("info", _("平台不能提供您的真实名称、地址和有效联系方式，消费者可以要求平台赔偿；平台赔偿后，可以向您追偿。")),
}
