"""Code lists used by the roster (domain.md §3). The dictionaries synced from the
city server (categories, calendar) are in ``app.models.domain.dictionaries`` and
``app.models.store.dictionaries``.

Codes are stored in the database; labels are data in both languages, chosen
by the UI language. Where a national standard defines the code (GB 3304
ethnicity, GB/T 4762 political status, GB/T 2261.2 marital status) its code is
used.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    code: str
    zh: str
    en: str

    def label(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class TagType(Choice):
    group: str = "care"          # 'care' (关怀对象) or 'key' (重点人群, needs 防)
    visit_days: int = 30         # visit frequency; an overdue visit is an alert


def _choices(rows) -> dict[str, Choice]:
    return {code: Choice(code, zh, en) for code, zh, en in rows}


ID_TYPES = _choices([
    ("resident_id", "居民身份证", "Resident ID card"),
    ("passport", "护照", "Passport"),
    ("hk_macao", "港澳居民来往内地通行证", "Mainland Travel Permit (HK/Macao)"),
    ("taiwan", "台湾居民来往大陆通行证", "Mainland Travel Permit (Taiwan)"),
    ("foreign_pr", "外国人永久居留身份证", "Foreign Permanent Resident ID"),
    ("other", "其他", "Other"),
])

GENDERS = _choices([("M", "男", "Male"), ("F", "女", "Female")])

ETHNICITIES = _choices([
    ("01", "汉族", "Han"), ("02", "蒙古族", "Mongol"), ("03", "回族", "Hui"),
    ("04", "藏族", "Zang"), ("05", "维吾尔族", "Uygur"), ("06", "苗族", "Miao"),
    ("07", "彝族", "Yi"), ("08", "壮族", "Zhuang"), ("09", "布依族", "Buyei"),
    ("10", "朝鲜族", "Chosen"), ("11", "满族", "Man"), ("12", "侗族", "Dong"),
    ("13", "瑶族", "Yao"), ("14", "白族", "Bai"), ("15", "土家族", "Tujia"),
    ("16", "哈尼族", "Hani"), ("17", "哈萨克族", "Kazak"), ("18", "傣族", "Dai"),
    ("19", "黎族", "Li"), ("20", "傈僳族", "Lisu"), ("21", "佤族", "Va"),
    ("22", "畲族", "She"), ("23", "高山族", "Gaoshan"), ("24", "拉祜族", "Lahu"),
    ("25", "水族", "Sui"), ("26", "东乡族", "Dongxiang"), ("27", "纳西族", "Naxi"),
    ("28", "景颇族", "Jingpo"), ("29", "柯尔克孜族", "Kirgiz"), ("30", "土族", "Tu"),
    ("31", "达斡尔族", "Daur"), ("32", "仫佬族", "Mulao"), ("33", "羌族", "Qiang"),
    ("34", "布朗族", "Blang"), ("35", "撒拉族", "Salar"), ("36", "毛南族", "Maonan"),
    ("37", "仡佬族", "Gelao"), ("38", "锡伯族", "Xibe"), ("39", "阿昌族", "Achang"),
    ("40", "普米族", "Pumi"), ("41", "塔吉克族", "Tajik"), ("42", "怒族", "Nu"),
    ("43", "乌孜别克族", "Uzbek"), ("44", "俄罗斯族", "Russ"), ("45", "鄂温克族", "Ewenki"),
    ("46", "德昂族", "Deang"), ("47", "保安族", "Bonan"), ("48", "裕固族", "Yugur"),
    ("49", "京族", "Gin"), ("50", "塔塔尔族", "Tatar"), ("51", "独龙族", "Derung"),
    ("52", "鄂伦春族", "Oroqen"), ("53", "赫哲族", "Hezhen"), ("54", "门巴族", "Monba"),
    ("55", "珞巴族", "Lhoba"), ("56", "基诺族", "Jino"),
])

RESIDENCE_TYPES = _choices([
    ("registered", "户籍", "Registered here"),
    ("floating", "流动", "Floating"),
    ("separated", "人户分离", "Registered here, lives elsewhere"),
    ("foreign", "境外", "Foreign"),
])

POLITICAL_STATUS = _choices([
    ("01", "中共党员", "CPC member"),
    ("02", "中共预备党员", "CPC probationary member"),
    ("03", "共青团员", "CYL member"),
    ("04", "民主党派", "Democratic party member"),
    ("13", "群众", "No party affiliation"),
])

EDUCATION = _choices([
    ("postgraduate", "研究生", "Postgraduate"),
    ("bachelor", "大学本科", "Bachelor"),
    ("college", "大学专科", "College"),
    ("senior", "高中/中专", "Senior secondary"),
    ("junior", "初中", "Junior secondary"),
    ("primary", "小学", "Primary"),
    ("none", "文盲或半文盲", "None"),
])

MARITAL_STATUS = _choices([
    ("10", "未婚", "Single"), ("20", "已婚", "Married"),
    ("30", "丧偶", "Widowed"), ("40", "离婚", "Divorced"),
])

RESIDENT_STATUS = _choices([
    ("living", "在住", "Living here"),
    ("moved_out", "迁出", "Moved out"),
    ("deceased", "死亡", "Deceased"),
    ("lost", "失联", "Lost contact"),
])

RELATIONS = _choices([
    ("self", "本人", "Head"), ("spouse", "配偶", "Spouse"), ("son", "子", "Son"),
    ("daughter", "女", "Daughter"), ("parent", "父母", "Parent"),
    ("grandchild", "孙子女", "Grandchild"), ("sibling", "兄弟姐妹", "Sibling"),
    ("other", "其他", "Other"),
])

HOUSEHOLD_KINDS = _choices([
    ("registered", "户籍户", "Registered"),
    ("floating", "流动户", "Floating"),
    ("rental", "出租户", "Rental"),
])

VISIT_KINDS = _choices([
    ("routine", "日常走访", "Routine"),
    ("care", "关怀走访", "Care"),
    ("key_followup", "重点随访", "Key-group follow-up"),
    ("case_followup", "事件回访", "Case follow-up"),
])

TAG_TYPES: dict[str, TagType] = {t.code: t for t in [
    TagType("elderly_alone", "独居老人", "Elderly living alone", "care", 7),
    TagType("empty_nest", "空巢老人", "Empty-nest elderly", "care", 14),
    TagType("very_old", "高龄老人", "Aged 80+", "care", 30),
    TagType("left_behind_child", "留守儿童", "Left-behind child", "care", 14),
    TagType("disabled", "残疾人", "Disabled", "care", 30),
    TagType("min_income", "低保户", "Minimum-income household", "care", 30),
    TagType("extreme_poverty", "特困人员", "Extreme poverty", "care", 30),
    TagType("veteran", "退役军人", "Veteran", "care", 90),
    TagType("special_care", "优抚对象", "Entitled group", "care", 90),
    TagType("unemployed", "失业人员", "Unemployed", "care", 30),
    TagType("hardship", "困难群众", "In hardship", "care", 30),
    TagType("community_correction", "社区矫正", "Community correction", "key", 7),
    TagType("released_prisoner", "刑满释放", "Released prisoner", "key", 30),
    TagType("severe_mental", "严重精神障碍", "Severe mental disorder", "key", 30),
    TagType("drug_user", "吸毒人员", "Drug user", "key", 30),
    TagType("key_petitioner", "重点上访", "Key petitioner", "key", 14),
]}

DISABILITY_CATEGORIES = _choices([
    ("visual", "视力残疾", "Visual"), ("hearing", "听力残疾", "Hearing"),
    ("speech", "言语残疾", "Speech"), ("physical", "肢体残疾", "Physical"),
    ("intellectual", "智力残疾", "Intellectual"), ("mental", "精神残疾", "Mental"),
    ("multiple", "多重残疾", "Multiple"),
])

# Province-level prefixes of GB/T 2260 (the first two digits of an ID number).
PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
    "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
    "61", "62", "63", "64", "65", "71", "81", "82", "83",
}
