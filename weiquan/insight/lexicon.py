"""Bilingual complaint lexicon: weighted phrases for the China Consumers Association categories, issue tags and
safety signals. It is the day-one classifier (no model needed) and a feature block of the learned one.

Each table line reads `weight tag: term / term / ...`. Chinese terms match as substrings; English terms match
whole words, and a trailing `*` matches any ending (refund* = refund, refunds, refunded). Weight 0 terms are
masks: a longer harmless phrase (火爆, 过敏性) that stops a shorter signal (火, 过敏) from matching inside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

CATEGORIES: tuple[str, ...] = (
    "quality",
    "safety",
    "price",
    "measurement",
    "counterfeit",
    "contract",
    "false_advertising",
    "personal_dignity",
    "after_sales",
    "personal_data",
    "other",
)
# Ties go to the category listed first: a safety signal outranks everything, specific harms outrank service.
_TIE_ORDER = {c: i for i, c in enumerate(("safety", "counterfeit", "personal_data", "personal_dignity",
                                          "measurement", "false_advertising", "price", "contract", "quality",
                                          "after_sales", "other"))}  # fmt: skip

URGENT_TAGS = frozenset(
    {"injury", "fire", "explosion", "electric_shock", "food_poisoning", "allergy", "choking", "poisoning", "medical"}
)

_TABLES = """
[safety]
3 fire: 引燃 / 点燃了 / 火苗 / 冒火花 / 火花 / 短路 / 烧黑 / 烧了一个洞 / 火灾 / 引发火灾 / 回火 / 燃起来 / 烧着了 / 把地毯烧 / 烧坏了插座
3 injury: 打伤 / 摔伤 / 磕破 / 摔倒 / 撞伤 / 刺伤 / 弄伤 / 划破 / 划伤了 / 咬伤 / 擦伤 / 扭伤 / 烫出 / 水泡 / 溃烂 / 灼伤 / 头破血流 / 缝了几针 / 伤到了 / 受了伤 / 摔下来
3 medical: 去医院 / 医院诊断 / 医院检查 / 医生说 / 打点滴 / 医药费 / 做了手术 / 手术 / 抢救 / 看急诊 / 就医
3 choking: 卡在喉咙 / 卡喉咙 / 呛到 / 差点吞下 / 误食 / 吞了
3 food_poisoning: 肚子疼 / 胃疼 / 恶心呕吐 / 上吐下泻 / 吃坏了
2 hazard: 失灵 / 翻车 / 差点出事 / 差点出大事 / 险些 / 非常危险 / 太危险 / 安全带 / 刹车 / 脱落 / 易脱落 / 小零件 / 刺鼻 / 心慌 / 头晕 / 呼吸困难 / 过热 / 断成两截 / 突然崩开 / 卡在里面
3 explosion: 爆炸 / 炸了 / 炸裂 / exploded / explosion / explode*
3 fire: 起火 / 着火 / 自燃 / 冒烟 / 烧起来 / 烧焦 / caught fire / on fire / burst into flames / started a fire
3 electric_shock: 漏电 / 触电 / 电到人 / 被电到 / 电击 / electric shock / electrocut*
3 injury: 受伤 / 烫伤 / 烧伤 / 割伤 / 砸伤 / 夹伤 / 骨折 / 流血 / 伤到 / 伤口 / injured / injury / injuries / burned me / was burned / got burned / burned my hand / burned my skin / burns / laceration* / bleeding
3 food_poisoning: 食物中毒 / 吃坏肚子 / 拉肚子 / 腹泻 / 上吐下泻 / 呕吐 / food poisoning / diarrhea / vomiting / vomited
3 allergy: 过敏 / 皮疹 / 红肿 / 起疹子 / 起红疹 / allergic reaction / allergy / anaphylax* / rash
3 choking: 窒息 / 误吞 / 吞下 / 卡喉 / 噎住 / choking / choked / swallowed / suffocat*
3 poisoning: 中毒 / 有毒 / 毒性 / toxic / poisoning / poisoned
3 medical: 住院 / 送医 / 急诊 / 进了医院 / 送到医院 / hospitalized / emergency room
2 hazard: 安全隐患 / 安全问题 / 危险 / 甲醛超标 / 甲醛 / 致癌 / 重金属超标 / 尖锐 / 电池鼓包 / 鼓包 / safety hazard / fire hazard / dangerous / hazard* / sparks / sparking / lead paint / product recall
1 hazard: 过热 / 发烫 / 烫手 / overheat*
2 foreign_object: 异物 / 玻璃渣 / 吃出 / 头发丝 / 铁丝 / foreign object / glass in / bug in / worm in
2 spoiled_food: 过期食品 / 食品过期 / 变质 / 发霉 / 霉变 / 馊了 / 腐烂 / expired food / spoiled / moldy / mouldy / rotten
1 spoiled_food: 过期 / 保质期 / expired
1 foreign_object: 虫子 / 苍蝇 / 蟑螂
0 -: 过敏性 / 着火车 / 令人窒息 / 电脑中毒 / 火爆 / 爆款 / 爆满 / 爆料 / 火车 / 火速 / 炸鸡 / 油炸 / 危险期 / 中毒太深 / 毒舌 / rash decision

