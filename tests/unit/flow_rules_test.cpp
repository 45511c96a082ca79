// Form rules, catalog parsing, backoff bounds, script parsing, receipt tracking codes.
#include <doctest/doctest.h>

#include "support/receipts.h"

#include <fstream>
#include <random>
#include <sstream>

#include "app/script.h"
#include "flow/catalog_model.h"
#include "flow/form_rules.h"
#include "flow/receipt_layout.h"
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
