"""The agency gazetteer: region-relative names, leftmost-longest matching, regions from places."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
import yaml

from kg.errors import KgError
from kg.gazetteer import Gazetteer, default_gazetteer, province_prefix_expansion

SEED = Path(__file__).parent / "data" / "seed"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(
    ("surface", "region", "canonical"),
    [
        # Jiangxi, as the seed page words them
        ("省工信厅", "江西省", "江西省工业和信息化厅"),
        ("省发改委", "江西省", "江西省发展和改革委员会"),
        ("省发展改革委", "江西省", "江西省发展和改革委员会"),
        ("省人社厅", "江西省", "江西省人力资源和社会保障厅"),
        ("省委金融办", "江西省", "中共江西省委金融委员会办公室"),
        ("省国资委", "江西省", "江西省人民政府国有资产监督管理委员会"),
        ("省市场监管局", "江西省", "江西省市场监督管理局"),
        ("省委", "江西省", "中国共产党江西省委员会"),
        ("中共江西省委", "江西省", "中国共产党江西省委员会"),
        ("江西省委", None, "中国共产党江西省委员会"),
        ("省林科院", "江西省", "江西省林业科学院"),
        ("省邮政管理局", "江西省", "江西省邮政管理局"),
        ("省税务局", "江西省", "国家税务总局江西省税务局"),
        # the region given by its short name, abbreviation or a city
        ("省工信厅", "江西", "江西省工业和信息化厅"),
        ("省工信厅", "赣", "江西省工业和信息化厅"),
        ("省工信厅", "南昌", "江西省工业和信息化厅"),
        # Hunan, Jiangsu, Anhui
        ("省工信厅", "湖南省", "湖南省工业和信息化厅"),
        ("省委金融办", "湖南省", "中共湖南省委金融委员会办公室"),
        ("省发展改革委", "江苏省", "江苏省发展和改革委员会"),
        ("省人社厅", "江苏省", "江苏省人力资源和社会保障厅"),
        ("省国资委", "安徽省", "安徽省人民政府国有资产监督管理委员会"),
        ("省经信厅", "安徽省", "安徽省经济和信息化厅"),  # Anhui: 经济和信息化厅, not 工信厅
        ("省委", "安徽省", "中国共产党安徽省委员会"),
        # municipalities: 局 where provinces have 厅, and their own commissions
        ("市发展改革委", "北京市", "北京市发展和改革委员会"),
        ("市委", "北京市", "中国共产党北京市委员会"),
        ("市财政局", "北京市", "北京市财政局"),
        ("市人力资源社会保障局", "北京市", "北京市人力资源和社会保障局"),
        ("市经济和信息化局", "北京市", "北京市经济和信息化局"),
        ("市教委", "北京市", "北京市教育委员会"),
        ("市经信委", "上海市", "上海市经济和信息化委员会"),
        ("市商务委", "上海市", "上海市商务委员会"),
        ("市科技局", "天津市", "天津市科学技术局"),
        ("市工信局", "天津市", "天津市工业和信息化局"),
        ("市经信委", "重庆市", "重庆市经济和信息化委员会"),
        # autonomous regions: 自治区 and 区, 自治区党委
        ("自治区发改委", "广西壮族自治区", "广西壮族自治区发展和改革委员会"),
        ("区发改委", "广西", "广西壮族自治区发展和改革委员会"),
        ("自治区党委", "新疆", "中国共产党新疆维吾尔自治区委员会"),
        ("区党委", "广西", "中国共产党广西壮族自治区委员会"),
        ("自治区人民政府", "内蒙古", "内蒙古自治区人民政府"),
        ("自治区党委组织部", "西藏", "中共西藏自治区党委组织部"),
        # named outright: resolves whatever the region
        ("江西省工信厅", "湖南省", "江西省工业和信息化厅"),
        ("江西省工业和信息化厅", None, "江西省工业和信息化厅"),
        ("广西发改委", None, "广西壮族自治区发展和改革委员会"),
        ("北京市教委", None, "北京市教育委员会"),
        # national bodies resolve everywhere
        ("中共中央", "江西省", "中国共产党中央委员会"),
        ("党中央", None, "中国共产党中央委员会"),
        ("国家发改委", "江西省", "国家发展和改革委员会"),
        ("工信部", None, "工业和信息化部"),
        ("央行", None, "中国人民银行"),
        ("上交所", None, "上海证券交易所"),
        # other named bodies
        ("江西日报", "江西省", "江西日报社"),
        ("省股权交易中心", "江西省", "江西联合股权交易中心"),
        ("德福科技", None, "九江德福科技股份有限公司"),
        ("APEC", None, "亚太经济合作组织"),
        ("九三学社省委", "云南省", "九三学社云南省委员会"),
        ("省委常委会", "安徽省", "中国共产党安徽省委员会常务委员会"),
        ("湖南省委常委会", None, "中国共产党湖南省委员会常务委员会"),
        ("民建", None, "中国民主建国会"),
        ("中共中央政治局", None, "中国共产党中央委员会政治局"),
        ("省产研院", "江苏省", "江苏省产业技术研究院"),
        ("华菱集团", "湖南省", "湖南华菱钢铁集团有限责任公司"),
    ],
)
def test_lookup(gaz: Gazetteer, surface: str, region: str | None, canonical: str) -> None:
    entry = gaz.lookup(surface, region)
    assert entry is not None
    assert entry.canonical == canonical


@pytest.mark.parametrize(
    ("surface", "region"),
    [
        ("省工信厅", None),  # relative, and no region to resolve it against
        ("省工信厅", "北京市"),  # Beijing's bodies are 市, not 省
        ("市发展改革委", "江西省"),  # in a Jiangxi paper: some city's commission
        ("区发改委", "江西省"),
        ("发改委", "江西省"),  # bare: the NDRC only in a national text
        ("经济运行处", "江西省"),  # sub-units are the extractor's job
        ("财政部门", None),
    ],
)
def test_lookup_unresolved(gaz: Gazetteer, surface: str, region: str | None) -> None:
    assert gaz.lookup(surface, region) is None


def test_bare_alias_in_a_national_text(gaz: Gazetteer) -> None:
    entry = gaz.lookup("发改委")
    assert entry is not None and entry.canonical == "国家发展和改革委员会"


def test_entry_fields(gaz: Gazetteer) -> None:
    entry = gaz.lookup("省工信厅", "江西省")
    assert entry is not None
    assert (entry.level, entry.kind, entry.region, entry.parent) == (
        "province",
        "government",
        "江西省",
        None,
    )
    assert {"省工信厅", "江西省工信厅", "江西工信厅", "省工业和信息化厅"} <= set(entry.aliases)
    assert entry.canonical not in entry.aliases
    postal = gaz.lookup("省邮政管理局", "江西省")
    assert postal is not None and (postal.kind, postal.parent) == ("vertical", "国家邮政局")
    ndrc = gaz.lookup("国家发改委")
    assert ndrc is not None and (ndrc.level, ndrc.region) == ("national", None)
    firm = gaz.lookup("德福科技")
    assert firm is not None and (firm.level, firm.region) == ("enterprise", "江西省")


def _seed_text() -> str:
    return (SEED / "000_bfd7d7b83f15da73.txt").read_text(encoding="utf-8")


def test_find_all_on_the_seed_page(gaz: Gazetteer) -> None:
    text = _seed_text()
    found = gaz.find_all(text, "江西省")
    pairs = {(text[s:e], entry.canonical) for s, e, entry in found}
    # every distinct mention on the page, checked by hand against tests/data/seed/gold.yaml
    assert pairs == {
        ("省委", "中国共产党江西省委员会"),
        ("江西日报", "江西日报社"),
        ("省统计局", "江西省统计局"),
        ("省工信厅", "江西省工业和信息化厅"),
        ("省国资委", "江西省人民政府国有资产监督管理委员会"),
        ("省邮政管理局", "江西省邮政管理局"),
        ("省发展改革委", "江西省发展和改革委员会"),
        ("省自然资源厅", "江西省自然资源厅"),
        ("省商务厅", "江西省商务厅"),
        ("省农业农村厅", "江西省农业农村厅"),
        ("省林业局", "江西省林业局"),
        ("省林科院", "江西省林业科学院"),
        ("省人社厅", "江西省人力资源和社会保障厅"),
        ("省退役军人事务厅", "江西省退役军人事务厅"),
        ("省医疗保障局", "江西省医疗保障局"),
        ("省财政厅", "江西省财政厅"),
        ("省委金融办", "中共江西省委金融委员会办公室"),
        ("省市场监管局", "江西省市场监督管理局"),
        ("德福科技", "九江德福科技股份有限公司"),
        ("鑫铂瑞科技", "江西鑫铂瑞科技有限公司"),
        ("省股权交易中心", "江西联合股权交易中心"),
        ("APEC", "亚太经济合作组织"),
    }
    starts = [s for s, _, _ in found]
    assert starts == sorted(starts)
    assert all(e1 <= s2 for (_, e1, _), (s2, _, _) in itertools.pairwise(found))


def test_find_all_covers_the_keys_provincial_and_national_agencies(gaz: Gazetteer) -> None:
    text = _seed_text()
    gold = yaml.safe_load((SEED / "gold.yaml").read_text(encoding="utf-8"))
    found = {(text[s:e], entry.canonical) for s, e, entry in gaz.find_all(text, "江西省")}
    # not for the gazetteer: one-character mentions (沪、深、北三大股交所; 党 in 党的二十届...)
    # and an unlisted body that province_prefix_expansion names
    not_listed = {"沪", "深", "北", "党", "省教育评估监测研究院"}
    expected = {
        (a["mention"], a["canonical"])
        for a in gold["agencies"]
        if a["level"] in ("province", "national") and a["mention"] in text
    }
    assert expected - found == {p for p in expected if p[0] in not_listed}
    assert len(expected - found) == 5


def test_find_all_is_leftmost_longest(gaz: Gazetteer) -> None:
    text = "省工信厅经济运行处处长付筠表示"
    assert [(s, e, x.canonical) for s, e, x in gaz.find_all(text, "江西省")] == [
        (0, 4, "江西省工业和信息化厅")
    ]
    text = "省委金融办表示"  # 省委金融办, not 省委
    assert [(s, e) for s, e, _ in gaz.find_all(text, "江西省")] == [(0, 5)]


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("全省财政部门将通过安排增量财政收入", "江西省", []),  # 财政部门 is not 财政部
        ("中央行政事业性收费", None, []),  # not 央行
        ("以振兴中华为己任", None, []),  # not 华为
        ("南昌市发改委表示", "江西省", []),  # a city's commission, and 发改委 is bare
        ("南宁市青秀区发改委表示", "广西", []),  # a district's, not the autonomous region's
        ("。区发改委表示", "广西", ["广西壮族自治区发展和改革委员会"]),
        ("九三学社云南省委主委", "云南省", ["九三学社云南省委员会"]),  # not the CPC committee
        ("欧洲央行行长", None, ["欧洲中央银行"]),
        ("记者从省工信厅获悉", None, []),  # no region: relative forms stay unresolved
        (
            "江西省发改委与湖南省发改委",
            "湖南省",
            ["江西省发展和改革委员会", "湖南省发展和改革委员会"],
        ),
    ],
)
def test_find_all_in_context(
    gaz: Gazetteer, text: str, region: str | None, expected: list[str]
) -> None:
    assert [e.canonical for _, _, e in gaz.find_all(text, region)] == expected


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("江西省", "江西省"),
        ("江西", "江西省"),
        ("赣", "江西省"),
        ("南昌", "江西省"),
        ("南昌市", "江西省"),
        ("本报南昌8月1日电", "江西省"),
        ("九江", "江西省"),
        ("长沙", "湖南省"),
        ("湘西", "湖南省"),
        ("苏州", "江苏省"),
        ("芜湖", "安徽省"),
        ("西藏", "西藏自治区"),
        ("广西", "广西壮族自治区"),
        ("沪", "上海市"),
        ("新华社北京10月1日电", "北京市"),
        ("全国", None),
        ("南昌、长沙", None),  # two regions: no answer
        ("", None),
    ],
)
def test_region(gaz: Gazetteer, name: str, region: str | None) -> None:
    assert gaz.region(name) == region


def test_regions(gaz: Gazetteer) -> None:
    regions = gaz.regions()
    assert len(regions) == len(set(regions)) == 31
    assert {"江西省", "北京市", "内蒙古自治区", "广西壮族自治区", "新疆维吾尔自治区"} <= set(
        regions
    )


@pytest.mark.parametrize(
    ("surface", "region", "canonical"),
    [
        ("省教育评估监测研究院", "江西省", "江西省教育评估监测研究院"),
        ("省委某某办公室", "江西省", "江西省委某某办公室"),
        ("市教育考试院", "北京市", "北京市教育考试院"),
        ("自治区教育考试院", "广西", "广西壮族自治区教育考试院"),
        ("区教育考试院", "广西", "广西壮族自治区教育考试院"),
        ("江西省教育评估监测研究院", "江西省", "江西省教育评估监测研究院"),
        ("市教育局", "江西省", None),  # a city's bureau in a Jiangxi paper
        ("省", "江西省", None),
    ],
)
def test_province_prefix_expansion(surface: str, region: str, canonical: str | None) -> None:
    assert province_prefix_expansion(surface, region) == canonical


def test_unknown_region_is_an_error(gaz: Gazetteer) -> None:
    with pytest.raises(KgError, match="unknown region '火星'"):
        gaz.lookup("省工信厅", "火星")
    with pytest.raises(KgError, match="unknown region"):
        gaz.find_all("省工信厅", "火星")


def test_surface_forms(gaz: Gazetteer) -> None:
    forms = set(gaz.surface_forms())
    assert {"省工信厅", "江西省工业和信息化厅", "市发展改革委", "发改委"} <= forms
    assert "中央行政" not in forms  # a blocking word, not a name
    assert "财政部门" not in forms


def test_default_gazetteer_is_built_once() -> None:
    assert default_gazetteer() is default_gazetteer()


def _copy_tables(tmp_path: Path) -> Path:
    src = Path(__file__).parent.parent / "data" / "gazetteer"
    folder = tmp_path / "gazetteer"
    shutil.copytree(src, folder)
    return folder


def test_an_alias_is_one_more_cell(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    path = folder / "templates.tsv"
    text = path.read_text(encoding="utf-8")
    assert "{any}发展改革委|{any}发改委\t" in text
    path.write_text(text.replace("{any}发改委\t", "{any}发改委|{any}发改\t"), encoding="utf-8")
    gaz = Gazetteer.load(folder)
    entry = gaz.lookup("省发改", "江西省")
    assert entry is not None and entry.canonical == "江西省发展和改革委员会"


def test_a_malformed_row_names_its_line(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    with (folder / "national.tsv").open("a", encoding="utf-8") as f:
        f.write("某某局\t某局\n")
    lines = (folder / "national.tsv").read_text(encoding="utf-8").splitlines()
    with pytest.raises(KgError, match=rf"national\.tsv:{len(lines)}: 2 cells"):
        Gazetteer.load(folder)


def test_an_alias_naming_two_bodies_is_an_error(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    path = folder / "templates.tsv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{any}商务{dept}\t", "{any}商务{dept}|{p}财政{dept}\t"), "utf-8")
    with pytest.raises(KgError, match=r"财政.. names both"):
        Gazetteer.load(folder)


def test_a_missing_table_is_an_error(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    (folder / "cities.tsv").unlink()
    with pytest.raises(KgError, match=r"cities\.tsv: gazetteer table missing"):
        Gazetteer.load(folder)


def test_words_that_hide_a_new_alias(gaz: Gazetteer) -> None:
    # 民进党 is Taiwan's DPP, not the 中国民主促进会 (民进)
    assert [e.canonical for _, _, e in gaz.find_all("民进党当局", None)] == []
    assert [e.canonical for _, _, e in gaz.find_all("民进将不忘初心", None)] == ["中国民主促进会"]
