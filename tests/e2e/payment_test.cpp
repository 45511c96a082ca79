// End to end: payment by QR against a real platform-sim. Paid (the simulator's control pays
// the order), expired then paid later (through another channel: the case's control), and
// offline (no order at all); each receipt on paper, and 办件查询 shows the fee due, then paid.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "platform/platform_client.h"
#include "support/e2e.h"
#include "support/kiosk_run.h"
#include "support/platform_process.h"
#include "support/qr_decode.h"
#include "support/spawn.h"

using namespace yiwang;
using nlohmann::json;
namespace fs = std::filesystem;
using test::fresh_work;
using test::printed_bytes;
using test::read_all;
using test::run_kiosk;
using test::shot;

namespace {

json orders(const test::PlatformProcess& platform) {
  kiosk::PlatformClient control(kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto listed = control.get("/_sim/payments");
  return listed ? listed.value().body : json::array();
}

// Plays the resident's phone: once the screenshot `after` exists, does `action` (pay, expire)
// to the first pending order on the simulator's control port.
class Phone {
 public:
  Phone(const test::PlatformProcess& platform, fs::path out, std::string after, std::string action)
      : thread_([this, &platform, out = std::move(out), after = std::move(after),
                 action = std::move(action)] {
          kiosk::PlatformClient control(
              kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
          while (!stop_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (shot(out, after).empty()) continue;
            for (const json& order : orders(platform)) {
              if (order.value("status", "") != "pending") continue;
              done_ = static_cast<bool>(control.post(
                  "/_sim/payments/" + order.value("order_id", "") + "/" + action, json::object()));
              return;
            }
          }
        }) {}
  ~Phone() {
    stop_ = true;
    thread_.join();
  }
  Phone(const Phone&) = delete;
  Phone& operator=(const Phone&) = delete;
  bool done() const { return done_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

// The tracking code on the receipt printed into out (one receipt).
std::string receipt_code(const fs::path& out) {
  std::string code;
  for (const auto& entry : fs::directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("receipt-", 0) == 0 && entry.path().extension() == ".png")
      code = test::decode_qr_png(entry.path().string());
  }
  return code;
}

// A script written by the test (the tracking code it scans is known only at run time).
std::string script(const fs::path& work, const std::string& name, const std::string& steps) {
  const fs::path path = work / (name + ".script");
  std::ofstream(path) << steps;
  return path.string();
}

const std::string kPaid = "\xD2\xD1\xBD\xC9\xB7\xD1";            // 已缴费 in GB18030
const std::string kFeeDue = "\xD3\xA6\xBD\xC9\xB7\xD1\xD3\xC3";  // 应缴费用 in GB18030

}  // namespace

TEST_CASE("payment by QR: paid, expired then paid later, offline; each receipt says so") {
  const fs::path work = fresh_work("yiwang-pay");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());

  SUBCASE("paid on the phone while the QR code shows") {
    const fs::path out = work / "paid";
    Phone phone(platform, out, "payment-english", "pay");
    REQUIRE(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/pay_paid.script", out) ==
            0);
    CHECK(phone.done());
    const json listed = orders(platform);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].value("status", "") == "paid");
    CHECK(listed[0].value("amount_fen", 0) == 1000);
    // The QR code on the screen is the order's, drawn well enough for a phone to read.
    const fs::path pending = shot(out, "payment-pending");
    REQUIRE_FALSE(pending.empty());
    CHECK(test::decode_qr_png(pending.string()) ==
          "https://pay.example/" + listed[0].value("order_id", ""));
    const std::string paper = printed_bytes(out);
    CHECK(paper.find(kPaid) != std::string::npos);
    CHECK(paper.find(kFeeDue) == std::string::npos);
    CHECK(paper.find(listed[0].value("case_id", "")) != std::string::npos);
  }
  SUBCASE("the order expires, a new one is made, the resident pays later") {
    const fs::path out = work / "expired";
    Phone phone(platform, out, "payment-pending", "expire");
    REQUIRE(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/pay_expired.script",
                      out) == 0);
    CHECK(phone.done());
    const json listed = orders(platform);
    REQUIRE(listed.size() == 2);  // the expired order and the new one, left unpaid
    CHECK(listed[0].value("status", "") == "expired");
    CHECK(listed[1].value("status", "") == "pending");
    const std::string paper = printed_bytes(out);
    CHECK(paper.find(kFeeDue) != std::string::npos);
    CHECK(paper.find(kPaid) == std::string::npos);

