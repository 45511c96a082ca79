// The scanner thread: open (and grab) the node, read whatever it gives, decode by kind.
#include "qr/qr_scanner.h"

#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "qr/hid_pos.h"
#include "qr/wedge_decoder.h"

namespace yiwang::drivers {

namespace {

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string_view to_string(ScannerKind kind) {
  switch (kind) {
    case ScannerKind::serial:
      return "serial";
    case ScannerKind::wedge:
      return "evdev";
    case ScannerKind::hidPos:
      return "hidraw";
  }
  return "";
}

namespace {

// How often an idle reading loop checks that its node is still in /dev (emulated devices vanish
// that way; a real one also fails its read at once): every check is a wake-up of an idle kiosk.
constexpr int kNodeCheckMs = 2000;
constexpr std::uint16_t kScannerVendors[] = {0x1eab, 0x0c2e, 0x05e0};  // Newland, Honeywell, Zebra

UdevMatch match_for(ScannerKind kind) {
  UdevMatch match;
  switch (kind) {
    case ScannerKind::wedge:
      match.subsystem = "input";
      match.sysname_prefix = "event";
      match.required_property = "ID_INPUT_KEYBOARD";
      break;
    case ScannerKind::hidPos:
      match.subsystem = "hidraw";
      match.sysname_prefix = "hidraw";
      break;
    case ScannerKind::serial:
      match.subsystem = "tty";
      match.sysname_prefix = "ttyACM";
      break;
  }
  return match;
}

}  // namespace

Result<ScannerSettings, std::string> parse_scanner_spec(const std::string& spec) {
  ScannerSettings settings;
  if (spec == "auto") {
    settings.any_kind = true;
    return settings;
  }
  const auto colon = spec.find(':');
  const std::string prefix = colon == std::string::npos ? "" : spec.substr(0, colon);
  if (prefix == "evdev" || prefix == "hidraw" || prefix == "serial") {
    settings.kind = prefix == "evdev"    ? ScannerKind::wedge
                    : prefix == "hidraw" ? ScannerKind::hidPos
                                         : ScannerKind::serial;
    settings.path = spec.substr(colon + 1);
    if (settings.path.rfind("usb:", 0) == 0) {
      UdevMatch match = match_for(settings.kind);
      if (!parse_usb_ids(settings.path, match))
        return fail("expected " + prefix + ":usb:VVVV[:PPPP] (hex ids), got " + spec);
      settings.find = match;
    }
  } else {
    settings.path = spec;
    if (spec.find("/input/event") != std::string::npos) settings.kind = ScannerKind::wedge;
    if (spec.find("/hidraw") != std::string::npos) settings.kind = ScannerKind::hidPos;
  }
  if (settings.path.empty()) return fail("no scanner device in '" + spec + "'");
  return settings;
}

QrScanner::QrScanner(ScannerSettings settings, Listener listener)
    : settings_(std::move(settings)), listener_(std::move(listener)) {}

QrScanner::~QrScanner() { stop(); }

void QrScanner::start() {
  thread_.start([this] { run(); });
}

void QrScanner::stop() { thread_.stop(); }

void QrScanner::report(DeviceState state, std::string detail) {
  if (auto event = status_event(status_, state, std::move(detail))) listener_(std::move(*event));
}

bool QrScanner::locate(ScannerKind& kind, std::string& path, std::string& problem) const {
  kind = settings_.kind;
  path = settings_.path;
  if (settings_.any_kind) {
    for (ScannerKind candidate : {ScannerKind::hidPos, ScannerKind::serial, ScannerKind::wedge}) {
      UdevMatch match = match_for(candidate);
      match.vendors.assign(std::begin(kScannerVendors), std::end(kScannerVendors));
      const auto found = find_devices(match);
      if (!found.empty()) {
        kind = candidate;
        path = found.front().devnode;
        return true;
      }
    }
    problem = "no known scanner (Newland, Honeywell, Zebra) found through udev";
    return false;
  }
  if (settings_.find) {
    const auto found = find_devices(*settings_.find);
    if (found.empty()) {
      problem = "no " + std::string(to_string(kind)) + " scanner " + settings_.path +
                " found through udev";
      return false;
    }
    path = found.front().devnode;
  }
  return true;
}

int QrScanner::open_device(ScannerKind kind, const std::string& path, std::string& problem) {
  const int flags = kind == ScannerKind::serial ? O_RDWR | O_NOCTTY : O_RDONLY;
  const int fd = ::open(path.c_str(), flags | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    problem = path + ": " + std::strerror(errno);
    return -1;
  }
  if (kind == ScannerKind::serial && ::isatty(fd)) {
    termios tio{};
    if (tcgetattr(fd, &tio) == 0) {
      cfmakeraw(&tio);
      tio.c_cflag |= CLOCAL | CREAD;
      cfsetispeed(&tio, B115200);
      cfsetospeed(&tio, B115200);
      tcsetattr(fd, TCSANOW, &tio);
    }
  }
  if (kind == ScannerKind::wedge && ::ioctl(fd, EVIOCGRAB, 1) != 0) {
    // Without the grab every scan would also type into the UI: refuse the device instead.
    problem = path + ": cannot grab the keyboard device (" + std::strerror(errno) +
              "); another program holds it";
    ::close(fd);
    return -2;
  }
  return fd;
}

void QrScanner::run() {
  // Named, so that /proc (bench/idle_cpu.sh) tells who wakes.
  ::pthread_setname_np(::pthread_self(), "scanner");
  while (thread_.running()) {
    std::string problem;
    ScannerKind kind = settings_.kind;
    std::string path;
    const int fd = locate(kind, path, problem) ? open_device(kind, path, problem) : -1;
    if (fd < 0) {
      report(fd == -2 ? DeviceState::offline : DeviceState::noDevice, problem);
      thread_.sleep_ms(settings_.reconnect_ms);
      continue;
    }
    report(DeviceState::online, std::string(to_string(kind)) + " " + path);
    read_until_lost(fd, kind, path);
    ::close(fd);  // also ends the grab
  }
}

void QrScanner::read_until_lost(int fd, ScannerKind kind, const std::string& path) {
  ScanLineSplitter lines;
  WedgeDecoder wedge;
  HidPosAssembler hid;
  std::vector<std::uint8_t> partial_event;  // evdev events may arrive split in a byte stream
  std::uint8_t buffer[4096];
  long long node_checked_ms = now_ms();
  while (thread_.running()) {
    // The kernel fails reads of a removed input or hidraw device with ENODEV; the node vanishing
    // from /dev says the same a little earlier, and is what emulated devices can show.
    if (now_ms() - node_checked_ms >= kNodeCheckMs) {
      node_checked_ms = now_ms();
      if (::access(path.c_str(), F_OK) != 0) {
        report(DeviceState::noDevice, path + ": device node removed");
        return;
      }
    }
    pollfd fds[2] = {{fd, POLLIN, 0}, {thread_.stop_fd(), POLLIN, 0}};
    pollfd& pfd = fds[0];
    // Idle, wake every kNodeCheckMs (the node check: a real removal also fails the read at
    // once); mid-scan, at the wedge's quiet gap. A stop wakes it at once.
    const int timeout =
        kind == ScannerKind::wedge && wedge.pending() ? settings_.quiet_gap_ms : kNodeCheckMs;
    int ready = ::poll(fds, thread_.stop_fd() >= 0 ? 2 : 1, timeout);
    if (fds[1].revents) break;
    if (ready > 0 && !pfd.revents) ready = 0;
    std::vector<ScanEvent> events;
    if (ready < 0 && errno != EINTR) break;
    if (ready > 0) {
      if ((pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) && !(pfd.revents & POLLIN)) {
        report(DeviceState::noDevice, path + ": device went away");
        return;
      }
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) {
        report(DeviceState::noDevice,
               path + ": " + (n == 0 ? std::string("closed") : std::strerror(errno)));
        return;
      }
      const std::span<const std::uint8_t> bytes{buffer, static_cast<std::size_t>(n)};
      switch (kind) {
        case ScannerKind::serial:
          events = lines.feed({reinterpret_cast<const char*>(buffer), bytes.size()});
          break;
        case ScannerKind::hidPos:
          events = hid.feed(bytes);
          break;
        case ScannerKind::wedge:
          partial_event.insert(partial_event.end(), bytes.begin(), bytes.end());
          while (partial_event.size() >= sizeof(input_event)) {
            input_event ev{};
            std::memcpy(&ev, partial_event.data(), sizeof ev);
            partial_event.erase(partial_event.begin(),
                                partial_event.begin() + static_cast<std::ptrdiff_t>(sizeof ev));
            for (auto& e : wedge.feed(ev.type, ev.code, ev.value, now_ms()))
              events.push_back(std::move(e));
          }
          break;
      }
    }
    if (kind == ScannerKind::wedge) {
      for (auto& e : wedge.flush_if_quiet(now_ms(), settings_.quiet_gap_ms))
        events.push_back(std::move(e));
    }
    for (auto& e : events) listener_(std::move(e));
  }
}

}  // namespace yiwang::drivers
