// End to end: a foreign card holder types an address by pinyin and handwriting in the kiosk
// process, and the platform simulator receives exactly what was typed, with express delivery.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "platform/platform_client.h"
#include "support/kiosk_run.h"
#include "support/platform_process.h"

using namespace yiwang;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("a 2017 foreign card holder types a Chinese address: the platform receives it") {
  const fs::path work =
      fs::temp_directory_path() / ("yiwang-e2e-typing-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  const fs::path out = work / "out";
  REQUIRE(test::run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/typing.script",
                          out) == 0);
  kiosk::PlatformClient client(kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto answer = client.get("/_sim/cases");
  REQUIRE_MESSAGE(answer, answer.error().summary());
  const json cases = answer.value().body;
  REQUIRE(cases.size() == 1);
  const json& received = cases[0].at("received");
  CHECK(received.at("form").at("address") == "北京市东城区景山前街4号张宅");
  CHECK(received.at("form").at("phone") == "13800138000");
  CHECK(received.at("delivery").at("method") == "express");
  CHECK(received.at("delivery").at("address") == "北京市东城区景山前街4号张宅");
  CHECK(received.at("delivery").at("phone") == "13800138000");
  CHECK(cases[0].at("applicant_id_number") == "USA110080011501");
  // Nothing typed reaches the kiosk's log.
  std::ifstream log(work / "kiosk.log");
  const std::string text((std::istreambuf_iterator<char>(log)), {});
  CHECK_FALSE(text.empty());
  for (const char* typed : {"景山", "张宅", "13800138000", "bei", "䶮"})
    CHECK_MESSAGE(text.find(typed) == std::string::npos, typed);
}

TEST_CASE("an e-ID resident types the address: the platform receives the subject's name with it") {
  const fs::path work =
      fs::temp_directory_path() / ("yiwang-e2e-typing-eid-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  REQUIRE(test::run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/typing_eid.script",
                          work / "out") == 0);
  kiosk::PlatformClient client(kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto answer = client.get("/_sim/cases");
  REQUIRE_MESSAGE(answer, answer.error().summary());
  const json cases = answer.value().body;
  REQUIRE(cases.size() == 1);
  const json& form = cases[0].at("received").at("form");
  CHECK(form.at("name") == "欧阳娜娜");
  CHECK(form.at("id_number") == "11010519491231002X");
  CHECK(form.at("address") == "海口市美兰区");
  CHECK(cases[0].at("received").at("delivery").at("method") == "pickup");
  std::ifstream log(work / "kiosk.log");
  const std::string text((std::istreambuf_iterator<char>(log)), {});
  for (const char* typed : {"欧阳娜娜", "海口市美兰区", "13800138000"})
    CHECK_MESSAGE(text.find(typed) == std::string::npos, typed);
}

TEST_CASE("offline, the typed address waits sealed in the outbox and reaches the platform once") {
  const fs::path work =
      fs::temp_directory_path() / ("yiwang-e2e-typing-offline-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  int port = 0;
  std::string url;
  {
    test::PlatformProcess platform(work / "platform", 0, {});
    REQUIRE(platform.running());
    port = platform.port();
    url = platform.url();
    // The kiosk has the catalog from an earlier day (offline it shows the cached one).
    std::ofstream(work / "warm.script") << "wait attract\ncard john-smith\nwait catalog\n"
                                           "expect 户籍办理\ntap home\n";
    REQUIRE(test::run_kiosk(work, url, (work / "warm.script").string(), work / "warm") == 0);
  }
  // Nobody answers on that port now: the card holder applies offline.
  REQUIRE(test::run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/typing.script",
                          work / "offline") == 0);
  {
    std::string at_rest;
    for (const fs::path& file : {work / "kiosk.db", work / "kiosk.db-wal", work / "kiosk.log"}) {
      std::ifstream in(file, std::ios::binary);
      at_rest.append((std::istreambuf_iterator<char>(in)), {});
    }
    CHECK_FALSE(at_rest.empty());
    CHECK(at_rest.find("景山前街") == std::string::npos);  // sealed, not in clear
    CHECK(at_rest.find("13800138000") == std::string::npos);
  }
  test::PlatformProcess platform(work / "platform", port, {});
  REQUIRE(platform.running());
  REQUIRE(test::run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/drain.script", work / "drain") ==
          0);
  kiosk::PlatformClient client(kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto answer = client.get("/_sim/cases");
  REQUIRE_MESSAGE(answer, answer.error().summary());
  const json cases = answer.value().body;
  REQUIRE(cases.size() == 1);
  CHECK(cases[0].at("submitted_offline") == true);
  CHECK(cases[0].at("received").at("form").at("address") == "北京市东城区景山前街4号张宅");
  CHECK(cases[0].at("received").at("delivery").at("address") == "北京市东城区景山前街4号张宅");
}
