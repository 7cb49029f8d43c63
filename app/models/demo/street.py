"""A demo street: a realistic, deterministic roster for one street in Zhengzhou.

``generate(store, residents, seed)`` fills an empty store with
郑州市 › 金水区 › 花园路街道 › communities › grids (300–500 households each),
one dedicated grid and a few district departments; estates, buildings, units
and rooms; households and their members with valid resident ID numbers; care
and key-group tags; recent visits; and the street's map (a GeoJSON file of
communities, grids, estates and buildings laid out from the address tree, in
``<data dir>/geo/``, see ``app.models.reports.geo``). The rows land as server state through
``roster.load_rows`` (no outbox ops: the demo street counts as synced), then the
search index is rebuilt and one audit record notes the run.

Deterministic: the same ``seed``, size and ``today`` give identical rows,
ids included. Ids are UUIDv7-shaped but made from the seeded generator and a
timestamp fixed by ``today`` and the seed, never from the clock; they increase
in insertion order, which keeps every id index append-only (a million random
UUIDs scattered over a B-tree is several times slower to load).

Built for size: a million residents is a benchmark input, so rows are made
in chunks, the per-row work is plain tuples and precomputed tables, and
everything is written with executemany inside one transaction.
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import random
import time
import uuid
from typing import Callable

from app.models.domain.choices import DISABILITY_CATEGORIES, TAG_TYPES
from app.models.roster import repository as roster
from app.models.roster import search
from app.models.write import audit
from app.models.store import clock
from app.models.write.unit import SYSTEM, Actor

ProgressFn = Callable[[int, int], object]

CITY = ("4101", "郑州市")
DISTRICT = ("410105", "金水区")
STREET = ("410105003", "花园路街道")
DEPARTMENTS = [("410105901", "金水区城管局"), ("410105902", "金水区住建局"),
               ("410105903", "金水区市场监管局"), ("410105904", "金水区应急管理局")]
DEDICATED = ("郑州市第八中学专属网格", "郑州市第八中学党支部")

CHUNK = 20_000          # residents per write batch
INDEX_SHARE = 0.4       # share of the progress bar given to building the search index

# --------------------------------------------------------------------- word lists

COMMUNITY_ROOTS = [
    "经三路", "农科路", "纬五路", "丰产路", "红专路", "东风路", "文化路", "政七街", "园田路",
    "关虎屯", "博颂路", "国基路", "宏达路", "北林路", "南阳路", "纬一路", "经七路", "丰庆路",
    "天明路", "优胜路", "兴达路", "花园路", "黄河路", "金水东路", "鑫苑路", "三全路", "杨金路",
    "柳林", "庙李", "姚砦", "王砦", "刘庄", "燕庄", "沙门", "老庄王", "东明路", "索凌路",
    "龙湖", "中方园", "黄委会", "省体育场", "凤凰台", "杨君刘", "张家村", "徐庄", "八里庙",
]
COMMUNITY_SIDES = ["东", "西", "南", "北", "中"]

ESTATE_PREFIXES = [
    "金水", "锦绣", "阳光", "幸福", "和谐", "翠竹", "紫荆", "丰庆", "农科", "文化", "经纬",
    "书香", "瑞祥", "康桥", "正弘", "鑫苑", "亚星", "盛世", "明珠", "绿城", "东方", "建业",
    "永威", "金成", "天明", "宏达", "园田", "博颂", "凤凰", "银河", "国基", "兴达", "北林",
    "丰乐", "金桥", "未来", "民航", "晨光", "嘉和", "怡丰", "恒大", "碧水", "春江", "瀚海",
]
ESTATE_SUFFIXES = ["小区", "花园", "家园", "苑", "名苑", "华府", "雅居", "新城", "公寓",
                   "佳苑", "嘉园", "国际", "城", "府", "里", "新村"]
ESTATE_EMPLOYERS = [
    "省水利厅", "省农科院", "郑州大学", "河南财经学院", "省地矿局", "黄委会", "省电力公司",
    "省建一公司", "市公交公司", "省煤炭厅", "郑州铁路局", "省交通厅", "市自来水公司",
    "省人民医院", "省邮电局", "省纺织厅", "郑州纺机厂", "省林业厅",
]
ESTATE_ROADS = ["经三路", "经五路", "纬五路", "农科路", "丰产路", "红专路", "东风路", "文化路",
                "政七街", "纬一路", "经一路", "黄河路", "金水路", "花园路", "经八路", "纬四路"]

# (surname, weight): roughly national frequency, with Henan's own order at the top.
SURNAMES = [
    ("王", 760), ("李", 740), ("张", 720), ("刘", 560), ("陈", 360), ("杨", 320),
    ("赵", 240), ("黄", 190), ("周", 180), ("吴", 170), ("徐", 140), ("孙", 150),
    ("胡", 110), ("朱", 110), ("高", 110), ("林", 80), ("何", 80), ("郭", 130),
    ("马", 120), ("罗", 60), ("梁", 70), ("宋", 70), ("郑", 60), ("谢", 50), ("韩", 60),
    ("唐", 50), ("冯", 50), ("于", 50), ("董", 50), ("萧", 20), ("程", 50), ("曹", 50),
    ("袁", 40), ("邓", 40), ("许", 50), ("傅", 30), ("沈", 30), ("彭", 30), ("吕", 40),
    ("苏", 40), ("卢", 30), ("蒋", 20), ("蔡", 30), ("贾", 40), ("丁", 30), ("魏", 40),
    ("薛", 30), ("叶", 20), ("阎", 30), ("余", 20), ("潘", 20), ("杜", 30), ("戴", 20),
    ("夏", 20), ("钟", 20), ("汪", 20), ("田", 40), ("任", 30), ("姜", 20), ("范", 30),
    ("方", 20), ("石", 30), ("姚", 20), ("谭", 10), ("廖", 10), ("邹", 10), ("熊", 10),
    ("金", 10), ("陆", 10), ("郝", 30), ("孔", 20), ("白", 30), ("崔", 30), ("康", 20),
    ("毛", 20), ("邱", 10), ("秦", 20), ("江", 10), ("史", 20), ("顾", 10), ("侯", 30),
    ("邵", 10), ("孟", 30), ("龙", 5), ("万", 10), ("段", 20), ("雷", 10), ("钱", 10),
    ("汤", 10), ("尹", 10), ("黎", 5), ("易", 5), ("常", 20), ("武", 20), ("乔", 20),
    ("贺", 10), ("赖", 5), ("龚", 5), ("文", 10), ("牛", 20), ("闫", 30), ("申", 10),
    ("付", 20), ("葛", 10), ("靳", 10), ("岳", 10), ("楚", 5), ("殷", 5), ("路", 10),
    # polyphonic surnames (read differently as a surname)
    ("单", 4), ("曾", 6), ("解", 3), ("仇", 2), ("查", 2), ("乐", 2), ("翟", 5), ("盖", 2),
    ("区", 1), ("缪", 1),
    # compound surnames
    ("欧阳", 2), ("司马", 1), ("诸葛", 1), ("上官", 1),
]

# Given names by birth cohort and gender: whole names, then characters to combine.
GIVEN_WHOLE = {
    ("M", 0): "建国 国庆 建华 建军 志强 国强 德华 永明 文华 振华 国华 建民 卫东 卫国 红旗 "
              "胜利 长江 保国 德胜 广才 福来 树林 金山 学文 明 华 军 平 强 忠 福 海 林 山",
    ("F", 0): "秀英 桂英 秀兰 玉兰 桂兰 凤英 淑珍 玉珍 秀珍 素珍 翠花 丽华 淑芬 玉梅 金凤 "
              "秀云 桂芳 凤兰 爱华 红英 玉英 淑兰 兰 英 梅 芳 珍",
    ("M", 1): "伟 勇 军 磊 涛 斌 超 强 鹏 杰 刚 辉 波 亮 明 健 峰 浩 建伟 海涛 志刚 晓东 俊杰 "
              "永强 红亮 国伟 晓明 振宇 鹏飞 建新 卫华 海军 志勇 利民 东亮 向阳",
    ("F", 1): "静 丽 敏 燕 艳 娟 霞 芳 丹 玲 婷 洁 红梅 海燕 丽娟 晓燕 雪梅 春燕 秀丽 晓丽 "
              "丽丽 晶晶 亚楠 红霞 艳丽 彩霞 慧 琳 莉 萍",
    ("M", 2): "浩 宇 鑫 博 轩 晨 帅 浩然 子豪 梓轩 宇航 俊豪 家豪 一鸣 天宇 嘉伟 志豪 文轩 "
              "昊天 晨阳 明轩 佳乐 少杰 凯 龙 旭",
    ("F", 2): "婷婷 雪 欣 琳 倩 佳怡 欣怡 思雨 雨欣 诗涵 梦琪 佳琪 雅婷 静怡 晓雪 梦瑶 "
              "佳慧 一帆 亚茹 贝贝 璐 瑶 露",
    ("M", 3): "梓豪 浩宇 宇轩 子墨 沐宸 一诺 浩然 奕辰 宇泽 俊熙 睿 铭 锦程 梓睿 皓轩 "
              "承泽 子骞 煜祺 景行 思远 铭泽 嘉懿 晨曦",
    ("F", 3): "梓涵 一诺 欣怡 梓萱 若汐 语桐 可馨 雨桐 依诺 诗涵 子涵 沐瑶 芷若 安琪 "
              "思琪 语嫣 梦琪 欣妍 可欣 书瑶 艺涵 紫萱",
}
GIVEN_CHARS = {
    "M": "伟强磊军洋勇杰涛明超辉刚华飞鹏宇浩凯健俊帆帅旭宁龙林阳建亮成斌峰波晨博文志国海新"
         "振永家嘉子睿泽昊然轩铭航天瑞兴德立彬",
    "F": "芳娜敏静丽艳娟霞秀英玲燕红梅琳雪婷倩颖慧佳欣怡雨涵萱琪璐瑶晶丹妍洁蕾薇雯莉萍月菲",
}
RARE_GIVEN = ["𠮷祥", "䶮", "堃", "喆", "玥", "淼", "昇", "龑", "犇", "燚", "𠮷", "晅"]

# Area codes of ID numbers: (code, place for 户籍地址, weight).
ZHENGZHOU_AREAS = [
    ("410105", "河南省郑州市金水区", 55), ("410102", "河南省郑州市中原区", 6),
    ("410103", "河南省郑州市二七区", 7), ("410104", "河南省郑州市管城回族区", 5),
    ("410108", "河南省郑州市惠济区", 3), ("410122", "河南省郑州市中牟县", 4),
    ("410181", "河南省巩义市", 3), ("410182", "河南省荥阳市", 3), ("410183", "河南省新密市", 3),
    ("410184", "河南省新郑市", 3), ("410185", "河南省登封市", 2), ("410100", "河南省郑州市", 6),
]
HOMETOWN_AREAS = [
    ("411627", "河南省周口市太康县", 8), ("411621", "河南省周口市扶沟县", 5),
    ("411628", "河南省周口市鹿邑县", 5), ("411503", "河南省信阳市平桥区", 4),
    ("411521", "河南省信阳市罗山县", 4), ("411323", "河南省南阳市淅川县", 4),
    ("411330", "河南省南阳市桐柏县", 3), ("411721", "河南省驻马店市西平县", 5),
    ("411422", "河南省商丘市睢县", 4), ("411481", "河南省永城市", 4),
    ("410421", "河南省平顶山市宝丰县", 3), ("410523", "河南省安阳市汤阴县", 3),
    ("410922", "河南省濮阳市清丰县", 3), ("411122", "河南省漯河市临颍县", 3),
    ("411082", "河南省长葛市", 3), ("410823", "河南省焦作市武陟县", 3),
    ("410726", "河南省新乡市延津县", 3), ("341222", "安徽省阜阳市太和县", 3),
    ("130682", "河北省定州市", 2), ("370828", "山东省济宁市金乡县", 2),
    ("320382", "江苏省邳州市", 2), ("420683", "湖北省枣阳市", 2), ("140521", "山西省沁水县", 1),
]
VILLAGE_PARTS = ["王庄", "李楼", "张集", "刘寨", "陈营", "杨岗", "赵湾", "孙庄", "高店", "马桥",
                 "郭屯", "何坡", "朱洼", "胡楼", "周营", "吴庄"]

ETHNICITY = [("01", 9650), ("03", 250), ("11", 40), ("02", 20), ("08", 10), ("15", 10),
             ("06", 8), ("10", 5), ("04", 3), ("05", 4)]

MOBILE_PREFIXES = ["138", "139", "135", "136", "137", "150", "151", "152", "158", "159",
                   "182", "183", "187", "188", "130", "131", "132", "155", "156", "185",
                   "186", "176", "133", "153", "180", "181", "189", "177", "173", "199",
                   "166", "191", "175", "178", "147", "198"]

OCCUPATIONS = [
    ("公司职员", 22), ("个体经营", 10), ("教师", 5), ("医生", 2), ("护士", 2), ("工程师", 5),
    ("公务员", 3), ("事业单位职工", 4), ("工人", 8), ("销售", 6), ("司机", 3), ("厨师", 2),
    ("外卖骑手", 3), ("快递员", 2), ("保安", 2), ("自由职业", 4), ("务工", 8), ("无业", 6),
]
WORK_UNITS = [
    "郑州大学", "河南省人民医院", "郑州市第一人民医院", "河南省农业科学院", "郑州宇通客车股份有限公司",
    "中国移动河南分公司", "郑州地铁集团有限公司", "金水区实验小学", "郑州市第八中学", "河南日报社",
    "郑州银行", "中原银行", "国网郑州供电公司", "郑州公交集团", "丹尼斯百货", "河南中烟工业有限责任公司",
    "黄河水利委员会", "河南省财政厅", "金水区人民政府", "郑州新开普电子股份有限公司",
]
PARTY_UNITS = ["金水区人民法院", "河南省财政厅", "郑州市教育局", "金水区人民政府", "河南省人民医院",
               "郑州大学", "国网郑州供电公司", "郑州市市场监督管理局", "黄河水利委员会", "郑州银行"]

STATUS_NOTES = {"moved_out": "已迁出本辖区", "deceased": "已销户", "lost": "多次联系未果"}
DISABILITY_GRADES = ["一级", "二级", "三级", "四级"]
FINDINGS = {
    "care": ["身体状况良好，已提醒冬季取暖安全", "老人精神状态不错，子女每周回来探望",
             "反映腿脚不便，已联系社区医生上门", "家中燃气灶老化，已提醒更换软管",
             "申请居家养老服务，已登记", "血压偏高，已提醒按时服药",
             "生活能自理，已留网格员联系电话", "低保年审材料已收齐", "已送米面油慰问品",
             "孩子学习情况良好，已联系学校老师", "冬季用电安全已宣传"],
    "key_followup": ["按时报到，情绪稳定", "规律服药，监护人在家", "本月思想汇报已收到",
                     "近期就业情况稳定", "家属反映情况正常，继续跟踪", "已落实监护补贴"],
    "routine": ["入户核实人口信息，无变化", "宣传防诈骗知识", "登记电动车充电情况",
                "核实出租屋租客信息", "宣传垃圾分类"],
}


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + "百"
    if not rest:
        return head
    return head + ("零" + digits[rest] if rest < 10 else
                   ("一" + _cn_number(rest) if rest < 20 else _cn_number(rest)))


class _Weighted:
    """Weighted choice by bisect over cumulative weights: one random() per pick."""

    def __init__(self, items):
        self.values = [v for v, _ in items]
        self.cum = list(itertools.accumulate(w for _, w in items))
        self.total = self.cum[-1]

    def pick(self, rnd: Callable[[], float]):
        return self.values[bisect.bisect_right(self.cum, rnd() * self.total)]


# ------------------------------------------------------------------------- columns

ORG_COLS = ("id", "code", "name", "level", "kind", "parent_id", "path", "party_branch",
            "party_secretary", "version", "deleted_at", "updated_at")
ADDR_COLS = ("id", "parent_id", "grid_id", "kind", "code", "name", "floor", "path", "full_name",
             "version", "deleted_at", "updated_at")
HH_COLS = ("id", "number", "room_id", "grid_id", "kind", "head_id", "path",
           "version", "deleted_at", "updated_at")
RES_COLS = ("rid", "id", "grid_id", "household_id", "relation", "name", "id_type", "id_number",
            "gender", "birth_date", "ethnicity", "phone", "residence_type", "political_status",
            "education", "occupation", "work_unit", "marital_status", "registered_address",
            "moved_in_date", "status", "notes", "in_service_party_member", "party_member_unit",
            "path", "created_at", "version", "deleted_at", "updated_at")
TAG_COLS = ("id", "resident_id", "tag", "since", "until", "notes", "details",
            "version", "deleted_at", "updated_at")
VISIT_COLS = ("id", "resident_id", "household_id", "grid_id", "visited_on", "kind", "findings",
              "photos", "visitor", "version", "deleted_at", "updated_at")


class DemoError(RuntimeError):
    pass


class _Street:
    """The generator state: one seeded Random drives every choice in a fixed order."""

    def __init__(self, rng, today: dt.date, stamp: str):
        self.rng = rng
        self.today = today
        self.today_ord = today.toordinal()
        self.stamp = stamp
        self.rnd = rng.random
        # ids: UUIDv7 layout, timestamp fixed per run, counter in insertion order
        base = dt.datetime.combine(today - dt.timedelta(days=400), dt.time(),
                                   tzinfo=dt.timezone.utc)
        self._id_ms = int(base.timestamp() * 1000) + rng.randrange(86_400_000)
        self._id_n = 0
        self.surnames = _Weighted(SURNAMES)
        self.given_whole = {k: v.split() for k, v in GIVEN_WHOLE.items()}
        self.zz_areas = _Weighted([((c, p), w) for c, p, w in ZHENGZHOU_AREAS])
        self.home_areas = _Weighted([((c, p), w) for c, p, w in HOMETOWN_AREAS])
        self.ethnicity = _Weighted(ETHNICITY)
        self.occupations = _Weighted(OCCUPATIONS)
        self._issued: set[int] = set()
        self._estate_names: set[str] = set()
        self._date_cache: dict[int, str] = {}

    # -- small makers --------------------------------------------------------
    def new_id(self) -> str:
        n = self._id_n
        self._id_n = n + 1
        value = (((self._id_ms + (n >> 12)) << 80) | (0x7 << 76) | ((n & 0xFFF) << 64)
                 | (0b10 << 62) | self.rng.getrandbits(62))
        h = "%032x" % value
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def new_tag_id(self) -> str:
        """A tag's id: random-looking (UUIDv4 shape, no time order, as the desktop and
        the server want for tags), still the same for the same seed."""
        digest = hashlib.sha256(self.new_id().encode()).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))

    def iso(self, ordinal: int) -> str:
        s = self._date_cache.get(ordinal)
        if s is None:
            s = self._date_cache[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return s

    def name(self, gender: str, birth_year: int, surname: str | None = None) -> str:
        r = self.rnd()
        surname = surname or self.surnames.pick(self.rnd)
        if r < 0.0015:
            return surname + self.rng.choice(RARE_GIVEN)
        cohort = (0 if birth_year < 1965 else 1 if birth_year < 1990 else
                  2 if birth_year < 2008 else 3)
        if r < (0.85 if cohort == 0 else 0.55):     # older people: the names of their time
            whole = self.given_whole[(gender, cohort)]
            return surname + whole[int(self.rnd() * len(whole))]
        chars = GIVEN_CHARS[gender]
        n = len(chars)
        if r < (0.9 if cohort == 0 else 0.66):
            return surname + chars[int(self.rnd() * n)]
        return surname + chars[int(self.rnd() * n)] + chars[int(self.rnd() * n)]

    def id_number(self, area: str, birth: str, gender: str) -> str:
        ymd = birth.replace("-", "")
        issued = self._issued
        rand = self.rng.randrange
        while True:                 # ID numbers are unique: draw again on a clash
            seq = rand(500) * 2 + (1 if gender == "M" else 0)
            first = f"{area}{ymd}{seq:03d}"
            key = int(first)        # an int is half the memory of the string at 1M
            if key not in issued:
                issued.add(key)
                break
        return first + _check_char(first)

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + "%08d" % self.rng.randrange(100_000_000)

    def estate_name(self) -> tuple[str, bool]:
        """A unique estate name; True when it is an old work-unit courtyard (低层)."""
        rng = self.rng
        for _ in range(50):
            r = rng.random()
            if r < 0.62:
                name, old = rng.choice(ESTATE_PREFIXES) + rng.choice(ESTATE_SUFFIXES), False
            elif r < 0.82:
                name, old = rng.choice(ESTATE_EMPLOYERS) + "家属院", True
            else:
                name, old = f"{rng.choice(ESTATE_ROADS)}{rng.randint(1, 199)}号院", True
            if name not in self._estate_names:
                break
        else:
            name = f"{rng.choice(ESTATE_PREFIXES)}{len(self._estate_names) + 1}号小区"
            old = False
        self._estate_names.add(name)
        return name, old


def _check_char(first17: str) -> str:
    # Same as rules.id_check_char, unrolled: it runs once per resident.
    d = [ord(c) - 48 for c in first17]
    total = (7 * d[0] + 9 * d[1] + 10 * d[2] + 5 * d[3] + 8 * d[4] + 4 * d[5] + 2 * d[6]
             + d[7] + 6 * d[8] + 3 * d[9] + 7 * d[10] + 9 * d[11] + 10 * d[12] + 5 * d[13]
             + 8 * d[14] + 4 * d[15] + 2 * d[16])
    return "10X98765432"[total % 11]


# ------------------------------------------------------------------- households

def _household_plan(rnd, randint, kind: str) -> tuple[str, list[tuple[str, str, int]]]:
    """(pattern, [(relation, gender, age)…]) with the head first."""
    def child_rel(g):
        return "son" if g == "M" else "daughter"

    def g():
        return "M" if rnd() < 0.51 else "F"

    r = rnd()
    if kind != "registered":            # tenants and floating families: younger, smaller
        if r < 0.34:
            return "single", [("self", g(), randint(19, 45))]
        if r < 0.58:
            a = randint(22, 45)
            return "couple", [("self", "M", a), ("spouse", "F", max(20, a - randint(0, 4)))]
        if r < 0.86:
            a = randint(26, 48)
            members = [("self", "M", a), ("spouse", "F", max(21, a - randint(0, 4)))]
            for _ in range(1 if rnd() < 0.6 else 2):
                cg = g()
                members.append((child_rel(cg), cg, randint(0, min(16, a - 22))))
            return "family", members
        members = [("self", g(), randint(20, 35))]
        for _ in range(randint(1, 3)):
            members.append(("sibling" if rnd() < 0.3 else "other", g(), randint(19, 35)))
        return "shared", members

    if r < 0.07:
        return "single_elderly", [("self", "F" if rnd() < 0.68 else "M", randint(65, 96))]
    if r < 0.20:
        a = randint(60, 92)
        return "elderly_couple", [("self", "M", a), ("spouse", "F", max(58, a - randint(0, 5)))]
    if r < 0.27:
        return "single", [("self", g(), randint(22, 59))]
    if r < 0.36:
        a = randint(24, 58)
        return "couple", [("self", "M", a), ("spouse", "F", max(22, a - randint(0, 4)))]
    if r < 0.73:
        a = randint(28, 52)
        members = [("self", "M" if rnd() < 0.8 else "F", a)]
        members.append(("spouse", "F" if members[0][1] == "M" else "M",
                        max(24, a + randint(-4, 2))))
        for _ in range(1 if r < 0.61 else 2):
            cg = g()
            members.append((child_rel(cg), cg, randint(0, min(25, a - 24))))
        return "family", members
    if r < 0.85:
        a = randint(30, 50)
        members = [("self", "M", a), ("spouse", "F", max(26, a - randint(0, 4)))]
        for _ in range(1 if rnd() < 0.6 else 2):
            cg = g()
            members.append((child_rel(cg), cg, randint(0, min(20, a - 25))))
        pa = a + randint(24, 34)
        if rnd() < 0.55 and pa <= 95:
            members.append(("parent", "M", pa))
        if pa - 2 <= 95:
            members.append(("parent", "F", max(pa - randint(0, 5), a + 20)))
        return "three_generations", members
    if r < 0.88:
        a = randint(56, 75)
        members = [("self", "M", a)]
        if rnd() < 0.8:
            members.append(("spouse", "F", max(54, a - randint(0, 4))))
        for _ in range(1 if rnd() < 0.65 else 2):
            members.append(("grandchild", g(), randint(3, 15)))
        return "grandparents", members
    if r < 0.96:
        a = randint(46, 66)
        members = [("self", "M", a), ("spouse", "F", max(44, a - randint(0, 4)))]
        for _ in range(1 if rnd() < 0.7 else 2):
            cg = g()
            members.append((child_rel(cg), cg, randint(18, min(34, a - 22))))
        return "adult_children", members
    a = randint(32, 55)
    members = [("self", "F" if rnd() < 0.7 else "M", a)]
    for _ in range(1 if rnd() < 0.75 else 2):
        cg = g()
        members.append((child_rel(cg), cg, randint(1, min(20, a - 22))))
    return "single_parent", members


# ------------------------------------------------------------------------ public

def generate(store, residents: int, seed: int = 1, progress: ProgressFn | None = None, *,
             today: dt.date | None = None, actor: Actor = SYSTEM,
             geometry: bool = True) -> dict:
    """Fill an empty store with a demo street of exactly ``residents`` people
    (the last household is cut to fit).

    ``today`` (default: the real today) anchors ages, tag dates and visits, so
    it is part of what makes a run reproducible. ``progress(done, total)`` is
    called every 20,000 residents and once more after indexing; it counts work
    units, not residents (each resident is one unit and building the search
    index is given ``INDEX_SHARE`` of the total, about its share of the time),
    so done/total is a fair fraction for a progress bar. An exception raised
    from ``progress`` cancels the run and rolls everything back.
    Returns counts per table, ``grid_ids`` (grids and the dedicated grid, in
    code order of creation), ``indexed`` and ``seconds``. Raises DemoError if
    the store already holds roster data. With ``geometry`` the street's map is
    written beside the database (``geo.write_demo_geometry``).
    """
    if residents < 1:
        raise ValueError("residents must be at least 1")
    conn = store.conn
    for table in ("org_units", "addresses", "households", "residents"):
        if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            raise DemoError(f"the store is not empty ({table} has rows); the demo street "
                            "goes into an empty store only")
    today = today or clock.today()
    started = time.perf_counter()
    rng = random.Random(f"griddesk-demo:{seed}")
    stamp = f"{(today - dt.timedelta(days=1)).isoformat()}T20:00:00+08:00"
    st = _Street(rng, today, stamp)
    index_weight = int(residents * INDEX_SHARE / (1 - INDEX_SHARE)) + 1
    total_work = residents + index_weight
    counts = {t: 0 for t in ("org_units", "addresses", "households", "residents",
                             "resident_tags", "visits")}
    grid_ids: list[str] = []

    with store.transaction():
        for table, rows in _rows(st, residents, grid_ids, progress, total_work):
            counts[table] += roster.load_rows(store, table, rows)
        if progress:
            progress(residents, total_work)
        indexed = search.reindex_all(conn)
        audit.append(conn, at=clock.now_iso(), actor=actor.user_id, action="demo_data",
                     detail={"residents": residents, "seed": seed})
    # The one big transaction went through the WAL; give that disk space back now.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    if geometry and getattr(store, "path", None) is not None:
        from app.models.reports import geo
        geo.write_demo_geometry(store)
    if progress:
        progress(total_work, total_work)
    return dict(counts, grid_ids=grid_ids, indexed=indexed, seed=seed,
                seconds=round(time.perf_counter() - started, 2))


def _rows(st: _Street, target: int, grid_ids: list, progress, total_work):
    """Yield (table, rows) batches in an order that satisfies the foreign keys."""
    rng, rnd, randint = st.rng, st.rnd, st.rng.randint
    stamp = st.stamp
    today_ord = st.today_ord
    today = st.today
    iso = st.iso
    new_id = st.new_id

    orgs, addrs, hhs, res, tags, visits = [], [], [], [], [], []

    def org(code, name, kind, parent, branch=None, secretary=None):
        row = dict(zip(ORG_COLS, (new_id(), code, name, roster.ORG_LEVELS[kind], kind,
                                  parent["id"] if parent else None,
                                  (parent["path"] if parent else "/") + code + "/",
                                  branch, secretary, 1, None, stamp)))
        orgs.append(row)
        return row

    def person_name():
        return st.name("M" if rnd() < 0.6 else "F", randint(1960, 1990))

    def flush():
        batch = [("org_units", orgs), ("addresses", addrs), ("households", hhs),
                 ("residents", res), ("resident_tags", tags), ("visits", visits)]
        for table, rows in batch:
            if rows:
                yield table, list(rows)
                rows.clear()

    city = org(CITY[0], CITY[1], "city", None, "中共郑州市委员会", None)
    district = org(DISTRICT[0], DISTRICT[1], "district", city, "中共郑州市金水区委员会", None)
    for code, name in DEPARTMENTS:
        org(code, name, "department", district, name + "机关党支部", person_name())
    street = org(STREET[0], STREET[1], "street", district, STREET[1] + "党工委", person_name())

    community_roots = list(COMMUNITY_ROOTS)
    rng.shuffle(community_roots)
    community_names = iter(
        [r + "社区" for r in community_roots]
        + [r + s + "社区" for s in COMMUNITY_SIDES for r in community_roots]
        + [f"花园路第{_cn_number(i)}社区" for i in range(1, 1000)])

    rid = 0
    community = None
    community_no = 0
    grids_left_in_community = 0
    grid = None
    grid_no = 0
    grid_worker = ""
    households_in_grid = 0
    grid_target = 0
    estate = None
    estate_old = False
    buildings_left = 0
    building_no = 0
    next_report = 0
    yield_at = CHUNK

    zz_area, home_area, ethnicity = st.zz_areas.pick, st.home_areas.pick, st.ethnicity.pick
    occupation_pick = st.occupations.pick
    surname_pick = st.surnames.pick
    name = st.name
    id_number = st.id_number
    mobile = st.mobile

    while rid < target:
        # ---- the next building; a new grid (and community) starts at a building boundary
        while True:
            if grid is None or households_in_grid >= grid_target:
                if grids_left_in_community <= 0:
                    community_no += 1
                    cname = next(community_names)
                    community = org(f"{street['code']}{community_no:03d}", cname, "community",
                                    street, cname + "党委", person_name())
                    grids_left_in_community = randint(5, 9)
                    grid_no = 0
                    if community_no == 1:
                        dedicated = org(f"{community['code']}901", DEDICATED[0], "dedicated",
                                        community, DEDICATED[1], person_name())
                        grid_ids.append(dedicated["id"])
                grid_no += 1
                grids_left_in_community -= 1
                gname = f"第{_cn_number(grid_no)}网格"
                grid = org(f"{community['code']}{grid_no:03d}", gname, "grid", community,
                           f"{community['name']}{gname}党支部", person_name())
                grid_ids.append(grid["id"])
                grid_worker = person_name()
                grid_target = randint(300, 450)
                households_in_grid = 0
                estate = None
                estate_no = 0
            # ---- new estate
            if estate is None or buildings_left <= 0:
                estate_no += 1
                ename, estate_old = st.estate_name()
                ecode = roster.estate_code(grid["code"], f"{estate_no:03d}")
                estate = dict(zip(ADDR_COLS, (new_id(), None, grid["id"], "estate", ecode, ename,
                                              None, ecode, ename, 1, None, stamp)))
                addrs.append(estate)
                buildings_left = randint(2, 8) if estate_old else randint(4, 20)
                building_no = 0
            if estate_old:
                floors, units, per_floor = randint(5, 7), randint(1, 3), 2
            else:
                floors = rng.choice((6, 6, 7, 11, 11, 12, 15, 17, 18, 18))
                units = randint(1, 3)
                per_floor = 2 if floors <= 7 else randint(2, 4)
            # keep grids at 300-500 households: a building that would overfill a grid
            # that already has enough goes into the next one
            if households_in_grid >= 300 and \
                    households_in_grid + floors * units * per_floor * 0.91 > 500:
                if building_no == 0:            # the estate just opened stays unused
                    assert addrs[-1] is estate
                    addrs.pop()
                grid_target = 0
                continue
            break
        buildings_left -= 1
        building_no += 1
        bname = f"{building_no}号楼"
        bcode = f"{estate['code']}{building_no:03d}"
        bfull = f"{estate['full_name']} {bname}"
        building_id = new_id()
        addrs.append(dict(zip(ADDR_COLS, (building_id, estate["id"], grid["id"], "building",
                                          bcode, bname, None, bcode, bfull, 1, None, stamp))))
        grid_id = grid["id"]
        for u in range(1, units + 1):
            if rid >= target:
                break
            uname = f"{u}单元"
            ucode = f"{bcode}{u:02d}"
            ufull = f"{bfull} {uname}"
            unit_id = new_id()
            addrs.append(dict(zip(ADDR_COLS, (unit_id, building_id, grid_id, "unit", ucode, uname,
                                              None, ucode, ufull, 1, None, stamp))))
            for fl in range(1, floors + 1):
                if rid >= target:
                    break
                for k in range(1, per_floor + 1):
                    if rid >= target:
                        break
                    rnum = f"{fl:02d}{k:02d}"
                    rname = f"{fl}{k:02d}室"
                    rcode = ucode + rnum
                    rfull = f"{ufull} {rname}"
                    room_id = new_id()
                    addrs.append(dict(zip(ADDR_COLS, (room_id, unit_id, grid_id, "room", rcode,
                                                      rname, fl, rcode, rfull, 1, None, stamp))))
                    if rnd() < 0.09:
                        continue                     # vacant
                    # ---- one household
                    r = rnd()
                    kind = "registered" if r < 0.70 else "rental" if r < 0.92 else "floating"
                    pattern, plan = _household_plan(rnd, randint, kind)
                    plan = plan[:target - rid]
                    households_in_grid += 1
                    hh_id = new_id()
                    local = kind == "registered"
                    if local:
                        area, place = zz_area(rnd)
                        moved_in = today_ord - randint(365, 365 * 30)
                    else:
                        area, place = home_area(rnd)
                        moved_in = today_ord - randint(20, 365 * 6)
                    head_gender = plan[0][1]
                    head_surname = surname_pick(rnd)
                    spouse_surname = surname_pick(rnd)
                    # children take the father's surname, now and then the mother's
                    family, other_parent = head_surname, spouse_surname
                    if head_gender == "F" and len(plan) > 1 and plan[1][0] == "spouse":
                        family, other_parent = spouse_surname, head_surname
                    eth = ethnicity(rnd)
                    if area == "410104" and rnd() < 0.25:
                        eth = "03"
                    reg_addr = (f"河南省郑州市金水区{rfull.replace(' ', '')}" if local else
                                f"{place}{rng.choice(VILLAGE_PARTS)}村")
                    head_id = None
                    head_phone = None
                    alone = pattern == "single_elderly"
                    empty_nest = pattern == "elderly_couple"
                    for i, (relation, gender, age) in enumerate(plan):
                        rid += 1
                        person_id = new_id()
                        if i == 0:
                            head_id = person_id
                        birth_ord = today_ord - int((age + rnd()) * 365.2425) - 1
                        birth = iso(birth_ord)
                        byear = int(birth[:4])
                        exact_age = today.year - byear - (
                            (today.month, today.day) < (int(birth[5:7]), int(birth[8:10])))
                        if relation == "self" or relation == "sibling":
                            surname = head_surname
                        elif relation == "spouse":
                            surname = spouse_surname
                        elif relation in ("son", "daughter", "grandchild"):
                            surname = family if rnd() < 0.95 else other_parent
                        elif relation == "parent":
                            surname = head_surname if gender == "M" else None
                        else:
                            surname = None
                        pname = name(gender, byear, surname)
                        # ID: most people share the household's area; spouses often not
                        p_area, p_place = area, place
                        if relation == "spouse" or relation == "other" or rnd() < 0.15:
                            p_area, p_place = zz_area(rnd) if local else home_area(rnd)
                        idn = id_number(p_area, birth, gender)
                        # phone
                        if exact_age < 12:
                            phone = None
                        elif exact_age < 18:
                            phone = mobile() if rnd() < 0.4 else None
                        elif exact_age >= 80:
                            x = rnd()
                            phone = (None if x < 0.25 else head_phone if x < 0.5 and head_phone
                                     else "0371-6%07d" % rng.randrange(10_000_000) if x < 0.6
                                     else mobile())
                        else:
                            phone = mobile()
                        if i == 0:
                            head_phone = phone
                        # residence type and status
                        if local:
                            rtype = "separated" if rnd() < 0.03 else "registered"
                        else:
                            rtype = "floating"
                        x = rnd()
                        if exact_age >= 70 and x < 0.012:
                            status = "deceased"
                        elif x < 0.015:
                            status = "moved_out"
                        elif not local and x < 0.02:
                            status = "lost"
                        else:
                            status = "living"
                        # political status, education, work
                        party = False
                        if exact_age < 14:
                            pol = None
                        else:
                            x = rnd()
                            if exact_age >= 18 and x < 0.075:
                                pol, party = "01", True
                            elif exact_age >= 18 and x < 0.079:
                                pol = "02"
                            elif exact_age <= 28 and x < 0.38:
                                pol = "03"
                            elif exact_age >= 30 and x < 0.083:
                                pol = "04"
                            else:
                                pol = "13"
                        occupation = work_unit = None
                        if exact_age < 6:
                            edu = None
                        elif exact_age < 12:
                            edu, occupation = "primary", "学生"
                        elif exact_age < 15:
                            edu, occupation = "junior", "学生"
                        elif exact_age < 18:
                            edu, occupation = "senior", "学生"
                        else:
                            x = rnd()
                            if byear < 1960:
                                edu = ("none" if x < 0.08 else "primary" if x < 0.3 else
                                       "junior" if x < 0.62 else "senior" if x < 0.85 else
                                       "college" if x < 0.93 else "bachelor")
                            elif byear < 1980:
                                edu = ("primary" if x < 0.06 else "junior" if x < 0.3 else
                                       "senior" if x < 0.58 else "college" if x < 0.76 else
                                       "bachelor" if x < 0.95 else "postgraduate")
                            else:
                                edu = ("junior" if x < 0.12 else "senior" if x < 0.3 else
                                       "college" if x < 0.55 else "bachelor" if x < 0.88 else
                                       "postgraduate")
                            if exact_age < 22 and x < 0.7:
                                occupation = "学生"
                            elif exact_age >= 60 or (gender == "F" and exact_age >= 55):
                                occupation = "退休"
                            else:
                                occupation = occupation_pick(rnd)
                                if local and occupation not in ("个体经营", "务工", "无业",
                                                                "自由职业", "外卖骑手") \
                                        and rnd() < 0.5:
                                    work_unit = rng.choice(WORK_UNITS)
                        if exact_age < 20:
                            marital = "10"
                        elif relation == "spouse" or (i == 0 and len(plan) > 1
                                                      and plan[1][0] == "spouse"):
                            marital = "20"
                        elif alone:
                            marital = "30" if rnd() < 0.85 else "40"
                        elif pattern == "single_parent" and i == 0:
                            marital = "40" if rnd() < 0.7 else "30"
                        elif relation == "parent":
                            marital = "20" if len(plan) > 1 and any(
                                p[0] == "parent" and p[1] != gender for p in plan) else "30"
                        elif exact_age < 28:
                            marital = "10"
                        else:
                            marital = "20" if rnd() < 0.55 else "10" if rnd() < 0.7 else "40"
                        in_service = 0
                        party_unit = None
                        if party and work_unit and exact_age < 60 and rnd() < 0.35:
                            in_service, party_unit = 1, rng.choice(PARTY_UNITS)
                        moved = iso(max(moved_in, birth_ord))
                        note = (STATUS_NOTES[status] if status != "living" else
                                "现居住于外地，户籍在本址" if rtype == "separated" else None)
                        res.append(dict(zip(RES_COLS, (
                            rid, person_id, grid_id, hh_id, relation, pname, "resident_id", idn,
                            gender, birth, ethnicity(rnd) if relation in ("spouse", "other")
                            else eth, phone, rtype, pol, edu, occupation, work_unit, marital,
                            reg_addr if local else (f"{p_place}{rng.choice(VILLAGE_PARTS)}村"
                                                    if p_area != area else reg_addr),
                            moved, status, note, in_service, party_unit, rcode,
                            stamp, 1, None, stamp))))
                        if status == "living":
                            _tags_for(st, tags, visits, person_id, grid_id, grid_worker,
                                      exact_age, birth_ord, gender, relation, pattern,
                                      alone, empty_nest)
                    hhs.append(dict(zip(HH_COLS, (
                        hh_id, f"{grid['code'][-6:]}{households_in_grid:04d}", room_id, grid_id,
                        kind, head_id, rcode, 1, None, stamp))))
        # ---- write a chunk
        if rid >= yield_at or rid >= target:
            yield from flush()
            yield_at = rid + CHUNK
            if progress and rid >= next_report:
                progress(rid, total_work)
                next_report = rid + CHUNK
    yield from flush()


def _tags_for(st: _Street, tags: list, visits: list, person_id: str, grid_id: str,
              visitor: str, age: int, birth_ord: int, gender: str, relation: str,
              pattern: str, alone: bool, empty_nest: bool) -> None:
    """Care and key-group tags for one living resident, and visits for some of them."""
    rnd, randint, rng = st.rnd, st.rng.randint, st.rng
    iso, today_ord, stamp, new_id = st.iso, st.today_ord, st.stamp, st.new_id
    mine: list[str] = []

    def tag(code, since, until=None, notes=None, details=None):
        mine.append(code)
        tags.append(dict(zip(TAG_COLS, (st.new_tag_id(), person_id, code, iso(since),
                                        iso(until) if until else None, notes, details,
                                        1, None, stamp))))

    if age >= 80:
        since = birth_ord + int(80 * 365.2425) + 1
        tag("very_old", min(since, today_ord))
    if alone and age >= 60:
        tag("elderly_alone", today_ord - randint(30, 365 * 8), notes="子女在外地工作"
            if rnd() < 0.5 else None)
    elif empty_nest and age >= 60:
        tag("empty_nest", today_ord - randint(30, 365 * 10))
    if pattern == "grandparents" and relation == "grandchild" and rnd() < 0.7:
        tag("left_behind_child", today_ord - randint(30, 365 * 5), notes="父母在外务工")
    x = rnd()
    if x < 0.016:
        cat = rng.choice(list(DISABILITY_CATEGORIES.values()))
        tag("disabled", today_ord - randint(100, 365 * 20),
            details=f"{cat.zh} {rng.choice(DISABILITY_GRADES)}")
    elif x < 0.024 and relation == "self":
        tag("min_income", today_ord - randint(60, 365 * 6),
            notes=f"保障人口 {randint(1, 4)} 人")
    elif x < 0.026 and age >= 18:
        tag("hardship", today_ord - randint(30, 365 * 3))
    elif x < 0.0266 and age >= 16:
        tag("extreme_poverty", today_ord - randint(60, 365 * 8))
    elif x < 0.045 and gender == "M" and age >= 38:
        tag("veteran", today_ord - randint(365, 365 * 30),
            details="退役士兵" if rnd() < 0.85 else "退役军官")
        if rnd() < 0.15:
            tag("special_care", today_ord - randint(60, 365 * 10))
    elif x < 0.052 and 22 <= age < 55:
        start = today_ord - randint(20, 700)
        ended = rnd() < 0.35
        tag("unemployed", start, until=min(today_ord - 1, start + randint(30, 300))
            if ended else None)
    elif 18 <= age < 75:
        if x < 0.0550:
            tag("severe_mental", today_ord - randint(200, 365 * 15),
                details=rng.choice(("精神分裂症", "双相情感障碍", "偏执性精神病")),
                notes="监护人：" + ("配偶" if rnd() < 0.5 else "父母"))
        elif x < 0.0553:
            since = today_ord - randint(30, 700)
            tag("community_correction", since, until=since + randint(365, 365 * 3),
                details=rng.choice(("缓刑", "假释", "暂予监外执行")))
        elif x < 0.0556:
            tag("released_prisoner", today_ord - randint(60, 365 * 5))
        elif x < 0.0558:
            tag("drug_user", today_ord - randint(100, 365 * 6), details="社区康复")
        elif x < 0.0560:
            tag("key_petitioner", today_ord - randint(30, 365 * 2))
    if not mine:
        return
    key = any(TAG_TYPES[t].group == "key" for t in mine)
    frequent = [TAG_TYPES[t].visit_days for t in mine if t not in ("very_old", "veteran")]
    if not (key or frequent) or rnd() > (0.8 if key else 0.6):
        return
    kind = "key_followup" if key else "care"
    every = min(frequent) if frequent else 30
    # most are on schedule; some are overdue, which is what alerts are for
    last = today_ord - randint(0, every if rnd() < 0.8 else every * 3)
    for n in range(randint(1, 3)):
        visits.append(dict(zip(VISIT_COLS, (
            new_id(), person_id, None, grid_id, iso(last - n * every - randint(0, 2)),
            kind if rnd() < 0.85 else "routine", rng.choice(FINDINGS[kind]), "[]", visitor,
            1, None, stamp))))