[quality]
2 defect: 刚买回来就 / 刚买就 / 没多久就 / 不到一个月 / 用了不到 / 才用了 / 没用多久 / 噪音大 / 噪音特别大 / 噪音很大 / 竖线 / 横线 / 坏点 / 黑点 / 卡纸 / 失灵 / 不灵敏 / 识别失败 / 滴水 / 渗水 / 接触不良 / 跑绒 / 开胶 / 塌陷 / 色差 / 报错 / 停机 / 不准 / 没有声音 / 没声音 / 掉链 / 卡住 / 吸力 / 不出水 / 不转 / 有问题
1 defect: 拍照模糊 / 模糊 / 经常 / 问题依旧
3 poor_quality: 质量太差 / 质量很差 / 质量差 / 质量不好 / 质量问题 / 质量有问题 / 做工粗糙 / 做工差 / 做工很差 / 次品 / 残次品 / 劣质 / poor quality / low quality / bad quality / shoddy / cheaply made
3 damaged_on_arrival: 收到就坏 / 收到就是坏的 / 到手就坏 / 刚收到就 / 开箱就坏 / 拆开就坏 / 收到时已经坏 / 破损 / 碎了 / arrived broken / arrived damaged / dead on arrival / damaged in shipping
3 defect: 坏了 / 坏掉 / 用了几天就坏 / 没用几天就坏 / 不能用 / 无法使用 / 用不了 / 故障 / 死机 / 黑屏 / 蓝屏 / 花屏 / 不开机 / 开不了机 / 充不进电 / 不充电 / 不制冷 / 不加热 / 漏水 / 漏气 / 开裂 / 裂开 / 裂缝 / 断了 / 脱胶 / 掉漆 / 掉色 / 褪色 / 起球 / 变形 / 异响 / 瑕疵 / 划痕 / 划伤 / 缺页 / 少页 / 掉页 / 印刷模糊 / 错页 / 卡顿 / 松动 / defective / defect* / broken / broke / stopped working / does not work / doesn't work / not working / malfunction* / faulty / cracked / torn / fell apart / leak* / scratched
1 poor_quality: 质量 / 做工 / 不耐用 / quality

