// End to end: a foreign card holder types an address by pinyin and handwriting in the kiosk
// process, signs the commitment on the pad, and the platform simulator receives exactly what was
// typed, the signature as a PNG (decoded here with SDL_image) and the delivery.
#include <SDL.h>
#include <SDL_image.h>
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/e2e.h"
#include "support/kiosk_run.h"
#include "support/platform_process.h"

using namespace yiwang;
using nlohmann::json;
namespace fs = std::filesystem;
using test::fresh_work;
using test::read_all;
using test::sim_get;

namespace {

std::string unbase64(const std::string& text) {
  std::string out;
  int bits = 0;
  std::uint32_t buffer = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+') v = 62;
    if (c == '/') v = 63;
    if (v < 0) continue;  // padding
    buffer = buffer << 6 | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// The dark pixels of the signature the platform received, decoded by SDL_image (libpng); -1 when
// it is no image. Its size goes to `size`.
long signature_ink(const json& received, SDL_Point& size) {
  const std::string png =
      unbase64(received.at("commitment").at("signature_png_base64").get<std::string>());
  SDL_RWops* rw = SDL_RWFromConstMem(png.data(), static_cast<int>(png.size()));
  if (png.rfind("\x89PNG", 0) != 0 || !rw) return -1;
  SDL_Surface* loaded = IMG_LoadPNG_RW(rw);
  SDL_RWclose(rw);
  if (!loaded) return -1;
  SDL_Surface* rgba = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_RGBA32, 0);
  SDL_FreeSurface(loaded);
  if (!rgba) return -1;
  size = {rgba->w, rgba->h};
  long dark = 0;
  for (int y = 0; y < rgba->h; ++y) {
    const auto* row = static_cast<const std::uint8_t*>(rgba->pixels) + y * rgba->pitch;
    for (int x = 0; x < rgba->w; ++x) {
      const std::uint8_t* p = row + 4 * x;
      if ((p[0] * 3 + p[1] * 6 + p[2]) / 10 < 128) ++dark;
    }
  }
  SDL_FreeSurface(rgba);
  return dark;
}

void check_signature(const json& received) {
  SDL_Point size{0, 0};
  const long dark = signature_ink(received, size);
  CHECK(dark >= 200);  // ink, as signature.strokes drew it
  CHECK(size.x == 600);
  CHECK(size.y == 200);
  CHECK(received.at("commitment").at("version") == "C-2026-01");
}

// The one case the simulator holds.
json only_case(const test::PlatformProcess& platform) {
  const json cases = sim_get(platform.control_url(), "/_sim/cases");
  REQUIRE(cases.size() == 1);
  return cases[0];
}

// What the simulator kept of the residence permit of a typing script: the date from the picker,
// the select, the address from the cascade and typed, the materials, express delivery, the
// signature.
void check_permit_received(const json& received, const std::string& since,
                           const std::string& reason, const std::string& proof_of_address) {
  const json& form = received.at("form");
  CHECK(form.at("residence_since") == since);
  CHECK(form.at("residence_reason") == reason);
  CHECK(form.at("address") == "北京市东城区景山前街4号张宅");
  CHECK(form.at("phone") == "13800138000");
  CHECK(received.at("materials") ==
        json::array({{{"code", "M001"}, {"provided", "shared"}},
                     {{"code", "M007"}, {"provided", proof_of_address}}}));
  const json& delivery = received.at("delivery");
  CHECK(delivery.at("method") == "express");
  CHECK(delivery.at("address") == "北京市东城区景山前街4号张宅");
  CHECK(delivery.at("phone") == "13800138000");
  check_signature(received);
}

}  // namespace

TEST_CASE(
    "a 2017 foreign card holder types a Chinese address and signs: the platform receives it") {
  const fs::path work = fresh_work("yiwang-e2e-typing");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  REQUIRE(test::run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/typing.script",
                          work / "out") == 0);
  const json received_case = only_case(platform);
  check_permit_received(received_case.at("received"), "2020-06-15", "study", "later");
  CHECK(received_case.at("applicant_id_number") == "USA110080011501");
  // Nothing typed reaches the kiosk's log.
  const std::string text = read_all(work / "kiosk.log");
  CHECK_FALSE(text.empty());
  for (const char* typed : {"景山", "张宅", "13800138000", "bei", "䶮", "2020-06-15"})
    CHECK_MESSAGE(text.find(typed) == std::string::npos, typed);
}

TEST_CASE("an e-ID resident types the address and signs: the platform receives them") {
  const fs::path work = fresh_work("yiwang-e2e-typing-eid");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  REQUIRE(test::run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/typing_eid.script",
                          work / "out") == 0);
  const json received = only_case(platform).at("received");
  const json& form = received.at("form");
  CHECK(form.at("name") == "欧阳娜娜");
  CHECK(form.at("id_number") == "11010519491231002X");
  CHECK(form.at("address") == "海南省海口市美兰区58号");
  CHECK(form.at("grade") == "500");
  CHECK(received.at("materials").size() == 2);
  CHECK(received.at("delivery").at("method") == "pickup");
  check_signature(received);
  const std::string text = read_all(work / "kiosk.log");
  for (const char* typed : {"欧阳娜娜", "海口市美兰区", "13800138000"})
    CHECK_MESSAGE(text.find(typed) == std::string::npos, typed);
}

