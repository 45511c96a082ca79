// End to end, the technician's kiosk: what a keyboard can (not) do, the audit log's chain,
// run as the kiosk process against a real platform-sim.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "audit_chain.h"
#include "command_log.h"
#include "database.h"
#include "platform/enrollment.h"
#include "platform/platform_client.h"
#include "receipt_journal.h"
#include "services/display_setting.h"
#include "support/platform_process.h"
#include "support/qr_decode.h"
#include "support/spawn.h"

#include <SDL.h>
#include <SDL_image.h>

using namespace yiwang;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A fresh folder for one test, removed at the end.
struct WorkDir {
  explicit WorkDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("yiwang-tech-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~WorkDir() { fs::remove_all(path); }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  fs::path path;
};

int run_script(const fs::path& work, const std::string& url, const std::string& script,
               std::vector<std::string> extra = {}) {
  std::vector<std::string> args{YIWANG_KIOSK, "--headless",
                                "--simulate", "--allow-plain-http",
                                "--platform", url,
                                "--db",       (work / "kiosk.db").string(),
                                "--out",      (work / "out").string(),
                                "--script",   script,
                                "--log",      (work / "kiosk.log").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return test::exit_code_of(test::run_process(args));
}

}  // namespace

TEST_CASE("no key combination quits the kiosk or moves a screen; a window close is refused") {
  WorkDir work("keys");
  test::PlatformProcess platform(work.path / "platform", 0, {});
  REQUIRE(platform.running());
  CHECK(run_script(work.path, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/keyboard.script") == 0);
  const std::string log = read_text(work.path / "kiosk.log");
  INFO(log);
  // Every step after the keys ran: the kiosk was still there, on the same screens.
  CHECK(log.find("script: finished") != std::string::npos);
  CHECK(log.find("keyboard input ignored") != std::string::npos);
  CHECK(log.find("close the window was ignored") != std::string::npos);
  CHECK(log.find("quit") == std::string::npos);  // what was typed is not logged
}

namespace {

// Runs the kiosk binary with args; its exit code, and its standard output into a string.
int run_kiosk_command(std::vector<std::string> args, const fs::path& out_file,
                      std::string& output) {
  args.insert(args.begin(), YIWANG_KIOSK);
  fs::remove(out_file);
  const int code = test::exit_code_of(test::run_process(args, out_file.string()));
  output = read_text(out_file);
  return code;
}

// A kiosk database with three audit records, as the kiosk writes them.
void seed_audit(const std::string& db) {
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::ReceiptJournal journal(*opened.database);
  for (int i = 1; i <= 3; ++i) {
    REQUIRE(journal
                .audit("certificate.printed", "C" + std::to_string(i),
                       "verification V" + std::to_string(i), 1795000000000LL + i)
                .ok());
  }
}

}  // namespace

TEST_CASE("kiosk --verify-audit says intact, then finds the record someone altered") {
  WorkDir work("verify");
  const std::string db = (work.path / "kiosk.db").string();
  seed_audit(db);
  std::string output;
  CHECK(run_kiosk_command({"--db", db, "--verify-audit"}, work.path / "ok.out", output) == 0);
  INFO(output);
  CHECK(output.find("audit log intact: 3 record(s)") != std::string::npos);
  {
    auto opened = store::Database::open(db);
    REQUIRE(opened.status.ok());
    REQUIRE(
        opened.database->execute("UPDATE audit SET detail = 'verification V9' WHERE id = 2").ok());
  }
  CHECK(run_kiosk_command({"--db", db, "--verify-audit"}, work.path / "bad.out", output) == 1);
  CHECK(output.find("audit log BROKEN at record 2") != std::string::npos);
}

TEST_CASE("every heartbeat anchors the audit chain's head at the platform, which the kiosk keeps") {
  WorkDir work("anchor");
  test::PlatformProcess platform(work.path / "platform", 0, {});
  REQUIRE(platform.running());
  const std::string db = (work.path / "kiosk.db").string();
  seed_audit(db);
  const fs::path script = work.path / "anchor.script";
  {
    std::ofstream out(script);
    out << "wait attract\nwait-link up 20\nsleep 1500\n";
  }
  REQUIRE(run_script(work.path, platform.url(), script.string()) == 0);
  kiosk::PlatformClient control(kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto terminal = control.get("/_sim/terminals/T4601050001");
  REQUIRE_MESSAGE(terminal, terminal.error().summary());
  const auto& anchor = terminal.value().body["heartbeat"]["audit"];
  INFO(anchor.dump());
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::AuditChain chain(*opened.database);
  const auto head = chain.head();
  CHECK(head.records == 3);
  CHECK(anchor.value("records", 0) == 3);
  CHECK(anchor.value("last_id", 0) == 3);
  CHECK(anchor.value("last_hash", "") == head.last_hash);
  const auto kept = chain.anchor();
  REQUIRE(kept.has_value());
  CHECK(kept->id == 3);
  CHECK(kept->hash == head.last_hash);
  CHECK(chain.verify().intact);
}

namespace {

// `kiosk --db DB --set-maintenance-pin` with the PIN on its standard input.
int set_pin(const fs::path& work, const std::string& db, const std::string& pin) {
  const fs::path input = work / "pin.in";
  {
    std::ofstream out(input);
    out << pin << "\n";
  }
  std::vector<std::string> args{YIWANG_KIOSK, "--db", db, "--set-maintenance-pin"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, input.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, (work / "pin.out").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  fs::remove(input);
  if (spawned != 0) return -1;
  int status = 0;
  ::waitpid(pid, &status, 0);
  return test::exit_code_of(status);
}

nlohmann::json sim_call(const test::PlatformProcess& platform, const std::string& path,
                        const nlohmann::json* body = nullptr);

int count_events(const std::string& db, const std::string& event) {
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  int n = 0;
  for (const auto& r : store::AuditChain(*opened.database).records()) n += r.event == event;
  return n;
}

}  // namespace

TEST_CASE(
    "a technician's gesture and PIN enter maintenance mode mid-session; the session is parked") {
  WorkDir work("maint");
  test::PlatformProcess platform(work.path / "platform", 0, {});
  REQUIRE(platform.running());
  const std::string db = (work.path / "kiosk.db").string();
  CHECK(set_pin(work.path, db, "12345") == 1);  // too short: refused
  REQUIRE(set_pin(work.path, db, "246810") == 0);
  REQUIRE(run_script(work.path, platform.url(),
                     YIWANG_SOURCE_DIR "/tests/e2e/maintenance.script") == 0);
  const std::string log = read_text(work.path / "kiosk.log");
  INFO(log);
  CHECK(log.find("session ended: maintenance gesture") != std::string::npos);
  CHECK(log.find("maintenance mode entered") != std::string::npos);
  CHECK(log.find("246810") == std::string::npos);
  CHECK(log.find("111111") == std::string::npos);
  for (const char* shot : {"01-maintenance-pin-zh.png", "02-maintenance-pin-wrong-en.png",
                           "03-maintenance-zh.png", "04-maintenance-en.png"})
    CHECK_MESSAGE(fs::exists(work.path / "out" / shot), shot);
  CHECK(count_events(db, "maintenance.session_parked") == 1);
  CHECK(count_events(db, "maintenance.pin_wrong") == 1);
  CHECK(count_events(db, "maintenance.entered") == 1);
  CHECK(count_events(db, "maintenance.left") == 1);
  std::string output;
  CHECK(run_kiosk_command({"--db", db, "--verify-audit"}, work.path / "verify.out", output) == 0);
}

TEST_CASE(
    "self-test from maintenance mode: every device tried, results on screen, log, heartbeat") {
  WorkDir work("selftest");
  test::PlatformProcess platform(work.path / "platform", 0, {});
  REQUIRE(platform.running());
  const std::string db = (work.path / "kiosk.db").string();
  REQUIRE(set_pin(work.path, db, "246810") == 0);
  // The voice goes to SDL's disk audio driver: what was played is in that file.
  const fs::path audio = work.path / "audio.raw";
  ::setenv("SDL_AUDIODRIVER", "disk", 1);
  ::setenv("SDL_DISKAUDIOFILE", audio.c_str(), 1);
  // Under tests/printing/ipp_printers.sh (ctest technician-selftest-ipp) a real IPP printer takes
  // the A4 page; otherwise this kiosk has no certificate printer.
  const char* ipp = std::getenv("YIWANG_IPP_PRINTER");
  std::vector<std::string> extra;
  if (ipp) extra = {"--certificate-printer", ipp};
  const int status =
      run_script(work.path, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/selftest.script", extra);
  ::unsetenv("SDL_AUDIODRIVER");
  ::unsetenv("SDL_DISKAUDIOFILE");
  const std::string log = read_text(work.path / "kiosk.log");
  INFO(log);
  REQUIRE(status == 0);
  const int devices = ipp ? 5 : 4;
  const std::string passed =
      std::to_string(devices) + " of " + std::to_string(devices) + " devices passed";
  CHECK(log.find(passed) != std::string::npos);
  CHECK(log.find("receipt passed") != std::string::npos);
  CHECK(log.find("idcard passed") != std::string::npos);
  CHECK(log.find("voice passed") != std::string::npos);
  CHECK(log.find("张三") == std::string::npos);  // the card read is not logged
  CHECK(fs::exists(audio));
  CHECK(fs::file_size(audio) > 10000);
  // The test receipt on paper: its QR code is the scanner's test code.
  bool found = false;
  for (const auto& entry : fs::directory_iterator(work.path / "out")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("receipt-", 0) == 0 && entry.path().extension() == ".png")
      found |= test::decode_qr_png(entry.path().string()).rfind("YWSELFTEST:", 0) == 0;
  }
  CHECK(found);
  CHECK(fs::exists(work.path / "out" / "01-selftest-zh.png"));
  CHECK(fs::exists(work.path / "out" / "02-selftest-en.png"));
  CHECK(fs::exists(work.path / "out" / "03-diagnostics-zh.png"));
  CHECK(count_events(db, "maintenance.diagnostics") == 1);
  // The platform heard it in a heartbeat.
  const auto view = sim_call(platform, "/_sim/terminals/T4601050001");
  INFO(view.dump(2));
  REQUIRE(view["heartbeat"].contains("self_test"));
  CHECK(view["heartbeat"]["self_test"].value("passed", 0) == devices);
  CHECK(count_events(db, "selftest.done") == 1);
}

TEST_CASE("five wrong PINs lock maintenance mode for 15 minutes, across a restart") {
  WorkDir work("lockout");
  test::PlatformProcess platform(work.path / "platform", 0, {});
  REQUIRE(platform.running());
  const std::string db = (work.path / "kiosk.db").string();
  REQUIRE(set_pin(work.path, db, "246810") == 0);
  REQUIRE(run_script(work.path, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/lockout.script") ==
          0);
  CHECK(count_events(db, "maintenance.pin_wrong") == 5);
  REQUIRE(run_script(work.path, platform.url(),
                     YIWANG_SOURCE_DIR "/tests/e2e/lockout_restart.script") == 0);
  CHECK(count_events(db, "maintenance.pin_refused") == 1);  // the right PIN, while locked
  CHECK(count_events(db, "maintenance.entered") == 1);      // after the 15 minutes
  CHECK(count_events(db, "maintenance.pin_wrong") == 5);
  std::string output;
  CHECK(run_kiosk_command({"--db", db, "--verify-audit"}, work.path / "verify.out", output) == 0);
}

namespace {

nlohmann::json sim_call(const test::PlatformProcess& platform, const std::string& path,
                        const nlohmann::json* body) {
  kiosk::PlatformClient control(kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto answer = body ? control.post(path, *body) : control.get(path);
  REQUIRE_MESSAGE(answer, answer.error().summary());
  return answer.value().body;
}

std::string queue_command(const test::PlatformProcess& platform, const nlohmann::json& command) {
  return sim_call(platform, "/_sim/terminals/T4601050001/commands", &command).value("id", "");
}

// The kiosk idle on attract for a few heartbeats' worth of work.
std::string idle_script(const fs::path& work) {
  const fs::path script = work / "idle.script";
  std::ofstream out(script);
  out << "wait attract\nwait-link up 20\nsleep 12000\n";
  return script.string();
}

}  // namespace

TEST_CASE("the platform's commands are acted on once each and reported; config without restart") {
  WorkDir work("commands");
  test::PlatformProcess platform(work.path / "platform", 0, {});
  REQUIRE(platform.running());
  const std::string db = (work.path / "kiosk.db").string();
  const nlohmann::json config = {{"idle_timeout_s", 45}, {"idle_countdown_s", 25}};
  const long long config_version =
      sim_call(platform, "/_sim/config", &config).value("config_version", 0LL);
  std::map<std::string, std::string> ids;
  for (const char* type : {"self_test", "reload_catalog", "disable", "enable", "upload_logs"})
    ids[type] = queue_command(platform, {{"type", type}});
  ids["update"] =
      queue_command(platform, {{"type", "update"},
                               {"version", "1.4.0"},
                               {"bundle_url", "https://updates.example/kiosk-1.4.0.raucb"},
                               {"sha256", "00"}});
  // The self_test command's voice line plays into SDL's disk audio driver.
  ::setenv("SDL_AUDIODRIVER", "disk", 1);
  ::setenv("SDL_DISKAUDIOFILE", (work.path / "audio.raw").c_str(), 1);
  REQUIRE(run_script(work.path, platform.url(), idle_script(work.path)) == 0);
  ::unsetenv("SDL_AUDIODRIVER");
  ::unsetenv("SDL_DISKAUDIOFILE");
  auto view = sim_call(platform, "/_sim/terminals/T4601050001");
  INFO(view.dump(2));
  std::map<std::string, nlohmann::json> results;
  for (const auto& c : view["commands"]) {
    CHECK(c["acked"] == true);
    results[c.value("id", "")] = c["result"];
  }
  REQUIRE(results.size() == 6);
  // Nobody at the kiosk: the reader and the scanner are untested, the receipt printed.
  const std::string self_test = results[ids["self_test"]]["detail"];
  CHECK(self_test.find("devices passed") != std::string::npos);
  CHECK(self_test.find("receipt passed") != std::string::npos);
  CHECK(self_test.find("idcard untested") != std::string::npos);
  CHECK(self_test.find("voice passed") != std::string::npos);
  CHECK(results[ids["self_test"]]["ok"] == true);  // nothing failed; two could not be tried
  CHECK(results[ids["reload_catalog"]]["ok"] == true);
  CHECK(results[ids["reload_catalog"]]["detail"].get<std::string>().find("catalog") !=
        std::string::npos);
  CHECK(results[ids["disable"]]["ok"] == true);
  CHECK(results[ids["enable"]]["ok"] == true);
  CHECK(results[ids["upload_logs"]]["ok"] == true);
  CHECK(results[ids["upload_logs"]]["detail"].get<std::string>().find("uploaded as UL") !=
        std::string::npos);
  REQUIRE(view["uploads"].size() == 1);
  CHECK(view["uploads"][0].value("size", 0) > 1000);
  CHECK(results[ids["update"]]["ok"] == false);
  CHECK(results[ids["update"]]["detail"].get<std::string>().find("not supported") !=
        std::string::npos);
  CHECK(view["heartbeat"].value("config_version", -1LL) == config_version);
  const std::string log = read_text(work.path / "kiosk.log");
  CHECK(log.find("configuration " + std::to_string(config_version) +
                 " applied: idle 45 s + 25 s") != std::string::npos);

  // With the image's updater: it gets the bundle URL as its one argument; its exit is the result.
  const fs::path updater = work.path / "updater.sh";
  {
    std::ofstream out(updater);
    out << "#!/bin/sh\nprintf '%s' \"$1\" > '" << (work.path / "updater.arg").string()
        << "'\nexit 0\n";
  }
  fs::permissions(updater, fs::perms::owner_all);
  const std::string update_id =
      queue_command(platform, {{"type", "update"},
                               {"version", "1.4.1"},
                               {"bundle_url", "https://updates.example/kiosk-1.4.1.raucb"},
                               {"sha256", "00"}});
  REQUIRE(run_script(work.path, platform.url(), idle_script(work.path),
                     {"--update-command", updater.string()}) == 0);
  CHECK(read_text(work.path / "updater.arg") == "https://updates.example/kiosk-1.4.1.raucb");
  view = sim_call(platform, "/_sim/terminals/T4601050001");
  for (const auto& c : view["commands"]) {
    if (c.value("id", "") != update_id) continue;
    CHECK(c["result"]["ok"] == true);
    CHECK(c["result"]["detail"] == "update command exited with status 0");
  }
  // Every command ran once over the two runs: once in the kiosk's log, once in the audit chain.
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::CommandLog commands(*opened.database);
  CHECK(commands.all().size() == 7);
  int audited = 0;
  for (const auto& r : store::AuditChain(*opened.database).records())
    audited += r.event.rfind("command.", 0) == 0;
  CHECK(audited == 7);
}

TEST_CASE(
    "a support bundle on a stand-in USB stick holds nothing personal of the session just run") {
  WorkDir work("bundle");
  test::PlatformProcess platform(work.path / "platform", 0, {});
  REQUIRE(platform.running());
  const std::string db = (work.path / "kiosk.db").string();
  REQUIRE(set_pin(work.path, db, "246810") == 0);
  const fs::path stick = work.path / "usb";
  fs::create_directories(stick);
  REQUIRE(run_script(work.path, platform.url(), YIWANG_SOURCE_DIR "/tests/e2e/bundle.script",
                     {"--bundle-dir", stick.string()}) == 0);
  // The case reached the platform: the session really ran with this card and phone.
  REQUIRE(sim_call(platform, "/_sim/cases").size() == 1);
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(stick))
    if (entry.is_regular_file()) files.push_back(entry.path());
  REQUIRE(files.size() == 7);
  std::string everything;
  for (const auto& file : files) everything += read_text(file);
  INFO(everything.substr(0, 4000));
  // What a technician needs is there.
  CHECK(everything.find("audit chain intact") != std::string::npos);
  CHECK(everything.find("\"pending\"") != std::string::npos);
  CHECK(everything.find("\"receipt\"") != std::string::npos);  // device states
  CHECK(everything.find("maintenance.entered") != std::string::npos);
  CHECK(everything.find("flow: screen maintenance") != std::string::npos);  // the log
  // Every personal field of that session: the card's name, number, address, birth date, the
  // phone typed, also as the masked name the screen showed.
  for (const char* personal : {"张三", "11010519491231002X", "110105194912310", "北京市东城区",
                               "景山前街", "13800138000", "19491231", "张*"}) {
    CHECK_MESSAGE(everything.find(personal) == std::string::npos,
                  "found in the bundle: ", personal);
  }
  // From the command line too, without the kiosk running.
  std::string output;
  CHECK(run_kiosk_command({"--db", db, "--support-bundle", (work.path / "usb2").string()},
                          work.path / "bundle.out", output) == 1);  // no such folder: said so
  CHECK(output.find("not a folder") != std::string::npos);
}

namespace {

std::string base64url(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    value = (value << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(value >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(value << (6 - bits)) & 0x3F];
  return out;
}

// The provisioning code's content, changed by edit, as a code again.
std::string edited_code(const std::string& code, const std::function<void(nlohmann::json&)>& edit) {
  auto parsed = kiosk::parse_provisioning_code(code);
  REQUIRE(parsed);
  nlohmann::json content = {{"platform", parsed.value().platform},
                            {"token", parsed.value().token},
                            {"ca_sha256", parsed.value().ca_sha256},
                            {"region_code", parsed.value().region_code},
                            {"site", parsed.value().site}};
  edit(content);
  return "kiosk-enroll:v1:" + base64url(content.dump());
}

// A kiosk with no identity and no plain-HTTP link: the wizard, as on a terminal's first boot.
int run_first_boot(const fs::path& work, const std::string& script,
                   std::vector<std::string> extra = {}) {
  std::vector<std::string> args{YIWANG_KIOSK,
                                "--headless",
                                "--simulate",
                                "--terminal-dir",
                                (work / "terminal").string(),
                                "--db",
                                (work / "kiosk.db").string(),
                                "--out",
                                (work / "out").string(),
                                "--script",
                                script,
                                "--log",
                                (work / "kiosk.log").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return test::exit_code_of(test::run_process(args));
}

}  // namespace

TEST_CASE(
    "first boot: the wizard says each error, enrolls from one scan, tests, then serves a "
    "resident") {
  WorkDir work("wizard");
  test::PlatformProcess platform(
      work.path / "platform", 0,
      {"--tls-dir", (work.path / "pki").string(), "--enroll-token", "first-boot-secret",
       "--provisioning-file", (work.path / "code").string()});
  REQUIRE(platform.running());
  std::string code;
  std::ifstream(work.path / "code") >> code;
  REQUIRE(code.rfind("kiosk-enroll:v1:", 0) == 0);
  // The maintenance PIN comes with the enrollment answer's config, as an Argon2id hash.
  REQUIRE(sodium_init() >= 0);
  char hash[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str(hash, "246810", 6, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0);
  const nlohmann::json config = {{"maintenance_pin_hash", hash}};
  sim_call(platform, "/_sim/config", &config);
  // A token someone else used already.
  const nlohmann::json none = nlohmann::json::object();
  const std::string used =
      sim_call(platform, "/_sim/enrollment-tokens", &none)["provisioning_code"];
  {
    auto parsed = kiosk::parse_provisioning_code(used);
    REQUIRE(parsed);
    REQUIRE(kiosk::enroll_terminal(parsed.value(), (work.path / "other").string(), {"SN-OTHER"}));
  }
  // A code whose CA fingerprint is not the platform's; one for a platform nobody answers at.
  const std::string wrong_ca =
      edited_code(code, [](nlohmann::json& c) { c["ca_sha256"] = std::string(64, '0'); });
  const std::string no_network =
      edited_code(code, [](nlohmann::json& c) { c["platform"] = "https://127.0.0.1:1"; });
  const fs::path script = work.path / "wizard.script";
  {
    std::ofstream out(script);
    out << "wait provisioning\n"
        << "expect 扫描配置二维码\n"
        << "shot wizard-scan\n"
        << "scan EID1:11010519491231002X:张三\n"
        << "expect 不是配置二维码\n"
        << "scan " << no_network << "\n"
        << "expect 连接不到平台\n"
        << "shot wizard-no-network\n"
        << "scan " << wrong_ca << "\n"
        << "expect CA 指纹不同\n"
        << "shot wizard-wrong-ca\n"
        << "scan " << used << "\n"
        << "expect 已经用过\n"
        << "shot wizard-token-used\n"
        << "scan " << code << "\n"
        << "wait-link up 30\n"
        << "expect 请在读卡器上放一张身份证\n"
        << "card zhang-san\n"
        << "expect 已读取卡片\n"
        << "card-remove\n"
        << "scan phone-shows-a-code\n"
        << "expect 已读取二维码\n"
        << "expect 开始服务\n"
        << "expect 维护密码已由平台设置\n"
        << "shot wizard-ready\n"
        << "tap prov.finish\n"
        << "wait attract\n";
    // A resident served, over the enrolled link.
    // bundle.script names its stroke file relative to tests/e2e: here, from the source tree.
    std::string resident = read_text(YIWANG_SOURCE_DIR "/tests/e2e/bundle.script");
    resident = resident.substr(resident.find("tap start"));
    for (auto at = resident.find(" ../data/"); at != std::string::npos;
         at = resident.find(" ../data/", at))
      resident.replace(at, 9, " " YIWANG_SOURCE_DIR "/tests/data/");
    out << resident;
  }
  ::setenv("SDL_AUDIODRIVER", "disk", 1);
  ::setenv("SDL_DISKAUDIOFILE", (work.path / "audio.raw").c_str(), 1);
  const fs::path stick = work.path / "usb";
  fs::create_directories(stick);
  const int status = run_first_boot(work.path, script.string(), {"--bundle-dir", stick.string()});
  ::unsetenv("SDL_AUDIODRIVER");
  ::unsetenv("SDL_DISKAUDIOFILE");
  const std::string log = read_text(work.path / "kiosk.log");
  INFO(log);
  REQUIRE(status == 0);
  CHECK(log.find("enrolled as T460105") != std::string::npos);
  CHECK(fs::exists(work.path / "terminal" / "client.key"));
  const std::string db = (work.path / "kiosk.db").string();
  CHECK(count_events(db, "provisioning.opened") == 1);
  CHECK(count_events(db, "provisioning.scan_refused") == 1);
  CHECK(count_events(db, "provisioning.enroll_failed") == 3);
  CHECK(count_events(db, "provisioning.enrolled") == 1);
  CHECK(count_events(db, "provisioning.tested") == 1);
  CHECK(count_events(db, "provisioning.finished") == 1);
  CHECK(count_events(db, "selftest.done") == 1);
  // The PIN from the enrollment opened maintenance mode (the bundle script's last steps).
  CHECK(count_events(db, "maintenance.entered") == 1);
  // The resident's application reached the platform over the enrolled link.
  CHECK(sim_call(platform, "/_sim/cases").size() == 1);
  for (const char* shot :
       {"01-wizard-scan.png", "02-wizard-no-network.png", "03-wizard-wrong-ca.png",
        "04-wizard-token-used.png", "05-wizard-ready.png"})
    CHECK_MESSAGE(fs::exists(work.path / "out" / shot), shot);
  // The codes are secrets for one enrollment each: never in the log.
  CHECK(log.find("first-boot-secret") == std::string::npos);
  CHECK(log.find(code.substr(16, 40)) == std::string::npos);
  std::string output;
  CHECK(run_kiosk_command({"--db", db, "--verify-audit"}, work.path / "verify.out", output) == 0);
}

TEST_CASE("an expired terminal certificate leads to the wizard's re-enroll step") {
  WorkDir work("reenroll");
  test::PlatformProcess platform(
      work.path / "platform", 0,
      {"--tls-dir", (work.path / "pki").string(), "--enroll-token", "expired-token",
       "--provisioning-file", (work.path / "code").string(), "--client-cert-days", "-1"});
  REQUIRE(platform.running());
  std::string code;
  std::ifstream(work.path / "code") >> code;
  const fs::path script = work.path / "reenroll.script";
  std::ofstream(script) << "wait provisioning 30\n"
                        << "expect 重新注册\n"
                        << "shot reenroll\n";
  // Enrolled with the command-line flag, as before the wizard: the certificate it got is expired.
  const int status = run_first_boot(work.path, script.string(), {"--enroll", code});
  const std::string log = read_text(work.path / "kiosk.log");
  INFO(log);
  CHECK(status == 0);
  CHECK(count_events((work.path / "kiosk.db").string(), "provisioning.opened") == 1);
  CHECK(fs::exists(work.path / "out" / "01-reenroll.png"));
}

TEST_CASE("a short-lived certificate is renewed before expiry; the new pair is stored, then used") {
  WorkDir work("renew");
  // Enrollment issues a 10-day certificate (under the 30 days that call for renewal); a renewal
  // issues a year.
  test::PlatformProcess platform(
      work.path / "platform", 0,
      {"--tls-dir", (work.path / "pki").string(), "--enroll-token", "renew-token",
       "--provisioning-file", (work.path / "code").string(), "--client-cert-days", "10",
       "--renewed-cert-days", "365"});
  REQUIRE(platform.running());
  std::string code;
  std::ifstream(work.path / "code") >> code;
  const fs::path script = work.path / "renew.script";
  std::ofstream(script) << "wait attract 30\nwait-link up 30\nsleep 5000\nwait-link up 30\n";
  const fs::path pem = work.path / "terminal" / "client.pem";
  const int status = run_first_boot(work.path, script.string(), {"--enroll", code});
  const std::string log = read_text(work.path / "kiosk.log");
  INFO(log);
  REQUIRE(status == 0);
  CHECK(log.find("terminal certificate renewed") != std::string::npos);
  const auto expiry = kiosk::certificate_expiry_ms(pem.string());
  REQUIRE(expiry);
  const long long now_ms = static_cast<long long>(std::time(nullptr)) * 1000;
  CHECK(*expiry - now_ms > 300LL * 24 * 3600 * 1000);  // the year-long one is in place
  CHECK_FALSE(fs::exists(pem.string() + ".new"));
  CHECK_FALSE(fs::exists(work.path / "terminal" / "client.key.new"));
  CHECK(count_events((work.path / "kiosk.db").string(), "certificate.renewed") == 1);
  // Heartbeats went on after the switch, with the new pair (the link came up again).
  CHECK(log.rfind("link up") > log.find("terminal certificate renewed"));
}

namespace {

// The ARGB pixel at x, y of a PNG the kiosk wrote.
std::uint32_t pixel_at(const fs::path& png, int x, int y) {
  SDL_Surface* loaded = IMG_Load(png.c_str());
  REQUIRE(loaded != nullptr);
  SDL_Surface* argb = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(loaded);
  REQUIRE(argb != nullptr);
  const auto* row = static_cast<const std::uint8_t*>(argb->pixels) + y * argb->pitch;
  const std::uint32_t value = reinterpret_cast<const std::uint32_t*>(row)[x];
  SDL_FreeSurface(argb);
  return value & 0xFFFFFFu;
}

}  // namespace

TEST_CASE("rotation and touch calibration: one technician setting, applied, kept across restarts") {
  WorkDir work("display");
  test::PlatformProcess platform(work.path / "platform", 0, {});
  REQUIRE(platform.running());
  const std::string db = (work.path / "kiosk.db").string();
  REQUIRE(set_pin(work.path, db, "246810") == 0);
  // The targets are at (192, 162), (1728, 540), (576, 918): touched 20 px right and 10 px low.
  const fs::path script = work.path / "display.script";
  std::ofstream(script) << "wait attract\n"
                        << "long-press 20 20\nlong-press 1900 20\n"
                        << "wait maintenance_pin\ntype 246810\ntap pin.ok\nwait maintenance\n"
                        << "tap maint.display\nwait display\n"
                        << "tap display.rotate:90\nexpect 已旋转\nshot display-rotated\n"
                        << "tap display.calibrate\nexpect 1 / 3\n"
                        << "long-press 212 172 100\nexpect 2 / 3\n"
                        << "long-press 1748 550 100\nexpect 3 / 3\n"
                        << "long-press 596 928 100\nexpect 触摸校准已保存\n"
                        << "tap lang\nexpect Display rotation\nshot display-en\ntap lang\n"
                        << "tap back\nwait maintenance\ntap maint.exit\nwait attract\n";
  REQUIRE(run_script(work.path, platform.url(), script.string()) == 0);
  CHECK(count_events(db, "display.rotation") == 1);
  CHECK(count_events(db, "display.calibrated") == 1);
  // Rotated a quarter turn on this 1920x1080 output: the frame stands upright in the middle,
  // scaled to fit; left and right of it nothing is drawn (black), and nothing is cut off.
  const fs::path rotated = work.path / "out" / "01-display-rotated.png";
  REQUIRE(fs::exists(rotated));
  CHECK(pixel_at(rotated, 100, 540) == 0);
  CHECK(pixel_at(rotated, 1820, 540) == 0);
  CHECK(pixel_at(rotated, 960, 540) != 0);

  // A restart: the setting is read back before the first frame.
  const fs::path again = work.path / "again.script";
  std::ofstream(again) << "wait attract\nshot attract-rotated\n";
  fs::rename(work.path / "kiosk.log", work.path / "first.log");
  REQUIRE(run_script(work.path, platform.url(), again.string()) == 0);
  const std::string log = read_text(work.path / "kiosk.log");
  INFO(log);
  const auto at = log.find("display: rotation=90 touch=");
  REQUIRE(at != std::string::npos);
  // The calibration kept: 20 px left and 10 px up, near enough (the solve is in doubles).
  auto kept = kiosk::parse_display_setting(log.substr(at + 9, log.find('\n', at) - at - 9));
  REQUIRE(kept);
  CHECK(std::fabs(kept->touch[2] + 20) < 0.01);
  CHECK(std::fabs(kept->touch[5] + 10) < 0.01);
  const fs::path attract = work.path / "out" / "01-attract-rotated.png";
  REQUIRE(fs::exists(attract));
  CHECK(pixel_at(attract, 100, 540) == 0);
}
