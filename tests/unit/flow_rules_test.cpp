// Form rules, catalog parsing, backoff bounds, script parsing, receipt tracking codes.
#include <doctest/doctest.h>

#include "support/receipts.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "app/script.h"
#include "flow/catalog_model.h"
#include "flow/form_rules.h"
#include "flow/receipt_layout.h"
#include "flow/regions.h"
#include "sync/backoff.h"

using namespace yiwang;
using namespace yiwang::kiosk;

namespace {

Catalog demo_catalog() {
  std::ifstream in(YIWANG_ASSETS_DIR "/catalog/demo-catalog.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  auto catalog = parse_catalog(text.str(), error);
  REQUIRE_MESSAGE(catalog, error);
  return *catalog;
}

}  // namespace

TEST_CASE("the demo catalog is realistic enough") {
  Catalog catalog = demo_catalog();
  CHECK(catalog.items.size() >= 12);
  CHECK(catalog.categories.size() >= 4);
  for (const auto& item : catalog.items) {
    CHECK_MESSAGE(!item.view.name.zh.empty(), item.view.code);
    CHECK_MESSAGE(!item.view.name.en.empty(), item.view.code);
    CHECK_MESSAGE(!item.view.conditions.empty(), item.view.code);
    CHECK_MESSAGE(!catalog.in_category(item.category).empty(), item.view.code);
  }
}

TEST_CASE("every problem of a form is found at once") {
  Catalog catalog = demo_catalog();
  const CatalogItem* item = catalog.find("460100-0001-0001");
  REQUIRE(item);
  std::map<std::string, std::string> values{{"name", "张三"},
                                            {"id_number", "110105194912310021"},
                                            {"address", "北京"},
                                            {"phone", "12345"},
                                            {"grade", "999"}};
  auto problems = check_form(item->form, values);
  CHECK(problems.size() == 3);
  CHECK(problems["id_number"] == "invalid_format");
  CHECK(problems["phone"] == "invalid_format");
  CHECK(problems["grade"] == "invalid_option");
  values = {{"name", "张三"},
            {"id_number", "11010519491231002X"},
            {"address", "北京"},
            {"phone", "13800138000"},
            {"grade", "500"}};
  CHECK(check_form(item->form, values).empty());
  values.erase("phone");
  CHECK(check_form(item->form, values).at("phone") == "missing");
}

TEST_CASE("phone numbers") {
  CHECK(phone_valid("13800138000"));
  CHECK_FALSE(phone_valid("12800138000"));
  CHECK_FALSE(phone_valid("1380013800"));
  CHECK_FALSE(phone_valid("1380013800a"));
}

TEST_CASE("backoff grows, is capped, honours Retry-After and never spins") {
  BackoffPolicy policy{1000, 60000, 250};
  std::mt19937_64 random(42);
  for (int attempts = 0; attempts < 40; ++attempts) {
    for (int draw = 0; draw < 50; ++draw) {
      const long long delay = retry_delay_ms(policy, attempts, -1, random);
      CHECK(delay >= 250);
      CHECK(delay <= std::min(60000LL, 1000LL << std::min(attempts, 30)));
    }
  }
  CHECK(retry_delay_ms(policy, 0, 30, random) >= 30000);
}

TEST_CASE("scripts are checked before they run") {
  std::string error;
  auto steps = parse_script("# demo\nwait attract 3\ntap start\ntype 138\nwait-print\n", error);
  REQUIRE(steps);
  CHECK(steps->size() == 4);
  CHECK((*steps)[0].seconds == 3);
  CHECK((*steps)[0].argument == "attract");
  CHECK_FALSE(parse_script("tap\n", error));
  CHECK_FALSE(parse_script("dance now\n", error));
  CHECK(error.find("line 1") != std::string::npos);
}

TEST_CASE("tracking codes and receipts carry no personal data") {
  ReceiptContent online = test::sample_receipt(true);
  CHECK(tracking_code(online) == "YWTRACK:1:C:HN2026112200000042");
  ReceiptContent offline = online;
  offline.online = false;
  CHECK(tracking_code(offline) == "YWTRACK:1:L:T4601050001-20261122-0042");
  auto bytes = drivers::compose_receipt(test::receipt_document(online), {}, nullptr);
  const std::string text(bytes.begin(), bytes.end());
  CHECK(text.find("HN2026112200000042") != std::string::npos);
  // The template has no value for anything about the person: only these names exist.
  for (const auto& [name, value] : receipt_values(online, "")) {
    CHECK(name.find("name") == std::string::npos);
    CHECK(name.find("id_number") == std::string::npos);
    CHECK(name.find("phone") == std::string::npos);
  }
}

TEST_CASE("the receipt template: conditions, translations, values, errors") {
  const auto document = test::receipt_document(test::sample_receipt(true));
  std::string all;
  for (const auto& block : document.blocks) all += block.text + "\n";
  CHECK(all.find("受理编号 Case number:") != std::string::npos);
  CHECK(all.find("HN2026112200000042") != std::string::npos);
  CHECK(all.find("临时编号") == std::string::npos);  // ?!online lines are left out
  CHECK(all.find("补打") == std::string::npos);
  CHECK(all.find("￥20.00") != std::string::npos);
  CHECK(all.find("{{") == std::string::npos);
  CHECK(all.find("[[") == std::string::npos);
  REQUIRE(document.blocks.back().kind == drivers::ReceiptBlock::Kind::cut);

  const auto offline = test::receipt_document(test::sample_receipt(false), "2026-11-22 10:00");
  all.clear();
  for (const auto& block : offline.blocks) all += block.text + "\n";
  CHECK(all.find("临时编号 Provisional number:") != std::string::npos);
  CHECK(all.find("补打 REPRINT") != std::string::npos);
  CHECK(all.find("受理编号") == std::string::npos);

  std::string error;
  CHECK_FALSE(kiosk::parse_receipt_template("text blod | x\n", "t", error));
  CHECK(error == "t:1: unknown option 'blod'");
  CHECK_FALSE(kiosk::parse_receipt_template("# only a comment\n", "t", error));
  CHECK_FALSE(kiosk::parse_receipt_template("feed\n", "t", error));
  CHECK_FALSE(kiosk::parse_receipt_template("text centre\n", "t", error));
  CHECK_FALSE(kiosk::parse_receipt_template("picture | x\n", "t", error));
  auto sized =
      kiosk::parse_receipt_template("?a ?!b text right 3x2 | {{a}}\nqr module=4 | q\n", "t", error);
  REQUIRE(sized);
  CHECK(sized->lines[0].block.width == 3);
  CHECK(sized->lines[0].block.height == 2);
  CHECK(sized->lines[0].when == std::vector<std::string>{"a"});
  CHECK(sized->lines[0].when_not == std::vector<std::string>{"b"});
  CHECK(sized->lines[1].block.amount == 4);
}

TEST_CASE("script repeat blocks: the end jumps back to its repeat; unbalanced or nested refused") {
  std::string error;
  auto steps =
      kiosk::parse_script("wait attract\nrepeat 3\ntap start\nend-repeat\nstats end\n", error);
  REQUIRE(steps);
  REQUIRE(steps->size() == 5);
  CHECK((*steps)[3].verb == "end-repeat");
  CHECK((*steps)[3].jump == 1);
  CHECK_FALSE(kiosk::parse_script("repeat 2\ntap start\n", error));
  CHECK_FALSE(kiosk::parse_script("end-repeat\n", error));
  CHECK_FALSE(kiosk::parse_script("repeat 2\nrepeat 2\nend-repeat\nend-repeat\n", error));
  CHECK_FALSE(kiosk::parse_script("repeat 0\nend-repeat\n", error));
  CHECK(kiosk::parse_script("tap-burst submit 2\n", error));
}

namespace {

RegionTable shipped_regions() {
  std::ifstream in(YIWANG_ASSETS_DIR "/regions/gbt2260.tsv");
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  auto table = RegionTable::parse(text.str(), error);
  REQUIRE_MESSAGE(table, error);
  return *table;
}

}  // namespace

TEST_CASE("the GB/T 2260 table: provinces, cities, districts, placeholders left out") {
  const RegionTable regions = shipped_regions();
  CHECK(regions.size() > 3000);  // every county-level unit
  CHECK(regions.children("").size() == 34);
  // Municipalities list their districts directly, not 市辖区.
  const auto beijing = regions.children("110000");
  REQUIRE(beijing.size() == 16);
  CHECK(beijing.front()->name == "东城区");
  // Hainan: its cities, and the county-level units governed by the province itself.
  const auto hainan = regions.children("460000");
  CHECK(std::any_of(hainan.begin(), hainan.end(),
                    [](const Region* r) { return r->code == "460100"; }));
  CHECK(std::any_of(hainan.begin(), hainan.end(),
                    [](const Region* r) { return r->code == "469001"; }));
  CHECK(std::none_of(hainan.begin(), hainan.end(),
                     [](const Region* r) { return r->code == "469000"; }));
  CHECK(regions.leaf("460108"));
  CHECK(regions.leaf("460400"));  // 儋州市 has no districts
  CHECK_FALSE(regions.leaf("460100"));
  CHECK_FALSE(regions.leaf("123456"));
  CHECK(regions.parent("460108") == "460100");
  CHECK(regions.parent("469001") == "460000");
  CHECK(regions.parent("110101") == "110000");
  CHECK(regions.parent("460000").empty());
  CHECK(regions.full_name("110101") == "北京市东城区");
  CHECK(regions.full_name("469001") == "海南省五指山市");
  CHECK(regions.full_name("460108") == "海南省海口市美兰区");
  // A card's address: the deepest division its text begins with.
  CHECK(regions.match_prefix("北京市东城区景山前街4号") ==
        std::pair<std::string, std::size_t>{"110101", std::string("北京市东城区").size()});
  CHECK(regions.match_prefix("海南省海口市美兰区人民大道58号").first == "460108");
  CHECK(regions.match_prefix("Flat 3, 10 Downing Street").first.empty());
}

TEST_CASE("the region table's parser is bounded and refuses what is not a division") {
  std::string error;
  CHECK(RegionTable::parse("# comment\n110000\t北京市\n110101\t东城区\n", error));
  CHECK_FALSE(RegionTable::parse("11000\t北京市\n", error));
  CHECK_FALSE(RegionTable::parse("110000 北京市\n", error));
  CHECK_FALSE(RegionTable::parse("110000\t\n", error));
  CHECK_FALSE(RegionTable::parse("110000\t北京市\n110000\t北京\n", error));
  CHECK(error.find("twice") != std::string::npos);
  CHECK_FALSE(RegionTable::parse("110000\t" + std::string(300, 'x') + "\n", error));
  std::string many;
  for (std::size_t i = 0; i <= RegionTable::kMaxLines; ++i) many += "#\n";
  CHECK_FALSE(RegionTable::parse(many, error));
}

TEST_CASE("dates: real days only, steppers that keep the day in its month and the bounds") {
  CHECK(date_valid("2024-02-29"));
  CHECK_FALSE(date_valid("2023-02-29"));
  CHECK_FALSE(date_valid("2023-13-01"));
  CHECK_FALSE(date_valid("2023-1-01"));
  CHECK_FALSE(date_valid("today"));
  CHECK(date_bound("today", "2026-12-01") == "2026-12-01");
  CHECK(date_bound("junk", "2026-12-01").empty());
  CHECK(step_date("2024-02-29", "y+", "", "") == "2025-02-28");
  CHECK(step_date("2024-01-31", "m+", "", "") == "2024-02-29");
  CHECK(step_date("2024-12-15", "m+", "", "") == "2024-01-15");  // months wrap, as a wheel
  CHECK(step_date("2024-03-31", "d+", "", "") == "2024-03-01");
  CHECK(step_date("2024-03-01", "d-", "", "") == "2024-03-31");
  CHECK(step_date("2020-06-01", "y+10", "", "2026-12-01") == "2026-12-01");
  CHECK(step_date("1905-06-01", "y-10", "1900-01-01", "") == "1900-01-01");
  CHECK(step_date("2020-06-01", "sideways", "", "") == "2020-06-01");
  FieldDefinition birth;
  birth.key = "birth";
  birth.type = "date";
  birth.required = true;
  birth.min = "1900-01-01";
  birth.max = "today";
  CHECK(check_form({birth}, {{"birth", "1952-03-14"}}, drivers::CardType::resident, "2026-12-01")
            .empty());
  CHECK(check_form({birth}, {{"birth", "2027-01-01"}}, drivers::CardType::resident, "2026-12-01")
            .at("birth") == "out_of_range");
  CHECK(check_form({birth}, {{"birth", "1952-02-30"}}, drivers::CardType::resident, "2026-12-01")
            .at("birth") == "invalid_format");
}
