// Search over the generated county catalog (tests/data, 2 000 items): Chinese text, keywords,
// pinyin initials and full pinyin, ranked; hostile queries find nothing and cost nothing.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "flow/catalog_model.h"

using namespace yiwang;

namespace {

const kiosk::Catalog& county() {
  static const kiosk::Catalog kCatalog = [] {
    std::ifstream in(YIWANG_SOURCE_DIR "/tests/data/county-catalog.json");
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    std::string error;
    auto parsed = kiosk::parse_catalog(text, error);
    REQUIRE_MESSAGE(parsed, error);
    return *parsed;
  }();
  return kCatalog;
}

}  // namespace

TEST_CASE("the county catalog: 2 000 items, each with its pinyin; guide-only ones say where") {
  const auto& catalog = county();
  CHECK(catalog.items.size() == 2000);
  CHECK(catalog.categories.size() >= 15);
  int guide_only = 0;
  for (const auto& item : catalog.items) {
    CHECK_FALSE(item.pinyin.empty());
    CHECK_FALSE(item.initials.empty());
    if (item.view.mode == "guide_only") {
      ++guide_only;
      CHECK_FALSE(item.view.where.zh.empty());
    }
  }
  CHECK(guide_only > 100);
}

TEST_CASE("search ranks exact name, initials prefix, full pinyin, name, keyword, department") {
  const auto& catalog = county();
  // Exact name first, then the same object's other services.
  auto found = catalog.search("社会保障卡变更", 10);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].name.zh == "社会保障卡变更");
  // Pinyin initials, any case: every hit starts with them.
  found = catalog.search("shbzk", 50);
  REQUIRE(found.size() >= 10);
  for (const auto& item : found) CHECK(item.name.zh.rfind("社会保障卡", 0) == 0);
  found = catalog.search("SHBZKBG", 5);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].name.zh == "社会保障卡变更");
  // Full pinyin.
  found = catalog.search("yingyezhizhao", 5);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].name.zh.rfind("营业执照", 0) == 0);
  // Chinese text inside a name, and a keyword that is in no name.
  found = catalog.search("执照", 5);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].name.zh.find("执照") != std::string::npos);
  found = catalog.search("开公司", 5);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].name.zh.find("营业执照") != std::string::npos);
  // A department's name finds its services after everything that matched better.
  found = catalog.search("税务局", 3);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].department.zh.find("税务局") != std::string::npos);
  // Limits hold.
  CHECK(catalog.search("s", 7).size() == 7);
}

TEST_CASE("hostile queries find nothing") {
  const auto& catalog = county();
  CHECK(catalog.search("", 10).empty());
  CHECK(catalog.search(std::string(100000, 'a'), 10).empty());
  CHECK(catalog.search("zzzzqqq", 10).empty());
  CHECK(catalog.search(std::string("\xff\xfe", 2), 10).empty());
}