[price]
3 overcharge: 手续费 / 服务费 / 逾期费 / 餐具费 / 打包费 / 会员费 / 保险费 / 违约金 / 自动扣费 / 扣了我 / 被扣 / 被扣了 / 扣除 / 代扣 / 免密支付 / 扣钱 / 扣款 / 多扣 / 额外费用 / 附加费 / 税费 / 封顶费用 / 续费 / 计费 / 收取了 / 多出来 / 莫名扣
3 price_protection: 价格保护 / 价保 / 保价 / 退差价 / 差价 / 降价了 / 便宜了 / 最低价 / 买贵退差
2 price: 费用 / 多收 / 收费 / 收取
3 price_fraud: 价格欺诈 / 先涨后降 / 先提价后降价 / 先涨价再降价 / 虚构原价 / 虚假原价 / 原价虚高 / 虚标原价 / 假打折 / 虚假打折 / 价格陷阱 / 大数据杀熟 / 杀熟 / 价格歧视 / price gouging / fake discount / inflated original price / price discrimination
3 overcharge: 多收钱 / 多收费 / 多收了 / 多扣钱 / 多扣了 / 乱收费 / 重复扣款 / 重复收费 / 扣了两次 / 收了两次 / 私自扣费 / 乱扣费 / 隐形收费 / 隐性收费 / 额外收费 / 强制收费 / 不明扣费 / 收费不合理 / 天价 / overcharg* / charged twice / double charged / hidden fee* / surcharge* / unauthorized charge* / extra charge*
2 price_change: 降价 / 涨价 / 价格不一致 / 标价 / 不明码标价 / 结账价格 / 差价 / 退差价 / 价保 / 保价 / 比别家贵 / 加价 / price drop / price increase / raised the price / price match / price difference
1 price: 价格 / 价钱 / 收费 / 扣费 / 费用 / price / pricing / fee / fees / charged

[measurement]
3 short_weight: 称了一下 / 称重只有 / 称重 / 实际测量 / 量了只有 / 实际量了 / 只有四斤 / 只剩 / 缺秤 / 不够秤 / 冰衣 / 实际重量 / 实际称 / 电子秤 / 少了一公斤 / 短秤
3 short_weight: 缺斤少两 / 短斤缺两 / 缺斤短两 / 分量不足 / 份量不足 / 分量不够 / 份量不够 / 克数不足 / 重量不足 / 重量不够 / 少称 / 短秤 / 缺秤 / 鬼秤 / 净含量不足 / 容量不足 / 面积缩水 / 实际面积 / 长度不够 / 少了几克 / short weight / underweight / short measure / rigged scale / less than the stated weight
2 measure: 分量少 / 份量少 / 称重 / 斤两 / 净含量 / 实际重量 / 少了一半 / 缩水 / 尺寸不符 / 尺寸不对 / 容量 / weighed / net weight / fewer than stated / smaller than stated

[counterfeit]
3 fake_goods: 假酒 / 不是原装 / 不是原厂 / 非原装 / 非原厂 / 冒充 / 改装过 / 不是真品 / 不是真正的 / 疑似假 / 仿品 / 盗版 / 来源不明 / 贴了品牌标签 / 冒用品牌 / 不是正品 / 查询无效 / 查不到 / 二次封口 / 以次充好 / 冒牌货 / 白牌
2 fake_goods: 序列号 / 防伪 / 批号 / 官网查 / 鉴定机构 / 专柜 / 检测出来是
3 fake_goods: 假货 / 买的是假货 / 买到假货 / 假冒 / 仿冒 / 山寨 / 高仿 / 冒牌 / a货 / 不是正品 / 非正品 / 鉴定为假 / 验货是假 / 假冒伪劣 / 三无产品 / 冒充正品 / 以假充真 / counterfeit / knockoff / knock-off / fake product / fake item / fake brand / not genuine / not authentic / replica / imitation
3 refurbished: 翻新机 / 翻新货 / 二手货 / 以旧充新 / 被人用过 / 别人用过的 / 旧货 / refurbished sold as new / used item sold as new / sold as new
2 fake_goods: 假的 / 正品 / 专柜验货 / 防伪码 / 鉴定 / fake / authentic / genuine

