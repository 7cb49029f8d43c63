"""The case category dictionary (domain.md §5 starter set), versioned data."""
from __future__ import annotations

import json

import pytest

from app.models.domain import categories
from app.models.domain.categories import Categories, Limit
from app.paths import resource_path

H, DAY = "hours", "days"
# (major, name, limit) exactly as in domain.md
STARTER = [
    ("市容环境", "暴露垃圾", Limit(1, DAY)), ("市容环境", "乱堆物料", Limit(2, DAY)),
    ("市容环境", "非法小广告", Limit(1, DAY)), ("市容环境", "道路不洁", Limit(5, H)),
    ("设施管理", "井盖缺失/破损", Limit(4, H)), ("设施管理", "路灯不亮", Limit(3, DAY)),
    ("设施管理", "道路破损", Limit(5, DAY)),
    ("违法建设", "私搭乱建", Limit(20, DAY)),
    ("矛盾纠纷", "邻里纠纷", Limit(3, DAY)), ("矛盾纠纷", "物业纠纷", Limit(5, DAY)),
    ("矛盾纠纷", "劳资纠纷", Limit(5, DAY)),
    ("安全隐患", "消防隐患", Limit(1, DAY)), ("安全隐患", "燃气隐患", Limit(4, H)),
    ("安全隐患", "高空坠物", Limit(1, DAY)), ("安全隐患", "电动车入户充电", Limit(1, DAY)),
    ("民生服务", "困难帮扶", Limit(5, DAY)), ("民生服务", "政策咨询", Limit(3, DAY)),
    ("民生服务", "证照代办", Limit(5, DAY)),
    ("治安", "治安隐患", Limit(1, DAY)),
    ("其他", "其他", Limit(5, DAY)),
]


@pytest.fixture(scope="module")
def cats():
    return categories.load()


def test_every_starter_category_with_its_limit(cats):
    by_name = {(c.major, c.name): c for c in cats}
    for major, name, limit in STARTER:
        assert (major, name) in by_name, name
        assert by_name[(major, name)].limit == limit, name
    assert len(cats) == len(STARTER)


def test_codes_names_and_departments(cats):
    for cat in cats:
        assert cat.code.isascii() and cat.code == cat.code.lower()
        assert cat.en and cat.name and cat.major and cat.major_code.isascii()
        assert cat.department_code.isascii() and cat.department_name
        assert cats.department(cat.department_code).name == cat.department_name
        assert cats[cat.code] is cat and cats.get(cat.code) is cat
    assert cats.get("no_such") is None and cats.get(None) is None
    assert "exposed_garbage" in cats
    assert cats["gas_hazard"].department_name == "燃气"
    assert cats["public_order_hazard"].department_name == "派出所"
    assert cats["illegal_construction"].department_name == "城管局"
    assert cats["exposed_garbage"].name_in("en") == "Exposed garbage"
    assert cats["exposed_garbage"].label("zh_CN") == "暴露垃圾"


def test_self_handle_flags(cats):
    for code in ("exposed_garbage", "illegal_ads", "dirty_road", "policy_inquiry",
                 "neighbour_dispute"):
        assert cats[code].self_handle, code
    for code in ("illegal_construction", "gas_hazard", "manhole_cover", "fire_hazard"):
        assert not cats[code].self_handle, code


def test_urgent_override(cats):
    garbage = cats["exposed_garbage"]
    assert garbage.limit_for(False) == Limit(1, DAY)
    assert garbage.limit_for(True) == Limit(4, H)
    assert garbage.limit_for("urgent") == Limit(4, H)
    assert garbage.limit_for("normal") == Limit(1, DAY)
    # no override: the normal limit applies to an urgent case too
    assert cats["illegal_ads"].urgent_limit is None
    assert cats["illegal_ads"].limit_for(True) == Limit(1, DAY)
    # urgent by nature
    for code in ("manhole_cover", "gas_hazard"):
        assert cats[code].default_urgency == "urgent"
        assert cats[code].limit_for(True) == cats[code].limit_for(False) == Limit(4, H)
    assert Limit(4, H).working_hours(7) == 4 and Limit(2, DAY).working_hours(7) == 14


def test_illegal_construction_first_response(cats):
    cat = cats["illegal_construction"]
    assert cat.first_response == Limit(4, H)
    assert cat.limit == Limit(20, DAY)
    assert all(c.first_response is None for c in cats if c.code != "illegal_construction")


def test_list_by_major_and_version(cats):
    assert cats.version == 1 == categories.version()
    assert cats.majors() == ["市容环境", "设施管理", "违法建设", "矛盾纠纷", "安全隐患",
                             "民生服务", "治安", "其他"]
    assert [c.name for c in cats.by_major("安全隐患")] == ["消防隐患", "燃气隐患", "高空坠物",
                                                       "电动车入户充电"]
    assert cats.by_major("safety") == cats.in_major("安全隐患")
    assert cats.major("safety").name == "安全隐患" and cats.major("安全隐患").code == "safety"
    assert sum(len(cats.by_major(m)) for m in cats.majors()) == len(cats)


def test_loaded_through_resource_path_and_validated(tmp_path):
    path = resource_path("dictionaries", "categories.json")
    data = json.loads(path.read_text("utf-8"))
    assert data["version"] == 1
    bad = dict(data, categories=data["categories"] + [data["categories"][0]])
    (tmp_path / "dup.json").write_text(json.dumps(bad), "utf-8")
    with pytest.raises(ValueError):
        Categories.load(tmp_path / "dup.json")
    newer = dict(data, version=2)
    (tmp_path / "v2.json").write_text(json.dumps(newer), "utf-8")
    assert categories.load(tmp_path / "v2.json").version == 2
    with pytest.raises(ValueError):
        Limit.parse({"weeks": 1})
