// The sd_notify protocol against a fake notify socket, the UI watchdog's pace, the health mark.
#include "services/service_notify.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/notify_socket.h"

using namespace yiwang;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("yiwang-notify-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("messages reach a notify socket given by path or as an abstract name") {
  const fs::path dir = scratch("path");
  test::NotifySocket by_path((dir / "notify").string());
  REQUIRE(by_path.bound());
  kiosk::ServiceNotifier notifier(by_path.path(), 0);
  CHECK(notifier.enabled());
  CHECK(notifier.notify("READY=1\nSTATUS=first frame shown"));
  CHECK(by_path.receive(1000) == "READY=1\nSTATUS=first frame shown");

  test::NotifySocket abstract("@yiwang-notify-test-" + std::to_string(::getpid()));
  REQUIRE(abstract.bound());
  kiosk::ServiceNotifier to_abstract(abstract.path(), 0);
  CHECK(to_abstract.notify("WATCHDOG=1"));
  CHECK(abstract.receive(1000) == "WATCHDOG=1");
  fs::remove_all(dir);
}

TEST_CASE("a notifier without a usable socket is disabled and says so") {
  CHECK_FALSE(kiosk::ServiceNotifier().enabled());
  CHECK_FALSE(kiosk::ServiceNotifier().notify("READY=1"));
  CHECK_FALSE(kiosk::ServiceNotifier("relative/path", 0).enabled());
  CHECK_FALSE(kiosk::ServiceNotifier("/" + std::string(200, 'x'), 0).enabled());
  // A socket nobody listens on: the message does not go out, and nothing blocks.
  kiosk::ServiceNotifier nobody("/nonexistent/yiwang-notify", 0);
  CHECK(nobody.enabled());
  CHECK_FALSE(nobody.notify("READY=1"));
}

TEST_CASE("the environment gives the socket and the watchdog, unless the watchdog is another's") {
  const fs::path dir = scratch("env");
  const std::string socket = (dir / "notify").string();
  ::setenv("NOTIFY_SOCKET", socket.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "3000000", 1);
  ::unsetenv("WATCHDOG_PID");
  {
    auto notifier = kiosk::ServiceNotifier::from_environment();
    CHECK(notifier.enabled());
    CHECK(notifier.watchdog_usec() == 3000000);
  }
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  CHECK(kiosk::ServiceNotifier::from_environment().watchdog_usec() == 3000000);
  ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
  CHECK(kiosk::ServiceNotifier::from_environment().watchdog_usec() == 0);
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  ::setenv("WATCHDOG_USEC", "soon", 1);
  CHECK(kiosk::ServiceNotifier::from_environment().watchdog_usec() == 0);
  ::unsetenv("NOTIFY_SOCKET");
  CHECK_FALSE(kiosk::ServiceNotifier::from_environment().enabled());
  ::unsetenv("WATCHDOG_USEC");
  ::unsetenv("WATCHDOG_PID");
  fs::remove_all(dir);
}

TEST_CASE("the UI watchdog pings at half the interval, only when a turn of the loop ends") {
  const fs::path dir = scratch("watchdog");
  test::NotifySocket systemd((dir / "notify").string());
  REQUIRE(systemd.bound());
  kiosk::ServiceNotifier notifier(systemd.path(), 1000000);  // WatchdogSec=1
  kiosk::UiWatchdog watchdog(notifier);
  CHECK(watchdog.cap_wait_ms(-1, 0) == 0);  // the first ping is due at once
  CHECK(watchdog.turn_done(0));
  CHECK(systemd.receive(1000) == "WATCHDOG=1");
  // The loop may sleep until the next ping is due, and no longer.
  CHECK(watchdog.cap_wait_ms(-1, 100) == 400);
  CHECK(watchdog.cap_wait_ms(50, 100) == 50);
  CHECK_FALSE(watchdog.turn_done(100));
  CHECK(systemd.receive(50).empty());
  CHECK(watchdog.cap_wait_ms(-1, 700) == 0);
  // A loop that hangs does not end its turn: nothing goes out however much time passes.
  CHECK(systemd.receive(600).empty());
  CHECK(watchdog.turn_done(5000));
  CHECK(systemd.receive(1000) == "WATCHDOG=1");

  // Without WatchdogSec the loop's own timeout stands and nothing is sent.
  kiosk::ServiceNotifier no_watchdog(systemd.path(), 0);
  kiosk::UiWatchdog idle(no_watchdog);
  CHECK(idle.cap_wait_ms(-1, 0) == -1);
  CHECK(idle.cap_wait_ms(250, 0) == 250);
  CHECK_FALSE(idle.turn_done(0));
  CHECK(systemd.receive(50).empty());
  fs::remove_all(dir);
}

TEST_CASE("the health mark is given once, after the first frame and the platform's answer") {
  const fs::path dir = scratch("health");
  test::NotifySocket systemd((dir / "notify").string());
  REQUIRE(systemd.bound());
  kiosk::ServiceNotifier notifier(systemd.path(), 0);
  const fs::path file = dir / "healthy";
  kiosk::HealthMark health(notifier, file.string());
  CHECK_FALSE(health.platform_reached());
  CHECK_FALSE(health.healthy());
  CHECK_FALSE(fs::exists(file));
  CHECK(systemd.receive(50).empty());
  CHECK(health.first_frame());
  CHECK(health.healthy());
  CHECK(fs::exists(file));
  CHECK(health.problem().empty());
  CHECK(systemd.receive(1000).rfind("STATUS=healthy", 0) == 0);
  CHECK_FALSE(health.platform_reached());  // said once
  CHECK(systemd.receive(50).empty());

  // A folder that is not there: still healthy for systemd, and the reason is kept for the log.
  kiosk::HealthMark lost(notifier, (dir / "missing" / "healthy").string());
  CHECK_FALSE(lost.first_frame());
  CHECK(lost.platform_reached());
  CHECK(lost.problem().find("missing/healthy") != std::string::npos);
  fs::remove_all(dir);
}
