// What goes into the outbox: the application body online and offline, the evaluation body, and
// how names and numbers are masked on screen.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "flow/masking.h"
#include "flow/payloads.h"
#include "idcard/sim/reader_simulator.h"

using namespace yiwang;
using namespace yiwang::kiosk;

namespace {

Catalog catalog() {
  std::ifstream in(YIWANG_ASSETS_DIR "/catalog/demo-catalog.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  auto parsed = parse_catalog(text.str(), error);
  REQUIRE(parsed);
  return *parsed;
}

ResidentSession session() {
  ResidentSession s;
  s.card = drivers::sample_card("zhang-san");
  s.person_token = "tok-1";
  s.form_values = {{"name", "张三"}, {"id_number", "11010519491231002X"}, {"phone", "13800138000"}};
  s.delivery = "express";
  s.commitment_accepted = true;
  s.commitment_accepted_ms = 1795000000000LL;
  return s;
}

}  // namespace

TEST_CASE("masking counts characters, not bytes") {
  CHECK(mask_name("张三") == "张*");
  CHECK(mask_name("张小三") == "张*三");
  CHECK(mask_name("欧阳小明") == "欧**明");
  CHECK(mask_name("李") == "李");
  CHECK(mask_id_number("11010519491231002X") == "1101**********002X");
}

TEST_CASE("online applications carry the person token, offline ones the card") {
  Catalog c = catalog();
  const CatalogItem* item = c.find("460100-0003-0003");  // residence permit: a material to bring
  REQUIRE(item);
  ResidentSession s = session();
  auto online =
      application_payload(*item, s, "v1", "T1-20261122-0001", true, "2026-11-22T09:00:00+08:00");
  CHECK(online["applicant"] == nlohmann::json{{"person_token", "tok-1"}});
  CHECK(online["submitted_offline"] == false);
  CHECK(online["form"]["phone"] == "13800138000");
  CHECK(online["form"]["address"] == "");  // asked by the form but not filled
  CHECK(online["delivery"]["method"] == "express");
  CHECK(online["delivery"]["phone"] == "13800138000");
  CHECK(online["delivery"]["address"] == "北京市东城区景山前街4号");
  CHECK(online["commitment"]["version"] == "C-2026-01");
  CHECK(online["commitment"]["accepted_at"] == "2026-11-18T19:06:40+08:00");
  const auto& materials = online["materials"];
  REQUIRE(materials.size() == 2);
  CHECK(materials[0] == nlohmann::json{{"code", "M001"}, {"provided", "shared"}});
  CHECK(materials[1] == nlohmann::json{{"code", "M007"}, {"provided", "later"}});

  auto offline =
      application_payload(*item, s, "v1", "T1-20261122-0002", false, "2026-11-22T09:00:00+08:00");
  CHECK(offline["submitted_offline"] == true);
  CHECK(offline["applicant"]["card"]["id_number"] == "11010519491231002X");
  CHECK(offline["applicant"]["card"]["card_type"] == "resident");
  CHECK_FALSE(offline["applicant"].contains("person_token"));
}

TEST_CASE("evaluations point at the case, or at the local number while it is unknown") {
  Catalog c = catalog();
  ResidentSession s = session();
  s.local_id = "T1-20261122-0003";
  s.evaluation_level = 2;
  s.evaluation_reasons = {"long_wait"};
  auto offline = evaluation_payload(*c.find("460100-0003-0002"), s, "now");
  CHECK(offline["case_id"].is_null());
  CHECK(offline["local_id"] == "T1-20261122-0003");
  CHECK(offline["level"] == 2);
  CHECK(offline["reasons"] == nlohmann::json{"long_wait"});
  CHECK(offline["channel"] == "kiosk");
  s.case_id = "HN2026112200000009";
  CHECK(evaluation_payload(*c.find("460100-0003-0002"), s, "now")["case_id"] ==
        "HN2026112200000009");
}
