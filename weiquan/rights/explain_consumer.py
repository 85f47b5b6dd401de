"""The assessment's points in the consumer's voice ("you" is the consumer): what they may ask for and by when.

One entry per point code, (tone, text); `explain_merchant.TEXTS` words the same points for the merchant. Which points
an answer gives, with which rules and values, is decided once in `explain.py`, so both readers are told the same law.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TEXTS = {
    # 7-day no-reason return
    "nr_promise": ("yes", _("商家承诺这类商品也可以无理由退货，应当遵守承诺。")),
    "nr_eligible": ("yes", _("可以七日无理由退货：期限从签收次日起算，最后一天是 %(last)s，您在 %(notice)s 提出，在期限内。")),
    "nr_out_of_window": ("no", _("已超过七日无理由退货期限：最后一天是 %(last)s，您在 %(notice)s 才提出。")),
    "nr_not_personal": ("no", _("七日无理由退货只保护为生活消费购买的商品，为经营购买的不适用。")),
    "nr_not_distance": ("no", _("七日无理由退货只适用于网购、电视购物、电话购物和邮购，在实体店购买的不适用。")),
    "excluded_customized": ("no", _("按您的要求定作的商品，依法不适用七日无理由退货。")),
    "excluded_fresh_perishable": ("no", _("鲜活易腐的商品，依法不适用七日无理由退货。")),
    "excluded_digital": ("no", _("在线下载或您已拆封的音像制品、计算机软件等数字化商品，依法不适用七日无理由退货。")),
    "excluded_newspaper_periodical": ("no", _("已交付的报纸、期刊，依法不适用七日无理由退货。")),
    "nr_confirmed": ("no", _("您购买时已逐单确认这件商品不适用七日无理由退货。")),
    "nr_not_complete": ("no", _("退回的商品应当完好；按您描述的情况，商品已不完好，商家可以拒绝无理由退货。")),
    "nr_no_receipt": ("info", _("还不能判断是否在七天内：缺少签收日期。")),
    "nr_unconfirmed": ("yes", _("这类商品只有在您购买时逐单确认后才不适用无理由退货；您没有确认，商家不能以此拒绝。")),
    "nr_opened_ok": ("yes", _("拆封查验或为确认功能而合理调试，不影响退货。")),
    "refund_unknown": ("info", _("退款金额无法计算：请提供实付金额。")),
    "refund": ("yes", _("应退款 %(amount)s：商家应在收到退回商品之日起 7 日内退款，超过 15 日仍未退款属于违法行为。")),
    "refund_deducted": ("yes", _("已扣除：%(items)s。")),
    "shipping": ("info", _("退货运费由您承担，另有约定的除外。")),
    # Quality (CPL Art.24)
    "quality_within": ("yes", _("商品不符合质量要求，且在收货后 7 日内：您可以选择退货、换货或修理，运费等必要费用由商家承担。")),
    "quality_after": ("yes", _("商品不符合质量要求：已超过收货后 7 日，您可以要求换货或修理；符合法定解除合同条件的，仍可以退货。"
                               "运费等必要费用由商家承担。")),
    "quality_unknown": ("yes", _("商品不符合质量要求：您可以要求换货或修理；缺少签收日期，无法判断能否在 7 日内直接退货。"
                                 "运费等必要费用由商家承担。")),
    "quality_excluded_goods": ("info", _("不适用无理由退货的商品，有质量问题时仍可以依法退货、换货或修理。")),
    # Punitive compensation
    "if_established": ("info", _("如经查实，")),
    "pun_fabrication": ("no", _("捏造事实、调换商品等情形不能获得惩罚性赔偿。")),
    "pun_label_only": ("no", _("标签、说明书的瑕疵不影响安全、也不会误导消费者的，不能要求惩罚性赔偿。")),
    "pun_injury": ("info", _("商家明知商品存在缺陷仍然提供，造成死亡或者健康严重损害的，除赔偿损失外，您还可以要求所受损失"
                             "二倍以下的惩罚性赔偿，具体金额由法院确定（上限 %(cap)s）。")),
    "pun_amount": ("yes", _("您可以要求退还货款 %(price)s，另外要求赔偿 %(amount)s（%(title)s）。")),
    "pun_no_basis": ("no", _("按您描述的情况，没有要求惩罚性赔偿的依据。")),
    "pun_elect": ("info", _("这几种赔偿只能选择其一，不能叠加：%(items)s。")),
    "pun_platform": ("info", _("平台不能提供商家的真实名称、地址和有效联系方式，您也可以向平台要求赔偿。")),
}