[contract]
3 fake_shipping: 虚假发货 / 假单号 / 空单号 / 空包 / 虚假物流 / 填了单号 / 单号显示 / 没有揽收 / 待揽收 / 已揽件 / 没有任何轨迹 / 没有轨迹 / 物流没有 / 标记已发货 / 显示已发货 / 显示发货 / 根本没发 / 没有发出 / 重复使用的单号 / 查不到的小公司 / 轨迹
3 unfair_terms: 霸王 / 最终解释权 / 概不退款 / 一律不退 / 不可取消 / 不可退款 / 不得转让 / 不得退卡 / 不可提现 / 过期作废 / 免责声明 / 不承担任何责任 / 不承担责任 / 单方面修改 / 随时修改 / 格式条款 / 合同规定 / 合同里 / 协议规定 / 协议里 / 条款规定 / 规则写着 / 一经售出 / 拆封不退 / 默认勾选 / 捆绑 / 只能换不能退 / 不能要求赔偿 / 不得要求
1.5 contract: 规定 / 写明
1 delivery_delay: 单号 / 快递单号 / 发货
3 no_delivery: 不发货 / 拒不发货 / 迟迟不发货 / 一直不发货 / 拒绝发货 / 未发货 / 没发货 / 砍单 / 不给发货 / 没收到货 / 未收到货 / 收不到货 / 一直没收到 / 还没收到 / 还没有收到 / 没有收到 / never delivered / never shipped / not delivered / did not deliver / didn't deliver / never received / did not receive / didn't receive / never arrived
3 unfair_terms: 霸王条款 / 格式条款 / 不合理条款 / 单方面 / 最终解释权 / 强制消费 / 捆绑销售 / 强制搭售 / 自动续费 / 默认勾选 / unfair terms / fine print / auto-renew* / automatically renewed / binding arbitration
3 deposit_not_refunded: 定金不退 / 订金不退 / 押金不退 / 不退定金 / 不退订金 / 不退押金 / 预付款不退 / 预付卡 / 办卡 / 跑路 / 关门跑路 / 倒闭 / non-refundable deposit / kept my deposit / deposit back / prepaid
3 breach: 违约 / 毁约 / 擅自取消 / 单方取消 / 取消订单 / 承诺不兑现 / 不履行 / 不认账 / 发错货 / 发错了 / 少发 / 漏发 / 货不全 / 少了一本 / 少了一件 / 只收到 / breach of contract / cancelled my order / canceled my order / refused to honor / wrong item / missing item* / incomplete order
2 delivery_delay: 送货慢 / 发货慢 / 配送慢 / 物流慢 / 快递慢 / 延迟发货 / 超时 / 迟迟没有 / 物流 / 快递 / 还没到 / 没送到 / 催了 / late delivery / delayed / delivery / shipping / tracking
1 contract: 合同 / 协议 / 条款 / 会员 / 订单 / 订购 / contract / agreement / terms / subscription / membership / order

[false_advertising]
3 misleading_ad: 宣称 / 号称 / 页面写着 / 页面写的 / 详情页写 / 详情页显示 / 标题写着 / 宣传写 / 宣传说 / 广告说 / 广告宣称 / 主播说 / 说是 / 图片是 / 宣传图 / 与实际不符 / 和实际不符 / 实物 / 到手发现 / 实测 / 仅供参考 / 同款 / 夸大 / 商品页面显示 / 页面显示的是 / 认证编号 / 不达标
2 misleading_ad: 写着 / 写的是 / 标注 / 标称 / 显示的是 / 实际 / 其实
3 misleading_ad: 虚假宣传 / 宣传的功效 / 功效根本没有 / 夸大宣传 / 夸大其词 / 与宣传不符 / 和宣传不符 / 跟宣传不符 / 与描述不符 / 和描述不符 / 与介绍不符 / 货不对板 / 实物与图片不符 / 与图片不符 / 和图片不一样 / 名不副实 / 虚假广告 / 广告欺诈 / 误导消费者 / 欺骗消费者 / 挂羊头卖狗肉 / 虚标 / false advertising / misleading / not as described / not as advertised / misrepresent* / deceptive / bait and switch / exaggerated claims
2 fake_reviews: 刷单 / 好评返现 / 虚假好评 / 刷好评 / fake reviews / paid reviews
2 misleading_ad: 宣传 / 功效 / 没有效果 / 没效果 / 根本没用 / 毫无效果 / 不是宣传的 / 骗人 / 忽悠 / 欺骗 / 上当 / 被骗 / advertised / advertisement / scam* / lied / misled
1 misleading_ad: 广告 / 图片 / 描述 / 介绍

