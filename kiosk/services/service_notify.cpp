// The sd_notify datagram protocol, the UI loop's watchdog pace and the health mark.
#include "services/service_notify.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace yiwang::kiosk {

ServiceNotifier ServiceNotifier::from_environment() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  if (!socket || !*socket) return {};
  long long usec = 0;
  if (const char* text = std::getenv("WATCHDOG_USEC")) {
    char* end = nullptr;
    errno = 0;
    usec = std::strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || usec < 0) usec = 0;
  }
  if (const char* pid = std::getenv("WATCHDOG_PID")) {
    if (std::strtoll(pid, nullptr, 10) != static_cast<long long>(::getpid())) usec = 0;
  }
  return {socket, usec};
}

ServiceNotifier::ServiceNotifier(const std::string& socket, long long watchdog_usec)
    : watchdog_usec_(watchdog_usec > 0 ? watchdog_usec : 0) {
  // Only unix sockets: an absolute path or an abstract name; sun_path has room for 107 bytes.
  const bool abstract = !socket.empty() && socket[0] == '@';
  if (socket.empty() || (!abstract && socket[0] != '/') ||
      socket.size() >= sizeof(address_.sun_path))
    return;
  address_.sun_family = AF_UNIX;
  std::memcpy(address_.sun_path, socket.data(), socket.size());
  if (abstract) address_.sun_path[0] = '\0';
  address_length_ = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket.size());
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

ServiceNotifier::ServiceNotifier(ServiceNotifier&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      address_(other.address_),
      address_length_(other.address_length_),
      watchdog_usec_(other.watchdog_usec_) {}

ServiceNotifier& ServiceNotifier::operator=(ServiceNotifier&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    address_ = other.address_;
    address_length_ = other.address_length_;
    watchdog_usec_ = other.watchdog_usec_;
  }
  return *this;
}

ServiceNotifier::~ServiceNotifier() {
  if (fd_ >= 0) ::close(fd_);
}

bool ServiceNotifier::notify(std::string_view message) const {
  if (fd_ < 0 || message.empty()) return false;
  const ssize_t sent = ::sendto(fd_, message.data(), message.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
                                reinterpret_cast<const sockaddr*>(&address_), address_length_);
  return sent == static_cast<ssize_t>(message.size());
}

UiWatchdog::UiWatchdog(const ServiceNotifier& notifier)
    : notifier_(notifier), interval_ms_(notifier.enabled() ? notifier.watchdog_usec() / 2000 : 0) {
  if (notifier.enabled() && notifier.watchdog_usec() > 0 && interval_ms_ == 0) interval_ms_ = 1;
}

int UiWatchdog::cap_wait_ms(int timeout_ms, long long now_ms) const {
  if (interval_ms_ == 0) return timeout_ms;
  const long long due = last_ms_ < 0 ? 0 : last_ms_ + interval_ms_ - now_ms;
  const int until = static_cast<int>(due < 0 ? 0 : due);
  return timeout_ms < 0 ? until : (timeout_ms < until ? timeout_ms : until);
}

bool UiWatchdog::turn_done(long long now_ms) {
  if (interval_ms_ == 0) return false;
  if (last_ms_ >= 0 && now_ms - last_ms_ < interval_ms_) return false;
  last_ms_ = now_ms;
  return notifier_.notify("WATCHDOG=1");
}

HealthMark::HealthMark(const ServiceNotifier& notifier, std::string file)
    : notifier_(notifier), file_(std::move(file)) {}

std::string HealthMark::default_file() {
  // RuntimeDirectory= may list several, separated by ':'; the first is the kiosk's own.
  const char* dirs = std::getenv("RUNTIME_DIRECTORY");
  if (!dirs || !*dirs) return {};
  std::string first(dirs);
  first = first.substr(0, first.find(':'));
  return first + "/healthy";
}

bool HealthMark::first_frame() {
  frame_ = true;
  return maybe_say();
}

bool HealthMark::platform_reached() {
  platform_ = true;
  return maybe_say();
}

bool HealthMark::maybe_say() {
  if (said_ || !frame_ || !platform_) return false;
  said_ = true;
  notifier_.notify("STATUS=healthy: first frame shown, platform reached");
  if (file_.empty()) return true;
  // Written whole under another name, then renamed: whoever waits for it never reads half.
  const std::string temporary = file_ + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool written = fd >= 0;
  if (fd >= 0) {
    constexpr std::string_view kText = "first-frame platform-reached\n";
    written = ::write(fd, kText.data(), kText.size()) == static_cast<ssize_t>(kText.size());
    written = ::close(fd) == 0 && written;
  }
  if (!written || ::rename(temporary.c_str(), file_.c_str()) != 0)
    problem_ = "cannot write the health mark " + file_ + ": " + std::strerror(errno);
  return true;
}

}  // namespace yiwang::kiosk
