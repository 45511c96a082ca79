// End to end: the scripted journey against a real platform-sim, online, then with the platform
// stopped, then with it back: one case per submission, receipts whose QR codes track them.
#include <SDL.h>
#include <SDL_image.h>
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "database.h"
#include "outbox.h"
#include "platform/platform_client.h"
#include "receipt_journal.h"
#include "support/e2e.h"
#include "support/kiosk_run.h"
#include "support/platform_process.h"
#include "support/qr_decode.h"
#include "support/spawn.h"
#include "support/wait_for.h"

using namespace yiwang;
using nlohmann::json;
namespace fs = std::filesystem;
using test::fresh_work;
using test::read_all;
using test::receipts;
using test::run_kiosk;
using test::screens_passed;
using test::sim_get;
using test::voice_rows;

namespace {

// True when two screenshots are the same pixel for pixel above the status line (whose queue
// counts may differ).
bool same_above_status_line(const fs::path& a, const fs::path& b) {
  SDL_Surface* first = IMG_Load(a.c_str());
  SDL_Surface* second = IMG_Load(b.c_str());
  bool same = first && second && first->w == second->w && first->h == second->h &&
              first->format->format == second->format->format;
  const int rows = first ? first->h - 64 : 0;
  for (int y = 0; same && y < rows; ++y) {
    same = std::memcmp(static_cast<const char*>(first->pixels) + y * first->pitch,
                       static_cast<const char*>(second->pixels) + y * second->pitch,
                       static_cast<std::size_t>(first->w * first->format->BytesPerPixel)) == 0;
  }
  SDL_FreeSurface(first);
  SDL_FreeSurface(second);
  return same;
}

int cases_for(const json& cases, const std::string& id_number) {
  int n = 0;
  for (const auto& c : cases) n += c.value("applicant_id_number", "") == id_number;
  return n;
}

}  // namespace