[personal_dignity]
3 verbal_abuse: 辱骂 / 骂人 / 骂我 / 侮辱 / 羞辱 / 人身攻击 / 爆粗口 / 脏话 / insulted / verbal abuse / verbally abused / yelled at me / cursed at me / humiliat*
3 body_search: 搜身 / 搜包 / 强行搜查 / 翻包 / 限制人身自由 / 不让走 / searched my bag / body search / strip search* / detained
3 discrimination: 歧视 / 区别对待 / 看不起 / discriminat* / racist / racial
3 threat: 殴打 / 打人 / 动手打 / 威胁 / 恐吓 / 推搡 / assault* / threatened / threatening
1 disrespect: 嘲笑 / 讽刺 / 白眼 / 冷嘲热讽 / 不尊重 / disrespect* / mocked

[after_sales]
3 refund_refused: 没退 / 还没退 / 不肯退 / 不退钱 / 不给退钱 / 钱没到账 / 没到账 / 没有到账 / 不退回 / 不肯把钱退 / 一分钱都没 / 退款申请被驳回 / 退款被拒 / 拒绝退款 / 不给退款 / 只退了 / 退款显示 / 钱退到 / 退款按钮 / 迟迟不操作 / 不执行 / 钱卡在 / 剩余费用 / 不退剩余
3 return_refused: 拒收 / 不予受理 / 退货申请被 / 退货被拒 / 拒绝退货 / 不支持退换 / 不参加七天 / 不退不换 / 不能退了 / 拒绝无理由 / 超过退货期限 / 七天内 / 无理由
3 unresponsive: 没人接 / 无人接听 / 没人处理 / 没有下文 / 再也没有下文 / 不回消息 / 已读不回 / 没有任何回复 / 没有回复 / 没有回应 / 联系不上 / 无法接通 / 打不通 / 转人工 / 机器人 / 自动回复 / 排队 / 踢皮球 / 放鸽子 / 拉黑 / 报修 / 工单 / 答非所问 / 模板话术 / 敷衍 / 留言 / 占线 / 离线 / 没人回复 / 不回复 / 空号 / 客服电话 / 售后电话 / 上门师傅
1.5 return_refund: 退货 / 退款 / 退钱 / 退回
3 return_refused: 拒绝七天无理由 / 七天无理由 / 7天无理由 / 无理由退货 / 拒绝退货 / 不给退 / 不予退货 / 不让退 / 不能退 / 退不了 / 不给退货 / 拒绝退换 / refused to accept the return / refused my return / no-reason return / 7-day return / return policy / restocking fee
3 refund_refused: 拒绝退款 / 不退款 / 不给退款 / 退款难 / 迟迟不退款 / 没有退款 / 还没有退款 / 没收到退款 / 没有收到退款 / 退款失败 / refused to refund / refused a refund / no refund / never refunded / still no refund / refund was denied / denied my refund
3 repair_refused: 不给换 / 不给修 / 拒绝维修 / 拒绝保修 / 不予保修 / 不保修 / 保修期内 / 三包 / 返修 / 维修多次 / 修了几次 / refused to repair / warranty claim / denied the warranty / not covered by warranty
1 unresponsive: 推诿 / 踢皮球 / 不处理 / 不予处理 / 不理睬 / 不理不睬 / 不回复 / 没人回复 / 无人回复 / 联系不上 / 打不通 / 电话打不通 / 一直占线 / 客服不回 / 投诉无门 / 敷衍 / 态度恶劣 / 态度极差 / 态度很差 / 态度差 / 服务差 / 服务太差 / 服务态度 / no response / never responded / ignored / runaround / run around / rude / unhelpful / put on hold
1 return_refund: 退货 / 退款 / 换货 / 退换 / 售后 / 保修 / 维修 / 质保 / 补发 / 赔偿 / 理赔 / refund* / return* / exchange / replacement / warranty / repair* / customer service / compensation
0.5 service: 客服 / 服务 / 投诉 / support / complaint

