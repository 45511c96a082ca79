// The kiosk as systemd sees it: READY=1 after the first frame, WATCHDOG=1 from the UI loop that
// stop while the UI thread hangs and go on while the platform does not answer, the health mark.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/notify_socket.h"
#include "support/platform_process.h"
#include "support/spawn.h"

using namespace yiwang;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Heard {
  long long ms = 0;  // since the kiosk started
  std::string message;
};

struct Run {
  int exit_code = -1;
  std::vector<Heard> heard;
  std::vector<long long> pings;  // when each WATCHDOG=1 came
  bool said(const std::string& prefix) const {
    return std::any_of(heard.begin(), heard.end(),
                       [&](const Heard& h) { return h.message.find(prefix) != std::string::npos; });
  }
  // The longest time without a ping between the first and the last.
  long long longest_gap() const {
    long long gap = 0;
    for (std::size_t i = 1; i < pings.size(); ++i) gap = std::max(gap, pings[i] - pings[i - 1]);
    return gap;
  }
  int gaps_over(long long ms) const {
    int n = 0;
    for (std::size_t i = 1; i < pings.size(); ++i) n += pings[i] - pings[i - 1] > ms;
    return n;
  }
};

// Runs the kiosk headless under a fake systemd (WatchdogSec=0.4, so a ping every 200 ms), on the
// given script, and collects what it told the notify socket.
Run run_under_systemd(const fs::path& work, const std::string& url, const std::string& script) {
  test::NotifySocket systemd((work / "notify").string());
  REQUIRE(systemd.bound());
  fs::create_directories(work / "run");
  std::ofstream(work / "kiosk.script") << script;
  // Set before the kiosk starts, while this process has no other thread.
  ::setenv("NOTIFY_SOCKET", systemd.path().c_str(), 1);
  ::setenv("WATCHDOG_USEC", "400000", 1);
  ::setenv("RUNTIME_DIRECTORY", (work / "run").c_str(), 1);
  const auto started = Clock::now();
  const pid_t pid = test::start_process(
      {YIWANG_KIOSK, "--headless", "--simulate", "--allow-plain-http", "--platform", url, "--db",
       (work / "kiosk.db").string(), "--terminal-dir", (work / "terminal").string(), "--out",
       (work / "out").string(), "--script", (work / "kiosk.script").string(), "--log",
       (work / "kiosk.log").string()});
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ::unsetenv("RUNTIME_DIRECTORY");
  REQUIRE(pid > 0);
  Run run;
  int status = 0;
  bool exited = false;
  while (!exited) {
    const std::string message = systemd.receive(20);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    if (!message.empty()) {
      run.heard.push_back({ms, message});
      if (message == "WATCHDOG=1") run.pings.push_back(ms);
      continue;
    }
    exited = ::waitpid(pid, &status, WNOHANG) == pid;
    if (!exited && ms > 120000) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      FAIL("the kiosk did not finish its script in 2 minutes");
    }
  }
  run.exit_code = test::exit_code_of(status);
  return run;
}

fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("yiwang-watchdog-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("READY=1 after the first frame; the pings stop while the UI thread hangs") {
  const fs::path work = scratch("hang");
  test::PlatformProcess platform(work / "platform", 0, {});
  REQUIRE(platform.running());
  const Run run = run_under_systemd(work, platform.url(),
                                    "wait attract\nwait-link up\nsleep 2000\nhang 2500\n"
                                    "sleep 2000\n");
  REQUIRE(run.exit_code == 0);
  REQUIRE_FALSE(run.heard.empty());
  // Nothing before the first frame: systemd starts the kiosk's dependents only once it shows.
  CHECK(run.heard.front().message.rfind("READY=1\n", 0) == 0);
  CHECK(run.said("STATUS=healthy"));
  CHECK(fs::exists(work / "run" / "healthy"));
  CHECK(run.heard.back().message == "STOPPING=1");
  // Pings every 200 ms around the hang (generous bounds: a loaded ASan build), none during it.
  INFO("pings at ", doctest::toString(run.pings.size()), ", longest gap ", run.longest_gap());
  CHECK(run.pings.size() >= 10);
  CHECK(run.longest_gap() >= 2400);
  CHECK(run.gaps_over(1500) == 1);
  fs::remove_all(work);
}

TEST_CASE("a platform that never answers does not stop the pings, and gives no health mark") {
  const fs::path work = scratch("silent");
  // Accepts connections (the kernel's backlog) and never answers them.
  const int silent = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(silent, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(silent, 16) == 0);
  socklen_t length = sizeof address;
  ::getsockname(silent, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  const Run run = run_under_systemd(work, url, "wait attract\nsleep 4000\n");
  ::close(silent);
  REQUIRE(run.exit_code == 0);
  CHECK(run.said("READY=1"));
  INFO("pings at ", doctest::toString(run.pings.size()), ", longest gap ", run.longest_gap());
  CHECK(run.pings.size() >= 10);
  CHECK(run.gaps_over(1500) == 0);
  CHECK_FALSE(run.said("STATUS=healthy"));
  CHECK_FALSE(fs::exists(work / "run" / "healthy"));
  fs::remove_all(work);
}

TEST_CASE("the out-of-service still draws the kiosk's out-of-service screen") {
  const fs::path work = scratch("still");
  const fs::path png = work / "still.png";
  const int status = test::run_process(
      {YIWANG_KIOSK_OUT_OF_SERVICE, YIWANG_ASSETS_DIR, "--headless", png.string()});
  CHECK(test::exit_code_of(status) == 0);
  // A drawn screen, not a blank one (a blank 1920x1080 PNG compresses to a few KB).
  REQUIRE(fs::exists(png));
  CHECK(fs::file_size(png) > 30000);
  fs::remove_all(work);
}
