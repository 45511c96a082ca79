#!/usr/bin/env python3
"""Writes a county-sized service catalog (2 000 items) for tests and benches.

Names are built from real kinds of county services (an object and an action on it), each word
with its pinyin written here, so every item carries its full pinyin and initials as the
platform's catalog does (the kiosk has no pinyin dictionary). Deterministic: the same output
every run. Usage: gen_county_catalog.py [OUT] (default tests/data/county-catalog.json).
"""
import json
import random
import sys

# Departments of a county government: (code, zh, en, address, hours).
DEPARTMENTS = [
    ("rs", "人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("yb", "医疗保障局", "Healthcare Security Administration"),
    ("ga", "公安局", "Public Security Bureau"),
    ("mz", "民政局", "Civil Affairs Bureau"),
    ("zj", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    ("zr", "自然资源和规划局", "Natural Resources and Planning Bureau"),
    ("sc", "市场监督管理局", "Market Regulation Administration"),
    ("sw", "税务局", "Taxation Bureau"),
    ("jy", "教育局", "Education Bureau"),
    ("wj", "卫生健康委员会", "Health Commission"),
    ("jt", "交通运输局", "Transport Bureau"),
    ("nn", "农业农村局", "Agriculture and Rural Affairs Bureau"),
    ("hb", "生态环境局", "Ecology and Environment Bureau"),
    ("sl", "水务局", "Water Affairs Bureau"),
    ("wl", "文化广电旅游体育局", "Culture, Tourism and Sports Bureau"),
    ("tj", "退役军人事务局", "Veterans Affairs Bureau"),
    ("cl", "残疾人联合会", "Disabled Persons' Federation"),
    ("gjj", "住房公积金管理中心", "Housing Provident Fund Centre"),
    ("yj", "应急管理局", "Emergency Management Bureau"),
    ("sf", "司法局", "Justice Bureau"),
]
PINYIN_DEPT = {
    "rs": "ren li zi yuan he she hui bao zhang ju", "yb": "yi liao bao zhang ju",
    "ga": "gong an ju", "mz": "min zheng ju", "zj": "zhu fang he cheng xiang jian she ju",
    "zr": "zi ran zi yuan he gui hua ju", "sc": "shi chang jian du guan li ju",
    "sw": "shui wu ju", "jy": "jiao yu ju", "wj": "wei sheng jian kang wei yuan hui",
    "jt": "jiao tong yun shu ju", "nn": "nong ye nong cun ju", "hb": "sheng tai huan jing ju",
    "sl": "shui wu ju", "wl": "wen hua guang dian lv you ti yu ju",
    "tj": "tui yi jun ren shi wu ju", "cl": "can ji ren lian he hui",
    "gjj": "zhu fang gong ji jin guan li zhong xin", "yj": "ying ji guan li ju", "sf": "si fa ju",
}

# Objects: (department, zh, pinyin syllables, en, keywords).
OBJECTS = [
    ("rs", "社会保障卡", "she hui bao zhang ka", "social security card", ["社保卡", "社保"]),
    ("rs", "参保证明", "can bao zheng ming", "insurance enrolment certificate", ["社保", "证明"]),
    ("rs", "失业保险金", "shi ye bao xian jin", "unemployment benefit", ["失业", "社保"]),
    ("rs", "城乡居民养老保险", "cheng xiang ju min yang lao bao xian", "residents' pension insurance", ["养老", "社保"]),
    ("rs", "职业技能等级证书", "zhi ye ji neng deng ji zheng shu", "vocational skill certificate", ["技能", "证书"]),
    ("rs", "就业创业证", "jiu ye chuang ye zheng", "employment and entrepreneurship card", ["就业", "创业"]),
    ("rs", "工伤认定", "gong shang ren ding", "work-injury recognition", ["工伤"]),
    ("yb", "医疗保险参保登记", "yi liao bao xian can bao deng ji", "medical insurance enrolment", ["医保", "参保"]),
    ("yb", "异地就医备案", "yi di jiu yi bei an", "registration for treatment elsewhere", ["医保", "异地"]),
    ("yb", "门诊慢特病待遇", "men zhen man te bing dai yu", "chronic-disease outpatient benefit", ["医保", "慢病"]),
    ("yb", "生育津贴", "sheng yu jin tie", "maternity allowance", ["生育", "医保"]),
    ("ga", "居民身份证", "ju min shen fen zheng", "resident ID card", ["身份证"]),
    ("ga", "户籍证明", "hu ji zheng ming", "household registration certificate", ["户口", "证明"]),
    ("ga", "居住证", "ju zhu zheng", "residence permit", ["居住"]),
    ("ga", "机动车驾驶证", "ji dong che jia shi zheng", "driving licence", ["驾照", "驾驶证"]),
    ("ga", "机动车行驶证", "ji dong che xing shi zheng", "vehicle licence", ["车辆", "行驶证"]),
    ("ga", "出入境证件", "chu ru jing zheng jian", "exit-entry document", ["护照", "通行证"]),
    ("mz", "婚姻登记", "hun yin deng ji", "marriage registration", ["结婚", "婚姻"]),
    ("mz", "最低生活保障", "zui di sheng huo bao zhang", "minimum living allowance", ["低保"]),
    ("mz", "高龄老人津贴", "gao ling lao ren jin tie", "allowance for the very old", ["老人", "津贴"]),
    ("mz", "社会团体登记", "she hui tuan ti deng ji", "social organisation registration", ["社团"]),
    ("mz", "殡葬补贴", "bin zang bu tie", "funeral subsidy", ["殡葬"]),
    ("zj", "商品房预售许可", "shang pin fang yu shou xu ke", "pre-sale permit for housing", ["预售", "房产"]),
    ("zj", "建筑工程施工许可证", "jian zhu gong cheng shi gong xu ke zheng", "construction permit", ["施工", "许可"]),
    ("zj", "公租房", "gong zu fang", "public rental housing", ["住房", "租房"]),
    ("zj", "住房租赁备案", "zhu fang zu lin bei an", "housing lease registration", ["租赁", "备案"]),
    ("zr", "不动产权证书", "bu dong chan quan zheng shu", "real-estate title certificate", ["房产证", "不动产"]),
    ("zr", "不动产登记", "bu dong chan deng ji", "real-estate registration", ["不动产", "登记"]),
    ("zr", "建设用地规划许可证", "jian she yong di gui hua xu ke zheng", "land-use planning permit", ["规划", "用地"]),
    ("zr", "乡村建设规划许可证", "xiang cun jian she gui hua xu ke zheng", "rural construction planning permit", ["规划", "乡村"]),
    ("sc", "营业执照", "ying ye zhi zhao", "business licence", ["执照", "开公司"]),
    ("sc", "个体工商户登记", "ge ti gong shang hu deng ji", "sole trader registration", ["个体户"]),
    ("sc", "食品经营许可证", "shi pin jing ying xu ke zheng", "food business licence", ["食品", "许可"]),
    ("sc", "药品经营许可证", "yao pin jing ying xu ke zheng", "pharmaceutical trade licence", ["药品", "许可"]),
    ("sc", "企业名称", "qi ye ming cheng", "company name", ["企业", "名称"]),
    ("sw", "个人所得税", "ge ren suo de shui", "individual income tax", ["个税", "纳税"]),
    ("sw", "发票领用", "fa piao ling yong", "invoice supply", ["发票"]),
    ("sw", "纳税证明", "na shui zheng ming", "tax payment certificate", ["纳税", "证明"]),
    ("sw", "车船税", "che chuan shui", "vehicle and vessel tax", ["车船", "纳税"]),
    ("jy", "教师资格", "jiao shi zi ge", "teacher qualification", ["教师", "资格"]),
    ("jy", "义务教育入学", "yi wu jiao yu ru xue", "compulsory-education enrolment", ["入学", "上学"]),
    ("jy", "学籍证明", "xue ji zheng ming", "student status certificate", ["学籍", "证明"]),
    ("jy", "民办学校办学许可", "min ban xue xiao ban xue xu ke", "private school licence", ["办学", "许可"]),
    ("wj", "出生医学证明", "chu sheng yi xue zheng ming", "medical birth certificate", ["出生", "证明"]),
    ("wj", "医师执业注册", "yi shi zhi ye zhu ce", "physician practice registration", ["医师", "执业"]),
    ("wj", "公共场所卫生许可证", "gong gong chang suo wei sheng xu ke zheng", "public-venue hygiene licence", ["卫生", "许可"]),
    ("wj", "计划生育家庭奖励扶助", "ji hua sheng yu jia ting jiang li fu zhu", "family-planning support", ["奖励", "扶助"]),
    ("jt", "道路运输经营许可证", "dao lu yun shu jing ying xu ke zheng", "road transport licence", ["运输", "许可"]),
    ("jt", "出租汽车驾驶员证", "chu zu qi che jia shi yuan zheng", "taxi driver permit", ["出租车", "驾驶员"]),
    ("jt", "道路运输从业资格证", "dao lu yun shu cong ye zi ge zheng", "road transport qualification", ["运输", "资格"]),
    ("nn", "农机购置补贴", "nong ji gou zhi bu tie", "farm machinery subsidy", ["农机", "补贴"]),
    ("nn", "农村宅基地", "nong cun zhai ji di", "rural homestead", ["宅基地"]),
    ("nn", "动物防疫条件合格证", "dong wu fang yi tiao jian he ge zheng", "animal epidemic-prevention certificate", ["防疫", "动物"]),
    ("nn", "种子生产经营许可证", "zhong zi sheng chan jing ying xu ke zheng", "seed production licence", ["种子", "许可"]),
    ("hb", "排污许可证", "pai wu xu ke zheng", "pollutant discharge permit", ["排污", "环保"]),
    ("hb", "建设项目环境影响评价", "jian she xiang mu huan jing ying xiang ping jia", "environmental impact assessment", ["环评", "环保"]),
    ("sl", "取水许可", "qu shui xu ke", "water abstraction permit", ["取水", "许可"]),
    ("sl", "用水报装", "yong shui bao zhuang", "water connection", ["用水", "报装"]),
    ("wl", "娱乐场所经营许可证", "yu le chang suo jing ying xu ke zheng", "entertainment venue licence", ["娱乐", "许可"]),
    ("wl", "旅行社业务经营许可证", "lv xing she ye wu jing ying xu ke zheng", "travel agency licence", ["旅行社", "许可"]),
    ("wl", "网吧经营许可", "wang ba jing ying xu ke", "internet café licence", ["网吧", "许可"]),
    ("tj", "退役军人优待证", "tui yi jun ren you dai zheng", "veterans' preferential card", ["退役", "优待"]),
    ("tj", "伤残抚恤", "shang can fu xu", "disability pension for veterans", ["抚恤", "伤残"]),
    ("cl", "残疾人证", "can ji ren zheng", "disability certificate", ["残疾"]),
    ("cl", "残疾人两项补贴", "can ji ren liang xiang bu tie", "two disability allowances", ["残疾", "补贴"]),
    ("gjj", "住房公积金", "zhu fang gong ji jin", "housing provident fund", ["公积金"]),
    ("gjj", "公积金贷款", "gong ji jin dai kuan", "provident-fund loan", ["公积金", "贷款"]),
    ("yj", "烟花爆竹经营许可证", "yan hua bao zhu jing ying xu ke zheng", "fireworks trade licence", ["烟花", "许可"]),
    ("yj", "危险化学品经营许可证", "wei xian hua xue pin jing ying xu ke zheng", "hazardous chemicals licence", ["危化品", "许可"]),
    ("sf", "法律援助", "fa lv yuan zhu", "legal aid", ["法律", "援助"]),
    ("sf", "公证", "gong zheng", "notarisation", ["公证"]),
    ("sf", "人民调解", "ren min tiao jie", "people's mediation", ["调解"]),
]

# Actions: (zh, pinyin, en pattern, kiosk mode, fee in fen).
ACTIONS = [
    ("申领", "shen ling", "Application for {}", "apply", 0),
    ("补办", "bu ban", "Replacement of {}", "apply", 1000),
    ("换领", "huan ling", "Renewal of {}", "apply", 0),
    ("变更", "bian geng", "Change of {}", "apply", 0),
    ("注销", "zhu xiao", "Cancellation of {}", "apply", 0),
    ("查询", "cha xun", "Enquiry about {}", "apply", 0),
    ("证明开具", "zheng ming kai ju", "Certificate of {}", "apply", 0),
    ("延续", "yan xu", "Extension of {}", "guide_only", 0),
    ("首次办理", "shou ci ban li", "First application for {}", "guide_only", 0),
    ("信息修改", "xin xi xiu gai", "Correction of {} details", "apply", 0),
    ("资格认定", "zi ge ren ding", "Eligibility for {}", "guide_only", 0),
    ("转移接续", "zhuan yi jie xu", "Transfer of {}", "apply", 0),
    ("核验", "he yan", "Verification of {}", "apply", 0),
    ("年度报告", "nian du bao gao", "Annual report on {}", "guide_only", 0),
    ("咨询预约", "zi xun yu yue", "Appointment about {}", "apply", 0),
    ("待遇申请", "dai yu shen qing", "Benefits under {}", "apply", 0),
    ("遗失补发", "yi shi bu fa", "Reissue of a lost {}", "apply", 1500),
    ("撤销", "che xiao", "Withdrawal of {}", "guide_only", 0),
    ("档案查阅", "dang an cha yue", "Records of {}", "guide_only", 0),
    ("进度查询", "jin du cha xun", "Progress of {}", "apply", 0),
    ("备案", "bei an", "Filing of {}", "apply", 0),
    ("登记", "deng ji", "Registration of {}", "apply", 0),
    ("审核", "shen he", "Review of {}", "guide_only", 0),
    ("打印", "da yin", "Printout of {}", "apply", 0),
    ("预约办理", "yu yue ban li", "Booking for {}", "apply", 0),
    ("异议申诉", "yi yi shen su", "Objection about {}", "guide_only", 0),
    ("网上申报", "wang shang shen bao", "Online filing of {}", "apply", 0),
    ("加急办理", "jia ji ban li", "Express handling of {}", "guide_only", 2000),
    ("材料补正", "cai liao bu zheng", "Corrections for {}", "apply", 0),
    ("结果领取", "jie guo ling qu", "Collection of {}", "guide_only", 0),
]

FORM = [
    {"key": "name", "label": {"zh": "姓名", "en": "Name"}, "type": "text", "required": True,
     "max_len": 30, "autofill": "card.name"},
    {"key": "id_number", "label": {"zh": "证件号码", "en": "ID number"}, "type": "id_number",
     "required": True, "max_len": 18, "autofill": "card.id_number"},
    {"key": "phone", "label": {"zh": "手机号码", "en": "Mobile phone"}, "type": "phone",
     "required": True, "max_len": 11},
]
CATEGORY_OF = {
    "rs": "social-security", "yb": "medical-insurance", "ga": "public-security",
    "mz": "civil-affairs", "zj": "housing", "zr": "land-and-property", "sc": "business",
    "sw": "tax", "jy": "education", "wj": "health", "jt": "transport", "nn": "agriculture",
    "hb": "environment", "sl": "water", "wl": "culture-tourism", "tj": "veterans",
    "cl": "disability", "gjj": "housing", "yj": "safety", "sf": "legal",
}
CATEGORIES = [
    ("social-security", "社保就业", "Social security and jobs"),
    ("medical-insurance", "医疗保障", "Medical insurance"),
    ("public-security", "户籍证件", "ID and residence"),
    ("civil-affairs", "民政婚姻", "Civil affairs"),
    ("housing", "住房公积金", "Housing"),
    ("land-and-property", "不动产", "Land and property"),
    ("business", "市场准入", "Business"),
    ("tax", "税务", "Tax"),
    ("education", "教育", "Education"),
    ("health", "卫生健康", "Health"),
    ("transport", "交通出行", "Transport"),
    ("agriculture", "农业农村", "Agriculture"),
    ("environment", "生态环境", "Environment"),
    ("water", "水务", "Water"),
    ("culture-tourism", "文化旅游", "Culture and tourism"),
    ("veterans", "退役军人", "Veterans"),
    ("disability", "残疾人服务", "Disability services"),
    ("safety", "应急安全", "Safety"),
    ("legal", "法律服务", "Legal services"),
]


def initials(syllables):
    return "".join(s[0] for s in syllables.split()).upper()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/county-catalog.json"
    rng = random.Random(460105)
    combos = [(o, a) for o in OBJECTS for a in ACTIONS]
    rng.shuffle(combos)
    combos = sorted(combos[:2000], key=lambda c: (c[0][0], c[0][1], c[1][0]))
    departments = {code: (zh, en) for code, zh, en in DEPARTMENTS}
    items = []
    for n, ((dept, obj_zh, obj_py, obj_en, keywords), (act_zh, act_py, act_en, mode, fee)) in \
            enumerate(combos, 1):
        syllables = obj_py + " " + act_py
        dept_zh, dept_en = departments[dept]
        item = {
            "code": "469005-%04d-%04d" % (list(departments).index(dept) + 1, n),
            "name": {"zh": obj_zh + act_zh, "en": act_en.format(obj_en)},
            "category": CATEGORY_OF[dept],
            "kind": "public_service",
            "department": {"zh": "文昌市" + dept_zh, "en": "Wenchang " + dept_en},
            "department_pinyin": PINYIN_DEPT[dept].replace(" ", ""),
            "keywords": keywords,
            "pinyin": syllables.replace(" ", ""),
            "pinyin_initials": initials(syllables),
            "conditions": [{"zh": "本县户籍或持有本县居住证的居民",
                            "en": "Residents of the county or holders of its residence permit"}],
            "materials": [{"code": "M001", "name": {"zh": "居民身份证", "en": "Resident ID card"},
                           "required": True, "source": "shared", "copies": 0}],
            "form": FORM if mode == "apply" else [],
            "legal_limit_days": rng.choice([5, 10, 15, 20, 30]),
            "promised_limit_days": rng.choice([1, 3, 5, 7]),
            "fee_fen": fee,
            "fee_basis": {"zh": "按省定标准收取" if fee else "不收费",
                          "en": "Provincial standard fee" if fee else "Free of charge"},
            "delivery": ["pickup", "electronic"] if mode == "apply" else ["pickup"],
            "kiosk_mode": mode,
            "offline_allowed": mode == "apply",
            "commitment": None,
        }
        if mode == "guide_only":
            item["where"] = {
                "zh": "文昌市政务服务中心 %d 号窗口（文城镇文建东路 %d 号），工作日 8:30–12:00、14:30–17:30"
                      % (rng.randint(1, 60), rng.randint(1, 200)),
                "en": "Wenchang Government Service Centre, counter %d; weekdays 8:30-12:00, 14:30-17:30"
                      % rng.randint(1, 60)}
        items.append(item)
    catalog = {"version": "2026113001",
               "categories": [{"code": c, "name": {"zh": zh, "en": en}} for c, zh, en in CATEGORIES],
               "items": items}
    # One item a line: compact, and a change to the generator reads as a diff.
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    with open(out, "w", encoding="utf-8") as f:
        f.write('{"version":%s,\n"categories":%s,\n"items":[\n' % (
            json.dumps(catalog["version"]), json.dumps(catalog["categories"], **compact)))
        f.write(",\n".join(json.dumps(item, **compact) for item in items))
        f.write("\n]}\n")
    print("%s: %d items in %d categories" % (out, len(items), len(CATEGORIES)))


if __name__ == "__main__":
    main()