[personal_data]
3 data_leak: 我的信息 / 信息被 / 滥用 / 第三方 / 购物偏好 / 身份证正反面 / 人脸信息 / 个人信息 / 购买记录 / 推销群 / 通讯录 / 定位权限 / 强制要求获取 / 绑定到了其他账号 / 收货地址和电话 / 姓名电话 / 没有删除 / 历史订单和地址
3 data_leak: 泄露 / 泄漏 / 个人信息 / 信息泄露 / 隐私 / 倒卖 / 卖了我的信息 / 信息被卖 / 被泄露 / 身份证信息 / 过度收集 / 索取权限 / 人脸识别 / 冒充客服 / 注销账号 / 注销不了 / 账号被盗 / 盗号 / account was hacked / hacked / personal information / personal data / data breach / leaked / privacy / sold my data / shared my data / identity theft / without my consent / my information
3 harassment_calls: 骚扰电话 / 电话骚扰 / 推销电话 / 骚扰短信 / 短信骚扰 / 垃圾短信 / 营销短信 / 诈骗电话 / 陌生电话 / 不停打电话 / 一直打电话 / 天天打电话 / spam calls / robocall* / harassing calls / harassing phone calls / telemarketing / unsolicited calls / calling me repeatedly
2 personal_data: 骚扰 / harass* / credit report / credit file
1 personal_data: 电话号码 / 手机号 / 联系方式 / phone number
"""
# Child words raise urgency together with a safety signal, not on their own.
_CHILD_TERMS = ("儿童 / 孩子 / 小孩 / 宝宝 / 婴儿 / 幼儿 / 宝贝 / 女儿 / 儿子 / 学生 / 孕妇 / 老人 / child / children / "
                "kid / kids / baby / babies / toddler / infant / my son / my daughter / pregnant")  # fmt: skip
# A Chinese or English word directly in front of a term that denies it (不是假货, not counterfeit).
_NEGATED_BEFORE = re.compile(
    r"(?:不是|并非|并不是|不属于|不存在|没发现|未发现|没有发现|绝对不是|(?<![a-z])(?:not|isn't|wasn't|never)(?:\s(?:a|an|the))?)\s?$"
)
_CJK = re.compile(r"[\u3400-\u9fff]")


class Term(NamedTuple):
    category: str
    weight: float
    tag: str


@dataclass(frozen=True)
class LexiconResult:
    scores: dict[str, float] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    urgent: bool = False

    @property
    def category(self) -> str:
        if not self.scores:
            return "other"
        return min(self.scores, key=lambda c: (-self.scores[c], _TIE_ORDER[c]))

    @property
    def suggestion(self) -> str | None:
        """The category to suggest, or None (abstain) when no phrase of any category was found: `other` is a
        judgement that a complaint fits no category, not a shrug."""
        return self.category if self.scores else None

    @property
    def confidence(self) -> float:
        """Share of the evidence behind the winner, damped so one weak word never looks certain."""
        if not self.scores:
            return 0.1
        return round(self.scores[self.category] / (sum(self.scores.values()) + 1.0), 4)


def normalize(text: str) -> str:
    """Full-width to half-width, lower case: the form the lexicon and the features both see."""
    return unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")


def _parse_tables() -> dict[str, Term]:
    terms: dict[str, Term] = {}
    category = ""
    for raw in _TABLES.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("["):
            category = line.strip("[]")
            continue
        head, _, body = line.partition(":")
        weight, tag = head.split()
        for term in body.split("/"):
            key = normalize(" ".join(term.split()))
            # The first (stronger, more specific) line that lists a term owns it.
            terms.setdefault(key, Term(category if float(weight) else "-", float(weight), tag))
    for term in _CHILD_TERMS.split("/"):
        terms.setdefault(normalize(term.strip()), Term("-", 0.0, "child"))
    return terms


def _trie_pattern(words: list[str]) -> str:
    """A regex that matches any of `words`, built as a trie so the engine never retries a shared prefix."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