TEST_CASE("a resident finishes a service online, then offline, and nothing is lost or doubled") {
  const fs::path work = fresh_work("yiwang-e2e");
  const fs::path platform_dir = work / "platform";
  int port = 0;
  std::string url;

  // 1. Online: the demo journey.
  {
    test::PlatformProcess platform(platform_dir, 0, {});
    REQUIRE(platform.running());
    port = platform.port();
    url = platform.url();
    const fs::path out = work / "online";
    REQUIRE(run_kiosk(work, url, YIWANG_ASSETS_DIR "/demo/journey.script", out) == 0);
    const json cases = sim_get(platform.control_url(), "/_sim/cases");
    CHECK(cases_for(cases, "11010519491231002X") == 1);
    REQUIRE(cases.size() == 1);
    const std::string case_id = cases[0].at("case_id");
    auto printed = receipts(out);
    REQUIRE(printed.size() == 1);
    CHECK(test::decode_qr_png(printed[0].string()) == "YWTRACK:1:C:" + case_id);
    CHECK(sim_get(platform.control_url(), "/_sim/evaluations").size() == 1);

    // Every screen of the journey was shot, and drawn (a blank frame compresses to a few KB).
    int screenshots = 0;
    for (const auto& entry : fs::directory_iterator(out)) {
      const std::string name = entry.path().filename().string();
      if (name.size() > 3 && std::isdigit(static_cast<unsigned char>(name[0])) && name[2] == '-') {
        ++screenshots;
        CHECK_MESSAGE(fs::file_size(entry.path()) > 30000, name);
      }
    }
    CHECK(screenshots == 14);
    // After the idle wipe the screen is exactly the untouched attract screen: nothing of the
    // resident is left on it.
    CHECK(same_above_status_line(out / "01-attract.png", out / "14-after-idle.png"));
    CHECK_FALSE(same_above_status_line(out / "01-attract.png", out / "02-catalog.png"));
  }

  // 2. The platform is down: the receipt carries the provisional number.
  const fs::path offline_out = work / "offline";
  REQUIRE(run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/offline.script", offline_out) == 0);
  auto printed = receipts(offline_out);
  REQUIRE(printed.size() == 1);
  const std::string tracking = test::decode_qr_png(printed[0].string());
  std::smatch match;
  REQUIRE_MESSAGE(
      std::regex_match(tracking, match, std::regex("YWTRACK:1:L:(T4601050001-[0-9]{8}-[0-9]{4})")),
      tracking);
  const std::string local_id = match[1];

  // While it waits, the application lies in the outbox: nothing personal in clear in the
  // database, its WAL, the log or the printer spool (the name also as the printer's GB18030).
  {
    std::string at_rest;
    for (const fs::path& file : {work / "kiosk.db", work / "kiosk.db-wal", work / "kiosk.log"})
      at_rest += read_all(file);
    at_rest += test::printed_bytes(offline_out);
    CHECK(at_rest.find(local_id) != std::string::npos);  // the entry and the spool are there
    CHECK(at_rest.find("46010819850101002X") == std::string::npos);
    CHECK(at_rest.find("李四") == std::string::npos);
    CHECK(at_rest.find("\xC0\xEE\xCB\xC4") == std::string::npos);  // 李四 in GB18030
    CHECK(at_rest.find("13912345678") == std::string::npos);
  }

  // 3. The platform is back on the same address: the case arrives exactly once.
  {
    test::PlatformProcess platform(platform_dir, port, {});
    REQUIRE(platform.running());
    REQUIRE(run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/drain.script", work / "drain") == 0);
    const json found = sim_get(url, "/v1/applications?local_id=" + local_id);
    REQUIRE(found.size() == 1);
    CHECK(found[0].at("submitted_offline") == true);
    const json cases = sim_get(platform.control_url(), "/_sim/cases");
    CHECK(cases.size() == 2);
    CHECK(cases_for(cases, "46010819850101002X") == 1);
    const json evaluations = sim_get(platform.control_url(), "/_sim/evaluations");
    REQUIRE(evaluations.size() == 2);
    CHECK(evaluations[1].at("local_id") == local_id);
    CHECK(evaluations[1].at("level") == 2);
  }

  // Personal data never reaches the log.
  const std::string text = read_all(work / "kiosk.log");
  // The log is really there and says what happened (so the checks below cannot pass on nothing).
  CHECK(text.find("accepted as HN") != std::string::npos);
  CHECK(text.find(local_id) != std::string::npos);
  CHECK(text.find("11010519491231002X") == std::string::npos);
  CHECK(text.find("46010819850101002X") == std::string::npos);
  CHECK(text.find("张三") == std::string::npos);
  CHECK(text.find("李四") == std::string::npos);
  CHECK(text.find("13800138000") == std::string::npos);
  fs::remove_all(work);
}

TEST_CASE(
    "a quick finger on Submit and on the evaluation gives one case, one evaluation, one receipt") {
  const fs::path work = fresh_work("yiwang-burst");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  const fs::path out = work / "out";
  REQUIRE(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/burst.script", out) == 0);
  // Counted on the platform's side, and on paper.
  CHECK(sim_get(platform.control_url(), "/_sim/cases").size() == 1);
  CHECK(sim_get(platform.control_url(), "/_sim/evaluations").size() == 1);
  CHECK(receipts(out).size() == 1);
  // The second touches were dropped as aimed at a screen no longer shown.
  const std::string text = read_all(work / "kiosk.log");
  CHECK(text.find("touch on a frame no longer shown: dropped") != std::string::npos);
  fs::remove_all(work);
}

TEST_CASE("elder mode: a resident prints a certificate and applies on the large layouts") {
  const fs::path work = fresh_work("yiwang-e2e-elder");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  const fs::path out = work / "out";
  REQUIRE(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/elder.script", out) == 0);
  const json cases = sim_get(platform.control_url(), "/_sim/cases");
  CHECK(cases_for(cases, "11010519491231002X") == 1);
  CHECK(receipts(out).size() == 1);
  // The idle warning came only after twice the normal time.
  const auto shot = [&](const std::string& name) {
    for (const auto& entry : fs::directory_iterator(out)) {
      const std::string file = entry.path().filename().string();
      if (file.find(name + ".png") != std::string::npos) return entry.path();
    }
    return fs::path();
  };
  REQUIRE_FALSE(shot("elder-no-warning-yet").empty());
  REQUIRE_FALSE(shot("elder-idle-warning").empty());
  CHECK_FALSE(same_above_status_line(shot("elder-no-warning-yet"), shot("elder-idle-warning")));
  const std::string text = read_all(work / "kiosk.log");
  CHECK(text.find("session ended: idle timeout") != std::string::npos);
  fs::remove_all(work);
}

TEST_CASE("voice guidance: every screen passed is said and captioned in zh and en; help (帮办)") {
  const fs::path work = fresh_work("yiwang-e2e-voice");
  std::string url;
  {
    test::PlatformProcess platform(work / "platform", 0, {});
    REQUIRE(platform.running());
    url = platform.url();
    // The centre's hours and the voice's settings, as the platform configures them.
    kiosk::PlatformClient control(
        kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
    REQUIRE(control.post("/_sim/config", {{"service_hours", {{"from", "08:30"}, {"to", "17:30"}}},
                                          {"volume", 60},
                                          {"voice_default", true}}));
    const fs::path out = work / "out";
    const fs::path record = work / "voice.tsv";
    REQUIRE(run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/voice.script", out,
                      {"--voice-record", record.string()}) == 0);
    CHECK(cases_for(sim_get(platform.control_url(), "/_sim/cases"), "11010519491231002X") == 2);
    const auto rows = voice_rows(record);
    const auto screens = screens_passed(work / "kiosk.log");
    for (const char* screen : {"attract", "identify", "catalog", "guide", "certificates", "form",
                               "review", "submitting", "receipt", "evaluate", "goodbye"})
      CHECK_MESSAGE(screens.count(screen) == 1, screen);
    int played = 0;
    std::string everything;
    for (const auto& row : rows) {
      played += row.kind == "played" && row.screen != "0ms";
      everything += row.text + "\n";
    }
    for (const auto& screen : screens) {
      for (const char* language : {"zh", "en"}) {
        for (const char* kind : {"said", "caption"}) {
          bool found = false;
          for (const auto& row : rows)
            found |= row.kind == kind && row.screen == screen && row.language == language &&
                     !row.text.empty();
          const std::string what = screen + " " + language + " " + kind;
          CHECK_MESSAGE(found, what);
        }
      }
    }
    // espeak-ng synthesised lines (the record stands in for the audio device).
    CHECK(played >= 5);
    // The case number digit by digit on the receipt, in both languages.
    CHECK(everything.find("受理编号：H N ") != std::string::npos);
    CHECK(everything.find("Case number: H N ") != std::string::npos);
    // Nothing personal: no name (masked or not), ID number, or what was typed.
    for (const char* secret :
         {"张三", "张*", "ZHANG", "11010519491231002X", "13800138000", "1 1 0 1 0 5 1 9"})
      CHECK_MESSAGE(everything.find(secret) == std::string::npos, secret);
    // Help online: the reason chosen reached the simulator with the guide's item; the resident
    // was asked what they need (said), then told when staff come.
    const std::string text = read_all(work / "kiosk.log");
    CHECK(text.find("help request HR") != std::string::npos);
    const json helps = sim_get(platform.control_url(), "/_sim/help-requests");
    REQUIRE(helps.size() == 1);
    CHECK(helps[0].value("reason", "") == "need_explanation");
    CHECK(helps[0].value("item_code", "") == "460100-0003-0004");
    CHECK(everything.find("您需要哪方面的帮助") != std::string::npos);
    CHECK(everything.find("约 5 分钟后") != std::string::npos);
  }
  // Offline (the platform stopped): the 12345 hotline and the hours the platform configured.
  const fs::path record = work / "voice-offline.tsv";
  REQUIRE(run_kiosk(work, url, YIWANG_SOURCE_DIR "/tests/e2e/help_offline.script", work / "off",
                    {"--voice-record", record.string()}) == 0);
  bool hotline = false;
  for (const auto& row : voice_rows(record))
    hotline |= row.kind == "caption" && row.text.find("08:30") != std::string::npos &&
               row.text.find("1 2 3 4 5") != std::string::npos;
  CHECK(hotline);
  fs::remove_all(work);
}

TEST_CASE("speech mode by the tactile keypad alone: certificates and apply, said and captioned") {
  test::check_keys_only(YIWANG_SOURCE_DIR "/tests/e2e/speech.script");
  const fs::path work =
      fs::temp_directory_path() / ("yiwang-e2e-speech-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  const fs::path out = work / "out";
  const fs::path record = work / "voice.tsv";
  // The keypad and the jack are FIFOs the script writes the devices' input events into.
  std::vector<std::string> options = test::keypad_fifos(work);
  options.insert(options.end(), {"--voice-record", record.string()});
  REQUIRE(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/speech.script", out,
                    options) == 0);
  // Both applications reached the platform.
  CHECK(cases_for(sim_get(platform.control_url(), "/_sim/cases"), "11010519491231002X") == 2);
  // Help asked for by keys on the certificates screen: the reason chosen reached the platform.
  const json helps = sim_get(platform.control_url(), "/_sim/help-requests");
  REQUIRE(helps.size() == 1);
  CHECK(helps[0].value("reason", "") == "cannot_read");
  CHECK(helps[0].value("item_code", "") == "460100-0003-0004");
  const auto rows = voice_rows(record);
  const auto screens = screens_passed(work / "kiosk.log");
  for (const char* screen : {"attract", "identify", "catalog", "guide", "certificates", "form",
                             "review", "submitting", "receipt", "evaluate", "goodbye"})
    CHECK_MESSAGE(screens.count(screen) == 1, screen);
  // Every screen passed has its line said and captioned (Chinese; English where the second
  // journey went: the certificates were the first journey's alone).
  for (const auto& screen : screens) {
    for (const char* language : {"zh", "en"}) {
      if (std::string(language) == "en" && screen == "certificates") continue;
      for (const char* kind : {"said", "caption"}) {
        bool found = false;
        for (const auto& row : rows)
          found |= row.kind == kind && row.screen == screen && row.language == language &&
                   !row.text.empty();
        const std::string what = screen + " " + language + " " + kind;
        CHECK_MESSAGE(found, what);
      }
    }
  }
  std::string said_zh, said_en;
  for (const auto& row : rows) {
    if (row.kind != "said") continue;
    (row.language == "en" ? said_en : said_zh) += row.text + "\n";
  }
  // Widgets said on focus: the service chosen, the keys explained, the screen blanked.
  CHECK(said_zh.find("婚姻登记预约") != std::string::npos);
  CHECK(said_zh.find("确认键办理") != std::string::npos);
  CHECK(said_zh.find("屏幕已关闭") != std::string::npos);
  CHECK(said_en.find("Name, filled in") != std::string::npos);
  // The name only into headphones (the Chinese journey wore them), never on the loudspeaker.
  CHECK(said_zh.find("张三") != std::string::npos);
  for (const char* secret : {"张三", "ZHANG", "11010519491231002X"})
    CHECK_MESSAGE(said_en.find(secret) == std::string::npos, secret);
  // The focus ring drawn for a sighted helper; the blanked screen black.
  SDL_Surface* ring = IMG_Load((out / "01-speech-focus-attract.png").c_str());
  SDL_Surface* blank = IMG_Load((out / "02-speech-blanked.png").c_str());
  REQUIRE(ring);
  REQUIRE(blank);
  const auto pixel = [](SDL_Surface* s, int x, int y) {
    SDL_Surface* rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
    const auto* p = static_cast<const std::uint8_t*>(rgb->pixels) + y * rgb->pitch + x * 3;
    const std::uint32_t value = (p[0] << 16) | (p[1] << 8) | p[2];
    SDL_FreeSurface(rgb);
    return value;
  };
  CHECK(pixel(blank, 960, 200) == 0x000000);
  CHECK(pixel(blank, 100, 1000) == 0x000000);
  SDL_FreeSurface(ring);
  SDL_FreeSurface(blank);
  std::ifstream log(work / "kiosk.log");
  const std::string text((std::istreambuf_iterator<char>(log)), {});
  CHECK(text.find("speech mode on (key)") != std::string::npos);
  CHECK(text.find("headphones in") != std::string::npos);
  // The keys and the jack came through the evdev driver reading the FIFOs.
  CHECK(text.find("device: keypad online: FIFO ") != std::string::npos);
  CHECK(text.find("device: headphones online: FIFO ") != std::string::npos);
  CHECK(text.find("张三") == std::string::npos);
  fs::remove_all(work);
}

TEST_CASE("a card placed after a long idle time opens a session that stays") {
  const fs::path work = fresh_work("yiwang-idle");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  CHECK(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/idle_then_card.script",
                  work / "out") == 0);
  const std::string text = read_all(work / "kiosk.log");
  CHECK(text.find("session ended: idle timeout") == std::string::npos);
  fs::remove_all(work);
}

TEST_CASE("SIGTERM stops a kiosk idle on the attract screen at once, and it exits cleanly") {
  const fs::path work = fresh_work("yiwang-term");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  for (int signal : {SIGTERM, SIGINT}) {
    CAPTURE(signal);
    const fs::path log_path = work / ("kiosk-" + std::to_string(signal) + ".log");
    const pid_t pid =
        test::start_process({YIWANG_KIOSK, "--headless", "--simulate", "--allow-plain-http",
                             "--platform", platform.url(), "--db", (work / "kiosk.db").string(),
                             "--out", (work / "out").string(), "--log", log_path.string()});
    REQUIRE(pid > 0);
    // Whatever happens below, no kiosk outlives the test.
    const std::unique_ptr<void, std::function<void(void*)>> reaper(reinterpret_cast<void*>(1),
                                                                   [pid](void*) {
                                                                     if (::kill(pid, 0) == 0) {
                                                                       ::kill(pid, SIGKILL);
                                                                       ::waitpid(pid, nullptr, 0);
                                                                     }
                                                                   });
    // Idle on the attract screen: every thread asleep, nothing timed in the flow.
    REQUIRE(test::wait_for([&] {
      const std::string text = read_all(log_path);
      return text.find("app: running") != std::string::npos;
    }));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const auto sent = std::chrono::steady_clock::now();
    ::kill(pid, signal);
    int status = 0;
    // Before: the signal was seen only when another thread happened to post (up to 30 s).
    bool exited = false;
    while (!exited && std::chrono::steady_clock::now() - sent < std::chrono::seconds(5)) {
      exited = ::waitpid(pid, &status, WNOHANG) == pid;
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!exited) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
    CHECK(exited);
    CHECK(test::exit_code_of(status) == 0);
    MESSAGE("stopped in " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - sent)
                                 .count()
                          << " ms (ASan build)");
  }
  fs::remove_all(work);
}

TEST_CASE("a missing outbox key with sealed entries in the file holds the queue; no new key") {
  const fs::path work = fresh_work("yiwang-nokey");
  const std::string db = (work / "kiosk.db").string();
  {
    auto key = store::SealingKey::load_or_create(db + ".key");
    REQUIRE(key.status.ok());
    auto opened = store::Database::open(db);
    REQUIRE(opened.status.ok());
    store::Outbox outbox(*opened.database, *key.key);
    REQUIRE(outbox.enqueue("application", "T4601050001-20261122-0043", "{}", 1000).status.ok());
  }
  fs::remove(db + ".key");  // the key partition did not mount
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  {
    std::ofstream script(work / "wait.script");
    script << "wait attract\nsleep 1500\nshot held\n";
  }
  CHECK(run_kiosk(work, platform.url(), (work / "wait.script").string(), work / "out") == 0);
  CHECK_FALSE(fs::exists(db + ".key"));  // no new key that would open nothing
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::Outbox keyless(*opened.database, nullptr);
  CHECK(keyless.counts().pending == 1);
  CHECK(keyless.counts().dead == 0);
  CHECK(sim_get(platform.control_url(), "/_sim/cases").empty());
  const std::string text = read_all(work / "kiosk.log");
  CHECK(text.find("the queue is held") != std::string::npos);
  // A technician's listing does not make a key either (it lists the entries unopened).
  const fs::path listing = work / "dead-letters.txt";
  CHECK(test::exit_code_of(test::run_process({YIWANG_KIOSK, "--db", db, "--dead-letters"},
                                             listing.string())) == 0);
  CHECK_FALSE(fs::exists(db + ".key"));
  const std::string said = read_all(listing);
  CHECK(said.find("is missing") != std::string::npos);
  fs::remove_all(work);
}

TEST_CASE("the kiosk process killed at random points: what it stored arrives once, nothing twice") {
  const fs::path work = fresh_work("yiwang-kill");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  std::mt19937 random(1130);
  const char* configured = std::getenv("YIWANG_KIOSK_KILLS");
  const int kills = configured ? std::atoi(configured) : 6;
  for (int trial = 0; trial < kills; ++trial) {
    // SIGKILL anywhere in a session: identifying, storing, sending, printing, evaluating.
    const int after_ms = std::uniform_int_distribution<int>(1500, 9000)(random);
    test::run_process(
        {YIWANG_KIOSK, "--headless", "--simulate", "--allow-plain-http", "--platform",
         platform.url(), "--db", (work / "kiosk.db").string(), "--out", (work / "out").string(),
         "--script", YIWANG_SOURCE_DIR "/tests/e2e/burst.script", "--log",
         (work / "kiosk.log").string(), "--submit-wait-ms", "4000"},
        "", after_ms);
  }
  // Started again: the queue drains.
  REQUIRE(run_kiosk(work, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/drain.script",
                    work / "drain") == 0);
  const std::string text = read_all(work / "kiosk.log");
  // Every application the screen was told was stored...
  std::set<std::string> stored;
  const std::regex stored_line("application (T4601050001-[0-9]{8}-[0-9]{4}) stored");
  for (std::sregex_iterator it(text.begin(), text.end(), stored_line), end; it != end; ++it)
    stored.insert((*it)[1]);
  const json cases = sim_get(platform.control_url(), "/_sim/cases");
  std::map<std::string, int> per_local_id;
  for (const auto& c : cases) per_local_id[c.value("local_id", "")] += 1;
  for (const auto& local_id : stored) {
    CAPTURE(local_id);
    CHECK(per_local_id[local_id] == 1);  // ...arrived, once
  }
  for (const auto& [local_id, count] : per_local_id) {
    CAPTURE(local_id);
    CHECK(count == 1);  // and no number came twice
  }
  MESSAGE(kills << " kills: " << stored.size() << " applications stored, " << cases.size()
                << " cases on the platform");
  fs::remove_all(work);
}

TEST_CASE("a technician enrolls the kiosk by scanning the provisioning code") {
  const fs::path work = fresh_work("yiwang-e2e-enroll");
  test::PlatformProcess platform(
      "enroll-scan", {"--tls-dir", (work / "pki").string(), "--enroll-token", "scan-token",
                      "--provisioning-file", (work / "code").string()});
  REQUIRE(platform.running());
  std::string code;
  std::ifstream(work / "code") >> code;
  REQUIRE(code.rfind("kiosk-enroll:v1:", 0) == 0);
  std::ofstream(work / "enroll.script") << "wait provisioning\n"
                                        << "wait-link down 10\n"
                                        << "expect 终端未注册\n"
                                        << "scan " << code << "\n"
                                        << "wait-link up 20\n"
                                        << "expect T460105\n"
                                        << "shot enrolled\n";
  // No identity and no --allow-plain-http: the kiosk starts unenrolled, on the provisioning
  // wizard (not the residents' attract screen), and waits for the scan. Enrolled, the wizard's
  // self-test speaks its line: into SDL's disk audio driver, as in the technician tests (the
  // host's own audio driver leaks inside SDL when the kiosk stops mid-line).
  ::setenv("SDL_AUDIODRIVER", "disk", 1);
  ::setenv("SDL_DISKAUDIOFILE", (work / "audio.raw").c_str(), 1);
  const int status = test::run_process(
      {YIWANG_KIOSK, "--headless", "--simulate", "--terminal-dir", (work / "terminal").string(),
       "--db", (work / "kiosk.db").string(), "--out", (work / "out").string(), "--script",
       (work / "enroll.script").string(), "--log", (work / "kiosk.log").string()});
  ::unsetenv("SDL_AUDIODRIVER");
  ::unsetenv("SDL_DISKAUDIOFILE");
  const std::string log = read_all(work / "kiosk.log");
  INFO(log);
  CHECK(test::exit_code_of(status) == 0);
  CHECK(log.find("terminal not enrolled") != std::string::npos);
  CHECK(log.find("enrolled as T460105") != std::string::npos);
  CHECK(fs::exists(work / "terminal" / "client.key"));
  CHECK(fs::exists(work / "out" / "01-enrolled.png"));
  // The code is a secret for one enrollment: it never reaches the log.
  CHECK(log.find("scan-token") == std::string::npos);
  CHECK(log.find(code.substr(16, 40)) == std::string::npos);
  fs::remove_all(work);
}

namespace {

// Runs the kiosk binary with args; its exit code, and its standard output into a string.
int run_kiosk_command(std::vector<std::string> args, const fs::path& out_file,
                      std::string& output) {
  args.insert(args.begin(), YIWANG_KIOSK);
  fs::remove(out_file);
  const int code = test::exit_code_of(test::run_process(args, out_file.string()));
  std::ifstream in(out_file);
  output.assign((std::istreambuf_iterator<char>(in)), {});
  return code;
}

}  // namespace

TEST_CASE("a technician lists dead letters without personal data, and resolves them") {
  const fs::path work = fresh_work("yiwang-e2e-dead");
  const std::string db = (work / "kiosk.db").string();
  {
    auto key = store::SealingKey::load_or_create(db + ".key");
    auto opened = store::Database::open(db);
    REQUIRE(key.status.ok());
    REQUIRE(opened.status.ok());
    store::Outbox outbox(*opened.database, *key.key);
    auto stored = outbox.enqueue("application", "T4601050001-20261122-0042",
                                 R"({"applicant":{"card":{"name":"张三"}}})", 1795000000000LL);
    REQUIRE(outbox
                .move_to_dead(
                    stored.entry.id,
                    R"({"status":422,"code":"invalid_fields","title":"Some fields are )"
                    R"(not valid","fields":[{"field":"form.phone","code":"invalid_format"}]})",
                    1795000060000LL)
                .ok());
    // Its receipt was printed before the platform refused it, then reprinted on request.
    store::ReceiptJournal journal(*opened.database);
    const std::string local = "T4601050001-20261122-0042";
    REQUIRE(journal.begin(local, local, false, "{}", 1795000001000LL).ok());
    REQUIRE(journal.finish(local, true, "", 1795000002000LL).ok());
    REQUIRE(journal.begin(local + "#r1", local, true, "{}", 1795000003000LL).ok());
    REQUIRE(journal.finish(local + "#r1", true, "", 1795000004000LL).ok());
    REQUIRE(
        journal
            .audit("receipt.reprint", local, local + "#r1 asked by the resident", 1795000003000LL)
            .ok());
    CHECK_FALSE(journal.begin(local, local, false, "{}", 1795000005000LL).ok());  // once only
  }
  std::string listing;
  REQUIRE(run_kiosk_command({"--db", db, "--dead-letters"}, work / "list.out", listing) == 0);
  INFO(listing);
  CHECK(listing.find("1 dead letter") != std::string::npos);
  CHECK(listing.find("T4601050001-20261122-0042") != std::string::npos);
  CHECK(listing.find("422 invalid_fields") != std::string::npos);
  CHECK(listing.find("form.phone invalid_format") != std::string::npos);
  CHECK(listing.find("张三") == std::string::npos);

  std::string receipts;
  REQUIRE(run_kiosk_command({"--db", db, "--receipts"}, work / "receipts.out", receipts) == 0);
  INFO(receipts);
  CHECK(receipts.find("2 receipt(s) printed for dead-lettered applications") != std::string::npos);
  CHECK(receipts.find("T4601050001-20261122-0042#r1  reprint  printed") != std::string::npos);
  CHECK(receipts.find("receipt.reprint  T4601050001-20261122-0042") != std::string::npos);

  std::string resolved;
  CHECK(run_kiosk_command({"--db", db, "--resolve-dead", "1"}, work / "resolve.out", resolved) ==
        0);
  CHECK(run_kiosk_command({"--db", db, "--resolve-dead", "1"}, work / "again.out", resolved) == 1);
  REQUIRE(run_kiosk_command({"--db", db, "--dead-letters"}, work / "list2.out", listing) == 0);
  CHECK(listing.find("0 dead letter") != std::string::npos);
  REQUIRE(run_kiosk_command({"--db", db, "--receipts"}, work / "receipts2.out", receipts) == 0);
  CHECK(receipts.find("0 receipt(s)") != std::string::npos);  // reconciled with the dead letter
  fs::remove_all(work);
}

