// End to end: 办件查询 against a real platform-sim. A receipt's code finds an online case (its
// status set on the control port), an offline receipt's number is "saved here" while it waits in
// this kiosk's outbox and finds the case once synced, and a card lists the resident's cases
// (online, still queued here while the platform is down, and synced later).
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

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
using test::read_all;
using test::run_kiosk;

namespace {

// A script written by the test (the codes it scans are known only at run time).
std::string script(const fs::path& work, const std::string& name, const std::string& steps) {
  const fs::path path = work / (name + ".script");
  std::ofstream(path) << steps;
  return path.string();
}

// The tracking code on the one receipt printed into out.
std::string receipt_code(const fs::path& out) {
  std::string code;
  for (const auto& entry : fs::directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("receipt-", 0) == 0 && entry.path().extension() == ".png")
      code = test::decode_qr_png(entry.path().string());
  }
  return code;
}

}  // namespace

TEST_CASE("办件查询: an online case by its code and by card, a queued one, the same once synced") {
  const fs::path work = fresh_work("yiwang-progress");
  const fs::path platform_dir = work / "platform";
  int port = 0;
  std::string url;
  {
    test::PlatformProcess platform(platform_dir, 0, {});
    REQUIRE(platform.running());
    port = platform.port();
    url = platform.url();
    REQUIRE(run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/progress_apply.script",
                      work / "apply") == 0);
    const std::string code = receipt_code(work / "apply");
    REQUIRE(code.rfind("YWTRACK:1:C:HN", 0) == 0);
    const std::string case_id = code.substr(12);
    kiosk::PlatformClient control(
        kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
    REQUIRE(control.post("/_sim/cases/" + case_id + "/status",
                         {{"status", "correction_required"},
                          {"note", {{"zh", "请补交户口簿原件"}, {"en", "Bring the register"}}}}));
    // By the receipt's code from the attract screen, then by card: status, note, timeline.
    REQUIRE(run_kiosk(work, url,
                      script(work, "online",
                             "wait attract\ntap progress\nwait progress\nscan " + code +
                                 "\nexpect 需要补正材料\nexpect 请补交户口簿原件\n"
                                 "expect 办理记录\nshot progress-online\ntap lang\n"
                                 "expect Corrections are needed\nshot progress-online-english\n"
                                 "tap lang\ntap back\nwait attract\n"
                                 "tap progress\nwait progress\ncard zhang-san\n"
                                 "expect " +
                                 case_id +
                                 "\nexpect 需要补正材料\nshot progress-card\n"
                                 "tap back\nwait catalog\n"),
                      work / "online") == 0);
    // Completed: rated (好差评) from 办件查询, once; the evaluation reaches the platform.
    REQUIRE(control.post("/_sim/cases/" + case_id + "/status", {{"status", "completed"}}));
    REQUIRE(run_kiosk(work, url,
                      script(work, "rate",
                             "wait attract\ntap progress\nwait progress\nscan " + code +
                                 "\nexpect 已办结\nshot progress-completed\ntap case.rate\n"
                                 "wait evaluate\ntap eval:5\ntap eval.submit\nwait goodbye\n"
                                 "tap finish\nwait attract\nwait-idle-queue 30\n"),
                      work / "rate") == 0);
    auto evaluations = control.get("/_sim/evaluations");
    REQUIRE(evaluations);
    int rated = 0;
    for (const auto& e : evaluations.value().body) rated += e.value("case_id", "") == case_id;
    CHECK(rated == 1);
  }

  // The platform is down: the application waits in the outbox; its receipt's number is "saved
  // here, not yet sent" on this kiosk.
  REQUIRE(run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/offline.script", work / "offline") ==
          0);
  const std::string code = receipt_code(work / "offline");
  REQUIRE(code.rfind("YWTRACK:1:L:", 0) == 0);
  const std::string local_id = code.substr(12);
  REQUIRE(run_kiosk(
              work, url,
              script(work, "queued",
                     "wait attract\nscan " + code +
                         "\nwait progress\nexpect 保存在本终端，尚未发送\nexpect " + local_id +
                         "\nshot progress-queued\ntap lang\nexpect Saved here, not yet sent\n"
                         "shot progress-queued-english\ntap lang\ntap back\nwait attract\n"
                         // By card: the platform is down, the card holder's queued one shows.
                         "tap progress\nwait progress\ncard li-si\nexpect 保存在本终端，尚未发送\n"
                         "expect " +
                         local_id + "\nshot progress-queued-card\n"),
              work / "queued") == 0);

  // The platform is back: once the queue drains, the same code finds the case.
  {
    test::PlatformProcess platform(platform_dir, port, {});
    REQUIRE(platform.running());
    REQUIRE(run_kiosk(work, url,
                      script(work, "synced",
                             "wait attract\nwait-idle-queue 60\nscan " + code +
                                 "\nwait progress\nexpect 申请已受理\nexpect 户籍证明\n"
                                 "shot progress-synced\ntap back\nwait attract\n"
                                 // By card: the platform has it now, with its case number.
                                 "tap progress\nwait progress\ncard li-si\nexpect 申请已受理\n"
                                 "expect HN\nshot progress-synced-card\n"),
                      work / "synced") == 0);
  }
  const std::string text = read_all(work / "kiosk.log");
  CHECK(text.find("case(s) shown") != std::string::npos);
  CHECK(text.find("46010819850101002X") == std::string::npos);
  fs::remove_all(work);
}

TEST_CASE("browsing the county catalog without identifying; the card asked on apply") {
  const fs::path work = fresh_work("yiwang-browse");
  {
    // The 2 000-item catalog is over the 1 MiB answer limit whole: the kiosk reads it in pages.
    test::PlatformProcess platform(
        work / "platform", 0, {"--catalog", YIWANG_SOURCE_DIR "/tests/data/county-catalog.json"});
    REQUIRE(platform.running());
    REQUIRE(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/browse.script",
                      work / "out") == 0);
  }
  const std::string text = read_all(work / "kiosk.log");
  CHECK(text.find("catalog 2026113001 loaded from the platform") != std::string::npos);
  // Nobody was asked who they were until Apply: the first identity check comes after it.
  const auto apply = text.find("tap apply");
  const auto verifying = text.find("card read, verifying");
  REQUIRE(apply != std::string::npos);
  REQUIRE(verifying != std::string::npos);
  CHECK(apply < verifying);
  CHECK(text.find("screen form") > verifying);
  fs::remove_all(work);
}