TERMS = _parse_tables()


def _compile() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Two patterns, not one alternation: a pattern that starts with a plain trie lets the engine skip every
    # position whose character cannot start a term, which is ten times faster on long English narratives.
    zh = [t for t in TERMS if _CJK.search(t)]
    en_word = [t for t in TERMS if not _CJK.search(t) and not t.endswith("*")]
    en_prefix = [t[:-1] for t in TERMS if not _CJK.search(t) and t.endswith("*")]
    english = rf"(?<![a-z])(?:(?:{_trie_pattern(en_word)})(?![a-z])|(?:{_trie_pattern(en_prefix)})[a-z]*)"
    return re.compile(_trie_pattern(zh)), re.compile(english)


_ZH_PATTERN, _EN_PATTERN = _compile()
_LATIN = re.compile(r"[a-z]")
_PREFIX_TERMS = {t[:-1]: t for t in TERMS if t.endswith("*")}


def _lookup(match: str) -> tuple[str, Term] | None:
    term = TERMS.get(match)
    if term is not None:
        return match, term
    # A prefix term matched with an ending (refunded): find the longest stem it starts with.
    for cut in range(len(match), 0, -1):
        key = _PREFIX_TERMS.get(match[:cut])
        if key is not None:
            return key, TERMS[key]
    return None


def analyze(text: str) -> LexiconResult:
    """Lexicon scores per category, issue tags, the urgent flag and the phrases that drove them."""
    return analyze_normalized(normalize(text))


def analyze_normalized(norm: str) -> LexiconResult:
    """`analyze` for text that has already been through `normalize`."""
    scores: dict[str, float] = {}
    tags: dict[str, None] = {}
    evidence: dict[str, None] = {}
    seen: set[str] = set()
    child = urgent = False
    safety_weight = 0.0
    matches = []
    if _CJK.search(norm):
        matches += _ZH_PATTERN.finditer(norm)
    if _LATIN.search(norm):
        matches += _EN_PATTERN.finditer(norm)
    for m in matches:
        found = _lookup(m.group())
        if found is None:
            continue
        key, term = found
        if term.tag == "child":
            child = True
            continue
        if term.weight == 0 or key in seen or _NEGATED_BEFORE.search(norm, max(0, m.start() - 6), m.start()):
            continue
        seen.add(key)
        scores[term.category] = scores.get(term.category, 0.0) + term.weight
        tags[term.tag] = None
        evidence[m.group()] = None
        if term.category == "safety":
            safety_weight = max(safety_weight, term.weight)
        urgent = urgent or term.tag in URGENT_TAGS
    if child and safety_weight >= 2:
        urgent = True
        tags["child"] = None
    return LexiconResult(scores, list(tags), list(evidence), urgent)


def feature_vector(result: LexiconResult) -> list[float]:
    """Fixed-order numeric view for the learned model: damped score per category, then urgent."""
    return [min(result.scores.get(c, 0.0), 6.0) / 6.0 for c in CATEGORIES[:-1]] + [float(result.urgent)]