TEST_CASE("paper runs out mid-receipt: the number stays on screen, nothing is lost, reprint") {
  const fs::path work = fresh_work("yiwang-e2e-paper");
  fs::create_directories(work / "out");
  test::PlatformProcess platform(work / "platform", 0, {}, true);
  REQUIRE(platform.running());
  std::ofstream(work / "paper.script") << "wait attract\n"
                                          "tap start\n"
                                          "wait catalog\n"
                                          "tap item:460100-0001-0001\n"
                                          "wait guide\n"
                                          "tap apply\n"
                                          "wait identify\n"
                                          "tap sim.card\n"
                                          "wait form\n"
                                          "tap field:phone\n"
                                          "type 13800138000\n"
                                          "tap field:grade\n"
                                          "tap select:grade:500\n"
                                          "tap form.next\n"
                                          "wait review\n"
                                          "tap commit.open\n"
                                          "wait sign\n"
                                          "tap commit.toggle\n"
                                          "sign " YIWANG_SOURCE_DIR
                                          "/tests/data/signature/resident.strokes\n"
                                          "tap sign.done\n"
                                          "wait review\n"
                                          "tap delivery:electronic\n"
                                          "printer paper-out-after 5\n"
                                          "tap submit\n"
                                          "wait receipt 20\n"
                                          "wait-no-print 30\n"
                                          "expect 缺纸\n"
                                          "expect HN\n"
                                          "shot paper-out\n"
                                          "printer paper-full\n"
                                          "tap receipt.reprint\n"
                                          "wait-print 30\n"
                                          "shot reprinted\n";
  const fs::path out = work / "out";
  REQUIRE(run_kiosk(work, platform.url(), (work / "paper.script").string(), out) == 0);
  const std::string log = read_all(work / "kiosk.log");
  INFO(log);
  CHECK(log.find("not printed (paper_out)") != std::string::npos);
  // The application reached the platform once: paper has nothing to do with the outbox.
  const json cases = sim_get(platform.control_url(), "/_sim/cases");
  REQUIRE(cases.size() == 1);
  const std::string case_id = cases[0].at("case_id");
  // On paper: the fragment closed by the void slip, then the reprint, marked as such.
  const auto pages = receipts(out);
  REQUIRE(pages.size() == 2);
  const std::string fragment = read_all(out / "receipt-0001.escpos");
  const std::string reprint = read_all(out / "receipt-0002.escpos");
  CHECK(fragment.find("VOID") != std::string::npos);
  CHECK(reprint.find("REPRINT") != std::string::npos);
  CHECK(reprint.find(case_id) != std::string::npos);
  CHECK(test::decode_qr_png((out / "receipt-0002.png").string()) == "YWTRACK:1:C:" + case_id);
  if (std::getenv("YIWANG_KEEP_E2E") == nullptr) fs::remove_all(work);
}

