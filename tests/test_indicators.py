"""The indicator scheme: wordings from real reports map to the right SKOS concept."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.indicators import all_indicators, label, normalise

TTL = Path(__file__).parent.parent / "data" / "indicators.ttl"

# 主要预期目标 sentences of the 2025 provincial government work reports (corpus gwr-2025).
JIANGXI = (
    "主要预期目标是：地区生产总值增长5%左右，规模以上工业增加值增长7.5%左右，固定资产投资增长5%左右，"
    "社会消费品零售总额增长5%左右，城镇、农村居民人均可支配收入分别增长5%、6.5%左右，居民消费价格涨幅2%左右，"
    "城镇调查失业率5.5%左右，水、空气等主要生态环境指标保持优秀水平，主要污染物排放等指标完成国家下达目标。"
)
SHANGHAI = (
    "主要预期目标是：全市生产总值增长5%左右，地方一般公共预算收入增长2%，"
    "全社会研发经费支出相当于全市生产总值的比例达到4.5%左右，城镇调查失业率5%以内，"
    "居民人均可支配收入增长与经济增长保持同步，居民消费价格涨幅2%左右，"
    "单位生产总值能耗、单位生产总值二氧化碳排放量进一步下降，主要污染物重点工程减排量完成国家下达目标。"
)
ANHUI = (
    "主要预期目标是：全省地区生产总值增长5.5%以上，在实际工作中争取更好结果；全员劳动生产率16.8万元/人左右，"
    "研究与试验发展经费投入强度2.85%左右，固定资产投资增长5%左右，规上工业增加值增长7%左右，"
    "社会消费品零售总额增长5.5%左右，进出口总额增长5.5%左右，一般公共预算收入增长2%左右，"
    "城镇常住居民人均可支配收入增速高于全国平均水平，农村常住居民人均可支配收入增速高于全国平均水平、"
    "高于城镇居民收入增速，城镇调查失业率5.5%左右，城镇新增就业68万人左右，居民消费价格涨幅2%左右，"
    "粮食产量和粮食播种面积、单位地区生产总值能耗降低及生态环境质量指标完成国家下达目标任务。"
)
HUNAN = (
    "主要预期目标是：地区生产总值增长5.5%左右，地方一般公共预算收入增长2.5%，规模工业增加值增长6.5%以上，"
    "固定资产投资增长4.5%，社会消费品零售总额增长5.5%以上，进出口保稳提质，城镇新增就业70万人，"
    "居民收入增速高于经济增速，居民消费价格涨幅与全国一致，粮食产量616亿斤左右，"
    "节能减排和碳排放强度下降完成国家下达任务。"
)
XINJIANG = (
    "主要预期目标是：地区生产总值增长6%左右；规模以上工业增加值增长8%左右；固定资产投资增长10%左右；"
    "社会消费品零售总额增长5%左右；进出口贸易总额增长12%左右；一般公共预算收入增长10%左右；"
    "实现城镇新增就业46万人以上，城镇调查失业率控制在5.5%以内；城镇居民人均可支配收入增长6%左右，"
    "农村居民人均可支配收入增长7%左右；居民消费价格涨幅保持在2%左右；粮食产量476亿斤以上；"
    "单位地区生产总值能耗降低3%以上，生态环境质量持续改善。"
)
JILIN = (
    "主要预期目标是：地区生产总值增长5.5％左右，粮食产量880亿斤以上，固定资产投资增长5％左右，"
    "社会消费品零售总额增长6％左右，一般公共预算收入增长3％左右，城乡居民人均可支配收入增速高于经济增长速度，"
    "城镇调查失业率控制在5.5％左右，居民消费价格指数涨幅在2％左右，单位GDP能耗下降2％左右。"
)
GUANGDONG = (
    "主要预期目标是：地区生产总值增长5%左右；固定资产投资提质提效，社会消费品零售总额增长5%左右，"
    "进出口总额稳量提质；规模以上工业增加值增长6%左右；地方一般公共预算收入增长3%；"
    "居民人均可支配收入增长与经济增长同步，居民消费价格涨幅2%左右；城镇调查失业率5.5%左右，"
    "城镇新增就业110万人以上；粮食产量1285万吨；空气质量优良天数比率和地表水水质优良率均完成国家下达任务。"
)
XIZANG = (
    "主要预期目标是：地区生产总值增长7%以上、力争达到8%，全社会固定资产投资增长15%以上、力争达到20%，"
    "社会消费品零售总额增长8%以上、力争达到10%，规上工业增加值增长16%，"
    "城乡居民人均可支配收入分别增长8%和10%，城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内。"
)
GANSU = (
    "主要预期目标是：地区生产总值增长5.5%左右，规模以上工业增加值增长8%左右，固定资产投资增长5%左右，"
    "社会消费品零售总额增长5%左右，外贸进出口总额增长10%左右，一般公共预算收入同口径增长5.5%左右。"
)
JIANGSU = (
    "主要预期目标是：地区生产总值增长5%以上，城镇新增就业120万人以上，居民消费价格涨幅2%左右，"
    "居民收入增长与经济增长基本同步，社会消费品零售总额增长5.5%左右，全社会研发投入强度达3.35%左右，"
    "单位地区生产总值能耗下降2%左右，粮食产量保持稳定。"
)
# The seed page (tests/data/seed), a1 and a2.
SEED = (
    "全省规模以上工业增加值同比增长8.8%，比一季度加快1.5个百分点；列全国第四位，是2020年以来最好排位。"
    "营业收入增长5.9%，比一季度提高2.4个百分点，列全国第七位；利润总额微降0.3%，降幅比一季度收窄12.4个百分点。"
    "上半年，全省工业投资同比增长11.5%，比一季度加快7.6个百分点；工业技改投资增长7.1%，"
    "占工业投资比重为35.7%，比一季度提高0.8个百分点。同时，重点产业对工业经济支撑有力，"
    "全省高技术制造业、装备制造业增加值分别增长20.2%、17.2%，户均研发(R&D)投入强度为4.3%"
)

CASES = [
    (JIANGXI, "地区生产总值", "gdp"),
    (JIANGXI, "规模以上工业增加值", "industrial_value_added"),
    (JIANGXI, "固定资产投资", "fixed_asset_investment"),
    (JIANGXI, "社会消费品零售总额", "retail_sales"),
    (JIANGXI, "农村居民人均可支配收入", "rural_disposable_income"),
    (JIANGXI, "居民消费价格涨幅", "cpi"),
    (JIANGXI, "城镇调查失业率", "urban_unemployment_rate"),
    (SHANGHAI, "全市生产总值", "gdp"),
    (SHANGHAI, "地方一般公共预算收入", "budget_revenue"),
    (SHANGHAI, "全社会研发经费支出相当于全市生产总值的比例", "rd_intensity"),
    (SHANGHAI, "居民人均可支配收入", "disposable_income"),
    (SHANGHAI, "单位生产总值能耗", "energy_intensity"),
    (SHANGHAI, "单位生产总值二氧化碳排放量", "carbon_intensity"),
    (ANHUI, "全省地区生产总值", "gdp"),
    (ANHUI, "全员劳动生产率", "labour_productivity"),
    (ANHUI, "研究与试验发展经费投入强度", "rd_intensity"),
    (ANHUI, "规上工业增加值", "industrial_value_added"),
    (ANHUI, "进出口总额", "foreign_trade"),
    (ANHUI, "一般公共预算收入", "budget_revenue"),
    (ANHUI, "城镇常住居民人均可支配收入", "urban_disposable_income"),
    (ANHUI, "农村常住居民人均可支配收入", "rural_disposable_income"),
    (ANHUI, "城镇新增就业", "new_urban_jobs"),
    (ANHUI, "粮食播种面积", "grain_area"),
    (ANHUI, "单位地区生产总值能耗", "energy_intensity"),
    (HUNAN, "规模工业增加值", "industrial_value_added"),
    (HUNAN, "居民收入", "disposable_income"),
    (HUNAN, "粮食产量", "grain_output"),
    (HUNAN, "碳排放强度", "carbon_intensity"),
    (XINJIANG, "进出口贸易总额", "foreign_trade"),
    (XINJIANG, "城镇居民人均可支配收入", "urban_disposable_income"),
    (JILIN, "城乡居民人均可支配收入", "disposable_income"),
    (JILIN, "居民消费价格指数涨幅", "cpi"),
    (JILIN, "单位GDP能耗", "energy_intensity"),
    (GUANGDONG, "空气质量优良天数比率", "air_quality_good_days"),
    (GUANGDONG, "地表水水质优良率", "surface_water_quality"),
    (XIZANG, "全社会固定资产投资", "fixed_asset_investment"),
    (GANSU, "外贸进出口总额", "foreign_trade"),
    (JIANGSU, "全社会研发投入强度", "rd_intensity"),
    (SEED, "全省规模以上工业增加值", "industrial_value_added"),
    (SEED, "营业收入", "operating_revenue"),
    (SEED, "利润总额", "total_profits"),
    (SEED, "工业投资", "industrial_investment"),
    (SEED, "工业技改投资", "technical_renovation_investment"),
    (SEED, "高技术制造业", None),  # the sector, not a figure
    (SEED, "装备制造业增加值", "equipment_manufacturing_value_added"),
    (SEED, "户均研发(R&D)投入强度", "rd_intensity"),
]


@pytest.mark.parametrize(("sentence", "wording", "notation"), CASES)
def test_report_wordings(sentence: str, wording: str, notation: str | None) -> None:
    assert wording in sentence  # the wording is the report's own
    assert normalise(wording) == notation


@pytest.mark.parametrize(
    ("wording", "notation"),
    [
        # the answer key's indicator wordings (tests/data/seed/gold.yaml)
        ("规模以上工业增加值增速", "industrial_value_added"),
        ("规模以上工业营业收入增速", "operating_revenue"),
        ("规模以上工业利润总额降幅", "total_profits"),
        ("工业投资增速", "industrial_investment"),
        ("工业技改投资占工业投资比重", "technical_renovation_investment"),  # not 工业投资
        ("高技术制造业增加值", "high_tech_manufacturing_value_added"),  # not 工业增加值
        ("高技术制造业增加值占规上工业比重", "high_tech_manufacturing_value_added"),
        ("装备制造业增加值占规上工业比重", "equipment_manufacturing_value_added"),
        ("重大工业项目数量", None),
        # width, case and spacing do not matter
        ("ＧＤＰ", "gdp"),
        ("gdp", "gdp"),
        ("研发（R&D）投入强度", "rd_intensity"),
        ("规模以上 工业增加值", "industrial_value_added"),
        # longest label wins
        ("进出口总额", "foreign_trade"),
        ("出口总额", "exports"),
        ("常住人口城镇化率", "urbanisation_rate"),
        ("数字经济核心产业增加值占地区生产总值比重", "digital_economy_share"),
        ("", None),
    ],
)
def test_normalise(wording: str, notation: str | None) -> None:
    assert normalise(wording) == notation


def test_every_label_names_its_own_concept() -> None:
    for ind in all_indicators():
        for wording in (ind.label, *ind.alt_labels):
            assert normalise(wording) == ind.notation, wording


def test_labels() -> None:
    assert label("gdp") == "地区生产总值"
    assert label("industrial_value_added") == "规模以上工业增加值"
    with pytest.raises(KgError, match="unknown indicator 'gpd'"):
        label("gpd")


def test_scheme_as_rdf() -> None:
    store = ox.Store()
    store.load(path=TTL, format=ox.RdfFormat.TURTLE)
    rows = store.query(
        """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX plk: <https://w3id.org/plenum-kg/ontology#>
        SELECT ?c ?n WHERE {
            ?c a skos:Concept , plk:Indicator ;
               skos:inScheme <https://w3id.org/plenum-kg/id/indicator/scheme> ;
               skos:notation ?n ;
               skos:prefLabel ?zh , ?en .
            FILTER (lang(?zh) = "zh" && lang(?en) = "en")
        }"""
    )
    concepts = {row["c"].value: row["n"].value for row in rows}  # type: ignore[index,union-attr]
    notations = {ind.notation for ind in all_indicators()}
    assert set(concepts.values()) == notations
    assert all(c == "https://w3id.org/plenum-kg/id/indicator/" + n for c, n in concepts.items())
    assert {
        "gdp",
        "industrial_value_added",
        "fixed_asset_investment",
        "retail_sales",
        "cpi",
        "ppi",
        "urban_unemployment_rate",
        "new_urban_jobs",
        "disposable_income",
        "budget_revenue",
        "foreign_trade",
        "exports",
        "imports",
        "energy_intensity",
        "carbon_intensity",
        "grain_output",
        "rd_intensity",
        "total_profits",
        "operating_revenue",
        "industrial_investment",
        "manufacturing_investment",
        "high_tech_manufacturing_value_added",
        "equipment_manufacturing_value_added",
        "service_production_index",
        "fdi",
        "digital_economy_share",
        "urbanisation_rate",
    } <= notations


def test_narrower_incomes() -> None:
    broader = {ind.notation: ind.broader for ind in all_indicators()}
    assert broader["urban_disposable_income"] == "disposable_income"
    assert broader["rural_disposable_income"] == "disposable_income"
    assert broader["disposable_income"] is None