TEST_CASE("offline, the typed address and the signature wait sealed and reach the platform once") {
  const fs::path work = fresh_work("yiwang-e2e-typing-offline");
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
    for (const char* name : {"kiosk.db", "kiosk.db-wal", "kiosk.log"})
      at_rest += read_all(work / name);
    CHECK_FALSE(at_rest.empty());
    CHECK(at_rest.find("景山前街") == std::string::npos);  // sealed, not in clear
    CHECK(at_rest.find("13800138000") == std::string::npos);
    CHECK(at_rest.find("2020-06-15") == std::string::npos);
    CHECK(at_rest.find("iVBORw0KGgo") == std::string::npos);  // the signature PNG, sealed too
  }
  test::PlatformProcess platform(work / "platform", port, {});
  REQUIRE(platform.running());
  REQUIRE(test::run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/drain.script", work / "drain") ==
          0);
  const json received_case = only_case(platform);
  CHECK(received_case.at("submitted_offline") == true);
  check_permit_received(received_case.at("received"), "2020-06-15", "study", "later");
}

TEST_CASE("the demo's second journey: date, select, cascade, materials, signature and express") {
  const fs::path work = fresh_work("yiwang-e2e-demo-typing");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  REQUIRE(test::run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/assets/demo/typing.script",
                          work / "out") == 0);
  check_permit_received(only_case(platform).at("received"), "2019-03-01", "employment", "on_site");
  // The screens the README promises: the date picker, the cascade, pinyin, handwriting, signed.
  for (const char* name : {"typing-date", "typing-region", "typing-pinyin", "typing-handwriting",
                           "typing-filled", "typing-signed", "typing-review", "typing-receipt"})
    CHECK_MESSAGE(!test::shot(work / "out", name).empty(), name);
}

namespace {

// What the simulator kept of the senior card application of fields.script.
void check_fields_received(const json& received) {
  const json& form = received.at("form");
  CHECK(form.at("birth_date") == "1952-03-14");
  CHECK(form.at("card_kind") == "settled");
  CHECK(form.at("address") == "海南省三亚市吉阳区28号");
  CHECK(form.at("phone") == "13800138000");
  const json materials = received.at("materials");
  REQUIRE(materials.size() == 3);
  CHECK(materials[0] == json{{"code", "M001"}, {"provided", "shared"}});
  CHECK(materials[1] == json{{"code", "M010"}, {"provided", "on_site"}});
  CHECK(materials[2] == json{{"code", "M011"}, {"provided", "later"}});
  const json& delivery = received.at("delivery");
  CHECK(delivery.at("method") == "express");
  CHECK(delivery.at("address") == "海南省三亚市海棠区28号");
  CHECK(delivery.at("phone") == "13800138000");
}

}  // namespace

TEST_CASE(
    "date, select, address by the cascade, materials and express delivery reach the platform") {
  const fs::path work = fresh_work("yiwang-e2e-fields");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  const fs::path out = work / "out";
  REQUIRE(test::run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/fields.script",
                          out) == 0);
  check_fields_received(only_case(platform).at("received"));
  // The receipt says how the result comes (its English half is plain ASCII in the ESC/POS).
  CHECK(test::printed_bytes(out).find("By post") != std::string::npos);
  const std::string log = read_all(work / "kiosk.log");
  CHECK_FALSE(log.empty());
  for (const char* typed : {"1952", "三亚", "海棠", "13800138000", "settled"})
    CHECK_MESSAGE(log.find(typed) == std::string::npos, typed);
}

TEST_CASE("offline, the new fields wait sealed in the outbox and reach the platform once") {
  const fs::path work = fresh_work("yiwang-e2e-fields-offline");
  int port = 0;
  std::string url;
  {
    test::PlatformProcess platform(work / "platform", 0, {});
    REQUIRE(platform.running());
    port = platform.port();
    url = platform.url();
    std::ofstream(work / "warm.script") << "wait attract\ncard zhang-san\nwait catalog\n"
                                           "expect 民政服务\ntap home\n";
    REQUIRE(test::run_kiosk(work, url, (work / "warm.script").string(), work / "warm") == 0);
  }
  REQUIRE(test::run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/fields.script",
                          work / "offline") == 0);
  std::string at_rest;
  for (const char* name : {"kiosk.db", "kiosk.db-wal", "kiosk.log"})
    at_rest += read_all(work / name);
  CHECK_FALSE(at_rest.empty());
  CHECK(at_rest.find("吉阳区28号") == std::string::npos);  // sealed, not in clear
  CHECK(at_rest.find("1952-03-14") == std::string::npos);
  test::PlatformProcess platform(work / "platform", port, {});
  REQUIRE(platform.running());
  REQUIRE(test::run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/drain.script", work / "drain") ==
          0);
  const json received_case = only_case(platform);
  CHECK(received_case.at("submitted_offline") == true);
  check_fields_received(received_case.at("received"));
}