    // Later: the receipt's code shows the fee still due; the resident pays through another
    // channel of the platform (the simulator's control plays it); the same code shows it paid.
    const std::string code = receipt_code(out);
    REQUIRE(code.rfind("YWTRACK:1:C:HN", 0) == 0);
    const std::string case_id = code.substr(12);
    CHECK(case_id == listed[0].value("case_id", ""));
    const std::string track = "wait attract\ntap progress\nwait progress\nscan " + code + "\n";
    REQUIRE(
        run_kiosk(work, platform.url(),
                  script(work, "unpaid",
                         track + "expect 未缴费\nshot progress-unpaid\ntap back\nwait attract\n"),
                  work / "unpaid") == 0);
    kiosk::PlatformClient control(
        kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
    auto paid = control.post("/_sim/cases/" + case_id + "/pay", {{"channel", "counter"}});
    REQUIRE(paid);
    CHECK(paid.value().body.value("fee_paid", false));
    // Paid once: the order left pending at the kiosk can no longer be paid, nor the case again.
    const json after = orders(platform);
    REQUIRE(after.size() == 2);
    CHECK(after[1].value("status", "") == "cancelled");
    CHECK_FALSE(control.post("/_sim/cases/" + case_id + "/pay", json::object()));
    REQUIRE(run_kiosk(work, platform.url(),
                      script(work, "paid-later",
                             track + "expect 已缴费\nexpect 费用已通过窗口缴纳\n"
                                     "shot progress-paid-later\ntap lang\nexpect paid\n"
                                     "shot progress-paid-later-english\ntap lang\ntap back\n"
                                     "wait attract\n"),
                      work / "paid-later") == 0);
    CHECK_FALSE(shot(work / "paid-later", "progress-paid-later").empty());
  }
  SUBCASE("offline: the application is queued, no order is made or queued") {
    const fs::path out = work / "offline";
    // Once online, for the catalog; then at a platform address where nothing answers.
    REQUIRE(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/pay_catalog.script",
                      work / "drain") == 0);
    REQUIRE(run_kiosk(work, "http://127.0.0.1:9", YIWANG_SOURCE_DIR "/tests/e2e/pay_offline.script",
                      out) == 0);
    const std::string paper = printed_bytes(out);
    CHECK(paper.find(kFeeDue) != std::string::npos);
    CHECK(paper.find(kPaid) == std::string::npos);
    CHECK(orders(platform).empty());
    const std::string text = read_all(work / "kiosk.log");
    CHECK(text.find("order ") == std::string::npos);  // no order was ever asked for
  }
  fs::remove_all(work);
}

TEST_CASE("speech mode by keys alone: a commitment signed by key, the fee paid, the receipt") {
  test::check_keys_only(YIWANG_SOURCE_DIR "/tests/e2e/speech_pay.script");
  const fs::path work = fresh_work("yiwang-e2e-speech-pay");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  const fs::path out = work / "out";
  const fs::path record = work / "voice.tsv";
  Phone phone(platform, out, "speech-payment", "pay");
  // The keypad and the jack are FIFOs the script writes the devices' input events into.
  std::vector<std::string> options = test::keypad_fifos(work);
  options.insert(options.end(), {"--voice-record", record.string()});
  REQUIRE(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/speech_pay.script", out,
                    options) == 0);
  CHECK(phone.done());

  // The case reached the platform with a keyed confirmation, not a PNG: the simulator accepted
  // its card binding (it refuses one that is not the applicant's card, see platform-sim).
  const json cases = test::sim_get(platform.control_url(), "/_sim/cases");
  REQUIRE(cases.size() == 1);
  const json commitment = cases[0]["received"]["commitment"];
  CHECK(commitment.value("version", "") == "C-2026-01");
  CHECK_FALSE(commitment.contains("signature_png_base64"));
  REQUIRE(commitment.contains("keyed_confirmation"));
  CHECK(commitment["keyed_confirmation"].value("method", "") == "keypad");
  CHECK(commitment["keyed_confirmation"].value("read_aloud", "") == "zh");
  CHECK(commitment["keyed_confirmation"].value("card_binding", "").size() == 64);
  // Signed by key only after the voice had played the whole commitment to its end.
  {
    const std::string log = read_all(work / "kiosk.log");
    const auto heard = log.find("speech: commitment heard to its end");
    REQUIRE(heard != std::string::npos);
    CHECK(heard < log.find("commitment confirmed by key"));
  }
  // Paid on the phone: one order, paid; the receipt printed says so.
  const json listed = orders(platform);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].value("status", "") == "paid");
  const std::string paper = printed_bytes(out);
  CHECK(paper.find(kPaid) != std::string::npos);
  CHECK(paper.find(cases[0].value("case_id", "")) != std::string::npos);

  // Every screen passed, the sign screen and payment among them, said and captioned.
  const auto rows = test::voice_rows(record);
  const auto screens = test::screens_passed(work / "kiosk.log");
  for (const char* screen : {"attract", "catalog", "guide", "identify", "form", "review", "sign",
                             "submitting", "payment", "receipt", "evaluate", "goodbye"})
    CHECK_MESSAGE(screens.count(screen) == 1, screen);
  for (const auto& screen : screens) {
    for (const char* kind : {"said", "caption"}) {
      bool found = false;
      for (const auto& row : rows)
        found |=
            row.kind == kind && row.screen == screen && row.language == "zh" && !row.text.empty();
      const std::string what = screen + " " + kind;
      CHECK_MESSAGE(found, what);
    }
  }
  std::string said;
  for (const auto& row : rows) {
    if (row.kind == "said") said += row.text + "\n";
  }
  // The commitment in full, the amount and what it pays for, the case number digit by digit.
  CHECK(said.find("本人承诺所填信息及提交材料真实、准确、完整，如有虚假，愿承担相应法律责任，"
                  "并同意将失信行为记入信用记录。") != std::string::npos);
  CHECK(said.find("缴费：不动产权证书补发，应缴金额：10元") != std::string::npos);
  CHECK(said.find("受理编号：H N ") != std::string::npos);
  // On the loudspeaker: never the name or the ID number.
  for (const char* secret : {"张三", "11010519491231002X", "13800138000"})
    CHECK_MESSAGE(said.find(secret) == std::string::npos, secret);
  const std::string text = read_all(work / "kiosk.log");
  CHECK(text.find("commitment confirmed by key") != std::string::npos);
  CHECK(text.find("device: keypad online: FIFO ") != std::string::npos);  // through the driver
  CHECK(text.find("张三") == std::string::npos);
  fs::remove_all(work);
}
