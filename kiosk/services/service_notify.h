// Telling systemd how the kiosk is: READY=1, STATUS=, STOPPING=1 and the UI loop's WATCHDOG=1.
//
// The sd_notify(3) datagram protocol spoken directly (systemd documents it as a stable interface
// and gives a dependency-free reference implementation): one AF_UNIX datagram of
// newline-separated VAR=value lines to $NOTIFY_SOCKET ("@name" is an abstract socket). Spoken
// here so a test can point it at a socket of its own without touching the environment.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <string>
#include <string_view>

namespace yiwang::kiosk {

class ServiceNotifier {
 public:
  // From NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID (sd_watchdog_enabled(3): a WATCHDOG_PID
  // that is not this process means the watchdog is another's). Disabled outside systemd.
  static ServiceNotifier from_environment();
  ServiceNotifier() = default;  // disabled: every notify() is a no-op returning false
  // socket: a path, or "@name" for an abstract socket; watchdog_usec 0: no watchdog.
  ServiceNotifier(const std::string& socket, long long watchdog_usec);
  ServiceNotifier(const ServiceNotifier&) = delete;
  ServiceNotifier& operator=(const ServiceNotifier&) = delete;
  ServiceNotifier(ServiceNotifier&& other) noexcept;
  ServiceNotifier& operator=(ServiceNotifier&& other) noexcept;
  ~ServiceNotifier();

  bool enabled() const { return fd_ >= 0; }
  long long watchdog_usec() const { return watchdog_usec_; }
  // Sends one message ("READY=1", "WATCHDOG=1", "STATUS=..."); false when it did not go out.
  bool notify(std::string_view message) const;

 private:
  int fd_ = -1;
  sockaddr_un address_{};
  socklen_t address_length_ = 0;
  long long watchdog_usec_ = 0;
};

// The UI loop's watchdog: pings at half the service's WatchdogSec, and only from the end of a
// full turn of the loop (input handled, the event queue drained, the flow ticked). A UI thread
// that hangs, or a flow stuck in one event, stops the pings and systemd restarts the kiosk; a
// slow platform does not, since platform calls run on other threads.
class UiWatchdog {
 public:
  explicit UiWatchdog(const ServiceNotifier& notifier);
  // How long the loop may sleep before the next ping is due (-1: no watchdog, sleep as long as
  // it likes); also caps `timeout_ms` (-1 = forever).
  int cap_wait_ms(int timeout_ms, long long now_ms) const;
  // The loop finished a turn; pings when one is due. True when a ping went out.
  bool turn_done(long long now_ms);

 private:
  const ServiceNotifier& notifier_;
  long long interval_ms_ = 0;  // 0: no watchdog
  long long last_ms_ = -1;
};

// "Healthy" for an update's mark-good: the first frame is on screen and the platform answered.
// Said once, as STATUS= and as a file (normally $RUNTIME_DIRECTORY/healthy) that the image's
// yiwang-mark-good path unit waits for.
class HealthMark {
 public:
  HealthMark(const ServiceNotifier& notifier, std::string file);
  // Where the file goes by default: $RUNTIME_DIRECTORY/healthy, or "" (no file) outside systemd.
  static std::string default_file();
  // Each returns true when this call made the kiosk healthy (the mark was just given).
  bool first_frame();
  bool platform_reached();
  bool healthy() const { return said_; }
  // Why the file could not be written ("" when it was, or when there is none).
  const std::string& problem() const { return problem_; }

 private:
  bool maybe_say();
  const ServiceNotifier& notifier_;
  std::string file_;
  std::string problem_;
  bool frame_ = false;
  bool platform_ = false;
  bool said_ = false;
};

}  // namespace yiwang::kiosk
