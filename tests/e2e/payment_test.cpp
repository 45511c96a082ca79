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