TEST_CASE(
    "identity devices end to end: reader unplugged and back, codes of every kind, e-ID, a "
    "foreign card") {
  const fs::path work = fresh_work("yiwang-e2e-identity");
  fs::create_directories(work / "out");
  test::PlatformProcess platform(work / "platform", 0, {}, true);
  REQUIRE(platform.running());
  std::ofstream(work / "identity.script")
      << "wait attract\n"
         "reader unplug\n"
         // Residents see what they can do instead; the technician's line is not theirs.
         "expect 读卡器暂不可用：请出示电子身份证二维码\n"
         "expect-not 读卡器 未连接\n"
         "expect-not 待发送\n"
         "shot reader-unplugged\n"
         "reader plug\n"
         "sleep 2000\n"
         // Codes of each kind, scanned on the attract screen.
         "scan https://example.com/not-ours\n"
         "expect 此二维码不是本终端可以办理的内容\n"
         "scan YWTRACK:1:C:HN\n"
         "expect 此二维码内容有误\n"
         "scan YWTRACK:1:C:HN2099010100000001\n"
         "expect 未找到此编号的申请\n"
         "shot tracking-not-found\n"
         // (a receipt's code opened 办件查询; back to the attract screen)
         "tap back\n"
         "wait attract\n"
         // A mobile e-ID code identifies the resident.
         "scan EID1:11010519491231002X:欧阳娜娜\n"
         "wait catalog\n"
         "expect 欧*娜\n"
         "shot eid-identified\n"
         "advance 61\n"
         "advance 31\n"
         "wait attract\n"
         // A foreign permanent resident card (2023 layout) identifies its holder too (placed on
         // the attract screen: at once).
         "card maria-garcia\n"
         "wait catalog\n"
         "expect 玛*亚\n"
         "shot foreign-card\n";
  REQUIRE(run_kiosk(work, platform.url(), (work / "identity.script").string(), work / "out") == 0);
  const std::string log = read_all(work / "kiosk.log");
  INFO(log);
  CHECK(log.find("idcard noDevice") != std::string::npos);
  CHECK(log.find("identity verified online (e-ID code)") != std::string::npos);
  CHECK(log.find("code rejected: tracking code with a malformed number") != std::string::npos);
  // Scanned content never reaches the log: only its kind and size.
  CHECK(log.find("欧阳娜娜") == std::string::npos);
  CHECK(log.find("11010519491231002X") == std::string::npos);
  CHECK(log.find("932682198501010017") == std::string::npos);
  if (std::getenv("YIWANG_KEEP_E2E") == nullptr) fs::remove_all(work);
}
